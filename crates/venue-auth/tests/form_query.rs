//! `push_form_query` turns what the `url` crate's form serializer writes (progenitor's query)
//! into what `encode_query` writes for the same pairs, so a signer can take the query as built
//! instead of decoding and re-encoding it.

use proptest::prelude::*;
use venue_auth::binance;

proptest! {
    #[test]
    fn a_form_query_reencodes_to_the_venue_encoding_of_its_pairs(
        pairs in proptest::collection::vec((any::<String>(), any::<String>()), 0..6)
    ) {
        let form = form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish();
        let mut reencoded = String::new();
        binance::push_form_query(&mut reencoded, &form);
        prop_assert_eq!(reencoded, binance::encode_query(&pairs));
    }

    #[test]
    fn any_text_reencodes_to_a_query_of_unreserved_characters_and_escapes(text in any::<String>()) {
        let mut reencoded = String::new();
        binance::push_form_query(&mut reencoded, &text);
        prop_assert!(reencoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%&=".contains(&b)), "{}", reencoded);
    }
}
