//! An operation's request body → one [`ir::Body`](crate::ir::Body) per content type the SDK can send
//! (JSON, form, text, binary, multipart form), each of which becomes a method of its own
//! ([`ir::Method::body`](crate::ir::Method::body)): which media type is which [`ContentType`], the body's
//! type, a form's field encodings, and what a body without any sendable type degrades to. Multipart
//! bodies are lowered in `multipart`.

use openapiv3::{MediaType, OpenAPI, QueryStyle, ReferenceOr, RequestBody, Schema};

use super::{first_example, multipart};
use crate::diag::{Category, Diagnostics, Pointer};
use crate::ir::{Body, ContentType, FieldEncoding, ParamStyle as Style, TypeRef};
use crate::lower::refs;
use crate::lower::schemas::Types;

/// The kind of body a media type is; `None` for one the SDK cannot encode (multipart other than
/// `form-data`, wildcards, no type at all).
pub(super) fn classify(media_type: &str) -> Option<ContentType> {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json")) {
        Some(ContentType::Json)
    } else if essence == "application/x-www-form-urlencoded" {
        Some(ContentType::Form)
    } else if essence == "multipart/form-data" {
        Some(ContentType::Multipart)
    } else if essence.starts_with("multipart/") || !essence.contains('/') || essence.contains('*') {
        // Not supported: multipart bodies other than forms (`mixed`, `related`: parts without names),
        // and no concrete type.
        None
    } else if essence.starts_with("text/") || essence.ends_with("/xml") || essence.ends_with("+xml") {
        Some(ContentType::Text)
    } else {
        Some(ContentType::Binary)
    }
}

/// A media type that names no concrete type (`*/*`, `application/*`): any bytes.
fn is_wildcard(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence == "*/*" || essence.ends_with("/*")
}

/// What the name of a method that sends a body of this kind ends with, after the first (`create_form`).
pub(super) fn content_suffix(content: ContentType) -> &'static str {
    match content {
        ContentType::Json => "json",
        ContentType::Form => "form",
        ContentType::Text => "text",
        ContentType::Binary => "bytes",
        ContentType::Multipart => "multipart",
    }
}

/// One body per supported content type, JSON first. A required body with no supported content type
/// yields no method at all (and an error); an optional one yields a method without a body.
pub(super) fn lower_bodies(
    spec: &OpenAPI,
    body: &ReferenceOr<RequestBody>,
    ptr: &Pointer,
    base_type: &str,
    types: &mut Types<'_>,
    diags: &mut Diagnostics,
) -> Vec<Option<Body>> {
    let body = match refs::resolve::<RequestBody>(spec, body) {
        Ok((body, _)) => body,
        Err(message) => {
            diags.error(Category::UnresolvedRef, ptr, message);
            return Vec::new();
        }
    };
    let mut bodies: Vec<Body> = Vec::new();
    let mut supported = 0;
    // The JSON body's schema: a form body with another schema gets a type (and a warning) of its own.
    let json_schema = body
        .content
        .iter()
        .find(|(media_type, _)| classify(media_type) == Some(ContentType::Json))
        .and_then(|(_, content)| content.schema.as_ref());
    // A body whose every type the SDK cannot encode is still sent: as bytes the caller encodes.
    let none_encodable = body.content.keys().all(|m| classify(m).is_none());
    for (media_type, content) in &body.content {
        let content_ptr = ptr.join("content").join(media_type);
        let Some((kind, sent_type)) = sent_content(media_type, none_encodable, &content_ptr, diags) else {
            continue;
        };
        supported += 1;
        if bodies.iter().any(|b| b.content == kind) {
            diags.warning(
                Category::ContentTypeDuplicate,
                &content_ptr,
                format!("a second {} content type; only the first gets a method", kind.mime()),
            );
            continue;
        }
        let lowered = if kind == ContentType::Multipart {
            multipart::multipart_body(body, media_type, content, &content_ptr, base_type, types, diags)
        } else {
            let hint = type_hint(kind, content, json_schema, &content_ptr, base_type, diags);
            lower_body(kind, sent_type, content, &content_ptr, &hint, types, diags)
        };
        bodies.extend(lowered);
    }
    share_examples(&mut bodies);
    if bodies.is_empty() {
        return no_body(body.required, supported, ptr, diags);
    }
    bodies.sort_by_key(|b| b.content);
    bodies.into_iter().map(Some).collect()
}

/// The kind of body a media type is sent as, and the `Content-Type` it is sent with. When no media type
/// of the body can be encoded, each is sent as bytes the caller encodes (with a warning); otherwise one
/// that cannot be gets no method (with a warning), and `None`.
fn sent_content(
    media_type: &str,
    none_encodable: bool,
    content_ptr: &Pointer,
    diags: &mut Diagnostics,
) -> Option<(ContentType, String)> {
    match classify(media_type) {
        Some(kind) => Some((kind, media_type.to_owned())),
        None if none_encodable && is_wildcard(media_type) => {
            diags.warning(
                Category::ContentTypeAny,
                content_ptr,
                format!("the request body may be of any type (`{media_type}`): the method sends bytes as `application/octet-stream`; a call can name another type with `.header(\"content-type\", …)`"),
            );
            Some((ContentType::Binary, "application/octet-stream".to_owned()))
        }
        None if none_encodable => {
            diags.warning_with_fix(
                Category::ContentTypeRaw,
                content_ptr,
                format!("Not supported yet: encoding request bodies of type `{media_type}`; the method sends bytes the caller encodes, with this `Content-Type` (a call can replace it with `.header(\"content-type\", …)`, for example to add a boundary)"),
                "offer `application/json` as well",
            );
            Some((ContentType::Binary, media_type.to_owned()))
        }
        None => {
            diags.warning_with_fix(
                Category::ContentTypeUnsupported,
                content_ptr,
                format!("Not supported yet: request bodies of type `{media_type}` (of the multipart types, only `multipart/form-data` is); no method sends it"),
                "offer `application/json` as well, or leave the operation out in the configuration",
            );
            None
        }
    }
}

