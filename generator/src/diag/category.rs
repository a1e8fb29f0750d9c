//! The kinds of problem the generator reports: each diagnostic names one, so that a long report can be
//! summarised by kind and each kind explained once, with what avoids it.

/// Declares [`Category`] from one table: variant, code, title, advice.
macro_rules! categories {
    ($($(#[$doc:meta])* $variant:ident = $code:literal, $title:literal, $advice:literal;)*) => {
        /// What kind of problem a diagnostic reports. Its [`code`](Category::code) is stable: users
        /// see it (`warning[deep-object-union]`) and may search for it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Category {
            $($(#[$doc])* $variant,)*
        }

        impl Category {
            /// Every category, in declaration order.
            pub const ALL: &'static [Category] = &[$(Category::$variant,)*];

            /// The stable kebab-case code shown to users: `deep-object-union`.
            pub fn code(self) -> &'static str {
                match self {
                    $(Category::$variant => $code,)*
                }
            }

            /// What kind of problem this is, in one line.
            pub fn title(self) -> &'static str {
                match self {
                    $(Category::$variant => $title,)*
                }
            }

            /// The configuration key or the change to the spec that avoids this kind of diagnostic in
            /// general (a diagnostic's own `fix`, when it has one, is the change at its place).
            pub fn advice(self) -> &'static str {
                match self {
                    $(Category::$variant => $advice,)*
                }
            }

            /// The category with this code.
            pub fn from_code(code: &str) -> Option<Category> {
                Category::ALL.iter().copied().find(|c| c.code() == code)
            }
        }
    };
}

