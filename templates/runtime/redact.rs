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

/// The names of name-value pairs whose values may be credentials, for `Debug` output. It takes a
/// trait object so that the collecting is compiled once, not once for every kind of list.
pub(crate) fn names<'a>(names: &mut dyn Iterator<Item = &'a str>) -> Vec<&'a str> {
    names.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacted_prints_the_marker_and_keeps_presence_visible() {
        let present: Option<Redacted> = Some(Redacted);
        let absent: Option<Redacted> = None;
        assert_eq!(format!("{present:?}"), "Some(*** redacted ***)");
        assert_eq!(format!("{absent:?}"), "None");
    }
}
