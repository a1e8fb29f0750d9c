//! Builds the request path from its template, percent-encoding every path parameter so that no value
//! can change the route.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::error::Error;

/// Everything but RFC 3986 unreserved characters is percent-encoded, in path segments, query values and
/// form bodies alike: `/`, `?`, `#`, `%`, `&`, `=`, `+` and spaces can never be read as syntax.
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The path (and, with `query.rs`, the query string) of one request.
#[derive(Debug, Default)]
pub(crate) struct PathBuilder {
    pub(crate) buf: String,
    pub(crate) has_query: bool,
}

impl PathBuilder {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Appends a literal part of the path template, as written in the spec.
    pub(crate) fn literal(&mut self, part: &str) -> &mut Self {
        self.buf.push_str(part);
        self
    }

    /// Appends one path parameter as exactly one segment.
    ///
    /// `""`, `"."` and `".."` are refused: an empty segment or a dot segment would address another route
    /// (servers and URL parsers remove dot segments even when they are percent-encoded).
    pub(crate) fn param(&mut self, name: &str, value: &str) -> Result<&mut Self, Error> {
        match value {
            "" => Err(Error::invalid_input(format!(
                "path parameter `{name}` must not be empty"
            ))),
            "." | ".." => Err(Error::invalid_input(format!(
                "path parameter `{name}` must not be `.` or `..`"
            ))),
            _ => {
                self.buf.extend(utf8_percent_encode(value, COMPONENT));
                Ok(self)
            }
        }
    }

    pub(crate) fn finish(self) -> String {
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(value: &str) -> Result<String, Error> {
        let mut p = PathBuilder::new();
        p.literal("/api/")
            .param("serviceId", value)?
            .literal("/auth/token/fail");
        Ok(p.finish())
    }

    #[test]
    fn reserved_characters_stay_inside_one_segment() {
        let cases = [
            ("715948317", "/api/715948317/auth/token/fail"),
            ("a/b", "/api/a%2Fb/auth/token/fail"),
            ("a?b#c", "/api/a%3Fb%23c/auth/token/fail"),
            ("a b+c", "/api/a%20b%2Bc/auth/token/fail"),
            ("%2F", "/api/%252F/auth/token/fail"),
            ("../..", "/api/..%2F../auth/token/fail"),
            ("a;b,c=d&e", "/api/a%3Bb%2Cc%3Dd%26e/auth/token/fail"),
            ("日本", "/api/%E6%97%A5%E6%9C%AC/auth/token/fail"),
            ("a\r\nb", "/api/a%0D%0Ab/auth/token/fail"),
            ("-._~", "/api/-._~/auth/token/fail"),
        ];
        for (value, expected) in cases {
            assert_eq!(path(value).unwrap(), expected, "value {value:?}");
        }
    }

    #[test]
    fn empty_and_dot_segments_are_refused_before_sending() {
        for value in ["", ".", ".."] {
            let err = path(value).unwrap_err();
            assert!(matches!(err, Error::InvalidInput(_)), "value {value:?}: {err:?}");
            assert!(err.to_string().contains("serviceId"), "{err}");
        }
    }
}
