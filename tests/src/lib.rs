//! Tests only: see `it/` (one integration-test binary) and `fixtures/`.
