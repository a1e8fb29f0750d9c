//! Servers and the facts the runtime client needs (`SDK_INFO`).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_lines;
use super::types::ident;
use crate::ir::{Api, ApiKeyLocation, SchemeKind};

/// Emits the `Server` enum (when the spec lists servers), `ClientBuilder::server`, and `SDK_INFO`:
/// ```ignore
/// #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
/// #[non_exhaustive]
/// pub enum Server { #[default] Us, Jp }
/// impl Server { pub const fn url(self) -> &'static str { … } }
/// impl crate::ClientBuilder { pub fn server(self, server: Server) -> Self { … } }
/// pub(crate) static SDK_INFO: crate::runtime::client::SdkInfo = …;
/// ```
pub(crate) fn emit_client(api: &Api) -> TokenStream {
    let default_url = api.servers.first().map(|s| s.url.as_str()).unwrap_or("");
    let user_agent = format!("{}/", api.krate.name);
    let token_env = &api.auth.token_env;
    let base_url_env = &api.auth.base_url_env;
    let requires_credentials = api.auth.credentials_required;
    let credentials_hint = credentials_hint(api);
    let setters = emit_credential_setters(api);
    let api_key_envs = api.auth.schemes.iter().filter_map(|s| match (&s.kind, s.env.first()) {
        (SchemeKind::ApiKey { .. }, Some(env)) => {
            let name = &s.name;
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
    let info = quote! {
        pub(crate) static SDK_INFO: crate::runtime::client::SdkInfo = crate::runtime::client::SdkInfo {
            default_base_url: #default_url,
            user_agent: ::std::concat!(#user_agent, ::std::env!("CARGO_PKG_VERSION")),
            token_env: #token_env,
            base_url_env: #base_url_env,
            requires_credentials: #requires_credentials,
            api_key_envs: &[#(#api_key_envs),*],
            basic_auth_envs: #basic_auth_envs,
            credentials_hint: #credentials_hint,
        };

        #setters
    };
    let Some(first) = api.servers.first() else { return info };
    let variants = api.servers.iter().enumerate().map(|(index, s)| {
        let name = ident(&s.name);
        let text = match &s.description {
            Some(d) => format!("{}: `{}`", d.trim(), s.url),
            None => format!("`{}`", s.url),
        };
        let docs = doc_lines(&text);
        let default = (index == 0).then(|| quote! { #[default] });
        quote! { #docs #default #name, }
    });
    let url_arms = api.servers.iter().map(|s| {
        let name = ident(&s.name);
        let url = &s.url;
        quote! { Self::#name => #url, }
    });
    let all = api.servers.iter().map(|s| ident(&s.name));
    let server_doc = doc_lines(&format!(
        "The servers the API is served from. [`Server::{}`] is the default; any other base URL can be set with \
         [`ClientBuilder::base_url`](crate::ClientBuilder::base_url).",
        first.name
    ));
    let builder_doc = doc_lines(&format!(
        "Sends requests to one of the API's servers (default [`Server::{}`]).",
        first.name
    ));
    quote! {
        #server_doc
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Server {
            #(#variants)*
        }

        impl Server {
            /// Every server, in the order the spec lists them.
            pub const ALL: &'static [Server] = &[#(Self::#all),*];

            /// The server's base URL.
            pub const fn url(self) -> &'static str {
                match self {
                    #(#url_arms)*
                }
            }
        }

        impl crate::ClientBuilder {
            #builder_doc
            pub fn server(self, server: Server) -> Self {
                self.base_url(server.url())
            }
        }

        #info
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
/// the runtime's own):
/// ```ignore
/// impl crate::ClientBuilder {
///     pub fn basic_auth(self, user: impl Into<String>, password: impl Into<String>) -> Self { … }
///     pub fn api_key(self, key: impl Into<String>) -> Self { … }
/// }
/// ```
fn emit_credential_setters(api: &Api) -> TokenStream {
    let mut setters = Vec::new();
    let basic: Vec<&str> = api
        .auth
        .schemes
        .iter()
        .filter(|s| s.kind == SchemeKind::Basic)
        .map(|s| s.name.as_str())
        .collect();
    if !basic.is_empty() {
        let docs = doc_lines(&format!(
            "HTTP basic credentials, sent as `Authorization: Basic <base64(user:password)>` to the operations \
             whose security accepts them (the scheme{} {}). A user name with `:`, or control characters in \
             either value, makes [`ClientBuilder::build`](crate::ClientBuilder::build) fail. `Debug` output \
             never shows them.",
            if basic.len() > 1 { "s" } else { "" },
            basic.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
        ));
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
            .map(|d| format!("{}\n\n", super::docs::clean(d)))
            .unwrap_or_default();
        let docs = doc_lines(&format!(
            "{description}The API key of the scheme `{}`, sent in {place} to the operations whose security \
             accepts it. An empty key, or one with control characters, makes \
             [`ClientBuilder::build`](crate::ClientBuilder::build) fail. `Debug` output never shows it.",
            scheme.name
        ));
        let name = ident(setter);
        let scheme_name = &scheme.name;
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
        text.push_str(&format!("- `{}`: {line}\n", scheme.name));
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
