//! Deserializing the repaired YAML tree into `openapiv3::OpenAPI` on all cores: the paths and the
//! component schemas, most of a large spec, are deserialized in runs of entries at once, and the rest
//! of the document beside them.
//!
//! Each run is a map of its own, deserialized as the map it came from is, and the runs' entries are
//! put back in order, so the result is the one the whole tree gives. The tree is taken apart, not
//! copied: each thread drops what it has read.

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, Paths, ReferenceOr, Schema};
use serde::Deserialize;
use serde_yaml::{Mapping, Value};

/// Into how many runs the paths and the schemas are each cut: more than there are cores, so that a
/// thread that finishes early takes another.
const RUNS: usize = 8;

/// A piece of the document, deserialized on its own.
enum Piece {
    /// The document without its paths and its components (both left empty).
    Rest(Value),
    Paths(Value),
    /// The components without their schemas (left empty).
    Components(Value),
    Schemas(Value),
}

/// What a piece gave; the larger ones boxed, as they move between threads.
enum Read {
    Rest(Box<OpenAPI>),
    Paths(Paths),
    Components(Box<Components>),
    Schemas(IndexMap<String, ReferenceOr<Schema>>),
}

/// The description the tree holds; `None` when it is not a valid one (the caller deserializes the
/// whole tree again to locate the error).
pub(super) fn openapi(doc: Value) -> Option<OpenAPI> {
    let Value::Mapping(mut top) = doc else {
        return None;
    };
    let paths = take_mapping(&mut top, "paths");
    let mut components = take_mapping(&mut top, "components");
    let schemas = components.as_mut().and_then(|c| take_mapping(c, "schemas"));
    let mut pieces = vec![Piece::Rest(Value::Mapping(top))];
    pieces.extend(runs(paths).map(Piece::Paths));
    pieces.extend(components.map(|c| Piece::Components(Value::Mapping(c))));
    pieces.extend(runs(schemas).map(Piece::Schemas));

    let read = crate::parallel::map(pieces, |piece| match piece {
        Piece::Rest(value) => OpenAPI::deserialize(value).ok().map(|api| Read::Rest(Box::new(api))),
        Piece::Paths(value) => Paths::deserialize(value).ok().map(Read::Paths),
        Piece::Components(value) => Components::deserialize(value)
            .ok()
            .map(|c| Read::Components(Box::new(c))),
        Piece::Schemas(value) => IndexMap::deserialize(value).ok().map(Read::Schemas),
    });
    let mut read = read.into_iter();
    let Some(Some(Read::Rest(api))) = read.next() else {
        return None;
    };
    let mut api = *api;
    let mut schemas = IndexMap::new();
    for piece in read {
        match piece? {
            Read::Rest(_) => return None,
            Read::Paths(paths) => {
                api.paths.paths.extend(paths.paths);
                api.paths.extensions.extend(paths.extensions);
            }
            Read::Components(components) => api.components = Some(*components),
            Read::Schemas(run) => schemas.extend(run),
        }
    }
    if !schemas.is_empty() {
        api.components.get_or_insert_with(Components::default).schemas = schemas;
    }
    Some(api)
}

/// The entries of the mapping under `key`, which is left in place and empty; `None` (and the entry
/// untouched) when there is no mapping there.
fn take_mapping(mapping: &mut Mapping, key: &str) -> Option<Mapping> {
    match mapping.get_mut(key) {
        Some(Value::Mapping(inner)) => Some(std::mem::take(inner)),
        _ => None,
    }
}

/// The entries of a mapping in up to [`RUNS`] runs, each a mapping, in order.
fn runs(mapping: Option<Mapping>) -> impl Iterator<Item = Value> {
    let mapping = mapping.unwrap_or_default();
    let size = mapping.len().div_ceil(RUNS).max(1);
    let mut entries = mapping.into_iter().peekable();
    std::iter::from_fn(move || {
        entries.peek()?;
        Some(Value::Mapping(entries.by_ref().take(size).collect()))
    })
}
