//! The intermediate representation: what an SDK is, for us, once the OpenAPI details are resolved.
//!
//! An [`Api`] is a crate with servers, credentials, groups of methods and named types. Each
//! [`Method`] is one operation sent with one body content type: an operation whose request body can be
//! JSON or a form becomes two methods (`fail`, `fail_form`) that share everything but the encoding.
//! Names follow one rule. A field called `name` holds a Rust name (a type, module, method or variant),
//! already checked for collisions; the crate's `name` is its package name. A name as the spec writes
//! it is a `wire_name`, and where both are kept (parameters, fields, parts, error accessors) the Rust
//! one is `rust_name`.
//! Lowering (`lower/`) builds this from the spec; emitting (`emit/`) reads only this.
//!
//! A tiny spec and the IR it becomes:
//!
//! ```
//! use sdkgen::config::Config;
//! use sdkgen::diag::Diagnostics;
//! use sdkgen::ir::{ErrorKey, HttpMethod, PathPart, TypeKind, TypeRef};
//!
//! let spec = r##"
//! openapi: 3.0.3
//! info: { title: Pets, version: "1" }
//! servers: [{ url: "https://pets.example.com" }]
//! paths:
//!   /pets/{petId}:
//!     get:
//!       operationId: getPet
//!       tags: [pets]
//!       parameters:
//!         - { name: petId, in: path, required: true, schema: { type: string } }
//!       responses:
//!         "200":
//!           description: The pet.
//!           content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } }
//!         "404": { description: No such pet. }
//! components:
//!   schemas:
//!     Pet:
//!       type: object
//!       required: [name]
//!       properties:
//!         name: { type: string }
//!         tag: { type: string }
//! "##;
//! let (spec, _) = sdkgen::load::load_str(spec, "pets.yaml", false).unwrap();
//! let mut diags = Diagnostics::default();
//! let config = Config::for_crate("pets");
//! let api = sdkgen::lower::lower(&spec, &config, "sdkgen.yaml", &mut diags).unwrap();
//!
//! assert_eq!(api.krate.name, "pets");
//! assert_eq!(api.servers[0].url, "https://pets.example.com");
//!
//! // The tag is the group: `client.pets().get_pet("…")`.
//! let group = &api.groups[0];
//! assert_eq!((group.module.as_str(), group.type_name.as_str()), ("pets", "Pets"));
//! let method = &group.methods[0];
//! assert_eq!((method.name.as_str(), method.type_name.as_str()), ("get_pet", "GetPet"));
//! assert_eq!(method.http_method, HttpMethod::Get);
//! assert_eq!(method.path, [PathPart::Literal("/pets/".into()), PathPart::Param(0)]);
//! let pet_id = &method.path_params[0];
//! assert_eq!((pet_id.wire_name.as_str(), pet_id.rust_name.as_str()), ("petId", "pet_id"));
//! assert_eq!(pet_id.ty, TypeRef::String);
//! assert_eq!(method.success.statuses, [200]);
//! assert_eq!(method.success.ty, Some(TypeRef::Named("Pet".into())));
//!
//! // Documented error statuses are keys into `Api::errors`, one `ApiErrorKind` variant each.
//! assert_eq!(method.errors, [ErrorKey::Status(404)]);
//! assert_eq!((api.errors[0].key, api.errors[0].variant.as_str()), (ErrorKey::Status(404), "NotFound"));
//!
//! // Each component schema is a named type; fields keep their wire name beside the Rust one.
//! let TypeKind::Struct(pet) = &api.types[0].kind else { panic!("Pet is a struct") };
//! assert_eq!(api.types[0].name, "Pet");
//! let fields: Vec<_> = pet.fields.iter().map(|f| (f.wire_name.as_str(), f.required)).collect();
//! assert_eq!(fields, [("name", true), ("tag", false)]);
//! assert!(diags.is_empty());
//! ```

