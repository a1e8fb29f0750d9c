//! Contract tests: the generated `authlete-tokens` SDK against Stoplight Prism, a server independent of
//! this project that checks every request against `openapi/tokens.yaml` and answers as the spec says.
//!
//! Run them with `tests/contract/run.sh`, which installs Prism, starts a static server (`PRISM_URL`, the
//! spec's examples) and a dynamic one (`PRISM_DYNAMIC_URL`, random values that fit the schemas), and
//! stops both afterwards. Without those variables every test fails and says so.
//!
//! Prism answers a request that breaks the spec with the spec's 400 response and lists what is wrong in
//! the `sl-violations` header; a request that passes gets the 200 example (or a generated body).

mod dynamic;
mod errors;
mod examples;
mod prism;
mod rejected;
mod requests;
