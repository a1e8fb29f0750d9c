//! `sdkgen`: generates an async Rust SDK crate from an OpenAPI 3.0 or 3.1 description, checks that a
//! checked-in crate is up to date, writes a starter configuration and shows what a spec generates.
//! Every command exits 0 when it did what it was asked and 1 otherwise, with one `error:` line.

mod report;

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use sdkgen::Generator;
use sdkgen::config::Config;
use sdkgen::diag::{Diagnostics, Severity};
use sdkgen::output::shown;
use sdkgen::starter::{StarterOptions, crate_name_for, starter_config};

use report::{Files, Out};

#[derive(Parser)]
#[command(
    name = "sdkgen",
    version,
    about = "Generates an async Rust SDK crate from an OpenAPI 3.0 or 3.1 description",
    after_help = "Start with a configuration, generate, and check the crate in CI:\n  \
                  sdkgen init api.yaml\n  \
                  sdkgen generate --config sdkgen.yaml\n  \
                  sdkgen check --config sdkgen.yaml"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generates the crate and writes it.
    ///
    /// Only files that changed are written, and generated files that are no longer generated are
    /// removed. Nothing is written when the spec cannot be generated.
    #[command(after_help = "Examples:\n  \
                      sdkgen generate --spec api.yaml --out my-api --crate-name my-api\n  \
                      sdkgen generate --config sdkgen.yaml --strict")]
    Generate(Generate),
    /// Checks that the crate on disk is up to date (for CI).
    ///
    /// Writes nothing; exits 1 naming each stale or left-over file.
    #[command(after_help = "Example:\n  sdkgen check --config sdkgen.yaml")]
    Check(Generate),
    /// Writes a commented starter configuration for a spec.
    ///
    /// It names the crate, the server variants, the environment variables, and each operation with
    /// its group and method name; it suggests the fields that look secret and lists every warning
    /// the spec causes with what avoids it. As written, it generates what the spec alone does.
    #[command(after_help = "Example:\n  \
                      sdkgen init openapi/api.yaml --out openapi/sdkgen.yaml --crate-name my-api")]
    Init {
        /// The OpenAPI 3.0 or 3.1 file (YAML, or JSON when it ends in .json).
        spec: PathBuf,
        /// Where to write the configuration.
        #[arg(long, value_name = "FILE", default_value = "sdkgen.yaml")]
        out: PathBuf,
        /// The crate's package name (default: the spec's file name in kebab case).
        #[arg(long, value_name = "NAME")]
        crate_name: Option<String>,
        /// Overwrite the configuration when it exists.
        #[arg(long)]
        force: bool,
    },
    /// Shows what a spec generates, writing nothing.
    ///
    /// Operations with their methods, groups, types, credentials, and warnings by kind.
    #[command(
        after_help = "Examples:\n  sdkgen inspect api.yaml\n  sdkgen inspect api.yaml --config sdkgen.yaml --verbose"
    )]
    Inspect {
        /// The OpenAPI 3.0 or 3.1 file (YAML, or JSON when it ends in .json).
        spec: PathBuf,
        /// A generator configuration to apply.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// The crate's package name (default: the configuration's, else the spec's file name).
        #[arg(long, value_name = "NAME")]
        crate_name: Option<String>,
        /// List every warning, not one line per kind.
        #[arg(long)]
        verbose: bool,
    },
}

#[derive(Args)]
struct Generate {
    /// The OpenAPI 3.0 or 3.1 file (YAML, or JSON when it ends in .json); with --config, over the
    /// `spec` it names.
    #[arg(long, value_name = "FILE", required_unless_present = "config")]
    spec: Option<PathBuf>,
    /// The crate's directory; with --config, over the `output` it names.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The generator configuration (see `sdkgen init`); alone, it names the spec and the output.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The crate's package name (default: the configuration's, else `sdk`).
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// Fail on any warning (an operation degraded or skipped): exit 1, nothing written.
    #[arg(long)]
    strict: bool,
    /// List every warning, not one line per kind.
    #[arg(long)]
    verbose: bool,
    /// Write every diagnostic to this file, one a line.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
}

fn main() -> ExitCode {
    // A bug must still end in one line and exit 1, not a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("error: internal error in sdkgen{place}: {message}; please report it with the spec");
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(message)) => {
            if !message.is_empty() {
                let _ = Out::stderr().error_line(&message);
            }
            ExitCode::FAILURE
        }
        Err(_) => ExitCode::FAILURE,
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Generate(args) => generate(&args, false),
        Command::Check(args) => generate(&args, true),
        Command::Init {
            spec,
            out,
            crate_name,
            force,
        } => init(&spec, &out, crate_name, force),
        Command::Inspect {
            spec,
            config,
            crate_name,
            verbose,
        } => inspect(&spec, config.as_deref(), crate_name, verbose),
    }
}

