//! The spec's servers → [`ir::Server`](crate::ir::Server)s (URL templates with their variables), and
//! the server of an operation whose path or operation lists its own.

use openapiv3::OpenAPI;

use crate::config::Config;
use crate::diag::{Category, Diagnostics, Pointer};
use crate::ir::{Server, ServerVariable};
use crate::names;

pub(super) fn lower_servers(
    spec: &OpenAPI,
    config: &Config,
    config_name: &str,
    diags: &mut Diagnostics,
) -> Vec<Server> {
    if !config.servers.is_empty() && config.servers.len() != spec.servers.len() {
        diags.error(
            Category::InvalidConfig,
            format!("{config_name}: #/servers"),
            format!(
                "{} server names for the {} servers of the spec",
                config.servers.len(),
                spec.servers.len()
            ),
        );
    }
    let mut servers: Vec<Server> = Vec::new();
    for (index, server) in spec.servers.iter().enumerate() {
        let ptr = Pointer::root().join("servers").join(index.to_string());
        let variables = lower_variables(server, &ptr, diags);
        let url = with_defaults(&server.url, &variables);
        let name = config
            .servers
            .get(index)
            .cloned()
            .or_else(|| {
                host_label(&server.url)
                    .or_else(|| host_label(&url))
                    .and_then(|label| names::type_name(&label))
            })
            .filter(|name| servers.iter().all(|s| &s.name != name))
            .unwrap_or_else(|| format!("Server{index}"));
        servers.push(Server {
            name,
            url,
            url_template: server.url.clone(),
            variables,
            description: server.description.clone(),
        });
    }
    servers
}

/// The variables of a server, with a warning for what the spec gets wrong: a default outside the
/// `enum` (still the default: the spec's author knows their server), and braces in the URL that name
/// no variable (sent as they are).
fn lower_variables(server: &openapiv3::Server, ptr: &Pointer, diags: &mut Diagnostics) -> Vec<ServerVariable> {
    let variables: Vec<ServerVariable> = server
        .variables
        .iter()
        .flatten()
        .map(|(name, variable)| {
            if !variable.enumeration.is_empty() && !variable.enumeration.contains(&variable.default) {
                diags.warning(
                    Category::ServerVariable,
                    ptr.join("variables").join(name),
                    format!(
                        "the default `{}` of the server variable `{name}` is not one of its `enum` values; it is \
                         still the default",
                        variable.default
                    ),
                );
            }
            ServerVariable {
                wire_name: name.clone(),
                default: variable.default.clone(),
                allowed: variable.enumeration.clone(),
                description: variable.description.clone(),
            }
        })
        .collect();
    for name in placeholders(&server.url) {
        if variables.iter().all(|v| v.wire_name != name) {
            diags.warning(
                Category::ServerVariable,
                ptr.join("url"),
                format!("`{{{name}}}` in the server URL is not declared in `variables`; it is sent as it is"),
            );
        }
    }
    variables
}

/// The names between braces in a URL template.
fn placeholders(url: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = url;
    while let Some((_, after)) = rest.split_once('{') {
        let Some((name, after)) = after.split_once('}') else {
            break;
        };
        names.push(name);
        rest = after;
    }
    names
}

/// The URL with every declared variable at its default (what the client uses unless told otherwise).
fn with_defaults(template: &str, variables: &[ServerVariable]) -> String {
    variables.iter().fold(template.to_owned(), |url, v| {
        url.replace(&format!("{{{}}}", v.wire_name), &v.default)
    })
}

/// The first label of the host that is not a variable: `https://us.example.com/v1` → `us`,
/// `https://{region}.api.example.com` → `api`.
fn host_label(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', ':']).next()?;
    host.split('.')
        .find(|l| !l.contains(['{', '}']))
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
}

/// The server an operation is sent to when its path (`item_ptr`) or the operation itself (`op_ptr`)
/// lists servers other than the spec's: the first of them, its variables at their defaults, without a
/// trailing slash. Servers that repeat the spec's own (the bundled Authlete file does so on every
/// operation) change nothing.
pub(super) fn operation_server(
    spec: &OpenAPI,
    item: &openapiv3::PathItem,
    item_ptr: &Pointer,
    op: &openapiv3::Operation,
    op_ptr: &Pointer,
    diags: &mut Diagnostics,
) -> Option<String> {
    let (own, ptr) = if op.servers.is_empty() {
        (&item.servers, item_ptr.join("servers"))
    } else {
        (&op.servers, op_ptr.join("servers"))
    };
    let first = own.first()?;
    if own.iter().map(|s| &s.url).eq(spec.servers.iter().map(|s| &s.url)) {
        return None;
    }
    let ptr = ptr.join("0");
    let variables = lower_variables(first, &ptr, diags);
    for v in &variables {
        diags.warning(
            Category::ServerVariable,
            ptr.join("variables").join(&v.wire_name),
            format!(
                "Not supported yet: variables of a path's or an operation's own server; `{{{}}}` is its default `{}`",
                v.wire_name, v.default
            ),
        );
    }
    let url = with_defaults(&first.url, &variables);
    let url = url.trim_end_matches('/');
    if !is_absolute_base_url(url) {
        diags.warning_with_fix(
            Category::ServerUrl,
            ptr.join("url"),
            format!(
                "Not supported yet: the server `{url}` is not an absolute http(s) URL without query or fragment; \
                 the client's base URL is used"
            ),
            "write the server's full URL (`https://host/path`)",
        );
        return None;
    }
    Some(url.to_owned())
}

/// `http(s)://host[:port][/path]`, with nothing that would make it a different URL once a path is
/// appended (a query, a fragment, braces left over, whitespace).
fn is_absolute_base_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    let host = rest.split('/').next().unwrap_or_default();
    matches!(scheme, "http" | "https")
        && !host.is_empty()
        && !host.contains('@')
        && !url.contains(|c: char| matches!(c, '?' | '#' | '{' | '}' | '\\') || c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_the_names_between_braces() {
        assert_eq!(
            placeholders("https://{region}.x.com/{version}/{"),
            ["region", "version"]
        );
        assert!(placeholders("https://x.com").is_empty());
    }

    #[test]
    fn only_absolute_http_urls_without_query_or_fragment_are_operation_servers() {
        for good in [
            "https://upload.example.com",
            "http://127.0.0.1:8080/v2",
            "https://h/a%20b",
        ] {
            assert!(is_absolute_base_url(good), "{good}");
        }
        for bad in [
            "/v2",
            "ftp://h",
            "https://",
            "https://h/?q",
            "https://h/#f",
            "https://{x}.h",
            "https://u@h",
            "https://h/a b",
        ] {
            assert!(!is_absolute_base_url(bad), "{bad}");
        }
    }
}
