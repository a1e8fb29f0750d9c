//! Loading: a YAML or JSON file into `openapiv3::OpenAPI`, with errors that name the file and the place.
//!
//! Real files often deviate from the standard in ways that have one obvious meaning (a response without
//! its required `description`, `$ref` with siblings); those are repaired on the YAML tree first
//! (`repair.rs`), each with a warning, and the rest is parsed strictly.

mod deserialize;
mod parts;
mod refs;
mod repair;
mod v31;

pub use v31::WEBHOOKS_KEY;

use std::path::Path;

use openapiv3::OpenAPI;
use serde_yaml::Value;

use crate::diag::{Category, Diagnostics, Pointer};

use repair::key_text;

/// A loaded spec and the warnings about what was repaired to load it.
pub type Loaded = (OpenAPI, Diagnostics);

/// Reads and parses a spec file. JSON when the name ends in `.json`, YAML otherwise.
pub fn load_file(path: &Path) -> Result<Loaded, Diagnostics> {
    let name = path.display().to_string();
    let text = crate::diag::read_input(path, "the spec")?;
    let json = path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
    load_str(&text, &name, json)
}

/// Parses a spec from text. `name` is used in diagnostics. On success, the warnings say what was
/// repaired; on failure, every error found is reported, with the warnings before them.
pub fn load_str(text: &str, name: &str, json: bool) -> Result<Loaded, Diagnostics> {
    let mut diags = Diagnostics::default();
    let doc = repaired_tree(text, name, json, &mut diags)?;
    if let Some(api) = deserialize::openapi(doc) {
        return Ok((api, diags));
    }
    // The tree was taken apart and is made again (its warnings are known by now) to find the error.
    // Tracking the path of every value costs about a fifth of loading, so it is done only to locate an
    // error. It reads an owned tree, as the fast path does: each other kind of deserializer would
    // compile the whole OpenAPI model once more.
    let doc = repaired_tree(text, name, json, &mut Diagnostics::default())?;
    match serde_path_to_error::deserialize::<_, OpenAPI>(doc.clone()) {
        Ok(api) => Ok((api, diags)),
        Err(e) => {
            // `openapiv3` hides the path of errors inside its maps of paths and responses; parsing those
            // parts one by one finds each broken one with its full pointer.
            let refined = refine(&doc);
            if refined.is_empty() {
                diags.error(
                    Category::InvalidOpenApi,
                    format!("{name}: {}", pointer_of(e.path())),
                    format!("not a valid OpenAPI 3.0 description: {}", e.into_inner()),
                );
            }
            for (pointer, message) in refined {
                diags.error(
                    Category::InvalidOpenApi,
                    format!("{name}: {pointer}"),
                    format!("not a valid OpenAPI 3.0 description: {message}"),
                );
            }
            Err(diags)
        }
    }
}

/// The YAML tree of the text, repaired and in OpenAPI 3.0 terms (a 3.1 description converted), ready
/// to deserialize; the warnings of the repairs go to `diags`.
fn repaired_tree(text: &str, name: &str, json: bool, diags: &mut Diagnostics) -> Result<Value, Diagnostics> {
    let mut doc = match parse_tree(text, name, json) {
        Ok(doc) => doc,
        Err((at, message)) => {
            diags.error(
                Category::InvalidSyntax,
                at,
                format!("not a valid {} file: {message}", if json { "JSON" } else { "YAML" }),
            );
            return Err(std::mem::take(diags));
        }
    };
    let v31 = check_version(&doc, name, diags)?;
    repair::big_integers(&mut doc, &Pointer::root(), name, diags);
    if v31 {
        v31::document(&mut doc, name, diags);
    }
    refs::responses_from_bodies(&mut doc, name, diags);
    let origins = refs::hoist(&mut doc, name, v31, diags);
    repair::repair(&mut doc, name, &origins, v31, diags);
    if v31 {
        v31::finish(&mut doc);
    }
    Ok(doc)
}

