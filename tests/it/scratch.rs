//! Generated crates built in a scratch workspace under the workspace's `target/`: writing that
//! workspace and running cargo on it, for the tests that compile generator output.
//!
//! Every test that runs cargo goes through [`cargo_in`]: one at a time, in one target directory, so that
//! the dependencies are built once and two builds never contend for the cores or the directory lock.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

/// Held while a nested cargo runs.
static CARGO: Mutex<()> = Mutex::new(());

/// Runs `command` (a cargo command from [`cargo_in`]) alone: no other nested cargo runs meanwhile.
pub fn run_alone(command: &mut Command) -> Output {
    // A test that failed while holding the lock leaves it poisoned; the next build is still sound.
    let _alone = CARGO.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    command.output().expect("cargo runs")
}

/// `cargo` (the one running the tests) in `dir`, with the shared target directory and warnings
/// denied.
///
/// Every nested run gets the same `RUSTFLAGS`: they are part of each dependency's fingerprint, so a
/// run with other flags would build every dependency once more in the shared directory.
pub fn cargo_in(dir: &Path) -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", check_target())
        .env("RUSTFLAGS", "-Dwarnings");
    command
}

/// The workspace this test crate belongs to.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The target directory the scratch workspaces share, so that the SDK's dependencies are built
/// once for all of them. Not the one of the running `cargo test`: that one is locked.
pub fn check_target() -> PathBuf {
    workspace_root().join("target/fixture-check")
}

/// Makes `dir` a workspace of `members` (directories in it), with the dependency versions the SDK
/// is tested with.
pub fn write_workspace(dir: &Path, members: &[String]) {
    let members: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", ")),
    )
    .expect("workspace manifest is written");
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file is copied");
}

/// Runs `cargo <args>` in `dir` with warnings denied, and fails the test with cargo's output if it
/// fails; else returns that output (standard output, then standard error).
pub fn run_cargo(dir: &Path, args: &[&str], rustdocflags: Option<&str>) -> String {
    let mut command = cargo_in(dir);
    command.args(args);
    if let Some(flags) = rustdocflags {
        command.env("RUSTDOCFLAGS", flags);
    }
    let output = run_alone(&mut command);
    assert!(
        output.status.success(),
        "`cargo {}` failed in {}:\n{}\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
