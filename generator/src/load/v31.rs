//! OpenAPI 3.1 descriptions, converted on the YAML tree into the OpenAPI 3.0 model the pipeline reads.
//!
//! What 3.0 can say the same way is converted silently (`type: [string, "null"]` is `nullable`, `const`
//! a one-value `enum`); what it cannot is converted to the closest form with a warning located in the
//! user's 3.1 document. The document-level parts ([`document`], [`finish`]) run around the ref
//! hoisting and the repairs; the schema keywords ([`schema_keywords`]) run inside the repairs' walk, so
//! that every schema is reached with the pointer of its place in the file.

use serde_yaml::{Mapping, Value};

use super::repair::key_text;
use crate::diag::{Category, Diagnostics, Pointer};

/// The key the webhooks are kept under once converted: Redoc's spelling of webhooks in OpenAPI 3.0,
/// which `openapiv3` keeps among the document's extensions.
pub const WEBHOOKS_KEY: &str = "x-webhooks";

/// The dialect OpenAPI 3.1 gives schemas when `jsonSchemaDialect` does not name another.
const OAS_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Whether `version` (the `openapi` field) is 3.1.x.
pub(super) fn is_v31(version: &str) -> bool {
    version == "3.1" || version.starts_with("3.1.")
}

/// The conversions of the document's own fields, before refs are hoisted: `paths` may be left out,
/// path items may be `$ref`s to `components/pathItems`, operations may leave out `responses`, and the
/// license may name an SPDX `identifier`.
pub(super) fn document(doc: &mut Value, name: &str, diags: &mut Diagnostics) {
    let Some(root) = doc.as_mapping_mut() else { return };
    if let Some(dialect) = root.get("jsonSchemaDialect").and_then(Value::as_str) {
        if dialect.trim_end_matches('/') != OAS_DIALECT {
            diags.warning_with_fix(
                Category::JsonSchemaDialect,
                format!("{name}: #/jsonSchemaDialect"),
                format!("the schemas are read in OpenAPI's own dialect, not `{dialect}`"),
                "leave `jsonSchemaDialect` out, or name OpenAPI's dialect",
            );
        }
    }
    if !root.contains_key("paths") {
        root.insert(Value::from("paths"), Value::Mapping(Mapping::new()));
    }
    license(root);
    // 3.1's one-line `summary` of the API is its description when it has none.
    if let Some(info) = root.get_mut("info").and_then(Value::as_mapping_mut) {
        if let (Some(summary), false) = (info.get("summary").cloned(), info.contains_key("description")) {
            info.insert(Value::from("description"), summary);
        }
    }
    let path_items = root
        .get("components")
        .and_then(|c| c.get("pathItems"))
        .and_then(Value::as_mapping)
        .cloned()
        .unwrap_or_default();
    let parameters = root
        .get("components")
        .and_then(|c| c.get("parameters"))
        .and_then(Value::as_mapping)
        .cloned()
        .unwrap_or_default();
    for section in ["paths", "webhooks"] {
        let Some(items) = root.get_mut(section).and_then(Value::as_mapping_mut) else {
            continue;
        };
        for (key, item) in items.iter_mut() {
            let Some(key) = key_text(key) else { continue };
            if key.starts_with("x-") {
                continue;
            }
            let at = Pointer::root().join(section).join(&key);
            inline_path_item(item, &path_items, &at, name, diags);
            operations_have_responses(item);
            described_parameter_refs(item, &parameters);
        }
    }
}

