//! `$ref` resolution within one document: components only, refs to refs followed, cycles refused.

use openapiv3::{OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

/// The component kinds a `$ref` may point into.
pub(crate) trait Component: Sized {
    const KIND: &'static str;
    fn map(spec: &OpenAPI) -> Option<&indexmap::IndexMap<String, ReferenceOr<Self>>>;
}

impl Component for Schema {
    const KIND: &'static str = "schemas";
    fn map(spec: &OpenAPI) -> Option<&indexmap::IndexMap<String, ReferenceOr<Self>>> {
        spec.components.as_ref().map(|c| &c.schemas)
    }
}

impl Component for Parameter {
    const KIND: &'static str = "parameters";
    fn map(spec: &OpenAPI) -> Option<&indexmap::IndexMap<String, ReferenceOr<Self>>> {
        spec.components.as_ref().map(|c| &c.parameters)
    }
}

impl Component for RequestBody {
    const KIND: &'static str = "requestBodies";
    fn map(spec: &OpenAPI) -> Option<&indexmap::IndexMap<String, ReferenceOr<Self>>> {
        spec.components.as_ref().map(|c| &c.request_bodies)
    }
}

impl Component for Response {
    const KIND: &'static str = "responses";
    fn map(spec: &OpenAPI) -> Option<&indexmap::IndexMap<String, ReferenceOr<Self>>> {
        spec.components.as_ref().map(|c| &c.responses)
    }
}

/// The component name a local `$ref` names (`#/components/schemas/x` → `x`), unescaping `~1` and `~0`.
pub(crate) fn component_name<'r, T: Component>(reference: &'r str) -> Option<String> {
    let prefix = format!("#/components/{}/", T::KIND);
    let name: &'r str = reference.strip_prefix(prefix.as_str())?;
    (!name.contains('/')).then(|| crate::diag::Pointer::unescape_token(name))
}

/// Follows `$ref`s until an item: returns it with the name of the last component passed through.
pub(crate) fn resolve<'a, T: Component>(
    spec: &'a OpenAPI,
    item: &'a ReferenceOr<T>,
) -> Result<(&'a T, Option<String>), String> {
    let mut current = item;
    let mut name = None;
    let mut seen = Vec::new();
    loop {
        match current {
            ReferenceOr::Item(item) => return Ok((item, name)),
            ReferenceOr::Reference { reference } => {
                let component = component_name::<T>(reference).ok_or_else(|| {
                    format!(
                        "`$ref: {reference}` is not supported: only refs to `#/components/{}/…` are",
                        T::KIND
                    )
                })?;
                if seen.contains(&component) {
                    return Err(format!("`$ref: {reference}` refers to itself"));
                }
                current = T::map(spec)
                    .and_then(|m| m.get(&component))
                    .ok_or_else(|| format!("`$ref: {reference}` does not resolve"))?;
                seen.push(component.clone());
                name = Some(component);
            }
        }
    }
}