/// The whole SDK.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    pub krate: Crate,
    /// The servers the spec lists, in its order; the first is the default.
    pub servers: Vec<Server>,
    pub auth: Auth,
    pub groups: Vec<Group>,
    /// Every named type, sorted by name.
    pub types: Vec<NamedType>,
    /// The error statuses documented by any operation, sorted by status.
    pub errors: Vec<ErrorStatus>,
    /// Accessors for fields that error bodies share (`result_code()` for `resultCode`), on
    /// `ApiErrorKind`, `ApiError` and `Error`.
    pub error_accessors: Vec<ErrorAccessor>,
    /// The requests the API sends to its users (OpenAPI 3.1 `webhooks`), in the spec's order.
    pub webhooks: Vec<Webhook>,
}

/// A webhook: a request the API sends to a server of its user. The SDK sends none; its payload type
/// is generated (with `Deserialize`) so that a receiver can decode the body.
#[derive(Clone, Debug, PartialEq)]
pub struct Webhook {
    /// Its name in the spec (`newPet`).
    pub wire_name: String,
    /// The HTTP method, upper case (`POST`).
    pub method: String,
    /// The operation's summary, else its description.
    pub summary: Option<String>,
    /// The type of its body, when it has one that could be generated.
    pub payload: Option<TypeRef>,
    /// Where the webhook's operation is in the spec.
    pub pointer: String,
}

/// An accessor for a string field of error bodies.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorAccessor {
    /// The method name (`result_code`).
    pub rust_name: String,
    /// The field's wire name (`resultCode`).
    pub wire_name: String,
}

/// Package facts of the generated crate.
#[derive(Clone, Debug, PartialEq)]
pub struct Crate {
    /// The package name (`authlete-tokens`).
    pub name: String,
    /// The library name (`authlete_tokens`).
    pub lib_name: String,
    pub version: String,
    pub description: String,
    pub license: Option<String>,
    /// The spec's title and version, for the crate docs.
    pub api_title: String,
    pub api_version: String,
    pub api_description: Option<String>,
    /// Where the runtime comes from.
    pub runtime: Runtime,
}

/// Where the SDK's runtime comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Runtime {
    /// Copied into `src/runtime/`.
    Vendored,
    /// The `sdkgen-runtime` crate: its version requirement, and a path when it is not from the registry.
    Crate { version: String, path: Option<String> },
}

/// One server of the spec.
#[derive(Clone, Debug, PartialEq)]
pub struct Server {
    /// The `Server` variant (`Us`).
    pub name: String,
    /// The URL with every variable at its default (`https://us.api.example.com/v1`).
    pub url: String,
    /// The URL as the spec writes it (`https://{region}.api.example.com/{version}`); the client fills
    /// in the variables when it is built.
    pub url_template: String,
    /// The variables of the template, in the spec's order.
    pub variables: Vec<ServerVariable>,
    pub description: Option<String>,
}

/// A variable of a server URL template (`{region}`), set with `ClientBuilder::server_variable`.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerVariable {
    /// Its name in the URL template and the spec (`region`).
    pub wire_name: String,
    pub default: String,
    /// The spec's `enum`: the only values allowed; empty when any value is.
    pub allowed: Vec<String>,
    pub description: Option<String>,
}

/// How requests authenticate.
#[derive(Clone, Debug, PartialEq)]
pub struct Auth {
    /// True when every method needs credentials: building a client without any is an error.
    pub credentials_required: bool,
    /// The security schemes the methods use, sorted by name; each gets what `ClientBuilder` needs to
    /// satisfy it (`bearer_token`, `basic_auth`, an API key setter).
    pub schemes: Vec<SecurityScheme>,
    /// The environment variable holding the token, for `Client::from_env`.
    pub token_env: String,
    /// The environment variable holding an optional base URL.
    pub base_url_env: String,
}

impl Auth {
    /// The scheme a method's security names.
    pub fn scheme(&self, id: &SchemeId) -> Option<&SecurityScheme> {
        self.schemes.iter().find(|s| s.id == *id)
    }
}

