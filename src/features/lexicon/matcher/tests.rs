use std::path::Path;

use super::*;
use crate::features::cues::Lexicons;
use crate::text::tokenize;

/// Checks that the combined matcher and each list's reference matcher agree
/// on `text`; returns how many matches there were.
fn agree(sets: &[&PhraseSet], matcher: &MultiMatcher, text: &str) -> usize {
    let mut tokens = Tokens::new();
    tokenize(text, &mut tokens);
    let mut combined = vec![Vec::new(); sets.len()];
    matcher.find_all(&tokens, &mut MatchScratch::default(), &mut combined);
    for (set, got) in sets.iter().zip(&combined) {
        let mut alone = Vec::new();
        set.for_each_match(&tokens, |a, b| alone.push((a, b)));
        assert_eq!(got, &alone, "matching {text:?}");
    }
    combined.iter().map(Vec::len).sum()
}

/// The texts a lexicon line should (or nearly should) match: the phrase as
/// written, with a prefix completed, in a sentence, and near misses (last
/// word cut short or lengthened, first word dropped).
fn variants(line: &str) -> Vec<String> {
    let bare = line.trim_end_matches('*');
    let mut out = vec![
        bare.to_owned(),
        format!("{bare}ing"),
        format!("They said {bare} today."),
        format!("{}", &bare[..bare.len() - 1]),
        format!("{bare}x and {bare}"),
    ];
    if let Some((_, rest)) = bare.split_once(' ') {
        out.push(rest.to_owned());
    }
    out
}

#[test]
fn agrees_with_the_reference_on_every_shipped_phrase() {
    let lex = Lexicons::builtin();
    let sets = lex.phrase_sets();
    let matcher = MultiMatcher::new(&sets);
    let mut total = 0;
    let lines: Vec<&str> = sets
        .iter()
        .flat_map(|s| s.lines.iter().map(String::as_str))
        .collect();
    for line in &lines {
        for text in variants(line) {
            total += agree(&sets, &matcher, &text);
        }
    }
    // Neighbouring phrases run together, so matches overlap and compete.
    for pair in lines.windows(2) {
        total += agree(&sets, &matcher, &format!("{} {}", pair[0], pair[1]));
    }
    assert!(total > 4 * lines.len(), "{total} matches");
}

#[test]
fn longest_wins_per_list_and_prefixes_differ_from_words() {
    let parse = |src: &str| PhraseSet::parse(src, Path::new("t.txt")).unwrap();
    let a = parse("oppose\noppose*\nfirmly oppose*\nfirmly\nfirmly oppose the plan\n");
    let b = parse("oppose\nthe plan\nplan*\n");
    let sets = [&a, &b];
    let matcher = MultiMatcher::new(&sets);
    for text in [
        "We firmly oppose the plan.",
        "We firmly opposed the planned move.",
        "firmly firmly oppose oppose the the plan plan",
        "oppose",
        "op",
        "",
    ] {
        agree(&sets, &matcher, text);
    }
}
