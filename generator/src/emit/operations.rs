//! Groups and operations → Rust: a group type with one method per operation and content type, and one
//! operation type per method that builds its request for the runtime's `Call`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::cx::FileCx;
use super::docs::{doc_lines, inner_doc_lines};
use super::examples;
use super::fragments::{self, Context};
use super::rust::{argument, field_init, ident, rust_type};
use crate::ir::{
    Api, ApiKeyLocation, ContentType, ErrorKey, Group, Method, Param, ParamLocation, ParamShape, ParamStyle, Part,
    PartEncoding, PathPart, ResponseContent, SchemeId, SchemeKind, TypeRef,
};

/// Emits the start of the module of one group: its docs, the group type and its accessor on the
/// client. The methods follow ([`emit_methods`]), then each method's operation ([`emit_operation`]).
/// ```text
/// //! The `tokens` operations: …
/// pub struct Tokens<'a> { client: &'a crate::Client }
/// impl crate::Client { pub fn tokens(&self) -> Tokens<'_> { … } }
/// ```
/// Emits: `pub struct Tokens<'a>` in `generated-sdk/src/tokens.rs`.
/// Emits: `pub fn tokens(&self) -> Tokens<'_>` in `generated-sdk/src/tokens.rs`.
pub(crate) fn emit_group_head(cx: &mut FileCx<'_>, group: &Group) -> TokenStream {
    let group_type = ident(&group.type_name);
    let accessor = ident(&group.name);
    let method_list: Vec<String> = group
        .methods
        .iter()
        .map(|m| format!("[`{}`]({}::{})", m.name, group.type_name, m.name))
        .collect();
    let module_doc = inner_doc_lines(
        cx,
        &format!(
            "The `{}` operations: [`{}`], reached with [`Client::{}`](crate::Client::{}).",
            group.name, group.type_name, group.name, group.name
        ),
    );
    let accessor_doc = doc_lines(
        cx,
        &format!("The `{}` operations: {}.", group.name, method_list.join(", ")),
    );
    let group_doc = doc_lines(
        cx,
        &format!(
            "The `{}` operations. Each method returns a [`Call`](crate::Call): set per-call options on it, then \
         `.await` it.",
            group.name
        ),
    );
    quote! {
        #module_doc

        #group_doc
        #[derive(Clone, Copy, Debug)]
        pub struct #group_type<'a> {
            client: &'a crate::Client,
        }

        impl crate::Client {
            #accessor_doc
            #[inline]
            pub fn #accessor(&self) -> #group_type<'_> {
                #group_type { client: self }
            }
        }
    }
}

/// Emits the impl of a group's type with the given methods (all of the group's, or a run of them when
/// a large group is formatted in pieces). A method takes the required parameters and the body as
/// arguments and returns the `Call` of its operation type.
/// ```text
/// impl<'a> Tokens<'a> {
///     pub fn fail(&self, service_id: impl Into<String>, body: TokenFailRequest) -> crate::Call<'a, Fail> { … }
/// }
/// ```
/// Emits: `impl<'a> Tokens<'a>` in `generated-sdk/src/tokens.rs`.
/// Emits: `pub fn fail(` in `generated-sdk/src/tokens.rs`.
pub(crate) fn emit_methods(cx: &mut FileCx<'_>, api: &Api, group: &Group, methods: &[Method]) -> TokenStream {
    let group_type = ident(&group.type_name);
    let methods = methods.iter().map(|m| emit_method(cx, api, group, m));
    quote! {
        impl<'a> #group_type<'a> {
            #(#methods)*
        }
    }
}

/// Every parameter of a method with its place: path, query, header, cookie.
fn params(m: &Method) -> impl Iterator<Item = (ParamLocation, &Param)> {
    fn tag(place: ParamLocation, params: &[Param]) -> impl Iterator<Item = (ParamLocation, &Param)> {
        params.iter().map(move |p| (place, p))
    }
    tag(ParamLocation::Path, &m.path_params)
        .chain(tag(ParamLocation::Query, &m.query_params))
        .chain(tag(ParamLocation::Header, &m.header_params))
        .chain(tag(ParamLocation::Cookie, &m.cookie_params))
}

/// The arguments a method takes: its path parameters, its required query, header and cookie
/// parameters, then its body.
fn required_params(m: &Method) -> impl Iterator<Item = &Param> {
    params(m).map(|(_, p)| p).filter(|p| p.required)
}

/// The parts of a multipart body, which a method takes like parameters (none for other bodies).
fn parts(m: &Method) -> &[Part] {
    m.body.as_ref().map_or(&[], |b| b.parts.as_slice())
}

/// Whether the method sends its body as one value (`body`), not part by part.
fn whole_body(m: &Method) -> Option<&crate::ir::Body> {
    m.body.as_ref().filter(|b| b.content != ContentType::Multipart)
}

/// The parameters set on the call: the optional ones.
fn optional_params(m: &Method) -> impl Iterator<Item = (ParamLocation, &Param)> {
    params(m).filter(|(_, p)| !p.required)
}

