//! Emitting: [`ir::Api`](crate::ir::Api) → the files of the SDK crate (relative path → contents).
//! Emitters read only the IR; each output shape has one function whose docs sketch what it emits in a
//! `text` block and name, on an `Emits:` line, an item of the checked-in output with that shape
//! (`output_references` keeps the names true). An emitter that writes docs or a repeated piece of
//! code takes the state of its file, a `FileCx`, as `&mut`: the docs and pieces are set aside in the
//! file's table, which formatting puts back (module `cx`).

mod client;
pub(crate) mod cx;
pub(crate) mod docs;
mod error_accessors;
mod errors;
mod example_programs;
mod examples;
mod features;
pub(crate) mod fragments;
mod operations;
#[cfg(test)]
mod output_references;
mod readme;
mod runtime;
mod rust;
mod types;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::quote;

use crate::format::{self, HEADER};
use crate::ir::{Api, ContentType, Group, Method, NamedType, Runtime, TypeKind};
use cx::{FileCx, Memo};
use features::Features;

/// The crate's files, by path relative to the crate root (`src/lib.rs`), in a deterministic order.
pub type Files = BTreeMap<String, String>;

/// The cargo feature of each group, in the order of the groups, with the group's module file
/// (`src/<module>.rs`); empty for an SDK with one group, which has no features.
pub fn group_features(api: &Api) -> Vec<GroupFeature> {
    if api.groups.len() < 2 {
        return Vec::new();
    }
    let features = features::group_features(api);
    api.groups
        .iter()
        .map(|g| GroupFeature {
            feature: features[g.module.as_str()].clone(),
            file: group_file(g),
        })
        .collect()
}

/// The file of a group's module: `src/tokens.rs`.
fn group_file(group: &Group) -> String {
    format!("src/{}.rs", group.module)
}

/// A group's cargo feature and the file of its module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupFeature {
    pub feature: String,
    pub file: String,
}

