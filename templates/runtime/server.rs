//! The spec's servers as the client sees them: URL templates with variables
//! (`https://{region}.api.example.com/{version}`), and the base URL a server and the values chosen for
//! its variables make.
//!
//! The generator emits one [`ServerTemplate`] per server of the spec (`SdkInfo::servers`, the first is
//! the default) and the `Server` enum that picks one.

use super::client::validate_base_url;
use super::error::InvalidInput;

/// A variable of a server URL template, `{region}` in `https://{region}.api.example.com`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerVariable {
    /// The name between the braces.
    pub name: &'static str,
    /// The value used unless `ClientBuilder::server_variable` sets another.
    pub default: &'static str,
    /// The values the spec allows (its `enum`); empty when it allows any.
    pub allowed: &'static [&'static str],
}

impl ServerVariable {
    /// A variable as the spec declares it; generated code makes one per variable of each server.
    pub const fn new(name: &'static str, default: &'static str, allowed: &'static [&'static str]) -> Self {
        ServerVariable { name, default, allowed }
    }
}

/// A server of the spec: its URL template and the variables in it.
#[derive(Debug)]
pub struct ServerTemplate {
    /// The URL as the spec writes it, variables in braces.
    pub url: &'static str,
    pub variables: &'static [ServerVariable],
}

impl ServerTemplate {
    /// Checks values chosen for the variables of this server (name, value; a later value for a name
    /// replaces an earlier one): each name must be a variable of this server, and each value one of the
    /// variable's `enum` values, or, when the spec allows any value, a non-empty run of letters, digits,
    /// `-`, `.`, `_` and `~` (not `.` or `..`), so that no value can change the URL's host, port, path
    /// segments, query or fragment.
    pub fn check(&self, values: &[(String, String)]) -> Result<(), InvalidInput> {
        for (name, value) in values {
            let Some(variable) = self.variables.iter().find(|v| v.name == name) else {
                let known: Vec<&str> = self.variables.iter().map(|v| v.name).collect();
                return Err(InvalidInput::new(if known.is_empty() {
                    format!(
                        "`{name}` is not a variable of the server `{}`, which has none",
                        self.url
                    )
                } else {
                    format!(
                        "`{name}` is not a variable of the server `{}` (its variables: {})",
                        self.url,
                        known.join(", ")
                    )
                }));
            };
            if variable.allowed.is_empty() {
                let plain = value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'));
                if value.is_empty() || !plain || value == "." || value == ".." {
                    return Err(InvalidInput::new(format!(
                        "the value of the server variable `{name}` must be letters, digits, `-`, `.`, `_` or `~` \
                         (not `.` or `..`), so that it cannot change the structure of the URL: {value:?}"
                    )));
                }
            } else if !variable.allowed.contains(&value.as_str()) {
                return Err(InvalidInput::new(format!(
                    "{value:?} is not a value of the server variable `{name}` (one of: {})",
                    variable.allowed.join(", ")
                )));
            }
        }
        Ok(())
    }

    /// The base URL: the template with each variable replaced by its value in `values` (checked with
    /// [`ServerTemplate::check`]), else its default; validated, without a trailing slash. Braces that
    /// name no declared variable are left as they are.
    pub fn resolve(&self, values: &[(String, String)]) -> Result<String, InvalidInput> {
        self.check(values)?;
        let value_of = |name: &str| {
            let chosen = values.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
            chosen.or_else(|| self.variables.iter().find(|v| v.name == name).map(|v| v.default))
        };
        let mut url = String::with_capacity(self.url.len());
        let mut rest = self.url;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|i| open + i) else {
                break;
            };
            url.push_str(&rest[..open]);
            match value_of(&rest[open + 1..close]) {
                Some(value) => url.push_str(value),
                None => url.push_str(&rest[open..=close]),
            }
            rest = &rest[close + 1..];
        }
        url.push_str(rest);
        validate_base_url(&url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static REGIONAL: ServerTemplate = ServerTemplate {
        url: "https://{region}.api.example.com/{version}",
        variables: &[
            ServerVariable {
                name: "region",
                default: "us",
                allowed: &["us", "eu"],
            },
            ServerVariable {
                name: "version",
                default: "v1",
                allowed: &[],
            },
        ],
    };

    static PLAIN: ServerTemplate = ServerTemplate {
        url: "https://api.example.com/",
        variables: &[],
    };

    fn values(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
    }

    fn invalid_input(result: Result<String, InvalidInput>) -> String {
        match result {
            Err(e) => e.to_string(),
            other => panic!("expected an invalid input, got {other:?}"),
        }
    }

    #[test]
    fn defaults_fill_every_variable_unless_a_value_is_chosen() {
        assert_eq!(REGIONAL.resolve(&[]).unwrap(), "https://us.api.example.com/v1");
        assert_eq!(
            REGIONAL.resolve(&values(&[("region", "eu")])).unwrap(),
            "https://eu.api.example.com/v1"
        );
        assert_eq!(
            REGIONAL
                .resolve(&values(&[("version", "v2-beta.1_x~"), ("region", "eu")]))
                .unwrap(),
            "https://eu.api.example.com/v2-beta.1_x~"
        );
    }

    #[test]
    fn a_later_value_replaces_an_earlier_one() {
        let chosen = values(&[("region", "eu"), ("region", "us")]);
        assert_eq!(REGIONAL.resolve(&chosen).unwrap(), "https://us.api.example.com/v1");
    }

    #[test]
    fn a_server_without_variables_keeps_its_url_without_trailing_slash() {
        assert_eq!(PLAIN.resolve(&[]).unwrap(), "https://api.example.com");
    }

    #[test]
    fn an_unknown_variable_is_invalid_input_naming_the_known_ones() {
        let message = invalid_input(REGIONAL.resolve(&values(&[("zone", "a")])));
        assert!(
            message.contains("`zone`") && message.contains("region, version"),
            "{message}"
        );
        let message = invalid_input(PLAIN.resolve(&values(&[("region", "eu")])));
        assert!(message.contains("which has none"), "{message}");
    }

    #[test]
    fn a_value_outside_the_enum_is_invalid_input_listing_the_allowed_ones() {
        for value in ["asia", "EU", "", "eu.evil.example"] {
            let message = invalid_input(REGIONAL.resolve(&values(&[("region", value)])));
            assert!(message.contains("one of: us, eu"), "{value:?}: {message}");
        }
    }

    #[test]
    fn a_free_value_that_would_change_the_url_structure_is_invalid_input() {
        for value in [
            "",
            "v1/admin",
            "v1?x=1",
            "v1#f",
            "user@evil",
            "evil.com:80",
            "..",
            ".",
            "v 1",
            "v%2F1",
            "v\n1",
            "é",
            "{region}",
        ] {
            let message = invalid_input(REGIONAL.resolve(&values(&[("version", value)])));
            assert!(message.contains("cannot change the structure"), "{value:?}: {message}");
        }
    }

    #[test]
    fn braces_that_name_no_variable_are_left_for_url_validation() {
        static UNDECLARED: ServerTemplate = ServerTemplate {
            url: "https://{tenant}.example.com",
            variables: &[],
        };
        // The URL crate takes braces in a host; the generator warns about the template.
        assert_eq!(UNDECLARED.resolve(&[]).unwrap(), "https://{tenant}.example.com");
        static UNCLOSED: ServerTemplate = ServerTemplate {
            url: "https://api.example.com/{v",
            variables: &[],
        };
        assert_eq!(UNCLOSED.resolve(&[]).unwrap(), "https://api.example.com/%7Bv");
    }
}
