//! `examples/<group>.rs` of the generated crate: a program per group that calls each of its methods
//! once against the server named in the environment, so `cargo run --example <group>` works against a
//! local mock server without an account.

use proc_macro2::TokenStream;
use quote::quote;

use super::cx::FileCx;
use super::docs::inner_doc_lines;
use super::examples;
use super::rust::ident;
use crate::ir::{Api, Group};

/// Emits the program of one group: a `main` that builds the client from the environment, then calls
/// each of the group's methods once with placeholder arguments and prints what it answered.
/// ```text
/// #[tokio::main]
/// async fn main() -> Result<(), authlete_tokens::Error> {
///     let client = authlete_tokens::Client::from_env()?;
///     let group = client.tokens();
///     let response = group.fail("<serviceId>", …).await?;
///     println!("fail: {response:?}");
///     …
///     Ok(())
/// }
/// ```
/// Emits: `async fn main()` in `generated-sdk/examples/tokens.rs`.
pub(crate) fn emit_example_program(cx: &mut FileCx<'_>, api: &Api, group: &Group) -> Result<TokenStream, String> {
    let lib = ident(&api.krate.lib_name);
    let accessor = ident(&group.name);
    let docs = inner_doc_lines(
        cx,
        &format!(
            "Calls every method of the `{}` group once, with placeholder arguments, against the server in \
         `{}` (a local mock server such as `prism mock openapi.yaml`), with the bearer token in `{}`, and \
         prints each response:\n\n```sh\n{}=http://127.0.0.1:4010 {}=any-token cargo run --example {}\n```",
            group.name,
            api.auth.base_url_env,
            api.auth.token_env,
            api.auth.base_url_env,
            api.auth.token_env,
            group.module
        ),
    );
    let mut calls = Vec::new();
    for m in &group.methods {
        let method = ident(&m.name);
        let args = examples::arguments(api, m)
            .iter()
            .map(|a| {
                a.parse::<TokenStream>()
                    .map_err(|e| format!("example argument `{a}`: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        // The call is a statement of its own: prettyplease leaves macro arguments unformatted.
        if m.success.ty.is_some() {
            let label = format!("{}: {{response:?}}", m.name);
            calls.push(quote! {
                let response = group.#method(#(#args),*).await?;
                println!(#label);
            });
        } else {
            let label = format!("{}: done", m.name);
            calls.push(quote! {
                group.#method(#(#args),*).await?;
                println!(#label);
            });
        }
    }
    Ok(quote! {
        #docs
        #![cfg_attr(rustfmt, rustfmt::skip)]

        #[tokio::main]
        async fn main() -> ::std::result::Result<(), #lib::Error> {
            let client = #lib::Client::from_env()?;
            let group = client.#accessor();
            #(#calls)*
            Ok(())
        }
    })
}
