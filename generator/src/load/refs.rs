//! Schema `$ref`s to any place of the document (`#/components/responses/Conflict/content/…/schema`,
//! `#/components/schemas/A/properties/b`), made into refs to components, which is all lowering reads.
//!
//! Each schema such a ref reaches is moved into `components/schemas` under a name made from its place,
//! and left where it was as a ref to its new component, so that it is one type. Works on the YAML tree
//! before the repairs, and before anything is parsed strictly; costs one walk of the schema positions
//! when no such ref exists.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_yaml::{Mapping, Value};

use super::repair::key_text;
use crate::diag::{Category, Diagnostics, Pointer};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// What OpenAPI says a place of the document holds; only what leads to schemas is told apart.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Root,
    Paths,
    PathItem,
    Operation,
    Parameters,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Headers,
    Header,
    Content,
    MediaType,
    Callbacks,
    Callback,
    Components,
    ComponentSchemas,
    ComponentResponses,
    ComponentParameters,
    ComponentBodies,
    Schema,
    Properties,
    SchemaList,
}

/// The kind of the value at `token` inside a value of kind `kind`; `None` when it holds no schema.
fn child(kind: Kind, token: &str) -> Option<Kind> {
    use Kind::*;
    let extension = token.starts_with("x-");
    Some(match (kind, token) {
        (Root, "paths" | "webhooks") => Paths,
        (Root, "components") => Components,
        (Paths | Callback, _) if !extension => PathItem,
        (PathItem | Operation, "parameters") => Parameters,
        (PathItem, method) if METHODS.contains(&method) => Operation,
        (Operation, "requestBody") => RequestBody,
        (Operation, "responses") => Responses,
        (Operation, "callbacks") => Callbacks,
        (Parameters, _) => Parameter,
        (Responses, _) if !extension => Response,
        (Response, "headers") => Headers,
        (Response | RequestBody | Parameter | Header, "content") => Content,
        (Parameter | Header | MediaType, "schema") => Schema,
        (Headers, _) => Header,
        (Content, _) => MediaType,
        (Callbacks, _) => Callback,
        (Components, "schemas") => ComponentSchemas,
        (Components, "responses") => ComponentResponses,
        (Components, "parameters") => ComponentParameters,
        (Components, "requestBodies") => ComponentBodies,
        (Components, "headers") => Headers,
        (Components, "callbacks") => Callbacks,
        (Components, "pathItems") => Paths,
        (ComponentSchemas, _) => Schema,
        (ComponentResponses, _) => Response,
        (ComponentParameters, _) => Parameter,
        (ComponentBodies, _) => RequestBody,
        (Schema, "properties") => Properties,
        // OpenAPI 3.1's JSON Schema keywords hold schemas too: refs into `$defs` are common.
        (Schema, "$defs" | "definitions" | "patternProperties" | "dependentSchemas") => Properties,
        (Schema, "items" | "additionalProperties" | "not") => Schema,
        (Schema, "if" | "then" | "else" | "unevaluatedProperties" | "contains" | "propertyNames") => Schema,
        (Schema, "allOf" | "oneOf" | "anyOf" | "prefixItems") => SchemaList,
        (Properties | SchemaList, _) => Schema,
        _ => return None,
    })
}

/// A schema `$ref` that lowering cannot take as it is: where it is (tokens) and what it says.
struct Site {
    at: Vec<String>,
    reference: String,
}

