//! Tests only: see `it/` (one integration-test binary) and `fixtures/`. The workspace README is this
//! crate's documentation, so that its example compiles as a doctest.
#![doc = include_str!("../../README.md")]
