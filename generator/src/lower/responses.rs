//! Responses → the success type of a method and the error statuses of the SDK. The runtime decodes
//! every success status of an operation into one output type (`Option<T>` when some have no body) and
//! shares one `ApiErrorKind` across operations, so a status whose body differs between operations gets
//! the most common body, decoded leniently.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, Operation, Response, StatusCode};

use super::refs;
use super::schemas::Types;
use crate::diag::{Category, Diagnostics, Pointer};
use crate::ir::{ErrorKey, ErrorStatus, ResponseContent, Success, TypeRef};
use crate::names;

/// The `ApiErrorKind` variant of a key (`NotFound`, `ClientError`, `Other`).
fn variant(key: ErrorKey) -> String {
    match key {
        ErrorKey::Status(code) => names::status_variant(code),
        ErrorKey::Class(1) => "Informational".to_owned(),
        ErrorKey::Class(3) => "Redirection".to_owned(),
        ErrorKey::Class(4) => "ClientError".to_owned(),
        ErrorKey::Class(5) => "ServerError".to_owned(),
        ErrorKey::Class(class) => format!("Status{class}xx"),
        ErrorKey::Default => "Other".to_owned(),
    }
}

/// A key as the spec writes it, for messages.
fn label(key: ErrorKey) -> String {
    match key {
        ErrorKey::Status(code) => code.to_string(),
        ErrorKey::Class(class) => format!("{class}XX"),
        ErrorKey::Default => "`default`".to_owned(),
    }
}

/// An error response one operation documents.
#[derive(Clone, Debug)]
pub(super) struct Documented {
    key: ErrorKey,
    ty: Option<TypeRef>,
    content: ResponseContent,
    description: Option<String>,
    pointer: String,
}

/// What an operation's responses lower to.
pub(super) struct Responses {
    pub(super) success: Option<Success>,
    pub(super) errors: Vec<Documented>,
}

impl Responses {
    /// The keys of the documented errors, for the method: exact statuses first, in the spec's order.
    pub(super) fn error_keys(&self) -> Vec<ErrorKey> {
        let exact = self.errors.iter().filter(|d| matches!(d.key, ErrorKey::Status(_)));
        let ranges = self.errors.iter().filter(|d| !matches!(d.key, ErrorKey::Status(_)));
        exact.chain(ranges).map(|d| d.key).collect()
    }
}

/// The success responses (the 2xx statuses that share the first one's body or have none; a `2XX` range
/// or `default` stand for 200 when there is no 2xx status; without any, every standard 2xx status
/// brings the body's bytes) and the other documented responses of one operation: errors, redirects
/// and informational statuses.
pub(super) fn lower_responses(
    spec: &OpenAPI,
    op: &Operation,
    ptr: &Pointer,
    base_type: &str,
    types: &mut Types<'_>,
    diags: &mut Diagnostics,
) -> Responses {
    let responses_ptr = ptr.join("responses");
    let mut out = Responses {
        success: None,
        errors: Vec::new(),
    };
    let has_exact_success = op
        .responses
        .responses
        .keys()
        .any(|s| matches!(s, StatusCode::Code(200..=299)));
    let mut successes: Vec<(Pointer, &Response, u16)> = Vec::new();
    for (status, response) in &op.responses.responses {
        let status_ptr = responses_ptr.join(status.to_string());
        let response = match refs::resolve::<Response>(spec, response) {
            Ok((response, _)) => response,
            Err(message) => {
                diags.error(Category::UnresolvedRef, &status_ptr, message);
                continue;
            }
        };
        match status.clone() {
            StatusCode::Code(code @ 200..=299) => successes.push((status_ptr, response, code)),
            StatusCode::Range(2) if !has_exact_success && successes.is_empty() => {
                diags.warning(
                    Category::StatusUnsupported,
                    &status_ptr,
                    "Not supported yet: a range of success statuses; the SDK expects 200 and decodes its body",
                );
                successes.push((status_ptr, response, 200));
            }
            // A redirect or an informational status is an answer the caller may act on (read
            // `Location`, use the cache): the SDK follows no redirect, so it is a variant like an error.
            StatusCode::Code(code @ (100..=199 | 300..=599)) => {
                document(
                    ErrorKey::Status(code),
                    response,
                    &status_ptr,
                    base_type,
                    types,
                    &mut out,
                    diags,
                );
            }
            StatusCode::Range(class @ (1 | 3 | 4 | 5)) => {
                document(
                    ErrorKey::Class(class),
                    response,
                    &status_ptr,
                    base_type,
                    types,
                    &mut out,
                    diags,
                );
            }
            other => diags.warning(
                Category::StatusUnsupported,
                &status_ptr,
                format!("Not supported yet: status {other} as a response; it is `ApiErrorKind::Unexpected`"),
            ),
        }
    }
    if let Some(default) = &op.responses.default {
        let default_ptr = responses_ptr.join("default");
        match refs::resolve::<Response>(spec, default) {
            Ok((response, _)) if successes.is_empty() => {
                diags.warning(
                    Category::DefaultResponseOnly,
                    &default_ptr,
                    "the operation documents only a `default` response; the SDK expects 200 and decodes this body",
                );
                successes.push((default_ptr, response, 200));
            }
            Ok((response, _)) => {
                document(
                    ErrorKey::Default,
                    response,
                    &default_ptr,
                    base_type,
                    types,
                    &mut out,
                    diags,
                );
            }
            Err(message) => diags.error(Category::UnresolvedRef, &default_ptr, message),
        }
    }
    if successes.is_empty() {
        diags.warning_with_fix(
            Category::NoSuccessResponse,
            &responses_ptr,
            "the operation documents no success (2xx) response; the method returns the body's bytes for any standard 2xx status",
            "document the success response, for example `'200': {description: OK}`",
        );
        out.success = Some(Success::undocumented());
        return out;
    }
    out.success = lower_success(&successes, base_type, types, diags);
    out
}

