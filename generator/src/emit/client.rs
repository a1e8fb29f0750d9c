//! Servers and the facts the runtime client needs (`SDK_INFO`).

use proc_macro2::TokenStream;
use quote::quote;

use super::cx::FileCx;
use super::docs::doc_lines;
use super::rust::ident;
use crate::ir::{Api, ApiKeyLocation, SchemeKind, Server};

/// The SDK's `src/client.rs`: the servers ([`emit_servers`]), then what the runtime client needs to
/// know about the SDK and the credential setters ([`emit_sdk_info`]).
pub(crate) fn emit_client_module(cx: &mut FileCx<'_>, api: &Api) -> TokenStream {
    let info = emit_sdk_info(cx, api);
    match emit_servers(cx, api) {
        Some(servers) => quote! { #servers #info },
        None => info,
    }
}

/// `SDK_INFO` (servers, user agent, environment variables, credentials) and the `ClientBuilder`
/// setters of the spec's basic and API key schemes ([`emit_credential_setters`]).
/// ```text
/// pub(crate) static SDK_INFO: crate::runtime::client::SdkInfo = …;
/// impl crate::ClientBuilder { pub fn basic_auth(…) -> Self { … } }
/// ```
/// Emits: `pub(crate) static SDK_INFO` in `generated-sdk/src/client.rs`.
fn emit_sdk_info(cx: &mut FileCx<'_>, api: &Api) -> TokenStream {
    let user_agent = format!("{}/", api.krate.name);
    let token_env = &api.auth.token_env;
    let base_url_env = &api.auth.base_url_env;
    let requires_credentials = api.auth.credentials_required;
    let credentials_hint = credentials_hint(api);
    let setters = emit_credential_setters(cx, api);
    let api_key_envs = api.auth.schemes.iter().filter_map(|s| match (&s.kind, s.env.first()) {
        (SchemeKind::ApiKey { .. }, Some(env)) => {
            let name = s.id.as_str();
            Some(quote! { (#name, #env) })
        }
        _ => None,
    });
    let basic_auth_envs = match api.auth.schemes.iter().find(|s| s.kind == SchemeKind::Basic) {
        Some(scheme) if scheme.env.len() == 2 => {
            let (user, password) = (&scheme.env[0], &scheme.env[1]);
            quote! { ::std::option::Option::Some((#user, #password)) }
        }
        _ => quote! { ::std::option::Option::None },
    };
    let servers = if api.servers.is_empty() {
        quote! { &[] }
    } else {
        quote! { &SERVERS }
    };
    quote! {
        pub(crate) static SDK_INFO: crate::runtime::client::SdkInfo = crate::runtime::client::SdkInfo {
            servers: #servers,
            user_agent: ::std::concat!(#user_agent, ::std::env!("CARGO_PKG_VERSION")),
            token_env: #token_env,
            base_url_env: #base_url_env,
            requires_credentials: #requires_credentials,
            api_key_envs: &[#(#api_key_envs),*],
            basic_auth_envs: #basic_auth_envs,
            credentials_hint: #credentials_hint,
        };

        #setters
    }
}

/// The `Server` enum, when the spec lists servers, with its URL templates in `SERVERS` and
/// `ClientBuilder::server` (and `ClientBuilder::server_variable` when a server has variables:
/// [`emit_server_variable_setter`]).
/// ```text
/// #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
/// #[non_exhaustive]
/// pub enum Server { #[default] Us, Jp }
/// impl Server { pub const fn url(self) -> &'static str { … } }
/// impl crate::ClientBuilder {
///     pub fn server(self, server: Server) -> Self { … }
///     pub fn server_variable(self, name: impl Into<String>, value: impl Into<String>) -> Self { … }
/// }
/// static SERVERS: [crate::runtime::server::ServerTemplate; 2] = […];
/// ```
/// Emits: `pub enum Server` in `generated-sdk/src/client.rs`.
/// Emits: `static SERVERS:` in `generated-sdk/src/client.rs`.
/// Emits: `pub const fn url(self)` in `generated-sdk/src/client.rs`.
/// Emits: `pub fn server(self, server: Server) -> Self` in `generated-sdk/src/client.rs`.
fn emit_servers(cx: &mut FileCx<'_>, api: &Api) -> Option<TokenStream> {
    let first = api.servers.first()?;
    let variants = server_variants(cx, api);
    let url_arms = api.servers.iter().map(|s| {
        let name = ident(&s.name);
        let url = &s.url;
        quote! { Self::#name => #url, }
    });
    let template_arms = api.servers.iter().enumerate().map(|(index, s)| {
        let name = ident(&s.name);
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        quote! { Self::#name => &SERVERS[#index], }
    });
    let templates = server_templates(api);
    let count = proc_macro2::Literal::usize_unsuffixed(api.servers.len());
    let all = api.servers.iter().map(|s| ident(&s.name));
    let any_variables = api.servers.iter().any(|s| !s.variables.is_empty());
    let server_doc = server_enum_doc(api, &first.name, any_variables);
    let server_doc = doc_lines(cx, &server_doc);
    let builder_doc = doc_lines(
        cx,
        &format!(
            "Sends requests to one of the API's servers (default [`Server::{}`]), replacing a base URL set \
         before.",
            first.name
        ),
    );
    let variable_accessors = any_variables.then(|| {
        quote! {
            /// The URL as the spec writes it, variables in braces.
            pub fn url_template(self) -> &'static str {
                self.template().url
            }

            /// The variables of the server's URL: name, default and the allowed values (empty when any
            /// value is).
            pub fn variables(self) -> &'static [crate::ServerVariable] {
                self.template().variables
            }
        }
    });
    let variable_setter = any_variables.then(|| emit_server_variable_setter(cx, api));
    Some(quote! {
        #server_doc
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Server {
            #(#variants)*
        }

        static SERVERS: [crate::runtime::server::ServerTemplate; #count] = [#(#templates),*];

        impl Server {
            /// Every server, in the order the spec lists them.
            pub const ALL: &'static [Server] = &[#(Self::#all),*];

            /// The server's base URL, with every variable at its default.
            pub const fn url(self) -> &'static str {
                match self {
                    #(#url_arms)*
                }
            }

            #variable_accessors

            fn template(self) -> &'static crate::runtime::server::ServerTemplate {
                match self {
                    #(#template_arms)*
                }
            }
        }

        impl crate::ClientBuilder {
            #builder_doc
            pub fn server(self, server: Server) -> Self {
                self.set_server(server.template())
            }

            #variable_setter
        }
    })
}

/// The variants of the `Server` enum, one per server, each with its description and URL.
fn server_variants(cx: &mut FileCx<'_>, api: &Api) -> Vec<TokenStream> {
    api.servers.iter().enumerate().map(|(index, s)| {
        let name = ident(&s.name);
        let mut text = match &s.description {
            // One line: the URL follows the description.
            Some(d) => format!(
                "{}: `{}`",
                cx.clean(d).split_whitespace().collect::<Vec<_>>().join(" "),
                s.url_template
            ),
            None => format!("`{}`", s.url_template),
        };
        if !s.variables.is_empty() {
            text.push_str(&format!(
                "\n\nIts variables, set with [`ClientBuilder::server_variable`](crate::ClientBuilder::server_variable):\n{}",
                variable_list(cx, s)
            ));
        }
        let docs = doc_lines(cx, &text);
        let default = (index == 0).then(|| quote! { #[default] });
        quote! { #docs #default #name, }
    }).collect()
}

/// The URL template and variables of each server, in the spec's order.
fn server_templates(api: &Api) -> Vec<TokenStream> {
    api.servers
        .iter()
        .map(|s| {
            let url = &s.url_template;
            let variables = s.variables.iter().map(|v| {
                let (name, default, allowed) = (&v.wire_name, &v.default, &v.allowed);
                quote! {
                    crate::runtime::server::ServerVariable::new(#name, #default, &[#(#allowed),*])
                }
            });
            quote! {
                crate::runtime::server::ServerTemplate { url: #url, variables: &[#(#variables),*] }
            }
        })
        .collect()
}

/// The docs of the `Server` enum: which server is the default, how to set variables, and that some
/// operations may have servers of their own.
fn server_enum_doc(api: &Api, first: &str, any_variables: bool) -> String {
    let mut server_doc = format!(
        "The servers the API is served from. [`Server::{}`] is the default; any other base URL can be set with \
         [`ClientBuilder::base_url`](crate::ClientBuilder::base_url).",
        first
    );
    if any_variables {
        server_doc.push_str(
            " The variables of a server's URL (`{name}`) keep their defaults unless set with \
             [`ClientBuilder::server_variable`](crate::ClientBuilder::server_variable).",
        );
    }
    if api.groups.iter().flat_map(|g| &g.methods).any(|m| m.server.is_some()) {
        server_doc.push_str(
            "\n\nSome operations are served from servers of their own (their docs say which): they are sent \
             there, whichever server is chosen here, unless a base URL is set on the client or the call.",
        );
    }
    server_doc
}

/// The variables of a server as a Markdown list: name, default, allowed values, description.
fn variable_list(cx: &mut FileCx<'_>, server: &Server) -> String {
    let mut text = String::new();
    for v in &server.variables {
        let allowed = if v.allowed.is_empty() {
            "any value of letters, digits, `-`, `.`, `_` and `~`".to_owned()
        } else {
            let values: Vec<String> = v.allowed.iter().map(|a| format!("`{a}`")).collect();
            format!("one of {}", values.join(", "))
        };
        let description = v
            .description
            .as_deref()
            .map(|d| format!(": {}", cx.clean(d).split_whitespace().collect::<Vec<_>>().join(" ")))
            .unwrap_or_default();
        text.push_str(&format!(
            "- `{}` (default `{}`; {allowed}){description}\n",
            v.wire_name, v.default
        ));
    }
    text
}

/// Emits `ClientBuilder::server_variable`, documented with every server's variables.
/// ```text
/// impl crate::ClientBuilder {
///     pub fn server_variable(self, name: impl Into<String>, value: impl Into<String>) -> Self { … }
/// }
/// ```
/// Emits: `pub fn server_variable(` in `tests/wire-sdks/servers/src/client.rs`.
fn emit_server_variable_setter(cx: &mut FileCx<'_>, api: &Api) -> TokenStream {
    let mut text = String::from(
        "Sets a variable of the chosen server's URL (`{name}` in the URL template), replacing its default. \
         [`ClientBuilder::build`](crate::ClientBuilder::build) fails with \
         [`Error::InvalidInput`](crate::Error::InvalidInput) when the chosen server (see \
         [`ClientBuilder::server`](crate::ClientBuilder::server)) has no variable of that name, when the value \
         is not one the spec allows, or, for a variable that allows any value, when the value has other \
         characters than letters, digits, `-`, `.`, `_` and `~` (so that it cannot change the URL's host, \
         path, query or fragment). The variables are checked even when a base URL replaces the server.\n",
    );
    for s in api.servers.iter().filter(|s| !s.variables.is_empty()) {
        text.push_str(&format!(
            "\n[`Server::{}`](crate::Server::{}), `{}`:\n{}",
            s.name,
            s.name,
            s.url_template,
            variable_list(cx, s)
        ));
    }
    if let Some((server, variable)) = api.servers.iter().find_map(|s| s.variables.first().map(|v| (s, v))) {
        let value = variable
            .allowed
            .iter()
            .find(|a| **a != variable.default)
            .cloned()
            .unwrap_or_else(|| variable.default.clone());
        let lib = &api.krate.lib_name;
        text.push_str(&format!(
            "\n```no_run\n# fn example() -> Result<(), {lib}::Error> {{\nlet client = {lib}::Client::builder()\n    \
             .bearer_token(\"<token>\")\n    .server({lib}::Server::{})\n    .server_variable({:?}, {:?})\n    \
             .build()?;\n# let _ = client;\n# Ok(())\n# }}\n```\n",
            server.name, variable.wire_name, value
        ));
    }
    let docs = doc_lines(cx, &text);
    quote! {
        #docs
        pub fn server_variable(
            self,
            name: impl ::std::convert::Into<::std::string::String>,
            value: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            self.set_server_variable(name.into(), value.into())
        }
    }
}

/// What the error of `ClientBuilder::build` tells a user who configured no credentials.
fn credentials_hint(api: &Api) -> String {
    let mut ways = Vec::new();
    for scheme in &api.auth.schemes {
        let way = match &scheme.kind {
            SchemeKind::Bearer => format!("ClientBuilder::bearer_token (or set {})", api.auth.token_env),
            SchemeKind::Basic => "ClientBuilder::basic_auth".to_owned(),
            SchemeKind::ApiKey { setter, .. } => format!("ClientBuilder::{setter}"),
        };
        if !ways.contains(&way) {
            ways.push(way);
        }
    }
    if ways.is_empty() {
        ways.push(format!("ClientBuilder::bearer_token (or set {})", api.auth.token_env));
    }
    format!("call {}", ways.join(" or "))
}

/// Emits the `ClientBuilder` setters of the spec's basic and API key schemes (the bearer token's is
/// the runtime's own), one per API key scheme, named after it.
/// ```text
/// impl crate::ClientBuilder {
///     pub fn basic_auth(self, user: impl Into<String>, password: impl Into<String>) -> Self { … }
///     pub fn api_key(self, key: impl Into<String>) -> Self { … }
/// }
/// ```
/// Emits: `pub fn basic_auth(` in `tests/wire-sdks/security_schemes/src/client.rs`.
/// Emits: `pub fn api_key_header_key(` in `tests/wire-sdks/security_schemes/src/client.rs`.
fn emit_credential_setters(cx: &mut FileCx<'_>, api: &Api) -> TokenStream {
    let mut setters = Vec::new();
    let basic: Vec<&str> = api
        .auth
        .schemes
        .iter()
        .filter(|s| s.kind == SchemeKind::Basic)
        .map(|s| s.id.as_str())
        .collect();
    if !basic.is_empty() {
        let docs = doc_lines(
            cx,
            &format!(
                "HTTP basic credentials, sent as `Authorization: Basic <base64(user:password)>` to the operations \
             whose security accepts them (the scheme{} {}). A user name with `:`, or control characters in \
             either value, makes [`ClientBuilder::build`](crate::ClientBuilder::build) fail. `Debug` output \
             never shows them.",
                if basic.len() > 1 { "s" } else { "" },
                basic.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ),
        );
        setters.push(quote! {
            #docs
            pub fn basic_auth(
                self,
                user: impl ::std::convert::Into<::std::string::String>,
                password: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                self.set_basic_auth(user.into(), password.into())
            }
        });
    }
    for scheme in &api.auth.schemes {
        let SchemeKind::ApiKey {
            location,
            wire_name,
            setter,
        } = &scheme.kind
        else {
            continue;
        };
        let place = match location {
            ApiKeyLocation::Header => format!("the header `{wire_name}`"),
            ApiKeyLocation::Query => format!("the query parameter `{wire_name}`"),
            ApiKeyLocation::Cookie => format!("the cookie `{wire_name}`"),
        };
        let description = scheme
            .description
            .as_deref()
            .map(|d| format!("{}\n\n", cx.clean(d)))
            .unwrap_or_default();
        let docs = doc_lines(
            cx,
            &format!(
                "{description}The API key of the scheme `{}`, sent in {place} to the operations whose security \
             accepts it. An empty key, or one with control characters, makes \
             [`ClientBuilder::build`](crate::ClientBuilder::build) fail. `Debug` output never shows it.",
                scheme.id
            ),
        );
        let name = ident(setter);
        let scheme_name = scheme.id.as_str();
        setters.push(quote! {
            #docs
            pub fn #name(self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.set_api_key(#scheme_name, key.into())
            }
        });
    }
    if setters.is_empty() {
        return TokenStream::new();
    }
    quote! {
        impl crate::ClientBuilder {
            #(#setters)*
        }
    }
}

/// The `# Authentication` section of the crate docs: the spec's schemes, the `ClientBuilder` setter of
/// each, and which credentials a request carries.
pub(crate) fn auth_docs(api: &Api) -> String {
    let auth = &api.auth;
    let mut text = String::from("\n# Authentication\n\n");
    if auth.schemes.is_empty() {
        let any_declared = api.groups.iter().flat_map(|g| &g.methods).any(|m| m.security.is_some());
        if any_declared {
            text.push_str("No operation of this API needs credentials; none are sent.\n");
        } else {
            text.push_str(&format!(
                "The spec declares no security. A token set with [`ClientBuilder::bearer_token`] (or read from \
                 `{}` by [`Client::from_env`]) is sent with every request as `Authorization: Bearer <token>`.\n",
                auth.token_env
            ));
        }
        return text;
    }
    text.push_str("The security schemes of the spec, and what sets each on the [`ClientBuilder`]:\n\n");
    for scheme in &auth.schemes {
        let line = match &scheme.kind {
            SchemeKind::Bearer => format!(
                "a bearer token, `Authorization: Bearer <token>`: [`ClientBuilder::bearer_token`], or `{}` read by \
                 [`Client::from_env`]",
                auth.token_env
            ),
            SchemeKind::Basic => format!(
                "HTTP basic, `Authorization: Basic <base64(user:password)>`: [`ClientBuilder::basic_auth`], or `{}` \
                 and `{}` read by [`Client::from_env`]",
                scheme.env.first().map_or("", String::as_str),
                scheme.env.get(1).map_or("", String::as_str)
            ),
            SchemeKind::ApiKey {
                location,
                wire_name,
                setter,
            } => {
                let place = match location {
                    ApiKeyLocation::Header => "header",
                    ApiKeyLocation::Query => "query parameter",
                    ApiKeyLocation::Cookie => "cookie",
                };
                format!(
                    "an API key in the {place} `{wire_name}`: [`ClientBuilder::{setter}`], or `{}` read by \
                     [`Client::from_env`]",
                    scheme.env.first().map_or("", String::as_str)
                )
            }
        };
        text.push_str(&format!("- `{}`: {line}\n", scheme.id));
    }
    text.push_str(
        "\nEach request carries the credentials its operation's security asks for (of its alternatives, the \
         first one the client has every credential of) and no others; an operation whose security is empty \
         gets none. A call whose operation needs credentials the client lacks fails with \
         [`Error::MissingCredentials`] before anything is sent; each method's docs say what it sends.",
    );
    if auth.credentials_required {
        text.push_str(
            " Every operation needs credentials, so [`ClientBuilder::build`] already fails when none is configured.",
        );
    }
    text.push_str(
        " Credentials are redacted in `Debug` output and are never part of `Display`, error messages or tracing \
         spans.\n",
    );
    text
}