/// Emits a group method: required values are arguments, the rest are setters on the returned call.
fn emit_method(cx: &mut FileCx<'_>, api: &Api, group: &Group, m: &Method) -> TokenStream {
    let name = ident(&m.name);
    let op_type = ident(&m.type_name);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in required_params(m) {
        let arg = ident(&p.rust_name);
        let (ty, value) = argument(api, &p.ty, &arg);
        args.push(quote! { #arg: #ty });
        inits.push(field_init(&arg, &value));
    }
    for part in parts(m).iter().filter(|p| p.required) {
        let arg = ident(&part.rust_name);
        let (ty, value) = argument(api, &part.ty, &arg);
        args.push(quote! { #arg: #ty });
        inits.push(field_init(&arg, &value));
    }
    let optional_parts = parts(m).iter().filter(|p| !p.required).map(|p| &p.rust_name);
    for name in optional_params(m).map(|(_, p)| &p.rust_name).chain(optional_parts) {
        let field = ident(name);
        inits.push(fragments::field_line(
            cx,
            || format!("{field}: ::std::option::Option::None,"),
            || quote! { #field: ::std::option::Option::None },
        ));
    }
    if let Some(body) = whole_body(m) {
        // Like any argument: a text body takes anything that converts into a `String`.
        let arg = format_ident!("body");
        let (ty, value) = argument(api, &body.ty, &arg);
        args.push(quote! { body: #ty });
        inits.push(field_init(&arg, &value));
    }
    let text = method_docs(cx, api, group, m);
    let docs = doc_lines(cx, &text);
    let deprecated = m.deprecated.then(|| quote! { #[deprecated] });
    quote! {
        #docs
        #deprecated
        pub fn #name(&self, #(#args),*) -> crate::Call<'a, #op_type> {
            crate::Call::new(self.client, #op_type { #(#inits),* })
        }
    }
}

fn method_docs(cx: &mut FileCx<'_>, api: &Api, group: &Group, m: &Method) -> String {
    let mut text = String::new();
    if let Some(summary) = &m.summary {
        text.push_str(&cx.clean(summary));
        text.push_str("\n\n");
    }
    if let Some(description) = &m.description {
        text.push_str(&cx.clean(description));
        text.push_str("\n\n");
    }
    let body = body_phrase(m);
    text.push_str(&format!(
        "Sends `{} {}`{body} (operation `{}`).\n",
        m.http_method.as_str(),
        m.path_template,
        m.operation_id
    ));
    if let Some(server) = &m.server {
        text.push_str(&format!(
            "\nSent to this operation's own server, `{server}`, unless a base URL is set on the client \
             ([`ClientBuilder::base_url`](crate::ClientBuilder::base_url)) or the call \
             ([`Call::base_url`](crate::Call::base_url)).\n"
        ));
    }
    text.push_str(&success_docs(m));
    text.push_str(&form_body_docs(m));
    // After the short description and what is sent: the long form has headings of its own.
    for extension in &m.extension_docs {
        text.push('\n');
        text.push_str(&cx.clean(extension));
        text.push('\n');
    }
    text.push_str(&parameter_docs(cx, m));
    text.push_str(&part_docs(cx, m));
    text.push_str(&security_docs(api, m));
    text.push_str(&error_docs(api, m));
    text.push_str("\n# Example\n");
    text.push_str(&examples::method_example(api, group, m));
    text
}

/// What a method's docs say of its success statuses, when they are not the one documented body.
fn success_docs(m: &Method) -> String {
    let mut text = String::new();
    if m.success.undocumented {
        text.push_str(
            "\nThe spec documents no success response: any standard 2xx status (200–208, 226) succeeds, \
             and the response is the body's bytes.\n",
        );
    } else if m.success.statuses.len() > 1 {
        let statuses: Vec<String> = m.success.statuses.iter().map(u16::to_string).collect();
        text.push_str(&format!("\nSucceeds with any of the statuses {}", statuses.join(", ")));
        if m.success.ty.is_some() && !m.success.bodiless.is_empty() {
            let bodiless: Vec<String> = m.success.bodiless.iter().map(u16::to_string).collect();
            text.push_str(&format!(
                "; the response is `None` for {} (no body)",
                bodiless.join(", ")
            ));
        }
        text.push_str(".\n");
    }
    text
}

/// What a method's docs say of a form body: how fields are sent, and the fields with a style of their
/// own.
fn form_body_docs(m: &Method) -> String {
    let mut text = String::new();
    if let Some(body) = m.body.as_ref().filter(|b| b.content == ContentType::Form) {
        text.push_str(
            "\nThe body is sent as a form: each field as `name=value`, arrays as one pair per item, nested \
             objects as JSON text",
        );
        let styled: Vec<String> = body
            .field_encodings
            .iter()
            .filter_map(|e| {
                let style = match e.style? {
                    ParamStyle::DeepObject => "`deepObject`, in brackets: `name[k]=v`, `name[0]=a`",
                    ParamStyle::SpaceDelimited => "`spaceDelimited`",
                    ParamStyle::PipeDelimited => "`pipeDelimited`",
                    _ => "`form`",
                };
                Some(format!("`{}` ({style})", e.wire_name))
            })
            .collect();
        if !styled.is_empty() {
            text.push_str(&format!(
                "; these fields follow the style their encoding names: {}",
                styled.join(", ")
            ));
        }
        text.push_str(".\n");
    }
    text
}

/// The `# Parameters` section of a method's docs: each parameter with its wire name, its place and how
/// it is given.
fn parameter_docs(cx: &mut FileCx<'_>, m: &Method) -> String {
    let mut text = String::new();
    let all: Vec<(ParamLocation, &Param)> = params(m).collect();
    if !all.is_empty() {
        text.push_str("\n# Parameters\n");
        for (place, p) in all {
            let how = if p.required {
                "argument"
            } else {
                "optional: a setter on the call"
            };
            let description = p.description.as_deref().map(|d| cx.clean(d)).unwrap_or_default();
            let description = description.split_whitespace().collect::<Vec<_>>().join(" ");
            let place = match place {
                ParamLocation::Path | ParamLocation::Query => String::new(),
                ParamLocation::Header => " header".to_owned(),
                ParamLocation::Cookie => " cookie".to_owned(),
            };
            text.push_str(&format!(
                "- `{}` (`{}`{place}, {how}): {description}\n",
                p.rust_name, p.wire_name
            ));
        }
    }
    text
}

/// The `# Parts of the multipart body` section of a method's docs.
fn part_docs(cx: &mut FileCx<'_>, m: &Method) -> String {
    let mut text = String::new();
    if !parts(m).is_empty() {
        text.push_str("\n# Parts of the multipart body\n");
        for p in parts(m) {
            let how = if p.required {
                "argument"
            } else {
                "optional: a setter on the call"
            };
            let what = match p.encoding {
                PartEncoding::Text => "text",
                PartEncoding::TextEach => "a text part per item",
                PartEncoding::File => "a file",
                PartEncoding::FileEach => "a file part per item",
                PartEncoding::Json => "JSON",
            };
            let description = p.description.as_deref().map(|d| cx.clean(d)).unwrap_or_default();
            let description = description.split_whitespace().collect::<Vec<_>>().join(" ");
            text.push_str(&format!(
                "- `{}` (`{}`, {what}, {how}): {description}\n",
                p.rust_name, p.wire_name
            ));
        }
    }
    text
}

/// The `# Errors` section of a method's docs: the error variants the operation documents, and what
/// the other kinds of the generated crate's `Error` mean.
fn error_docs(api: &Api, m: &Method) -> String {
    let mut text = String::new();
    text.push_str(
        "\n# Errors\nThe call fails with [`Error::Api`](crate::Error::Api) when the server answers with a status \
         other than the success status; [`ApiErrorKind`](crate::ApiErrorKind) tells which",
    );
    let documented: Vec<String> = m
        .errors
        .iter()
        .filter_map(|key| api.errors.iter().find(|e| e.key == *key))
        .map(|e| {
            let statuses = match e.key {
                ErrorKey::Status(status) => status.to_string(),
                ErrorKey::Class(class) => format!("{class}XX"),
                ErrorKey::Default => "other error statuses".to_owned(),
            };
            format!("[`{}`](crate::ApiErrorKind::{}) ({statuses})", e.variant, e.variant)
        })
        .collect();
    if documented.is_empty() {
        text.push_str(". ");
    } else {
        text.push_str(&format!(", and this operation documents {}. ", documented.join(", ")));
    }
    let answers = m.errors.iter().any(|key| key.is_answer());
    if answers {
        text.push_str(
            "The SDK follows no redirect: a redirect or informational status is [`Error::Api`](crate::Error::Api) \
             too, its headers (`Location`) in [`ApiError::headers`](crate::ApiError::headers). ",
        );
    }
    text.push_str("The other [`Error`](crate::Error) kinds say why a request was not sent or its response not read.\n");
    text
}

/// Emits the operation type of a method and its `Operation` impl, plus the setters for optional
/// parameters on its `Call`. The operation type holds the method's arguments; its `Operation` impl
/// says where the request goes and builds it.
/// ```text
/// pub struct Fail { service_id: String, body: TokenFailRequest }
/// impl crate::operation::Operation for Fail { … }
/// impl crate::Call<'_, Fail> { pub fn subject(mut self, value: impl Into<String>) -> Self { … } }
/// ```
/// Emits: `pub struct List {` in `generated-sdk/src/tokens.rs`.
/// Emits: `impl crate::operation::Operation for List` in `generated-sdk/src/tokens.rs`.
/// Emits: `impl crate::Call<'_, List>` in `generated-sdk/src/tokens.rs`.
pub(crate) fn emit_operation(cx: &mut FileCx<'_>, api: &Api, group: &Group, m: &Method) -> TokenStream {
    let op_type = ident(&m.type_name);
    let fields = operation_fields(cx, m);
    let body_text = body_phrase(m);
    let doc = doc_lines(
        cx,
        &format!(
            "`{} {}`{body_text}: what [`{}::{}`]({}::{}) sends.",
            m.http_method.as_str(),
            m.path_template,
            group.type_name,
            m.name,
            group.type_name,
            m.name
        ),
    );
    let (output, decode, decode_status) = decoder(m);
    let accept = &m.success.accept;
    let id = &m.operation_id;
    let method = format_ident!("{}", m.http_method.as_str());
    let template = &m.path_template;
    let statuses = m
        .success
        .statuses
        .iter()
        .map(|s| proc_macro2::Literal::u16_unsuffixed(*s));
    let to_request = to_request(cx, api, m);
    let call_impl = call_setters(cx, api, m, &op_type);
    let fields_decl = if fields.is_empty() {
        quote! { ; }
    } else {
        quote! { { #(#fields),* } }
    };
    let security = security_info(api, m);
    let server = match &m.server {
        Some(url) => quote! { ::std::option::Option::Some(#url) },
        None => quote! { ::std::option::Option::None },
    };
    let (derives, debug_impl) = if params(m).any(|(_, p)| p.sensitive) {
        (quote! { #[derive(Clone)] }, Some(emit_redacting_debug(m)))
    } else {
        (quote! { #[derive(Clone, Debug)] }, None)
    };
    quote! {
        #doc
        #derives
        pub struct #op_type #fields_decl

        #debug_impl

        impl crate::operation::Operation for #op_type {
            type Output = #output;

            const INFO: crate::operation::OperationInfo = crate::operation::OperationInfo {
                id: #id,
                method: ::reqwest::Method::#method,
                path: #template,
                success_statuses: &[#(#statuses),*],
                accept: #accept,
                security: #security,
                server: #server,
            };

            #[inline]
            fn to_request(&self) -> ::std::result::Result<crate::operation::HttpRequest, crate::InvalidInput> {
                #to_request
            }

            #[inline]
            fn decode(body: &[u8]) -> ::std::result::Result<Self::Output, ::serde_json::Error> {
                #decode
            }

            #decode_status
        }

        #call_impl
    }
}

/// The fields of an operation struct: its parameters (required first), its multipart parts, and its
/// whole body.
fn operation_fields(cx: &mut FileCx<'_>, m: &Method) -> Vec<TokenStream> {
    let mut fields = Vec::new();
    for p in required_params(m).chain(optional_params(m).map(|(_, p)| p)) {
        fields.push(fragments::piece(
            cx,
            Context::Field,
            || format!("{}\0{:?}\0{}", p.rust_name, p.ty, p.required),
            |_| {
                let field = ident(&p.rust_name);
                let ty = rust_type(&p.ty);
                if p.required {
                    quote! { #field: #ty }
                } else {
                    quote! { #field: ::std::option::Option<#ty> }
                }
            },
        ));
    }
    for part in parts(m) {
        let field = ident(&part.rust_name);
        let ty = rust_type(&part.ty);
        if part.required {
            fields.push(quote! { #field: #ty });
        } else {
            fields.push(quote! { #field: ::std::option::Option<#ty> });
        }
    }
    if let Some(body) = whole_body(m) {
        let ty = rust_type(&body.ty);
        fields.push(quote! { body: #ty });
    }
    fields
}

/// What the operation's call returns, how its body decodes, and (when some success statuses have no
/// body) the `decode_status` that makes those `None`.
fn decoder(m: &Method) -> (TokenStream, TokenStream, Option<TokenStream>) {
    let optional = m.success.ty.is_some() && !m.success.bodiless.is_empty();
    let output = match &m.success.ty {
        Some(ty) if optional => {
            let ty = rust_type(ty);
            quote! { ::std::option::Option<#ty> }
        }
        Some(ty) => rust_type(ty),
        None => quote! { () },
    };
    let decode = match (&m.success.ty, m.success.content) {
        (None, _) => quote! {
            let _ = body;
            ::std::result::Result::Ok(())
        },
        (Some(_), ResponseContent::Json) => quote! { ::serde_json::from_slice(body) },
        (Some(_), ResponseContent::Text) => quote! {
            ::std::string::String::from_utf8(body.to_vec()).map_err(<::serde_json::Error as ::serde::de::Error>::custom)
        },
        (Some(_), ResponseContent::Bytes) => quote! { ::std::result::Result::Ok(body.to_vec()) },
    };
    // A body-less success status (`204` beside `200`) is `None`; the others decode as `Some`.
    let (decode, decode_status) = if optional {
        let bodiless = m
            .success
            .bodiless
            .iter()
            .map(|s| proc_macro2::Literal::u16_unsuffixed(*s));
        let decode = quote! { #decode.map(::std::option::Option::Some) };
        let decode_status = quote! {
            #[inline]
            fn decode_status(status: u16, body: &[u8]) -> ::std::result::Result<Self::Output, ::serde_json::Error> {
                match status {
                    #(#bodiless)|* => ::std::result::Result::Ok(::std::option::Option::None),
                    _ => Self::decode(body),
                }
            }
        };
        (decode, Some(decode_status))
    } else {
        (decode, None)
    };
    (output, decode, decode_status)
}

/// The body of `to_request`: the path, the query, the headers and cookies, then the request body in
/// its encoding.
fn to_request(cx: &mut FileCx<'_>, api: &Api, m: &Method) -> TokenStream {
    let path = m.path.iter().map(|part| match part {
        PathPart::Literal(text) => quote! { path.literal(#text); },
        PathPart::Param(index) => emit_path_param(&m.path_params[*index]),
    });
    let query = m.query_params.iter().map(|p| {
        fragments::piece(
            cx,
            Context::Statement,
            || {
                format!(
                    "{}\0{}\0{:?}\0{:?}\0{}\0{}\0{}",
                    p.wire_name,
                    p.rust_name,
                    p.shape,
                    p.style,
                    p.explode,
                    p.required,
                    is_copy(api, &p.ty)
                )
            },
            |_| emit_query_param(api, p),
        )
    });
    let headers = m.header_params.iter().map(|p| {
        let wire = &p.wire_name;
        let explode = p.explode;
        let push = |value: TokenStream| match p.shape {
            ParamShape::Scalar => quote! { request = request.header(#wire, #value)?; },
            ParamShape::Array => quote! { request = request.header_array(#wire, #value)?; },
            ParamShape::Object | ParamShape::Value => {
                quote! { request = request.header_value(#wire, #value, #explode)?; }
            }
            ParamShape::Json => quote! {
                request = request.header(#wire, crate::runtime::path::json_text("header", #wire, #value)?)?;
            },
        };
        set_or_required(api, p, push)
    });
    let cookies = m.cookie_params.iter().map(|p| {
        let wire = &p.wire_name;
        let push = |value: TokenStream| match p.shape {
            ParamShape::Scalar => quote! { request = request.cookie(#wire, #value); },
            ParamShape::Array => quote! { request = request.cookie_array(#wire, #value); },
            ParamShape::Object | ParamShape::Value => quote! { request = request.cookie_value(#wire, #value)?; },
            ParamShape::Json => quote! {
                request = request.cookie(#wire, crate::runtime::path::json_text("cookie", #wire, #value)?);
            },
        };
        set_or_required(api, p, push)
    });
    let (headers, cookies): (Vec<TokenStream>, Vec<TokenStream>) = (headers.collect(), cookies.collect());
    let request = if headers.is_empty() && cookies.is_empty() {
        quote! { crate::operation::HttpRequest::new(path.finish()) }
    } else {
        quote! {{
            let mut request = crate::operation::HttpRequest::new(path.finish());
            #(#headers)*
            #(#cookies)*
            request
        }}
    };
    let finish = match &m.body {
        None => quote! { ::std::result::Result::Ok(#request) },
        Some(b) if b.content == ContentType::Json => quote! { #request.json(&self.body) },
        Some(b) if b.content == ContentType::Text => {
            let media_type = &b.media_type;
            quote! { ::std::result::Result::Ok(#request.with_body(#media_type, ::std::clone::Clone::clone(&self.body).into_bytes())) }
        }
        Some(b) if b.content == ContentType::Binary => {
            let media_type = &b.media_type;
            quote! { ::std::result::Result::Ok(#request.with_body(#media_type, ::std::clone::Clone::clone(&self.body))) }
        }
        Some(b) if b.content == ContentType::Multipart => {
            let pushes = b.parts.iter().map(|part| emit_part(api, part));
            quote! {{
                let mut form = crate::runtime::multipart::Multipart::new();
                #(#pushes)*
                ::std::result::Result::Ok(#request.multipart(form))
            }}
        }
        Some(b) => {
            let encodings = b.field_encodings.iter().map(|e| {
                let (name, explode) = (&e.wire_name, e.explode);
                let style = match e.style {
                    Some(ParamStyle::Form) => quote! { Form },
                    Some(ParamStyle::SpaceDelimited) => quote! { Delimited(" ") },
                    Some(ParamStyle::PipeDelimited) => quote! { Delimited("|") },
                    Some(ParamStyle::DeepObject) => quote! { DeepObject },
                    _ => quote! { Unset },
                };
                quote! {
                    crate::runtime::form::FieldEncoding {
                        name: #name,
                        explode: #explode,
                        style: crate::runtime::form::FieldStyle::#style,
                    }
                }
            });
            quote! { #request.form(&self.body, &[#(#encodings),*]) }
        }
    };
    quote! {
        let mut path = crate::runtime::path::PathBuilder::new();
        #(#path)*
        #(#query)*
        #finish
    }
}

/// `impl Call<'_, Op>` with a setter per optional parameter and part, when there is any.
fn call_setters(cx: &mut FileCx<'_>, api: &Api, m: &Method, op_type: &proc_macro2::Ident) -> Option<TokenStream> {
    // A large API repeats its optional parameters from operation to operation (the filters of every
    // list operation), and their setters are most of its code.
    let setters: Vec<TokenStream> = setters(m)
        .iter()
        .map(|s| fragments::piece(cx, Context::ImplItem, || s.key(), |cx| s.emit(cx, api)))
        .collect();
    (!setters.is_empty()).then(|| {
        quote! {
            impl crate::Call<'_, #op_type> {
                #(#setters)*
            }
        }
    })
}

/// A setter of an optional parameter or multipart part on a method's `Call`.
struct Setter<'m> {
    rust_name: &'m str,
    wire_name: &'m str,
    ty: &'m TypeRef,
    description: &'m Option<String>,
    /// What is set: `query parameter`, `multipart part`.
    what: String,
}

/// The setters of a method's `Call`: its optional parameters, then its optional parts.
fn setters(m: &Method) -> Vec<Setter<'_>> {
    let params = optional_params(m).map(|(place, p)| Setter {
        rust_name: &p.rust_name,
        wire_name: &p.wire_name,
        ty: &p.ty,
        description: &p.description,
        what: format!("{} parameter", place.as_str()),
    });
    let parts = parts(m).iter().filter(|p| !p.required).map(|p| Setter {
        rust_name: &p.rust_name,
        wire_name: &p.wire_name,
        ty: &p.ty,
        description: &p.description,
        what: "multipart part".to_owned(),
    });
    params.chain(parts).collect()
}

impl Setter<'_> {
    /// Everything its text depends on.
    fn key(&self) -> String {
        format!(
            "{}\0{}\0{:?}\0{:?}\0{}",
            self.rust_name, self.wire_name, self.ty, self.description, self.what
        )
    }

    /// The setter on the operation's `Call`, documented with the parameter's description and where it
    /// goes on the wire.
    /// ```text
    /// /// The subject.
    /// ///
    /// /// The query parameter `subject`.
    /// #[inline]
    /// pub fn subject(mut self, value: impl Into<String>) -> Self { … }
    /// ```
    /// Emits: `pub fn subject(` in `generated-sdk/src/tokens.rs`.
    fn emit(&self, cx: &mut FileCx<'_>, api: &Api) -> TokenStream {
        let field = ident(self.rust_name);
        let arg = format_ident!("value");
        let (ty, value) = argument(api, self.ty, &arg);
        let wire_name = self.wire_name;
        let description = self
            .description
            .as_deref()
            .map(|d| cx.clean(d))
            .unwrap_or_else(|| format!("Sets `{wire_name}`."));
        let docs = doc_lines(cx, &format!("{description}\n\nThe {} `{wire_name}`.", self.what));
        quote! {
            #docs
            #[inline]
            pub fn #field(mut self, #arg: #ty) -> Self {
                self.op.#field = ::std::option::Option::Some(#value);
                self
            }
        }
    }
}

/// Writes one path parameter into `path`: a scalar of style `simple` by its text, anything else by
/// serializing it in its style (`path.param_value(…, PathStyle::Label, explode)`).
fn emit_path_param(p: &Param) -> TokenStream {
    let wire = &p.wire_name;
    let field = ident(&p.rust_name);
    let explode = p.explode;
    let style = match p.style {
        ParamStyle::Label => quote! { Label },
        ParamStyle::Matrix => quote! { Matrix },
        _ => quote! { Simple },
    };
    match (p.shape, p.style) {
        (ParamShape::Scalar, ParamStyle::Simple) => {
            let value = scalar_text(&p.ty, &field);
            quote! { path.param(#wire, #value)?; }
        }
        (ParamShape::Json, _) => quote! {
            path.param(#wire, &crate::runtime::path::json_text("path", #wire, &self.#field)?)?;
        },
        _ => quote! {
            path.param_value(#wire, &self.#field, crate::runtime::path::PathStyle::#style, #explode)?;
        },
    }
}

/// Writes one query parameter (when required or set): scalars and arrays of scalars by their text,
/// objects of style `form` or `deepObject` property by property, anything else serialized first and
/// written in its style (`path.query_value(…)`).
fn emit_query_param(api: &Api, p: &Param) -> TokenStream {
    let wire = &p.wire_name;
    let explode = p.explode;
    let push = |value: TokenStream| match (p.shape, p.style) {
        (ParamShape::Json, _) => quote! {
            path.query(#wire, crate::runtime::path::json_text("query", #wire, #value)?);
        },
        (ParamShape::Scalar, _) => quote! { path.query(#wire, #value); },
        (ParamShape::Array, ParamStyle::SpaceDelimited) => {
            quote! { path.query_delimited(#wire, #value, " ", #explode); }
        }
        (ParamShape::Array, ParamStyle::PipeDelimited) => {
            quote! { path.query_delimited(#wire, #value, "|", #explode); }
        }
        (ParamShape::Array, ParamStyle::Form) => quote! { path.query_array(#wire, #value, #explode); },
        (ParamShape::Object, ParamStyle::DeepObject) => quote! {
            path.query_object(#wire, #value, crate::runtime::query::ObjectStyle::DeepObject)?;
        },
        (ParamShape::Object, ParamStyle::Form) => quote! {
            path.query_object(#wire, #value, crate::runtime::query::ObjectStyle::Form { explode: #explode })?;
        },
        (_, style) => {
            let style = match style {
                ParamStyle::DeepObject => quote! { DeepObject },
                ParamStyle::SpaceDelimited => quote! { Delimited { delimiter: " ", explode: #explode } },
                ParamStyle::PipeDelimited => quote! { Delimited { delimiter: "|", explode: #explode } },
                _ => quote! { Form { explode: #explode } },
            };
            quote! { path.query_value(#wire, #value, crate::runtime::query::ValueStyle::#style)?; }
        }
    };
    set_or_required(api, p, push)
}

/// Adds one part to the multipart `form` of `to_request`: always when required, when set otherwise.
fn emit_part(api: &Api, part: &Part) -> TokenStream {
    let wire = &part.wire_name;
    let content_type = match &part.content_type {
        Some(content_type) => quote! { ::std::option::Option::Some(#content_type) },
        None => quote! { ::std::option::Option::None },
    };
    let push = |value: TokenStream| match part.encoding {
        PartEncoding::Text => quote! { form.text(#wire, #value, #content_type)?; },
        PartEncoding::TextEach => quote! {
            for item in #value {
                form.text(#wire, item, #content_type)?;
            }
        },
        PartEncoding::File => quote! { form.file(#wire, #value, #content_type)?; },
        PartEncoding::FileEach => quote! {
            for item in #value {
                form.file(#wire, item, #content_type)?;
            }
        },
        PartEncoding::Json => quote! { form.json(#wire, #value, #content_type)?; },
    };
    let field = ident(&part.rust_name);
    if part.required && part.encoding == PartEncoding::Text && is_copy(api, &part.ty) {
        // A number or boolean is passed by value (clippy::needless_borrows_for_generic_args).
        push(quote! { self.#field })
    } else if part.required {
        push(quote! { &self.#field })
    } else {
        let push = push(quote! { value });
        quote! {
            if let ::std::option::Option::Some(value) = &self.#field {
                #push
            }
        }
    }
}

/// Whether values of the type are `Copy` (numbers, booleans, integer enums, aliases of them), passed to
/// the runtime by value.
fn is_copy(api: &Api, ty: &crate::ir::TypeRef) -> bool {
    use crate::ir::{TypeKind, TypeRef};
    match ty {
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 => true,
        TypeRef::Named(name) => match api
            .types
            .binary_search_by(|t| t.name.as_str().cmp(name))
            .ok()
            .map(|i| &api.types[i].kind)
        {
            Some(TypeKind::IntEnum(_)) => true,
            Some(TypeKind::Alias(target)) => is_copy(api, target),
            _ => false,
        },
        _ => false,
    }
}

/// Writes a parameter: always when required, when set otherwise.
fn set_or_required(api: &Api, p: &Param, push: impl Fn(TokenStream) -> TokenStream) -> TokenStream {
    let field = ident(&p.rust_name);
    if p.required && is_copy(api, &p.ty) && p.shape == ParamShape::Scalar {
        // A number or boolean is passed by value (clippy::needless_borrows_for_generic_args).
        push(quote! { self.#field })
    } else if p.required {
        push(quote! { &self.#field })
    } else {
        let push = push(quote! { value });
        quote! {
            if let ::std::option::Option::Some(value) = &self.#field {
                #push
            }
        }
    }
}

/// A `Debug` impl for an operation type with a secret parameter, which it shows as redacted (an
/// optional one only as set or not).
/// ```text
/// impl ::std::fmt::Debug for Rotate {
///     fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
///         f.debug_struct("Rotate").field("id", &self.id).field("x_api_token", &crate::runtime::redact::Redacted).finish()
///     }
/// }
/// ```
/// Emits: `Debug for GetWidget` in `tests/wire-sdks/header_cookie_params/src/widgets.rs`.
fn emit_redacting_debug(m: &Method) -> TokenStream {
    let op_type = ident(&m.type_name);
    let name = &m.type_name;
    let mut fields: Vec<(String, bool, bool)> = required_params(m)
        .map(|p| (p.rust_name.clone(), p.sensitive, false))
        .collect();
    fields.extend(optional_params(m).map(|(_, p)| (p.rust_name.clone(), p.sensitive, true)));
    fields.extend(parts(m).iter().map(|p| (p.rust_name.clone(), false, !p.required)));
    if whole_body(m).is_some() {
        fields.push(("body".to_owned(), false, false));
    }
    let fields = fields.iter().map(|(field, sensitive, optional)| {
        let label = field.trim_start_matches("r#");
        let id = ident(field);
        match (sensitive, optional) {
            (false, _) => quote! { .field(#label, &self.#id) },
            (true, false) => quote! { .field(#label, &crate::runtime::redact::Redacted) },
            (true, true) => quote! {
                .field(#label, &crate::runtime::redact::present(&self.#id))
            },
        }
    });
    quote! {
        impl ::std::fmt::Debug for #op_type {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name) #(#fields)* .finish()
            }
        }
    }
}

/// The `security` of an operation's `OperationInfo`:
/// `crate::runtime::auth::Security::AnyOf(&[&[crate::runtime::auth::Scheme::Bearer]])`.
fn security_info(api: &Api, m: &Method) -> TokenStream {
    let Some(alternatives) = &m.security else {
        return quote! { crate::runtime::auth::Security::Undeclared };
    };
    let alternatives = alternatives.iter().map(|alternative| {
        let schemes = alternative.iter().filter_map(|id| {
            let scheme = api.auth.scheme(id)?;
            let name = id.as_str();
            Some(match &scheme.kind {
                SchemeKind::Bearer => quote! { crate::runtime::auth::Scheme::Bearer },
                SchemeKind::Basic => quote! { crate::runtime::auth::Scheme::Basic },
                SchemeKind::ApiKey {
                    location, wire_name, ..
                } => {
                    let location = match location {
                        ApiKeyLocation::Header => quote! { Header },
                        ApiKeyLocation::Query => quote! { Query },
                        ApiKeyLocation::Cookie => quote! { Cookie },
                    };
                    quote! {
                        crate::runtime::auth::Scheme::ApiKey(crate::runtime::auth::ApiKey {
                            scheme: #name,
                            location: crate::runtime::auth::ApiKeyLocation::#location,
                            name: #wire_name,
                        })
                    }
                }
            })
        });
        quote! { &[#(#schemes),*] }
    });
    quote! { crate::runtime::auth::Security::AnyOf(&[#(#alternatives),*]) }
}

/// The `# Authentication` section of a method's docs, when the spec declares its security.
fn security_docs(api: &Api, m: &Method) -> String {
    let Some(alternatives) = &m.security else {
        return String::new();
    };
    let describe = |name: &SchemeId| -> String {
        match api.auth.scheme(name).map(|s| &s.kind) {
            Some(SchemeKind::Bearer) => {
                "a bearer token ([`bearer_token`](crate::ClientBuilder::bearer_token))".to_owned()
            }
            Some(SchemeKind::Basic) => {
                "HTTP basic credentials ([`basic_auth`](crate::ClientBuilder::basic_auth))".to_owned()
            }
            Some(SchemeKind::ApiKey { setter, .. }) => {
                format!("the API key `{name}` ([`{setter}`](crate::ClientBuilder::{setter}))")
            }
            None => format!("`{name}`"),
        }
    };
    let mut text = String::from("\n# Authentication\n");
    let anonymous = alternatives.is_empty() || alternatives.iter().any(Vec::is_empty);
    let described: Vec<String> = alternatives
        .iter()
        .filter(|a| !a.is_empty())
        .map(|a| a.iter().map(describe).collect::<Vec<_>>().join(" and "))
        .collect();
    if described.is_empty() {
        text.push_str("No credentials are sent, whatever the client is configured with.\n");
    } else {
        text.push_str(&format!("Sends {}", described.join(", or ")));
        if anonymous {
            text.push_str(", when the client has them; without them the call is sent without credentials.\n");
        } else {
            text.push_str(
                ". Without these credentials the call fails with \
                 [`Error::MissingCredentials`](crate::Error::MissingCredentials) before anything is sent.\n",
            );
        }
    }
    text
}

/// The text of a path parameter: strings as they are, anything else (enums, numbers, booleans) by its
/// `Display`, which is its wire text.
fn scalar_text(ty: &TypeRef, field: &proc_macro2::Ident) -> TokenStream {
    match ty {
        TypeRef::String => quote! { &self.#field },
        _ => quote! { &self.#field.to_string() },
    }
}

/// The media type a body is sent with: JSON and forms with their own, text and bytes as the spec says.
/// How the docs of a method and of its operation type name what it sends (" with an application/json
/// body" in code font, the article following the media type), or nothing without a body.
fn body_phrase(m: &Method) -> String {
    let Some(body) = &m.body else { return String::new() };
    let media_type = body_media_type(body);
    let article = if media_type.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!(" with {article} `{media_type}` body")
}

fn body_media_type(body: &crate::ir::Body) -> &str {
    match body.content {
        ContentType::Text | ContentType::Binary => &body.media_type,
        ContentType::Json | ContentType::Form | ContentType::Multipart => body.content.mime(),
    }
}
