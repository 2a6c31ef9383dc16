//! Unit tests of the diagnostic-accuracy routines (closed forms and R values).
