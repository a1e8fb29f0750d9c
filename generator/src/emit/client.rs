//! Servers and the facts the runtime client needs (`SDK_INFO`).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_lines;
use super::types::ident;
use crate::ir::Api;

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
    let requires_token = api.auth.bearer_required;
    let info = quote! {
        pub(crate) static SDK_INFO: crate::runtime::client::SdkInfo = crate::runtime::client::SdkInfo {
            default_base_url: #default_url,
            user_agent: ::std::concat!(#user_agent, ::std::env!("CARGO_PKG_VERSION")),
            token_env: #token_env,
            base_url_env: #base_url_env,
            requires_token: #requires_token,
        };
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