/// One output for all success statuses: the body of the first that has one; statuses without a body
/// beside it make the output optional. A status whose body differs is left out with a warning.
fn lower_success(
    successes: &[(Pointer, &Response, u16)],
    base_type: &str,
    types: &mut Types<'_>,
    diags: &mut Diagnostics,
) -> Option<Success> {
    let hint = format!("{base_type}Response");
    let mut statuses = Vec::new();
    let mut bodiless = Vec::new();
    let mut body: Option<(TypeRef, ResponseContent, u16)> = None;
    let mut accept: Vec<String> = Vec::new();
    let mut lowered_any = false;
    for (status_ptr, response, status) in successes {
        // A later status whose body is another type must not leave that type behind.
        let checkpoint = types.checkpoint();
        let Some((ty, content)) = body_type(response, status_ptr, &hint, types, diags) else {
            continue;
        };
        lowered_any = true;
        match (ty, &body) {
            (None, _) => bodiless.push(*status),
            (Some(ty), None) => body = Some((ty, content, *status)),
            (Some(ty), Some((first, first_content, _))) if ty == *first && content == *first_content => {}
            (Some(_), Some((_, _, first))) => {
                types.restore(checkpoint);
                diags.warning(
                    Category::SuccessBodiesDiffer,
                    status_ptr,
                    format!(
                        "Not supported yet: success statuses with different bodies; {status} is not {first}'s, so it is `ApiErrorKind::Unexpected`"
                    ),
                );
                continue;
            }
        }
        statuses.push(*status);
        for media_type in response.content.keys().filter(|m| classify(m) == content) {
            if !accept.contains(media_type) && !media_type.chars().any(char::is_control) {
                accept.push(media_type.clone());
            }
        }
    }
    if !lowered_any {
        return None;
    }
    let (ty, content) = match body {
        Some((ty, content, _)) => (Some(ty), content),
        None => {
            // No status has a body: nothing is optional.
            bodiless.clear();
            (None, ResponseContent::Json)
        }
    };
    if accept.is_empty() {
        accept.push("application/json".to_owned());
    }
    Some(Success {
        statuses,
        ty,
        bodiless,
        content,
        accept: accept.join(", "),
        undocumented: false,
    })
}

/// Records one documented error response.
fn document(
    key: ErrorKey,
    response: &Response,
    ptr: &Pointer,
    base_type: &str,
    types: &mut Types<'_>,
    out: &mut Responses,
    diags: &mut Diagnostics,
) {
    let variant = variant(key);
    // Error bodies are shared by all operations; one that differs from the first of its status gets a
    // name of its own (an identical one is found by its shape whatever its name).
    let shared = format!("{variant}Body");
    let hint = if types.is_named(&shared) {
        format!("{base_type}{shared}")
    } else {
        shared
    };
    let Some((ty, content)) = body_type(response, ptr, &hint, types, diags) else {
        return;
    };
    out.errors.push(Documented {
        key,
        ty,
        content,
        description: Some(response.description.clone()).filter(|d| !d.trim().is_empty()),
        pointer: ptr.as_str().to_owned(),
    });
}