/// Rewrites every schema `$ref` to a place other than `#/components/schemas/<name>` that reaches a
/// schema of this document, each reached schema hoisted into `components/schemas` with one warning.
/// Returns the new components' names with the pointers of the places they come from.
///
/// In an OpenAPI 3.1 document (`v31`), a ref into a schema's `$defs` is how JSON Schema shares a
/// schema: it is hoisted the same way, without a warning.
pub(super) fn hoist(doc: &mut Value, name: &str, v31: bool, diags: &mut Diagnostics) -> HashMap<String, Pointer> {
    let mut sites = Vec::new();
    find_sites(doc, Kind::Root, &mut Vec::new(), &mut sites);
    if sites.is_empty() {
        return HashMap::new();
    }
    // Where each distinct ref leads: a component schema, or a place to hoist.
    let leads = schema_leads(doc, &sites, name, diags);
    // The places to hoist, in the order of their pointers, named in that order.
    let mut places: BTreeMap<Vec<String>, Vec<&str>> = BTreeMap::new();
    for (reference, target) in &leads {
        if !is_component_schema(target) {
            places.entry(target.clone()).or_default().push(reference);
        }
    }
    let new_names = place_names(doc, places.keys());
    let new_ref = |target: &Vec<String>| match new_names.get(target) {
        Some(new) => format!("#/components/schemas/{}", Pointer::escape_token(new)),
        None => pointer(target).to_string(),
    };
    let rewritten: HashMap<String, String> = leads
        .iter()
        .map(|(reference, target)| (reference.to_string(), new_ref(target)))
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for site in &sites {
        let Some(new) = rewritten.get(&site.reference) else {
            continue;
        };
        *counts.entry(site.reference.as_str()).or_default() += 1;
        if let Some(Value::Mapping(map)) = value_mut(doc, &site.at) {
            map.insert(Value::from("$ref"), Value::from(new.as_str()));
        }
    }
    // Refs that lead to a component schema through other refs only need their new text.
    for (reference, target) in &leads {
        if is_component_schema(target) {
            diags.warning_with_fix(
                Category::RefToInlineSchema,
                format!("{name}: {reference}"),
                format!(
                    "repaired: {} schema `$ref`(s) to this place are read as `$ref: {}`, the component it leads to",
                    counts.get(reference).copied().unwrap_or_default(),
                    pointer(target)
                ),
                format!("write `$ref: '{}'`", pointer(target)),
            );
        }
    }
    move_to_components(doc, &new_names, new_ref);
    let mut origins = HashMap::new();
    for (place, references) in &places {
        let new = &new_names[place];
        let at = pointer(place);
        let refs: usize = references
            .iter()
            .map(|r| counts.get(r).copied().unwrap_or_default())
            .sum();
        origins.insert(new.clone(), at.clone());
        if v31 && place.iter().any(|t| t == "$defs") {
            continue;
        }
        let others: Vec<String> = references
            .iter()
            .filter(|r| **r != at.as_str())
            .map(|r| format!("`{r}`"))
            .collect();
        let through = if others.is_empty() {
            String::new()
        } else {
            format!(" (through {})", others.join(", "))
        };
        diags.warning_with_fix(
            Category::RefToInlineSchema,
            format!("{name}: {at}"),
            format!(
                "repaired: {refs} schema `$ref`(s){through} point to this place, not to a component; the schema moves to `#/components/schemas/{new}` (a `$ref` to it stays here) and they point there"
            ),
            format!("move the schema into `components/schemas` (as `{new}`) and refer to it there"),
        );
    }
    origins
}

/// Where each distinct schema `$ref` of the sites leads: a component schema, or a place holding a
/// schema; a ref to a response, request body or media type leads to the schema of its content, with a
/// warning. Refs that lead nowhere, or to no schema, are left out.
fn schema_leads<'s>(
    doc: &Value,
    sites: &'s [Site],
    name: &str,
    diags: &mut Diagnostics,
) -> BTreeMap<&'s str, Vec<String>> {
    let mut leads: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for site in sites {
        if leads.contains_key(site.reference.as_str()) {
            continue;
        }
        let Some(target) = resolve(doc, &site.reference, 0) else {
            continue;
        };
        let target = match kind_of(&target) {
            Some(Kind::Schema) => target,
            // A response, request body or media type where a schema belongs: the schema of its
            // content is what the ref can only mean.
            Some(kind @ (Kind::Response | Kind::RequestBody | Kind::MediaType)) => {
                let Some(schema) = schema_inside(doc, target.clone(), kind) else {
                    continue;
                };
                diags.warning_with_fix(
                    Category::RefKindMismatch,
                    format!("{name}: {}", pointer(&site.at)),
                    format!(
                        "repaired: `$ref: {}` names a {}, not a schema; where a schema is expected it reads as `{}`",
                        site.reference,
                        match kind {
                            Kind::Response => "response",
                            Kind::RequestBody => "request body",
                            _ => "media type",
                        },
                        pointer(&schema)
                    ),
                    format!("refer to the schema: `$ref: '{}'`", pointer(&schema)),
                );
                schema
            }
            _ => continue,
        };
        if kind_of(&target) != Some(Kind::Schema) {
            continue;
        }
        leads.insert(&site.reference, target);
    }
    leads
}

