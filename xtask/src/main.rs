//! `cargo xtask`: the maintainer tasks of this workspace. Run `cargo xtask --help`.

mod bench_compile;
mod corpus;
mod extract;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Maintainer tasks: generate the SDK, check it, derive its spec"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generates a crate from an OpenAPI 3.0 description.
    ///
    /// Without options: regenerates generated-sdk/ from openapi/sdkgen.yaml (and the spec it names), and
    /// the SDKs of the wire tests, tests/wire-sdks/NAME from tests/fixtures/NAME.yaml.
    /// With --spec and --out: generates a crate from any OpenAPI 3.0 file, every operation included.
    /// Exits 1 with every diagnostic when the input cannot be generated; nothing is written then.
    Generate {
        /// Write nothing; exit 1 naming every file that is stale.
        #[arg(long)]
        check: bool,
        /// The generator configuration (default: openapi/sdkgen.yaml).
        #[arg(long, conflicts_with = "spec")]
        config: Option<PathBuf>,
        /// An OpenAPI 3.0 file (YAML, or JSON when it ends in .json) to generate from.
        #[arg(long, requires = "out")]
        spec: Option<PathBuf>,
        /// The directory to write the crate to (with --spec).
        #[arg(long, requires = "spec")]
        out: Option<PathBuf>,
        /// The crate name (with --spec; default: sdk).
        #[arg(long, requires = "spec", default_value = "sdk")]
        crate_name: String,
        /// Print every warning; without it, one line per category of warning (how many, the first
        /// place, what avoids them).
        #[arg(long)]
        verbose: bool,
    },
    /// Measures how long generated-sdk/ takes to compile with its dependencies built: a clean build of
    /// the crate alone, an incremental rebuild after touching one file, the no-op floor; and its size.
    /// With --spec, the crate generated from that spec, also with its largest group alone.
    BenchCompile {
        /// How many times to measure; the median is printed.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Measure the crate generated from this spec instead (for example the full Authlete API),
        /// also with only its largest group's feature.
        #[arg(long, conflicts_with = "fresh")]
        spec: Option<PathBuf>,
        /// Measure fresh builds instead, from an empty target directory with the dependencies:
        /// generated-sdk/ beside a crate with its dependencies and no code (the floor), each with
        /// cargo's defaults, with idna's unicode-rs back end chosen in the Cargo.lock, and with that
        /// and the dependencies built without debug info, as an application's profile can set.
        #[arg(long)]
        fresh: bool,
    },
    /// Generates a crate from every OpenAPI file of a directory, builds each with warnings denied
    /// (a fresh resolution of their dependencies, one shared target directory), and prints a table:
    /// operations in the spec, generated, degraded (with a warning), skipped; warnings by category;
    /// build result; generation time. Exits 1 when an operation is skipped or a crate does not build.
    Corpus {
        /// The directory of OpenAPI files (default: ../shared/corpus beside the workspace).
        dir: Option<PathBuf>,
        /// Build with `cargo check` (warnings denied) instead of `cargo clippy -- -D warnings`.
        #[arg(long, conflicts_with = "no_build")]
        check: bool,
        /// Generate and count only; build nothing.
        #[arg(long)]
        no_build: bool,
        /// Only these specs (file stems, comma-separated).
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
    },
    /// Derives openapi/tokens.yaml from the upstream Authlete description: the named operations with
    /// everything they reference, transitively, otherwise unchanged.
    ExtractSpec {
        /// The upstream OpenAPI file.
        #[arg(long)]
        from: PathBuf,
        /// Where to write the derived file.
        #[arg(long)]
        out: PathBuf,
        /// The operationIds to keep, comma-separated, in order.
        #[arg(long, value_delimiter = ',', required = true)]
        operations: Vec<String>,
    },
}

/// `mi_option_purge_delay` in the `mi_option_e` of the mimalloc (v3) that `libmimalloc-sys` builds; its
/// Rust bindings do not name it. A test checks it still has the option's documented default.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// The generator allocates and frees a great deal (token streams, syntax trees, strings): mimalloc
/// takes about a fifth off the CPU time of a large spec.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off for the process: mimalloc asks for them, and then every page it
/// gives back and takes again is a fresh 2 MiB the kernel zeroes (netbox: a fifth of the CPU time, and
/// 25 MB more peak). Setting `mi_option_allow_thp` cannot do it from `main`: mimalloc reads it before.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: sets a process-wide flag and touches no memory. A kernel without the flag fails the call,
    // which changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    // Freed memory goes back to the system after 50 ms rather than mimalloc's default second, which
    // lets the peak of a large spec grow by half (netbox: 185 MB, not 130 MB); shorter delays cost
    // system time in purges (10 ms: +0.3 s).
    // `MIMALLOC_PURGE_DELAY` in the environment still wins.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets an integer option before any thread is started.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 50) };
    }
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        no_huge_pages();
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate {
            check,
            config,
            spec,
            out,
            crate_name,
            verbose,
        } => match (spec, out) {
            (Some(spec), Some(out)) => generate_any(&spec, &out, &crate_name, check, verbose),
            _ => match config {
                Some(config) => generate_project(&config, check, verbose),
                None => generate_project(&workspace_root().join("openapi/sdkgen.yaml"), check, verbose)
                    .and_then(|()| generate_wire_sdks(&workspace_root(), check, verbose)),
            },
        },
        Command::Corpus {
            dir,
            check,
            no_build,
            only,
        } => {
            let root = workspace_root();
            let dir = dir.unwrap_or_else(|| root.join("../shared/corpus"));
            let build = match (no_build, check) {
                (true, _) => corpus::Build::None,
                (false, true) => corpus::Build::Check,
                (false, false) => corpus::Build::Clippy,
            };
            corpus::run(&root, &dir, build, &only)
        }
        Command::ExtractSpec { from, out, operations } => extract_spec(&from, &out, &operations),
        Command::BenchCompile {
            runs,
            spec,
            fresh: false,
        } => bench_compile::run(&workspace_root(), runs, spec.as_deref()),
        Command::BenchCompile { runs, fresh: true, .. } => bench_compile::run_fresh(&workspace_root(), runs),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{}", message.trim_end());
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Paths in messages are shown relative to the current directory when they are below it.
fn show(path: &Path) -> String {
    sdkgen::output::shown(path)
}