/// The YAML tree of the text (JSON is read as JSON, for its error positions); the error is
/// `(file:line:column, message)`.
fn parse_tree(text: &str, name: &str, json: bool) -> Result<Value, (String, String)> {
    if json {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| (format!("{name}:{}:{}", e.line(), e.column()), e.to_string()))?;
        serde_yaml::to_value(value).map_err(|e| (name.to_owned(), e.to_string()))
    } else {
        // Most of the time of loading a large spec is parsing it: on all cores when it can be.
        if text.len() >= parts::PARALLEL_BYTES {
            let cores = std::thread::available_parallelism().map_or(1, usize::from);
            if let Some(value) = parts::parse(text, cores) {
                return Ok(value);
            }
        }
        serde_yaml::from_str::<repair::LenientValue>(text)
            .map(|v| v.0)
            .map_err(|e| {
                let at = match e.location() {
                    Some(l) => format!("{name}:{}:{}", l.line(), l.column()),
                    None => name.to_owned(),
                };
                (at, e.to_string())
            })
    }
}

/// Only OpenAPI 3.0.x and 3.1.x are read; anything else is refused before parsing, with what to do
/// instead. True for 3.1.
fn check_version(doc: &Value, name: &str, diags: &mut Diagnostics) -> Result<bool, Diagnostics> {
    let at = format!("{name}: #/openapi");
    let version = doc.get("openapi").map(|v| match v {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other).unwrap_or_default().trim().to_owned(),
    });
    match version {
        Some(v) if v.starts_with("3.0.") || v == "3.0" => return Ok(false),
        Some(v) if v31::is_v31(&v) => return Ok(true),
        Some(v) => diags.error_with_fix(
            Category::UnsupportedVersion,
            at,
            format!("OpenAPI {v} is not supported: only 3.0.x and 3.1.x descriptions are"),
            "convert the description to OpenAPI 3.1 or 3.0",
        ),
        None if doc.get("swagger").is_some() => diags.error_with_fix(
            Category::UnsupportedVersion,
            format!("{name}: #/swagger"),
            "Swagger 2.0 is not supported: only OpenAPI 3.0.x and 3.1.x descriptions are",
            "convert the description to OpenAPI 3.0, for example with `npx swagger2openapi FILE -o openapi.yaml` \
             or the converter at https://converter.swagger.io",
        ),
        None if !doc.is_mapping() => diags.error(
            Category::InvalidOpenApi,
            format!("{name}: #"),
            "not an OpenAPI description: the document is not a mapping",
        ),
        None => diags.error_with_fix(
            Category::InvalidOpenApi,
            at,
            "not an OpenAPI description: `openapi` is missing",
            "add `openapi: 3.0.3` at the top",
        ),
    }
    Err(std::mem::take(diags))
}

/// Parses one part of a spec on its own: the pointer (within the part) and message of its error.
type Parser = dyn Fn(serde_yaml::Value) -> Option<(Pointer, String)>;