/// A security scheme by its name in `components/securitySchemes`: how a method's security names the
/// schemes of [`Auth::schemes`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchemeId(pub String);

impl SchemeId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for SchemeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A security scheme of the spec that some method accepts.
#[derive(Clone, Debug, PartialEq)]
pub struct SecurityScheme {
    pub id: SchemeId,
    pub kind: SchemeKind,
    /// The environment variables `Client::from_env` reads it from: the token's; an API key's
    /// (`<PREFIX>_API_KEY`, or `<PREFIX>_API_KEY_<SCHEME>` when there are several); basic's user and
    /// password (`<PREFIX>_USERNAME`, `<PREFIX>_PASSWORD`).
    pub env: Vec<String>,
    pub description: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SchemeKind {
    /// HTTP bearer, OAuth 2 or OpenID Connect: a token the user obtained, sent as
    /// `Authorization: Bearer <token>` (set with the runtime's `ClientBuilder::bearer_token`).
    Bearer,
    /// HTTP basic: `Authorization: Basic <base64(user:password)>` (`ClientBuilder::basic_auth`).
    Basic,
    /// An API key, with the name of its `ClientBuilder` setter (`api_key`, or `api_key_<scheme>` when
    /// the spec has several).
    ApiKey {
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        wire_name: String,
        setter: String,
    },
}

/// Where a parameter is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    /// As OpenAPI's `in` writes it (`path`).
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

impl std::fmt::Display for ParamLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an API key is sent: a [`ParamLocation`] other than the path, which OpenAPI does not allow
/// for keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}

/// Methods reached through one accessor on the client (`client.tokens()`).
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The accessor name (`tokens`).
    pub name: String,
    /// The module name: the accessor's, unless the SDK's own modules (`client`, `error`, …) have it.
    pub module: String,
    /// The group type (`Tokens`).
    pub type_name: String,
    pub methods: Vec<Method>,
}

/// One operation sent with one body content type: one method on its group.
#[derive(Clone, Debug, PartialEq)]
pub struct Method {
    /// The method name (`fail_form`).
    pub name: String,
    /// The operation type the method returns inside a `Call` (`FailForm`).
    pub type_name: String,
    /// The spec's `operationId`.
    pub operation_id: String,
    pub http_method: HttpMethod,
    /// The path template as written in the spec (`/api/{serviceId}/auth/token/fail`).
    pub path_template: String,
    /// The template split into literal text and parameters, in order.
    pub path: Vec<PathPart>,
    pub path_params: Vec<Param>,
    pub query_params: Vec<Param>,
    /// Header parameters, sent as headers (arrays comma-joined, style `simple`).
    pub header_params: Vec<Param>,
    /// Cookie parameters, sent together in one `Cookie` header.
    pub cookie_params: Vec<Param>,
    /// The credentials the method accepts: `None` when the spec declares no security for it; else
    /// alternatives, each the names of schemes (in [`Auth::schemes`]) that must all be satisfied. An
    /// empty alternative, or no alternative, allows calls without credentials.
    pub security: Option<Vec<Vec<SchemeId>>>,
    /// The operation's own server, when its path or the operation lists servers other than the API's:
    /// the first of them, with its variables at their defaults, without a trailing slash. Calls go there
    /// unless the user set a base URL on the client or the call.
    pub server: Option<String>,
    pub body: Option<Body>,
    pub success: Success,
    /// The `ApiErrorKind` variants this operation documents (see [`Api::errors`]): its exact statuses
    /// in the spec's order, then its ranges (`4XX`) and `default`.
    pub errors: Vec<ErrorKey>,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// The long form of the docs: the text of the operation's extensions that the configuration names
    /// (`doc_extensions`), in its order, as the spec writes it (MDX and HTML included).
    pub extension_docs: Vec<String>,
    pub deprecated: bool,
    /// Where the operation is in the spec, for diagnostics and docs.
    pub pointer: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    /// The method as written on the wire (`POST`).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

/// A piece of a path template.
#[derive(Clone, Debug, PartialEq)]
pub enum PathPart {
    Literal(String),
    /// A path parameter, by index into [`Method::path_params`].
    Param(usize),
}

/// A path, query, header or cookie parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    /// What the value is, which decides how it is written.
    pub shape: ParamShape,
    /// Path parameters are always required; any other required parameter is a method argument too.
    pub required: bool,
    /// How the parameter is written: its OpenAPI 3.0 `style`.
    pub style: ParamStyle,
    /// For arrays and objects: one pair (or delimited item) per item or property (`true`) or one
    /// joined value.
    pub explode: bool,
    /// The value is a credential (a header or cookie whose name says token, key, secret, …, or a name
    /// in `sensitive_fields`): `Debug` redacts it.
    pub sensitive: bool,
    pub description: Option<String>,
    /// The spec's example value, for the docs.
    pub example: Option<serde_json::Value>,
}

