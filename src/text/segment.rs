//! Sentence segmentation of whole documents: news articles, official
//! statements and press-conference transcripts, as plain text or Markdown.
//!
//! Owns: cutting a document into sentence spans, and flagging page furniture
//! (share buttons, bylines, datelines, menus, front matter, rules, the
//! headlines under a "Related" header) line by line.
//!
//! Invariant: every [`Sentence`] pushed by one call is a non-empty byte range
//! on char boundaries of the input, trimmed of surrounding whitespace; the
//! spans come in document order and never overlap.
//!
//! How it works, in one pass over the lines:
//! 1. YAML front matter (a leading block between `---` lines) is one
//!    furniture span.
//! 2. Each line is judged on its own. Blank lines end a paragraph. Furniture
//!    lines become `furniture: true` spans. Markdown block starts (heading,
//!    bullet, numbered item, block quote, table row) and transcript speaker
//!    tags (`Q:`, `Q    Text`, `PRESIDENT BIDEN:`) start a new paragraph; the
//!    Markdown marker is left out of the span, the speaker tag stays in it.
//!    Headings and table rows are paragraphs of one line.
//! 3. Other lines continue the open paragraph (hard-wrapped text), except
//!    after a Markdown hard break (two trailing spaces or `\`) when the new
//!    line does not start in lower case: that is how location lines and
//!    bold run-in heads are laid out; and except after a short line (at
//!    most 150 bytes, starting the paragraph or a sentence) that stops well
//!    before the document's wrap width (estimated from its line lengths,
//!    see `wrap_width`) or the new line's length, without ending on `,`,
//!    `:` or a word like "of": a headline or a label with text right under
//!    it, or text with one paragraph a line.
//! 4. Each paragraph is cut after `.` `!` `?` (plus closing quotes, brackets
//!    and emphasis) followed by whitespace and a capital, digit or opening
//!    quote/bracket, with vetoes:
//!    - titles (`Mr.`, `Gen.`, `Sen.`, ...) and `vs.` never end a sentence;
//!      `No.`, `Art.`, `p.` and month abbreviations do not before a number;
//!    - initialisms (`U.S.`, `U.N.`, `a.m.`, `D.C.`), single capital
//!      initials (`J.`), months and company/name suffixes (`Inc.`, `Jr.`,
//!      `etc.`) end a sentence only when the next word is a common sentence
//!      starter (`The`, `It`, `But`, `Can`, `China`, `Japan`, ... about 120
//!      words): "sanctions on the U.S. The ministry said" splits,
//!      "the U.S. Navy" does not. The price: "the U.S. China policy" splits;
//!    - an ellipsis (`...`, `…`) ends a sentence only before a starter word;
//!    - after a closing quote, a following attribution (`said Wang`, or up to
//!      three capitalised words then `said.`/`said,`) keeps the quote and
//!      its attribution together; lower-case next words never split anyway.
//!
//! Quotations with several sentences inside are cut like any other text:
//! “We oppose it. We urge restraint,” he said. gives two sentences, the
//! second keeping the attribution. No quote nesting is tracked, which keeps
//! unbalanced quotes harmless.
//!
//! Not handled: spaced ellipses (`. . .`), CJK full stops (CJK text stays
//! one sentence per paragraph), sentences starting in lower case, and
//! headlines that run straight into body text on the same line. PDF-extracted
//! speeches sometimes break a sentence after a capitalised word on a short
//! line ("... Chairman of the National\nDefence Commission"); those pieces
//! come out as two sentences.
//! Page breaks of PDF-extracted text that fall inside a sentence (a blank
//! line then the rest) end the sentence, as any blank line does.

/// One sentence (or one line of page furniture) of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the first byte in the document.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// True for page furniture: bylines, share buttons, dates, menus, rules,
    /// front matter. Callers drop or keep these.
    pub furniture: bool,
}

/// Reusable splitter (may hold buffers); `Default` gives the standard settings.
#[derive(Debug, Default, Clone)]
pub struct Splitter {
    // Nothing to reuse yet: a pass keeps only offsets. The private field keeps
    // room for settings without breaking callers that use `Default`.
    _reserved: (),
}

impl Splitter {
    /// A splitter with the standard settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends the sentences of `text` to `out` (not cleared), in order. Byte
    /// offsets into `text`; `text[s.start..s.end]` is the sentence trimmed of
    /// surrounding whitespace; never empty. Furniture lines are included with
    /// `furniture: true` (callers drop or keep them).
    pub fn split_into(&mut self, text: &str, out: &mut Vec<Sentence>) {
        let mut pass = Pass {
            text,
            out,
            para: None,
            wrap_width: None,
            in_related_list: false,
        };
        let mut pos = pass.front_matter();
        while pos < text.len() {
            let line = next_line(text.as_bytes(), pos);
            pass.line(line);
            pos = line.next;
        }
        pass.close();
    }

    /// The sentences of `text`, furniture included; see [`Splitter::split_into`].
    pub fn split(&mut self, text: &str) -> Vec<Sentence> {
        let mut out = Vec::new();
        self.split_into(text, &mut out);
        out
    }
}

// ---------------------------------------------------------------------------
// Lines and paragraphs

/// One line: content `start..end` without its line end; the next line
/// begins at `next`.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    next: usize,
}

/// The line starting at `from`; `\n`, `\r\n` and a lone `\r` all end a line.
fn next_line(bytes: &[u8], from: usize) -> Line {
    let rest = bytes.get(from..).unwrap_or_default();
    let Some(len) = rest.iter().position(|&b| b == b'\n' || b == b'\r') else {
        return Line {
            start: from,
            end: bytes.len(),
            next: bytes.len(),
        };
    };
    let end = from + len;
    let crlf = bytes.get(end) == Some(&b'\r') && bytes.get(end + 1) == Some(&b'\n');
    Line {
        start: from,
        end,
        next: end + 1 + usize::from(crlf),
    }
}

/// What a line starts with, as far as paragraph assembly cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Heading,
    Item,
    Quote,
    Speaker,
    Table,
}

/// The text of a line without its block marker: `start..end` within the
/// trimmed line.
#[derive(Debug, Clone, Copy)]
struct Marker {
    start: usize,
    end: usize,
    kind: Kind,
}

/// The paragraph being collected.
#[derive(Debug, Clone, Copy)]
struct Para {
    start: usize,
    end: usize,
    kind: Kind,
    /// The last line ended in a Markdown hard break.
    hard_break: bool,
    /// Last character of the last line, closing quotes and emphasis skipped.
    tail: char,
    /// Length in bytes of the last line, trimmed.
    last_len: usize,
    /// The last line began the paragraph or followed a sentence's end.
    last_opened: bool,
}

/// State of one `split_into` call.
struct Pass<'a> {
    text: &'a str,
    out: &'a mut Vec<Sentence>,
    para: Option<Para>,
    /// The document's wrap width, measured on first need.
    wrap_width: Option<usize>,
    /// Under a "Related" or "Read next" header: the headlines listed there
    /// are furniture too, up to the next line that ends a sentence.
    in_related_list: bool,
}