/// A parameter `$ref` with a `description` beside it (3.1 lets it override the component's) becomes a
/// copy of the component with that description: parameters are not types, so nothing else changes.
fn described_parameter_refs(item: &mut Value, parameters: &Mapping) {
    let Some(item) = item.as_mapping_mut() else { return };
    for (key, value) in item.iter_mut() {
        let lists: Vec<&mut Value> = match key.as_str() {
            Some("parameters") => vec![value],
            Some(k) if METHODS.contains(&k) => value.get_mut("parameters").into_iter().collect(),
            _ => Vec::new(),
        };
        for list in lists {
            for param in list.as_sequence_mut().into_iter().flatten() {
                let Some(description) = param.get("description").cloned() else {
                    continue;
                };
                let target = param
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/parameters/"))
                    .map(super::unescape)
                    .and_then(|t| parameters.get(t.as_str()));
                if let Some(Value::Mapping(target)) = target.filter(|t| t.get("$ref").is_none()) {
                    let mut copy = target.clone();
                    copy.insert(Value::from("description"), description);
                    *param = Value::Mapping(copy);
                }
            }
        }
    }
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// A path item `$ref: '#/components/pathItems/X'` becomes a copy of `X`; a `summary` or
/// `description` beside the ref wins over X's.
fn inline_path_item(item: &mut Value, path_items: &Mapping, at: &Pointer, name: &str, diags: &mut Diagnostics) {
    let Some(reference) = item.get("$ref").and_then(Value::as_str).map(str::to_owned) else {
        return;
    };
    let target = reference
        .strip_prefix("#/components/pathItems/")
        .map(super::unescape)
        .and_then(|t| path_items.get(t.as_str()).cloned());
    let Some(Value::Mapping(mut target)) = target else {
        diags.warning_with_fix(
            Category::PathItemRef,
            format!("{name}: {at}"),
            format!("the path item `$ref: {reference}` does not lead to an entry of `components/pathItems`; it has no operations"),
            "refer to `#/components/pathItems/<name>`, or write the path item here",
        );
        *item = Value::Mapping(Mapping::new());
        return;
    };
    if let Some(map) = item.as_mapping() {
        for key in ["summary", "description"] {
            if let Some(value) = map.get(key) {
                target.insert(Value::from(key), value.clone());
            }
        }
    }
    *item = Value::Mapping(target);
}

/// `responses` is optional on an operation in 3.1; an operation without it documents no response.
fn operations_have_responses(item: &mut Value) {
    let Some(item) = item.as_mapping_mut() else { return };
    for (key, op) in item.iter_mut() {
        let is_method = key.as_str().is_some_and(|k| METHODS.contains(&k));
        if let (true, Some(op)) = (is_method, op.as_mapping_mut()) {
            if !op.contains_key("responses") {
                op.insert(Value::from("responses"), Value::Mapping(Mapping::new()));
            }
        }
    }
}

/// The SPDX `identifier` of a 3.1 license is what a crate's `license` field takes: it is used as the
/// license's name, and its SPDX page as the URL when there is none.
fn license(root: &mut Mapping) {
    let Some(license) = root
        .get_mut("info")
        .and_then(|i| i.get_mut("license"))
        .and_then(Value::as_mapping_mut)
    else {
        return;
    };
    let Some(identifier) = license.remove("identifier") else {
        return;
    };
    let Some(id) = identifier.as_str() else { return };
    if !license.contains_key("url") {
        license.insert(
            Value::from("url"),
            Value::from(format!("https://spdx.org/licenses/{id}.html")),
        );
    }
    license.insert(Value::from("name"), Value::from(id));
}

/// After the repairs: the webhooks move to [`WEBHOOKS_KEY`], where lowering finds them.
pub(super) fn finish(doc: &mut Value) {
    let Some(root) = doc.as_mapping_mut() else { return };
    if let Some(webhooks) = root.remove("webhooks") {
        root.insert(Value::from(WEBHOOKS_KEY), webhooks);
    }
}

/// A warning of a schema conversion: the place, what was lost, and the fix.
pub(super) type Warn<'a> = dyn FnMut(Category, &Pointer, String, &str) + 'a;

/// The JSON Schema keywords of 3.1 that 3.0 lacks, converted in one schema before its subschemas are
/// walked. Boolean subschemas (`true`, `false`) become `{}` and `{not: {}}` first.
pub(super) fn schema_keywords(map: &mut Mapping, ptr: &Pointer, warn: &mut Warn<'_>) {
    boolean_subschemas(map);
    map.remove("$schema");
    map.remove("$id");
    map.remove("$anchor");
    map.remove("$comment");
    // Refs into `$defs` were hoisted into components; what is left there is not used.
    map.remove("$defs");
    map.remove("definitions");
    type_list(map, ptr, warn);
    const_members(map);
    content_keywords(map);
    prefix_items(map, ptr, warn);
    pattern_properties(map, ptr, warn);
    unevaluated(map, ptr, warn);
    let conditional: Vec<&str> = ["if", "then", "else", "dependentSchemas"]
        .into_iter()
        .filter(|key| map.remove(*key).is_some())
        .collect();
    if let Some(first) = conditional.first() {
        warn(
            Category::KeywordIgnored,
            &ptr.join(first),
            format!(
                "`{}` are not checked, and add nothing to the type: the schema is read without them",
                conditional.join("`, `")
            ),
            "describe each shape as a member of `oneOf`",
        );
    }
}

/// Keys whose value is one schema, and keys whose value is a list or a map of schemas.
/// (`unevaluatedProperties` keeps its booleans, like `additionalProperties`, which it becomes.)
const ONE_SCHEMA: &[&str] = &["items", "not", "if", "then", "else", "contains"];
const SCHEMA_LISTS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];
const SCHEMA_MAPS: &[&str] = &["properties", "patternProperties", "dependentSchemas"];