/// What a parameter's value is, which decides how it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamShape {
    /// A string, number, boolean or enum, written by its `Display`.
    Scalar,
    /// An array of scalars.
    Array,
    /// An object (a struct or map), written property by property.
    Object,
    /// Anything else (a union, an array of objects or arrays, any JSON value): serialized when the call
    /// is made and written by what the value turns out to be, a scalar, an array or an object, in the
    /// parameter's style.
    Value,
    /// A parameter described by `content` rather than a schema: its JSON text, written as one scalar.
    Json,
}

/// The OpenAPI 3.0 serialization style of a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamStyle {
    /// Query and cookie (the default there): `name=value`; arrays repeated or `,`-joined; objects as
    /// their properties or `name=k,v`.
    Form,
    /// Query arrays and objects joined by spaces when not exploded.
    SpaceDelimited,
    /// Query arrays and objects joined by `|` when not exploded.
    PipeDelimited,
    /// Query objects as `name[k]=v` (arrays `name[0]=a`).
    DeepObject,
    /// Path and header (the default there): `a,b`, `k,v` or exploded `k=v`.
    Simple,
    /// Path: `.a.b` or `.a,b`.
    Label,
    /// Path: `;name=a,b` or `;name=a;name=b`.
    Matrix,
}

/// The request body of a method.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    pub content: ContentType,
    /// The media type as the spec writes it, sent as `Content-Type` for text and binary bodies.
    pub media_type: String,
    /// The body's type; for a multipart body, which the method takes part by part (see `parts`),
    /// `Json`.
    pub ty: TypeRef,
    /// The parts of a `multipart/form-data` body, in the schema's order; empty for other bodies.
    pub parts: Vec<Part>,
    /// Fields of a form body whose `encoding` changes how they are written (a `style`, or
    /// `explode: false`); the others use the defaults.
    pub field_encodings: Vec<FieldEncoding>,
    /// The spec's example value, for the docs (a form body without one borrows the JSON body's).
    pub example: Option<serde_json::Value>,
}

/// How one field of a form body is written, from the `encoding` object.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldEncoding {
    pub wire_name: String,
    /// The `style` the encoding names; `None` when it names none (objects are then JSON text).
    pub style: Option<ParamStyle>,
    pub explode: bool,
}

/// One part (a property of the body's schema) of a `multipart/form-data` body. Required parts are
/// method arguments, optional ones setters on the call, like parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    pub wire_name: String,
    pub rust_name: String,
    /// `File` (or `Vec(File)`) for `format: binary`, else the property's type.
    pub ty: TypeRef,
    pub encoding: PartEncoding,
    pub required: bool,
    /// The `encoding` object's `contentType` for this part, when it names one concrete type.
    pub content_type: Option<String>,
    pub description: Option<String>,
}

/// How a multipart part is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartEncoding {
    /// A scalar as text (its `Display`).
    Text,
    /// An array of scalars: one text part per item, all with the property's name.
    TextEach,
    /// A file part (`format: binary`): its bytes, a file name, `application/octet-stream` by default.
    File,
    /// An array of files: one file part per item.
    FileEach,
    /// Anything else (objects, arrays of objects): one `application/json` part.
    Json,
}

