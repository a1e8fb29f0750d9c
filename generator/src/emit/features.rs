//! Cargo features of an SDK.
//!
//! With several groups, one feature per group, so that a user who calls one part of a large API
//! compiles that part only. A type is compiled when a feature of a group that uses it (through its
//! parameters, bodies and responses, and the types those contain) is on; the types of the error
//! bodies, which every group shares, always are.
//!
//! In every SDK, a type implements only the serde traits the API needs: `Serialize` when a request
//! sends it, `Deserialize` when a response brings it. The features `serialize` and `deserialize` add
//! the other trait to every type. Derived serde code is most of what the compiler spends on the models,
//! and most models go one way only.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Group, Method, TypeKind, TypeRef};

/// Features the generated `Cargo.toml` defines for other reasons; a group never takes their names
/// (`token_management` is `token-management`, a group `tracing` is `tracing-api`).
const RESERVED: &[&str] = &["default", "full", "tracing", SERIALIZE, DESERIALIZE];

/// The feature that gives every type `Serialize`.
const SERIALIZE: &str = "serialize";
/// The feature that gives every type `Deserialize`.
const DESERIALIZE: &str = "deserialize";

/// The features of an SDK: the serde ones always, and group features when it has several groups.
pub(crate) struct Features<'a> {
    /// Each group's feature, by group module.
    groups: BTreeMap<&'a str, String>,
    /// The group modules whose features compile each type, by type name; absent for types every
    /// build compiles.
    types: BTreeMap<&'a str, BTreeSet<&'a str>>,
    /// The types a request sends (through parameters and bodies), by name.
    sent: BTreeSet<&'a str>,
    /// The types a response brings (success and error bodies), by name.
    received: BTreeSet<&'a str>,
}

/// When a type implements one serde trait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Serde {
    /// Always: the API needs it.
    Always,
    /// Only with the crate's `serialize` or `deserialize` feature.
    Feature(&'static str),
}

impl Serde {
    /// `#[cfg(feature = "…")]` for an impl of the trait, or nothing.
    pub(crate) fn cfg(self) -> TokenStream {
        match self {
            Serde::Always => TokenStream::new(),
            Serde::Feature(feature) => quote! { #[cfg(feature = #feature)] },
        }
    }
}

impl<'a> Features<'a> {
    pub(crate) fn of(api: &'a Api) -> Self {
        let kinds: BTreeMap<&str, &TypeKind> = api.types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
        let methods = || api.groups.iter().flat_map(|g| &g.methods);
        let mut sent = reachable(&kinds, methods().flat_map(sent_types));
        let mut received = reachable(
            &kinds,
            methods()
                .filter_map(|m| m.success.ty.as_ref())
                .chain(api.errors.iter().filter_map(|e| e.ty.as_ref()))
                .chain(api.webhooks.iter().filter_map(|w| w.payload.as_ref())),
        );
        // A type no operation uses implements both traits, and so must every type inside it, even one
        // that an operation uses in one direction only.
        let unused: Vec<TypeRef> = api
            .types
            .iter()
            .filter(|t| !sent.contains(t.name.as_str()) && !received.contains(t.name.as_str()))
            .map(|t| TypeRef::Named(t.name.clone()))
            .collect();
        let both = reachable(&kinds, unused.iter());
        sent.extend(both.iter().copied());
        received.extend(both);
        if api.groups.len() < 2 {
            return Features {
                groups: BTreeMap::new(),
                types: BTreeMap::new(),
                sent,
                received,
            };
        }
        let groups = group_features(api);
        // Webhook payloads belong to no group: a receiver decodes them whatever it calls.
        let always = reachable(
            &kinds,
            api.errors
                .iter()
                .filter_map(|e| e.ty.as_ref())
                .chain(api.webhooks.iter().filter_map(|w| w.payload.as_ref())),
        );
        let mut types: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for group in &api.groups {
            for name in reachable(&kinds, group.methods.iter().flat_map(method_types)) {
                if !always.contains(name) {
                    types.entry(name).or_default().insert(group.module.as_str());
                }
            }
        }
        // A type that every group uses is compiled whatever the features; its attribute would say
        // nothing.
        types.retain(|_, users| users.len() < api.groups.len());
        Features {
            groups,
            types,
            sent,
            received,
        }
    }

    /// When the type implements `Serialize`. A type no operation uses implements both traits.
    pub(crate) fn serialize(&self, type_name: &str) -> Serde {
        if self.sent.contains(type_name) || !self.received.contains(type_name) {
            Serde::Always
        } else {
            Serde::Feature(SERIALIZE)
        }
    }

