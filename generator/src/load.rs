//! Loading: a YAML or JSON file into `openapiv3::OpenAPI`, with errors that name the file and the place.

use std::path::Path;

use openapiv3::OpenAPI;

use crate::diag::{Diagnostics, Pointer};

/// Reads and parses a spec file. JSON when the name ends in `.json`, YAML otherwise.
pub fn load_file(path: &Path) -> Result<OpenAPI, Diagnostics> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        let mut diags = Diagnostics::default();
        diags.error(name.clone(), format!("cannot read the spec: {e}"));
        diags
    })?;
    let json = path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
    load_str(&text, &name, json)
}

/// Parses a spec from text. `name` is used in diagnostics.
pub fn load_str(text: &str, name: &str, json: bool) -> Result<OpenAPI, Diagnostics> {
    let mut diags = Diagnostics::default();
    let parsed = if json {
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize::<_, OpenAPI>(&mut de).map_err(|e| {
            let at = format!("{name}:{}:{}", e.inner().line(), e.inner().column());
            (pointer_of(e.path()), at, e.into_inner().to_string())
        })
    } else {
        let de = serde_yaml::Deserializer::from_str(text);
        serde_path_to_error::deserialize::<_, OpenAPI>(de).map_err(|e| {
            let at = match e.inner().location() {
                Some(l) => format!("{name}:{}:{}", l.line(), l.column()),
                None => name.to_owned(),
            };
            (pointer_of(e.path()), at, e.into_inner().to_string())
        })
    };
    match parsed {
        Ok(api) => {
            if !api.openapi.starts_with("3.0.") {
                diags.error(
                    format!("{name}: #/openapi"),
                    format!("OpenAPI {} is not supported: only 3.0.x descriptions are", api.openapi),
                );
                return Err(diags);
            }
            Ok(api)
        }
        Err((pointer, at, message)) => {
            // `openapiv3` hides the path of errors inside its maps of paths and responses; parsing those
            // parts one by one finds each broken one with its full pointer.
            let refined = refine(text);
            if refined.is_empty() {
                diags.error(
                    format!("{at}: {pointer}"),
                    format!("not a valid OpenAPI 3.0 description: {message}"),
                );
            }
            for (pointer, message) in refined {
                diags.error(
                    format!("{name}: {pointer}"),
                    format!("not a valid OpenAPI 3.0 description: {message}"),
                );
            }
            Err(diags)
        }
    }
}

/// Parses one part of a spec on its own: the pointer (within the part) and message of its error.
type Parser = dyn Fn(serde_yaml::Value) -> Option<(Pointer, String)>;

/// Parses each path item and each component on its own, and returns the errors found with their full
/// pointers. Empty when the text is not even YAML, or when no single part fails.
fn refine(text: &str) -> Vec<(Pointer, String)> {
    use openapiv3::{Parameter, PathItem, RequestBody, Response, Schema, SecurityScheme};
    let Ok(doc) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return Vec::new();
    };
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

fn key_text(key: &serde_yaml::Value) -> Option<String> {
    match key {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
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
        assert!(err.to_string().contains("x.yaml:1:"), "{err}");
        let err = load_str("{\"openapi\": 3", "x.json", true).unwrap_err();
        assert!(err.to_string().contains("x.json:1:"), "{err}");
    }

    #[test]
    fn other_versions_are_refused() {
        let yaml = "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\npaths: {}\n";
        let err = load_str(yaml, "s.yaml", false).unwrap_err();
        assert!(err.to_string().contains("#/openapi"), "{err}");
    }
}
