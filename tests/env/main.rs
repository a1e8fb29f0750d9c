//! `Client::from_env` and the variables it reads. This binary holds only this test, because it
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
}
