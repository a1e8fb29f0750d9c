//! Repairs of deviations that real OpenAPI files commonly have, made on the YAML tree before it is
//! parsed strictly: each repair is a warning with its pointer and the fix to make in the file.
//!
//! Only what has one obvious meaning is repaired. Everything else stays for the strict parser (and
//! becomes a located error there).

use std::collections::HashMap;

use serde_yaml::{Mapping, Value};

use crate::diag::{Category, Diagnostics, Pointer};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Keys beside a `$ref` in a schema that change what the schema means for the generated code (docs,
/// optionality); they are kept by rewriting the schema as `allOf: [{$ref}]` with them.
const MEANINGFUL_REF_SIBLINGS: &[&str] = &[
    "nullable",
    "description",
    "readOnly",
    "writeOnly",
    "default",
    "deprecated",
];

/// Repairs `doc` in place. `name` (the file) prefixes every pointer; a component schema named in
/// `origins` came from that place of the file (`refs.rs`), and is located there.
///
/// `v31` says the document is OpenAPI 3.1: its keywords are converted (`v31.rs`), its webhooks walked
/// like its paths, and what 3.1 says the same way as 3.0 (`type: [string, "null"]`, `const`) is
/// converted without a warning, since nothing is lost and nothing is to be fixed.
pub(super) fn repair(
    doc: &mut Value,
    name: &str,
    origins: &HashMap<String, Pointer>,
    v31: bool,
    diags: &mut Diagnostics,
) {
    let mut r = Repairer { name, v31, diags };
    let root = Pointer::root();
    if let Some(servers) = doc.get_mut("servers") {
        r.servers(servers, &root.join("servers"));
    }
    let sections: &[&str] = if v31 { &["paths", "webhooks"] } else { &["paths"] };
    for section in sections {
        let Some(paths) = doc.get_mut(*section).and_then(Value::as_mapping_mut) else {
            continue;
        };
        for (path, item) in paths.iter_mut() {
            let Some(path) = key_text(path) else { continue };
            if path.starts_with("x-") {
                continue;
            }
            r.path_item(item, &root.join(section).join(&path));
        }
    }
    if let Some(components) = doc.get_mut("components").and_then(Value::as_mapping_mut) {
        let ptr = root.join("components");
        for (kind, entries) in components.iter_mut() {
            let Some(kind) = key_text(kind) else { continue };
            let Some(entries) = entries.as_mapping_mut() else {
                continue;
            };
            for (entry_name, value) in entries.iter_mut() {
                let Some(entry_name) = key_text(entry_name) else {
                    continue;
                };
                let at = match origins.get(&entry_name) {
                    Some(origin) if kind == "schemas" => origin.clone(),
                    _ => ptr.join(&kind).join(&entry_name),
                };
                match kind.as_str() {
                    "schemas" => r.schema(value, &at),
                    "responses" => r.response(value, &at),
                    "parameters" => r.parameter(value, &at),
                    "requestBodies" => r.request_body(value, &at),
                    "headers" => r.header(value, &at),
                    _ => {}
                }
            }
        }
    }
}

struct Repairer<'a> {
    name: &'a str,
    /// An OpenAPI 3.1 document (see [`repair`]).
    v31: bool,
    diags: &'a mut Diagnostics,
}