/// The generator and the output directory the options name.
fn resolve(args: &Generate) -> Result<(Generator, PathBuf), String> {
    let (generator, configured_out) = match (&args.spec, &args.config) {
        (None, Some(config)) => {
            let project = sdkgen::Project::load(config)
                .map_err(|d| failed(&d, config_file(config), true, "cannot use the configuration"))?;
            (project.generator(), Some(project.output_dir))
        }
        (Some(spec), Some(config)) => {
            let loaded = Config::load_file(config)
                .map_err(|d| failed(&d, config_file(config), true, "cannot use the configuration"))?;
            let base = config.parent().unwrap_or(Path::new("."));
            let out = loaded.output.as_ref().map(|o| base.join(o));
            (Generator::new(spec).config(loaded, config.display().to_string()), out)
        }
        (Some(spec), None) => (Generator::new(spec), None),
        (None, None) => {
            return Err("name the spec with `--spec FILE` or a configuration with `--config FILE`".to_owned());
        }
    };
    let generator = match &args.crate_name {
        Some(name) => generator.crate_name(name),
        None => generator,
    };
    let out = args
        .out
        .clone()
        .or(configured_out)
        .ok_or("name the crate's directory with `--out DIR` (or in the configuration's `output`)")?;
    Ok((generator, out))
}

/// The diagnostics of a configuration alone point into it.
fn config_file(config: &Path) -> Files<'_> {
    Files {
        spec: None,
        config: Some(config),
    }
}

/// Prints the diagnostics of a failure (every error; every warning when `verbose`) and returns the `error:` line that ends it: none
/// when the only diagnostic is an error, which says it all.
fn failed(diags: &Diagnostics, files: Files<'_>, verbose: bool, what: &str) -> String {
    let _ = report::print_diagnostics(&mut Out::stderr(), diags, files, verbose);
    let errors = diags.items().iter().filter(|d| d.severity == Severity::Error).count();
    match (diags.items().len(), errors) {
        (1, 1) => String::new(),
        (_, 1) => format!("{what}: 1 error"),
        (_, errors) => format!("{what}: {errors} errors"),
    }
}

fn generate(args: &Generate, check: bool) -> Result<(), String> {
    let started = Instant::now();
    let (generator, out) = resolve(args)?;
    let spec_path = generator.spec_path().to_path_buf();
    let spec = shown(&spec_path);
    let files = Files {
        spec: Some(&spec_path),
        config: args.config.as_deref(),
    };
    let result = generator.generate();
    if let Some(path) = &args.report {
        let diags = match &result {
            Ok(generated) => &generated.warnings,
            Err(diags) => diags,
        };
        report::write_report(path, diags).map_err(|e| format!("cannot write the report {}: {e}", shown(path)))?;
    }
    let generated = match result {
        Ok(generated) => generated,
        Err(diags) => {
            return Err(failed(
                &diags,
                files,
                args.verbose,
                &format!("cannot generate {spec}; nothing written"),
            ));
        }
    };
    let _ = report::print_diagnostics(&mut Out::stderr(), &generated.warnings, files, args.verbose);
    if args.strict && !generated.warnings.is_empty() {
        return Err(format!(
            "--strict: {spec} generates with {} warnings; nothing {}",
            generated.warnings.items().len(),
            if check { "checked" } else { "written" }
        ));
    }
    let report = if check {
        generated.check(&out)
    } else {
        generated.write_to(&out)
    }
    .map_err(|e| format!("cannot {} {}: {e}", if check { "read" } else { "write" }, shown(&out)))?;
    let summary = generated.summary_line(&report, check, started.elapsed());
    if check && !report.is_fresh() {
        return Err(format!(
            "the crate in {} is not what generation produces; run `{}`:\n{}{summary}",
            shown(&out),
            regenerate_command(args),
            report.stale_listing()
        ));
    }
    println!("{summary}");
    Ok(())
}

/// The `sdkgen generate` that brings the crate up to date, with the options `check` was given.
fn regenerate_command(args: &Generate) -> String {
    let mut command = "sdkgen generate".to_owned();
    let paths = [("--spec", &args.spec), ("--config", &args.config), ("--out", &args.out)];
    for (flag, value) in paths {
        if let Some(value) = value {
            command.push_str(&format!(" {flag} {}", value.display()));
        }
    }
    if let Some(name) = &args.crate_name {
        command.push_str(&format!(" --crate-name {name}"));
    }
    command
}