/// The body encodings the SDK can send.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ContentType {
    /// `application/json` (and `+json` types).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `text/*` and XML: a `String` sent as it is.
    Text,
    /// Any other single-part type (`application/octet-stream`, images, …): bytes sent as they are.
    Binary,
    /// `multipart/form-data`: one part per property of the body's schema.
    Multipart,
}

impl ContentType {
    /// The media type of the encoding, for docs (a text or binary body is sent with its own,
    /// [`Body::media_type`]).
    pub fn mime(self) -> &'static str {
        match self {
            ContentType::Json => "application/json",
            ContentType::Form => "application/x-www-form-urlencoded",
            ContentType::Text => "text/plain",
            ContentType::Binary => "application/octet-stream",
            ContentType::Multipart => "multipart/form-data",
        }
    }
}

/// The successful responses of a method.
#[derive(Clone, Debug, PartialEq)]
pub struct Success {
    /// Every status decoded as a success, the spec's first first (`[200, 201]`).
    pub statuses: Vec<u16>,
    /// The decoded body; `None` when no success response has content.
    pub ty: Option<TypeRef>,
    /// Statuses without content beside others with it (`204` beside `200`): the method returns
    /// `Option<ty>`, `None` for these.
    pub bodiless: Vec<u16>,
    /// How the body is read into `ty`.
    pub content: ResponseContent,
    /// The `Accept` header: the media types the success responses document (`application/json` when
    /// they document none).
    pub accept: String,
    /// The spec documents no success response: `statuses` are [`Success::STANDARD_STATUSES`] and the
    /// output is the body's bytes.
    pub undocumented: bool,
}

impl Success {
    /// The 2xx statuses of the HTTP registry: what "any success" means for an operation that documents
    /// none (the runtime matches statuses exactly; a 299 stays `ApiErrorKind::Unexpected`).
    pub const STANDARD_STATUSES: [u16; 10] = [200, 201, 202, 203, 204, 205, 206, 207, 208, 226];

    /// The success of an operation that documents none: the body's bytes for any standard 2xx status,
    /// whatever its media type.
    pub fn undocumented() -> Self {
        Success {
            statuses: Self::STANDARD_STATUSES.to_vec(),
            ty: Some(TypeRef::Bytes),
            bodiless: Vec::new(),
            content: ResponseContent::Bytes,
            accept: "*/*".to_owned(),
            undocumented: true,
        }
    }
}

/// How a response body is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResponseContent {
    /// JSON (`application/json`, `+json`), decoded with serde.
    Json,
    /// Text (`text/*`, XML): a `String` of the body, UTF-8 checked.
    Text,
    /// Anything else (`application/octet-stream`, images, …): the bytes, as `Vec<u8>`.
    Bytes,
}

/// Which statuses an `ApiErrorKind` variant stands for. Exact statuses sort first, as they are matched
/// first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ErrorKey {
    /// One documented status (`404`).
    Status(u16),
    /// A documented class of statuses, by its first digit (`4XX` is `Class(4)`): every status of the
    /// class that no exact variant takes.
    Class(u16),
    /// The `default` response: every error status (400–599) that no other variant takes.
    Default,
}

impl ErrorKey {
    /// Whether the variant is a redirect or an informational status (the server's answer, not a
    /// failure).
    pub fn is_answer(self) -> bool {
        match self {
            ErrorKey::Status(status) => status < 400,
            ErrorKey::Class(class) => class < 4,
            ErrorKey::Default => false,
        }
    }
}