fn generate_project(config: &Path, check: bool, verbose: bool) -> Result<(), String> {
    let started = Instant::now();
    let project = sdkgen::Project::load(config).map_err(|d| d.to_string())?;
    let generated = project.generate().map_err(|d| d.to_string())?;
    finish(&project.output_dir, generated, check, verbose, started)
}

/// The SDKs the wire tests call, generated from fixtures: `tests/wire-sdks/<stem>` from
/// `tests/fixtures/<stem>.yaml`, as the crate `<stem>` with dashes, on the runtime crate `templates/`.
/// They are checked in, so they are regenerated (or checked) with the SDK.
fn generate_wire_sdks(root: &Path, check: bool, verbose: bool) -> Result<(), String> {
    let dir = root.join("tests/wire-sdks");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("error: cannot read {}: {e}", show(&dir)))?;
    let mut stems: Vec<String> = entries
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    stems.sort();
    let mut failures = Vec::new();
    for stem in stems {
        let spec = root.join("tests/fixtures").join(format!("{stem}.yaml"));
        let started = Instant::now();
        // The wire SDKs share the runtime crate of the workspace, as SDKs of one workspace would: it
        // is compiled once for all of them, and its tests run once, where it lives.
        let config =
            sdkgen::config::Config::for_crate(&stem.replace('_', "-")).with_runtime_crate_at("../../../templates");
        let result = sdkgen::Generator::new(&spec)
            .config(config, "the wire SDKs' configuration")
            .generate()
            .map_err(|d| d.to_string())
            .and_then(|generated| finish(&dir.join(&stem), generated, check, verbose, started));
        if let Err(message) = result {
            failures.push(message);
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

fn generate_any(spec: &Path, out: &Path, crate_name: &str, check: bool, verbose: bool) -> Result<(), String> {
    let started = Instant::now();
    let generated = sdkgen::Generator::new(spec)
        .crate_name(crate_name)
        .generate()
        .map_err(|d| d.to_string())?;
    finish(out, generated, check, verbose, started)
}

fn finish(
    out: &Path,
    generated: sdkgen::Generated,
    check: bool,
    verbose: bool,
    started: Instant,
) -> Result<(), String> {
    if verbose {
        for warning in generated.warnings.items() {
            eprintln!("{warning}");
        }
    } else if !generated.warnings.is_empty() {
        // A large spec has hundreds of warnings: one line per category, the rest with --verbose.
        eprint!("{}", generated.warnings.summary());
    }
    let report = if check {
        generated.check(out)
    } else {
        generated.write_to(out)
    }
    .map_err(|e| format!("error: cannot write {}: {e}", show(out)))?;
    let summary = generated.summary_line(&report, check, started.elapsed());
    if check && !report.is_fresh() {
        return Err(format!(
            "error: generated files are stale; run `cargo xtask generate`:\n{}{summary}",
            report.stale_listing()
        ));
    }
    println!("{summary}");
    Ok(())
}

fn extract_spec(from: &Path, out: &Path, operations: &[String]) -> Result<(), String> {
    let upstream = std::fs::read(from).map_err(|e| format!("error: cannot read {}: {e}", show(from)))?;
    let text = String::from_utf8(upstream.clone()).map_err(|_| format!("error: {} is not UTF-8", show(from)))?;
    let source_name = from
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let derived = extract::extract(&text, &source_name, operations).map_err(|e| format!("error: {e}"))?;
    std::fs::write(out, derived).map_err(|e| format!("error: cannot write {}: {e}", show(out)))?;
    println!(
        "{}: {} operations from {source_name} ({} bytes, sha256 {})",
        show(out),
        operations.len(),
        upstream.len(),
        extract::sha256_hex(&upstream)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    #[test]
    fn huge_pages_are_turned_off_for_the_process() {
        super::no_huge_pages();
        // SAFETY: reads a process-wide flag.
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) }, 1);
    }

    /// The option set in `main` by number is the purge delay: its default is the 1000 ms mimalloc
    /// documents for `mi_option_purge_delay`, and the options beside it have other defaults.
    #[test]
    fn the_purge_delay_option_is_the_one_main_sets() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reads integer options.
        let (purge_delay, before, after) = unsafe {
            (
                libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY),
                libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY - 1),
                libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY + 1),
            )
        };
        assert_eq!(purge_delay, 1000);
        assert_ne!((before, after), (1000, 1000));
    }
}