/// The name an inline schema of the body gets: `{Operation}Request`, or `{Operation}FormRequest` for a
/// form body whose schema is not the JSON body's (with a warning).
fn type_hint(
    kind: ContentType,
    content: &MediaType,
    json_schema: Option<&ReferenceOr<Schema>>,
    content_ptr: &Pointer,
    base_type: &str,
    diags: &mut Diagnostics,
) -> String {
    match (kind, json_schema) {
        (ContentType::Form, Some(json)) if content.schema.as_ref() != Some(json) => {
            diags.warning_with_fix(
                Category::FormSchemaDiffers,
                content_ptr.join("schema"),
                "the form body has a schema other than the JSON body's; its method takes a type of its own",
                "give both content types the same schema if they carry the same fields",
            );
            format!("{base_type}FormRequest")
        }
        _ => format!("{base_type}Request"),
    }
}

/// A body that is not multipart: its type (a text or binary body's from its media type, the others'
/// from the schema), and a form's field encodings. `None` when it cannot be sent (reported).
fn lower_body(
    kind: ContentType,
    sent_type: String,
    content: &MediaType,
    content_ptr: &Pointer,
    hint: &str,
    types: &mut Types<'_>,
    diags: &mut Diagnostics,
) -> Option<Body> {
    let ty = match (kind, &content.schema) {
        // The media type says what a text or binary body is; its schema adds nothing to that.
        (ContentType::Text, _) => Some(TypeRef::String),
        (ContentType::Binary, _) => Some(TypeRef::Bytes),
        (_, Some(schema)) => types.lower(schema, &content_ptr.join("schema"), hint, diags),
        // No schema: any value.
        (ContentType::Form, None) => Some(TypeRef::JsonObject),
        (_, None) => Some(TypeRef::Json),
    }?;
    let mut field_encodings = Vec::new();
    if kind == ContentType::Form {
        if !matches!(ty, TypeRef::Named(_) | TypeRef::Map(_) | TypeRef::JsonObject) {
            diags.error(
                Category::InvalidRequestBody,
                content_ptr.join("schema"),
                "a form body must be an object",
            );
            return None;
        }
        field_encodings = form_encodings(content, content_ptr, diags);
    }
    Some(Body {
        content: kind,
        media_type: sent_type,
        ty,
        parts: Vec::new(),
        field_encodings,
        example: content.example.clone().or_else(|| first_example(&content.examples)),
    })
}

/// The form fields whose `encoding` differs from the default (`style: form`, `explode: true`); a
/// `contentType` other than JSON is not supported (a warning).
fn form_encodings(content: &MediaType, content_ptr: &Pointer, diags: &mut Diagnostics) -> Vec<FieldEncoding> {
    let mut field_encodings = Vec::new();
    for (field, encoding) in &content.encoding {
        let encoding_ptr = content_ptr.join("encoding").join(field);
        let style = encoding.style.as_ref().map(|s| match s {
            QueryStyle::Form => Style::Form,
            QueryStyle::SpaceDelimited => Style::SpaceDelimited,
            QueryStyle::PipeDelimited => Style::PipeDelimited,
            QueryStyle::DeepObject => Style::DeepObject,
        });
        // A `style` says how the field is written; only without one does `contentType` matter.
        if style.is_none()
            && encoding
                .content_type
                .as_deref()
                .is_some_and(|c| classify(c) != Some(ContentType::Json))
        {
            diags.warning(
                Category::PartEncoding,
                &encoding_ptr,
                "Not supported yet: a `contentType` other than JSON; objects are sent as JSON",
            );
        }
        if style.is_some() || !encoding.explode {
            field_encodings.push(FieldEncoding {
                wire_name: field.clone(),
                style,
                explode: encoding.explode,
            });
        }
    }
    field_encodings
}

/// One model sent as JSON or as a form: an example given for one content type serves both.
fn share_examples(bodies: &mut [Body]) {
    for index in 0..bodies.len() {
        if bodies[index].example.is_none() {
            let borrowed = bodies.iter().find(|b| b.ty == bodies[index].ty && b.example.is_some());
            bodies[index].example = borrowed.and_then(|b| b.example.clone());
        }
    }
}

/// What a body none of whose content types got a method lowers to: an optional one whose types the
/// SDK cannot send is left out (a method without a body, with a warning); a required one is an error,
/// as is any whose sendable types all failed (already reported).
fn no_body(required: bool, supported: usize, ptr: &Pointer, diags: &mut Diagnostics) -> Vec<Option<Body>> {
    if supported == 0 && !required {
        diags.warning(
            Category::ContentTypeUnsupported,
            ptr,
            "the optional request body has no content type the SDK can send; the method sends none",
        );
        return vec![None];
    }
    if supported == 0 {
        diags.error_with_fix(
            Category::ContentTypeUnsupported,
            ptr,
            "Not supported yet: none of the content types of this request body (JSON, forms, text and single-part binary are)",
            "offer `application/json` as well, or leave the operation out in the configuration",
        );
    }
    Vec::new()
}