/// The body of a response: JSON when it offers JSON, else text, else bytes. `Some((None, Json))` when
/// it has no content, `None` when its schema cannot be lowered.
fn body_type(
    response: &Response,
    ptr: &Pointer,
    hint: &str,
    types: &mut Types<'_>,
    diags: &mut Diagnostics,
) -> Option<(Option<TypeRef>, ResponseContent)> {
    let mut chosen: Option<(&String, &openapiv3::MediaType, ResponseContent)> = None;
    for (media_type, media) in &response.content {
        let content = classify(media_type);
        if chosen.as_ref().is_none_or(|(_, _, best)| content < *best) {
            chosen = Some((media_type, media, content));
        }
    }
    let Some((media_type, media, content)) = chosen else {
        return Some((None, ResponseContent::Json));
    };
    let ty = match content {
        ResponseContent::Json => match &media.schema {
            Some(schema) => {
                let schema_ptr = ptr.join("content").join(media_type).join("schema");
                types.lower(schema, &schema_ptr, hint, diags)?
            }
            None => TypeRef::Json,
        },
        ResponseContent::Text => TypeRef::String,
        ResponseContent::Bytes => TypeRef::Bytes,
    };
    Some((Some(ty), content))
}

/// How a response of this media type is read: JSON first, then text, then bytes.
fn classify(media_type: &str) -> ResponseContent {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let (kind, subtype) = essence.split_once('/').unwrap_or((essence.as_str(), ""));
    if subtype == "json" || subtype.ends_with("+json") || essence == "*/*" {
        ResponseContent::Json
    } else if kind == "text" || subtype == "xml" || subtype.ends_with("+xml") {
        ResponseContent::Text
    } else {
        ResponseContent::Bytes
    }
}

/// One body documented for a status, how many operations document it, and the first that does.
struct Candidate<'d> {
    body: (Option<TypeRef>, ResponseContent),
    count: usize,
    first: &'d Documented,
}

/// The error variants of the SDK from what every generated operation documents. A status documented
/// with different bodies keeps the most common one (the first on a tie), decoded leniently, with a
/// warning at each operation that documents another.
pub(super) fn resolve_errors(documented: &[Documented], diags: &mut Diagnostics) -> Vec<ErrorStatus> {
    let mut by_key: BTreeMap<ErrorKey, Vec<&Documented>> = BTreeMap::new();
    for d in documented {
        by_key.entry(d.key).or_default().push(d);
    }
    let mut out = Vec::new();
    for (key, docs) in by_key {
        let variant = variant(key);
        let body = |d: &Documented| (d.ty.clone(), d.content);
        let mut candidates: Vec<Candidate<'_>> = Vec::new();
        for d in &docs {
            match candidates.iter_mut().find(|c| c.body == body(d)) {
                Some(c) => c.count += 1,
                None => candidates.push(Candidate {
                    body: body(d),
                    count: 1,
                    first: d,
                }),
            }
        }
        let lenient = candidates.len() > 1;
        // The most common body (a body over none); on a tie JSON before text before bytes, then the
        // first documented.
        let chosen = candidates
            .iter()
            .filter(|c| c.body.0.is_some() || !lenient)
            .fold(None::<&Candidate<'_>>, |best, c| match best {
                Some(b) if (b.count, std::cmp::Reverse(b.body.1)) >= (c.count, std::cmp::Reverse(c.body.1)) => Some(b),
                _ => Some(c),
            })
            .map(|c| (c.body.clone(), c.first));
        let Some(((ty, content), source)) = chosen else {
            continue;
        };
        if lenient {
            for d in docs.iter().filter(|d| body(d) != (ty.clone(), content)) {
                diags.warning_with_fix(
                    Category::ErrorBodyDiffers,
                    d.pointer.as_str(),
                    format!(
                        "status {} documents a body other than the one of {}; `ApiErrorKind::{variant}` holds that one, and a body that does not decode as it is `ApiErrorKind::Unexpected` (with the raw body)",
                        label(key),
                        source.pointer
                    ),
                    "document the same body for this status in every operation",
                );
            }
        }
        out.push(ErrorStatus {
            key,
            fallback_classes: Vec::new(),
            variant,
            ty,
            content,
            lenient,
            description: docs.iter().find_map(|d| d.description.clone()),
        });
    }
    // Statuses no exact variant takes fall to their class's variant; those of an error class that no
    // class variant takes, to `default`'s.
    let classes: Vec<u16> = out
        .iter()
        .filter_map(|e| match e.key {
            ErrorKey::Class(class) => Some(class),
            _ => None,
        })
        .collect();
    for e in &mut out {
        e.fallback_classes = match e.key {
            ErrorKey::Status(_) => Vec::new(),
            ErrorKey::Class(class) => vec![class],
            ErrorKey::Default => [4, 5].into_iter().filter(|class| !classes.contains(class)).collect(),
        };
    }
    out
}
