//! What a team outside this workspace does: install `sdkgen` with cargo and use it on its own spec,
//! or call the library from its own `xtask` as the generator's README shows. Both build in scratch
//! workspaces outside this one, with the target directory the other nested cargo runs share.

#[path = "../../tests/it/scratch.rs"]
mod scratch;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use scratch::{run_cargo, workspace_root, write_workspace};

/// A directory outside the workspace for one test, emptied first.
fn outside(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sdkgen-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory is made");
    dir
}

fn run(program: &Path, dir: &Path, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the program runs")
}

fn succeeded(output: &Output, what: &str) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{what} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// `--config` arguments that build the packages this workspace optimizes in its dev profile (the
/// generator and the crates it parses and formats with, so that `cargo xtask generate` is fast)
/// without optimization, as any other workspace builds them. The installed command only has to work,
/// and the README's workspace below then finds those dependencies built.
fn unoptimized(root: &Path) -> Vec<String> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("the workspace manifest is readable");
    let packages: Vec<&str> = manifest
        .lines()
        .filter_map(|line| line.trim().strip_prefix("[profile.dev.package.")?.strip_suffix(']'))
        .collect();
    assert!(
        packages.contains(&"sdkgen"),
        "the workspace no longer optimizes the generator: {packages:?}"
    );
    packages
        .iter()
        .flat_map(|name| ["--config".to_owned(), format!("profile.dev.package.{name}.opt-level=0")])
        .collect()
}

#[test]
fn installed_sdkgen_initializes_generates_checks_and_inspects_outside_the_workspace() {
    let started = Instant::now();
    let root = workspace_root();
    let tmp = outside("install");
    let install_root = tmp.join("install");
    let cli = root.join("cli");
    let mut install = vec![
        "install",
        "--path",
        cli.to_str().expect("UTF-8 path"),
        "--root",
        install_root.to_str().expect("UTF-8 path"),
        "--offline",
        "--locked",
        "--debug",
        "--quiet",
    ];
    let unoptimized = unoptimized(&root);
    install.extend(unoptimized.iter().map(String::as_str));
    run_cargo(&root, &install, None);
    let sdkgen = install_root
        .join("bin")
        .join(format!("sdkgen{}", std::env::consts::EXE_SUFFIX));
    let installed = started.elapsed();

    let project = tmp.join("project");
    std::fs::create_dir_all(project.join("openapi")).expect("project is made");
    std::fs::copy(
        root.join("tests/fixtures/models.yaml"),
        project.join("openapi/models.yaml"),
    )
    .expect("spec is copied");

    let said = succeeded(
        &run(
            &sdkgen,
            &project,
            &["init", "openapi/models.yaml", "--out", "openapi/sdkgen.yaml"],
        ),
        "init",
    );
    assert!(
        said.contains("next: sdkgen generate --config openapi/sdkgen.yaml"),
        "{said}"
    );
    let config = std::fs::read_to_string(project.join("openapi/sdkgen.yaml")).expect("configuration is written");
    assert!(config.contains("output: models\n"), "{config}");

    // The configuration names the spec and the output; the crate goes beside it.
    succeeded(
        &run(&sdkgen, &project, &["generate", "--config", "openapi/sdkgen.yaml"]),
        "generate",
    );
    let check = ["check", "--config", "openapi/sdkgen.yaml"];
    succeeded(&run(&sdkgen, &project, &check), "check");
    let lib = project.join("openapi/models/src/lib.rs");
    let source = std::fs::read_to_string(&lib).expect("lib.rs is generated");
    std::fs::write(&lib, format!("{source}\n")).expect("lib.rs is touched");
    let stale = run(&sdkgen, &project, &check);
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert_eq!(stale.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("stale: openapi/models/src/lib.rs"), "{stderr}");
    std::fs::write(&lib, source).expect("lib.rs is restored");

    let shown = succeeded(
        &run(
            &sdkgen,
            &project,
            &["inspect", "openapi/models.yaml", "--config", "openapi/sdkgen.yaml"],
        ),
        "inspect",
    );
    assert!(shown.contains("client.records().put_record()"), "{shown}");

    write_workspace(&project.join("openapi"), &["models".to_owned()]);
    // All targets: the examples and tests turn on the dev-dependencies' tokio features, as in the
    // builds of the fixture crates' doc tests and examples, which then find every dependency built.
    // The library alone would build tokio and all that depends on it once more, without them. (That
    // the library needs none of them, `cargo doc` of every fixture crate checks.)
    run_cargo(&project.join("openapi"), &["build", "--offline", "--all-targets"], None);
    eprintln!(
        "install: {} ms, use and build: {} ms",
        installed.as_millis(),
        (started.elapsed() - installed).as_millis()
    );
}

/// The README's `xtask` example, as a workspace of its own would have it, generates and checks.
#[test]
fn the_readme_xtask_example_builds_and_runs_in_a_workspace_of_its_own() {
    let started = Instant::now();
    let root = workspace_root();
    let readme = std::fs::read_to_string(root.join("generator/README.md")).expect("README is readable");
    let example = readme
        .split("```rust,no_run\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the README has a Rust example");

    let dir = outside("xtask-example");
    std::fs::create_dir_all(dir.join("xtask/src")).expect("xtask is made");
    std::fs::create_dir_all(dir.join("openapi")).expect("openapi is made");
    let generator = root.join("generator").canonicalize().expect("generator path");
    std::fs::write(
        dir.join("xtask/Cargo.toml"),
        format!(
            "[package]\nname = \"xtask\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nsdkgen = {{ path = {:?} }}\n",
            generator.to_string_lossy()
        ),
    )
    .expect("manifest is written");
    std::fs::write(dir.join("xtask/src/main.rs"), format!("{example}\n")).expect("example is written");
    std::fs::copy(root.join("tests/fixtures/models.yaml"), dir.join("openapi/api.yaml")).expect("spec is copied");
    std::fs::write(
        dir.join("openapi/sdkgen.yaml"),
        "spec: api.yaml\noutput: ../my-api\ncrate:\n  name: my-api\n",
    )
    .expect("configuration is written");
    write_workspace(&dir, &["xtask".to_owned()]);

    let out = run_cargo(&dir, &["run", "--offline", "--quiet", "-p", "xtask"], None);
    assert!(out.contains("my-api: 1 operations"), "{out}");
    assert!(dir.join("my-api/src/lib.rs").exists());
    run_cargo(
        &dir,
        &["run", "--offline", "--quiet", "-p", "xtask", "--", "--check"],
        None,
    );
    eprintln!("xtask example: {} ms", started.elapsed().as_millis());
}