impl Repairer<'_> {
    fn warn(&mut self, category: Category, ptr: &Pointer, message: impl AsRef<str>, fix: impl AsRef<str>) {
        self.diags.warning_with_fix(
            category,
            format!("{}: {ptr}", self.name),
            format!("repaired: {}", message.as_ref()),
            fix.as_ref(),
        );
    }

    /// A warning about what OpenAPI 3.0 would call a deviation, which is valid OpenAPI 3.1 that 3.0
    /// says the same way: none for a 3.1 document.
    fn warn_3_0(&mut self, ptr: &Pointer, message: impl AsRef<str>, fix: impl AsRef<str>) {
        if !self.v31 {
            self.warn(Category::OpenApi31In30, ptr, message, fix);
        }
    }

    /// A warning of a 3.1 conversion that loses something, in the user's 3.1 terms.
    fn lost(&mut self, category: Category, ptr: &Pointer, message: String, fix: &str) {
        self.diags.warning_with_fix(
            category,
            format!("{}: {ptr}", self.name),
            format!("OpenAPI 3.1: {message}"),
            fix,
        );
    }

    fn path_item(&mut self, item: &mut Value, ptr: &Pointer) {
        let Some(item) = item.as_mapping_mut() else { return };
        for (key, value) in item.iter_mut() {
            let Some(key) = key_text(key) else { continue };
            if key == "parameters" {
                self.parameters(value, &ptr.join("parameters"));
            } else if key == "servers" {
                self.servers(value, &ptr.join("servers"));
            } else if METHODS.contains(&key.as_str()) {
                self.operation(value, &ptr.join(&key));
            }
        }
    }

    fn parameters(&mut self, list: &mut Value, ptr: &Pointer) {
        if let Some(list) = list.as_sequence_mut() {
            for (index, param) in list.iter_mut().enumerate() {
                self.parameter(param, &ptr.join(index.to_string()));
            }
        }
    }

    fn operation(&mut self, op: &mut Value, ptr: &Pointer) {
        let Some(op) = op.as_mapping_mut() else { return };
        for (key, value) in op.iter_mut() {
            match key.as_str() {
                Some("parameters") => self.parameters(value, &ptr.join("parameters")),
                Some("requestBody") => self.request_body(value, &ptr.join("requestBody")),
                Some("servers") => self.servers(value, &ptr.join("servers")),
                Some("responses") => {
                    let responses_ptr = ptr.join("responses");
                    if let Some(responses) = value.as_mapping_mut() {
                        for (status, response) in responses.iter_mut() {
                            let Some(status) = key_text(status) else { continue };
                            if !status.starts_with("x-") {
                                self.response(response, &responses_ptr.join(&status));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Server variables are text, but YAML reads `default: 80` as a number: its text is meant.
    fn servers(&mut self, list: &mut Value, ptr: &Pointer) {
        let Some(list) = list.as_sequence_mut() else { return };
        for (index, server) in list.iter_mut().enumerate() {
            let Some(variables) = server.get_mut("variables").and_then(Value::as_mapping_mut) else {
                continue;
            };
            for (variable, value) in variables.iter_mut() {
                let Some(variable) = key_text(variable) else { continue };
                let at = ptr.join(index.to_string()).join("variables").join(&variable);
                let mut changed = false;
                if let Some(default) = value.get_mut("default") {
                    changed |= stringify_scalar(default);
                }
                if let Some(Value::Sequence(values)) = value.get_mut("enum") {
                    for v in values {
                        changed |= stringify_scalar(v);
                    }
                }
                if changed {
                    self.warn(
                        Category::ValueConverted,
                        &at,
                        "a number or boolean as the value of a server variable is read as its text",
                        "quote the values of server variables (`default: '80'`)",
                    );
                }
            }
        }
    }

    /// A `$ref` outside a schema: its siblings mean nothing in OpenAPI 3.0 and are dropped. True when
    /// the value is a reference.
    fn reference(&mut self, value: &mut Value, ptr: &Pointer) -> bool {
        let Some(map) = value.as_mapping_mut() else {
            return false;
        };
        if !map.contains_key("$ref") {
            return false;
        }
        let siblings: Vec<String> = map.keys().filter_map(key_text).filter(|k| k != "$ref").collect();
        if !siblings.is_empty() && self.v31 {
            map.retain(|k, _| k.as_str() == Some("$ref"));
            self.lost(
                Category::RefSiblings,
                ptr,
                format!(
                    "`{}` beside `$ref` cannot be kept outside a schema: the referenced component's are used",
                    siblings.join("`, `")
                ),
                "move them into the referenced component",
            );
        } else if !siblings.is_empty() {
            map.retain(|k, _| k.as_str() == Some("$ref"));
            self.warn(
                Category::RefSiblings,
                ptr,
                format!(
                    "`{}` beside `$ref` (OpenAPI 3.0 ignores them) are dropped",
                    siblings.join("`, `")
                ),
                "move them into the referenced component, or remove them",
            );
        }
        true
    }

    fn parameter(&mut self, param: &mut Value, ptr: &Pointer) {
        if self.reference(param, ptr) {
            return;
        }
        if let Some(schema) = param.get_mut("schema") {
            self.schema(schema, &ptr.join("schema"));
        }
        self.content(param, ptr);
    }

    fn request_body(&mut self, body: &mut Value, ptr: &Pointer) {
        if !self.reference(body, ptr) {
            self.content(body, ptr);
        }
    }

    fn response(&mut self, response: &mut Value, ptr: &Pointer) {
        if self.reference(response, ptr) {
            return;
        }
        let Some(map) = response.as_mapping_mut() else { return };
        if !map.contains_key("description") {
            map.insert(Value::from("description"), Value::from(""));
            self.warn(
                Category::MissingDescription,
                ptr,
                "the response has no `description` (it is required); an empty one is used",
                "add `description: <what this response means>`",
            );
        }
        if let Some(headers) = response.get_mut("headers").and_then(Value::as_mapping_mut) {
            for (header_name, header) in headers.iter_mut() {
                let Some(header_name) = key_text(header_name) else {
                    continue;
                };
                self.header(header, &ptr.join("headers").join(&header_name));
            }
        }
        self.content(response, ptr);
    }

    fn header(&mut self, header: &mut Value, ptr: &Pointer) {
        if self.reference(header, ptr) {
            return;
        }
        if let Some(schema) = header.get_mut("schema") {
            self.schema(schema, &ptr.join("schema"));
        }
    }

    /// The schemas of `content.<media type>.schema`.
    fn content(&mut self, parent: &mut Value, ptr: &Pointer) {
        let Some(content) = parent.get_mut("content").and_then(Value::as_mapping_mut) else {
            return;
        };
        for (media_type, media) in content.iter_mut() {
            let Some(media_type) = key_text(media_type) else {
                continue;
            };
            if self.v31 && media_type.eq_ignore_ascii_case("multipart/form-data") {
                super::v31::part_media_types(media);
            }
            if let Some(schema) = media.get_mut("schema") {
                self.schema(schema, &ptr.join("content").join(&media_type).join("schema"));
            }
        }
    }

    fn schema(&mut self, schema: &mut Value, ptr: &Pointer) {
        if self.v31 {
            if let Value::Bool(b) = schema {
                // A boolean schema: `true` is any value, `false` none (read as `not: {}`).
                let mut map = Mapping::new();
                if !*b {
                    map.insert(Value::from("not"), Value::Mapping(Mapping::new()));
                }
                *schema = Value::Mapping(map);
            }
        }
        let Some(map) = schema.as_mapping_mut() else { return };
        if self.v31 && !map.contains_key("$ref") {
            let (name, diags) = (self.name, &mut *self.diags);
            super::v31::schema_keywords(map, ptr, &mut |category, at, message, fix| {
                diags.warning_with_fix(
                    category,
                    format!("{name}: {at}"),
                    format!("OpenAPI 3.1: {message}"),
                    fix,
                );
            });
        }
        if map.contains_key("$ref") {
            self.ref_siblings(map, ptr);
            // The rewrite above may have made an `allOf`; its one member is a plain reference.
            return;
        }
        self.type_list(map, ptr);
        self.null_members(map, ptr);
        self.null_type(map, ptr);
        self.const_value(map, ptr);
        self.examples_list(map, ptr);
        self.bounds(map, ptr);
        self.property_required(map, ptr);
        for key in ["properties"] {
            if let Some(props) = map.get_mut(key).and_then(Value::as_mapping_mut) {
                for (prop, value) in props.iter_mut() {
                    let Some(prop) = key_text(prop) else { continue };
                    self.schema(value, &ptr.join(key).join(&prop));
                }
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(value) = map
                .get_mut(key)
                .filter(|v| !(key == "additionalProperties" && v.is_bool()))
            {
                self.schema(value, &ptr.join(key));
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(list) = map.get_mut(key).and_then(Value::as_sequence_mut) {
                for (index, value) in list.iter_mut().enumerate() {
                    self.schema(value, &ptr.join(key).join(index.to_string()));
                }
            }
        }
    }

    /// `{$ref: X, nullable: true}` is common, and its author means both. OpenAPI 3.0 ignores siblings
    /// of `$ref`; `allOf: [{$ref: X}]` with the siblings says the same validly. Siblings that change
    /// nothing for the generated code (`example`, `title`, `type`, …) are dropped.
    fn ref_siblings(&mut self, map: &mut Mapping, ptr: &Pointer) {
        let siblings: Vec<String> = map.keys().filter_map(key_text).filter(|k| k != "$ref").collect();
        if siblings.is_empty() {
            return;
        }
        let (kept, dropped): (Vec<String>, Vec<String>) = siblings
            .into_iter()
            .partition(|k| MEANINGFUL_REF_SIBLINGS.contains(&k.as_str()) || k.starts_with("x-"));
        let reference = map.get("$ref").cloned().unwrap_or(Value::Null);
        map.retain(|k, _| k.as_str().is_some_and(|k| kept.iter().any(|kept| kept == k)));
        if kept.is_empty() {
            map.insert(Value::from("$ref"), reference);
        } else {
            let mut member = Mapping::new();
            member.insert(Value::from("$ref"), reference);
            map.insert(Value::from("allOf"), Value::Sequence(vec![Value::Mapping(member)]));
        }
        if self.v31 {
            // Siblings of `$ref` are valid 3.1: only the ones that say more than docs are worth a word.
            let lost: Vec<&String> = dropped
                .iter()
                .filter(|k| !["title", "$comment", "summary", "example", "examples"].contains(&k.as_str()))
                .collect();
            if !lost.is_empty() {
                let lost: Vec<&str> = lost.iter().map(|k| k.as_str()).collect();
                self.lost(
                    Category::RefSiblings,
                    ptr,
                    format!(
                        "`{}` beside `$ref` are not kept: the referenced schema's are used",
                        lost.join("`, `")
                    ),
                    "write them in the referenced schema, or in an `allOf` member beside the `$ref`",
                );
            }
            return;
        }
        let mut what = Vec::new();
        if !kept.is_empty() {
            what.push(format!("kept beside `allOf: [$ref]`: `{}`", kept.join("`, `")));
        }
        if !dropped.is_empty() {
            what.push(format!("dropped: `{}`", dropped.join("`, `")));
        }
        self.warn(
            Category::RefSiblings,
            ptr,
            format!("keywords beside `$ref` (OpenAPI 3.0 ignores them): {}", what.join("; ")),
            "write `allOf: [{$ref: …}]` with the keywords beside it",
        );
    }

    /// `type: [string, "null"]` (OpenAPI 3.1) → `type: string` and `nullable: true`.
    fn type_list(&mut self, map: &mut Mapping, ptr: &Pointer) {
        let Some(Value::Sequence(types)) = map.get("type") else {
            return;
        };
        let nullable = types.iter().any(|t| t.as_str() == Some("null"));
        let others: Vec<Value> = types.iter().filter(|t| t.as_str() != Some("null")).cloned().collect();
        if others.is_empty() && nullable {
            // `[null]` alone is `type: "null"`.
            map.insert(Value::from("type"), Value::from("null"));
            return;
        }
        let [single] = others.as_slice() else {
            // Several types are not one schema: left for the strict parser to refuse.
            return;
        };
        let single = single.clone();
        map.insert(Value::from("type"), single);
        if nullable {
            map.insert(Value::from("nullable"), Value::from(true));
        }
        self.warn_3_0(
            &ptr.join("type"),
            "a list of types (OpenAPI 3.1) is read as one type with `nullable`",
            "write `type: <one type>` and `nullable: true`",
        );
    }

    /// A `oneOf`/`anyOf` member `{type: "null"}` (OpenAPI 3.1's way to say "or null") → the member is
    /// dropped and the schema is `nullable: true`.
    fn null_members(&mut self, map: &mut Mapping, ptr: &Pointer) {
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Sequence(members)) = map.get_mut(key) else {
                continue;
            };
            let before = members.len();
            let mut index = 0;
            let mut dropped = Vec::new();
            members.retain(|member| {
                index += 1;
                let null = is_null_type(member);
                if null {
                    dropped.push(index - 1);
                }
                !null
            });
            if members.len() == before {
                continue;
            }
            if members.is_empty() {
                map.remove(key);
            }
            map.insert(Value::from("nullable"), Value::from(true));
            for index in dropped {
                self.warn_3_0(
                    &ptr.join(key).join(index.to_string()),
                    format!(
                        "a `type: \"null\"` member of `{key}` (OpenAPI 3.1) is read as `nullable: true` on the schema"
                    ),
                    format!("remove the member and write `nullable: true` beside `{key}`"),
                );
            }
        }
    }

    /// `type: "null"` alone (OpenAPI 3.1) → a schema of any value, `nullable: true`.
    fn null_type(&mut self, map: &mut Mapping, ptr: &Pointer) {
        if map.get("type").and_then(Value::as_str) != Some("null") {
            return;
        }
        map.remove("type");
        map.insert(Value::from("nullable"), Value::from(true));
        if self.v31 {
            self.lost(
                Category::Lossy31,
                &ptr.join("type"),
                "`type: \"null\"` alone (a value that is always null) is read as any JSON value that may be null"
                    .to_owned(),
                "leave the property out, or give it the type it has when it is not null",
            );
            return;
        }
        self.warn(
            Category::OpenApi31In30,
            &ptr.join("type"),
            "`type: \"null\"` (OpenAPI 3.1) is read as a schema of any value with `nullable: true`",
            "write `nullable: true` on the schema that may be null",
        );
    }

    /// `const: v` (OpenAPI 3.1) → `enum: [v]`, with the type of the value when the schema has none.
    fn const_value(&mut self, map: &mut Mapping, ptr: &Pointer) {
        let Some(value) = map.remove("const") else { return };
        let inferred = match &value {
            Value::String(_) => Some("string"),
            Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            Value::Number(_) => Some("number"),
            Value::Bool(_) => Some("boolean"),
            Value::Sequence(_) => Some("array"),
            Value::Mapping(_) => Some("object"),
            _ => None,
        };
        let mut what = format!("`enum: [{}]`", inline_text(&value));
        if value.is_null() {
            map.insert(Value::from("nullable"), Value::from(true));
            what = "`nullable: true`".to_owned();
        } else {
            map.insert(Value::from("enum"), Value::Sequence(vec![value]));
        }
        if let (Some(inferred), false) = (inferred, map.contains_key("type")) {
            map.insert(Value::from("type"), Value::from(inferred));
            what.push_str(&format!(" with `type: {inferred}`"));
        }
        self.warn_3_0(
            &ptr.join("const"),
            format!("`const` (OpenAPI 3.1) is read as {what}"),
            "write `enum: [<the value>]` (and its `type`)",
        );
    }

    /// `examples: [a, …]` in a schema (OpenAPI 3.1) → `example: a`.
    fn examples_list(&mut self, map: &mut Mapping, ptr: &Pointer) {
        let Some(Value::Sequence(_)) = map.get("examples") else {
            return;
        };
        let Some(Value::Sequence(examples)) = map.remove("examples") else {
            return;
        };
        let kept = match (examples.into_iter().next(), map.contains_key("example")) {
            (Some(first), false) => {
                map.insert(Value::from("example"), first);
                "its first value is read as `example`"
            }
            (_, true) => "it is dropped beside `example`",
            (None, false) => "it is empty and dropped",
        };
        self.warn_3_0(
            &ptr.join("examples"),
            format!("a list of `examples` in a schema (OpenAPI 3.1): {kept}"),
            "write `example: <one value>`",
        );
    }

    /// Bounds of integer schemas must be integers that fit `i64`; a 3.1-style numeric
    /// `exclusiveMinimum`/`exclusiveMaximum` becomes the 3.0 bound plus flag. The generator does not
    /// check bounds, so a bound that does not fit is dropped.
    fn bounds(&mut self, map: &mut Mapping, ptr: &Pointer) {
        for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
            if let Some(Value::Number(n)) = map.get(exclusive).cloned() {
                map.insert(Value::from(bound), Value::Number(n));
                map.insert(Value::from(exclusive), Value::from(true));
                self.warn_3_0(
                    &ptr.join(exclusive),
                    format!("a numeric `{exclusive}` (OpenAPI 3.1) is read as `{bound}` with `{exclusive}: true`"),
                    format!("write `{bound}: <n>` and `{exclusive}: true`"),
                );
            }
        }
        if map.get("type").and_then(Value::as_str) != Some("integer") {
            return;
        }
        for key in ["minimum", "maximum", "multipleOf"] {
            let Some(value) = map.get(key) else { continue };
            if value.as_i64().is_some() {
                continue;
            }
            let integral = value
                .as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= i64::MIN as f64 && *f <= i64::MAX as f64);
            match integral {
                Some(f) => {
                    map.insert(Value::from(key), Value::from(f as i64));
                    self.warn(
                        Category::ValueConverted,
                        &ptr.join(key),
                        format!("`{key}` of an integer schema is written as a decimal; its integer value is used"),
                        format!("write `{key}` without a fraction"),
                    );
                }
                None => {
                    map.remove(key);
                    self.warn(
                        Category::ValueConverted,
                        &ptr.join(key),
                        format!("`{key}` of an integer schema is not an integer that fits 64 bits; it is dropped (the generator does not check bounds)"),
                        format!("remove `{key}`, or give it a value within the 64-bit range"),
                    );
                }
            }
        }
        if let Some(Value::Sequence(values)) = map.get_mut("enum") {
            let before = values.len();
            values.retain(|v| v.is_null() || v.as_i64().is_some());
            if values.len() != before {
                self.warn(
                    Category::ValueConverted,
                    &ptr.join("enum"),
                    "values of an integer enum that are not 64-bit integers are dropped",
                    "list only integers in the `enum` of an integer schema",
                );
            }
        }
    }

    /// `required: true` on a property (a Swagger 2 habit) → the property is listed in the parent's
    /// `required`.
    fn property_required(&mut self, map: &mut Mapping, ptr: &Pointer) {
        let mut newly_required = Vec::new();
        if let Some(props) = map.get_mut("properties").and_then(Value::as_mapping_mut) {
            for (prop, value) in props.iter_mut() {
                let Some(prop_name) = key_text(prop) else { continue };
                let Some(prop_map) = value.as_mapping_mut() else {
                    continue;
                };
                let Some(Value::Bool(required)) = prop_map.get("required").cloned() else {
                    continue;
                };
                prop_map.remove("required");
                if required {
                    newly_required.push(prop_name.clone());
                }
                self.warn(
                    Category::PropertyRequiredFlag,
                    &ptr.join("properties").join(&prop_name).join("required"),
                    format!(
                        "`required: {required}` on a property is read as {}listing it in the object's `required`",
                        if required { "" } else { "not " }
                    ),
                    "list required properties in the object's `required` array",
                );
            }
        }
        if newly_required.is_empty() {
            return;
        }
        let entry = map
            .entry(Value::from("required"))
            .or_insert_with(|| Value::Sequence(Vec::new()));
        if let Value::Sequence(list) = entry {
            for name in newly_required {
                if !list.iter().any(|v| v.as_str() == Some(name.as_str())) {
                    list.push(Value::from(name));
                }
            }
        }
    }
}

/// Whether a schema is `{type: "null"}` (or `type: ["null"]`), whatever else it says (a description).
fn is_null_type(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Sequence(types)) => types.iter().all(|t| t.as_str() == Some("null")) && !types.is_empty(),
        _ => false,
    }
}

/// A short one-line YAML text of a value, for a message.
fn inline_text(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

/// Makes a number or boolean its text; true when it was one.
fn stringify_scalar(value: &mut Value) -> bool {
    match value {
        Value::Number(_) | Value::Bool(_) => {
            *value = Value::String(key_text(value).unwrap_or_default());
            true
        }
        _ => false,
    }
}

/// A mapping key as text: YAML allows numbers (`200:`) and booleans as keys.
pub(super) fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A mapping key as OpenAPI reads it: YAML allows numbers (`404:`) and booleans as keys, and OpenAPI
/// means their text (`openapiv3` fails on a number beside `default:` under `responses`).
pub(super) fn key_as_string(key: Value) -> Value {
    match key {
        Value::Number(_) | Value::Bool(_) => Value::String(key_text(&key).unwrap_or_default()),
        other => other,
    }
}

fn has_big_integer(value: &Value) -> bool {
    match value {
        Value::Tagged(tagged) => tagged.tag == BIG_INTEGER_TAG || has_big_integer(&tagged.value),
        Value::Sequence(items) => items.iter().any(has_big_integer),
        Value::Mapping(map) => map.values().any(has_big_integer),
        _ => false,
    }
}

/// The tag of a placeholder for an integer beyond 64 bits, which `serde_yaml::Value` cannot hold.
const BIG_INTEGER_TAG: &str = "!sdkgen-big-integer";

/// A YAML tree like `serde_yaml::Value`, except that integers beyond 64 bits do not fail the whole file:
/// they are kept as placeholders, which [`big_integers`] then turns into floats with a located warning.
pub(super) struct LenientValue(pub(super) Value);

impl<'de> serde::Deserialize<'de> for LenientValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor).map(LenientValue)
    }
}

