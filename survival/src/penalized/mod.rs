//! Elastic-net penalised Cox regression, as glmnet family = cox
//!
//! Being built; see the open issues.