impl Pass<'_> {
    /// Emits the YAML front matter as one furniture span and returns where
    /// the body starts (0 when there is none or it is never closed).
    fn front_matter(&mut self) -> usize {
        let bytes = self.text.as_bytes();
        let first = next_line(bytes, 0);
        if self.trimmed(first) != "---" {
            return 0;
        }
        let mut pos = first.next;
        while pos < bytes.len() {
            let line = next_line(bytes, pos);
            if matches!(self.trimmed(line), "---" | "...") {
                self.push(first.start, line.end, true);
                return line.next;
            }
            pos = line.next;
        }
        0
    }

    fn trimmed(&self, line: Line) -> &str {
        let (s, e) = trim(self.text, line.start, line.end);
        self.text.get(s..e).unwrap_or_default()
    }

    /// Feeds one line: furniture, a new block, or more of the open paragraph.
    fn line(&mut self, line: Line) {
        let (ts, te) = trim(self.text, line.start, line.end);
        let t = self.text.get(ts..te).unwrap_or_default();
        if t.is_empty() {
            return self.close();
        }
        if is_furniture(t) && !self.date_continues(t) {
            self.close();
            self.in_related_list |= is_related_header(t);
            return self.push(ts, te, true);
        }
        if self.in_related_list {
            if is_listed_headline(t) {
                return self.push(ts, te, true);
            }
            self.in_related_list = false;
        }
        let mark = block_marker(t);
        let body = t.get(mark.start..mark.end).unwrap_or_default();
        let continued = self
            .para
            .is_some_and(|p| continues(&p, body, mark.kind) && !self.broken_early(&p, t, body));
        if !continued {
            self.close();
            self.para = Some(Para::new(ts + mark.start, mark.kind));
        }
        self.extend(ts + mark.end, hard_break(self.text, line), t);
        if matches!(mark.kind, Kind::Heading | Kind::Table) {
            self.close();
        }
    }

    /// A wrapped sentence may end on a line that reads like a dateline
    /// ("...will meet on\nJuly 19, 2025."): after an unfinished line, a date
    /// line with a final stop is text. Without the stop it is more likely a
    /// page number of PDF-extracted text, and stays furniture.
    fn date_continues(&self, t: &str) -> bool {
        t.ends_with(['.', '!', '?'])
            && self
                .para
                .is_some_and(|p| !p.hard_break && !ends_clause(p.tail))
            && is_date_line(t)
    }

    /// Whether the paragraph's last line is a short one the writer ended on
    /// purpose, starting the paragraph or after a sentence's end: a headline
    /// or a label followed by text on the next line, with no blank line
    /// between. The next line's first word would have fit on it with room
    /// to spare (lines of hard-wrapped prose stop only where it does not),
    /// the line does not end as a clause goes on (`,` `:` "of", "the") and
    /// the next line does not start in lower case or with a bracket. Long
    /// lines are left alone: PDF-extracted speeches break them anywhere.
    fn broken_early(&mut self, p: &Para, line: &str, body: &str) -> bool {
        let short_line = p.last_opened && p.last_len <= MAX_HEADLINE;
        if !short_line
            || starts_lower(body)
            || body.starts_with('(')
            || matches!(p.tail, ',' | ':')
            || self.ends_in_function_word(p)
        {
            return false;
        }
        // A no-break space joins words for the wrapper too.
        let next_word = body.split([' ', '\t']).next().map_or(0, str::len);
        let filled = p.last_len + 1 + next_word + WRAP_SLACK;
        // No line of wrapped text is wider than the wrap width, the new one
        // included.
        let width = *self.wrap_width.get_or_insert_with(|| wrap_width(self.text));
        filled <= width.max(line.len())
    }

    /// Whether the paragraph's last line ends in a word that cannot end a
    /// sentence ("of", "the", "and"): PDF-extracted text breaks lines there
    /// even where its other lines hold whole paragraphs.
    fn ends_in_function_word(&self, p: &Para) -> bool {
        let line = self.text.get(p.start..p.end).unwrap_or_default();
        let last = line.rsplit(is_space).next().unwrap_or_default();
        DANGLING.iter().any(|w| w.eq_ignore_ascii_case(last))
    }

    /// Moves the open paragraph's end to `end` and records how the line ended.
    fn extend(&mut self, end: usize, hard_break: bool, line: &str) {
        if let Some(p) = self.para.as_mut() {
            p.end = end;
            p.hard_break = hard_break;
            // Before its first line a paragraph has no length (lines are
            // trimmed and never empty).
            p.last_opened = p.last_len == 0 || matches!(p.tail, '.' | '!' | '?' | '…');
            p.last_len = line.len();
            p.tail = line
                .trim_end_matches(['"', '\'', ')', ']', '”', '’', '*', '_'])
                .chars()
                .next_back()
                .unwrap_or(' ');
        }
    }

    /// Cuts the open paragraph, if any, into sentences.
    fn close(&mut self) {
        if let Some(p) = self.para.take() {
            split_para(self.text, p.start, p.end, self.out);
        }
    }

    fn push(&mut self, start: usize, end: usize, furniture: bool) {
        push_span(self.text, self.out, start, end, furniture);
    }
}

impl Para {
    fn new(start: usize, kind: Kind) -> Self {
        Para {
            start,
            end: start,
            kind,
            hard_break: false,
            tail: ' ',
            last_len: 0,
            last_opened: false,
        }
    }
}

/// Whether a line with block kind `kind` and text `body` continues `p`.
fn continues(p: &Para, body: &str, kind: Kind) -> bool {
    let lower = starts_lower(body);
    if p.hard_break && !lower {
        return false;
    }
    match kind {
        Kind::Text => true,
        Kind::Quote => p.kind == Kind::Quote,
        // "- this day" in hard-wrapped prose is a dash, not a bullet; a real
        // list follows another item or a line ending in `:` / `;`.
        Kind::Item => lower && p.kind != Kind::Item && !matches!(p.tail, ':' | ';'),
        _ => false,
    }
}

/// Words a sentence does not end on: articles, prepositions, conjunctions,
/// possessives.
#[rustfmt::skip]
const DANGLING: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "into", "onto",
    "and", "or", "but", "nor", "as", "than", "that", "which", "who", "whose", "its", "their",
    "our", "his", "her", "my", "your", "this", "these", "those", "between", "among", "against",
    "about", "under", "over", "per", "is", "are", "was", "were", "be", "will", "would", "shall",
    "should", "can", "could", "may", "must", "has", "have", "had", "not", "no", "if", "when",
    "while", "because", "Mr.", "Mrs.", "Ms.", "Dr.",
];

/// The longest line (bytes) taken for a headline or a label.
const MAX_HEADLINE: usize = 150;

/// How far short of the wrap width (bytes) a line must stop before its break
/// counts as meant: ragged right margins of PDF-extracted text stay wrapped.
const WRAP_SLACK: usize = 10;

/// The width a document is wrapped at. In hard-wrapped text it is the 75th
/// percentile of the lengths (bytes, trimmed) of the lines that another
/// non-blank line follows: those are the full lines, while the last lines
/// of paragraphs and headings or link lines standing alone are left out.
/// Where the 90th percentile of all lines is over twice that, most
/// paragraphs are single long lines (blank lines between, or one paragraph
/// a line) and that percentile is taken instead, so every short line break
/// there counts as meant. Table rows are never wrapped and left out.
fn wrap_width(text: &str) -> usize {
    let mut inner = Vec::new();
    let mut all = Vec::new();
    let mut last = 0;
    for line in text.lines().map(|line| line.trim_matches(is_space)) {
        if line.starts_with('|') {
            continue;
        }
        if last > 0 && !line.is_empty() {
            inner.push(last);
        }
        if !line.is_empty() {
            all.push(line.len());
        }
        last = line.len();
    }
    let wrapped = percentile(&mut inner, 3, 4);
    let unwrapped = percentile(&mut all, 9, 10);
    if unwrapped > 2 * wrapped {
        unwrapped
    } else {
        wrapped
    }
}

/// The `num/den` percentile of `values` (0 when empty); reorders them.
fn percentile(values: &mut [usize], num: usize, den: usize) -> usize {
    if values.is_empty() {
        return 0;
    }
    let rank = (values.len() * num / den).min(values.len() - 1);
    *values.select_nth_unstable(rank).1
}

/// A Markdown hard break: the raw line ends in two spaces or a backslash.
fn hard_break(text: &str, line: Line) -> bool {
    let raw = text.get(line.start..line.end).unwrap_or_default();
    raw.ends_with("  ") || raw.ends_with('\\')
}

/// Whether a line ending in `tail` ends a sentence or introduces a list.
fn ends_clause(tail: char) -> bool {
    matches!(tail, '.' | '!' | '?' | '…' | ':' | ';')
}

fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// Trims whitespace (and byte-order marks / zero-width spaces) off
/// `text[start..end]`; returns an empty range when nothing is left.
fn trim(text: &str, start: usize, end: usize) -> (usize, usize) {
    let Some(s) = text.get(start..end) else {
        return (start, start);
    };
    let inner = s.trim_start_matches(is_space);
    let lead = s.len() - inner.len();
    let len = inner.trim_end_matches(is_space).len();
    (start + lead, start + lead + len)
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

/// Pushes the trimmed span unless it is empty.
fn push_span(text: &str, out: &mut Vec<Sentence>, start: usize, end: usize, furniture: bool) {
    let (start, end) = trim(text, start, end);
    if start < end {
        out.push(Sentence {
            start,
            end,
            furniture,
        });
    }
}

// ---------------------------------------------------------------------------
// Block markers

/// Finds the block marker of a trimmed, non-furniture line.
fn block_marker(t: &str) -> Marker {
    let whole = Marker {
        start: 0,
        end: t.len(),
        kind: Kind::Text,
    };
    if t.starts_with('#') {
        return heading(t).unwrap_or(whole);
    }
    if t.starts_with('|') {
        return Marker {
            kind: Kind::Table,
            ..whole
        };
    }
    if is_speaker_tag(t) {
        return Marker {
            kind: Kind::Speaker,
            ..whole
        };
    }
    // Nested markers ("> - item") are peeled one at a time; the first decides.
    let mut mark = whole;
    for _ in 0..3 {
        let rest = t.get(mark.start..).unwrap_or_default();
        let Some((len, kind)) = list_marker(rest) else {
            break;
        };
        mark.start += len;
        if mark.kind == Kind::Text {
            mark.kind = kind;
        }
    }
    mark
}

/// `#`..`######` then a space: the heading text, without closing `#`s.
fn heading(t: &str) -> Option<Marker> {
    let hashes = t.len() - t.trim_start_matches('#').len();
    let rest = t.get(hashes..)?;
    if hashes > 6 || !rest.starts_with(is_space) {
        return None;
    }
    let start = t.len() - rest.trim_start_matches(is_space).len();
    let body = t.get(start..)?;
    let unclosed = body.trim_end_matches('#');
    let end = if unclosed.ends_with(is_space) {
        unclosed.trim_end_matches(is_space).len()
    } else {
        body.len()
    };
    Some(Marker {
        start,
        end: start + end,
        kind: Kind::Heading,
    })
}

/// A bullet (`-`, `*`, `+`, `•`), numbered item (`1.`, `12)`) or block quote
/// (`>`) at the start of `s`: the marker's length with the space after it.
fn list_marker(s: &str) -> Option<(usize, Kind)> {
    let mut chars = s.char_indices();
    let (_, c) = chars.next()?;
    let (len, kind) = match c {
        '-' | '*' | '+' | '•' | '▪' | '◦' | '‣' | '●' => (c.len_utf8(), Kind::Item),
        '>' => (1, Kind::Quote),
        '0'..='9' => (ordinal_len(s)?, Kind::Item),
        _ => return None,
    };
    let rest = s.get(len..)?;
    let body = rest.trim_start_matches(is_space);
    let spaced = rest.len() > body.len() || kind == Kind::Quote;
    (spaced && !body.is_empty()).then_some((s.len() - body.len(), kind))
}

/// Length of `12.` or `12)` (one to three digits) at the start of `s`.
fn ordinal_len(s: &str) -> Option<usize> {
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let close = s.as_bytes().get(digits)?;
    ((1..=3).contains(&digits) && matches!(close, b'.' | b')')).then_some(digits + 1)
}

/// A transcript speaker tag: `Q` plus two spaces, or upper-case words and a
/// colon (`Q:`, `MS. JEAN-PIERRE:`, `PRESIDENT BIDEN:`).
fn is_speaker_tag(t: &str) -> bool {
    if let Some(rest) = t.strip_prefix('Q') {
        if rest.starts_with("  ") || rest.starts_with('\t') {
            return true;
        }
    }
    let mut upper = false;
    for (i, c) in t.char_indices().take(48) {
        if c == ':' {
            let after = t.get(i + 1..).unwrap_or_default();
            return upper && (after.is_empty() || after.starts_with(is_space));
        }
        if c.is_uppercase() {
            upper = true;
        } else if !matches!(c, ' ' | '.' | '-' | '\'' | '’') && !c.is_ascii_digit() {
            return false;
        }
    }
    false
}

// ---------------------------------------------------------------------------
// Furniture

/// Page furniture, judged on one trimmed line.
fn is_furniture(t: &str) -> bool {
    !t.chars().any(char::is_alphanumeric)
        || t == "END"
        || is_boilerplate(t)
        || is_url_line(t)
        || is_link_line(t)
        || is_related_header(t)
        || is_byline(t)
        || is_staff_byline(t)
        || is_contributor_line(t)
        || is_date_line(t)
        || is_menu(t)
}

/// Lines whose whole text is one of these (case-insensitive, ignoring
/// surrounding punctuation and Markdown markers) are furniture; so are the
/// [`RELATED_HEADERS`].
#[rustfmt::skip]
const BOILERPLATE: &[&str] = &[
    "share", "share this", "share this article", "share this story", "share on facebook",
    "share on twitter", "tweet", "print", "email", "e-mail", "comments", "comment",
    "leave a comment", "leave a reply", "register now", "more", "advertisement", "advertising", "sponsored", "sponsored content", "subscribe",
    "subscribe now", "sign up", "sign in", "log in", "login", "menu", "search", "home",
    "back to top", "skip to content", "skip to main content", "follow us",
    "all rights reserved", "newsletter", "copy link",
    "next article", "previous article", "photo", "image", "video", "watch", "listen",
    "facebook", "twitter", "linkedin", "whatsapp", "x", "link", "scroll to continue",
    "continue reading", "story continues below", "article continues below",
    "story continues below advertisement", "purchase licensing rights",
    "staff writer", "staff writers", "staff reporter", "keywords",
    "report this ad", "ad feedback", "link copied",
    "top of page",
];

/// Lines starting with one of these (case-insensitive) are furniture.
#[rustfmt::skip]
const BOILERPLATE_PREFIXES: &[&str] = &[
    "click here", "copyright", "all rights reserved", "sign up for", "sign up to",
    "subscribe to", "subscribe for", "follow us", "read more", "register now", "related:",
    "see also:", "photo:", "photos:", "photo by", "photo credit", "photograph:", "image:",
    "images:", "image credit", "picture:", "credit:", "file photo", "video:", "watch:",
    "reporting by", "additional reporting", "editing by", "writing by", "tags:", "topics:",
    "filed under", "photo gallery", "enditem", "source: xinhua", "editor: ", "advertisement ·", "advertisement -", "advertisement |",
    "our standards: the thomson reuters",
];

/// Share buttons, newsletter prompts, credits and the like.
fn is_boilerplate(t: &str) -> bool {
    if t.starts_with('©') || starts_with_ci(t, "(c) ") {
        return true;
    }
    let core = core_text(t);
    // Wrapped prose ("we\nshare a responsibility") starts in lower case.
    if core.len() > 200 || !core.starts_with(char::is_uppercase) {
        return false;
    }
    BOILERPLATE.iter().any(|w| w.eq_ignore_ascii_case(core))
        || BOILERPLATE_PREFIXES.iter().any(|p| starts_with_ci(core, p))
}

/// A line without the punctuation and Markdown markers around its words.
fn core_text(t: &str) -> &str {
    t.trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end_matches(|c: char| !c.is_alphanumeric())
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// A bare URL, a Markdown autolink or a Markdown image alone on a line.
fn is_url_line(t: &str) -> bool {
    if t.starts_with("![") || t.starts_with("[![") {
        return t.ends_with(')');
    }
    let t = t.strip_prefix('<').unwrap_or(t);
    let url = ["http://", "https://", "www."]
        .iter()
        .any(|p| starts_with_ci(t, p));
    url && !t.contains(|c: char| c.is_whitespace())
}

/// Headers of lists of links to other articles.
#[rustfmt::skip]
const RELATED_HEADERS: &[&str] = &[
    "related", "related news", "related articles", "related stories", "related coverage",
    "related content", "related topics", "related links", "read next", "read more",
    "more from", "you may also like", "recommended", "most read", "most popular", "most viewed",
    "top stories", "latest news", "see also", "trending",
];

/// A "Related" header (any case after a capital, surrounding punctuation
/// and Markdown ignored), or "More from ...". A word alone on a line of
/// wrapped prose ("was\nrecommended\nfor") starts in lower case.
fn is_related_header(t: &str) -> bool {
    let core = core_text(t);
    core.starts_with(char::is_uppercase)
        && (RELATED_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(core))
            || starts_with_ci(core, "more from "))
}

/// A headline in a list of links: short, no final stop.
fn is_listed_headline(t: &str) -> bool {
    let bare = t.trim_end_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '.' | '!' | '?'));
    t.len() <= MAX_HEADLINE && !bare.ends_with(['.', '!', '?'])
}

/// A line of Markdown links and nothing else but separators: share buttons,
/// breadcrumbs, "[Order Reprints](...) | [Subscribe](...)".
fn is_link_line(t: &str) -> bool {
    if !t.starts_with('[') {
        return false;
    }
    let mut rest = t;
    let mut links = 0;
    while let Some(open) = rest.find("](") {
        let before = rest.get(..open).unwrap_or_default();
        let Some(text_start) = before.rfind('[') else {
            return false;
        };
        let Some(close) = rest.get(open..).and_then(|r| r.find(')')) else {
            return false;
        };
        if before
            .get(..text_start)
            .unwrap_or_default()
            .chars()
            .any(char::is_alphanumeric)
        {
            return false;
        }
        links += 1;
        rest = rest.get(open + close + 1..).unwrap_or_default();
    }
    // One link alone may be a word of hard-wrapped prose.
    links > 1 && !rest.chars().any(char::is_alphanumeric)
}

