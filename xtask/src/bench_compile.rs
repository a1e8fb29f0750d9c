//! `cargo xtask bench-compile`: how long the generated SDK takes to compile, with its dependencies
//! already built: a clean build of the crate alone, an incremental rebuild after one file changes, and a
//! no-op build as the floor of the same command; plus the size of the generated code. With `--spec`,
//! the same for the crate generated from another spec, also with its largest group's feature alone.
//! Either crate is built in a workspace of its own, with cargo's default profiles. With `--fresh`, fresh
//! builds of the SDK with its dependencies, beside the same build of its dependencies alone.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A target directory of its own, so that no other cargo run holds its lock while a build is timed.
fn target_dir(root: &Path) -> PathBuf {
    root.join("target/bench-compile")
}

/// The crate measured, the workspace's SDK or one generated from another spec, as [`standalone`]
/// writes it.
struct Sdk {
    /// Where cargo runs.
    dir: PathBuf,
    package: String,
    /// A file to touch for the incremental rebuild.
    touched: PathBuf,
}

impl Sdk {
    /// A cargo command on this crate, building into the benchmark's own target directory.
    fn cargo(&self, root: &Path, args: &[&str]) -> Command {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
        command
            .args(args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", target_dir(root));
        command
    }

    /// One timed `cargo build` of the SDK, with `features` (`None`: the default ones).
    fn build(&self, root: &Path, incremental: bool, features: Option<&str>) -> Result<Duration, String> {
        let mut args = vec!["build", "--quiet", "--locked", "-p", &self.package];
        if let Some(features) = features {
            args.extend(["--no-default-features", "--features", features]);
        }
        run_cargo(
            self.cargo(root, &args)
                .env("CARGO_INCREMENTAL", if incremental { "1" } else { "0" }),
        )
    }

    fn clean(&self, root: &Path) -> Result<(), String> {
        run_cargo(&mut self.cargo(root, &["clean", "--quiet", "-p", &self.package])).map(drop)
    }
}

/// Runs a cargo command to its end: how long it took, or an error that names it.
fn run_cargo(command: &mut Command) -> Result<Duration, String> {
    let started = Instant::now();
    let status = command.status().map_err(|e| format!("error: cannot run cargo: {e}"))?;
    if !status.success() {
        let args: Vec<String> = command.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
        return Err(format!("error: cargo {} failed", args.join(" ")));
    }
    Ok(started.elapsed())
}

/// Writes a file of the benchmark's crates, making its directory first.
fn write(path: PathBuf, text: &str) -> Result<(), String> {
    path.parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&path, text))
        .map_err(|e| format!("error: {}: {e}", path.display()))
}

/// The median of the times, `None` without any.
fn median(times: &mut [Duration]) -> Option<Duration> {
    times.sort();
    times.get(times.len() / 2).copied()
}

/// Generates `spec` as the crate `authlete`.
fn generate(spec: &Path) -> Result<sdkgen::Generated, String> {
    let (loaded, _) = sdkgen::load::load_file(spec).map_err(|d| d.to_string())?;
    let config = sdkgen::config::Config::for_crate("authlete");
    sdkgen::generate(&loaded, &config, "config").map_err(|d| d.to_string())
}

/// The files of the checked-in SDK crate, by path relative to it.
fn read_crate(dir: &Path) -> Result<sdkgen::emit::Files, String> {
    let mut files = sdkgen::emit::Files::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let entries = std::fs::read_dir(&current).map_err(|e| format!("error: {}: {e}", current.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if entry.file_name() != "target" {
                    stack.push(path);
                }
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                let relative = path.strip_prefix(dir).unwrap_or(&path);
                files.insert(relative.to_string_lossy().replace('\\', "/"), text);
            }
        }
    }
    Ok(files)
}

/// Writes `files` as the crate `package` in a workspace of its own (`<benchmark dir>/<name>`), with
/// the workspace's `Cargo.lock` so that both build the same dependency versions. Outside this
/// workspace, cargo's default profiles apply, as in a project that depends on the SDK (this
/// workspace optimizes `syn` and `quote` for the generator, which would speed up serde's derive).
fn standalone(
    root: &Path,
    name: &str,
    package: &str,
    files: &sdkgen::emit::Files,
    touched: &str,
) -> Result<Sdk, String> {
    let dir = target_dir(root).join(name);
    let crate_dir = dir.join(package);
    let _ = std::fs::remove_dir_all(&dir);
    sdkgen::output::sync(&crate_dir, files, false).map_err(|e| format!("error: {e}"))?;
    write(
        dir.join("Cargo.toml"),
        &format!("[workspace]\nmembers = [\"{package}\"]\nresolver = \"3\"\n"),
    )?;
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("error: Cargo.lock: {e}"))?;
    write(dir.join("Cargo.lock"), &lock)?;
    Ok(Sdk {
        dir,
        touched: crate_dir.join(touched),
        package: package.to_owned(),
    })
}