/// One Rust file, or a piece of one, to emit and format; a named type is two files. Tokens cannot cross
/// threads, so each job does both where it runs. A group's module is formatted in pieces (its head,
/// runs of methods, each operation), one job each: the module of a large group is most of the output
/// of a large spec, and so both its time is shared among the cores and only a piece's tokens and syntax
/// tree are alive at once.
enum Job<'a> {
    Lib,
    Client,
    Error,
    GroupHead(&'a Group),
    /// A run of a group's methods, in the impl of its type. Unless `first` and `last`, its text is cut
    /// out of that impl: without the impl's first line unless `first`, without its last unless `last`.
    Methods {
        group: &'a Group,
        methods: &'a [Method],
        first: bool,
        last: bool,
    },
    Operation(&'a Group, &'a Method),
    Example(&'a Group),
    /// A named type: its model in `src/types/`, and its serde impls, when it has any, in
    /// `src/serde_impls/` ([`Part::SerdeImpls`]).
    Type(&'a NamedType),
    TypesMod,
    SerdeImplsMod,
}

/// One of the files a job writes, each emitted with a state of its own and formatted alone.
#[derive(Clone, Copy)]
enum Part {
    /// The file of the job: for a type, its model (the type, `new`, setters, `Debug`, conversions).
    Main,
    /// A type's serde impls, apart from its model.
    SerdeImpls,
}

/// The methods of a group formatted as one piece: enough to make a piece's formatting cost more than
/// handing it to a thread, few enough for a small piece of a group with long methods.
const METHODS_PER_PIECE: usize = 16;

impl Job<'_> {
    /// The files the job writes, in the order of its results: two for a type with serde impls, one
    /// for any other job.
    fn parts(&self) -> &'static [Part] {
        match self {
            Job::Type(ty) if types::has_serde_impls(ty) => &[Part::Main, Part::SerdeImpls],
            _ => &[Part::Main],
        }
    }

    fn path(&self, part: Part) -> String {
        match self {
            Job::Lib => "src/lib.rs".to_owned(),
            Job::Client => "src/client.rs".to_owned(),
            Job::Error => "src/error.rs".to_owned(),
            Job::GroupHead(group) | Job::Methods { group, .. } | Job::Operation(group, _) => group_file(group),
            Job::Example(group) => format!("examples/{}.rs", group.module),
            Job::Type(ty) => match part {
                Part::Main => format!("src/types/{}.rs", type_module(ty)),
                Part::SerdeImpls => format!("src/serde_impls/{}.rs", type_module(ty)),
            },
            Job::TypesMod => "src/types/mod.rs".to_owned(),
            Job::SerdeImplsMod => "src/serde_impls/mod.rs".to_owned(),
        }
    }

    /// Whether the job's text follows the previous job's in the same file.
    fn continues_file(&self) -> bool {
        matches!(self, Job::Methods { .. } | Job::Operation(..))
    }

    /// The formatted items of one of the job's files, without the file's header and spacing
    /// ([`format::finish_file`]), emitted with the state `cx` starts from, whose table of doc blocks and
    /// pieces formatting takes.
    fn run(&self, part: Part, mut cx: FileCx<'_>, api: &Api, features: &Features<'_>) -> Result<String, String> {
        let tokens = self.emit(part, &mut cx, api, features)?;
        let text = format::unparse_with_docs(tokens, &cx.into_table())?;
        let Job::Methods { first, last, .. } = *self else {
            return Ok(text);
        };
        let mut piece = text.as_str();
        if !first {
            piece = piece.split_once('\n').map_or("", |(_, rest)| rest);
        }
        if !last {
            piece = piece
                .strip_suffix("}\n")
                .ok_or_else(|| format!("a piece of an impl does not end with its brace: {text}"))?;
        }
        Ok(piece.to_owned())
    }

    fn emit(&self, part: Part, cx: &mut FileCx<'_>, api: &Api, features: &Features<'_>) -> Result<TokenStream, String> {
        Ok(match self {
            Job::Lib => lib_rs(cx, api, features),
            Job::Client => client::emit_client_module(cx, api),
            Job::Error => {
                let errors = errors::emit_error_enum(cx, api);
                let accessors = error_accessors::emit_error_accessors(cx, api);
                quote! { #errors #accessors }
            }
            Job::GroupHead(group) => operations::emit_group_head(cx, group),
            Job::Methods { group, methods, .. } => operations::emit_methods(cx, api, group, methods),
            Job::Operation(group, method) => operations::emit_operation(cx, api, group, method),
            Job::Example(group) => example_programs::emit_example_program(cx, api, group)?,
            Job::Type(ty) => match part {
                Part::Main => types::emit_type(cx, api, ty),
                Part::SerdeImpls => types::emit_serde_impls(cx, features, ty),
            },
            Job::TypesMod => types_mod(&api.types, features),
            Job::SerdeImplsMod => serde_impls_mod(&api.types, features),
        })
    }
}

/// The jobs of a group's module, in the order of its text.
fn group_jobs(group: &Group) -> impl Iterator<Item = Job<'_>> {
    let runs = group.methods.len().div_ceil(METHODS_PER_PIECE).max(1);
    let methods = (0..runs).map(move |run| {
        let start = run * METHODS_PER_PIECE;
        let end = (start + METHODS_PER_PIECE).min(group.methods.len());
        Job::Methods {
            group,
            methods: &group.methods[start..end],
            first: run == 0,
            last: run + 1 == runs,
        }
    });
    let operations = group.methods.iter().map(move |m| Job::Operation(group, m));
    std::iter::once(Job::GroupHead(group)).chain(methods).chain(operations)
}

/// Emits every file of the crate. An error is a bug in an emitter, never a problem of the spec.
///
/// The Rust files are emitted and formatted on all cores (formatting is most of the time of a large
/// spec); the result does not depend on the number of threads.
pub fn emit(api: &Api) -> Result<Files, String> {
    let mut jobs = vec![Job::Lib, Job::Client, Job::Error];
    for group in &api.groups {
        jobs.extend(group_jobs(group));
        jobs.push(Job::Example(group));
    }
    jobs.extend(api.types.iter().map(Job::Type));
    jobs.push(Job::TypesMod);
    jobs.push(Job::SerdeImplsMod);

    let features = Features::of(api);
    let mut files = Files::new();
    files.insert("Cargo.toml".to_owned(), cargo_toml(api, &features));
    files.insert("README.md".to_owned(), readme::readme(api));
    let parts = jobs
        .iter()
        .flat_map(|job| job.parts().iter().map(move |&part| (job, part)));
    let mut results = parts.zip(run_all(api, &features, &jobs)).peekable();
    while let Some(((job, part), text)) = results.next() {
        let mut text = text?;
        let text = if results.peek().is_some_and(|((next, _), _)| next.continues_file()) {
            // The jobs of a file in pieces gave the formatted items only.
            while let Some((_, piece)) = results.next_if(|((next, _), _)| next.continues_file()) {
                text.push_str(&piece?);
            }
            format::finish_large_file(&text)
        } else {
            text
        };
        let path = job.path(part);
        if files.insert(path.clone(), text).is_some() {
            return Err(format!("two items are written to {path}"));
        }
    }
    let needs = runtime::Needs {
        query: api
            .groups
            .iter()
            .flat_map(|g| &g.methods)
            .any(|m| !m.query_params.is_empty()),
        form: api
            .groups
            .iter()
            .flat_map(|g| &g.methods)
            .any(|m| m.body.as_ref().is_some_and(|b| b.content == ContentType::Form)),
        multipart: has_multipart(api),
        model: api
            .types
            .iter()
            .any(|t| matches!(t.kind, TypeKind::Struct(_) | TypeKind::Union(_))),
    };
    for (path, contents) in runtime::files(needs, &api.krate.runtime)? {
        files.insert(path, contents);
    }
    Ok(files)
}