/// A documented status that is not a success (or a range of them) and its body: an error (4xx, 5xx), a
/// redirect (3xx, never followed) or an informational status (1xx).
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorStatus {
    pub key: ErrorKey,
    /// The classes (`status / 100`) whose statuses decode as this variant when no exact variant takes
    /// them: its own for a class; for `default`, the error classes (4, 5) that no class variant takes;
    /// none for an exact status.
    pub fallback_classes: Vec<u16>,
    /// The `ApiErrorKind` variant (`BadRequest`).
    pub variant: String,
    /// The decoded body; `None` when the spec gives no body.
    pub ty: Option<TypeRef>,
    /// How the body is read into `ty`.
    pub content: ResponseContent,
    /// Operations document different bodies for this status: a body that does not decode as `ty` is
    /// `ApiErrorKind::Unexpected` (with the raw body) instead of a decoding error.
    pub lenient: bool,
    pub description: Option<String>,
}

/// A use of a type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    /// Any JSON value (a schema without a type).
    Json,
    /// Raw bytes (`Vec<u8>`): a response body that is neither JSON nor text.
    Bytes,
    /// A file of a multipart body (`crate::File`: bytes, file name, media type).
    File,
    /// A JSON object with any members.
    JsonObject,
    /// A named type, by its Rust name.
    Named(String),
    Vec(Box<TypeRef>),
    /// An object whose members all have one type (`additionalProperties: <schema>`).
    Map(Box<TypeRef>),
}

/// A type the SDK defines.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedType {
    pub name: String,
    pub description: Option<String>,
    /// Where the schema is in the spec.
    pub pointer: String,
    pub kind: TypeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// An object with declared properties (also what an `allOf` of objects merges into).
    Struct(Struct),
    /// A string enum, open to values this SDK does not know.
    Enum(Enum),
    /// An integer enum, open to values this SDK does not know.
    IntEnum(IntEnum),
    /// A `oneOf` or `anyOf`: one of several types, told apart by a discriminator property or by trying
    /// each in order.
    Union(Union),
    /// Another name for a type (a component schema that is a primitive or an array).
    Alias(TypeRef),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` beside the declared properties: the type of the other members' values,
    /// kept in a map field (`Json` for `additionalProperties: true`).
    pub additional: Option<TypeRef>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    /// `nullable: true`: a required field may still be `null`.
    pub nullable: bool,
    /// The value is a secret: `Debug` redacts it.
    pub sensitive: bool,
    /// A field whose type contains the struct itself is boxed.
    pub boxed: bool,
    /// `readOnly`: only the server sets it, so it is optional even when `required`.
    pub read_only: bool,
    /// `writeOnly`: the server never returns it, so it is optional even when `required`.
    pub write_only: bool,
    /// The schema's `default`, as JSON text, for the docs: the server assumes it when the field is absent.
    pub default: Option<String>,
    pub description: Option<String>,
}

impl Field {
    /// Optional and nullable fields are `Option`s.
    pub fn is_option(&self) -> bool {
        !self.required || self.nullable
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    pub variants: Vec<Variant>,
    /// The catch-all variant holding values this SDK does not know (`Unknown`, or `Unrecognized` when
    /// the spec has a value called `UNKNOWN`).
    pub unknown_variant: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    pub wire_value: String,
    pub rust_name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IntEnum {
    pub variants: Vec<IntVariant>,
    /// The catch-all variant holding values this SDK does not know.
    pub unknown_variant: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IntVariant {
    pub value: i64,
    /// From `x-enum-varnames` (or `x-enumNames`) when the spec names the values, else `Value1`,
    /// `ValueMinus1`.
    pub rust_name: String,
}

/// One of several types. With a `tag`, the value of that property picks the variant and an unknown
/// value is kept as JSON; without one, the variants are tried in order and a value none of them accepts
/// is kept as JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    /// The discriminator's property name, when the spec gives one that tells every variant apart.
    pub tag: Option<String>,
    pub variants: Vec<UnionVariant>,
    /// The catch-all variant holding any other value as `serde_json::Value`.
    pub unknown_variant: String,
    /// `anyOf` rather than `oneOf` (the docs say which).
    pub any_of: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    /// The discriminator values that select this variant; the first is written when the value lacks it.
    /// Empty without a tag.
    pub tag_values: Vec<String>,
    /// A variant whose type contains the union itself is boxed.
    pub boxed: bool,
}
