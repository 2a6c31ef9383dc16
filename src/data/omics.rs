//! Readers for omics inputs: expression matrices with sample sheets, GMT gene sets, 10x MTX directories, cell metadata
//!
//! Being built; see the open issues.
