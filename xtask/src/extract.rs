//! Derives a small OpenAPI description (such as `openapi/tokens.yaml`) from a large upstream one, for `cargo xtask extract-spec` and the sdkgen maintainers who regenerate it.
//!
//! [`extract`] keeps the requested operations and everything they reference,
//! transitively, and nothing else; whatever it keeps is byte-for-byte the
//! upstream value, in upstream order:
//!
//! - `paths`: only the path items holding a requested operation, and in them
//!   only the requested operations, plus the item's own non-operation keys
//!   (`parameters`, `servers`, `summary`, `description`, `x-...`); `x-...`
//!   keys of `paths` itself stay.
//! - `components`: only the entries reached by following every `$ref`
//!   (`#/components/<kind>/<name>[/...]`, with `~0`/`~1` escapes) found in
//!   the kept document, recursively, plus the security schemes named by the
//!   top-level `security` or by a kept operation's `security`. `x-...` keys
//!   of `components` stay. Kinds left empty are dropped.
//! - `tags`: only the tag objects whose `name` a kept operation uses.
//! - every other top-level key (`openapi`, `info`, `servers`, `security`,
//!   `externalDocs`, `x-...`, ...) unchanged.
//!
//! Every `$ref` left in the output resolves inside the output. References
//! that are not local (`other.yaml#/...`), that point outside
//! `#/components`, or that do not resolve are errors. Percent-encoding in
//! references is not decoded.

use std::collections::{HashMap, HashSet};
use std::fmt::{self, Write as _};

use serde_yaml::{Mapping, Value};
use sha2::{Digest, Sha256};

/// The HTTP methods whose entries in a path item are operations (OpenAPI 3.0).
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Something in the upstream document that cannot be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// What could not be followed, e.g. `$ref '#/components/schemas/x'`.
    pub what: String,
    /// Where it was found, as a JSON pointer into the upstream document.
    pub location: String,
    /// Why it cannot be followed.
    pub reason: String,
}

/// Why [`extract`] could not derive the description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractError {
    /// The upstream text is not valid YAML.
    Parse(String),
    /// The arguments or the upstream document have an unusable shape.
    Invalid(String),
    /// Requested operation ids that are not found exactly once upstream, or
    /// that are requested more than once.
    OperationIds {
        /// Not found upstream, in the order requested.
        missing: Vec<String>,
        /// Found more than once upstream, with every location.
        ambiguous: Vec<(String, Vec<String>)>,
        /// Given more than once in the request.
        repeated: Vec<String>,
    },
    /// References (or security scheme names) that cannot be followed.
    Unresolved(Vec<Unresolved>),
    /// The result could not be written as YAML.
    Serialize(String),
}

impl fmt::Display for ExtractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Parse(msg) => write!(f, "upstream is not valid YAML: {}", one_line(msg)),
            Self::Invalid(msg) => write!(f, "{}", one_line(msg)),
            Self::OperationIds {
                missing,
                ambiguous,
                repeated,
            } => {
                let mut parts = Vec::new();
                if !missing.is_empty() {
                    parts.push(format!("not found upstream: {}", missing.join(", ")));
                }
                if !ambiguous.is_empty() {
                    let listed: Vec<String> = ambiguous
                        .iter()
                        .map(|(id, at)| format!("{id} (at {})", at.join(", ")))
                        .collect();
                    parts.push(format!("found more than once upstream: {}", listed.join(", ")));
                }
                if !repeated.is_empty() {
                    parts.push(format!("requested more than once: {}", repeated.join(", ")));
                }
                write!(f, "unusable operation ids: {}", one_line(&parts.join("; ")))
            }
            Self::Unresolved(problems) => {
                let listed: Vec<String> = problems
                    .iter()
                    .map(|p| format!("{} at {} ({})", p.what, p.location, p.reason))
                    .collect();
                write!(
                    f,
                    "{} unresolvable reference(s): {}",
                    problems.len(),
                    one_line(&listed.join("; "))
                )
            }
            Self::Serialize(msg) => write!(f, "cannot write the result as YAML: {}", one_line(msg)),
        }
    }
}

impl std::error::Error for ExtractError {}

