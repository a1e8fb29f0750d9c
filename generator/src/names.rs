//! Naming: every Rust name the generator makes comes from here, so one set of rules decides them all.
//!
//! Names are converted with `heck`; a name that would not be a valid identifier is repaired the same way
//! everywhere (a leading digit gets a prefix, keywords become raw identifiers when emitted). Naming never
//! fails: [`name_all`] names a set of siblings (fields, variants, parameters) so that each gets a name
//! and no two get the same one, [`shorten`] fits an over-long name, and [`unique`] adds the suffix a
//! later name gets when an earlier one took it. Callers warn at both places of each collision.

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

/// A type or variant name (`token_fail_request` → `TokenFailRequest`), [shortened](shorten) to
/// [`MAX_LEN`]. `None` when the input has no letter or digit to build a name from.
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

/// A field, parameter, method or module name (`clientIdAliasUsed` → `client_id_alias_used`),
/// [shortened](shorten) to [`MAX_LEN`]. `None` when the input has no letter or digit to build a name
/// from.
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
    let first = name.chars().next()?;
    let name = if first.is_ascii_digit() {
        format!("{prefix}{name}")
    } else {
        name
    };
    Some(shorten(&name))
}

/// Symbols as words, longest first, for names that are made of symbols or that only symbols tell apart
/// (`StartTime<` and `StartTime>` → `start_time_lt`, `start_time_gt`).
const SYMBOLS: &[(&str, &str)] = &[
    ("<=", "le"),
    (">=", "ge"),
    ("!=", "ne"),
    ("==", "eq"),
    ("<>", "ne"),
    ("<", "lt"),
    (">", "gt"),
    ("=", "eq"),
    ("!", "not"),
    ("*", "star"),
    ("+", "plus"),
    ("-", "minus"),
    ("/", "slash"),
    ("\\", "backslash"),
    (".", "dot"),
    (",", "comma"),
    (":", "colon"),
    (";", "semicolon"),
    ("@", "at"),
    ("#", "hash"),
    ("$", "dollar"),
    ("%", "percent"),
    ("&", "and"),
    ("|", "or"),
    ("~", "tilde"),
    ("^", "caret"),
    ("?", "question"),
    ("'", "quote"),
    ("\"", "quote"),
    ("`", "backtick"),
    ("(", "open"),
    (")", "close"),
    ("[", "open"),
    ("]", "close"),
    ("{", "open"),
    ("}", "close"),
];