/// A new component name for each place, in order: made from the place, then the first free number after
/// it when a component or an earlier place has it (ignoring case and punctuation).
fn place_names<'p>(doc: &Value, places: impl Iterator<Item = &'p Vec<String>>) -> BTreeMap<Vec<String>, String> {
    let mut taken: HashSet<String> = component_names(doc).map(|n| normalized(&n)).collect();
    let mut new_names: BTreeMap<Vec<String>, String> = BTreeMap::new();
    for place in places {
        let base = name_of(doc, place);
        let mut candidate = base.clone();
        let mut n = 2;
        while !taken.insert(normalized(&candidate)) {
            candidate = format!("{base}{n}");
            n += 1;
        }
        new_names.insert(place.clone(), candidate);
    }
    new_names
}

/// Moves the schema at each place into `components/schemas` under its new name, leaving a `$ref` to it
/// (`new_ref`) in its place; the new components are added in the order of their names.
fn move_to_components(
    doc: &mut Value,
    new_names: &BTreeMap<Vec<String>, String>,
    new_ref: impl Fn(&Vec<String>) -> String,
) {
    // Deepest first: a place inside another moves out before its ancestor does.
    let mut order: Vec<&Vec<String>> = new_names.keys().collect();
    order.sort_by_key(|place| std::cmp::Reverse(place.len()));
    let mut hoisted = Vec::new();
    for place in order {
        let new = &new_names[place];
        let mut reference = Mapping::new();
        reference.insert(Value::from("$ref"), Value::from(new_ref(place)));
        let Some(slot) = value_mut(doc, place) else { continue };
        hoisted.push((new.clone(), std::mem::replace(slot, Value::Mapping(reference))));
    }
    hoisted.sort_by(|a, b| a.0.cmp(&b.0));
    let schemas = component_schemas_mut(doc);
    for (new, schema) in hoisted {
        schemas.insert(Value::from(new), schema);
    }
}

/// The schema of a response's or request body's content (its JSON media type, else its first), or of
/// a media type, followed through `$ref`s.
fn schema_inside(doc: &Value, mut place: Vec<String>, kind: Kind) -> Option<Vec<String>> {
    if kind != Kind::MediaType {
        let content = value(doc, &place)?.get("content")?.as_mapping()?;
        let media_types = || content.keys().filter_map(Value::as_str);
        let media_type = media_types()
            .find(|m| m.contains("json"))
            .or_else(|| media_types().next())?
            .to_owned();
        place.extend(["content".to_owned(), media_type]);
    }
    place.push("schema".to_owned());
    resolve(doc, pointer(&place).as_str(), 0)
}

/// A response given as `$ref` to a request body (`#/components/requestBodies/…`): both hold `content`,
/// so the response is written in place as one with the body's content and description, with a
/// warning. Such refs are a slip in the document; they have one meaning.
pub(super) fn responses_from_bodies(doc: &mut Value, name: &str, diags: &mut Diagnostics) {
    let mut sites: Vec<(Vec<String>, String)> = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_mapping) {
        for (path, item) in paths {
            let (Some(path), Some(item)) = (path.as_str(), item.as_mapping()) else {
                continue;
            };
            for (method, op) in item {
                let Some(method) = method.as_str().filter(|m| METHODS.contains(m)) else {
                    continue;
                };
                let Some(responses) = op.get("responses").and_then(Value::as_mapping) else {
                    continue;
                };
                for (status, response) in responses {
                    let reference = response.get("$ref").and_then(Value::as_str);
                    if let (Some(status), Some(reference)) = (status.as_str(), reference) {
                        if reference.starts_with("#/components/requestBodies/") {
                            let at = ["paths", path, method, "responses", status].map(str::to_owned).to_vec();
                            sites.push((at, reference.to_owned()));
                        }
                    }
                }
            }
        }
    }
    for (at, reference) in sites {
        let Some(body) = resolve(doc, &reference, 0)
            .and_then(|target| value(doc, &target))
            .cloned()
        else {
            continue;
        };
        let mut response = Mapping::new();
        let description = body.get("description").cloned().unwrap_or_else(|| Value::from(""));
        response.insert(Value::from("description"), description);
        if let Some(content) = body.get("content") {
            response.insert(Value::from("content"), content.clone());
        }
        if let Some(slot) = value_mut(doc, &at) {
            *slot = Value::Mapping(response);
        }
        diags.warning_with_fix(
            Category::RefKindMismatch,
            format!("{name}: {}", pointer(&at)),
            format!("repaired: the response is `$ref: {reference}`, a request body; it is read as a response with that body's content"),
            "refer to a response (`#/components/responses/…`), or write the response here",
        );
    }
}

