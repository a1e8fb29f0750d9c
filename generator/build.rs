//! Writes the `[dependencies]` of every generated `Cargo.toml` with the versions the workspace manifest
//! pins: the versions the runtime in `templates/` is built and tested against. The workspace manifest
//! is their one source; a runtime dependency it does not pin fails this build. Also writes the runtime
//! crate's own version, which an SDK whose runtime is a crate requires.

use std::path::Path;

/// Each runtime dependency and how a generated crate declares it; `{v}` is the workspace's version.
/// The features differ from the workspace's where a generated crate needs less (serde without derive:
/// its impls are written out).
const RUNTIME: &[(&str, &str)] = &[
    ("httpdate", r#""{v}""#),
    ("percent-encoding", r#""{v}""#),
    (
        "reqwest",
        r#"{ version = "{v}", default-features = false, features = ["rustls-no-provider"] }"#,
    ),
    ("ring", r#""{v}""#),
    (
        "rustls",
        r#"{ version = "{v}", default-features = false, features = ["ring", "std", "tls12"] }"#,
    ),
    ("rustls-platform-verifier", r#""{v}""#),
    (
        "rustls-webpki",
        r#"{ version = "{v}", default-features = false, features = ["ring"] }"#,
    ),
    ("serde", r#""{v}""#),
    ("serde_json", r#""{v}""#),
    (
        "tokio",
        r#"{ version = "{v}", default-features = false, features = ["time"] }"#,
    ),
    (
        "tracing",
        r#"{ version = "{v}", default-features = false, features = ["std"], optional = true }"#,
    ),
];

fn main() {
    let manifest_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    println!("cargo::rerun-if-changed={}", manifest_path.display());
    let manifest = std::fs::read_to_string(&manifest_path)
        .unwrap_or_else(|e| panic!("cannot read the workspace manifest {}: {e}", manifest_path.display()));
    let mut out = String::new();
    let mut tokio = "";
    for (name, declaration) in RUNTIME {
        let version = pinned(&manifest, name)
            .unwrap_or_else(|| panic!("the workspace manifest pins no version of the runtime dependency `{name}`"));
        if *name == "tokio" {
            tokio = version;
        }
        out.push_str(&format!("{name} = {}\n", declaration.replace("{v}", version)));
    }
    assert!(!tokio.is_empty(), "tokio is a runtime dependency");
    // The runtime crate's own version: what an SDK whose runtime is a crate depends on by default.
    let runtime_manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates/Cargo.toml");
    println!("cargo::rerun-if-changed={}", runtime_manifest.display());
    let runtime_manifest = std::fs::read_to_string(&runtime_manifest)
        .unwrap_or_else(|e| panic!("cannot read the runtime's manifest {}: {e}", runtime_manifest.display()));
    let runtime_version = runtime_manifest
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.split('"').next())
        .expect("the runtime's manifest has a version");
    let dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    std::fs::write(Path::new(&dir).join("runtime_version.txt"), runtime_version).expect("OUT_DIR is writable");
    std::fs::write(Path::new(&dir).join("runtime_dependencies.toml"), out).expect("OUT_DIR is writable");
    std::fs::write(Path::new(&dir).join("tokio_version.txt"), tokio).expect("OUT_DIR is writable");
}

/// The version `[workspace.dependencies]` gives `name`: `name = "1.2"` or `name = { version = "1.2", … }`.
fn pinned<'m>(manifest: &'m str, name: &str) -> Option<&'m str> {
    let section = manifest.split("[workspace.dependencies]").nth(1)?;
    let section = section.split("\n[").next()?;
    section.lines().find_map(|line| {
        let value = line.strip_prefix(name)?.trim_start().strip_prefix('=')?.trim_start();
        let value = value
            .strip_prefix('{')
            .and_then(|table| table.split("version").nth(1))
            .and_then(|rest| rest.trim_start().strip_prefix('='))
            .map_or(value, str::trim_start);
        value.strip_prefix('"')?.split('"').next()
    })
}