/// "By John Smith", "By JOHN SMITH and JANE DOE, Reuters".
fn is_byline(t: &str) -> bool {
    let mut words = t.split_whitespace();
    if t.len() > 100
        || !matches!(
            words.next().map(|w| w.trim_matches(['*', '_'])),
            Some("By" | "BY" | "By:")
        )
        || t.ends_with(['.', '?', '!'])
    {
        return false;
    }
    let mut names = 0;
    for word in words {
        let w = word.trim_matches(|c: char| matches!(c, ',' | ';' | '*' | '_'));
        if matches!(
            w,
            "" | "and" | "&" | "in" | "for" | "of" | "de" | "van" | "von" | "|" | "-" | "—" | "/"
        ) || w.starts_with('@')
        {
            continue;
        }
        if !w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
            return false;
        }
        names += 1;
    }
    (1..=10).contains(&names)
}

/// Roles that end a byline after a comma ("Jane Doe, Staff Writer").
const BYLINE_ROLES: &[&str] = &[
    "staff writer",
    "staff writers",
    "staff reporter",
    "staff reporters",
    "correspondent",
    "correspondents",
    "reporter",
    "reporters",
    "contributor",
    "senior writer",
];

/// "ERI SUGIURA and RYO NAKAMURA, Nikkei staff writers": capitalised names,
/// a comma and a role of at most four words, with no final stop. (Wrapped
/// prose such as "...the largest\ncontributor, ..." fails on the names.)
fn is_staff_byline(t: &str) -> bool {
    if t.len() > 100 || t.ends_with(['.', '?', '!']) {
        return false;
    }
    let Some((names, role)) = t.split_once(',') else {
        return false;
    };
    let role = role.trim_matches(|c: char| !c.is_alphanumeric());
    let names_only = names
        .split_whitespace()
        .all(|w| matches!(w, "and" | "&") || w.starts_with(char::is_uppercase));
    names_only
        && role.split_whitespace().count() <= 4
        && BYLINE_ROLES.iter().any(|r| ends_with_ci(role, r))
}

fn ends_with_ci(s: &str, suffix: &str) -> bool {
    s.len()
        .checked_sub(suffix.len())
        .and_then(|at| s.get(at..))
        .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix))
}

/// "AP writer Didi Tang contributed to this report.": the credit line of a
/// wire story, on a line of its own.
fn is_contributor_line(t: &str) -> bool {
    const CREDITS: [&str; 3] = ["to this report", "reporting", "to this story"];
    // This runs on every line: one search with a finder built once.
    static VERB: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("contributed "));
    t.len() <= 200
        && VERB.find(t.as_bytes()).is_some_and(|at| {
            let tail = t.get(at + "contributed ".len()..).unwrap_or_default();
            CREDITS.iter().any(|credit| tail.starts_with(credit))
        })
}

/// A dateline or time alone: "March 3, 2024", "2024-03-03", "10:44 A.M. SST",
/// "Updated 10:45 a.m. ET, Tue March 5, 2024", a lone number or page number.
fn is_date_line(t: &str) -> bool {
    if t.len() > 80 {
        return false;
    }
    let mut numeric = false;
    let seps = |c: char| {
        c.is_whitespace() || matches!(c, ',' | '|' | '(' | ')' | '[' | ']' | '•' | '·' | '—' | '–')
    };
    for tok in t.split(seps).filter(|w| !w.is_empty()) {
        if is_number_token(tok) {
            numeric = true;
        } else if !is_date_word(tok) {
            return false;
        }
    }
    numeric
}

/// Digits with date/time separators (`10:45`, `2024-03-03`, `06-53317`,
/// `3rd`).
fn is_number_token(tok: &str) -> bool {
    let body = tok.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = tok.get(body.len()..).unwrap_or_default();
    let ordinal = suffix.is_empty()
        || ["st", "nd", "rd", "th", "am", "pm"]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(suffix));
    ordinal
        && body.bytes().any(|b| b.is_ascii_digit())
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'/' | b':' | b'.' | b'\''))
}

/// Words that may stand beside numbers in a dateline or time line.
#[rustfmt::skip]
const DATE_WORDS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
    "sun", "a.m", "p.m", "am", "pm", "updated", "published", "posted", "last", "modified", "at",
    "on", "date", "time", "-", "/", "ago", "hour", "hours", "min", "mins", "minute", "minutes",
    "read",
];

/// A month, weekday, `a.m.`, "Updated", or a time-zone code (`ET`, `WITA`).
fn is_date_word(tok: &str) -> bool {
    let w = tok.trim_end_matches(['.', ':']);
    let zone = (2..=5).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase());
    zone || DATE_WORDS.iter().any(|d| d.eq_ignore_ascii_case(w))
}

/// What separates the items of a menu or a breadcrumb trail.
const MENU_SEPARATORS: [char; 5] = ['|', '•', '·', '>', '›'];

/// "Home | World | Business", "Home > China > Diplomacy": short capitalised
/// items between separators.
fn is_menu(t: &str) -> bool {
    if t.starts_with('|') || t.ends_with(['.', '?', '!']) || !t.contains(MENU_SEPARATORS) {
        return false;
    }
    let mut items = 0;
    for item in t.split(MENU_SEPARATORS) {
        let words = item.split_whitespace().count();
        let capitalised = item
            .split_whitespace()
            .all(|w| w == "&" || w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
        if words > 4 || !capitalised {
            return false;
        }
        items += usize::from(words > 0);
    }
    items >= 2
}

// ---------------------------------------------------------------------------
// Sentence boundaries inside a paragraph

/// How far back (bytes) the token before a period is read; every listed
/// abbreviation is shorter, so a cut token never matches one.
const MAX_ABBR: usize = 24;
/// How far past a closing quote the attribution check looks.
const MAX_ATTRIBUTION: usize = 96;

/// The punctuation that may end a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    Period,
    Ellipsis,
    Strong,
}

/// A candidate boundary: the stop at `at`, closers up to `after`.
#[derive(Debug, Clone, Copy)]
struct Cut {
    at: usize,
    after: usize,
    stop: Stop,
    /// Closing quotes, brackets or emphasis followed the stop.
    closed: bool,
    /// One of the closers was a quotation mark.
    quoted: bool,
}

/// Cuts `text[start..end]` (one paragraph) into sentences.
fn split_para(text: &str, start: usize, end: usize, out: &mut Vec<Sentence>) {
    let mut from = start;
    let mut pos = start;
    while let Some(at) = find_stop(text.as_bytes(), pos, end) {
        let cut = read_cut(text, at, end);
        pos = cut.after;
        if let Some(next) =
            boundary(text, start, &cut, end).filter(|_| has_word(text, from, cut.at))
        {
            push_span(text, out, from, cut.after, false);
            from = next;
            pos = next;
        }
    }
    push_span(text, out, from, end, false);
}

/// Whether `text[from..at]` holds a letter or digit, so a stop there ends
/// something ("“... The core" is one sentence). Looks at a bounded prefix:
/// a long stretch of punctuation counts as content.
fn has_word(text: &str, from: usize, at: usize) -> bool {
    let head = text.get(from..at).unwrap_or_default();
    head.chars().take(MAX_ABBR).any(char::is_alphanumeric) || head.len() > MAX_ABBR
}

/// The next `.`, `!`, `?` or `…` in `bytes[from..end]`.
fn find_stop(bytes: &[u8], from: usize, end: usize) -> Option<usize> {
    let hay = bytes.get(from..end)?;
    let mut i = 0;
    while let Some(k) = hay
        .get(i..)?
        .iter()
        .position(|&b| matches!(b, b'.' | b'!' | b'?' | 0xE2))
    {
        let at = i + k;
        // 0xE2 leads many three-byte chars (dashes, curly quotes); only E2 80 A6 is "…".
        if hay.get(at) != Some(&0xE2) || hay.get(at + 1..at + 3) == Some(&[0x80, 0xA6]) {
            return Some(from + at);
        }
        i = at + 1;
    }
    None
}