fn boolean_schema(value: &mut Value) {
    if let Value::Bool(b) = value {
        *value = if *b {
            Value::Mapping(Mapping::new())
        } else {
            let mut not = Mapping::new();
            not.insert(Value::from("not"), Value::Mapping(Mapping::new()));
            Value::Mapping(not)
        };
    }
}

/// `additionalProperties` keeps its booleans: OpenAPI 3.0 has them there too.
fn boolean_subschemas(map: &mut Mapping) {
    for key in ONE_SCHEMA {
        if let Some(value) = map.get_mut(*key) {
            boolean_schema(value);
        }
    }
    for key in SCHEMA_LISTS {
        if let Some(Value::Sequence(list)) = map.get_mut(*key) {
            list.iter_mut().for_each(boolean_schema);
        }
    }
    for key in SCHEMA_MAPS {
        if let Some(Value::Mapping(entries)) = map.get_mut(*key) {
            entries.values_mut().for_each(boolean_schema);
        }
    }
}

/// Keywords that apply to one JSON type only, to split a schema of several types.
fn keyword_type(key: &str) -> Option<&'static str> {
    Some(match key {
        "minLength" | "maxLength" | "pattern" | "contentEncoding" | "contentMediaType" => "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => "number",
        "items" | "prefixItems" | "minItems" | "maxItems" | "uniqueItems" | "contains" => "array",
        "properties"
        | "required"
        | "additionalProperties"
        | "patternProperties"
        | "minProperties"
        | "maxProperties"
        | "propertyNames"
        | "unevaluatedProperties"
        | "discriminator" => "object",
        _ => return None,
    })
}

/// `type: [string, integer]` (several types besides `null`) → `anyOf` with one member per type, each
/// with the keywords of its type; `null` makes the schema `nullable`. A single type with `null` is left
/// to the repairs, which make it `nullable` the same way as in a 3.0 document.
fn type_list(map: &mut Mapping, ptr: &Pointer, warn: &mut Warn<'_>) {
    let Some(Value::Sequence(types)) = map.get("type") else {
        return;
    };
    let nullable = types.iter().any(|t| t.as_str() == Some("null"));
    let mut others: Vec<String> = Vec::new();
    for t in types.iter().filter_map(Value::as_str).filter(|t| *t != "null") {
        if !others.iter().any(|o| o == t) {
            others.push(t.to_owned());
        }
    }
    if others.len() < 2 {
        if others.len() == 1 && types.len() > 2 {
            let mut list: Vec<Value> = vec![Value::from(others[0].as_str())];
            if nullable {
                list.push(Value::from("null"));
            }
            map.insert(Value::from("type"), Value::Sequence(list));
        }
        return;
    }
    if map.contains_key("oneOf") || map.contains_key("anyOf") || map.contains_key("allOf") {
        map.remove("type");
        warn(
            Category::Lossy31,
            &ptr.join("type"),
            format!(
                "a list of types ({}) beside a composition keyword is left out",
                others.join(", ")
            ),
            "put the types in the members of the composition",
        );
        if nullable {
            map.insert(Value::from("nullable"), Value::from(true));
        }
        return;
    }
    map.remove("type");
    let mut members = Vec::new();
    for t in &others {
        let mut member = Mapping::new();
        member.insert(Value::from("type"), Value::from(t.as_str()));
        let family = if t == "integer" { "number" } else { t.as_str() };
        for (key, value) in map.iter() {
            let Some(key) = key.as_str() else { continue };
            if keyword_type(key) == Some(family) {
                member.insert(Value::from(key), value.clone());
            }
        }
        if let Some(Value::Sequence(values)) = map.get("enum") {
            let fitting: Vec<Value> = values.iter().filter(|v| fits(v, t)).cloned().collect();
            if !fitting.is_empty() {
                member.insert(Value::from("enum"), Value::Sequence(fitting));
            }
        }
        members.push(Value::Mapping(member));
    }
    map.retain(|k, _| k.as_str().is_some_and(|k| keyword_type(k).is_none() && k != "enum"));
    map.insert(Value::from("anyOf"), Value::Sequence(members));
    if nullable {
        map.insert(Value::from("nullable"), Value::from(true));
    }
}