/// Collects the schema `$ref`s below `value` whose target is not a component schema's own entry.
fn find_sites(value: &Value, kind: Kind, at: &mut Vec<String>, sites: &mut Vec<Site>) {
    match value {
        Value::Mapping(map) => {
            let reference = map.get("$ref").and_then(Value::as_str).filter(|_| kind == Kind::Schema);
            if let Some(reference) = reference.filter(|r| r.starts_with("#/") && !is_component_schema_ref(r)) {
                sites.push(Site {
                    at: at.clone(),
                    reference: reference.to_owned(),
                });
            }
            for (key, item) in map {
                let Some(key) = key_text(key) else { continue };
                if let Some(inner) = child(kind, &key) {
                    at.push(key);
                    find_sites(item, inner, at, sites);
                    at.pop();
                }
            }
        }
        Value::Sequence(items) => {
            for (index, item) in items.iter().enumerate() {
                let token = index.to_string();
                if let Some(inner) = child(kind, &token) {
                    at.push(token);
                    find_sites(item, inner, at, sites);
                    at.pop();
                }
            }
        }
        _ => {}
    }
}

fn is_component_schema_ref(reference: &str) -> bool {
    reference
        .strip_prefix("#/components/schemas/")
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

fn is_component_schema(target: &[String]) -> bool {
    matches!(target, [c, s, _] if c == "components" && s == "schemas")
}

fn kind_of(target: &[String]) -> Option<Kind> {
    target.iter().try_fold(Kind::Root, |kind, token| child(kind, token))
}

/// The tokens of a local ref (`#/a/b~1c/%7Bid%7D` → `a`, `b/c`, `{id}`).
fn tokens(reference: &str) -> Option<Vec<String>> {
    let rest = reference.strip_prefix("#/")?;
    Some(
        rest.split('/')
            .map(|t| Pointer::unescape_token(&percent_decode(t)))
            .collect(),
    )
}

fn percent_decode(token: &str) -> String {
    if !token.contains('%') {
        return token.to_owned();
    }
    let bytes = token.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| token.to_owned())
}

/// The place (tokens from the root, through no `$ref`) that `reference` leads to: `$ref`s on the way,
/// and a `$ref` that is all of the target, are followed. `None` when it leads nowhere or in a circle.
fn resolve(doc: &Value, reference: &str, depth: usize) -> Option<Vec<String>> {
    if depth > 32 {
        return None;
    }
    let mut place = Vec::new();
    let mut node = doc;
    for token in tokens(reference)? {
        if let Some(inner) = node.get("$ref").and_then(Value::as_str) {
            place = resolve(doc, inner, depth + 1)?;
            node = value(doc, &place)?;
        }
        node = step(node, &token)?;
        place.push(token);
    }
    match node {
        Value::Mapping(map) if map.len() == 1 => match map.get("$ref").and_then(Value::as_str) {
            Some(inner) => resolve(doc, inner, depth + 1),
            None => Some(place),
        },
        _ => Some(place),
    }
}

fn step<'a>(node: &'a Value, token: &str) -> Option<&'a Value> {
    match node {
        Value::Mapping(map) => map.get(token),
        Value::Sequence(items) => items.get(token.parse::<usize>().ok()?),
        _ => None,
    }
}

fn value<'a>(doc: &'a Value, place: &[String]) -> Option<&'a Value> {
    place.iter().try_fold(doc, |node, token| step(node, token))
}