/// Reads the run of stops at `at` and the closers after it.
fn read_cut(text: &str, at: usize, end: usize) -> Cut {
    let tail = text.get(at..end).unwrap_or_default();
    let stops = tail.trim_start_matches(['.', '!', '?', '…']);
    let run = tail.get(..tail.len() - stops.len()).unwrap_or_default();
    let after_closers =
        stops.trim_start_matches(['"', '\'', ')', ']', '}', '”', '’', '»', '›', '*', '_']);
    let closers = stops
        .get(..stops.len() - after_closers.len())
        .unwrap_or_default();
    let stop = if run.contains(['!', '?']) {
        Stop::Strong
    } else if run.len() > 1 {
        Stop::Ellipsis
    } else {
        Stop::Period
    };
    Cut {
        at,
        after: end - after_closers.len(),
        stop,
        closed: !closers.is_empty(),
        quoted: closers.contains(['"', '\'', '”', '’', '»', '›']),
    }
}

/// Where the next sentence starts if `cut` ends one; `para` is the
/// paragraph start (abbreviation look-back stops there).
fn boundary(text: &str, para: usize, cut: &Cut, end: usize) -> Option<usize> {
    let next = skip_space(text, cut.after, end)?;
    let rest = text.get(next..end).unwrap_or_default();
    if !opens_sentence(rest) {
        return None;
    }
    let word = first_word(rest);
    let ends = match cut.stop {
        Stop::Ellipsis => is_starter(word),
        Stop::Period if !cut.closed => period_ends(token_before(text, para, cut.at), word),
        _ => true,
    };
    let attributed = cut.quoted && attribution_follows(rest, cut.stop != Stop::Period);
    (ends && !attributed).then_some(next)
}

/// The first position after the whitespace at `pos` (None if `pos` is not
/// whitespace); block-quote `>` markers after a line break count as space.
fn skip_space(text: &str, pos: usize, end: usize) -> Option<usize> {
    let rest = text.get(pos..end)?;
    let mut newline = false;
    for (i, c) in rest.char_indices() {
        newline |= c == '\n' || c == '\r';
        if !(is_space(c) || (newline && c == '>')) {
            return (i > 0).then_some(pos + i);
        }
    }
    None
}

/// A sentence may start with a capital, a digit or an opening quote/bracket
/// (Markdown emphasis ignored).
fn opens_sentence(rest: &str) -> bool {
    let first = rest.trim_start_matches(['*', '_']).chars().next();
    first.is_some_and(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '¿' | '¡')
    })
}

/// The first alphanumeric run of `rest`, after a little opening punctuation
/// (bounded, so runs of punctuation cannot make the scan quadratic).
fn first_word(rest: &str) -> &str {
    let Some((lead, _)) = rest
        .char_indices()
        .take(8)
        .find(|&(_, c)| c.is_alphanumeric())
    else {
        return "";
    };
    let word = rest.get(lead..).unwrap_or_default();
    let tail = word.trim_start_matches(char::is_alphanumeric);
    word.get(..word.len() - tail.len()).unwrap_or_default()
}

/// The whitespace-delimited token that ends just before the period at `at`,
/// without leading brackets or quotes; only its last [`MAX_ABBR`] bytes.
fn token_before(text: &str, para: usize, at: usize) -> &str {
    let mut lo = at.saturating_sub(MAX_ABBR).max(para);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let window = text.get(lo..at).unwrap_or_default();
    let sep = |c: char| {
        is_space(c)
            || matches!(
                c,
                '(' | '[' | '"' | '\'' | '“' | '‘' | '«' | '—' | '–' | '*' | '_' | '#'
            )
    };
    match window.char_indices().rev().find(|&(_, c)| sep(c)) {
        Some((i, c)) => window.get(i + c.len_utf8()..).unwrap_or_default(),
        // No separator in the window: the (possibly cut) token itself. A cut
        // token is longer than any listed abbreviation, so it cannot match one.
        None => window,
    }
}

/// How an abbreviation before a period bears on a sentence boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Abbr {
    /// A plain word: the period ends the sentence.
    None,
    /// A title before a name (`Mr.`, `Gen.`): never ends a sentence.
    Title,
    /// `No.`, `Art.`, `p.`: does not end a sentence before a number.
    Numbered,
    /// `Jan.`..`Dec.`: not before a number, else as [`Abbr::Ambiguous`].
    Month,
    /// `U.S.`, `J.`, `Inc.`, `etc.`: ends one only before a starter word.
    Ambiguous,
}

/// Titles before a name, plus `vs.`-like joiners: never end a sentence.
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "mme", "mlle", "dr", "prof", "gen", "lt", "col", "maj", "capt",
    "cmdr", "adm", "sgt", "cpl", "pvt", "brig", "sen", "sens", "rep", "reps", "gov", "amb",
    "hon", "rev", "pres", "supt", "insp", "st", "mt", "ft", "vs", "cf", "viz", "approx",
];
/// Abbreviations that precede a number (`No. 2`, `para. 17`).
#[rustfmt::skip]
const NUMBERED: &[&str] = &[
    "no", "nos", "art", "arts", "vol", "vols", "p", "pp", "para", "paras", "fig", "figs", "sec",
    "ch", "chap", "ed", "op",
];
/// Month abbreviations (`May` needs none).
#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];
/// Abbreviations that often end a sentence too (`... Toyota Motor Corp.`).
#[rustfmt::skip]
const SUFFIXES: &[&str] = &[
    "inc", "corp", "ltd", "co", "llc", "plc", "jr", "sr", "bros", "etc", "al", "esq", "dept",
    "govt",
];

/// Classifies the token before a period (the period itself excluded). Word
/// lists need the whole token ("Yat-sen" is no senator); initialisms may
/// follow a hyphen ("non-U.S.").
fn abbr_kind(tok: &str) -> Abbr {
    let is = |list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(tok));
    if tok.is_empty() {
        Abbr::None
    } else if is(TITLES) || tok == "v" {
        Abbr::Title
    } else if is(NUMBERED) {
        Abbr::Numbered
    } else if is(MONTHS) {
        Abbr::Month
    } else if is(SUFFIXES)
        || is_initial(tok)
        || is_initialism(tok.rsplit(['-', '/']).next().unwrap_or(tok))
    {
        Abbr::Ambiguous
    } else {
        Abbr::None
    }
}

/// `U.S`, `a.m`, `D.C`, `Ph.D`: letter groups of one or two joined by dots.
fn is_initialism(tok: &str) -> bool {
    tok.contains('.')
        && tok.split('.').all(|part| {
            (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphabetic())
        })
}

/// A single capital letter: the `J` of "Donald J. Trump".
fn is_initial(tok: &str) -> bool {
    let mut chars = tok.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// Whether a period after token `tok` ends the sentence, given the next word.
fn period_ends(tok: &str, next: &str) -> bool {
    let before_number = next.starts_with(|c: char| c.is_ascii_digit());
    match abbr_kind(tok) {
        Abbr::None => true,
        Abbr::Title => false,
        Abbr::Numbered => !before_number,
        Abbr::Month => !before_number && is_starter(next),
        Abbr::Ambiguous => is_starter(next),
    }
}

/// Common first words of English news sentences. After an ambiguous
/// abbreviation (`U.S.`, `J.`, `etc.`) or an ellipsis, a boundary needs one
/// of these next, so "the U.S. Navy" stays whole while "on the U.S. The
/// ministry said" splits. Country and capital names are listed because this
/// corpus starts so many sentences with them.
fn is_starter(word: &str) -> bool {
    STARTERS.contains(&word)
}

#[rustfmt::skip]
const STARTERS: &[&str] = &[
    "The", "This", "That", "These", "Those", "It", "Its", "He", "She", "We", "They", "I", "You",
    "Our", "Their", "His", "Her", "My", "Your", "There", "Here", "But", "And", "Or", "So",
    "Yet", "Nor", "However", "Moreover", "Meanwhile", "Also", "Still", "Then", "Now", "Thus",
    "Therefore", "Furthermore", "Indeed", "Instead", "Nevertheless", "In", "On", "At", "As",
    "For", "From", "With", "By", "To", "After", "Before", "When", "While", "If", "Although",
    "Though", "Since", "During", "Under", "Over", "Both", "All", "Some", "Many", "Most", "No",
    "Not", "One", "Each", "Every", "A", "An", "What", "Why", "How", "Who", "Where", "Which",
    "Yes", "Last", "Next", "Earlier", "Later", "Such", "Other", "Another", "Let", "Please",
    "Thank", "According", "China", "Japan", "Beijing", "Washington", "Tokyo", "Taiwan",
    "Russia", "Moscow", "Seoul", "Chinese", "Japanese", "Can", "Could", "Will", "Would",
    "Should", "May", "Might", "Must", "Do", "Does", "Did", "Is", "Are", "Was", "Were", "Has",
    "Have", "Had", "Following", "Because",
];

/// Capitalised words that start clauses, not names ("And I said, ...").
fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.contains(&word)
}