/// Runs every job, in as many threads as there are cores, each taking the next job not yet taken.
/// The results are in the order of `jobs` and, within a job, of its [`Job::parts`]: the text of a whole
/// file ([`format::finish_file`]) for a job that makes its files alone, the formatted items for a piece
/// of a file.
fn run_all(api: &Api, features: &Features<'_>, jobs: &[Job<'_>]) -> Vec<Result<String, String>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(jobs.len() / 8)
        .max(1);
    let next = AtomicUsize::new(0);
    let work = || {
        // Each thread's own: the descriptions it cleaned and the pieces it formatted, for the files it
        // emits next.
        let mut memo = Memo::default();
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else { break done };
            let whole_file = !job.continues_file() && !jobs.get(i + 1).is_some_and(|next| next.continues_file());
            let texts: Vec<_> = job
                .parts()
                .iter()
                .map(|&part| {
                    let text = run_part(job, part, &mut memo, api, features);
                    // A file of one job is finished here, on all cores; the pieces of the others are
                    // joined first.
                    if whole_file {
                        text.map(|text| format::finish_file(&text))
                    } else {
                        text
                    }
                })
                .collect();
            done.push((i, texts));
        }
    };
    let mut results: Vec<(usize, Vec<Result<String, String>>)> = if threads == 1 {
        work()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect()
        })
    };
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().flat_map(|(_, texts)| texts).collect()
}

/// One file of a job, or its piece of one, formatted ([`Job::run`]) with the pieces set aside.
fn run_part(job: &Job<'_>, part: Part, memo: &mut Memo, api: &Api, features: &Features<'_>) -> Result<String, String> {
    job.run(part, FileCx::new(memo), api, features).or_else(|error| {
        let text = job.run(part, FileCx::pieces_in_tokens(memo), api, features);
        // Pieces that do not fit in are a bug of an emitter: the tests see it, and a user gets the file
        // all the same.
        debug_assert!(text.is_err(), "the pieces of {} do not fit in: {error}", job.path(part));
        text
    })
}

/// The module of a type's file: `TokenFailRequest` is in `src/types/token_fail_request.rs`.
fn type_module(ty: &NamedType) -> String {
    ty.name.to_snake_case()
}

/// The runtime's direct dependencies, as the generated `Cargo.toml` declares them, with the versions the
/// workspace manifest pins for the templates crate (written by `build.rs`).
const DEPENDENCIES: &str = include_str!(concat!(env!("OUT_DIR"), "/runtime_dependencies.toml"));

/// The tokio the README's examples and `examples/` run on, the runtime's version.
const TOKIO_VERSION: &str = include_str!(concat!(env!("OUT_DIR"), "/tokio_version.txt"));

/// The version of the runtime crate (`templates/Cargo.toml`), which an SDK whose runtime is a crate
/// requires unless its configuration says otherwise.
pub(crate) const RUNTIME_VERSION: &str = include_str!(concat!(env!("OUT_DIR"), "/runtime_version.txt"));

/// The dependencies the generated code itself names, beside the runtime: the HTTP types, serde.
const DIRECT_DEPENDENCIES: &[&str] = &["reqwest", "serde", "serde_json"];

/// The start of the generated crate's features: the `tracing` feature's comment, its line following
/// from where the runtime comes ([`dependencies`]).
const TRACING_FEATURE: &str = r#"
[features]
# Spans per call and per attempt (operation, method, route template, attempt, status); never headers,
# bodies or the token.
"#;

