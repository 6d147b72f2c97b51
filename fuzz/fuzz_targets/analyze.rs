//! The word analyzer on any UTF-8 text: no panic; tokens are non-empty, in
//! order, on char boundaries, and have a normalised form.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stancekit::text::{tokenize, Tokens};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut tokens = Tokens::new();
    tokenize(&text, &mut tokens);
    let mut last_end = 0;
    for (i, t) in tokens.tokens().iter().enumerate() {
        assert!(t.start < t.end && t.start >= last_end, "{t:?}");
        let written = text.get(t.start..t.end).expect("token on char boundaries");
        assert!(written.chars().next().is_some_and(char::is_alphanumeric));
        assert!(!tokens.norm(i).is_empty());
        last_end = t.end;
    }
    assert_eq!(tokens.norms().count(), tokens.len());
});