struct LenientVisitor;

impl<'de> serde::de::Visitor<'de> for LenientVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(match i64::try_from(v) {
            Ok(v) => Value::from(v),
            Err(_) => big_integer(v.to_string()),
        })
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(match u64::try_from(v) {
            Ok(v) => Value::from(v),
            Err(_) => big_integer(v.to_string()),
        })
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(LenientValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Mapping::new();
        while let Some((LenientValue(key), LenientValue(value))) = map.next_entry()? {
            let key = key_as_string(key);
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format!(
                    "duplicate key {}",
                    key_text(&key).unwrap_or_default()
                )));
            }
            out.insert(key, value);
        }
        Ok(Value::Mapping(out))
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use serde::de::VariantAccess;
        // serde_yaml hands a tagged node (`!tag value`) over as an enum whose variant is the tag.
        let (tag, variant): (String, _) = data.variant()?;
        let LenientValue(value) = variant.newtype_variant()?;
        Ok(Value::Tagged(Box::new(serde_yaml::value::TaggedValue {
            tag: serde_yaml::value::Tag::new(tag),
            value,
        })))
    }
}

fn big_integer(digits: String) -> Value {
    Value::Tagged(Box::new(serde_yaml::value::TaggedValue {
        tag: serde_yaml::value::Tag::new(BIG_INTEGER_TAG),
        value: Value::String(digits),
    }))
}

