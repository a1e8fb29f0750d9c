//! `Client::from_env` and the variables it reads. This binary holds only one test, because it
//! changes the process environment.

use authlete_tokens::Client;

#[test]
fn from_env_reads_the_documented_variables() {
    // SAFETY: this test binary runs this one test, on one thread; nothing else reads the environment
    // while it is changed.
    unsafe {
        std::env::set_var("AUTHLETE_BEARER", "from-env");
        std::env::set_var("AUTHLETE_BASE_URL", "http://127.0.0.1:4010/base/");
    }
    let client = Client::from_env().expect("the variables are set");
    assert_eq!(client.base_url(), "http://127.0.0.1:4010/base");
    assert!(format!("{client:?}").contains("authorization: Some(*** redacted ***)"));
    unsafe {
        std::env::remove_var("AUTHLETE_BASE_URL");
    }
    assert_eq!(Client::from_env().unwrap().base_url(), "https://us.authlete.com");
    unsafe {
        std::env::remove_var("AUTHLETE_BEARER");
    }
    let err = Client::from_env().unwrap_err();
    assert!(err.to_string().contains("AUTHLETE_BEARER"), "{err}");
    from_env_reads_basic_auth_and_api_keys();
    builder_env_composes_with_every_other_setter();
}

/// `Client::builder().env()` reads the same variables into a builder: what it reads replaces earlier
/// setters, later setters replace it, and missing credentials are still `build`'s error. Checked over
/// the wire: the request carries the token from the environment to the base URL set after it.
fn builder_env_composes_with_every_other_setter() {
    use std::time::Duration;
    use wiremock::matchers::{header, method};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(header("authorization", "Bearer from-env"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(b"{}".to_vec(), "application/json"))
            .expect(1)
            .mount(&server)
            .await;
        // SAFETY: as above, nothing runs beside this test.
        unsafe {
            std::env::set_var("AUTHLETE_BEARER", "from-env");
            std::env::set_var("AUTHLETE_BASE_URL", "http://127.0.0.1:9/env/");
        }
        let client = Client::builder()
            .bearer_token("replaced-by-env")
            .env()
            .base_url(server.uri())
            .timeout(Duration::from_secs(5))
            .build()
            .expect("builds");
        assert_eq!(client.base_url(), server.uri());
        assert!(!format!("{client:?}").contains("from-env"));
        client
            .tokens()
            .list("s")
            .await
            .expect("the token from the environment is sent");
        server.verify().await;
        // The environment's base URL replaces one set before `env()`.
        let client = Client::builder().base_url(server.uri()).env().build().unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:9/env");
        // A setter after `env()` wins over the environment's token.
        let client = Client::builder().env().bearer_token("later").build().unwrap();
        assert!(format!("{client:?}").contains("authorization: Some(*** redacted ***)"));
        unsafe {
            std::env::remove_var("AUTHLETE_BEARER");
            std::env::remove_var("AUTHLETE_BASE_URL");
        }
        let err = Client::builder().env().build().unwrap_err();
        assert!(err.to_string().contains("AUTHLETE_BEARER"), "{err}");
    });
}

/// `from_env` of an SDK with HTTP basic and API key schemes reads each credential from its own
/// variables, and needs none when some operation can be called without credentials. Called by the one
/// test of this binary, so that nothing runs beside it.
fn from_env_reads_basic_auth_and_api_keys() {
    use security_schemes::Client;

    // SAFETY: as above.
    unsafe {
        std::env::set_var("SECURITY_SCHEMES_USERNAME", "user");
        std::env::set_var("SECURITY_SCHEMES_PASSWORD", "s3cr3t");
        std::env::set_var("SECURITY_SCHEMES_API_KEY_HEADER_KEY", "hk");
    }
    let client = Client::from_env().expect("the variables are set");
    let text = format!("{client:?}");
    assert!(text.contains("basic_auth: *** redacted ***"), "{text}");
    assert!(text.contains("api_keys: [\"headerKey\"]"), "{text}");
    assert!(!text.contains("s3cr3t"), "{text}");
    unsafe {
        std::env::remove_var("SECURITY_SCHEMES_USERNAME");
        std::env::remove_var("SECURITY_SCHEMES_PASSWORD");
        std::env::remove_var("SECURITY_SCHEMES_API_KEY_HEADER_KEY");
    }
    // `usesNothing` and `usesOptional` need no credentials, so none in the environment is fine.
    let client = Client::from_env().expect("no credentials are required");
    assert!(!format!("{client:?}").contains("api_keys"));
}
