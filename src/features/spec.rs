//! Feature-set specs: the small language `train --features` and `bench
//! --feature-sets` share.
//!
//! ```text
//! spec   := block ('+' block)*        word+cues, word:1-3,min_df=2+char:2-4
//! block  := name (':' param (',' param)*)?
//! name   := word | char | cues | turn
//! param  := MIN-MAX                   n-gram range
//!         | min_df=N|F  max_df=N|F    document-frequency bounds (count or fraction)
//!         | max_features=N
//!         | sublinear=true|false
//! ```
//! For `train`, a plain comma list of block names (`word,char,cues`) is read
//! as the same blocks joined with `+`.

use crate::error::{Error, Result};
use crate::features::tfidf::{DocFreq, TfidfParams};
use crate::features::FeatureConfig;

/// Parses a spec into a feature configuration; errors quote the bad part.
pub fn parse(spec: &str) -> Result<FeatureConfig> {
    let spec = spec.trim();
    let normalised = if spec.contains(':') || spec.contains('+') {
        spec.to_owned()
    } else {
        spec.replace(',', "+")
    };
    let mut config = FeatureConfig {
        word: None,
        char: None,
        cues: false,
        turn: false,
    };
    for block in normalised.split('+') {
        parse_block(block.trim(), spec, &mut config)?;
    }
    config.check().map_err(|e| bad(spec, &e.to_string()))?;
    Ok(config)
}

fn parse_block(block: &str, spec: &str, config: &mut FeatureConfig) -> Result<()> {
    let (name, params) = block
        .split_once(':')
        .map_or((block, None), |(n, p)| (n, Some(p)));
    let slot = match name {
        "word" => &mut config.word,
        "char" => &mut config.char,
        "cues" if params.is_none() => {
            config.cues = true;
            return Ok(());
        }
        "turn" if params.is_none() => {
            config.turn = true;
            return Ok(());
        }
        "cues" | "turn" => {
            return Err(bad(
                spec,
                &format!("block {block:?}: {name} take no parameters"),
            ))
        }
        "" => {
            return Err(bad(
                spec,
                "empty block (two '+' in a row, or a trailing '+')",
            ))
        }
        other => {
            return Err(bad(
                spec,
                &format!("unknown block {other:?} (expected word, char, cues or turn)"),
            ))
        }
    };
    if slot.is_some() {
        return Err(bad(spec, &format!("block {name:?} given twice")));
    }
    let mut p = if name == "word" {
        TfidfParams::word()
    } else {
        TfidfParams::char()
    };
    for param in params.into_iter().flat_map(|p| p.split(',')) {
        apply_param(&mut p, param.trim())
            .map_err(|m| bad(spec, &format!("block {name:?}, parameter {param:?}: {m}")))?;
    }
    *slot = Some(p);
    Ok(())
}

fn apply_param(p: &mut TfidfParams, param: &str) -> std::result::Result<(), String> {
    match param.split_once('=') {
        None => p.ngram_range = parse_range(param)?,
        Some(("min_df", v)) => p.min_df = parse_df(v)?,
        Some(("max_df", v)) => p.max_df = parse_df(v)?,
        Some(("max_features", v)) => {
            p.max_features = Some(
                v.parse()
                    .map_err(|_| format!("{v:?} is not a whole number"))?,
            )
        }
        Some(("sublinear", v)) => {
            p.sublinear_tf = v
                .parse()
                .map_err(|_| format!("{v:?} is not true or false"))?
        }
        Some((key, _)) => {
            return Err(format!(
                "unknown key {key:?} (expected min_df, max_df, max_features, sublinear)"
            ))
        }
    }
    Ok(())
}

/// Parses `1-2` (or a single `3`) as an n-gram range.
pub fn parse_range(s: &str) -> std::result::Result<(usize, usize), String> {
    let (lo, hi) = s.split_once('-').unwrap_or((s, s));
    let num = |x: &str| {
        x.trim()
            .parse::<usize>()
            .map_err(|_| format!("{s:?} is not an n-gram range like 1-2"))
    };
    Ok((num(lo)?, num(hi)?))
}

/// Parses a document-frequency bound: an integer is a count, a number with a
/// decimal point a fraction (as scikit-learn tells `2` from `2.0`).
pub fn parse_df(s: &str) -> std::result::Result<DocFreq, String> {
    if s.contains('.') {
        s.parse()
            .map(DocFreq::Fraction)
            .map_err(|_| format!("{s:?} is not a number"))
    } else {
        s.parse()
            .map(DocFreq::Count)
            .map_err(|_| format!("{s:?} is not a whole number"))
    }
}

fn bad(spec: &str, message: &str) -> Error {
    Error::config(format!("feature spec {spec:?}"), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_blocks_and_parameters() {
        let c = parse("word:1-3,min_df=2+cues").unwrap();
        let w = c.word.unwrap();
        assert_eq!(w.ngram_range, (1, 3));
        assert_eq!(w.min_df, DocFreq::Count(2));
        assert!(c.cues && c.char.is_none() && !c.turn);
        assert!(parse("word+cues+turn").unwrap().turn);
        let c = parse("char:2-4,max_df=0.9,max_features=1000").unwrap();
        let ch = c.char.unwrap();
        assert_eq!(
            (ch.ngram_range, ch.max_df, ch.max_features),
            ((2, 4), DocFreq::Fraction(0.9), Some(1000))
        );
    }

    #[test]
    fn comma_list_of_names_means_the_same_blocks() {
        assert_eq!(
            parse("word,char,cues").unwrap(),
            parse("word+char+cues").unwrap()
        );
    }

    #[test]
    fn errors_point_at_the_bad_part() {
        let cases = [
            ("word+bogus", "unknown block \"bogus\""),
            ("word:1-x", "parameter \"1-x\""),
            ("word:min_dff=2", "unknown key \"min_dff\""),
            ("word++cues", "empty block"),
            ("word+word", "given twice"),
            ("cues:1-2", "cues take no parameters"),
            ("turn:1-2", "turn take no parameters"),
            ("word:4-5", "longer than 3"),
        ];
        for (spec, want) in cases {
            let err = parse(spec).unwrap_err().to_string();
            assert!(err.contains(want), "{spec}: {err}");
        }
    }
}