/// `[dependencies]` and the `tracing` feature: every runtime dependency when the runtime is vendored;
/// the runtime crate and what the generated code names when it is a crate.
fn dependencies(runtime: &Runtime) -> String {
    match runtime {
        Runtime::Vendored => format!("{DEPENDENCIES}{TRACING_FEATURE}tracing = [\"dep:tracing\"]\n"),
        Runtime::Crate { version, path } => {
            let path = path
                .as_ref()
                .map(|p| format!(", path = {}", toml_string(p)))
                .unwrap_or_default();
            let mut out = format!("sdkgen-runtime = {{ version = {}{path} }}\n", toml_string(version));
            for line in DEPENDENCIES.lines() {
                let name = line.split([' ', '=']).next().unwrap_or_default();
                if DIRECT_DEPENDENCIES.contains(&name) {
                    out.push_str(line);
                    out.push('\n');
                }
            }
            out.push_str(TRACING_FEATURE);
            out.push_str("tracing = [\"sdkgen-runtime/tracing\"]\n");
            out
        }
    }
}

fn cargo_toml(api: &Api, features: &Features<'_>) -> String {
    let k = &api.krate;
    let mut out = format!("# {}\n[package]\n", HEADER.trim_start_matches("// "));
    out.push_str(&format!("name = {}\n", toml_string(&k.name)));
    out.push_str(&format!("version = {}\n", toml_string(&k.version)));
    out.push_str("edition = \"2024\"\nrust-version = \"1.85\"\n");
    out.push_str(&format!("description = {}\n", toml_string(&k.description)));
    out.push_str("readme = \"README.md\"\n");
    if let Some(license) = &k.license {
        out.push_str(&format!("license = {}\n", toml_string(license)));
    }
    out.push_str("\n[dependencies]\n");
    out.push_str(&dependencies(&k.runtime));
    out.push_str(&features.cargo_lines());
    // The README's examples and the programs in examples/ run on tokio; users of the crate need not.
    out.push_str(&format!(
        "\n[dev-dependencies]\ntokio = {{ version = \"{TOKIO_VERSION}\", features = [\"macros\", \"rt-multi-thread\"] }}\n"
    ));
    for group in &api.groups {
        if let Some(feature) = features.group(group) {
            out.push_str(&format!(
                "\n[[example]]\nname = {}\nrequired-features = [{}]\n",
                toml_string(&group.module),
                toml_string(feature)
            ));
        }
    }
    out
}

