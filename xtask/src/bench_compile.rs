//! `cargo xtask bench-compile`: how long the generated SDK takes to compile, with its dependencies
//! already built: a clean build of the crate alone, an incremental rebuild after one file changes, and a
//! no-op build as the floor of the same command; plus the size of the generated code.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A target directory of its own, so that no other cargo run holds its lock while a build is timed.
fn target_dir(root: &Path) -> PathBuf {
    root.join("target/bench-compile")
}

/// A cargo command in the workspace, building into the benchmark's own target directory.
fn cargo(root: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .args(args)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target_dir(root));
    command
}

/// One timed `cargo build` of the SDK.
fn build(root: &Path, incremental: bool) -> Result<Duration, String> {
    let started = Instant::now();
    let status = cargo(root, &["build", "--quiet", "--locked", "-p", "authlete-tokens"])
        .env("CARGO_INCREMENTAL", if incremental { "1" } else { "0" })
        .status()
        .map_err(|e| format!("error: cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("error: cargo build -p authlete-tokens failed".to_owned());
    }
    Ok(started.elapsed())
}

fn clean_sdk(root: &Path) -> Result<(), String> {
    let status = cargo(root, &["clean", "--quiet", "-p", "authlete-tokens"])
        .status()
        .map_err(|e| format!("error: cannot run cargo: {e}"))?;
    status
        .success()
        .then_some(())
        .ok_or_else(|| "error: cargo clean -p authlete-tokens failed".to_owned())
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Lines of the SDK's sources: (generated, runtime copies).
fn line_counts(sdk: &Path) -> (usize, usize) {
    let mut files = Vec::new();
    rust_files(&sdk.join("src"), &mut files);
    let mut generated = 0;
    let mut runtime = 0;
    for file in files {
        let lines = std::fs::read_to_string(&file).map(|t| t.lines().count()).unwrap_or(0);
        if file.components().any(|c| c.as_os_str() == "runtime") {
            runtime += lines;
        } else {
            generated += lines;
        }
    }
    (generated, runtime)
}

/// Runs the measurements `runs` times and prints the median of each.
pub(crate) fn run(root: &Path, runs: usize) -> Result<(), String> {
    let sdk = root.join("generated-sdk");
    let touched = sdk.join("src/types/token_fail_request.rs");
    // Dependencies first, so that what is timed is the SDK alone.
    build(root, false)?;
    let (mut clean, mut incremental, mut noop) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        clean_sdk(root)?;
        clean.push(build(root, false)?);
        noop.push(build(root, false)?);
        // An incremental build needs the incremental cache of a first build.
        clean_sdk(root)?;
        build(root, true)?;
        let file = std::fs::File::options()
            .append(true)
            .open(&touched)
            .map_err(|e| format!("error: cannot touch {}: {e}", touched.display()))?;
        file.set_modified(std::time::SystemTime::now())
            .map_err(|e| format!("error: cannot touch: {e}"))?;
        incremental.push(build(root, true)?);
    }
    let median = |times: &mut Vec<Duration>| {
        times.sort();
        times[times.len() / 2]
    };
    let (clean, incremental, noop) = (median(&mut clean), median(&mut incremental), median(&mut noop));
    let (generated, runtime) = line_counts(&sdk);
    println!(
        "authlete-tokens, dependencies already built, median of {} runs:",
        runs.max(1)
    );
    println!(
        "  clean build (CARGO_INCREMENTAL=0)      {:>7.2} s  ({:.1}x the no-op build)",
        clean.as_secs_f64(),
        clean.as_secs_f64() / noop.as_secs_f64()
    );
    println!(
        "  rebuild after touching one file        {:>7.2} s  ({:.1}x the no-op build)",
        incremental.as_secs_f64(),
        incremental.as_secs_f64() / noop.as_secs_f64()
    );
    println!("  no-op build (the floor of cargo)       {:>7.2} s", noop.as_secs_f64());
    println!(
        "  lines: {generated} generated + {runtime} runtime = {}",
        generated + runtime
    );
    Ok(())
}