/// `raw` with every symbol spelled as a word (`<=` → ` le `) and the empty string as `empty`, for
/// [`type_name`] or [`snake_name`] to convert.
pub fn spell_symbols(raw: &str) -> String {
    if raw.trim().is_empty() {
        return "empty".to_owned();
    }
    let mut out = String::with_capacity(raw.len() * 2);
    let mut rest = raw;
    'outer: while let Some(c) = rest.chars().next() {
        for (symbol, word) in SYMBOLS {
            if let Some(after) = rest.strip_prefix(symbol) {
                out.push(' ');
                out.push_str(word);
                out.push(' ');
                rest = after;
                continue 'outer;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A short hash of `text` that stays the same from run to run and machine to machine (FNV-1a), as
/// six hexadecimal digits.
pub fn stable_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:06x}", hash & 0xff_ffff)
}

/// A name fitted into [`MAX_LEN`]: its first and last words, as many as fit, around a hash of the whole
/// name, so that two long names that differ only in the middle stay apart (`CreateAbc…XyzResponse` →
/// `CreateAbcH1f2e3dXyzResponse`). Works for UpperCamelCase and snake_case names; shorter ones are
/// returned as they are.
pub fn shorten(name: &str) -> String {
    if name.len() <= MAX_LEN {
        return name.to_owned();
    }
    let snake = name.contains('_') || name.starts_with(|c: char| c.is_ascii_lowercase());
    let words: Vec<&str> = if snake {
        name.split('_').filter(|w| !w.is_empty()).collect()
    } else {
        let mut words = Vec::new();
        let mut start = 0;
        for (i, c) in name.char_indices().skip(1) {
            if c.is_ascii_uppercase() {
                words.push(&name[start..i]);
                start = i;
            }
        }
        words.push(&name[start..]);
        words
    };
    let hash = stable_hash(name);
    let (marker, sep) = if snake {
        (format!("h{hash}"), "_")
    } else {
        (format!("H{hash}"), "")
    };
    let fits = |lead: &[&str], trail: &[&str]| {
        let words = lead.len() + trail.len();
        lead.iter().chain(trail).map(|w| w.len()).sum::<usize>() + marker.len() + words * sep.len() <= MAX_LEN
    };
    let (mut lead, mut trail) = (0, 0);
    // The leading words say what it is about, the trailing ones what it is (`…Response`): take them in
    // turn, two of the lead for one of the trail.
    loop {
        let take_lead = lead < 2 * (trail + 1) && lead + trail < words.len();
        if take_lead && fits(&words[..=lead], &words[words.len() - trail..]) {
            lead += 1;
        } else if lead + trail < words.len() && fits(&words[..lead], &words[words.len() - trail - 1..]) {
            trail += 1;
        } else if lead + trail < words.len() && fits(&words[..=lead], &words[words.len() - trail..]) {
            lead += 1;
        } else {
            break;
        }
    }
    let mut parts: Vec<&str> = words[..lead].to_vec();
    parts.push(&marker);
    parts.extend(&words[words.len() - trail..]);
    let out = parts.join(sep);
    // A first word longer than the limit: cut it.
    if lead == 0 {
        let keep = MAX_LEN - marker.len() - sep.len();
        return format!("{}{sep}{marker}", &name[..keep]);
    }
    out
}

/// `wanted`, or with the first suffix (`2`, `3`, …; after `sep`) that makes it a name `taken` says is
/// free. The name with its suffix is kept within [`MAX_LEN`].
pub fn unique(wanted: &str, sep: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(wanted) {
        return wanted.to_owned();
    }
    (2..)
        .map(|n| {
            let suffix = format!("{sep}{n}");
            let stem = if wanted.len() + suffix.len() > MAX_LEN {
                shorten(&format!("{wanted}{sep}{}", "x".repeat(MAX_LEN)))
            } else {
                wanted.to_owned()
            };
            let stem = &stem[..stem.len().min(MAX_LEN - suffix.len())];
            format!("{stem}{suffix}")
        })
        .find(|candidate| !taken(candidate))
        .expect("some suffix is free")
}

/// How a name in [`name_all`] was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Made {
    /// Converted as it is: what it would be alone.
    Plain,
    /// Its plain name is another's too (the index of the first with it), or it has none: its symbols are
    /// spelled, or a suffix is added, or (with no letter at all) it is named from its position.
    Resolved { clash: Option<usize> },
}

