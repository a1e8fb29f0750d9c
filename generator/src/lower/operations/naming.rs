//! The names the SDK's runtime already takes, and how an operation's own names keep clear of them and of
//! each other: a setter is never a per-call option of `Call`, two arguments never share a name. Used by
//! selection (group accessors), grouping (group modules), parameters and multipart parts; the names
//! end up in [`ir::Param`](crate::ir::Param), [`ir::Part`](crate::ir::Part) and [`ir::Group`](crate::ir::Group).

use crate::diag::{Category, Diagnostics, Pointer};
use crate::names;

/// Methods of `Call` that a setter of an optional parameter must not shadow. A test checks that every
/// method of `templates/facade/call.rs`'s `Call` is here.
pub(super) const CALL_METHODS: &[&str] = &[
    "new",
    "timeout",
    "no_timeout",
    "attempt_timeout",
    "retry",
    "base_url",
    "header",
    "send",
    "with_response",
    "into_future",
    "fmt",
];

/// Methods of `Client` that a group accessor must not shadow. A test checks that every method of
/// `templates/facade/client.rs`'s `Client` is here.
pub(super) const CLIENT_METHODS: &[&str] = &[
    "builder", "from_env", "base_url", "clone", "fmt", "hooks", "attempt", "execute",
];

/// Modules and names at the root of every SDK, which a group's module must not take. A test checks that
/// every module of a generated `lib.rs` is here.
pub(super) const ROOT_MODULES: &[&str] = &[
    "client",
    "error",
    "types",
    "serde_impls",
    "runtime",
    "facade",
    "operation",
    "readme",
    "reqwest",
];

/// The setter of an optional parameter or part: its name, or `{name}_param` when that would shadow a
/// per-call option of `Call` (`timeout`, `retry`, …), with a warning.
pub(super) fn setter_name(name: &str, ptr: &Pointer, diags: &mut Diagnostics) -> String {
    if !CALL_METHODS.contains(&name) {
        return name.to_owned();
    }
    let renamed = format!("{name}_param");
    diags.warning(
        Category::NameShadowsSdk,
        ptr,
        format!("its setter `{name}` would shadow the per-call option of the same name; it is `{renamed}`"),
    );
    renamed
}

/// Gives a parameter or part a name no earlier one in `taken` has: its own, else with its location
/// after it (`id`, `id_header`), else with a number too; with a warning naming both.
pub(super) fn distinct_name(
    name: &mut String,
    suffix: &str,
    source: String,
    taken: &mut Vec<(String, String)>,
    ptr: &Pointer,
    diags: &mut Diagnostics,
) {
    if let Some((_, other)) = taken.iter().find(|(n, _)| n == name) {
        let renamed = names::unique(&format!("{name}_{suffix}"), "_", |n| taken.iter().any(|(t, _)| t == n));
        diags.warning(
            Category::NameCollision,
            ptr,
            format!("{source} and {other} would both become `{name}`; it is `{renamed}`"),
        );
        *name = renamed;
    }
    taken.push((name.clone(), source));
}

#[cfg(test)]
mod runtime_names {
    use super::{CALL_METHODS, CLIENT_METHODS, ROOT_MODULES};

    /// The names of the functions in every `impl` block of `file` whose type is `ty`, trait impls
    /// included (`IntoFuture::into_future`, `Clone::clone`).
    fn methods_of(file: &str, ty: &str) -> Vec<String> {
        let file: syn::File = syn::parse_str(file).expect("the runtime parses");
        let mut names = Vec::new();
        for item in file.items {
            let syn::Item::Impl(block) = item else { continue };
            let syn::Type::Path(path) = &*block.self_ty else {
                continue;
            };
            if path.path.segments.last().is_none_or(|s| s.ident != ty) {
                continue;
            }
            for item in block.items {
                if let syn::ImplItem::Fn(f) = item {
                    names.push(f.sig.ident.to_string());
                }
            }
        }
        assert!(!names.is_empty(), "no impl of {ty} found");
        names
    }

    /// A setter or group accessor named like a runtime method would shadow it (or fail to compile):
    /// the lists lowering avoids must grow with the runtime.
    #[test]
    fn every_call_and_client_method_of_the_runtime_is_avoided() {
        let call = include_str!("../../../../templates/facade/call.rs");
        for name in methods_of(call, "Call") {
            assert!(
                CALL_METHODS.contains(&name.as_str()),
                "`Call::{name}` is missing from CALL_METHODS"
            );
        }
        let client = include_str!("../../../../templates/facade/client.rs");
        for name in methods_of(client, "Client") {
            assert!(
                CLIENT_METHODS.contains(&name.as_str()),
                "`Client::{name}` is missing from CLIENT_METHODS"
            );
        }
    }

    /// A group module named like a module of the crate root would not compile: the list lowering
    /// avoids must grow with `lib.rs`.
    #[test]
    fn every_module_of_the_crate_root_is_avoided() {
        let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      tags: [widgets]\n      responses:\n        '204': {description: ok}\n";
        let (spec, _) = crate::load::load_str(spec, "s.yaml", false).expect("loads");
        let generated = crate::generate(&spec, &crate::config::Config::for_crate("t"), "config").expect("generates");
        let lib = generated.files.get("src/lib.rs").expect("a lib.rs");
        let lib: syn::File = syn::parse_str(lib).expect("lib.rs parses");
        let mut modules = 0;
        for item in lib.items {
            if let syn::Item::Mod(module) = item {
                let name = module.ident.to_string();
                modules += 1;
                // The group's own module is the one the spec names.
                if name != "widgets" {
                    assert!(
                        ROOT_MODULES.contains(&name.as_str()),
                        "`mod {name}` is missing from ROOT_MODULES"
                    );
                }
            }
        }
        assert!(modules > 5, "the root's modules were found");
    }
}