    /// When the type implements `Deserialize`. A type no operation uses implements both traits.
    pub(crate) fn deserialize(&self, type_name: &str) -> Serde {
        if self.received.contains(type_name) || !self.sent.contains(type_name) {
            Serde::Always
        } else {
            Serde::Feature(DESERIALIZE)
        }
    }

    /// The group's feature, when the SDK has features.
    pub(crate) fn group(&self, group: &Group) -> Option<&str> {
        self.groups.get(group.module.as_str()).map(String::as_str)
    }

    /// `#[cfg(feature = "…")]` for the group's module, or nothing.
    pub(crate) fn group_cfg(&self, group: &Group) -> TokenStream {
        match self.group(group) {
            Some(feature) => quote! { #[cfg(feature = #feature)] },
            None => TokenStream::new(),
        }
    }

    /// `#[cfg(feature = "…")]` (or `any` of several) for a type that only some groups use, or nothing.
    pub(crate) fn type_cfg(&self, type_name: &str) -> TokenStream {
        let Some(users) = self.types.get(type_name) else {
            return TokenStream::new();
        };
        let features: Vec<&String> = users.iter().map(|module| &self.groups[module]).collect();
        match features.as_slice() {
            [one] => quote! { #[cfg(feature = #one)] },
            several => quote! { #[cfg(any(#(feature = #several),*))] },
        }
    }

    /// The `[features]` lines after `tracing`: the serde ones, then the group features with `full`
    /// (every group) as the default.
    pub(crate) fn cargo_lines(&self) -> String {
        let mut out = format!(
            "# Serialize on every model type, not only on those that requests send.\n{SERIALIZE} = []\n\
             # Deserialize on every model type, not only on those that responses bring.\n{DESERIALIZE} = []\n"
        );
        if self.groups.is_empty() {
            return out;
        }
        let quoted: Vec<String> = self.groups.values().map(|f| format!("\"{f}\"")).collect();
        out.push_str(
            "# One feature per group of operations; the types a group uses are compiled with it.\n\
             default = [\"full\"]\n",
        );
        out.push_str(&format!("full = [{}]\n", quoted.join(", ")));
        for feature in self.groups.values() {
            out.push_str(&format!("{feature} = []\n"));
        }
        out
    }

    /// The crate docs' section on features.
    pub(crate) fn docs(&self, api: &Api) -> String {
        let mut text = format!(
            "# Cargo features\n\nA model type implements `Serialize` when a request sends it and `Deserialize` \
             when a response brings it. The feature `{SERIALIZE}` adds `Serialize` to every type (to store a \
             response as JSON, for example), and `{DESERIALIZE}` adds `Deserialize` to every type.\n\n"
        );
        let Some(first) = api.groups.first().and_then(|g| self.group(g)) else {
            return text;
        };
        text.push_str(
            "Each group of operations is behind a feature of its own, all on by default (`full`). To compile \
             only the groups you call, turn the defaults off:\n\n```toml\n",
        );
        text.push_str(&format!(
            "{} = {{ version = \"{}\", default-features = false, features = [\"{first}\"] }}\n```\n\n",
            api.krate.name, api.krate.version
        ));
        text.push_str("| feature | group |\n|---|---|\n");
        for group in &api.groups {
            if let Some(feature) = self.group(group) {
                text.push_str(&format!(
                    "| `{feature}` | [`{}()`](crate::Client::{}) |\n",
                    group.name, group.name
                ));
            }
        }
        text.push('\n');
        text
    }
}

/// Each group's feature, by group module (for an SDK with several groups).
pub(crate) fn group_features(api: &Api) -> BTreeMap<&str, String> {
    let mut groups: BTreeMap<&str, String> = BTreeMap::new();
    for group in &api.groups {
        // Module names are distinct identifiers, so only a reserved name can be taken twice.
        let mut feature = group.module.trim_start_matches("r#").replace('_', "-");
        while RESERVED.contains(&feature.as_str()) || groups.values().any(|f| *f == feature) {
            feature.push_str("-api");
        }
        groups.insert(group.module.as_str(), feature);
    }
    groups
}

/// The types a method names directly.
fn method_types(method: &Method) -> impl Iterator<Item = &TypeRef> {
    sent_types(method).chain(method.success.ty.as_ref())
}

/// The types a method's request is made of: its parameters and its body.
fn sent_types(method: &Method) -> impl Iterator<Item = &TypeRef> {
    let params = [
        &method.path_params,
        &method.query_params,
        &method.header_params,
        &method.cookie_params,
    ];
    params
        .into_iter()
        .flatten()
        .map(|p| &p.ty)
        .chain(method.body.as_ref().map(|b| &b.ty))
        .chain(method.body.iter().flat_map(|b| &b.parts).map(|p| &p.ty))
}

/// The named types reachable from `roots`, through fields, variants, aliases, lists and maps.
fn reachable<'a: 'r, 'r>(
    kinds: &BTreeMap<&'a str, &'a TypeKind>,
    roots: impl Iterator<Item = &'r TypeRef>,
) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&'r TypeRef> = roots.collect();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Vec(inner) | TypeRef::Map(inner) => stack.push(inner.as_ref()),
            TypeRef::Named(name) => {
                let Some((&name, kind)) = kinds.get_key_value(name.as_str()) else {
                    continue;
                };
                if !seen.insert(name) {
                    continue;
                }
                match kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|f| &f.ty));
                        stack.extend(s.additional.as_ref());
                    }
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(target) => stack.push(target),
                    TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
                }
            }
            _ => {}
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    /// The named types a type holds directly (through lists and maps, not through other named types).
    fn inner_names(kind: &TypeKind) -> Vec<&str> {
        fn names<'t>(ty: &'t TypeRef, out: &mut Vec<&'t str>) {
            match ty {
                TypeRef::Named(name) => out.push(name),
                TypeRef::Vec(inner) | TypeRef::Map(inner) => names(inner, out),
                _ => {}
            }
        }
        let mut out = Vec::new();
        match kind {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| names(&f.ty, &mut out));
                s.additional.iter().for_each(|t| names(t, &mut out));
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| names(&v.ty, &mut out)),
            TypeKind::Alias(target) => names(target, &mut out),
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => {}
        }
        out
    }

    /// Every problem with the serde traits of one spec's types: a type that a request sends without
    /// `Serialize`, one a response brings without `Deserialize`, and a type whose impl of a trait needs
    /// the trait on a type inside it that lacks it.
    fn serde_gaps(api: &Api) -> Vec<String> {
        let features = Features::of(api);
        let kinds: BTreeMap<&str, &TypeKind> = api.types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
        let methods = || api.groups.iter().flat_map(|g| &g.methods);
        let mut gaps = Vec::new();
        for name in reachable(&kinds, methods().flat_map(sent_types)) {
            if features.serialize(name) != Serde::Always {
                gaps.push(format!("{name} is sent but does not implement Serialize"));
            }
        }
        let received = methods()
            .filter_map(|m| m.success.ty.as_ref())
            .chain(api.errors.iter().filter_map(|e| e.ty.as_ref()));
        for name in reachable(&kinds, received) {
            if features.deserialize(name) != Serde::Always {
                gaps.push(format!("{name} is received but does not implement Deserialize"));
            }
        }
        for t in &api.types {
            for inner in inner_names(&t.kind) {
                if features.serialize(&t.name) == Serde::Always && features.serialize(inner) != Serde::Always {
                    gaps.push(format!(
                        "{} implements Serialize but {inner} inside it does not",
                        t.name
                    ));
                }
                if features.deserialize(&t.name) == Serde::Always && features.deserialize(inner) != Serde::Always {
                    gaps.push(format!(
                        "{} implements Deserialize but {inner} inside it does not",
                        t.name
                    ));
                }
            }
        }
        gaps
    }

    fn specs_in(dir: &Path) -> Vec<PathBuf> {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        let mut specs: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
            .collect();
        specs.sort();
        specs
    }

    /// Over every fixture and every real spec beside the project: whatever a request sends serializes,
    /// whatever a response brings deserializes, through `$ref`, `allOf`, unions, lists, maps, aliases
    /// and additional properties, and an impl never needs a trait a type inside it lacks.
    #[test]
    fn serde_traits_are_where_requests_and_responses_need_them() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let corpus = root.join("../shared/corpus");
        assert!(
            corpus.is_dir(),
            "the real specs are read from {} (beside the project)",
            corpus.display()
        );
        let mut specs = specs_in(&root.join("tests/fixtures"));
        specs.extend(specs_in(&corpus));
        let mut checked = 0;
        let mut gaps = Vec::new();
        for spec in &specs {
            let Ok((openapi, _)) = crate::load::load_file(spec) else {
                continue;
            };
            let config = crate::config::Config::for_crate("sdk");
            let mut diags = crate::diag::Diagnostics::default();
            let Some(api) = crate::lower::lower(&openapi, &config, "config", &mut diags) else {
                continue;
            };
            checked += 1;
            gaps.extend(
                serde_gaps(&api)
                    .into_iter()
                    .map(|gap| format!("{}: {gap}", spec.display())),
            );
        }
        assert!(checked >= 30, "only {checked} of {} specs were lowered", specs.len());
        assert!(gaps.is_empty(), "{}", gaps.join("\n"));
    }
}
