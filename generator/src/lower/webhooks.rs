//! Webhooks (OpenAPI 3.1): the requests an API sends to its users' servers. Their payload types are
//! generated, so that a receiver can decode what it is sent; the SDK sends none of them.

use heck::ToUpperCamelCase;
use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem, ReferenceOr, RequestBody};
use serde::Deserialize;

use super::refs;
use super::schemas::Types;
use crate::diag::{Category, Diagnostics, Pointer};
use crate::ir::Webhook;

/// The webhooks of a spec, in its order, one per operation; a payload that cannot be generated
/// leaves its webhook without one, with the reasons as warnings.
pub(super) fn lower_webhooks(spec: &OpenAPI, types: &mut Types<'_>, diags: &mut Diagnostics) -> Vec<Webhook> {
    let Some(value) = spec.extensions.get(crate::load::WEBHOOKS_KEY) else {
        return Vec::new();
    };
    let root = Pointer::root().join("webhooks");
    // Read from a YAML tree, as the document is: a deserializer of another kind would compile the path
    // item model once more.
    let items = serde_yaml::to_value(value).and_then(IndexMap::<String, ReferenceOr<PathItem>>::deserialize);
    let items = match items {
        Ok(items) => items,
        Err(e) => {
            diags.warning(
                Category::WebhookSkipped,
                &root,
                format!("the webhooks are not read: {e}"),
            );
            return Vec::new();
        }
    };
    let mut webhooks = Vec::new();
    for (name, item) in &items {
        let ReferenceOr::Item(item) = item else {
            diags.warning(
                Category::WebhookSkipped,
                root.join(name),
                "Not supported yet: a webhook that is a `$ref`; its payload type is not generated",
            );
            continue;
        };
        for (method, op) in item.iter() {
            let ptr = root.join(name).join(method);
            let hint = format!("{}Webhook", name.to_upper_camel_case());
            let start = diags.len();
            let checkpoint = types.checkpoint();
            let payload = op
                .request_body
                .as_ref()
                .and_then(|body| payload(spec, body, &ptr.join("requestBody"), &hint, types, diags));
            let failed = diags.has_errors_since(start);
            if failed {
                types.restore(checkpoint);
                diags.demote_since(start);
                diags.warning(
                    Category::WebhookSkipped,
                    &ptr,
                    "the webhook's payload type is not generated, for the reasons above",
                );
            }
            webhooks.push(Webhook {
                wire_name: name.clone(),
                method: method.to_uppercase(),
                summary: op.summary.clone().or_else(|| op.description.clone()),
                payload: payload.filter(|_| !failed),
                pointer: ptr.to_string(),
            });
        }
    }
    webhooks
}

/// The type of a webhook's JSON body (else of its first media type with a schema).
fn payload(
    spec: &OpenAPI,
    body: &ReferenceOr<RequestBody>,
    ptr: &Pointer,
    hint: &str,
    types: &mut Types<'_>,
    diags: &mut Diagnostics,
) -> Option<crate::ir::TypeRef> {
    let body = match refs::resolve(spec, body) {
        Ok((body, _)) => body,
        Err(message) => {
            diags.warning(Category::UnresolvedRef, ptr, message);
            return None;
        }
    };
    let json = body
        .content
        .iter()
        .find(|(media_type, m)| media_type.contains("json") && m.schema.is_some());
    let (media_type, media) = json.or_else(|| body.content.iter().find(|(_, m)| m.schema.is_some()))?;
    let schema = media.schema.as_ref()?;
    let at = ptr.join("content").join(media_type).join("schema");
    types.lower(schema, &at, hint, diags)
}
