//! `multipart/form-data` request bodies (RFC 7578), built in memory: text parts, file parts and JSON
//! parts, joined by a boundary that occurs in none of them.

use std::fmt;
use std::hash::{BuildHasher, RandomState};

use serde::Serialize;

use super::error::InvalidInput;

/// A file sent in a `multipart/form-data` body: its bytes, the file name the server sees, and
/// optionally its media type (else the one the spec gives, else `application/octet-stream`):
/// `File::new("cat.png", bytes).content_type("image/png")`.
#[derive(Clone, PartialEq, Eq)]
pub struct File {
    filename: String,
    bytes: Vec<u8>,
    content_type: Option<String>,
}

impl File {
    /// A file named `filename` with the given contents.
    pub fn new(filename: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        File {
            filename: filename.into(),
            bytes: bytes.into(),
            content_type: None,
        }
    }

    /// The media type of the part (`image/png`), replacing the spec's and the default. A value with
    /// a line break makes the call fail with [`Error::InvalidInput`](crate::Error::InvalidInput) before
    /// sending.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file name sent in the part's `Content-Disposition`.
    pub fn filename(&self) -> &str {
        &self.filename
    }

    /// The contents.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// Files can be large and private: `Debug` shows the name, the length and the media type only.
impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("filename", &self.filename)
            .field("len", &self.bytes.len())
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// One part before the boundary is chosen: its header lines and its body.
struct Part {
    head: String,
    body: Vec<u8>,
}

/// A `multipart/form-data` body under construction.
#[derive(Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

impl Multipart {
    pub fn new() -> Self {
        Self::default()
    }

    /// A text part: the value's `Display`, with `content_type` when the spec gives one (a text part
    /// without one is `text/plain`).
    pub fn text(
        &mut self,
        name: &str,
        value: impl fmt::Display,
        content_type: Option<&str>,
    ) -> Result<(), InvalidInput> {
        self.push(name, None, content_type, value.to_string().into_bytes())
    }

    /// A file part: its bytes with its file name; its media type is the file's own, else
    /// `content_type` from the spec, else `application/octet-stream`.
    pub fn file(&mut self, name: &str, file: &File, content_type: Option<&str>) -> Result<(), InvalidInput> {
        let content_type = file
            .content_type
            .as_deref()
            .or(content_type)
            .unwrap_or("application/octet-stream");
        self.push(name, Some(&file.filename), Some(content_type), file.bytes.clone())
    }

    /// A JSON part (`application/json` unless the spec gives another type).
    pub fn json<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        content_type: Option<&str>,
    ) -> Result<(), InvalidInput> {
        let bytes = serde_json::to_vec(value)
            .map_err(|e| InvalidInput::new(format!("the part `{name}` cannot be encoded as JSON: {e}")))?;
        self.push(name, None, Some(content_type.unwrap_or("application/json")), bytes)
    }