fn value_mut<'a>(doc: &'a mut Value, place: &[String]) -> Option<&'a mut Value> {
    place.iter().try_fold(doc, |node, token| match node {
        Value::Mapping(map) => map.get_mut(token.as_str()),
        Value::Sequence(items) => items.get_mut(token.parse::<usize>().ok()?),
        _ => None,
    })
}

fn pointer(place: &[String]) -> Pointer {
    place.iter().fold(Pointer::root(), |p, token| p.join(token))
}

fn component_names(doc: &Value) -> impl Iterator<Item = String> + '_ {
    doc.get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_mapping)
        .into_iter()
        .flat_map(|m| m.keys().filter_map(key_text))
}

fn component_schemas_mut(doc: &mut Value) -> &mut Mapping {
    let Value::Mapping(root) = doc else {
        unreachable!("the version check found a mapping")
    };
    let components = root
        .entry(Value::from("components"))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    if !components.is_mapping() {
        *components = Value::Mapping(Mapping::new());
    }
    let Value::Mapping(components) = components else {
        unreachable!()
    };
    let schemas = components
        .entry(Value::from("schemas"))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    if !schemas.is_mapping() {
        *schemas = Value::Mapping(Mapping::new());
    }
    let Value::Mapping(schemas) = schemas else {
        unreachable!()
    };
    schemas
}

/// Names that the naming of types would make the same (`conflict_response`, `ConflictResponse`).
fn normalized(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The name of a hoisted schema, from its place: the words of the named things on the way, in
/// PascalCase (see the generator's README).
fn name_of(doc: &Value, place: &[String]) -> String {
    let mut words = String::new();
    let mut kind = Kind::Root;
    let mut node = Some(doc);
    for (index, token) in place.iter().enumerate() {
        let parent = kind;
        let Some(inner) = child(kind, token) else { break };
        kind = inner;
        let here = node.and_then(|n| step(n, token));
        let word = match (parent, inner) {
            (Kind::ComponentSchemas | Kind::Properties, _) => pascal(token),
            (Kind::ComponentResponses, _) => suffixed(token, "Response"),
            (Kind::ComponentBodies, _) => suffixed(token, "Request"),
            (Kind::ComponentParameters, _) => suffixed(token, "Parameter"),
            (Kind::Headers, _) => suffixed(token, "Header"),
            (Kind::Paths, _) => String::new(),
            (Kind::PathItem, Kind::Operation) => {
                match here.and_then(|op| op.get("operationId")).and_then(Value::as_str) {
                    Some(id) => pascal(id),
                    None => format!("{}{}", pascal(token), pascal(&place[index - 1])),
                }
            }
            (Kind::Parameters, _) => {
                let name = here
                    .and_then(|p| p.get("name"))
                    .and_then(Value::as_str)
                    .unwrap_or(token);
                suffixed(name, "Parameter")
            }
            (Kind::Operation, Kind::RequestBody) => "Request".to_owned(),
            (Kind::Responses, _) => format!("{}Response", pascal(token)),
            (Kind::Schema, Kind::Schema) => match token.as_str() {
                "items" => "Item".to_owned(),
                "additionalProperties" => "Value".to_owned(),
                "not" => "Not".to_owned(),
                other => pascal(other),
            },
            (Kind::SchemaList, _) => {
                let list = &place[index - 1];
                let number = token.parse::<usize>().map_or(0, |n| n + 1);
                match list.as_str() {
                    // The members of `allOf` are one type: only the place itself says which it is.
                    "allOf" if index + 1 < place.len() => String::new(),
                    "allOf" => format!("Part{number}"),
                    "prefixItems" => format!("Item{number}"),
                    _ => format!("Variant{number}"),
                }
            }
            _ => String::new(),
        };
        words.push_str(&word);
        node = here;
    }
    if words.is_empty() { "Schema".to_owned() } else { words }
}

/// The name in PascalCase ending in `suffix` (said once: `ErrorResponse` stays as it is).
fn suffixed(name: &str, suffix: &str) -> String {
    let name = pascal(name);
    if name.ends_with(suffix) { name } else { name + suffix }
}

/// `automation_actions-type` → `AutomationActionsType`, `/users/{id}` → `UsersId`; other letters kept.
fn pascal(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(chars).collect::<String>()
        })
        .collect()
}
