//! One test binary for the workspace: generator snapshots, the freshness of `generated-sdk/`, and the
//! generated SDK's behaviour over real HTTP.

mod authlete_specs;
mod compile;
mod example_programs;
mod fake;
mod features_wire;
mod freshness;
mod resilience;
mod robustness;
mod runtime_wire;
mod scratch;
mod sdk_docs;
mod snapshots;
mod tokens_wire;
mod tracing_spans;
