//! Naming: every Rust name the generator makes comes from here, so one set of rules decides them all.
//!
//! Names are converted with `heck`; a name that would not be a valid identifier is repaired the same way
//! everywhere (a leading digit gets a prefix, keywords become raw identifiers when emitted). Collisions
//! are not repaired here: callers report them as diagnostics naming both sources.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of Rust 2024, strict and reserved. They are emitted as raw identifiers (`r#type`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Whether an identifier must be written as `r#name`.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// The name as written in Rust source: `r#match` for a keyword, the name itself otherwise.
pub fn in_source(name: &str) -> String {
    if is_keyword(name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// Latin letters with diacritics as their ASCII base letters (`café` → `cafe`), so that names keep
/// their meaning when they are made ASCII; other non-ASCII letters are dropped.
fn fold_latin(raw: &str) -> String {
    const FOLDS: &[(&str, &str)] = &[
        ("àáâãäåā", "a"),
        ("ÀÁÂÃÄÅĀ", "A"),
        ("çćč", "c"),
        ("ÇĆČ", "C"),
        ("èéêëēěę", "e"),
        ("ÈÉÊËĒĚĘ", "E"),
        ("ìíîïī", "i"),
        ("ÌÍÎÏĪ", "I"),
        ("ñńň", "n"),
        ("ÑŃŇ", "N"),
        ("òóôõöøō", "o"),
        ("ÒÓÔÕÖØŌ", "O"),
        ("ùúûüūů", "u"),
        ("ÙÚÛÜŪŮ", "U"),
        ("ýÿ", "y"),
        ("Ý", "Y"),
        ("šś", "s"),
        ("ŠŚ", "S"),
        ("žźż", "z"),
        ("ŽŹŻ", "Z"),
        ("ß", "ss"),
        ("æ", "ae"),
        ("Æ", "Ae"),
        ("œ", "oe"),
        ("Œ", "Oe"),
        ("ł", "l"),
        ("Ł", "L"),
    ];
    if raw.is_ascii() {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match FOLDS.iter().find(|(from, _)| from.contains(c)) {
            Some((_, to)) => out.push_str(to),
            None => out.push(c),
        }
    }
    out
}

/// A type or variant name (`token_fail_request` → `TokenFailRequest`). `None` when the input has no
/// letter or digit to build a name from.
pub fn type_name(raw: &str) -> Option<String> {
    let name = fold_latin(raw).to_upper_camel_case();
    let name = repair_start(name, "N")?;
    Some(if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    })
}

/// An enum variant name for a wire value: like [`type_name`], but a leading sign is spelled out so that
/// `+1` and `-1` stay apart (`Plus1`, `Minus1`).
pub fn variant_name(raw: &str) -> Option<String> {
    let raw = raw.trim();
    // `type_name` puts `N` before a leading digit; after the sign word none is needed.
    let signed = |word: &str, rest: &str| {
        let name = type_name(rest)?;
        let digit_prefixed = name.starts_with('N') && name[1..].starts_with(|c: char| c.is_ascii_digit());
        Some(format!("{word}{}", if digit_prefixed { &name[1..] } else { &name[..] }))
    };
    match (raw.strip_prefix('-'), raw.strip_prefix('+')) {
        (Some(rest), _) => signed("Minus", rest),
        (_, Some(rest)) => signed("Plus", rest),
        _ => type_name(raw),
    }
}

/// A field, parameter, method or module name (`clientIdAliasUsed` → `client_id_alias_used`). `None`
/// when the input has no letter or digit to build a name from.
pub fn snake_name(raw: &str) -> Option<String> {
    let name = fold_latin(raw).to_snake_case();
    let name = repair_start(name, "n")?;
    Some(if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    })
}

/// The longest name made: longer ones (generated schemas sometimes have them) would make file names
/// that some file systems refuse.
pub const MAX_LEN: usize = 100;

/// Whether `name` is a plain ASCII identifier (what every name here is made into).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= MAX_LEN
}

/// `heck` keeps leading digits, which no identifier may have, and letters outside ASCII, which rustc's
/// lints dislike in identifiers; the name is made of its ASCII letters, digits and underscores only.
fn repair_start(name: String, prefix: &str) -> Option<String> {
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let name = name.trim_matches('_').to_owned();
    if name.len() > MAX_LEN {
        return None;
    }
    let first = name.chars().next()?;
    if first.is_ascii_digit() {
        Some(format!("{prefix}{name}"))
    } else {
        Some(name)
    }
}

/// The `ApiErrorKind` variant of an HTTP status other than a success (an error, a redirect or an
/// informational status): its reason phrase (`404` → `NotFound`, `303` → `SeeOther`), or `Status418`
/// for statuses without a well-known phrase.
pub fn status_variant(status: u16) -> String {
    let phrase = match status {
        100 => "Continue",
        101 => "SwitchingProtocols",
        102 => "Processing",
        103 => "EarlyHints",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        305 => "UseProxy",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        423 => "Locked",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{status}"),
    };
    phrase.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_rust_conventions_and_keep_meaning() {
        assert_eq!(type_name("token_fail_request").as_deref(), Some("TokenFailRequest"));
        assert_eq!(type_name("AUTHORIZATION_CODE").as_deref(), Some("AuthorizationCode"));
        assert_eq!(type_name("2fa-method").as_deref(), Some("N2faMethod"));
        assert_eq!(type_name("self").as_deref(), Some("Self_"));
        assert_eq!(type_name("+-"), None);
        assert_eq!(type_name("日本語"), None);
        assert_eq!(variant_name("-1").as_deref(), Some("Minus1"));
        assert_eq!(variant_name("+09:00").as_deref(), Some("Plus0900"));
        assert_eq!(variant_name("-north").as_deref(), Some("MinusNorth"));
        assert_eq!(type_name("café_menu").as_deref(), Some("CafeMenu"));
        assert_eq!(snake_name("Größe").as_deref(), Some("grosse"));
        assert_eq!(snake_name("__private").as_deref(), Some("private"));
        assert_eq!(type_name(&"a".repeat(MAX_LEN + 1)), None);
        assert!(is_identifier("GMResponseAction") && !is_identifier("Ünïcode") && !is_identifier("1a"));
        assert_eq!(snake_name("clientIdAliasUsed").as_deref(), Some("client_id_alias_used"));
        assert_eq!(snake_name("serviceId").as_deref(), Some("service_id"));
        assert_eq!(snake_name("self").as_deref(), Some("self_"));
        assert_eq!(snake_name("type").as_deref(), Some("type"));
        assert!(is_keyword("type") && is_keyword("gen") && !is_keyword("types"));
    }

    #[test]
    fn statuses_are_named_by_reason_phrase() {
        assert_eq!(status_variant(400), "BadRequest");
        assert_eq!(status_variant(500), "InternalServerError");
        assert_eq!(status_variant(499), "Status499");
        assert_eq!(status_variant(101), "SwitchingProtocols");
        assert_eq!(status_variant(303), "SeeOther");
        assert_eq!(status_variant(304), "NotModified");
        assert_eq!(status_variant(308), "PermanentRedirect");
        assert_eq!(status_variant(306), "Status306");
    }
}