fn fits(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_bool(),
        "array" => value.is_sequence(),
        "object" => value.is_mapping(),
        _ => false,
    }
}

/// `oneOf`/`anyOf` whose members are all `const`s of one scalar type (an enum with a description per
/// value) → one `enum` of those values. The members' titles and descriptions are not kept.
fn const_members(map: &mut Mapping) {
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Sequence(members)) = map.get(key) else {
            continue;
        };
        let values: Option<Vec<&Value>> = members.iter().map(|m| m.get("const")).collect();
        let Some(values) = values.filter(|v| !v.is_empty()) else {
            continue;
        };
        let ty = match values[0] {
            Value::String(_) => "string",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Bool(_) => "boolean",
            _ => continue,
        };
        if !values.iter().all(|v| fits(v, ty)) {
            continue;
        }
        let member_type = members
            .iter()
            .find_map(|m| m.get("type").and_then(Value::as_str))
            .map(str::to_owned);
        let values: Vec<Value> = values.into_iter().cloned().collect();
        map.remove(key);
        map.insert(Value::from("enum"), Value::Sequence(values));
        if !map.contains_key("type") {
            let ty = match member_type.as_deref() {
                Some("number") if ty == "integer" => "number",
                _ => ty,
            };
            map.insert(Value::from("type"), Value::from(ty));
        }
    }
}

/// `contentEncoding: base64` on a string is OpenAPI 3.0's `format: byte`; `contentMediaType` of
/// anything but JSON or text, without an encoding, is raw bytes: `format: binary`.
fn content_keywords(map: &mut Mapping) {
    let encoding = map.remove("contentEncoding");
    let media = map.remove("contentMediaType");
    if map.contains_key("format") {
        return;
    }
    let format = match (
        encoding.as_ref().and_then(Value::as_str),
        media.as_ref().and_then(Value::as_str),
    ) {
        (Some(e), _) if e.eq_ignore_ascii_case("base64") || e.eq_ignore_ascii_case("base64url") => "byte",
        (None, Some(m)) if !is_textual(m) => "binary",
        _ => return,
    };
    map.insert(Value::from("format"), Value::from(format));
    if !map.contains_key("type") {
        map.insert(Value::from("type"), Value::from("string"));
    }
}

fn is_textual(media_type: &str) -> bool {
    let m = media_type.to_ascii_lowercase();
    m.starts_with("text/") || m.contains("json") || m.contains("xml") || m.ends_with("x-www-form-urlencoded")
}

