//! Redaction of secrets in `Debug` output, for the client and for generated models.

use std::fmt;

/// What a secret prints as in `Debug` output.
pub const REDACTED: &str = "*** redacted ***";

/// Stands in for a secret in `Debug` output: `field: Some(*** redacted ***)` tells the reader the value is
/// present without showing it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// A secret that may be absent, for `Debug` output: `Some(*** redacted ***)` or `None`. One function
/// for every field, rather than a closure (and its own `Option::map`) in each.
pub fn present<T>(secret: &Option<T>) -> Option<Redacted> {
    if secret.is_some() { Some(Redacted) } else { None }
}

/// The names of name-value pairs whose values may be credentials, for `Debug` output. A plain loop:
/// an iterator chain would compile its own adapters for every list.
pub fn names<K: AsRef<str>, V>(pairs: &[(K, V)]) -> Vec<&str> {
    let mut names = Vec::with_capacity(pairs.len());
    for (name, _) in pairs {
        names.push(name.as_ref());
    }
    names
}

/// The names of headers, whose values may be credentials, for `Debug` output.
pub fn header_names(headers: &reqwest::header::HeaderMap) -> Vec<&str> {
    let mut names = Vec::with_capacity(headers.keys_len());
    for name in headers.keys() {
        names.push(name.as_str());
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacted_prints_the_marker_and_keeps_presence_visible() {
        let set = Some("s3cr3t".to_owned());
        let unset: Option<String> = None;
        assert_eq!(format!("{:?}", present(&set)), "Some(*** redacted ***)");
        assert_eq!(format!("{:?}", present(&unset)), "None");
    }

    #[test]
    fn name_lists_keep_the_names_in_order_and_never_the_values() {
        let pairs = [("x-api-key", "s3cr3t".to_owned()), ("cookie", "id=s3cr3t".to_owned())];
        assert_eq!(names(&pairs), ["x-api-key", "cookie"]);
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("authorization", "Bearer s3cr3t".parse().unwrap());
        headers.append("x-trace", "1".parse().unwrap());
        headers.append("x-trace", "2".parse().unwrap());
        assert_eq!(header_names(&headers), ["authorization", "x-trace"]);
        assert!(!format!("{:?}", header_names(&headers)).contains("s3cr3t"));
    }
}