/// Parses each path item and each component on its own, and returns the errors found with their full
/// pointers. Empty when no single part fails.
fn refine(doc: &Value) -> Vec<(Pointer, String)> {
    use openapiv3::{Parameter, PathItem, RequestBody, Response, Schema, SecurityScheme};
    let mut found = Vec::new();
    let mut check =
        |base: Pointer, value: &serde_yaml::Value, parse: &dyn Fn(serde_yaml::Value) -> Option<(Pointer, String)>| {
            // `ReferenceOr` hides where its item failed, so items are parsed as themselves; refs are fine.
            if value.get("$ref").is_some() {
                return;
            }
            if let Some((inner, message)) = parse(value.clone()) {
                let full = inner
                    .as_str()
                    .trim_start_matches('#')
                    .split('/')
                    .skip(1)
                    .fold(base, |p, t| p.join(unescape(t)));
                found.push((full, message));
            }
        };
    fn parser<T: serde::de::DeserializeOwned>(value: serde_yaml::Value) -> Option<(Pointer, String)> {
        serde_path_to_error::deserialize::<_, T>(value)
            .err()
            .map(|e| (pointer_of(e.path()), e.into_inner().to_string()))
    }
    let entries = |value: Option<&serde_yaml::Value>| -> Vec<(String, serde_yaml::Value)> {
        value
            .and_then(|v| v.as_mapping())
            .map(|m| m.iter().filter_map(|(k, v)| Some((key_text(k)?, v.clone()))).collect())
            .unwrap_or_default()
    };
    for (path, item) in entries(doc.get("paths")) {
        if !path.starts_with("x-") {
            check(Pointer::root().join("paths").join(&path), &item, &parser::<PathItem>);
        }
    }
    let components = doc.get("components");
    let kinds: [(&str, &Parser); 5] = [
        ("schemas", &parser::<Schema>),
        ("responses", &parser::<Response>),
        ("parameters", &parser::<Parameter>),
        ("requestBodies", &parser::<RequestBody>),
        ("securitySchemes", &parser::<SecurityScheme>),
    ];
    for (kind, parse) in kinds {
        for (name, value) in entries(components.and_then(|c| c.get(kind))) {
            check(Pointer::root().join("components").join(kind).join(&name), &value, parse);
        }
    }
    found
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn pointer_of(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter().fold(Pointer::root(), |p, segment| match segment {
        Segment::Seq { index } => p.join(index.to_string()),
        Segment::Map { key } => p.join(key),
        Segment::Enum { variant } => p.join(variant),
        Segment::Unknown => p.join("?"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structural_error_names_file_line_and_pointer() {
        let yaml = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses: 5\n";
        let err = load_str(yaml, "spec.yaml", false).unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("error: spec.yaml: #/paths/~1a/get/responses"),
            "{text}"
        );
    }

    #[test]
    fn every_broken_part_is_reported() {
        let yaml = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses: 5\n  /b:\n    post:\n      parameters: {}\n      responses: {}\ncomponents:\n  schemas:\n    s:\n      type: object\n      properties: []\n";
        let err = load_str(yaml, "spec.yaml", false).unwrap_err();
        let text = err.to_string();
        assert_eq!(err.items().len(), 3, "{text}");
        assert!(text.contains("#/paths/~1b/post/parameters"), "{text}");
        assert!(text.contains("#/components/schemas/s:"), "{text}");
    }

    #[test]
    fn syntax_error_is_located() {
        let err = load_str("openapi: [", "x.yaml", false).unwrap_err();
        assert!(err.to_string().starts_with("error: x.yaml:2:1: "), "{err}");
        let err = load_str("{\"openapi\": 3", "x.json", true).unwrap_err();
        assert!(err.to_string().contains("x.json:1:"), "{err}");
    }

    #[test]
    fn other_versions_are_refused() {
        let yaml = "openapi: 4.0.0\ninfo:\n  title: t\n  version: '1'\npaths: {}\n";
        let err = load_str(yaml, "s.yaml", false).unwrap_err();
        assert!(err.to_string().contains("#/openapi"), "{err}");
    }

    #[test]
    fn swagger_two_is_refused_with_a_fix() {
        let err = load_str("swagger: '2.0'\ninfo: {}\n", "s.yaml", false).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("s.yaml: #/swagger") && text.contains("fix: convert"),
            "{text}"
        );
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\n";

    /// Over every fixture and every real spec beside the project: the description deserialized in
    /// pieces on all cores is the one the whole tree gives.
    #[test]
    fn a_spec_deserialized_in_pieces_is_the_one_deserialized_whole() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut specs = Vec::new();
        for dir in [
            "tests/fixtures",
            "../shared/corpus",
            "../shared/corpus-3.1",
            "../shared/specs",
        ] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            specs.extend(
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|ext| ext == "yaml" || ext == "json")),
            );
        }
        specs.sort();
        let mut compared = 0;
        for spec in &specs {
            let text = std::fs::read_to_string(spec).unwrap();
            let json = spec.extension().is_some_and(|ext| ext == "json");
            let name = spec.display().to_string();
            let Ok(doc) = repaired_tree(&text, &name, json, &mut Diagnostics::default()) else {
                continue;
            };
            let whole = <OpenAPI as serde::Deserialize>::deserialize(&doc).ok();
            let pieces = deserialize::openapi(doc);
            assert!(pieces == whole, "{name}");
            compared += usize::from(whole.is_some());
        }
        assert!(compared > 10, "only {compared} specs compared");
    }

    #[test]
    fn a_broken_part_deserialized_in_pieces_is_still_located() {
        let yaml = format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses: {{}}\ncomponents:\n  schemas:\n    s:\n      type: object\n      properties: []\n    t:\n      type: string\n"
        );
        let err = load_str(&yaml, "spec.yaml", false).unwrap_err();
        assert!(err.to_string().contains("#/components/schemas/s:"), "{err}");
    }

    #[test]
    fn response_without_description_is_repaired_with_a_located_warning() {
        let yaml = format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        200:\n          content: {{}}\ncomponents:\n  responses:\n    gone: {{}}\n"
        );
        let (api, warnings) = load_str(&yaml, "s.yaml", false).unwrap();
        assert_eq!(api.paths.paths.len(), 1);
        let text = warnings.to_string();
        assert_eq!(warnings.items().len(), 2, "{text}");
        assert!(
            text.contains("warning: s.yaml: #/paths/~1a/get/responses/200: repaired:"),
            "{text}"
        );
        assert!(text.contains("#/components/responses/gone"), "{text}");
        assert!(text.contains("(fix: add `description"), "{text}");
    }

    #[test]
    fn integer_bounds_beyond_i64_are_dropped_and_decimals_made_integers() {
        let yaml = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    big:\n      type: integer\n      minimum: 1.0\n      maximum: 18446744073709551615\n      enum: [1, 99999999999999999999]\n      example: 99999999999999999999\n"
        );
        let (api, warnings) = load_str(&yaml, "s.yaml", false).unwrap();
        let schema = &api.components.unwrap().schemas["big"];
        let openapiv3::ReferenceOr::Item(schema) = schema else {
            panic!()
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Integer(int)) = &schema.schema_kind else {
            panic!("{schema:?}")
        };
        assert_eq!((int.minimum, int.maximum), (Some(1), None));
        assert_eq!(int.enumeration, vec![Some(1)]);
        // The example's big integer, the decimal minimum, the maximum, the enum value.
        assert_eq!(warnings.items().len(), 5, "{warnings}");
    }

    #[test]
    fn ref_siblings_that_matter_become_all_of() {
        let yaml = format!(
            "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/p'\n          description: x\n      responses:\n        '200':\n          description: ok\ncomponents:\n  parameters:\n    p:\n      in: query\n      name: p\n      schema:\n        type: string\n  schemas:\n    a:\n      type: object\n      properties:\n        b:\n          $ref: '#/components/schemas/b'\n          nullable: true\n          example: 1\n    b:\n      type: string\n"
        );
        let (api, warnings) = load_str(&yaml, "s.yaml", false).unwrap();
        let text = warnings.to_string();
        assert!(
            text.contains("#/paths/~1a/get/parameters/0: repaired: `description` beside `$ref`"),
            "{text}"
        );
        assert!(
            text.contains("#/components/schemas/a/properties/b: repaired:"),
            "{text}"
        );
        let openapiv3::ReferenceOr::Item(a) = &api.components.as_ref().unwrap().schemas["a"] else {
            panic!()
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) = &a.schema_kind else {
            panic!()
        };
        let openapiv3::ReferenceOr::Item(b) = &o.properties["b"] else {
            panic!("{:?}", o.properties)
        };
        assert!(b.schema_data.nullable && b.schema_data.example.is_none());
        assert!(matches!(&b.schema_kind, openapiv3::SchemaKind::AllOf { all_of } if all_of.len() == 1));
    }

    #[test]
    fn type_lists_and_property_required_flags_are_repaired() {
        let yaml = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    a:\n      type: object\n      properties:\n        b:\n          type: [string, 'null']\n          required: true\n"
        );
        let (api, warnings) = load_str(&yaml, "s.yaml", false).unwrap();
        assert_eq!(warnings.items().len(), 2, "{warnings}");
        let openapiv3::ReferenceOr::Item(a) = &api.components.as_ref().unwrap().schemas["a"] else {
            panic!()
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) = &a.schema_kind else {
            panic!()
        };
        assert_eq!(o.required, vec!["b".to_owned()]);
    }

    fn schema_ref(schema: &openapiv3::ReferenceOr<openapiv3::Schema>) -> &str {
        match schema {
            openapiv3::ReferenceOr::Reference { reference } => reference,
            openapiv3::ReferenceOr::Item(item) => panic!("not a ref: {item:?}"),
        }
    }

    fn properties(schema: &openapiv3::ReferenceOr<openapiv3::Schema>) -> &openapiv3::ObjectType {
        match schema {
            openapiv3::ReferenceOr::Item(openapiv3::Schema {
                schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)),
                ..
            }) => o,
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn schema_refs_into_other_places_are_hoisted_into_components() {
        let yaml = format!(
            r##"{HEAD}paths:
  /a:
    post:
      parameters:
        - in: query
          name: c
          schema:
            $ref: '#/components/schemas/Alias/properties/c'
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/A/properties/b'
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/responses/Conflict/content/application~1json/schema'
        '409':
          $ref: '#/components/responses/Conflict'
        '500':
          description: odd
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/A/properties/nope'
components:
  responses:
    Conflict:
      description: conflict
      content:
        application/json:
          schema:
            type: object
            properties:
              message:
                type: string
  schemas:
    conflict_response:
      type: string
    Alias:
      $ref: '#/components/schemas/A/properties/b'
    A:
      type: object
      properties:
        b:
          type: object
          properties:
            c:
              type: string
              example:
                $ref: '#/components/schemas/A/properties/b'
"##
        );
        let (api, warnings) = load_str(&yaml, "s.yaml", false).unwrap();
        let text = warnings.to_string();
        assert_eq!(warnings.items().len(), 3, "{text}");
        assert!(
            text.contains("warning: s.yaml: #/components/responses/Conflict/content/application~1json/schema: repaired: 1 schema `$ref`(s) point to this place, not to a component; the schema moves to `#/components/schemas/ConflictResponse2`"),
            "{text}"
        );
        assert!(
            text.contains(
                "s.yaml: #/components/schemas/A/properties/b: repaired: 2 schema `$ref`(s) point to this place"
            ) && text.contains("`#/components/schemas/AB`"),
            "{text}"
        );
        assert!(
            text.contains("s.yaml: #/components/schemas/A/properties/b/properties/c: repaired: 1 schema `$ref`(s) (through `#/components/schemas/Alias/properties/c`)"),
            "{text}"
        );
        let components = api.components.as_ref().unwrap();
        let names: Vec<&String> = components.schemas.keys().collect();
        assert_eq!(
            names,
            ["conflict_response", "Alias", "A", "AB", "ABC", "ConflictResponse2"]
        );
        assert_eq!(schema_ref(&components.schemas["Alias"]), "#/components/schemas/AB");
        assert_eq!(
            schema_ref(&properties(&components.schemas["A"]).properties["b"].clone().unbox()),
            "#/components/schemas/AB"
        );
        assert_eq!(
            schema_ref(&properties(&components.schemas["AB"]).properties["c"].clone().unbox()),
            "#/components/schemas/ABC"
        );
        let openapiv3::ReferenceOr::Item(op) = &api.paths.paths["/a"] else {
            panic!()
        };
        let op = op.post.as_ref().unwrap();
        let content = |status: u16| match &op.responses.responses[&openapiv3::StatusCode::Code(status)] {
            openapiv3::ReferenceOr::Item(r) => r.content["application/json"].schema.clone().unwrap(),
            other => panic!("{other:?}"),
        };
        assert_eq!(schema_ref(&content(200)), "#/components/schemas/ConflictResponse2");
        // A ref that leads nowhere stays for lowering to report.
        assert_eq!(schema_ref(&content(500)), "#/components/schemas/A/properties/nope");
        let conflict = &components.responses["Conflict"];
        let openapiv3::ReferenceOr::Item(conflict) = conflict else {
            panic!()
        };
        let schema = conflict.content["application/json"].schema.as_ref().unwrap();
        assert_eq!(schema_ref(schema), "#/components/schemas/ConflictResponse2");
    }

    #[test]
    fn hoisted_names_say_the_all_of_member_only_when_it_is_the_place() {
        let yaml = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    D:\n      allOf:\n        - type: object\n        - type: object\n          properties:\n            e:\n              oneOf:\n                - type: string\n                - type: integer\n    F:\n      type: object\n      properties:\n        g:\n          $ref: '#/components/schemas/D/allOf/1/properties/e/oneOf/1'\n        h:\n          $ref: '#/components/schemas/D/allOf/0'\n"
        );
        let (api, warnings) = load_str(&yaml, "s.yaml", false).unwrap();
        assert_eq!(warnings.items().len(), 2, "{warnings}");
        let names: Vec<&String> = api.components.as_ref().unwrap().schemas.keys().collect();
        assert_eq!(names, ["D", "F", "DEVariant2", "DPart1"]);
    }

    #[test]
    fn a_ref_that_leads_to_a_component_through_refs_is_rewritten_to_it() {
        let yaml = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      allOf:\n        - $ref: '#/components/schemas/B'\n    B:\n      type: string\n    C:\n      $ref: '#/components/schemas/A/allOf/0'\n"
        );
        let (api, warnings) = load_str(&yaml, "s.yaml", false).unwrap();
        assert_eq!(warnings.items().len(), 1, "{warnings}");
        assert!(
            warnings.to_string().contains("s.yaml: #/components/schemas/A/allOf/0: repaired: 1 schema `$ref`(s) to this place are read as `$ref: #/components/schemas/B`"),
            "{warnings}"
        );
        let components = api.components.unwrap();
        assert_eq!(components.schemas.len(), 3);
        assert_eq!(schema_ref(&components.schemas["C"]), "#/components/schemas/B");
    }

    #[test]
    fn number_and_boolean_keys_are_read_as_their_text() {
        let yaml = format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n        404:\n          description: gone\n        default:\n          description: other\ncomponents:\n  schemas:\n    s:\n      type: object\n      properties:\n        true:\n          type: string\n        1.5:\n          type: string\n"
        );
        let (api, warnings) = load_str(&yaml, "s.yaml", false).unwrap();
        assert!(warnings.is_empty(), "{warnings}");
        let openapiv3::ReferenceOr::Item(item) = &api.paths.paths["/a"] else {
            panic!()
        };
        let responses = &item.get.as_ref().unwrap().responses;
        assert!(responses.default.is_some());
        assert!(responses.responses.contains_key(&openapiv3::StatusCode::Code(404)));
        let openapiv3::ReferenceOr::Item(s) = &api.components.as_ref().unwrap().schemas["s"] else {
            panic!()
        };
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) = &s.schema_kind else {
            panic!()
        };
        assert_eq!(o.properties.keys().collect::<Vec<_>>(), ["true", "1.5"]);
    }

    #[test]
    fn server_variables_written_as_numbers_are_read_as_text() {
        let yaml = format!(
            "{HEAD}servers:\n  - url: 'http://h:{{port}}/'\n    variables:\n      port:\n        enum: [80, 8080]\n        default: 80\npaths: {{}}\n"
        );
        let (api, warnings) = load_str(&yaml, "s.yaml", false).unwrap();
        assert_eq!(warnings.items().len(), 1, "{warnings}");
        assert!(
            warnings
                .to_string()
                .contains("s.yaml: #/servers/0/variables/port: repaired:"),
            "{warnings}"
        );
        let port = &api.servers[0].variables.as_ref().unwrap()["port"];
        assert_eq!(
            (port.default.as_str(), port.enumeration.clone()),
            ("80", vec!["80".to_owned(), "8080".to_owned()])
        );
    }

    fn item(schema: &openapiv3::ReferenceOr<openapiv3::Schema>) -> &openapiv3::Schema {
        match schema {
            openapiv3::ReferenceOr::Item(item) => item,
            other => panic!("not an item: {other:?}"),
        }
    }

    #[test]
    fn null_types_of_openapi_3_1_become_nullable() {
        let yaml = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    u:\n      oneOf:\n        - type: string\n        - type: 'null'\n        - type: integer\n    a:\n      anyOf:\n        - $ref: '#/components/schemas/u'\n        - type: ['null']\n          description: none\n    n:\n      type: 'null'\n    l:\n      type: ['null']\n"
        );
        let (api, warnings) = load_str(&yaml, "s.yaml", false).unwrap();
        let text = warnings.to_string();
        assert_eq!(warnings.items().len(), 4, "{text}");
        assert!(
            text.contains("warning: s.yaml: #/components/schemas/u/oneOf/1: repaired: a `type: \"null\"` member of `oneOf` (OpenAPI 3.1) is read as `nullable: true`"),
            "{text}"
        );
        assert!(
            text.contains("s.yaml: #/components/schemas/a/anyOf/1: repaired:"),
            "{text}"
        );
        assert!(
            text.contains("s.yaml: #/components/schemas/n/type: repaired: `type: \"null\"` (OpenAPI 3.1) is read as a schema of any value"),
            "{text}"
        );
        assert!(
            text.contains("s.yaml: #/components/schemas/l/type: repaired: `type: \"null\"`"),
            "{text}"
        );
        let schemas = &api.components.as_ref().unwrap().schemas;
        let u = item(&schemas["u"]);
        assert!(u.schema_data.nullable);
        assert!(matches!(&u.schema_kind, openapiv3::SchemaKind::OneOf { one_of } if one_of.len() == 2));
        let a = item(&schemas["a"]);
        assert!(a.schema_data.nullable);
        assert!(matches!(&a.schema_kind, openapiv3::SchemaKind::AnyOf { any_of } if any_of.len() == 1));
        for name in ["n", "l"] {
            let n = item(&schemas[name]);
            assert!(n.schema_data.nullable, "{name}");
            assert!(matches!(n.schema_kind, openapiv3::SchemaKind::Any(_)), "{name}: {n:?}");
        }
    }

    #[test]
    fn const_becomes_a_one_value_enum_with_the_type_of_its_value() {
        let yaml = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    k:\n      const: pet\n    i:\n      type: integer\n      format: int32\n      const: 3\n    f:\n      const: 1.5\n"
        );
        let (api, warnings) = load_str(&yaml, "s.yaml", false).unwrap();
        let text = warnings.to_string();
        assert_eq!(warnings.items().len(), 3, "{text}");
        assert!(
            text.contains("warning: s.yaml: #/components/schemas/k/const: repaired: `const` (OpenAPI 3.1) is read as `enum: [\"pet\"]` with `type: string` (fix: write `enum: [<the value>]`"),
            "{text}"
        );
        assert!(
            text.contains("#/components/schemas/i/const: repaired: `const` (OpenAPI 3.1) is read as `enum: [3]` ("),
            "{text}"
        );
        assert!(text.contains("#/components/schemas/f/const: repaired: `const` (OpenAPI 3.1) is read as `enum: [1.5]` with `type: number`"), "{text}");
        let schemas = &api.components.as_ref().unwrap().schemas;
        let openapiv3::SchemaKind::Type(openapiv3::Type::String(k)) = &item(&schemas["k"]).schema_kind else {
            panic!("{:?}", schemas["k"])
        };
        assert_eq!(k.enumeration, vec![Some("pet".to_owned())]);
        let openapiv3::SchemaKind::Type(openapiv3::Type::Integer(i)) = &item(&schemas["i"]).schema_kind else {
            panic!("{:?}", schemas["i"])
        };
        assert_eq!(i.enumeration, vec![Some(3)]);
        let openapiv3::SchemaKind::Type(openapiv3::Type::Number(f)) = &item(&schemas["f"]).schema_kind else {
            panic!("{:?}", schemas["f"])
        };
        assert_eq!(f.enumeration, vec![Some(1.5)]);
    }

    #[test]
    fn a_list_of_examples_in_a_schema_becomes_its_first_example() {
        let yaml = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    s:\n      type: string\n      examples: [a, b]\n    t:\n      type: string\n      example: x\n      examples: [y]\n"
        );
        let (api, warnings) = load_str(&yaml, "s.yaml", false).unwrap();
        let text = warnings.to_string();
        assert_eq!(warnings.items().len(), 2, "{text}");
        assert!(
            text.contains("warning: s.yaml: #/components/schemas/s/examples: repaired: a list of `examples` in a schema (OpenAPI 3.1): its first value is read as `example`"),
            "{text}"
        );
        assert!(text.contains("#/components/schemas/t/examples: repaired: a list of `examples` in a schema (OpenAPI 3.1): it is dropped beside `example`"), "{text}");
        let schemas = &api.components.as_ref().unwrap().schemas;
        assert_eq!(item(&schemas["s"]).schema_data.example, Some(serde_json::json!("a")));
        assert_eq!(item(&schemas["t"]).schema_data.example, Some(serde_json::json!("x")));
    }

    #[test]
    fn json_specs_load_and_unquoted_status_codes_work() {
        let (api, warnings) = load_str(
            r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok"}}}}}}"#,
            "s.json",
            true,
        )
        .unwrap();
        assert!(warnings.is_empty());
        assert_eq!(api.paths.paths.len(), 1);
        let yaml =
            format!("{HEAD}paths:\n  /a:\n    get:\n      responses:\n        200:\n          description: ok\n");
        let (api, _) = load_str(&yaml, "s.yaml", false).unwrap();
        let openapiv3::ReferenceOr::Item(item) = &api.paths.paths["/a"] else {
            panic!()
        };
        assert!(
            item.get
                .as_ref()
                .unwrap()
                .responses
                .responses
                .contains_key(&openapiv3::StatusCode::Code(200))
        );
    }

    #[test]
    fn openapi_3_1_json_loads_with_its_conversions_silent_and_its_losses_located() {
        let json = r##"{"openapi":"3.1.0","info":{"title":"t","version":"1","summary":"s","license":{"name":"MIT License","identifier":"MIT"}},
            "jsonSchemaDialect":"https://json-schema.org/draft/2020-12/schema",
            "components":{"schemas":{"a":{"type":"object","properties":{
                "n":{"type":["string","null"]},
                "k":{"const":"x"},
                "t":{"type":"array","prefixItems":[{"type":"string"},{"type":"integer"}]},
                "d":{"$ref":"#/components/schemas/a/$defs/D"}},
                "$defs":{"D":{"type":"string"}}}}}}"##;
        let (api, warnings) = load_str(json, "s.json", true).unwrap();
        let text = warnings.to_string();
        assert_eq!(warnings.items().len(), 2, "{text}");
        assert!(text.contains("warning: s.json: #/jsonSchemaDialect: "), "{text}");
        assert!(
            text.contains(
                "warning: s.json: #/components/schemas/a/properties/t/prefixItems: OpenAPI 3.1: `prefixItems`"
            ),
            "{text}"
        );
        assert!(api.paths.paths.is_empty());
        assert_eq!(api.info.description.as_deref(), Some("s"));
        assert_eq!(api.info.license.as_ref().map(|l| l.name.as_str()), Some("MIT"));
        let components = api.components.as_ref().unwrap();
        let a = properties(&components.schemas["a"]);
        let n = a.properties["n"].as_item().unwrap();
        assert!(n.schema_data.nullable);
        assert_eq!(
            schema_ref(&a.properties["d"].clone().unbox()),
            "#/components/schemas/AD"
        );
        assert!(components.schemas.contains_key("AD"));
    }

    #[test]
    fn openapi_3_1_path_items_from_components_and_webhooks_are_read() {
        let yaml = "openapi: 3.1.1\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    $ref: '#/components/pathItems/A'\n    summary: mine\n  /b:\n    $ref: '#/components/pathItems/missing'\nwebhooks:\n  ping:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: [integer, string]\ncomponents:\n  pathItems:\n    A:\n      get:\n        operationId: a\n";
        let (api, warnings) = load_str(yaml, "s.yaml", false).unwrap();
        let text = warnings.to_string();
        assert_eq!(warnings.items().len(), 1, "{text}");
        assert!(
            text.contains("warning: s.yaml: #/paths/~1b: the path item `$ref:"),
            "{text}"
        );
        let openapiv3::ReferenceOr::Item(a) = &api.paths.paths["/a"] else {
            panic!()
        };
        assert_eq!(a.summary.as_deref(), Some("mine"));
        let get = a.get.as_ref().unwrap();
        assert_eq!(get.operation_id.as_deref(), Some("a"));
        assert!(get.responses.responses.is_empty());
        let webhooks = &api.extensions[WEBHOOKS_KEY];
        let schema = &webhooks["ping"]["post"]["requestBody"]["content"]["application/json"]["schema"];
        assert_eq!(schema["anyOf"][0]["type"], "integer");
        assert_eq!(schema["anyOf"][1]["type"], "string");
    }
}