fn init(spec: &Path, out: &Path, crate_name: Option<String>, force: bool) -> Result<(), String> {
    if out.is_dir() {
        return Err(format!(
            "{} is a directory; name the configuration file to write",
            shown(out)
        ));
    }
    if out.exists() && !force {
        return Err(format!("{} exists; pass `--force` to overwrite it", shown(out)));
    }
    let config_dir = match out.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let config_dir = config_dir
        .canonicalize()
        .map_err(|e| format!("cannot write {}: its directory: {e}", shown(out)))?;
    let crate_name = crate_name.unwrap_or_else(|| crate_name_for(spec));
    // The spec is read first, so that a missing or broken one is reported as what it is.
    let absolute_spec = spec.canonicalize().ok();
    let spec_key = absolute_spec
        .as_deref()
        .map(|s| relative(&config_dir, s))
        .unwrap_or_else(|| spec.to_path_buf())
        .to_string_lossy()
        .replace('\\', "/");
    let starter = starter_config(&StarterOptions {
        spec_path: spec,
        spec_key: &spec_key,
        output_key: &crate_name,
        crate_name: &crate_name,
    })
    .map_err(|d| {
        let files = Files {
            spec: Some(spec),
            config: None,
        };
        failed(
            &d,
            files,
            false,
            &format!("cannot write a configuration for {}", shown(spec)),
        )
    })?;
    std::fs::write(out, &starter.text).map_err(|e| format!("cannot write {}: {e}", shown(out)))?;
    let generated = &starter.generated;
    println!(
        "wrote {}: {} operations in {} groups, {} types, {} warnings (listed at its end)\n\
         next: sdkgen generate --config {}",
        shown(out),
        generated.operations(),
        generated.api.groups.len(),
        generated.types(),
        generated.warnings.items().len(),
        shown(out)
    );
    Ok(())
}

/// `to` relative to the directory `from` (both absolute); `to` itself when they share no root.
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component<'_>> = from.components().collect();
    let to_parts: Vec<Component<'_>> = to.components().collect();
    let common = from.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return to.to_path_buf();
    }
    let mut path = PathBuf::new();
    for _ in common..from.len() {
        path.push("..");
    }
    for part in &to_parts[common..] {
        path.push(part);
    }
    path
}

fn inspect(spec: &Path, config: Option<&Path>, crate_name: Option<String>, verbose: bool) -> Result<(), String> {
    let files = Files {
        spec: Some(spec),
        config,
    };
    let mut generator = Generator::new(spec);
    if let Some(config) = config {
        let loaded = Config::load_file(config)
            .map_err(|d| failed(&d, config_file(config), true, "cannot use the configuration"))?;
        generator = generator.config(loaded, config.display().to_string());
    }
    if let Some(name) = crate_name {
        generator = generator.crate_name(name);
    } else if config.is_none() {
        generator = generator.crate_name(crate_name_for(spec));
    }
    let generated = generator
        .generate()
        .map_err(|d| failed(&d, files, verbose, &format!("cannot generate {}", shown(spec))))?;
    let api = &generated.api;
    let mut text = format!(
        "{} {}: crate `{}`, {} operations, {} methods, {} types\n",
        api.krate.api_title,
        api.krate.api_version,
        api.krate.name,
        generated.operations(),
        generated.methods(),
        generated.types()
    );
    if !api.servers.is_empty() {
        text.push_str("\nservers:\n");
        for server in &api.servers {
            text.push_str(&format!("  Server::{:<12} {}\n", server.name, server.url_template));
        }
    }
    text.push_str("\noperations:\n");
    let width = api
        .groups
        .iter()
        .flat_map(|g| &g.methods)
        .map(|m| m.path_template.len())
        .max()
        .unwrap_or(0);
    for group in &api.groups {
        for method in &group.methods {
            text.push_str(&format!(
                "  {:<7} {:<width$}  client.{}().{}()\n",
                method.http_method.as_str(),
                method.path_template,
                group.name,
                method.name
            ));
        }
    }
    text.push_str("\ngroups:\n");
    for group in &api.groups {
        let feature = generated
            .features
            .iter()
            .find(|f| f.file == format!("src/{}.rs", group.module))
            .map(|f| format!(", feature `{}`", f.feature))
            .unwrap_or_default();
        text.push_str(&format!(
            "  {} ({} methods{feature})\n",
            group.name,
            group.methods.len()
        ));
    }
    let env: Vec<&str> = api
        .auth
        .schemes
        .iter()
        .flat_map(|s| &s.env)
        .map(String::as_str)
        .collect();
    text.push_str(&format!(
        "\ncredentials (Client::from_env): {}; base URL: {}\n",
        if env.is_empty() {
            "none".to_owned()
        } else {
            env.join(", ")
        },
        api.auth.base_url_env
    ));
    if !api.webhooks.is_empty() {
        text.push_str(&format!("webhooks: {}\n", api.webhooks.len()));
    }
    text.push('\n');
    let mut stdout = std::io::stdout();
    // A closed pipe (`sdkgen inspect … | head`) is not an error of the command.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    let mut out = Out::stdout();
    let _ = report::print_diagnostics(&mut out, &generated.warnings, files, verbose);
    if generated.warnings.is_empty() {
        let _ = writeln!(stdout, "no warnings");
    }
    Ok(())
}