/// Lines of the crate's Rust sources: (generated, runtime copies).
fn line_counts(files: &sdkgen::emit::Files) -> (usize, usize) {
    let mut generated = 0;
    let mut runtime = 0;
    for (path, text) in files {
        if !path.starts_with("src/") || !path.ends_with(".rs") {
            continue;
        }
        let lines = text.lines().count();
        if path.starts_with("src/runtime/") {
            runtime += lines;
        } else {
            generated += lines;
        }
    }
    (generated, runtime)
}

/// Runs the measurements `runs` times and prints the median of each: for the workspace's SDK, or for
/// the crate generated from `spec`, with every group and with its largest group alone.
pub(crate) fn run(root: &Path, runs: usize, spec: Option<&Path>) -> Result<(), String> {
    let runs = runs.max(1);
    let (sdk, files, one_group) = match spec {
        None => {
            let files = read_crate(&root.join("generated-sdk"))?;
            let sdk = standalone(
                root,
                "tokens",
                "authlete-tokens",
                &files,
                "src/types/token_fail_request.rs",
            )?;
            (sdk, files, None)
        }
        Some(spec) => {
            let generated = generate(spec)?;
            let sdk = standalone(root, "spec", "authlete", &generated.files, "src/lib.rs")?;
            let one_group = largest_group(&generated);
            (sdk, generated.files, one_group)
        }
    };
    // `--locked` needs the lock file to match; a build without it settles the generated crate's.
    run_cargo(&mut sdk.cargo(root, &["generate-lockfile", "--offline", "--quiet"]))?;
    // Dependencies first, so that what is timed is the SDK alone.
    sdk.build(root, false, None)?;
    let (mut clean, mut incremental, mut noop, mut one) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        sdk.clean(root)?;
        clean.push(sdk.build(root, false, None)?);
        noop.push(sdk.build(root, false, None)?);
        if let Some((feature, _)) = &one_group {
            sdk.clean(root)?;
            one.push(sdk.build(root, false, Some(feature))?);
        }
        // An incremental build needs the incremental cache of a first build.
        sdk.clean(root)?;
        sdk.build(root, true, None)?;
        let file = std::fs::File::options()
            .append(true)
            .open(&sdk.touched)
            .map_err(|e| format!("error: cannot touch {}: {e}", sdk.touched.display()))?;
        file.set_modified(std::time::SystemTime::now())
            .map_err(|e| format!("error: cannot touch: {e}"))?;
        incremental.push(sdk.build(root, true, None)?);
    }
    let noop = median(&mut noop).unwrap_or_default().as_secs_f64();
    let line = |label: &str, time: Option<Duration>| {
        if let Some(time) = time {
            let time = time.as_secs_f64();
            println!("  {label:<48} {time:>7.2} s  ({:.1}x the no-op build)", time / noop);
        }
    };
    println!("{}, dependencies already built, median of {runs} runs:", sdk.package);
    line("clean build (CARGO_INCREMENTAL=0)", median(&mut clean));
    if let Some((feature, lines)) = &one_group {
        line(
            &format!("clean build, `{feature}` alone ({lines} lines)"),
            median(&mut one),
        );
    }
    line("rebuild after touching one file", median(&mut incremental));
    println!("  {:<48} {noop:>7.2} s", "no-op build (the floor of cargo)");
    let (generated, runtime) = line_counts(&files);
    println!(
        "  lines: {generated} generated + {runtime} runtime = {}",
        generated + runtime
    );
    Ok(())
}

/// How a fresh build is set up: with the workspace's `Cargo.lock` as it is, or with choices that only
/// an application can make for its own build, since a library's manifest has no say in them.
struct Setup {
    name: &'static str,
    /// The directory, in the benchmark's, that its workspace is written to.
    dir: &'static str,
    /// `idna_adapter` 1.1 gives `url` (under reqwest) the unicode-rs back end instead of ICU4X
    /// (`cargo update -p idna_adapter --precise 1.1.0` in the application's directory).
    idna_adapter: Option<&'static str>,
    /// Added to the workspace's manifest, where cargo reads profiles from.
    profile: &'static str,
}

const SETUPS: [Setup; 3] = [
    Setup {
        name: "cargo's defaults",
        dir: "fresh",
        idna_adapter: None,
        profile: "",
    },
    Setup {
        name: "idna_adapter 1.1 (unicode-rs)",
        dir: "fresh-unicode-rs",
        idna_adapter: Some("1.1.0"),
        profile: "",
    },
    Setup {
        name: "idna_adapter 1.1, dependencies without debug info",
        dir: "fresh-unicode-rs-no-debug",
        idna_adapter: Some("1.1.0"),
        profile: "\n[profile.dev.package.\"*\"]\ndebug = false\n",
    },
];