#[rustfmt::skip]
const FUNCTION_WORDS: &[&str] = &[
    "And", "But", "So", "Or", "Yet", "Nor", "Then", "Now", "Also", "However", "The", "This",
    "That", "These", "Those", "A", "An", "In", "On", "At", "As", "If", "When", "While", "After",
    "Before", "Because",
];

/// Verbs of saying that attach an attribution to the quote before it.
#[rustfmt::skip]
const ATTRIBUTION_VERBS: &[&str] = &[
    "said", "says", "told", "added", "asked", "noted", "stressed", "stated", "replied",
    "continued", "explained", "insisted", "warned", "wrote", "declared", "urged", "answered",
    "remarked",
];

/// After a closing quote: one to three capitalised words then an
/// attribution verb and a period (`Wang Wenbin said.`), or a comma too
/// when `comma_too` (after `?` or `!`: "Is it fair?" Wang asked, adding
/// ...). After a quote ending in a period, `He added, "..."` opens a new
/// sentence. A capitalised verb straight after the quote starts a sentence
/// of its own ("Asked about the deal, Mao said ..."); `said Wang` in lower
/// case never gets here, as lower-case words never start a sentence.
fn attribution_follows(rest: &str, comma_too: bool) -> bool {
    let mut limit = rest.len().min(MAX_ATTRIBUTION);
    while !rest.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = rest.get(..limit).unwrap_or_default();
    for (names, word) in window.split_whitespace().take(4).enumerate() {
        let bare = word.trim_end_matches([',', '.', ';']);
        let closes = word.ends_with('.') || (comma_too && word.ends_with(','));
        if ATTRIBUTION_VERBS
            .iter()
            .any(|v| v.eq_ignore_ascii_case(bare))
        {
            return names > 0 && closes;
        }
        if !word.starts_with(char::is_uppercase) || is_function_word(bare) {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The non-furniture sentences of `text`, as strings.
    fn sentences(text: &str) -> Vec<&str> {
        Splitter::default()
            .split(text)
            .iter()
            .filter(|s| !s.furniture)
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    /// (input, expected sentences with furniture left out)
    const CASES: &[(&str, &[&str])] = &[
        // Terminators and what may follow them.
        ("China protested. Japan responded.", &["China protested.", "Japan responded."]),
        ("Is this fair? No! It is not.", &["Is this fair?", "No!", "It is not."]),
        ("Why?! Nobody knows.", &["Why?!", "Nobody knows."]),
        ("It rose in 2019. 2020 was worse.", &["It rose in 2019.", "2020 was worse."]),
        ("He left. \"We oppose it,\" she said.", &["He left.", "\"We oppose it,\" she said."]),
        ("It ended. (Laughter.) Thank you.", &["It ended.", "(Laughter.)", "Thank you."]),
        ("The talks ended. and so did the trip.", &["The talks ended. and so did the trip."]),
        ("Growth was 3.5 percent under plan 2.0.1 this year. It rose.", &["Growth was 3.5 percent under plan 2.0.1 this year.", "It rose."]),
        (
            "See www.mfa.gov.cn/eng/index.html or write to press@state.gov for details. Thanks.",
            &["See www.mfa.gov.cn/eng/index.html or write to press@state.gov for details.", "Thanks."],
        ),
        // Initialisms: U.S. / U.K. / U.N. / E.U.
        ("The U.S. Navy sailed through the strait.", &["The U.S. Navy sailed through the strait."]),
        (
            "China imposed sanctions on the U.S. The ministry said so.",
            &["China imposed sanctions on the U.S.", "The ministry said so."],
        ),
        ("Both the U.S. and Japan agreed.", &["Both the U.S. and Japan agreed."]),
        (
            "The U.N. Security Council met. The E.U. delegation and U.K. officials attended.",
            &["The U.N. Security Council met.", "The E.U. delegation and U.K. officials attended."],
        ),
        ("Beijing blamed the U.K. China wants calm.", &["Beijing blamed the U.K.", "China wants calm."]),
        ("Tokyo pressed the U.S. 7th Fleet for data.", &["Tokyo pressed the U.S. 7th Fleet for data."]),
        // Months.
        ("The talks began on Jan. 5 in Beijing. They ended Sept. 30.", &["The talks began on Jan. 5 in Beijing.", "They ended Sept. 30."]),
        (
            "Meetings fell on Feb. 3, Mar. 4, Apr. 5, Aug. 6, Sep. 7, Oct. 8, Nov. 9 and Dec. 10. It was busy.",
            &["Meetings fell on Feb. 3, Mar. 4, Apr. 5, Aug. 6, Sep. 7, Oct. 8, Nov. 9 and Dec. 10.", "It was busy."],
        ),
        // Titles.
        ("Mr. Wang met Mrs. Smith and Ms. Lee. Dr. Chen and Prof. Li joined.", &["Mr. Wang met Mrs. Smith and Ms. Lee.", "Dr. Chen and Prof. Li joined."]),
        (
            "Gen. Mark Milley, Lt. Col. Jones and Adm. John Aquilino spoke. Sen. Rubio, Rep. Pelosi and Gov. Newsom did not.",
            &["Gen. Mark Milley, Lt. Col. Jones and Adm. John Aquilino spoke.", "Sen. Rubio, Rep. Pelosi and Gov. Newsom did not."],
        ),
        ("Amb. Rahm Emanuel flew to St. Louis. He left.", &["Amb. Rahm Emanuel flew to St. Louis.", "He left."]),
        ("MS. JEAN-PIERRE: Good afternoon. Thanks.", &["MS. JEAN-PIERRE: Good afternoon.", "Thanks."]),
        ("China is the No. 2 economy. No. The answer is no.", &["China is the No. 2 economy.", "No.", "The answer is no."]),
        ("It was China vs. Japan in the final. China won.", &["It was China vs. Japan in the final.", "China won."]),
        // etc., company suffixes, a.m./p.m.
        ("They discussed trade, security, etc. and then left.", &["They discussed trade, security, etc. and then left."]),
        ("They discussed trade, security, etc. The talks ended.", &["They discussed trade, security, etc.", "The talks ended."]),
        (
            "Apple Inc. Chief Executive Tim Cook visited Toyota Motor Corp. headquarters and Sony Group Co. Ltd. offices.",
            &["Apple Inc. Chief Executive Tim Cook visited Toyota Motor Corp. headquarters and Sony Group Co. Ltd. offices."],
        ),
        ("He joined Mitsubishi Heavy Industries Ltd. In 2020 he left.", &["He joined Mitsubishi Heavy Industries Ltd.", "In 2020 he left."]),
        (
            "The meeting starts at 10 a.m. Eastern Time. It ends at 5 p.m. The press may attend.",
            &["The meeting starts at 10 a.m. Eastern Time.", "It ends at 5 p.m.", "The press may attend."],
        ),
        // Initials.
        ("Donald J. Trump met J. Smith in Washington, D.C. on Friday.", &["Donald J. Trump met J. Smith in Washington, D.C. on Friday."]),
        ("President Joseph R. Biden, Jr. of the United States spoke.", &["President Joseph R. Biden, Jr. of the United States spoke."]),
        ("Article V applies to the islands under Article V. It is clear.", &["Article V applies to the islands under Article V.", "It is clear."]),
        // Ellipses.
        ("We waited... The minister never came.", &["We waited...", "The minister never came."]),
        ("He paused… Then he spoke.", &["He paused…", "Then he spoke."]),
        ("We will ... continue to push.", &["We will ... continue to push."]),
        ("Trade, energy… Security too.", &["Trade, energy… Security too."]),
        // Quotations and attribution.
        ("\"We oppose it,\" the spokesman said.", &["\"We oppose it,\" the spokesman said."]),
        ("\"We oppose it.\" said Wang Wenbin, the ministry spokesman.", &["\"We oppose it.\" said Wang Wenbin, the ministry spokesman."]),
        ("\"Is this fair?\" she asked.", &["\"Is this fair?\" she asked."]),
        ("“We firmly oppose it.” Wang Wenbin said. He left.", &["“We firmly oppose it.” Wang Wenbin said.", "He left."]),
        ("\"Is this fair?\" Wang asked. Nobody answered.", &["\"Is this fair?\" Wang asked.", "Nobody answered."]),
        ("‘We oppose it.’ The ministry then left.", &["‘We oppose it.’", "The ministry then left."]),
        ("He said: “We oppose it.” The talks ended.", &["He said: “We oppose it.”", "The talks ended."]),
        ("“We oppose it. We urge restraint,” he said.", &["“We oppose it.", "We urge restraint,” he said."]),
        ("\"Ties are strong.\" Asked about it, Mao said no.", &["\"Ties are strong.\"", "Asked about it, Mao said no."]),
        ("He added:\n“There are still problems.”", &["He added:\n“There are still problems.”"]),
        ("It is \"strong.\" He added, \"They noticed.\"", &["It is \"strong.\"", "He added, \"They noticed.\""]),
        ("\"Is it fair?\" Wang asked, smiling.", &["\"Is it fair?\" Wang asked, smiling."]),
        ("*J. Michael Cole is a fellow.*\n\n#S. Korea #US drills", &["*J. Michael Cole is a fellow.*", "#S. Korea #US drills"]),
        // Paragraphs, hard wrapping, headlines.
        ("First line without stop\n\nSecond paragraph.", &["First line without stop", "Second paragraph."]),
        (
            "The two leaders reaffirmed\nthat the Alliance remains strong.\nThey also met.",
            &["The two leaders reaffirmed\nthat the Alliance remains strong.", "They also met."],
        ),
        ("China warns Japan over Taiwan\n\nBEIJING - China warned Japan.", &["China warns Japan over Taiwan", "BEIJING - China warned Japan."]),
        // One paragraph a line, no blank lines: a short line that stops well
        // before the wrap width is a headline or a label, not wrapped text.
        (
            "China slams U.S.-Japan deal\nBEIJING (Reuters) - China accused Japan of stoking confrontation on Thursday.",
            &["China slams U.S.-Japan deal", "BEIJING (Reuters) - China accused Japan of stoking confrontation on Thursday."],
        ),
        (
            "The talks ended on Friday without any agreement on the islands.\nTensions rise\nJapan said it would respond to the move with restraint and calm.",
            &["The talks ended on Friday without any agreement on the islands.", "Tensions rise", "Japan said it would respond to the move with restraint and calm."],
        ),
        (
            "Officials from both governments met in the Japanese capital\nTokyo on Friday, and the ministers agreed to hold further\ntalks in Beijing next month, the foreign ministry said.",
            &["Officials from both governments met in the Japanese capital\nTokyo on Friday, and the ministers agreed to hold further\ntalks in Beijing next month, the foreign ministry said."],
        ),
        (
            "A short line that goes on in the\nNext line stays one sentence, as the line ends on a function word.",
            &["A short line that goes on in the\nNext line stays one sentence, as the line ends on a function word."],
        ),
        ("## Joint Statement\nThe leaders met.", &["Joint Statement", "The leaders met."]),
        ("# Title #\n\n### Sub\n", &["Title", "Sub"]),
        ("Mulia Hotel  \nBali, Indonesia\n\n5:41 P.M. WITA\n\nPRESIDENT BIDEN: Well, hello.", &["Mulia Hotel", "Bali, Indonesia", "PRESIDENT BIDEN: Well, hello."]),
        ("**Bold** text here. Next one.", &["**Bold** text here.", "Next one."]),
        ("**A NEW ERA:** Yesterday, he signed it.", &["**A NEW ERA:** Yesterday, he signed it."]),
        // Lists.
        (
            "The sides agreed to:\n- deepen cooperation\n- hold talks\n\n1. First item\n2) Second item",
            &["The sides agreed to:", "deepen cooperation", "hold talks", "First item", "Second item"],
        ),
        ("Every day\n- this day, as we meet - children die.", &["Every day\n- this day, as we meet - children die."]),
        (
            "-   The framework agreement provides\n    access to markets.\n    -   Japan will buy rice.\n-   It ends.",
            &["The framework agreement provides\n    access to markets.", "Japan will buy rice.", "It ends."],
        ),
        ("* One. Two.\n+ Three\n• Four", &["One.", "Two.", "Three", "Four"]),
        ("> We oppose it.\n> We urge restraint.", &["We oppose it.", "We urge restraint."]),
        ("133.\tIt is my hope that peace holds.", &["It is my hope that peace holds."]),
        // Transcripts.
        ("Q: Will you go? A: No.\nQ: Why not?\nA: Because.", &["Q: Will you go?", "A: No.", "Q: Why not?", "A: Because."]),
        ("Q    Sure.  The one person was Trump.", &["Q    Sure.", "The one person was Trump."]),
        (
            "PRESIDENT XI: (As interpreted.) Mr. President, it’s good to see you.",
            &["PRESIDENT XI: (As interpreted.)", "Mr. President, it’s good to see you."],
        ),
        // Furniture is left out of the sentence list.
        ("Share\nRegister now\nLeave a comment\nChina protested.\nRelated News\nRead more", &["China protested."]),
        ("By John Smith\nMarch 3, 2024\n\nChina protested.", &["China protested."]),
        ("---\ntitle: x\ndate: '2024-03-03'\n---\nBody text.", &["Body text."]),
        ("Home | World | Business\nChina protested.", &["China protested."]),
        ("Text one.\n\n* * *\n\nText two.", &["Text one.", "Text two."]),
        (
            "China protested.\nRelated:\nChina opposes Japan's white paper\n- [PLA patrols near Taiwan](https://a.cn/1.html)\nThe talks went on.",
            &["China protested.", "The talks went on."],
        ),
        ("More from the Post:\nJapan scrambles jets\n\nIt rained.", &["It rained."]),
        (
            "Officials said the plan was\nrecommended\nfor further review by both governments.",
            &["Officials said the plan was\nrecommended\nfor further review by both governments."],
        ),
        ("We want\nmore from our allies in Asia.", &["We want\nmore from our allies in Asia."]),
        ("https://www.whitehouse.gov/briefing-room/\nBody.", &["Body."]),
        ("The talks ended.\n2024\nNext.", &["The talks ended.", "Next."]),
        ("Leaders will meet on\nJuly 19, 2025.\nThey agreed.", &["Leaders will meet on\nJuly 19, 2025.", "They agreed."]),
        ("He admired Sun Yat-sen. He left. Non-U.S. The end.", &["He admired Sun Yat-sen.", "He left.", "Non-U.S.", "The end."]),
        ("“... The core is peace.”", &["“... The core is peace.”"]),
        ("“Why me?” And I said, “No.”", &["“Why me?”", "And I said, “No.”"]),
        // Line ends.
        ("One line.\r\nTwo line.\r\n\r\nThree.", &["One line.", "Two line.", "Three."]),
        ("Title\r\rBody text.", &["Title", "Body text."]),
        ("\u{feff}Hello there.", &["Hello there."]),
    ];

    #[test]
    fn table_of_cases() {
        assert!(CASES.len() >= 40);
        for (input, expected) in CASES {
            assert_eq!(sentences(input), *expected, "input: {input:?}");
        }
    }

    /// Lines that must each come out as exactly one furniture span.
    const FURNITURE: &[&str] = &[
        "Share",
        "Register now",
        "Leave a comment",
        "Related News",
        "Related Articles",
        "Read more",
        "Sign up for our newsletter",
        "Advertisement",
        "Advertisement · Scroll to continue",
        "Home > China > Diplomacy",
        "[Home](https://a.com) > [News](https://a.com/news)",
        "[Facebook](https://f.com/x) [X](https://x.com/x)",
        "**By J. Michael Cole and Yuki Tatsumi**",
        "Published: 8:00pm, 4 Dec 2026 | Updated: 9:43pm, 4 Dec 2026",
        "6 minute read",
        "Updated 2 hours ago",
        "Enditem",
        "Staff Writers",
        "PHOTO GALLERY (CLICK TO ENLARGE)",
        "Report this ad",
        "ERI SUGIURA and RYO NAKAMURA, Nikkei staff writers",
        "Jesse Johnson, Staff Writer",
        "By: Frances Mangosing - Reporter / @FMangosingINQ",
        "Moritsugu reported from Beijing. AP writer Didi Tang in Washington contributed to this report.",
        "Source: Xinhua",
        "[Editor: Zhang Zhouxiang]",
        "Purchase Licensing Rights",
        "X",
        "Subscribe",
        "Follow us on Twitter",
        "Click here to read the full statement.",
        "Print",
        "Email",
        "Copyright 2024 Reuters. All rights reserved.",
        "All rights reserved",
        "© 2024 The Japan Times",
        "Photo: Reuters",
        "Image: Xinhua/Li Xin",
        "**Related Articles**",
        "- Share",
        "By John Smith",
        "By JOHN SMITH and JANE DOE, Reuters",
        "March 3, 2024",
        "2024-03-03",
        "Updated 10:45 a.m. ET, Tue March 5, 2024",
        "10:44 A.M. SST",
        "5:41 P.M. WITA",
        "12:30",
        "42",
        "06-53317 22",
        "https://www.fmprc.gov.cn/mfa_eng/",
        "<https://example.com/a>",
        "![Xi and Biden](photo.jpg)",
        "---",
        "***",
        "___",
        "<!-- -->",
        "Home | World | Business",
        "News • Politics • Asia",
        "END",
        "\\###",
    ];

    /// Lines that look a little like furniture but are text.
    const NOT_FURNITURE: &[&str] = &[
        "Share prices fell on Monday.",
        "By the way, the talks failed.",
        "The summit ended on March 3, 2024.",
        "Print media reported the visit.",
        "Japan",
        "Bali, Indonesia",
        "Q: Why?",
        "We oppose it | they said so",
        "12 ships entered the waters.",
    ];

    #[test]
    fn furniture_flags() {
        for line in FURNITURE {
            let got = Splitter::default().split(line);
            assert_eq!(got.len(), 1, "{line:?}: {got:?}");
            assert!(
                got.iter().all(|s| s.furniture),
                "{line:?} should be furniture"
            );
        }
        for line in NOT_FURNITURE {
            let got = Splitter::default().split(line);
            assert!(
                !got.is_empty() && got.iter().all(|s| !s.furniture),
                "{line:?}: {got:?}"
            );
        }
    }

    #[test]
    fn furniture_keeps_document_order() {
        let text =
            "---\na: 1\n---\n \nShare\nBy John Smith\nChina protested. Japan too.\nRelated News\n";
        let got = Splitter::default().split(text);
        let flags: Vec<bool> = got.iter().map(|s| s.furniture).collect();
        assert_eq!(flags, [true, true, true, false, false, true]);
        assert_eq!(&text[got[0].start..got[0].end], "---\na: 1\n---");
    }

    #[test]
    fn split_into_appends() {
        let mut splitter = Splitter::new();
        let mut out = vec![Sentence {
            start: 0,
            end: 1,
            furniture: false,
        }];
        splitter.split_into("One. Two.", &mut out);
        splitter.split_into("Three.", &mut out);
        assert_eq!(out.len(), 4);
        assert_eq!(
            out[3],
            Sentence {
                start: 0,
                end: 6,
                furniture: false
            }
        );
    }

    /// Every span non-empty, in bounds, on char boundaries, trimmed, in
    /// order and not overlapping.
    fn check_invariants(text: &str) {
        let spans = Splitter::default().split(text);
        let mut last_end = 0;
        for s in &spans {
            assert!(s.start < s.end && s.end <= text.len(), "{text:?}: {s:?}");
            assert!(
                s.start >= last_end,
                "{text:?}: overlap or disorder at {s:?}"
            );
            let Some(body) = text.get(s.start..s.end) else {
                panic!("{text:?}: {s:?} not on char boundaries");
            };
            assert_eq!(
                body,
                body.trim_matches(is_space),
                "{text:?}: untrimmed {s:?}"
            );
            last_end = s.end;
        }
    }

    #[test]
    fn spans_are_well_formed_on_tricky_inputs() {
        let dots = ".".repeat(5000);
        let dot_words = "a. ".repeat(2000);
        let many_lines = "Line without stop\n".repeat(500);
        let tricky: &[&str] = &[
            "",
            " ",
            "\n\n\t \r\n",
            "...",
            "?!.",
            ".!?…”’)",
            "\"",
            "“",
            "'",
            "”",
            "«»",
            "— –",
            "😀",
            "😀. 😀! 🇯🇵 Flags. Done.",
            "中美关系。日本外务省表示反对。",
            "日本. 中国! 台湾?",
            "\"We oppose it",
            "“Unclosed quote. And more",
            "He said \"yes. No.",
            "a.m. p.m. U.S. J.",
            "\r",
            "\r\r\r",
            "One.\rTwo.\r\nThree.\n\rFour.",
            "---",
            "---\n",
            "---\nunclosed: front matter\n",
            "#",
            "# ",
            "-",
            "- ",
            "1.",
            "1. ",
            "> ",
            ">",
            "|",
            "Q",
            "Q:",
            "Q  ",
            "By",
            "\u{feff}",
            "\u{feff} \u{200b}",
            "U.S.",
            "Mr.",
            "No.",
            "Jan.",
            "... ... ...",
            ". . .",
            "…",
            "……",
            "Hi…",
            "é. É. ü! Ü?",
            "\u{a0}Text.\u{a0}",
            "a\u{2028}b. C\u{2029}d.",
            "**",
            "** **",
            "*Italic.* Next.",
            "(Laughter.) (Applause.)",
            "A.\n\nB.\n\n\n\nC.",
            "  indented line.\n  another.",
            "Text  \n",
            "Text\\\nMore",
            "|a|b|\n|---|---|",
            &dots,
            &dot_words,
            &many_lines,
        ];
        for text in tricky {
            check_invariants(text);
        }
    }

    proptest::proptest! {
        #[test]
        fn spans_are_well_formed_on_random_text(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "The", " ", "U.S.", ".", "!", "?", "…", "...", "\"", "“", "”", "’", "‘", "\n", "\n\n", "\r",
                "\r\n", "  \n", "- ", "# ", "> ", "1. ", "Q: ", "Mr.", "J.", "a", "x", "日本", "😀", "é", "(",
                ")", "*", "|", "---", "By ", "Share", "2024", ":", "\u{feff}", "\u{a0}", "\t",
            ]), 0..60)
        ) {
            check_invariants(&parts.concat());
        }
    }

    /// Collapses whitespace runs so hard-wrapped spans compare with one-line
    /// gold; a word hyphenated at a line end ("re-\nstarted") is rejoined.
    fn squash(s: &str) -> String {
        let mut out = String::new();
        for word in s.split_whitespace() {
            let hyphenated = out.ends_with('-') && !out.ends_with(" -");
            if !out.is_empty() && !hyphenated {
                out.push(' ');
            }
            out.push_str(word);
        }
        out
    }

    /// Share of gold sentences (one per line) produced exactly.
    fn gold_score(text: &str, gold: &str) -> (usize, usize, Vec<String>) {
        let mut produced: Vec<String> = sentences(text).into_iter().map(squash).collect();
        let mut hits = 0;
        let mut missed = Vec::new();
        let lines: Vec<&str> = gold.lines().filter(|l| !l.trim().is_empty()).collect();
        for line in &lines {
            let want = squash(line);
            match produced.iter().position(|p| *p == want) {
                Some(i) => {
                    produced.swap_remove(i);
                    hits += 1;
                }
                None => missed.push(want),
            }
        }
        (hits, lines.len(), missed)
    }

    #[test]
    fn gold_documents() {
        let docs = [
            (
                "whitehouse_gaggle",
                include_str!("../../tests/fixtures/segment/whitehouse_gaggle.txt"),
                include_str!("../../tests/fixtures/segment/whitehouse_gaggle.gold"),
            ),
            (
                "whitehouse_factsheet",
                include_str!("../../tests/fixtures/segment/whitehouse_factsheet.txt"),
                include_str!("../../tests/fixtures/segment/whitehouse_factsheet.gold"),
            ),
            (
                "ungd_chn_2006",
                include_str!("../../tests/fixtures/segment/ungd_chn_2006.txt"),
                include_str!("../../tests/fixtures/segment/ungd_chn_2006.gold"),
            ),
            (
                "mfa_presscon",
                include_str!("../../tests/fixtures/segment/mfa_presscon.txt"),
                include_str!("../../tests/fixtures/segment/mfa_presscon.gold"),
            ),
        ];
        for (name, text, gold) in docs {
            let (hits, total, missed) = gold_score(text, gold);
            let produced = sentences(text).len();
            eprintln!("gold {name}: {hits}/{total} exact, {produced} sentences produced");
            assert!(total >= 25, "{name}: gold too small ({total})");
            assert!(
                hits * 100 >= total * 95,
                "{name}: {hits}/{total} gold sentences produced exactly ({produced} produced); missed: {missed:#?}"
            );
        }
    }
}
