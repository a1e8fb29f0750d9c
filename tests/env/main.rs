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
