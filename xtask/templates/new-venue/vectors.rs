
#[test]
fn {{snake}}_vectors() {
    for v in vectors("{{name}}") {
        let credentials = Credentials::hmac("key", s(&v, "secret"));
        let signature = venue_auth::{{snake}}::sign(&credentials, s(&v, "payload")).unwrap();
        assert_eq!(signature, s(&v, "signature"), "{}", s(&v, "name"));
    }
}