categories! {
    // Reading the input.
    /// The spec or the configuration file cannot be read.
    FileUnreadable = "file-unreadable", "the file cannot be read",
        "check the path and the file's permissions";
    /// The text is not valid YAML or JSON.
    InvalidSyntax = "invalid-syntax", "the file is not valid YAML or JSON",
        "fix the syntax at the place shown (a YAML or JSON linter shows the same)";
    /// The document is not an OpenAPI description the strict parser accepts.
    InvalidOpenApi = "invalid-openapi", "the document is not a valid OpenAPI description",
        "validate the spec against the OpenAPI schema of its version";
    /// Swagger 2.0 or an OpenAPI version other than 3.0 and 3.1.
    UnsupportedVersion = "unsupported-version", "the OpenAPI version is not supported",
        "convert the description to OpenAPI 3.0 or 3.1";
    /// The configuration file is invalid or does not fit the spec.
    InvalidConfig = "invalid-config", "the configuration is invalid",
        "correct the configuration key shown (see the configuration reference in the generator's README)";
    /// The configuration names an operationId that no operation, or several, have.
    UnknownOperation = "unknown-operation", "the configuration names an operationId that is not unique in the spec",
        "list in `operations` only operationIds that appear once in the spec";
    /// A fault of the generator itself.
    Internal = "internal", "internal error of the generator",
        "report it with the spec that causes it";

    // Repairs made while loading.
    /// A value of the wrong kind was converted or dropped (a number where text is meant, a decimal
    /// bound of an integer, an integer beyond 64 bits, a non-string value of a string enum).
    ValueConverted = "value-converted", "a value of the wrong kind was converted or dropped",
        "write each value with the type the spec gives it (quote text, write integers without a fraction, stay within 64 bits)";
    /// A response without its required `description`.
    MissingDescription = "missing-description", "a response has no `description`; an empty one is used",
        "give every response a `description`";
    /// `required: true` on a property (a Swagger 2 habit).
    PropertyRequiredFlag = "property-required-flag", "`required: true|false` on a property is read as the object's `required` list",
        "list required properties in the object's `required` array";
    /// Keywords beside a `$ref` that OpenAPI 3.0 ignores, or that 3.1 allows but cannot be kept.
    RefSiblings = "ref-siblings", "keywords beside `$ref` are moved or dropped",
        "write `allOf: [{$ref: …}]` with the keywords beside it, or move them into the referenced component";
    /// OpenAPI 3.1 syntax in a 3.0 document, read as the 3.0 equivalent.
    OpenApi31In30 = "openapi-3-1-in-3-0", "OpenAPI 3.1 syntax in a 3.0 description is read as its 3.0 equivalent",
        "write the 3.0 form (`nullable`, `enum`, `example`, `exclusiveMinimum: true`), or declare `openapi: 3.1.0`";
    /// An OpenAPI 3.1 construct read in a form that loses some of what it says.
    Lossy31 = "openapi-3-1-lossy", "an OpenAPI 3.1 construct is read in a form that loses part of it",
        "describe the value with the keywords OpenAPI 3.0 also has (`items`, `additionalProperties`, `oneOf`, `nullable`)";
    /// A JSON Schema keyword that is not checked and adds nothing to the type (`if`, `then`,
    /// `unevaluatedProperties` beside a composition, …).
    KeywordIgnored = "keyword-ignored", "a JSON Schema keyword is not checked and is ignored",
        "describe each shape as a member of `oneOf`, and closed objects with `additionalProperties`";
    /// `jsonSchemaDialect` names a dialect other than OpenAPI's.
    JsonSchemaDialect = "json-schema-dialect", "the schemas are read in OpenAPI's own dialect",
        "leave `jsonSchemaDialect` out, or name OpenAPI's dialect";
    /// A path item given as a `$ref` that cannot be followed.
    PathItemRef = "path-item-ref", "a path item given as `$ref` has no operations",
        "write path items under `paths`, or refer to `#/components/pathItems/<name>` (OpenAPI 3.1)";
    /// A `$ref` to a component of another kind than the place expects, read as what it leads to.
    RefKindMismatch = "ref-kind-mismatch", "a `$ref` leads to a component of another kind",
        "refer to a component of the kind expected at the place (`schemas`, `responses`, …)";
    /// Schema `$ref`s to a place that is not a component: the schema moves into the components.
    RefToInlineSchema = "ref-to-inline-schema", "schema `$ref`s point into another schema, not to a component",
        "move shared schemas to `components/schemas` and refer to them there";

    // Schemas and types.
    /// A `$ref` to something other than a local component schema.
    UnsupportedRef = "unsupported-ref", "a `$ref` is not to a component schema of this file",
        "move referenced schemas into `components/schemas` of this file";
    /// A `$ref` that does not resolve, or to a schema that cannot be generated.
    UnresolvedRef = "unresolved-ref", "a `$ref` does not resolve to something that can be generated",
        "make every `$ref` name an existing, valid component";
    /// A schema that contains itself with no object in between.
    RecursiveSchema = "recursive-schema", "a schema contains itself with no object in between",
        "put an object with a property between a schema and itself";
    /// No Rust name can be made from a name of the spec as it is.
    NameUnrepresentable = "name-unrepresentable", "no Rust name can be made from a name as it is; another is used",
        "name it in the configuration (`operations`), or use letters or digits in the spec's name";
    /// Two things of the spec would get the same Rust name: the later is renamed.
    NameCollision = "name-collision", "two names would become the same Rust name; the later one is renamed",
        "name one of them in the configuration (`operations`), or rename it in the spec";
    /// A name of the spec would shadow a name the SDK itself uses: it is renamed.
    NameShadowsSdk = "name-shadows-sdk", "a name would shadow one of the SDK's own; it is renamed",
        "name it in the configuration (`operations`)";
    /// A number enum: generated as a plain number, its values not checked.
    NumberEnum = "number-enum", "a number enum is a plain number; its values are not checked",
        "none needed; use a string enum if the values must be checked";
    /// `not`: the value is any JSON value.
    NotUnchecked = "not-unchecked", "`not` is not checked; the value is any JSON value",
        "describe what the value is rather than what it is not";
    /// `allOf` of members that are not all objects.
    AllOfMixed = "all-of-mixed", "`allOf` of members that are not all objects is typed loosely",
        "compose objects with `allOf`, and give a scalar its constraints in one schema";
    /// `type` names no type of OpenAPI 3.0.
    InvalidType = "invalid-type", "`type` is not a type of OpenAPI; the value is any JSON value",
        "use string, number, integer, boolean, array or object";
    /// Several composition keywords, or `properties` beside one, in one schema.
    CompositionMixed = "composition-mixed", "several composition keywords, or `properties` beside one, are typed loosely",
        "use one of `allOf`, `oneOf` or `anyOf` per schema, and put shared properties in an `allOf` member";
    /// A `required` name that is not among the properties.
    UndeclaredRequired = "undeclared-required", "a required property is not declared; it is ignored",
        "declare every property listed in `required`";
    /// A discriminator that cannot be used: the union is decoded by trying each member.
    DiscriminatorUnused = "discriminator-unused", "the discriminator is not used; the members are tried in order",
        "make every member of the union a `$ref` to a component schema";
    /// A discriminator value that selects several members.
    DiscriminatorAmbiguous = "discriminator-ambiguous", "a discriminator value selects several members",
        "give each member its own value in `discriminator.mapping`";
    /// A union member with the same Rust type as another: it could never be chosen.
    DuplicateUnionMember = "duplicate-union-member", "a union member duplicates another and is left out",
        "remove the duplicate member";
    /// A property declared again by a later `allOf` member.
    PropertyRedeclared = "property-redeclared", "a property is declared twice in an `allOf`; the later declaration is used",
        "declare each property in one member only";

    // Servers and security.
    /// A server variable that is not declared, not among its `enum`, or not supported where it is.
    ServerVariable = "server-variable", "a server variable is used as its default",
        "declare every `{variable}` of a server URL in `variables`, with a default among its `enum`";
    /// A server URL the client cannot use as its base URL.
    ServerUrl = "server-url", "a server URL is not an absolute http(s) URL; the client's base URL is used",
        "write server URLs as absolute `https://…` URLs without query or fragment";
    /// A security scheme the runtime does not send.
    SecurityUnsupported = "security-unsupported", "a security scheme is not supported; no credentials are sent for it",
        "offer bearer, HTTP basic or API key security as well, or send credentials with `.header(…)`";

    // Operations, parameters, bodies, responses.
    /// An operation that cannot be generated and is left out.
    OperationSkipped = "operation-skipped", "an operation is not generated",
        "fix the errors reported for it, or leave it out in the configuration (`operations`)";
    /// Callbacks, which the SDK does not generate.
    CallbacksIgnored = "callbacks-ignored", "callbacks are not generated",
        "none needed; handle callback requests on your own server";
    /// A webhook whose payload type is not generated.
    WebhookSkipped = "webhook-skipped", "a webhook's payload type is not generated",
        "describe webhook payloads with a JSON schema in `webhooks` (OpenAPI 3.1)";
    /// A parameter that is not valid as it is.
    InvalidParameter = "invalid-parameter", "a parameter is not valid",
        "give each parameter a valid `name`, `in` and either `schema` or one `content` type";
    /// A header parameter OpenAPI says is ignored (`Accept`, `Content-Type`, `Authorization`).
    ReservedHeader = "reserved-header", "a header parameter the SDK sets itself is ignored",
        "remove `Accept`, `Content-Type` and `Authorization` from the parameters";
    /// A path parameter that the path template does not name.
    PathParameterUnused = "path-parameter-unused", "a path parameter is not in the path template",
        "name each path parameter in the path (`/pets/{id}`), or remove it";
    /// A path template naming a parameter that is not declared.
    PathParameterUndeclared = "path-parameter-undeclared", "the path template names a parameter that is not declared",
        "declare every `{name}` of the path as a parameter with `in: path, required: true`";
    /// A path template that cannot be read.
    InvalidPathTemplate = "invalid-path-template", "the path template is not valid",
        "close every `{` of the path with a `}`";
    /// A documentation extension that is not text.
    DocExtension = "doc-extension", "an extension named in `doc_extensions` is not text",
        "name only extensions whose value is text in the configuration's `doc_extensions`";
    /// A parameter described with `content` rather than `schema`.
    ParameterContent = "parameter-content", "a parameter's `content` is sent as text",
        "describe parameters with `schema`";
    /// A deepObject parameter that is a scalar.
    DeepObjectScalar = "deep-object-scalar", "a `deepObject` parameter is a scalar; it is sent as `name=value`",
        "use `style: form` for scalar parameters";
    /// A deepObject parameter that may be something other than an object.
    DeepObjectUnion = "deep-object-union", "a `deepObject` parameter is not always an object; it is sent in bracket notation",
        "give `deepObject` parameters an object schema";
    /// A parameter that is an array of objects or arrays: sent as JSON text items.
    NestedParameter = "nested-parameter", "a parameter is an array of objects or arrays; each item is sent as JSON text",
        "flatten the parameter, or send the structure in the request body";
    /// A request body that is not valid as it is.
    InvalidRequestBody = "invalid-request-body", "a request body is not valid",
        "give request bodies `content` with a schema (an object for forms)";
    /// A request body that may be of any type: sent as bytes.
    ContentTypeAny = "content-type-any", "a request body of any type is sent as bytes",
        "name the content type the operation accepts (`application/json`, …)";
    /// A content type the SDK does not encode: the caller sends the encoded bytes.
    ContentTypeRaw = "content-type-raw", "a request body's content type is not encoded by the SDK; the caller sends bytes",
        "offer `application/json` as well";
    /// A content type the SDK cannot send at all, or none that it can.
    ContentTypeUnsupported = "content-type-unsupported", "a request body's content type is not supported",
        "offer `application/json` as well, or leave the operation out in the configuration (`operations`)";
    /// A second content type of the same kind: only the first gets a method.
    ContentTypeDuplicate = "content-type-duplicate", "a second content type of the same kind gets no method",
        "offer one content type of each kind (JSON, form, multipart, text, binary)";
    /// A form body with another schema than the JSON body's.
    FormSchemaDiffers = "form-schema-differs", "the form body's schema differs from the JSON body's",
        "give both content types the same schema if they carry the same fields";
    /// Multipart part encodings the SDK simplifies.
    PartEncoding = "part-encoding", "a multipart part's encoding is simplified",
        "give each part one content type (JSON parts as `application/json`)";
    /// A response that is not valid as it is.
    InvalidResponse = "invalid-response", "a response is not valid",
        "give responses a valid status and a schema for their content";
    /// A status the SDK does not type (a range of successes, a non-standard code).
    StatusUnsupported = "status-unsupported", "a response status is not typed; it is `ApiErrorKind::Unexpected`",
        "document responses with explicit standard statuses (`200`, `404`)";
    /// Only a `default` response: read as the success response.
    DefaultResponseOnly = "default-response-only", "only a `default` response; it is read as the success response",
        "document the success response, for example `'200'`";
    /// No success response at all.
    NoSuccessResponse = "no-success-response", "no success response; the method returns the body's bytes",
        "document the success response, for example `'200': {description: OK}`";
    /// Success statuses with different bodies: only the first is typed.
    SuccessBodiesDiffer = "success-bodies-differ", "success statuses have different bodies; only the first is typed",
        "give every success status of an operation the same body";
    /// Error statuses with different bodies under one error variant.
    ErrorBodyDiffers = "error-body-differs", "an error status documents another body than its variant's",
        "give the error statuses that share a variant the same body";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_category_has_a_distinct_kebab_case_code() {
        let mut seen = HashSet::new();
        for c in Category::ALL {
            let code = c.code();
            assert!(seen.insert(code), "{code} twice");
            assert!(
                code.split('-')
                    .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{code} is not kebab-case"
            );
            assert_eq!(Category::from_code(code), Some(*c));
            assert!(!c.title().is_empty() && !c.title().contains('\n'));
            assert!(!c.advice().is_empty() && !c.advice().contains('\n'));
        }
    }

    #[test]
    fn load_and_lowering_report_each_problem_under_its_category() {
        let yaml = "\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - {name: f, in: query, style: deepObject, schema: {type: string}}
        - {name: Accept, in: header, schema: {type: string}}
      responses:
        '200': {}
";
        let (spec, loaded) = crate::load::load_str(yaml, "s.yaml", false).expect("loads");
        let mut diags = crate::diag::Diagnostics::default();
        crate::lower::lower(&spec, &crate::config::Config::for_crate("t"), "sdkgen.yaml", &mut diags);
        let found: Vec<(Category, String)> = loaded
            .then(diags)
            .into_items()
            .into_iter()
            .map(|d| (d.category, d.pointer))
            .collect();
        assert_eq!(
            found,
            [
                (
                    Category::MissingDescription,
                    "s.yaml: #/paths/~1a/get/responses/200".to_owned()
                ),
                (Category::DeepObjectScalar, "#/paths/~1a/get/parameters/0".to_owned()),
                (Category::ReservedHeader, "#/paths/~1a/get/parameters/1".to_owned()),
            ]
        );
    }

    #[test]
    fn an_unreadable_spec_and_a_bad_version_are_categorised() {
        let err = crate::load::load_str("swagger: '2.0'\n", "s.yaml", false).unwrap_err();
        assert_eq!(err.items()[0].category, Category::UnsupportedVersion);
        let err = crate::load::load_str("a: [", "s.yaml", false).unwrap_err();
        assert_eq!(err.items()[0].category, Category::InvalidSyntax);
        let err = crate::config::Config::load_str("crate: 3\n", "sdkgen.yaml").unwrap_err();
        assert_eq!(err.items()[0].category, Category::InvalidConfig);
    }
}