    fn push(
        &mut self,
        name: &str,
        filename: Option<&str>,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Result<(), InvalidInput> {
        let mut head = format!("Content-Disposition: form-data; name=\"{}\"", escape(name));
        if let Some(filename) = filename {
            head.push_str(&format!("; filename=\"{}\"", escape(filename)));
        }
        head.push_str("\r\n");
        if let Some(content_type) = content_type {
            if content_type.chars().any(char::is_control) {
                return Err(InvalidInput::new(format!(
                    "the content type of the part `{}` contains control characters",
                    escape(name)
                )));
            }
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        self.parts.push(Part { head, body });
        Ok(())
    }

    /// The `Content-Type` header value (with the boundary) and the body bytes.
    pub fn finish(self) -> (String, Vec<u8>) {
        let random = RandomState::new();
        let candidates = (0u64..).map(|i| {
            format!(
                "sdkgen-{:016x}{:016x}",
                random.hash_one(i),
                random.hash_one(i.wrapping_add(u64::MAX / 2))
            )
        });
        self.finish_with(candidates)
    }

    /// Encodes with the first candidate boundary that occurs in no part.
    fn finish_with(self, candidates: impl Iterator<Item = String>) -> (String, Vec<u8>) {
        let mut boundary = String::new();
        for candidate in candidates {
            let collides = self
                .parts
                .iter()
                .any(|p| contains(p.head.as_bytes(), candidate.as_bytes()) || contains(&p.body, candidate.as_bytes()));
            if !collides {
                boundary = candidate;
                break;
            }
        }
        let mut body = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n{}\r\n", part.head).as_bytes());
            body.extend_from_slice(&part.body);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    }
}

impl super::call::HttpRequest {
    /// Sets a `multipart/form-data` body.
    pub fn multipart(self, form: Multipart) -> Self {
        let (content_type, bytes) = form.finish();
        self.with_body(content_type, bytes)
    }
}

/// A name or file name inside the quotes of `Content-Disposition`, as browsers write it (WHATWG):
/// `"`, CR and LF percent-encoded, so no value can end the quoted string or the header line.
fn escape(name: &str) -> String {
    name.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(boundaries: &[&str]) -> impl Iterator<Item = String> {
        boundaries
            .iter()
            .map(|b| (*b).to_owned())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn parts_are_framed_with_crlf_and_a_closing_boundary() {
        let mut form = Multipart::new();
        form.text("note", "hello\r\nworld", None).unwrap();
        form.file("file", &File::new("a.bin", vec![0u8, 255, 13, 10]), None)
            .unwrap();
        form.json("meta", &serde_json::json!({"k": [1, 2]}), None).unwrap();
        form.text("tag", 7, Some("text/plain; charset=utf-8")).unwrap();
        let (content_type, body) = form.finish_with(fixed(&["XyZ"]));
        assert_eq!(content_type, "multipart/form-data; boundary=XyZ");
        let mut expected = b"--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\nworld\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            .to_vec();
        expected.extend_from_slice(&[0, 255, 13, 10]);
        expected.extend_from_slice(
            b"\r\n--XyZ\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"k\":[1,2]}\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"tag\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n7\r\n--XyZ--\r\n",
        );
        assert_eq!(String::from_utf8_lossy(&body), String::from_utf8_lossy(&expected));
        assert_eq!(body, expected);
    }

    #[test]
    fn a_boundary_found_in_the_content_is_not_used() {
        let mut form = Multipart::new();
        form.text("a", "--first--", None).unwrap();
        form.file("b", &File::new("second.txt", "x"), None).unwrap();
        let (content_type, body) = form.finish_with(fixed(&["first", "second", "third"]));
        assert_eq!(content_type, "multipart/form-data; boundary=third");
        assert!(body.starts_with(b"--third\r\n"));
        assert!(body.ends_with(b"\r\n--third--\r\n"));
    }

    #[test]
    fn random_boundaries_differ_and_avoid_the_content() {
        let (a, _) = Multipart::new().finish();
        let (b, _) = Multipart::new().finish();
        assert_ne!(a, b);
        let boundary = a.trim_start_matches("multipart/form-data; boundary=").to_owned();
        let mut form = Multipart::new();
        form.text("x", &boundary, None).unwrap();
        let (content_type, body) = form.finish();
        assert!(!content_type.ends_with(&boundary));
        assert!(contains(&body, boundary.as_bytes()));
    }

    #[test]
    fn names_and_file_names_cannot_break_out_of_their_quotes() {
        let mut form = Multipart::new();
        form.file("a\"b\r\nX: y", &File::new("c\".txt\n", "z"), None).unwrap();
        let (_, body) = form.finish_with(fixed(&["B"]));
        let text = String::from_utf8(body).unwrap();
        assert!(
            text.contains("Content-Disposition: form-data; name=\"a%22b%0D%0AX: y\"; filename=\"c%22.txt%0A\"\r\n"),
            "{text}"
        );
    }

    #[test]
    fn a_file_content_type_wins_over_the_spec_and_line_breaks_are_refused() {
        let mut form = Multipart::new();
        form.file("f", &File::new("p.png", "x").content_type("image/png"), Some("image/*"))
            .unwrap();
        form.file("g", &File::new("q", "y"), Some("application/pdf")).unwrap();
        let (_, body) = form.finish_with(fixed(&["B"]));
        let text = String::from_utf8(body).unwrap();
        assert!(
            text.contains("filename=\"p.png\"\r\nContent-Type: image/png\r\n"),
            "{text}"
        );
        assert!(
            text.contains("filename=\"q\"\r\nContent-Type: application/pdf\r\n"),
            "{text}"
        );
        let err = Multipart::new()
            .file("f", &File::new("p", "x").content_type("a/b\r\nX-Evil: 1"), None)
            .unwrap_err();
        assert!(!err.message().is_empty(), "{err:?}");
    }

    #[test]
    fn an_empty_form_is_only_the_closing_boundary() {
        let (_, body) = Multipart::new().finish_with(fixed(&["B"]));
        assert_eq!(body, b"--B--\r\n");
    }

    #[test]
    fn debug_of_a_file_shows_no_contents() {
        let file = File::new("secret.txt", "top s3cr3t");
        let text = format!("{file:?}");
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(text.contains("len: 10"), "{text}");
    }
}