/// Keeps a message on one line.
fn one_line(msg: &str) -> String {
    msg.split(['\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}

/// Derives from `upstream_yaml` the description of the operations named in
/// `operation_ids` and everything they reference; returns the YAML text,
/// headed by a two-line comment naming `source_name` and the operations.
pub fn extract(upstream_yaml: &str, source_name: &str, operation_ids: &[String]) -> Result<String, ExtractError> {
    if operation_ids.is_empty() {
        return Err(ExtractError::Invalid("no operation ids requested".into()));
    }
    if source_name.contains(['\n', '\r']) {
        return Err(ExtractError::Invalid("the source name must be a single line".into()));
    }
    if let Some(bad) = operation_ids.iter().find(|id| id.contains([',', '\n', '\r'])) {
        return Err(ExtractError::Invalid(format!(
            "operation id {bad:?} contains a comma or a line break"
        )));
    }

    let upstream: Value = serde_yaml::from_str(upstream_yaml).map_err(|e| ExtractError::Parse(e.to_string()))?;
    let Some(root) = upstream.as_mapping() else {
        return Err(ExtractError::Invalid(
            "the upstream document is not a YAML mapping".into(),
        ));
    };
    let components = match root.get("components") {
        None => None,
        Some(Value::Mapping(m)) => Some(m),
        Some(_) => {
            return Err(ExtractError::Invalid("upstream `components` is not a mapping".into()));
        }
    };
    let empty = Mapping::new();
    let paths = match root.get("paths") {
        None => &empty,
        Some(Value::Mapping(m)) => m,
        Some(_) => {
            return Err(ExtractError::Invalid("upstream `paths` is not a mapping".into()));
        }
    };

    let selected = select_operations(paths, operation_ids)?;
    let kept = filter_paths(paths, &selected)?;

    let mut follower = Follower {
        components,
        kept: HashSet::new(),
        queue: Vec::new(),
        problems: Vec::new(),
    };

    // Security schemes named by the top-level and the kept operations' requirements.
    let mut scheme_names = Vec::new();
    if let Some(security) = root.get("security") {
        security_names(security, "#/security", &mut scheme_names)?;
    }
    scheme_names.extend(kept.scheme_names);
    for (name, location) in &scheme_names {
        follower.keep_security_scheme(name, location);
    }

    // The output document, components aside, in upstream key order.
    let mut out = Mapping::new();
    for (key, value) in root {
        match key.as_str() {
            Some("paths") => {
                out.insert(key.clone(), Value::Mapping(kept.paths.clone()));
            }
            Some("components") => {
                // Placeholder keeping the upstream position; filled below.
                out.insert(key.clone(), Value::Null);
            }
            Some("tags") => {
                let tags = filter_tags(value, &kept.tag_names)?;
                if !tags.is_empty() {
                    out.insert(key.clone(), Value::Sequence(tags));
                }
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }

    // Follow every reference in what is kept, then in what that reaches.
    for (key, value) in &out {
        if key.as_str() == Some("components") {
            continue;
        }
        let mut location = vec![key_text(key).unwrap_or_else(|| "?".into())];
        follower.follow_all_in(value, &mut location);
    }
    if let Some(components) = components {
        for (key, value) in components {
            if is_extension(key) {
                let mut location = vec!["components".into(), key_text(key).unwrap_or_default()];
                follower.follow_all_in(value, &mut location);
            }
        }
    }
    while let Some((kind, name, value)) = follower.queue.pop() {
        let mut location = vec!["components".into(), kind, name];
        follower.follow_all_in(value, &mut location);
    }
    if !follower.problems.is_empty() {
        return Err(ExtractError::Unresolved(follower.problems));
    }

    let kept_components = components.map(|c| filter_components(c, &follower.kept));
    match kept_components {
        Some(c) if !c.is_empty() => {
            out.insert(Value::from("components"), Value::Mapping(c));
        }
        _ => {
            out.remove("components");
        }
    }

    let body = serde_yaml::to_string(&Value::Mapping(out)).map_err(|e| ExtractError::Serialize(e.to_string()))?;
    Ok(format!(
        "# Derived from {source_name} by `cargo xtask extract-spec`; see openapi/README.md. Do not edit by hand.\n# Operations: {}\n{body}",
        operation_ids.join(", ")
    ))
}

/// Finds each requested operation exactly once: returns, per path item
/// index, the methods to keep.
fn select_operations(
    paths: &Mapping,
    operation_ids: &[String],
) -> Result<HashMap<usize, HashSet<String>>, ExtractError> {
    let wanted: HashSet<&str> = operation_ids.iter().map(String::as_str).collect();
    let mut found: HashMap<&str, Vec<(usize, String, String)>> = HashMap::new();
    for (index, (path, item)) in paths.iter().enumerate() {
        let Some(item) = item.as_mapping() else {
            continue;
        };
        for (method, operation) in item {
            let Some(method) = method.as_str().filter(|m| METHODS.contains(m)) else {
                continue;
            };
            let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            if wanted.contains(id) {
                let path_text = key_text(path).unwrap_or_default();
                let location = pointer(&["paths".into(), path_text, method.into()]);
                found.entry(id).or_default().push((index, method.to_string(), location));
            }
        }
    }

    let mut missing = Vec::new();
    let mut ambiguous = Vec::new();
    let mut repeated = Vec::new();
    let mut seen = HashSet::new();
    for id in operation_ids {
        if !seen.insert(id.as_str()) {
            if !repeated.contains(id) {
                repeated.push(id.clone());
            }
            continue;
        }
        match found.get(id.as_str()).map(Vec::as_slice) {
            None | Some([]) => missing.push(id.clone()),
            Some([_]) => {}
            Some(many) => ambiguous.push((id.clone(), many.iter().map(|(_, _, at)| at.clone()).collect())),
        }
    }
    if !missing.is_empty() || !ambiguous.is_empty() || !repeated.is_empty() {
        return Err(ExtractError::OperationIds {
            missing,
            ambiguous,
            repeated,
        });
    }

    let mut selected: HashMap<usize, HashSet<String>> = HashMap::new();
    for (index, method, _) in found.into_values().flatten() {
        selected.entry(index).or_default().insert(method);
    }
    Ok(selected)
}

/// What is kept of `paths`, with what the kept operations use.
struct KeptPaths {
    paths: Mapping,
    tag_names: HashSet<String>,
    /// Security scheme names with where they are required.
    scheme_names: Vec<(String, String)>,
}

fn filter_paths(paths: &Mapping, selected: &HashMap<usize, HashSet<String>>) -> Result<KeptPaths, ExtractError> {
    let mut kept = KeptPaths {
        paths: Mapping::new(),
        tag_names: HashSet::new(),
        scheme_names: Vec::new(),
    };
    for (index, (path, item)) in paths.iter().enumerate() {
        if is_extension(path) {
            kept.paths.insert(path.clone(), item.clone());
            continue;
        }
        let (Some(methods), Some(item)) = (selected.get(&index), item.as_mapping()) else {
            continue;
        };
        let path_text = key_text(path).unwrap_or_default();
        let mut new_item = Mapping::new();
        for (key, value) in item {
            let method = key.as_str().filter(|k| METHODS.contains(k));
            match method {
                Some(method) if methods.contains(method) => {
                    if let Some(tags) = value.get("tags").and_then(Value::as_sequence) {
                        kept.tag_names
                            .extend(tags.iter().filter_map(Value::as_str).map(String::from));
                    }
                    if let Some(security) = value.get("security") {
                        let location = pointer(&["paths".into(), path_text.clone(), method.into(), "security".into()]);
                        security_names(security, &location, &mut kept.scheme_names)?;
                    }
                    new_item.insert(key.clone(), value.clone());
                }
                Some(_) => {}
                None => {
                    new_item.insert(key.clone(), value.clone());
                }
            }
        }
        kept.paths.insert(path.clone(), Value::Mapping(new_item));
    }
    Ok(kept)
}

/// Collects the scheme names of a list of security requirement objects.
fn security_names(security: &Value, location: &str, out: &mut Vec<(String, String)>) -> Result<(), ExtractError> {
    let Some(requirements) = security.as_sequence() else {
        return Err(ExtractError::Invalid(format!("`security` at {location} is not a list")));
    };
    for (i, requirement) in requirements.iter().enumerate() {
        let Some(requirement) = requirement.as_mapping() else {
            return Err(ExtractError::Invalid(format!(
                "security requirement at {location}/{i} is not a mapping"
            )));
        };
        for name in requirement.keys() {
            let Some(name) = name.as_str() else {
                return Err(ExtractError::Invalid(format!(
                    "security requirement at {location}/{i} has a non-string scheme name"
                )));
            };
            out.push((name.to_string(), format!("{location}/{i}")));
        }
    }
    Ok(())
}

fn filter_tags(tags: &Value, used: &HashSet<String>) -> Result<Vec<Value>, ExtractError> {
    let Some(tags) = tags.as_sequence() else {
        return Err(ExtractError::Invalid("upstream `tags` is not a list".into()));
    };
    Ok(tags
        .iter()
        .filter(|tag| {
            tag.get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| used.contains(name))
        })
        .cloned()
        .collect())
}

fn filter_components(components: &Mapping, kept: &HashSet<(String, String)>) -> Mapping {
    let mut out = Mapping::new();
    for (kind, entries) in components {
        if is_extension(kind) {
            out.insert(kind.clone(), entries.clone());
            continue;
        }
        let (Some(kind_text), Some(entries)) = (key_text(kind), entries.as_mapping()) else {
            continue;
        };
        let mut new_entries = Mapping::new();
        for (name, value) in entries {
            let Some(name_text) = key_text(name) else {
                continue;
            };
            if kept.contains(&(kind_text.clone(), name_text)) {
                new_entries.insert(name.clone(), value.clone());
            }
        }
        if !new_entries.is_empty() {
            out.insert(kind.clone(), Value::Mapping(new_entries));
        }
    }
    out
}

/// Follows references into the upstream `components`, remembering what they reach.
struct Follower<'a> {
    components: Option<&'a Mapping>,
    /// (kind, name) of every component reached.
    kept: HashSet<(String, String)>,
    /// Components reached whose own references are still to follow.
    queue: Vec<(String, String, &'a Value)>,
    problems: Vec<Unresolved>,
}

impl<'a> Follower<'a> {
    fn problem(&mut self, what: String, location: String, reason: String) {
        self.problems.push(Unresolved { what, location, reason });
    }

    fn keep_security_scheme(&mut self, name: &str, location: &str) {
        let what = format!("security scheme '{name}'");
        let entry = self
            .components
            .and_then(|c| c.get("securitySchemes"))
            .and_then(Value::as_mapping)
            .and_then(|schemes| lookup(schemes, name));
        match entry {
            Some(entry) => self.keep("securitySchemes", name, entry),
            None => self.problem(
                what,
                location.to_string(),
                format!("no components/securitySchemes/{name}"),
            ),
        }
    }

    fn keep(&mut self, kind: &str, name: &str, entry: &'a Value) {
        if self.kept.insert((kind.to_string(), name.to_string())) {
            self.queue.push((kind.to_string(), name.to_string(), entry));
        }
    }

    /// Follows every `$ref` inside `value`, found at `location`.
    fn follow_all_in(&mut self, value: &Value, location: &mut Vec<String>) {
        match value {
            Value::Mapping(map) => {
                for (key, child) in map {
                    let key_str = key_text(key).unwrap_or_else(|| "?".into());
                    if let (true, Value::String(reference)) = (key_str == "$ref", child) {
                        let at = pointer(location);
                        self.follow(reference, at);
                        continue;
                    }
                    location.push(key_str);
                    self.follow_all_in(child, location);
                    location.pop();
                }
            }
            Value::Sequence(items) => {
                for (i, child) in items.iter().enumerate() {
                    location.push(i.to_string());
                    self.follow_all_in(child, location);
                    location.pop();
                }
            }
            Value::Tagged(tagged) => self.follow_all_in(&tagged.value, location),
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
        }
    }

    fn follow(&mut self, reference: &str, location: String) {
        let what = format!("$ref '{reference}'");
        let (kind, name, rest) = match parse_ref(reference) {
            Ok(parts) => parts,
            Err(reason) => return self.problem(what, location, reason),
        };
        let Some(components) = self.components else {
            return self.problem(what, location, "the document has no components".into());
        };
        let Some(entries) = components.get(kind.as_str()).and_then(Value::as_mapping) else {
            return self.problem(what, location, format!("no components/{kind}"));
        };
        let Some(entry) = lookup(entries, &name) else {
            return self.problem(what, location, "no such component".into());
        };
        if let Err(reason) = resolve_inside(entry, &rest) {
            return self.problem(what, location, reason);
        }
        self.keep(&kind, &name, entry);
    }
}

/// Splits `#/components/<kind>/<name>[/...]` into kind, name and the rest,
/// each unescaped.
fn parse_ref(reference: &str) -> Result<(String, String, Vec<String>), String> {
    let Some(fragment) = reference.strip_prefix('#') else {
        return Err("not a local reference; only '#/components/...' is supported".into());
    };
    let Some(pointer) = fragment.strip_prefix('/') else {
        return Err("only '#/components/<kind>/<name>' references are supported".into());
    };
    let mut segments = pointer
        .split('/')
        .map(unescape)
        .collect::<Result<Vec<_>, _>>()?
        .into_iter();
    match (segments.next(), segments.next(), segments.next()) {
        (Some(first), Some(kind), Some(name)) if first == "components" => Ok((kind, name, segments.collect())),
        _ => Err("only '#/components/<kind>/<name>' references are supported".into()),
    }
}

/// Undoes JSON pointer escaping (`~1` is `/`, `~0` is `~`).
fn unescape(segment: &str) -> Result<String, String> {
    let mut out = String::with_capacity(segment.len());
    let mut chars = segment.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return Err(format!("invalid '~' escape in pointer segment '{segment}'")),
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// JSON pointer (as a URI fragment) of a location given as unescaped segments.
fn pointer(segments: &[String]) -> String {
    let mut out = String::from("#");
    for segment in segments {
        out.push('/');
        out.push_str(&segment.replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// Checks that the pointer segments `rest` lead somewhere inside `value`.
fn resolve_inside(mut value: &Value, rest: &[String]) -> Result<(), String> {
    for segment in rest {
        if let Value::Tagged(tagged) = value {
            value = &tagged.value;
        }
        let next = match value {
            Value::Mapping(map) => lookup(map, segment),
            Value::Sequence(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        match next {
            Some(next) => value = next,
            None => return Err(format!("nothing at '{segment}' inside the component")),
        }
    }
    Ok(())
}

/// The entry of `map` named `name`: a string key, else a scalar key written
/// the same way (YAML reads an unquoted `404:` as a number).
fn lookup<'m>(map: &'m Mapping, name: &str) -> Option<&'m Value> {
    map.get(name).or_else(|| {
        map.iter()
            .find(|(key, _)| !key.is_string() && key_text(key).as_deref() == Some(name))
            .map(|(_, value)| value)
    })
}

/// The text of a scalar mapping key.
fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn is_extension(key: &Value) -> bool {
    key.as_str().is_some_and(|k| k.starts_with("x-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn run(spec: &str, ops: &[&str]) -> Result<String, ExtractError> {
        extract(spec, "upstream.yaml", &ids(ops))
    }

    fn parsed(text: &str) -> Value {
        serde_yaml::from_str(text).expect("output parses")
    }

    /// Names of the entries of `components/<kind>` in the output, in order.
    fn names(doc: &Value, kind: &str) -> Vec<String> {
        doc.get("components")
            .and_then(|c| c.get(kind))
            .and_then(Value::as_mapping)
            .map(|m| m.keys().filter_map(key_text).collect())
            .unwrap_or_default()
    }

    fn top_keys(doc: &Value) -> Vec<String> {
        doc.as_mapping()
            .map(|m| m.keys().filter_map(key_text).collect())
            .unwrap_or_default()
    }

    const PETS: &str = r##"
openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
  description: "Line one\n  indented, trailing space \nend"
x-top: {keep: me}
servers:
  - url: https://example.com
security:
  - bearer: []
tags:
  - name: pets
    description: Pet things
  - name: unused
  - name: owners
    x-tag-ext: 1
paths:
  x-paths-ext: kept
  /pets:
    summary: Pets
    parameters:
      - $ref: '#/components/parameters/Trace'
    get:
      operationId: listPets
      tags: [pets]
      x-op-ext: {a: 1}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/PetList'
        '404':
          $ref: '#/components/responses/NotFound'
    post:
      operationId: createPet
      requestBody:
        $ref: '#/components/requestBodies/NewPet'
      responses:
        '201':
          description: created
  /owners/{id}:
    get:
      operationId: getOwner
      tags: [owners]
      security:
        - apiKey: []
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Owner'
  /unused:
    get:
      operationId: unused
      responses:
        '200':
          $ref: '#/components/responses/Unused'
components:
  x-components-ext: true
  schemas:
    Zebra:
      type: string
    PetList:
      type: array
      items:
        $ref: '#/components/schemas/Pet'
    Unrelated:
      type: integer
    Pet:
      type: object
      properties:
        owner:
          $ref: '#/components/schemas/Owner'
        kind:
          $ref: '#/components/schemas/Kind'
    Kind:
      type: string
      enum: [cat, dog]
    Owner:
      type: object
      description: "Keeps   odd   spacing\ttabs"
      properties:
        pets:
          type: array
          items:
            $ref: '#/components/schemas/Pet'
        best:
          $ref: '#/components/schemas/Owner'
    Error:
      type: object
      properties:
        message:
          type: string
  parameters:
    Trace:
      name: X-Trace
      in: header
      schema:
        $ref: '#/components/schemas/Zebra'
  responses:
    NotFound:
      description: not found
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Error'
    Unused:
      description: unused
  requestBodies:
    NewPet:
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/Pet'
  securitySchemes:
    apiKey:
      type: apiKey
      in: header
      name: X-Key
    bearer:
      type: http
      scheme: bearer
    basic:
      type: http
      scheme: basic
"##;

    #[test]
    fn transitive_refs_through_schemas_and_responses() {
        let out = parsed(&run(PETS, &["listPets"]).unwrap());
        // PetList -> Pet -> Owner, Kind; NotFound -> Error; path-level Trace -> Zebra.
        assert_eq!(
            names(&out, "schemas"),
            ["Zebra", "PetList", "Pet", "Kind", "Owner", "Error"]
        );
        assert_eq!(names(&out, "responses"), ["NotFound"]);
        assert_eq!(names(&out, "parameters"), ["Trace"]);
        assert!(names(&out, "requestBodies").is_empty());
    }

    #[test]
    fn extensions_of_kept_operations_are_kept_whole() {
        // The generator reads long-form docs from them (`doc_extensions`: `x-mint.content`).
        let out = parsed(&run(PETS, &["listPets"]).unwrap());
        let extension = out
            .get("paths")
            .and_then(|p| p.get("/pets"))
            .and_then(|p| p.get("get"))
            .and_then(|o| o.get("x-op-ext"))
            .and_then(|e| e.get("a"));
        assert_eq!(extension.and_then(Value::as_i64), Some(1));
    }

    #[test]
    fn request_bodies_followed_only_when_their_operation_is_kept() {
        let out = parsed(&run(PETS, &["createPet"]).unwrap());
        assert_eq!(names(&out, "requestBodies"), ["NewPet"]);
        assert_eq!(names(&out, "schemas"), ["Zebra", "Pet", "Kind", "Owner"]);
        assert!(names(&out, "responses").is_empty());
    }

    #[test]
    fn cycles_terminate() {
        let spec = r##"
openapi: 3.0.3
paths:
  /a:
    get:
      operationId: a
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/A'}
components:
  schemas:
    B:
      properties:
        a: {$ref: '#/components/schemas/A'}
        self: {$ref: '#/components/schemas/B'}
    A:
      properties:
        b: {$ref: '#/components/schemas/B'}
    C:
      properties:
        c: {$ref: '#/components/schemas/C'}
"##;
        // On a thread, so that a loop fails the test instead of hanging it.
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || sender.send(run(spec, &["a"])));
        let result = receiver
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("extract finishes on a cyclic spec");
        let out = parsed(&result.unwrap());
        assert_eq!(names(&out, "schemas"), ["B", "A"]);
    }

    #[test]
    fn path_level_items_kept_and_other_operations_dropped() {
        let out = parsed(&run(PETS, &["listPets"]).unwrap());
        let paths = out.get("paths").and_then(Value::as_mapping).unwrap();
        let keys: Vec<String> = paths.keys().filter_map(key_text).collect();
        assert_eq!(keys, ["x-paths-ext", "/pets"]);
        let item = paths.get("/pets").unwrap();
        let item_keys: Vec<String> = item.as_mapping().unwrap().keys().filter_map(key_text).collect();
        assert_eq!(item_keys, ["summary", "parameters", "get"]);
        let upstream = parsed(PETS);
        assert_eq!(item.get("parameters"), upstream["paths"]["/pets"].get("parameters"));
        assert_eq!(item.get("get"), upstream["paths"]["/pets"].get("get"));
    }

    #[test]
    fn unknown_operation_ids_are_all_reported() {
        let err = run(PETS, &["listPets", "nope", "alsoNope"]).unwrap_err();
        assert_eq!(
            err,
            ExtractError::OperationIds {
                missing: ids(&["nope", "alsoNope"]),
                ambiguous: vec![],
                repeated: vec![],
            }
        );
        let text = err.to_string();
        assert!(text.contains("nope, alsoNope"), "{text}");
        assert!(!text.contains('\n'));
    }

    #[test]
    fn duplicated_operation_ids_are_errors() {
        let spec = r##"
openapi: 3.0.3
paths:
  /a:
    get: {operationId: twice, responses: {'200': {description: ok}}}
  /b:
    post: {operationId: twice, responses: {'200': {description: ok}}}
    get: {operationId: once, responses: {'200': {description: ok}}}
"##;
        let err = run(spec, &["twice", "once", "once", "gone"]).unwrap_err();
        assert_eq!(
            err,
            ExtractError::OperationIds {
                missing: ids(&["gone"]),
                ambiguous: vec![("twice".into(), ids(&["#/paths/~1a/get", "#/paths/~1b/post"]))],
                repeated: ids(&["once"]),
            }
        );
    }

    #[test]
    fn dangling_ref_names_ref_and_location() {
        let spec = r##"
openapi: 3.0.3
paths:
  /a/{id}:
    get:
      operationId: a
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Present'}
components:
  schemas:
    Present:
      properties:
        x: {$ref: '#/components/schemas/Absent'}
"##;
        let err = run(spec, &["a"]).unwrap_err();
        assert_eq!(
            err,
            ExtractError::Unresolved(vec![Unresolved {
                what: "$ref '#/components/schemas/Absent'".into(),
                location: "#/components/schemas/Present/properties/x".into(),
                reason: "no such component".into(),
            }])
        );
        let text = err.to_string();
        assert!(text.contains("#/components/schemas/Absent"), "{text}");
    }

    #[test]
    fn non_local_and_non_component_refs_are_errors() {
        let spec = r##"
openapi: 3.0.3
paths:
  /a:
    get:
      operationId: a
      responses:
        '200': {$ref: 'common.yaml#/components/responses/Ok'}
        '201': {$ref: '#/paths/~1b/get/responses/200'}
        '202': {$ref: '#/components/responses/Bad~2'}
"##;
        let Err(ExtractError::Unresolved(problems)) = run(spec, &["a"]) else {
            panic!("expected unresolved references");
        };
        let locations: Vec<&str> = problems.iter().map(|p| p.location.as_str()).collect();
        assert_eq!(
            locations,
            [
                "#/paths/~1a/get/responses/200",
                "#/paths/~1a/get/responses/201",
                "#/paths/~1a/get/responses/202"
            ]
        );
        assert!(problems[0].reason.contains("not a local reference"));
    }

    #[test]
    fn pointer_escapes_and_inner_pointers_resolve() {
        let spec = r##"
openapi: 3.0.3
paths:
  /a:
    get:
      operationId: a
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/a~1b~0c'}
        '201':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Outer/properties/inner'}
        404: {$ref: '#/components/responses/404'}
components:
  schemas:
    Outer:
      properties:
        inner: {type: string}
    a/b~c: {type: string}
    a~1b~0c: {type: integer}
  responses:
    404: {description: not found}
"##;
        let out = parsed(&run(spec, &["a"]).unwrap());
        assert_eq!(names(&out, "schemas"), ["Outer", "a/b~c"]);
        assert_eq!(names(&out, "responses"), ["404"]);

        let bad = spec.replace("properties/inner'", "properties/missing'");
        let Err(ExtractError::Unresolved(problems)) = run(&bad, &["a"]) else {
            panic!("expected an unresolved inner pointer");
        };
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].what, "$ref '#/components/schemas/Outer/properties/missing'");
    }

    #[test]
    fn tags_filtered_in_upstream_order() {
        let out = parsed(&run(PETS, &["getOwner", "listPets"]).unwrap());
        let upstream = parsed(PETS);
        let tags = out.get("tags").and_then(Value::as_sequence).unwrap();
        let expected = upstream["tags"].as_sequence().unwrap();
        assert_eq!(tags, &vec![expected[0].clone(), expected[2].clone()]);

        let none = parsed(&run(PETS, &["createPet"]).unwrap());
        assert!(none.get("tags").is_none());
    }

    #[test]
    fn security_schemes_from_top_level_and_operations() {
        let out = parsed(&run(PETS, &["listPets"]).unwrap());
        assert_eq!(names(&out, "securitySchemes"), ["bearer"]);
        let out = parsed(&run(PETS, &["getOwner"]).unwrap());
        assert_eq!(names(&out, "securitySchemes"), ["apiKey", "bearer"]);

        let missing = PETS.replace("- apiKey: []", "- oauth: [read]");
        let Err(ExtractError::Unresolved(problems)) = run(&missing, &["getOwner"]) else {
            panic!("expected a missing security scheme");
        };
        assert_eq!(problems[0].what, "security scheme 'oauth'");
        assert_eq!(problems[0].location, "#/paths/~1owners~1{id}/get/security/0");
    }

    #[test]
    fn order_and_unchanged_parts_preserved() {
        let text = run(PETS, &["getOwner", "listPets"]).unwrap();
        let out = parsed(&text);
        let upstream = parsed(PETS);
        assert_eq!(
            top_keys(&out),
            [
                "openapi",
                "info",
                "x-top",
                "servers",
                "security",
                "tags",
                "paths",
                "components"
            ]
        );
        for key in ["openapi", "info", "x-top", "servers", "security"] {
            assert_eq!(out.get(key), upstream.get(key), "{key}");
        }
        let path_keys: Vec<String> = out["paths"].as_mapping().unwrap().keys().filter_map(key_text).collect();
        assert_eq!(path_keys, ["x-paths-ext", "/pets", "/owners/{id}"]);
        let kinds: Vec<String> = out["components"]
            .as_mapping()
            .unwrap()
            .keys()
            .filter_map(key_text)
            .collect();
        assert_eq!(
            kinds,
            [
                "x-components-ext",
                "schemas",
                "parameters",
                "responses",
                "securitySchemes"
            ]
        );
        // Every kept component equals its upstream value.
        for (kind, entries) in out["components"].as_mapping().unwrap() {
            if let Some(entries) = entries.as_mapping() {
                for (name, value) in entries {
                    assert_eq!(Some(value), upstream["components"][kind].get(name));
                }
            }
        }
        assert_eq!(
            out["components"]["schemas"]["Owner"]["description"].as_str(),
            Some("Keeps   odd   spacing\ttabs")
        );
    }

    #[test]
    fn header_and_deterministic_output() {
        let first = run(PETS, &["listPets", "getOwner"]).unwrap();
        let second = run(PETS, &["listPets", "getOwner"]).unwrap();
        assert_eq!(first, second);
        let mut lines = first.lines();
        assert_eq!(
            lines.next(),
            Some(
                "# Derived from upstream.yaml by `cargo xtask extract-spec`; see openapi/README.md. Do not edit by hand."
            )
        );
        assert_eq!(lines.next(), Some("# Operations: listPets, getOwner"));
        assert_eq!(lines.next(), Some("openapi: 3.0.3"));
        // The order of the requested ids changes the header only.
        let swapped = run(PETS, &["getOwner", "listPets"]).unwrap();
        assert_eq!(
            first.split_once("openapi:").map(|(_, body)| body),
            swapped.split_once("openapi:").map(|(_, body)| body)
        );
    }

    #[test]
    fn bad_inputs_are_errors_not_panics() {
        assert!(matches!(run("a: [", &["x"]), Err(ExtractError::Parse(_))));
        assert!(matches!(run("- 1", &["x"]), Err(ExtractError::Invalid(_))));
        assert!(matches!(run("paths: 3", &["x"]), Err(ExtractError::Invalid(_))));
        assert!(matches!(run(PETS, &[]), Err(ExtractError::Invalid(_))));
        assert!(matches!(
            extract(PETS, "two\nlines", &ids(&["listPets"])),
            Err(ExtractError::Invalid(_))
        ));
        assert!(matches!(
            run("openapi: 3.0.3", &["x"]),
            Err(ExtractError::OperationIds { .. })
        ));
        let bad_security = PETS.replace("security:\n  - bearer: []", "security: bearer");
        assert!(matches!(
            run(&bad_security, &["listPets"]),
            Err(ExtractError::Invalid(_))
        ));
        for err in [run("a: [", &["x"]).unwrap_err(), run(PETS, &["q"]).unwrap_err()] {
            assert!(!err.to_string().contains('\n'), "{err}");
        }
    }

    #[test]
    fn sha256_hex_known_values() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
