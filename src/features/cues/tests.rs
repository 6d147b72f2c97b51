use super::*;
use crate::text::tokenize;

fn cues_of(text: &str) -> CueValues {
    let block = CueBlock::new(Lexicons::builtin());
    let mut t = Tokens::new();
    tokenize(text, &mut t);
    block.evaluate(text, &t, &mut CueScratch::default())
}

fn value(c: &CueValues, name: &str) -> f32 {
    c.values[CUE_NAMES.iter().position(|n| *n == name).unwrap()]
}

#[test]
fn shipped_lexicons_parse_and_are_not_empty() {
    let lex = Lexicons::builtin();
    for set in [
        &lex.accuse,
        &lex.reassure,
        &lex.actor_china,
        &lex.actor_usjapan,
        &lex.attribution,
        &lex.negator,
    ] {
        assert!(set.len() > 10);
    }
    assert!(lex.valence.get("good").is_some());
}

#[test]
fn names_are_unique() {
    let mut names = CUE_NAMES.to_vec();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), N_CUES);
}

#[test]
fn a_china_speaker_accusing() {
    let c = cues_of("The Chinese foreign ministry spokesman said the drills were a blatant provocation by Washington.");
    assert!(value(&c, "accuse") > 0.0);
    assert_eq!(value(&c, "speaker_china"), 1.0);
    assert_eq!(value(&c, "speaker_usjapan"), 0.0);
    assert_eq!(value(&c, "accuse_by_china"), 1.0);
    assert_eq!(value(&c, "china_first"), 1.0);
}

#[test]
fn an_actor_inside_a_quotation_does_not_speak() {
    let c = cues_of("\"Japan's erroneous remarks grossly interfere in China's internal affairs,\" foreign ministry spokesman Lin Jian told a regular briefing.");
    assert_eq!(value(&c, "speaker_china"), 1.0);
    assert_eq!(
        value(&c, "speaker_usjapan"),
        0.0,
        "Japan is quoted, not speaking"
    );
    assert!(
        value(&c, "actor_usjapan") > 0.0,
        "but it is still mentioned"
    );
}

#[test]
fn a_us_speaker_reassuring() {
    let c = cues_of("Washington said it remains committed to peace and stability in the region.");
    assert!(value(&c, "reassure") > 0.0);
    assert_eq!(value(&c, "reassure_by_usjapan"), 1.0);
    assert_eq!(value(&c, "accuse"), 0.0);
}

#[test]
fn negation_moves_a_cue_to_its_negated_feature() {
    let c = cues_of("China will never seek hegemony.");
    assert_eq!(value(&c, "accuse"), 0.0);
    assert!(value(&c, "accuse_negated") > 0.0);
}

#[test]
fn cues_inside_quotes_are_marked() {
    let c = cues_of("\u{201C}This is blatant interference,\u{201D} the spokesman said.");
    assert_eq!(value(&c, "accuse_in_quote"), 1.0);
    assert_eq!(value(&c, "quotation"), 1.0);
    let plain = cues_of("This is blatant interference.");
    assert_eq!(value(&plain, "accuse_in_quote"), 0.0);
}

#[test]
fn first_person_and_questions() {
    assert_eq!(value(&cues_of("We firmly oppose it."), "first_person"), 1.0);
    assert_eq!(value(&cues_of("What is your comment?"), "question"), 1.0);
}

#[test]
fn spans_slice_the_sentence_at_the_cue() {
    let text = "Tokyo condemned Beijing's coercion.";
    let c = cues_of(text);
    let at = CUE_NAMES
        .iter()
        .position(|n| *n == "accuse_near_china")
        .unwrap();
    let (s, e) = c.spans[at].expect("span");
    assert_eq!(&text[s..e], "condemned");
    for (v, span) in c.values.iter().zip(&c.spans) {
        if let Some((s, e)) = span {
            assert!(*v != 0.0 && s < e && *e <= text.len());
        }
    }
}

#[test]
fn an_empty_sentence_has_no_cue() {
    assert!(cues_of("").values.iter().all(|&v| v == 0.0));
}

#[test]
fn a_third_party_speaking() {
    let c = cues_of("Russia's foreign ministry said on Monday that it opposes the sanctions.");
    assert_eq!(value(&c, "speaker_other"), 1.0);
    assert_eq!(value(&c, "other_first"), 1.0);
    assert_eq!(value(&c, "speaker_china"), 0.0);
    assert_eq!(value(&c, "china_first"), 0.0);
}

#[test]
fn the_combined_matcher_finds_what_each_list_finds_alone() {
    let lex = Lexicons::builtin();
    let lists = lex.phrase_sets();
    let matcher = crate::features::lexicon::MultiMatcher::new(&lists);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/labelled_small.csv"
    );
    let data = crate::corpus::labelled::read_labelled(path.as_ref(), &Default::default()).unwrap();
    let (mut t, mut combined) = (Tokens::new(), vec![Vec::new(); lists.len()]);
    let mut scratch = crate::features::lexicon::MatchScratch::default();
    let mut total = 0;
    for text in &data.texts {
        tokenize(text, &mut t);
        matcher.find_all(&t, &mut scratch, &mut combined);
        for (set, got) in lists.iter().zip(&combined) {
            let mut alone = Vec::new();
            set.for_each_match(&t, |a, b| alone.push((a, b)));
            assert_eq!(got, &alone, "{text}");
            total += alone.len();
        }
    }
    assert!(
        total > 1000,
        "the fixture exercises the lists ({total} matches)"
    );
}

#[test]
fn quote_marks_agree_with_a_char_by_char_reading() {
    let reference = |text: &str, tokens: &Tokens| -> Vec<bool> {
        let mut inside = false;
        let mut chars = text.char_indices().peekable();
        let mut out = Vec::new();
        for t in tokens.tokens() {
            while let Some((_, c)) = chars.next_if(|&(i, _)| i < t.start) {
                match c {
                    '"' => inside = !inside,
                    '\u{201C}' => inside = true,
                    '\u{201D}' => inside = false,
                    _ => {}
                }
            }
            out.push(inside);
        }
        out
    };
    for text in [
        "He said \"no way\" and left.",
        "\u{201C}Never,\u{201D} said Wang \u{2014} \u{201C}never again",
        "\"unclosed quote runs to the end",
        "caf\u{e9} \u{2019}s \u{201D} closing first then \"open\"\"",
        "",
    ] {
        let mut t = Tokens::new();
        tokenize(text, &mut t);
        let mut got = Vec::new();
        mark_quoted(text, &t, &mut got);
        assert_eq!(got, reference(text, &t), "{text:?}");
    }
}