/// A TOML basic string.
fn toml_string(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The models' module: a private module per type, its type re-exported, both under the cfg of the
/// groups that use it.
/// ```text
/// //! The request and response models of the API.
/// mod token_fail_request;
/// pub use token_fail_request::TokenFailRequest;
/// ```
/// Emits: `pub use token_fail_request::TokenFailRequest;` in `generated-sdk/src/types/mod.rs`.
fn types_mod(types: &[NamedType], features: &Features<'_>) -> TokenStream {
    let decls = types.iter().map(|ty| {
        let module = rust::ident(&type_module(ty));
        let name = rust::ident(&ty.name);
        let cfg = features.type_cfg(&ty.name);
        quote! {
            #cfg
            mod #module;
            #cfg
            pub use #module::#name;
        }
    });
    quote! {
        //! The request and response models of the API.
        #(#decls)*
    }
}

/// The module of the models' serde impls, private to the crate: a file per type that has any
/// ([`types::has_serde_impls`]), named as its model's, under the same cfg as the model.
/// ```text
/// //! The serde impls of the models in `types`, written out: the crate uses no proc macro.
/// mod token_fail_request;
/// ```
/// Emits: `mod token_fail_request;` in `generated-sdk/src/serde_impls/mod.rs`.
fn serde_impls_mod(types: &[NamedType], features: &Features<'_>) -> TokenStream {
    let decls = types.iter().filter(|ty| types::has_serde_impls(ty)).map(|ty| {
        let module = rust::ident(&type_module(ty));
        let cfg = features.type_cfg(&ty.name);
        quote! {
            #cfg
            mod #module;
        }
    });
    quote! {
        //! The serde impls of the models in `types`, written out: the crate uses no proc macro. Each
        //! file holds those of the model in the file of the same name in `types`.
        #(#decls)*
    }
}

/// The crate root: docs with a first example, the modules, and the public re-exports.
fn lib_rs(cx: &mut FileCx<'_>, api: &Api, features: &Features<'_>) -> TokenStream {
    let docs = docs::inner_doc_lines(cx, &crate_docs(api, features));
    // prettyplease, not rustfmt, formats generated files: `cargo fmt` is told to leave them alone.
    let groups = api.groups.iter().map(|g| {
        let name = rust::ident(&g.module);
        let cfg = features.group_cfg(g);
        quote! {
            #cfg
            #[rustfmt::skip]
            pub mod #name;
        }
    });
    // The README calls a method of the first group.
    let readme_cfg = match api.groups.first().and_then(|g| features.group(g)) {
        Some(feature) => quote! { #[cfg(all(doctest, feature = #feature))] },
        None => quote! { #[cfg(doctest)] },
    };
    let server = (!api.servers.is_empty()).then(|| quote! { pub use client::Server; });
    let server_variable = api
        .servers
        .iter()
        .any(|s| !s.variables.is_empty())
        .then(|| quote! { pub use runtime::server::ServerVariable; });
    let file = has_multipart(api).then(|| quote! { pub use runtime::multipart::File; });
    let runtime = match api.krate.runtime {
        Runtime::Vendored => quote! {
            /// The runtime every call goes through. It is shared by every generated SDK, and this one need
            /// not call all of it.
            #[allow(dead_code)]
            #[rustfmt::skip]
            mod runtime;
        },
        // The generated code names the runtime's items by their path in a vendored runtime.
        Runtime::Crate { .. } => quote! {
            /// The runtime every call goes through, shared by every SDK that sdkgen generates.
            use ::sdkgen_runtime as runtime;
        },
    };
    quote! {
        #docs
        #![forbid(unsafe_code)]
        #![cfg_attr(rustfmt, rustfmt::skip)]
        // The shapes come from the API description: a constructor takes every required field, a union
        // holds its members as they are, a map of lists of maps is what the API sends.
        #![allow(clippy::too_many_arguments, clippy::large_enum_variant, clippy::type_complexity)]

        #runtime
        /// The SDK's `Client`, `ClientBuilder`, `Call`, `Error` and `Hook`, over the runtime. The SDK's
        /// operations need not call all of their crate-private setters (servers, credentials).
        #[allow(dead_code)]
        #[rustfmt::skip]
        mod facade;
        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        mod error;
        #[rustfmt::skip]
        pub mod types;
        #[rustfmt::skip]
        mod serde_impls;
        #(#groups)*

        pub(crate) use client::SDK_INFO;
        #server
        #server_variable
        #file
        pub use error::ApiErrorKind;
        pub use facade::call::{Call, CallFuture, ResponseFuture};
        pub use facade::client::{Client, ClientBuilder};
        pub use facade::error::{ApiError, Error};
        pub use facade::hooks::Hook;
        pub use runtime::auth::TokenProvider;
        pub use runtime::call::Response;
        pub use runtime::client::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_SIZE, DEFAULT_TIMEOUT};
        pub use runtime::error::{DecodeError, HookError, InvalidInput, TransportError};
        pub use runtime::hooks::Attempt;
        pub use runtime::retry::RetryPolicy;
        /// The HTTP client the SDK uses, for [`ClientBuilder::http_client`].
        pub use reqwest;

        /// The README's examples, compiled as doctests.
        #readme_cfg
        #[doc = include_str!("../README.md")]
        mod readme {}

        /// The building blocks of a call, implemented by the operation types of each group.
        pub mod operation {
            pub use crate::runtime::call::{HttpRequest, Operation, OperationInfo};
        }
    }
}

/// Whether some method sends a `multipart/form-data` body (and so takes `File`s).
fn has_multipart(api: &Api) -> bool {
    api.groups
        .iter()
        .flat_map(|g| &g.methods)
        .any(|m| m.body.as_ref().is_some_and(|b| b.content == ContentType::Multipart))
}

fn crate_docs(api: &Api, features: &Features<'_>) -> String {
    let k = &api.krate;
    let lib = &k.lib_name;
    let mut text = format!(
        "A Rust client for the {} (API version {}), generated from its OpenAPI description.\n\n",
        k.api_title, k.api_version
    );
    text.push_str("```no_run\n");
    text.push_str(&format!("# async fn example() -> Result<(), {lib}::Error> {{\n"));
    text.push_str(&format!(
        "let client = {lib}::Client::builder()\n    .bearer_token(\"<token>\")\n"
    ));
    if let Some(server) = api.servers.first() {
        text.push_str(&format!("    .server({lib}::Server::{})\n", server.name));
    }
    text.push_str("    .build()?;\n# let _ = client;\n# Ok(())\n# }\n```\n\n");
    text.push_str(
        &include_str!("crate_docs.md")
            .replace("{lib}", lib)
            .replace("{token_env}", &api.auth.token_env)
            .replace("{base_url_env}", &api.auth.base_url_env),
    );
    text.push_str(&client::auth_docs(api));
    text.push('\n');
    text.push_str(&features.docs(api));
    text.push_str("# Operations\n\n");
    text.push_str(&readme::method_table(api, true));
    text.push_str(&webhook_docs(api));
    text
}

/// The crate docs' section on webhooks: what the API sends, and the type each body decodes into.
///
/// ```text
/// # Webhooks
/// | webhook | method | payload | |
/// | `newPet` | POST | [`types::Pet`] | a new pet was added |
/// ```
fn webhook_docs(api: &Api) -> String {
    if api.webhooks.is_empty() {
        return String::new();
    }
    let mut text = String::from(
        "\n# Webhooks\n\nRequests the API sends to your server. The SDK does not send them; decode a body with \
         `serde_json::from_slice::<Payload>(&body)`, where `Payload` is the type below.\n\n\
         | webhook | method | payload | summary |\n|---|---|---|---|\n",
    );
    for hook in &api.webhooks {
        let payload = match &hook.payload {
            Some(crate::ir::TypeRef::Named(name)) => format!("[`types::{name}`]"),
            Some(other) => format!("`{}`", examples::type_path(api, other)),
            None => "–".to_owned(),
        };
        let summary = hook
            .summary
            .as_deref()
            .and_then(|s| s.lines().next())
            .unwrap_or_default()
            .replace('|', "\\|");
        text.push_str(&format!(
            "| `{}` | {} | {payload} | {summary} |\n",
            hook.wire_name.replace('`', "'"),
            hook.method
        ));
    }
    text
}

#[cfg(test)]
mod manifest_tests {
    /// A generated crate depends on the crates the templates crate builds the runtime with, no more
    /// and no fewer (the versions come from the workspace manifest for both).
    #[test]
    fn generated_crates_depend_on_what_the_runtime_is_built_with() {
        let templates = include_str!("../../../templates/Cargo.toml");
        let section = templates
            .split("\n[dependencies]\n")
            .nth(1)
            .and_then(|s| s.split("\n[").next());
        let name = |line: &str| line.split(['=', '.']).next().unwrap_or_default().trim().to_owned();
        let mut runtime: Vec<String> = section
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(name)
            .collect();
        let mut generated: Vec<String> = super::DEPENDENCIES.lines().map(name).collect();
        runtime.sort();
        generated.sort();
        assert!(!runtime.is_empty());
        assert_eq!(generated, runtime);
    }

    /// An SDK whose runtime is a crate depends on it instead of copying it, and on what the generated
    /// code itself names; it names the runtime's items by the paths a vendored runtime has.
    #[test]
    fn an_sdk_on_the_runtime_crate_depends_on_it_and_copies_none_of_it() {
        let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - {name: q, in: query, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {id: {type: string}}}\n";
        let (spec, _) = crate::load::load_str(spec, "s.yaml", false).expect("loads");
        let config = crate::config::Config::for_crate("t").with_runtime_crate_at("../rt");
        let files = crate::generate(&spec, &config, "config").expect("generates").files;
        assert!(
            files.keys().all(|f| !f.starts_with("src/runtime/")),
            "{:?}",
            files.keys()
        );
        assert!(files.contains_key("src/facade/client.rs"));
        let lib = &files["src/lib.rs"];
        assert!(lib.contains("use ::sdkgen_runtime as runtime;"), "{lib}");
        assert!(!lib.contains("mod runtime;"), "{lib}");
        let manifest = &files["Cargo.toml"];
        let version = super::RUNTIME_VERSION;
        assert!(
            manifest.contains(&format!(
                "sdkgen-runtime = {{ version = \"{version}\", path = \"../rt\" }}"
            )),
            "{manifest}"
        );
        assert!(
            manifest.contains("tracing = [\"sdkgen-runtime/tracing\"]"),
            "{manifest}"
        );
        let dependencies = manifest
            .split("[dependencies]\n")
            .nth(1)
            .and_then(|s| s.split("\n\n").next());
        let names: Vec<&str> = dependencies
            .unwrap_or_default()
            .lines()
            .map(|l| l.split([' ', '=']).next().unwrap_or_default())
            .collect();
        assert_eq!(
            names,
            ["sdkgen-runtime", "reqwest", "serde", "serde_json"],
            "{manifest}"
        );
    }
}
