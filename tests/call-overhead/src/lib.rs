//! Nothing but the benchmark in `benches/call_overhead.rs`.