/// Replaces the placeholders of integers beyond 64 bits with the nearest float, each with a warning.
pub(super) fn big_integers(value: &mut Value, ptr: &Pointer, name: &str, diags: &mut Diagnostics) {
    // Only the parts that hold one are walked with their pointers: most specs have none.
    if !has_big_integer(value) {
        return;
    }
    match value {
        Value::Tagged(tagged) if tagged.tag == BIG_INTEGER_TAG => {
            let digits = tagged.value.as_str().unwrap_or_default().to_owned();
            let float: f64 = digits.parse().unwrap_or(0.0);
            *value = Value::from(float);
            diags.warning_with_fix(
                Category::ValueConverted,
                format!("{name}: {ptr}"),
                format!("repaired: the integer {digits} does not fit 64 bits; it is read as the number {float:e}"),
                "use a value within the 64-bit range",
            );
        }
        Value::Tagged(tagged) => big_integers(&mut tagged.value, ptr, name, diags),
        Value::Sequence(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                big_integers(item, &ptr.join(index.to_string()), name, diags);
            }
        }
        Value::Mapping(map) => {
            for (key, item) in map.iter_mut() {
                let token = key_text(key).unwrap_or_default();
                big_integers(item, &ptr.join(token), name, diags);
            }
        }
        _ => {}
    }
}
