//! The sentence splitter on any UTF-8 text: no panic, and every span is a
//! non-empty, trimmed range on char boundaries, in order, not overlapping.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stancekit::text::segment::Splitter;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let spans = Splitter::default().split(&text);
    let mut last_end = 0;
    for s in &spans {
        assert!(s.start < s.end && s.end <= text.len(), "{s:?}");
        assert!(s.start >= last_end, "overlap or disorder at {s:?}");
        let body = text.get(s.start..s.end).expect("span on char boundaries");
        assert_eq!(body, body.trim(), "untrimmed span {s:?}");
        last_end = s.end;
    }
});