/// A `multipart/form-data` part whose property says its `contentMediaType` is sent with that media
/// type, as OpenAPI 3.1 says, unless the `encoding` names one: the property becomes a file
/// (`format: binary`, see [`content_keywords`]) whose media type the `encoding` gives.
pub(super) fn part_media_types(media: &mut Value) {
    let Some(props) = media
        .get("schema")
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_mapping)
    else {
        return;
    };
    let found: Vec<(Value, String)> = props
        .iter()
        .filter_map(|(name, prop)| {
            let media_type = prop.get("contentMediaType")?.as_str()?;
            (prop.get("contentEncoding").is_none() && !is_textual(media_type))
                .then(|| (name.clone(), media_type.to_owned()))
        })
        .collect();
    if found.is_empty() {
        return;
    }
    let Some(media) = media.as_mapping_mut() else { return };
    let encoding = media
        .entry(Value::from("encoding"))
        .or_insert_with(|| Value::Mapping(Mapping::new()));
    let Some(encoding) = encoding.as_mapping_mut() else {
        return;
    };
    for (name, media_type) in found {
        let entry = encoding.entry(name).or_insert_with(|| Value::Mapping(Mapping::new()));
        if let Some(entry) = entry.as_mapping_mut() {
            if !entry.contains_key("contentType") {
                entry.insert(Value::from("contentType"), Value::from(media_type));
            }
        }
    }
}

/// `prefixItems` (a tuple) → an array of the one item type when every position has the same schema,
/// else of any JSON value.
fn prefix_items(map: &mut Mapping, ptr: &Pointer, warn: &mut Warn<'_>) {
    let Some(Value::Sequence(prefix)) = map.remove("prefixItems") else {
        return;
    };
    if !map.contains_key("type") {
        map.insert(Value::from("type"), Value::from("array"));
    }
    let rest = map
        .get("items")
        .filter(|i| i.as_mapping().is_some_and(|m| !m.is_empty()));
    let same = prefix
        .first()
        .filter(|first| prefix.iter().all(|p| p == *first) && rest.is_none_or(|r| r == *first));
    let what = match same {
        Some(one) => {
            map.insert(Value::from("items"), one.clone());
            "an array of its one item type"
        }
        None => {
            map.insert(Value::from("items"), Value::Mapping(Mapping::new()));
            "an array of any JSON values"
        }
    };
    warn(
        Category::Lossy31,
        &ptr.join("prefixItems"),
        format!(
            "`prefixItems` (a tuple of {} positions) is read as {what}",
            prefix.len()
        ),
        "describe the array with `items`",
    );
}

/// `patternProperties` → the values of a map (`additionalProperties`): of the one pattern's schema,
/// else of any value. The patterns are not checked.
fn pattern_properties(map: &mut Mapping, ptr: &Pointer, warn: &mut Warn<'_>) {
    let Some(Value::Mapping(patterns)) = map.remove("patternProperties") else {
        return;
    };
    if patterns.is_empty() {
        return;
    }
    let mut schemas = patterns.values();
    let first = schemas.next().cloned().unwrap_or_default();
    let value = if schemas.all(|s| *s == first) {
        first
    } else {
        Value::Mapping(Mapping::new())
    };
    let closed = map
        .get("additionalProperties")
        .is_some_and(|a| a.as_bool() == Some(false));
    if !map.contains_key("additionalProperties") || closed {
        map.insert(Value::from("additionalProperties"), value);
    }
    if !map.contains_key("type") {
        map.insert(Value::from("type"), Value::from("object"));
    }
    let patterns: Vec<String> = patterns.keys().filter_map(key_text).collect();
    warn(
        Category::Lossy31,
        &ptr.join("patternProperties"),
        format!(
            "`patternProperties` (`{}`) are read as additional properties; their names are not checked",
            patterns.join("`, `")
        ),
        "describe the map with `additionalProperties`",
    );
}

/// `unevaluatedProperties` → `additionalProperties` when the schema has none and composes nothing
/// (the two mean the same then); else it is left out.
fn unevaluated(map: &mut Mapping, ptr: &Pointer, warn: &mut Warn<'_>) {
    map.remove("unevaluatedItems");
    let Some(value) = map.remove("unevaluatedProperties") else {
        return;
    };
    let composes = ["allOf", "oneOf", "anyOf"].iter().any(|k| map.contains_key(*k));
    if !composes && !map.contains_key("additionalProperties") {
        map.insert(Value::from("additionalProperties"), value);
        return;
    }
    warn(
        Category::KeywordIgnored,
        &ptr.join("unevaluatedProperties"),
        "`unevaluatedProperties` beside a composition (OpenAPI 3.1) is not checked; the schema is read without it"
            .to_owned(),
        "write `additionalProperties` in the members",
    );
}
