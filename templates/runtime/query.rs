//! Query parameters, style `form`: `name=value` pairs joined by `&`, arrays as repeated names
//! (`explode: true`) or one comma-joined value (`explode: false`).

use std::fmt::Display;

use percent_encoding::utf8_percent_encode;

use super::path::{COMPONENT, PathBuilder};

impl PathBuilder {
    /// Appends `name=value`. Values are written with `Display` (the wire text of enums, integers, booleans
    /// and strings) and percent-encoded; a space becomes `%20`, never `+`.
    pub(crate) fn query(&mut self, name: &str, value: impl Display) -> &mut Self {
        self.buf.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        self.buf.extend(utf8_percent_encode(name, COMPONENT));
        self.buf.push('=');
        let value = value.to_string();
        self.buf.extend(utf8_percent_encode(&value, COMPONENT));
        self
    }

    /// Appends an array parameter: `name=a&name=b` when exploded, `name=a,b` otherwise. An empty array
    /// adds nothing.
    pub(crate) fn query_array<T: Display>(&mut self, name: &str, values: &[T], explode: bool) -> &mut Self {
        if explode {
            for value in values {
                self.query(name, value);
            }
        } else if !values.is_empty() {
            let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
            self.query(name, joined.join(","));
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_joined_and_encoded() {
        let mut p = PathBuilder::new();
        p.literal("/list")
            .query("clientIdentifier", "c+1")
            .query("subject", "john doe&x=1/é")
            .query("start", 0)
            .query("end", -5);
        assert_eq!(
            p.finish(),
            "/list?clientIdentifier=c%2B1&subject=john%20doe%26x%3D1%2F%C3%A9&start=0&end=-5"
        );
    }

    #[test]
    fn empty_value_keeps_its_name() {
        let mut p = PathBuilder::new();
        p.literal("/list").query("subject", "");
        assert_eq!(p.finish(), "/list?subject=");
    }

    #[test]
    fn arrays_repeat_or_join() {
        let mut p = PathBuilder::new();
        p.literal("/x")
            .query_array("s", &["a", "b c"], true)
            .query_array("t", &[1, 2], false);
        p.query_array::<&str>("u", &[], false);
        assert_eq!(p.finish(), "/x?s=a&s=b%20c&t=1%2C2");
    }
}