/// `--fresh`: the SDK built from an empty target directory, its dependencies included, with cargo's
/// default dev profile, as a project that adds the SDK builds it first; then with the choices of
/// [`SETUPS`] that an application can make. The floor is the same build of a crate that has the SDK's
/// `[dependencies]` and no code, measured in the same rounds. The SDK is a member of the workspace
/// here, so it keeps its debug info in every setup.
pub(crate) fn run_fresh(root: &Path, runs: usize) -> Result<(), String> {
    let runs = runs.max(1);
    let files = read_crate(&root.join("generated-sdk"))?;
    let manifest = files
        .get("Cargo.toml")
        .ok_or("error: generated-sdk/Cargo.toml is missing")?;
    let dependencies = manifest
        .split_once("\n[dependencies]\n")
        .map(|(_, rest)| rest.split("\n[").next().unwrap_or(rest))
        .ok_or("error: generated-sdk/Cargo.toml has no [dependencies]")?;
    let floor = format!(
        "[package]\nname = \"dependencies-only\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{dependencies}\n"
    );
    let mut sdks = Vec::new();
    for setup in &SETUPS {
        let sdk = standalone(root, setup.dir, "authlete-tokens", &files, "src/lib.rs")?;
        write(sdk.dir.join("dependencies-only/Cargo.toml"), &floor)?;
        write(sdk.dir.join("dependencies-only/src/lib.rs"), "")?;
        write(
            sdk.dir.join("Cargo.toml"),
            &format!(
                "[workspace]\nmembers = [\"authlete-tokens\", \"dependencies-only\"]\nresolver = \"3\"\n{}",
                setup.profile
            ),
        )?;
        // The workspace's lock file, settled for these two crates; then the back end, if any.
        let mut commands = vec![vec!["update", "--workspace", "--offline", "--quiet"]];
        if let Some(version) = setup.idna_adapter {
            commands.push(vec!["update", "--quiet", "-p", "idna_adapter", "--precise", version]);
        }
        for args in commands {
            run_cargo(&mut sdk.cargo(root, &args))?;
        }
        sdks.push((setup.name, sdk));
    }
    let target = target_dir(root).join("fresh-target");
    let fresh_build = |sdk: &Sdk, package: &str| -> Result<Duration, String> {
        let _ = std::fs::remove_dir_all(&target);
        run_cargo(
            sdk.cargo(root, &["build", "--quiet", "--locked", "-p", package])
                .env("CARGO_TARGET_DIR", &target),
        )
    };
    // Rounds interleave every build, so that a slower minute of the machine weighs on all of them.
    let mut times = vec![(Vec::new(), Vec::new()); sdks.len()];
    for _ in 0..runs {
        for ((floor, sdk_times), (_, sdk)) in times.iter_mut().zip(&sdks) {
            floor.push(fresh_build(sdk, "dependencies-only")?);
            sdk_times.push(fresh_build(sdk, "authlete-tokens")?);
        }
    }
    let _ = std::fs::remove_dir_all(&target);
    let seconds = |mut times: Vec<Duration>| median(&mut times).unwrap_or_default().as_secs_f64();
    println!("authlete-tokens, fresh build (empty target directory, dependencies included), median of {runs} runs:");
    let mut defaults = None;
    for ((floor, sdk_times), (name, _)) in times.into_iter().zip(&sdks) {
        let (floor, sdk) = (seconds(floor), seconds(sdk_times));
        let (base_floor, base_sdk) = *defaults.get_or_insert((floor, sdk));
        println!("  {name}:");
        println!(
            "    {:<46} {floor:>7.2} s  ({:.2}x with cargo's defaults)",
            "dependencies alone (the floor)",
            floor / base_floor
        );
        println!(
            "    {:<46} {sdk:>7.2} s  ({:.2}x its floor, {:.2}x with cargo's defaults)",
            "authlete-tokens with its dependencies",
            sdk / floor,
            sdk / base_sdk
        );
    }
    Ok(())
}

/// The group feature whose module is the largest, with its line count; `None` without features.
fn largest_group(generated: &sdkgen::Generated) -> Option<(String, usize)> {
    generated
        .features
        .iter()
        .map(|group| {
            let lines = generated.files.get(&group.file).map_or(0, |text| text.lines().count());
            (group.feature.clone(), lines)
        })
        .max_by_key(|(feature, lines)| (*lines, std::cmp::Reverse(feature.clone())))
}
