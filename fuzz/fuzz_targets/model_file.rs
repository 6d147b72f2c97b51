//! The model loader on any bytes. Even first byte: the bytes are the file.
//! Odd first byte: the rest is a payload, wrapped in a valid header with the
//! right length and checksum, so the fuzzer gets past the checksum into the
//! payload decoder and the shape checks. No panic and no huge allocation;
//! a model that loads must predict without panicking.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use stancekit::features::Scratch;
use stancekit::model::file::{from_bytes, FORMAT_VERSION, MAGIC};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let bytes = if mode % 2 == 0 {
        rest.to_vec()
    } else {
        with_header(rest)
    };
    let Ok(model) = from_bytes(&bytes, Path::new("fuzz.model")) else {
        return;
    };
    let probe = [
        "",
        "China firmly opposes the U.S. sanctions, the spokesman said.",
        "We don't accept it. 日本 😀 Indo-Pacific 1,000",
    ];
    let mut scratch = Scratch::default();
    for (text, p) in probe.iter().zip(model.predict_many(&probe)) {
        for h in 0..model.heads().len() {
            let (_, prob) = model.label_of(&p, h);
            assert!(prob.is_finite() || prob.is_nan());
        }
        model
            .pipeline()
            .for_each_span(text, &mut scratch, |col, s, e| {
                let _ = model.pipeline().feature_name(col);
                assert!(s <= e && e <= text.len());
            });
    }
});

/// The file layout of `stancekit::model::file` around `payload`.
fn with_header(payload: &[u8]) -> Vec<u8> {
    let checksum = payload.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut out = Vec::with_capacity(36 + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum.to_le_bytes());
    out.extend_from_slice(payload);
    out
}