/// Names a set of siblings (a struct's fields, an enum's variants, a method's parameters) from their
/// wire names with `convert`, so that every one gets a name, distinct from the others and from the
/// names `taken` (`additional_properties`, `body`, …). A wire name whose conversion another shares, or
/// that converts to nothing, has its symbols spelled ([`spell_symbols`]); a name still taken gets a
/// suffix after `sep` in the order given; one that gives no name at all is `fallback(index)`. Every
/// name that collides with nothing is what it would be alone.
pub fn name_all(
    raws: &[&str],
    convert: impl Fn(&str) -> Option<String>,
    fallback: impl Fn(usize) -> String,
    sep: &str,
    taken: &[&str],
) -> Vec<(String, Made)> {
    let plain: Vec<Option<String>> = raws.iter().map(|r| convert(r).map(|n| shorten(&n))).collect();
    let shared = |i: usize| {
        plain[i].as_deref().is_some_and(|name| {
            taken.contains(&name) || plain.iter().filter(|p| p.as_deref() == Some(name)).count() > 1
        })
    };
    let mut out: Vec<(String, Made)> = Vec::with_capacity(raws.len());
    for (i, raw) in raws.iter().enumerate() {
        let candidate = match &plain[i] {
            Some(name) if !shared(i) => name.clone(),
            plain_name => convert(&spell_symbols(raw))
                .map(|n| shorten(&n))
                .or_else(|| plain_name.clone())
                .unwrap_or_else(|| fallback(i)),
        };
        // Taken: by a sibling already named, a reserved name, or a later sibling's plain name (which
        // keeps it).
        let is_taken = |name: &str| {
            out.iter().any(|(n, _)| n == name)
                || taken.contains(&name)
                || plain
                    .iter()
                    .enumerate()
                    .any(|(j, p)| j > i && p.as_deref() == Some(name) && !shared(j))
        };
        let name = unique(&candidate, sep, is_taken);
        let made = if plain[i].as_deref() == Some(name.as_str()) {
            Made::Plain
        } else {
            let clash = plain[i]
                .as_deref()
                .and_then(|p| (0..raws.len()).find(|&j| j != i && plain[j].as_deref() == Some(p)));
            Made::Resolved { clash }
        };
        out.push((name, made));
    }
    out
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
        assert_eq!(type_name(&"a".repeat(MAX_LEN + 1)).map(|n| n.len()), Some(MAX_LEN));
        assert!(is_identifier("GMResponseAction") && !is_identifier("Ünïcode") && !is_identifier("1a"));
        assert_eq!(snake_name("clientIdAliasUsed").as_deref(), Some("client_id_alias_used"));
        assert_eq!(snake_name("serviceId").as_deref(), Some("service_id"));
        assert_eq!(snake_name("self").as_deref(), Some("self_"));
        assert_eq!(snake_name("type").as_deref(), Some("type"));
        assert!(is_keyword("type") && is_keyword("gen") && !is_keyword("types"));
    }

    fn names_of(raws: &[&str], convert: fn(&str) -> Option<String>, sep: &str, taken: &[&str]) -> Vec<String> {
        name_all(raws, convert, |i| format!("field_{}", i + 1), sep, taken)
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    }

    #[test]
    fn siblings_told_apart_only_by_symbols_spell_them() {
        assert_eq!(
            names_of(&["StartTime<", "StartTime>", "StartTime"], snake_name, "_", &[]),
            ["start_time_lt", "start_time_gt", "start_time"]
        );
        assert_eq!(
            names_of(&["*", "<=", ">", "", "-", "+"], variant_name_or_symbol, "", &[]),
            ["Star", "Le", "Gt", "Empty", "Minus", "Plus"]
        );
    }

    fn variant_name_or_symbol(raw: &str) -> Option<String> {
        variant_name(raw)
    }

    #[test]
    fn later_siblings_that_collide_get_a_suffix_and_the_first_keeps_its_name() {
        assert_eq!(
            names_of(&["UTC", "utc", "Utc"], type_name, "", &[]),
            ["Utc", "Utc2", "Utc3"]
        );
        let made = name_all(&["CountryCode", "country_code"], type_name, |_| String::new(), "", &[]);
        assert_eq!(made[0], ("CountryCode".to_owned(), Made::Plain));
        assert_eq!(made[1], ("CountryCode2".to_owned(), Made::Resolved { clash: Some(0) }));
    }

    #[test]
    fn a_suffix_never_takes_a_later_siblings_own_name() {
        assert_eq!(names_of(&["a", "A", "a_2"], snake_name, "_", &[]), ["a", "a_3", "a_2"]);
    }

    #[test]
    fn reserved_names_are_avoided_and_names_without_letters_fall_back() {
        assert_eq!(names_of(&["body", "id"], snake_name, "_", &["body"]), ["body_2", "id"]);
        assert_eq!(
            names_of(&["日本語", "@type", "type"], snake_name, "_", &[]),
            ["field_1", "at_type", "type"]
        );
    }

    #[test]
    fn long_names_keep_their_first_and_last_words_and_stay_apart() {
        let words = |middle: &str| format!("CreatePaymentIntent{}{middle}ConfirmationResponse", "Nested".repeat(20));
        let (a, b) = (shorten(&words("Alpha")), shorten(&words("Beta")));
        assert!(a.len() <= MAX_LEN && b.len() <= MAX_LEN, "{a} {b}");
        assert!(
            a.starts_with("CreatePaymentIntent") && a.ends_with("ConfirmationResponse"),
            "{a}"
        );
        assert_ne!(a, b);
        assert_eq!(
            a,
            shorten(&words("Alpha")),
            "the same name is shortened the same way every time"
        );
        let snake = shorten(&format!("list_{}_items", "deeply_nested".repeat(10)));
        assert!(
            snake.len() <= MAX_LEN && snake.starts_with("list_deeply") && snake.ends_with("_items"),
            "{snake}"
        );
        assert!(is_identifier(&a) && is_identifier(&snake));
        assert_eq!(shorten("Short"), "Short");
    }

    #[test]
    fn unique_adds_the_first_free_suffix() {
        assert_eq!(unique("Search", "", |n| n == "Search"), "Search2");
        assert_eq!(unique("id", "_", |n| n == "id" || n == "id_2"), "id_3");
        assert_eq!(unique("free", "_", |_| false), "free");
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
