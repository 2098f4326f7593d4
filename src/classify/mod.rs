//! From pasted text to a classification: which known signature it shows, the codes and
//! HTTP status in it, and the facts (names) it holds.
//!
//! Every code, status and message pattern comes from the playbook's signatures; this
//! module only knows how to look for them.
//!
//! A paste is read in a fixed number of passes, whatever the size of the playbook: the
//! JSON documents in it, one search for every code, one search for every pattern's
//! literals (`literals.rs`). A pattern's regex is compiled and run only on the lines
//! that hold one of its literals, so patterns match within a line, like grep.

mod decode;
pub mod eval;
mod fallback;
mod json;
mod literals;
mod loose;
mod normalise;
mod redact;
mod regex;
mod secrets;
mod spelling;

use literals::{LiteralSearch, scan_parts};
pub use redact::{
    MASK, Redacted, RedactedTwice, redact, redact_borrowed, redact_owned, redact_owned_with_emails,
    redact_tail, redact_twice, redact_with_emails,
};
pub use regex::{compile_for_lines, compile_pattern, pattern_problems};

use memchr::memmem::Finder;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use serde::{Deserialize, Serialize};

use self::regex::LazyRegex;
use crate::answer::{Answer, AnswerSource};
use crate::content::{Pattern, Playbook, Signature};

/// What the classifier made of a pasted error. Serialises as the contract's
/// `classification` object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    pub category: String,
    pub codes: Vec<String>,
    pub status: Option<u16>,
    pub confidence: f64,
    /// What matched, in words for the people reading a report.
    pub evidence: Vec<String>,
    /// Per evidence line, the id of the signature that made it ("" for a line no
    /// signature made): how a playbook keeper traces a match (`content eval`, JSON's
    /// `signatures`). Kept apart so ids never reach a report read aloud.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub traces: Vec<String>,
    pub facts: BTreeMap<String, String>,
    /// The best-matching signature's id, if any matched.
    pub signature: Option<String>,
    /// The next-best signature with a different category, when one matched too.
    pub runner_up: Option<RunnerUp>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunnerUp {
    pub signature: String,
    pub category: String,
    pub confidence: f64,
}

pub const UNKNOWN_CATEGORY: &str = "unknown";

/// What an HTTP status alone makes us sure of. A category recognised at this confidence
/// or less is tentative: the same status or general word is just as common in other
/// products' errors, so the report names "not recognised" as the alternative.
pub const TENTATIVE_CONFIDENCE: f64 = 0.5;

/// Signatures of this specificity or less are as telling as an HTTP status at most.
const GENERIC_SPECIFICITY: u8 = 50;

/// How a signature was found, from most to least telling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum HowFound {
    Status,
    /// A code written nearly right (`spelling.rs`).
    CodeSpeltNearly,
    Pattern,
    CodeInText,
    CodeInField,
}

impl HowFound {
    fn bonus(self) -> u32 {
        match self {
            HowFound::Status => 0,
            HowFound::CodeSpeltNearly => 1,
            HowFound::Pattern => 2,
            HowFound::CodeInText => 4,
            HowFound::CodeInField => 6,
        }
    }

    fn confidence(self) -> f64 {
        match self {
            HowFound::CodeInField => 0.95,
            HowFound::CodeInText => 0.85,
            HowFound::Pattern => 0.75,
            // Surer than a status, less than the words of a message: a slip may make
            // another code than the one meant.
            HowFound::CodeSpeltNearly => 0.6,
            HowFound::Status => TENTATIVE_CONFIDENCE,
        }
    }
}

/// Keep the best hit per signature.
fn add<'a>(hits: &mut Vec<Hit<'a>>, hit: Hit<'a>) {
    match hits.iter_mut().find(|h| h.signature.id == hit.signature.id) {
        Some(existing) if existing.score >= hit.score => {}
        Some(existing) => *existing = hit,
        None => hits.push(hit),
    }
}

/// A known code found in the paste: listed once among the codes, and counted for its
/// signature.
fn add_code<'a>(
    hits: &mut Vec<Hit<'a>>,
    codes: &mut Vec<String>,
    (signature, spelling): (&'a Signature, &str),
    how: HowFound,
    evidence: String,
) {
    if !codes.iter().any(|c| c.eq_ignore_ascii_case(spelling)) {
        codes.push(spelling.to_string());
    }
    add(
        hits,
        Hit {
            signature,
            how,
            score: u32::from(signature.specificity) * 10 + how.bonus(),
            evidence,
        },
    );
}

struct Hit<'a> {
    signature: &'a Signature,
    how: HowFound,
    score: u32,
    evidence: String,
}

fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(80).collect();
    if text.chars().count() > 80 {
        short.push('…');
    }
    short.replace(['\n', '\r'], " ")
}

/// `literal` from the start of its longest word on (when that word has four letters or
/// more). Any part of a literal is required too, and it is what the searcher looks for:
/// it tells candidates apart by their first bytes, and a literal that starts "the " or
/// "in a" makes it check a candidate at every few bytes of English, where the start of
/// a long word rarely occurs (measured on 2 MB of chat: half the search time).
fn from_longest_word(literal: &str) -> &str {
    let mut best = 0..0;
    let mut start = None;
    for (i, c) in literal.char_indices().chain([(literal.len(), ' ')]) {
        if c.is_ascii_alphanumeric() || c == '_' {
            start.get_or_insert(i);
        } else if let Some(s) = start.take()
            && i - s > best.len()
        {
            best = s..i;
        }
    }
    if best.len() >= 4 {
        &literal[best.start..]
    } else {
        literal
    }
}

/// The leftmost of `literals` (lower case) in `line` (ASCII) ignoring case, the first of
/// them where several start at once: what a regex of only those texts matches first.
#[cfg(test)]
fn first_literal<'t>(line: &'t str, literals: &[String]) -> Option<&'t str> {
    let finders: Vec<Finder> = literals.iter().map(|l| Finder::new(l.as_bytes())).collect();
    let mut lower = Vec::new();
    lower_into(&mut lower, line);
    first_in_lower(line, &finders, &lower)
}

/// `line` in ASCII lower case, into `lower` (slices zipped: the loop is vectorised,
/// where `extend` with `map` cost 5 instructions a byte).
fn lower_into(lower: &mut Vec<u8>, line: &str) {
    lower.resize(line.len(), 0);
    for (to, from) in lower.iter_mut().zip(line.as_bytes()) {
        *to = from.to_ascii_lowercase();
    }
}

/// `first_literal` with a searcher per literal built once (`str::find` builds one a
/// call: 1,300 instructions a line), on `line` already lower-cased into `lower`.
fn first_in_lower<'t>(line: &'t str, literals: &[Finder], lower: &[u8]) -> Option<&'t str> {
    literals
        .iter()
        .filter_map(|l| Some((l.find(lower)?, l.needle().len())))
        .min_by_key(|&(start, _)| start)
        .map(|(start, len)| &line[start..start + len])
}

/// Record a status name (`name`, counted from `status_base` among `literals`) found
/// at `start` in `text` when it is the first found so far as a whole word (the longest
/// of those starting there first).
fn first_status_name(
    literals: &LiteralSearch,
    status_base: usize,
    first: &mut Option<(usize, usize)>,
    text: &str,
    name: usize,
    start: usize,
) {
    let len = |n: usize| literals.literal_len(status_base + n);
    let end = start + len(name);
    let whole = text[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
        && text
            .get(end..)
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()));
    if whole && first.is_none_or(|(s, n)| start < s || (start == s && end > s + len(n))) {
        *first = Some((start, name));
    }
}

/// The line of `text` around byte `at`, without its line break.
fn line_around(text: &[u8], at: usize) -> Range<usize> {
    let start = memchr::memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |i| at + i);
    start..end
}

/// The `signature` of a runner-up the fallback model named.
pub const FALLBACK_SIGNATURE: &str = "fallback-model";

/// The confidence of a signature named as the runner-up when context ruled it out.
const DEMOTED_CONFIDENCE: f64 = 0.2;

/// Pastes up to this long are always read in their plain form too (see
/// `Classifier::classify`).
const NORMALISE_MAX: usize = 512 * 1024;

/// Classify `text` against the playbook's signatures.
pub fn classify(playbook: &Playbook, text: &str) -> Classification {
    Classifier::new(playbook).classify(text)
}

/// The plain form of `text` that the classifier reads besides the text itself: wraps
/// joined, quote prefixes, indentation, markup, entities and escapes undone (see
/// `normalise.rs`).
pub fn plain_form(text: &str) -> String {
    normalise::normalise(text).text
}

/// Pull every fact the playbook knows how to find out of `text`.
pub fn extract_facts(playbook: &Playbook, text: &str) -> BTreeMap<String, String> {
    let classifier = Classifier::new(playbook);
    let mut found = Occurrences::new(classifier.patterns.len());
    classifier.scan_segment(&mut found, 0, text, None);
    classifier.facts(&[text], &found)
}

/// A line of one of the texts searched: the paste (segment 0), or a message decoded
/// from it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    segment: usize,
    range: Range<usize>,
}

/// What one part of a scan found (see `literals::scan_parts`).
#[derive(Default)]
struct ScanPart {
    codes: Vec<usize>,
    /// The lines that hold a literal, in order (each once).
    lines: Vec<Range<usize>>,
    /// For each pattern literal, the lines (indices in `lines`) that hold it, each
    /// once. Made when the first literal is found. An index per literal and line, not
    /// per pattern: a common word (`flow`) is the literal of twenty patterns, and
    /// pushing each of its lines to each of them was most of the scan's bookkeeping;
    /// and not a pair of literal and line per occurrence: 2 MB of chat holds 65,000
    /// occurrences, and those pairs cost 1,400 page faults.
    literal_lines: Vec<Vec<usize>>,
    markers: loose::Markers,
    /// The first status name found as a whole word: its start and index.
    status: Option<(usize, usize)>,
}

/// Where a pattern matched: the segment, and the range in it.
type Found = (usize, Range<usize>);

/// What the scan of a paste found.
struct Occurrences {
    /// Codes written as whole words, in order.
    codes: Vec<usize>,
    /// Every line that holds a literal, each once.
    table: Vec<Line>,
    /// For each pattern, the lines (indices in `table`) that hold one of its literals,
    /// in order.
    lines: Vec<Vec<usize>>,
    /// The first match of each signature pattern found with others sharing its lines
    /// (`Classifier::first_matches_together`).
    /// Made when first needed: most pastes have no pattern with many lines.
    first: std::cell::OnceCell<Vec<std::cell::OnceCell<Option<Found>>>>,
}

impl Occurrences {
    fn new(patterns: usize) -> Occurrences {
        Occurrences {
            codes: Vec::new(),
            table: Vec::new(),
            lines: vec![Vec::new(); patterns],
            first: std::cell::OnceCell::new(),
        }
    }

    /// The lines that hold one of pattern `p`'s literals, in order.
    fn of(&self, p: usize) -> impl Iterator<Item = &Line> {
        self.lines[p].iter().map(|&i| &self.table[i])
    }

    /// Pattern `p`'s first match, if found with others sharing its lines.
    fn first_found(&self, p: usize) -> Option<&Option<Found>> {
        self.first.get()?[p].get()
    }
}

/// Which contexts a paste shows, found out on demand (see
/// `Classifier::contexts_present`).
struct ContextsPresent<'s, 'p> {
    classifier: &'s Classifier<'p>,
    segments: &'s [&'s str],
    lines: &'s Occurrences,
    known: Vec<std::cell::OnceCell<bool>>,
}

impl ContextsPresent<'_, '_> {
    /// Whether the paste shows context `c` (by index).
    fn shown(&self, c: usize) -> bool {
        *self.known[c].get_or_init(|| self.classifier.context_shown(c, self.segments, self.lines))
    }

    /// Whether the paste shows a context with this id.
    fn shown_id(&self, id: &str) -> bool {
        let contexts = &self.classifier.playbook.contexts;
        (0..contexts.len()).any(|c| contexts[c].id == id && self.shown(c))
    }

    /// What context `c` (by index) does here to the signatures it demotes: nothing when
    /// it does not show or a context of its `unless` does; it rules them out; or a
    /// context of its `softened_by` shows and they count, tentatively.
    fn demotion(&self, c: usize) -> Demotion<'_> {
        let context = &self.classifier.playbook.contexts[c];
        if !self.shown(c) || context.unless.iter().any(|u| self.shown_id(u)) {
            return Demotion::None;
        }
        let contexts = &self.classifier.playbook.contexts;
        context
            .softened_by
            .iter()
            .find(|u| self.shown_id(u))
            .and_then(|u| contexts.iter().find(|k| &k.id == u))
            .map_or(Demotion::RulesOut, Demotion::SoftenedBy)
    }
}

/// Why the best signature counts only tentatively (`Classifier::doubted_by`).
enum Doubt {
    /// A context that would rule it out shows, and so does one that softens that:
    /// their titles.
    Both { against: String, for_it: String },
    /// Contexts confirm it and none shows: their titles, quoted and joined.
    Unconfirmed(String),
}

/// What a shown context does to the signatures it demotes (`ContextsPresent::demotion`).
enum Demotion<'p> {
    None,
    RulesOut,
    SoftenedBy(&'p crate::content::Context),
}

/// What the classifier prepares from a playbook before reading a paste: the searches
/// for codes and literals, and a place for each pattern's regex. Cheap to make (tens of
/// microseconds for the embedded playbook); keep one to classify many pastes.
pub struct Classifier<'p> {
    playbook: &'p Playbook,
    /// For each code in `codes`: its signature and its spelling in the playbook.
    code_owners: Vec<(&'p Signature, &'p str)>,
    /// Lower-case code -> its index in `code_owners`, for codes read from fields.
    code_index: HashMap<String, usize>,
    /// Every pattern of every signature, then of every fact.
    patterns: Vec<&'p Pattern>,
    regexes: Vec<LazyRegex<'p>>,
    /// Every literal of every pattern (each once).
    literals: LiteralSearch,
    /// For each literal: the patterns that need it.
    literal_users: Vec<Vec<usize>>,
    /// For each pattern, whether it has more than one literal (its lines, gathered
    /// literal by literal, are then sorted).
    several_literals: Vec<bool>,
    /// Patterns with a `k` or an `s` in a literal (see `scan_segment`).
    folding: Vec<usize>,
    /// For each signature pattern of one literal, the signature patterns with only that
    /// literal (and so the same candidate lines), itself included, when there are
    /// several; empty otherwise. Found the first time a pattern has many lines (0.7 M instructions: a
    /// typical error never needs it).
    same_literals: std::sync::OnceLock<Vec<Vec<usize>>>,
    /// Every name of a status (lower case) is searched with the literals, from this
    /// index on: a scan for them alone cost a third pass over a long paste.
    status_base: usize,
    /// The status of each name.
    status_of_name: Vec<u16>,
    /// Every code and alias (lower case) is searched with the literals too, from this
    /// index on (its own search cost a pass of its own over a long paste).
    code_base: usize,
    /// The loose finders' markers (`loose::MARKERS`) too, from this index on.
    marker_base: usize,
    /// The index in `patterns` of the first context pattern.
    context_patterns: usize,
    /// The fallback model, decoded (the embedded content's, trained by the build) or
    /// trained the first time a paste matches no signature.
    fallback: std::sync::OnceLock<Option<fallback::Model>>,
    use_fallback: bool,
    /// The codes (`code_owners`' order) for reading codes written nearly right, built
    /// the first time a paste holds no code written right.
    near_codes: std::sync::OnceLock<spelling::NearCodes>,
}

impl std::fmt::Debug for Classifier<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Classifier")
            .field("codes", &self.code_owners.len())
            .field("patterns", &self.patterns.len())
            .field("literals", &self.literals.len())
            .finish()
    }
}

/// The forms of a status name the scan looks for. The scan folds ASCII letters only
/// (for speed), so a name with a letter outside ASCII is also looked for in lower case
/// and with a capital first letter: "Çok fazla istek" as written at a sentence's start
/// and "çok fazla istek" inside one.
fn name_forms(name: &str) -> Vec<String> {
    let mut forms = vec![name.to_ascii_lowercase()];
    if !name.is_ascii() {
        let lower = name.to_lowercase();
        let mut chars = lower.chars();
        let capital: String = chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        for form in [lower, capital.to_ascii_lowercase()] {
            if !forms.contains(&form) {
                forms.push(form);
            }
        }
    }
    forms
}

impl<'p> Classifier<'p> {
    pub fn new(playbook: &'p Playbook) -> Classifier<'p> {
        let mut code_owners = Vec::new();
        let mut code_index = HashMap::new();
        for sig in playbook.code_signatures() {
            for name in sig.code_names() {
                let lower = name.to_ascii_lowercase();
                if !lower.is_empty() && !code_index.contains_key(&lower) {
                    code_index.insert(lower, code_owners.len());
                    code_owners.push((sig, name));
                }
            }
        }
        let codes: Vec<String> = code_owners
            .iter()
            .map(|(_, name)| name.to_ascii_lowercase())
            .collect();
        let patterns: Vec<&Pattern> = playbook.patterns().collect();
        let mut literal_ids: HashMap<&str, usize> = HashMap::new();
        let mut literal_users: Vec<Vec<usize>> = Vec::new();
        let mut literal_texts: Vec<&str> = Vec::new();
        for (id, pattern) in patterns.iter().enumerate() {
            for literal in pattern.literals().iter().map(|l| from_longest_word(l)) {
                let index = *literal_ids.entry(literal).or_insert_with(|| {
                    literal_texts.push(literal);
                    literal_users.push(Vec::new());
                    literal_texts.len() - 1
                });
                if literal_users[index].last() != Some(&id) {
                    literal_users[index].push(id);
                }
            }
        }
        let mut status_of_name = Vec::new();
        let mut names = Vec::new();
        for st in &playbook.statuses {
            for name in &st.names {
                for form in name_forms(name) {
                    names.push(form);
                    status_of_name.push(st.status);
                }
            }
        }
        let context_patterns = patterns.len()
            - playbook
                .contexts
                .iter()
                .map(|c| c.patterns.len())
                .sum::<usize>();
        let mut literal_count = vec![0usize; patterns.len()];
        for users in &literal_users {
            for &p in users {
                literal_count[p] += 1;
            }
        }
        let several_literals = literal_count.iter().map(|&n| n > 1).collect();
        let folding = (0..patterns.len())
            .filter(|&p| {
                patterns[p]
                    .literals()
                    .iter()
                    .any(|l| l.contains(['k', 's']))
            })
            .collect();
        Classifier {
            playbook,
            code_owners,
            code_index,
            regexes: patterns
                .iter()
                .map(|p| LazyRegex::new(p.as_str(), p.ascii()))
                .collect(),
            patterns,
            status_base: literal_texts.len(),
            code_base: literal_texts.len() + names.len(),
            marker_base: literal_texts.len() + names.len() + codes.len(),
            literals: LiteralSearch::new(
                literal_texts
                    .iter()
                    .map(|l| l.as_bytes())
                    .chain(names.iter().map(|n| n.as_bytes()))
                    .chain(codes.iter().map(|c| c.as_bytes()))
                    .chain(loose::MARKERS.iter().map(|m| m.as_bytes())),
            ),
            several_literals,
            literal_users,
            folding,
            same_literals: std::sync::OnceLock::new(),
            status_of_name,
            context_patterns,
            fallback: std::sync::OnceLock::new(),
            use_fallback: true,
            near_codes: std::sync::OnceLock::new(),
        }
    }

    fn near_codes(&self) -> &spelling::NearCodes {
        self.near_codes.get_or_init(|| {
            let mut categories: Vec<&str> = Vec::new();
            spelling::NearCodes::new(self.code_owners.iter().map(|(sig, name)| {
                let group = categories
                    .iter()
                    .position(|c| *c == sig.category)
                    .unwrap_or_else(|| {
                        categories.push(&sig.category);
                        categories.len() - 1
                    });
                (*name, group)
            }))
        })
    }

    /// The same classifier without the fallback model: signatures alone.
    pub fn without_fallback(mut self) -> Classifier<'p> {
        self.use_fallback = false;
        self
    }

    /// What the fallback model alone makes of `text`, as if no signature had matched
    /// and whatever the paste shows (`content eval --fallback-only`).
    pub fn fallback_alone(&self, text: &str) -> Option<fallback::Prediction> {
        self.fallback(text, None)
    }

    /// What the fallback model makes of a paste no signature matched.
    fn fallback(
        &self,
        text: &str,
        plain: Option<&normalise::Normalised>,
    ) -> Option<fallback::Prediction> {
        if !self.use_fallback || self.playbook.examples.is_empty() {
            return None;
        }
        let model = self
            .fallback
            .get_or_init(|| fallback::model_for(self.playbook))
            .as_ref()?;
        match plain {
            Some(plain) => model.predict(&plain.text),
            None => {
                let mut end = text.len().min(64 * 1024);
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                model.predict(&normalise::normalise(&text[..end]).text)
            }
        }
    }

    /// How sure a hit makes us: by how it was found, but a signature no more specific
    /// than a status word (a status spelled as a code, prose, a policy named in passing)
    /// is worth no more than the status itself: `Forbidden` says what `403` says.
    fn hit_confidence(hit: &Hit<'_>) -> f64 {
        let found = hit.how.confidence();
        if hit.signature.specificity <= GENERIC_SPECIFICITY {
            found.min(HowFound::Status.confidence())
        } else {
            found
        }
    }

    /// The first status named in words in `text` (`Bad Gateway`, `GatewayTimeout`), as
    /// whole words, and the name as written: from the first whole-word name the scan of
    /// `text` found (`scan_segment`).
    fn status_in_words<'t>(
        &self,
        text: &'t str,
        first: Option<(usize, usize)>,
    ) -> Option<(u16, &'t str)> {
        let (start, name) = first?;
        let end = start + self.literals.literal_len(self.status_base + name);
        Some((self.status_of_name[name], &text[start..end]))
    }

    /// Which contexts the paste shows, each found out the first time it is asked: a
    /// context's patterns are tried only when a signature that matched (or the
    /// fallback) depends on it, as most of them run on many lines of a long paste.
    fn contexts_present<'s>(
        &'s self,
        segments: &'s [&'s str],
        lines: &'s Occurrences,
    ) -> ContextsPresent<'s, 'p> {
        ContextsPresent {
            classifier: self,
            segments,
            lines,
            known: vec![std::cell::OnceCell::new(); self.playbook.contexts.len()],
        }
    }

    /// Whether the paste shows context `c` (by index).
    fn context_shown(&self, c: usize, segments: &[&str], lines: &Occurrences) -> bool {
        let first = self.context_patterns
            + self.playbook.contexts[..c]
                .iter()
                .map(|c| c.patterns.len())
                .sum::<usize>();
        (first..first + self.playbook.contexts[c].patterns.len())
            .any(|p| self.first_match(p, segments, lines).is_some())
    }

    /// Whether the paste shows the context the fallback model needs: one of the
    /// contexts that allow it (when content marks any), and none that rules every
    /// signature out (another product's error).
    fn fallback_allowed(&self, segments: &[&str], lines: &Occurrences) -> bool {
        let contexts = &self.playbook.contexts;
        if contexts.is_empty() {
            return true;
        }
        let present = self.contexts_present(segments, lines);
        let ruled_out = contexts.iter().enumerate().any(|(i, c)| {
            c.demotes.iter().any(|d| d == "*") && matches!(present.demotion(i), Demotion::RulesOut)
        });
        let gated = contexts.iter().any(|c| c.allows_fallback);
        let allowed = contexts
            .iter()
            .enumerate()
            .any(|(i, c)| c.allows_fallback && present.shown(i));
        !ruled_out && (!gated || allowed)
    }

    /// Why signature `id` does not count in a paste with the contexts `present`, if it
    /// does not.
    fn demoted_by(&self, id: &str, present: &ContextsPresent) -> Option<String> {
        let contexts = &self.playbook.contexts;
        let requiring: Vec<&crate::content::Context> = contexts
            .iter()
            .filter(|c| c.required_by.iter().any(|r| r == id))
            .collect();
        if !requiring.is_empty() && !requiring.iter().any(|c| present.shown_id(&c.id)) {
            return Some(format!("needs {}", requiring[0].title.to_lowercase()));
        }
        contexts
            .iter()
            .enumerate()
            .find(|(i, c)| {
                c.demotes_signature(id) && matches!(present.demotion(*i), Demotion::RulesOut)
            })
            .map(|(_, c)| c.title.clone())
    }

    /// Why signature `id` counts only tentatively in a paste with the contexts
    /// `present`, if it does: a context that would rule it out shows, and so does one
    /// that softens that (another product named, and Power Automate too), so either
    /// may be where the error comes from; or contexts confirm it and none of them shows
    /// (words other products share, with nothing to say they are a flow's here).
    fn doubted_by(&self, id: &str, present: &ContextsPresent) -> Option<Doubt> {
        let contexts = &self.playbook.contexts;
        let softened = contexts
            .iter()
            .enumerate()
            .filter(|(_, c)| c.demotes_signature(id))
            .find_map(|(i, c)| match present.demotion(i) {
                Demotion::SoftenedBy(by) => Some(Doubt::Both {
                    against: c.title.clone(),
                    for_it: by.title.clone(),
                }),
                Demotion::None | Demotion::RulesOut => None,
            });
        if softened.is_some() {
            return softened;
        }
        let confirming: Vec<usize> = (0..contexts.len())
            .filter(|&i| contexts[i].confirms.iter().any(|c| c == id))
            .collect();
        if confirming.is_empty() || confirming.iter().any(|&i| present.shown(i)) {
            return None;
        }
        Some(Doubt::Unconfirmed(
            confirming
                .iter()
                .map(|&i| format!("\"{}\"", contexts[i].title))
                .collect::<Vec<_>>()
                .join(" or "),
        ))
    }

    fn signature_for_code(&self, code: &str) -> Option<&'p Signature> {
        let lower = code.trim().to_ascii_lowercase();
        self.code_index.get(&lower).map(|&i| self.code_owners[i].0)
    }

    /// Scan one text for codes and literals (and, for the paste itself and its plain
    /// form, the loose finders' markers and the names of statuses) in one pass, and
    /// record what was found. Returns the first status name found as a whole word (its
    /// start, and its index among the names), for texts scanned with markers.
    fn scan_segment(
        &self,
        found: &mut Occurrences,
        segment: usize,
        text: &str,
        markers: Option<&mut loose::Markers>,
    ) -> Option<(usize, usize)> {
        let statuses = markers.is_some();
        let status_base = self.status_base;
        let literals = &self.literals;
        let bytes = text.as_bytes();
        let code_base = self.code_base;
        let marker_base = self.marker_base;
        let code_owners = &self.code_owners;
        let patterns = self.patterns.len();
        let literal_users = &self.literal_users;
        let parts = scan_parts(
            bytes,
            &[&self.literals],
            |part: &mut ScanPart, _, literal, start| {
                if literal >= marker_base {
                    if statuses {
                        part.markers.add(bytes, literal - marker_base, start);
                    }
                } else if literal >= code_base {
                    let code = literal - code_base;
                    let end = start + code_owners[code].1.len();
                    let whole_word = (start == 0 || !secrets::is_word(bytes[start - 1]))
                        && (end == bytes.len() || !secrets::is_word(bytes[end]));
                    if whole_word {
                        part.codes.push(code);
                    }
                } else if literal >= status_base {
                    if statuses {
                        first_status_name(
                            literals,
                            status_base,
                            &mut part.status,
                            text,
                            literal - status_base,
                            start,
                        );
                    }
                } else {
                    if !part
                        .lines
                        .last()
                        .is_some_and(|l| l.start <= start && start < l.end)
                    {
                        part.lines.push(line_around(bytes, start));
                    }
                    let line = part.lines.len() - 1;
                    if part.literal_lines.is_empty() {
                        part.literal_lines = vec![Vec::new(); status_base];
                    }
                    let lines = &mut part.literal_lines[literal];
                    if lines.last() != Some(&line) {
                        lines.push(line);
                    }
                }
            },
        );
        let mut markers = markers;
        let mut status: Option<(usize, usize)> = None;
        // Where this text's lines start for each pattern with several literals.
        let several: Vec<(usize, usize)> = (0..patterns)
            .filter(|&p| self.several_literals[p])
            .map(|p| (p, found.lines[p].len()))
            .collect();
        for part in parts {
            found.codes.extend(part.codes);
            // The parts come in text order: the first part's name comes first.
            if status.is_none() {
                status = part.status;
            }
            // Where each of the part's lines is in the table: a line the middle of the
            // text cuts is in both halves' parts, and in the table once.
            let mut index = Vec::with_capacity(part.lines.len());
            for range in part.lines {
                let line = Line { segment, range };
                if found.table.last() != Some(&line) {
                    found.table.push(line);
                }
                index.push(found.table.len() - 1);
            }
            // Each literal's lines, renumbered, appended whole to each pattern using
            // it (pushed one at a time, 650 vectors grew by reallocating). Within a
            // part they come in order, each once; only a line the middle cut can end
            // one part and start the next. A pattern with several literals is sorted
            // below.
            for (literal, mut lines) in part.literal_lines.into_iter().enumerate() {
                if lines.is_empty() {
                    continue;
                }
                for line in &mut lines {
                    *line = index[*line];
                }
                for &pattern in &literal_users[literal] {
                    let all = &mut found.lines[pattern];
                    let repeated = usize::from(all.last() == lines.first());
                    all.extend_from_slice(&lines[repeated..]);
                }
            }
            if let Some(markers) = markers.as_deref_mut() {
                markers.extend(part.markers);
            }
        }
        for (p, start) in several {
            let lines = &mut found.lines[p];
            if lines.len() > start + 1 {
                lines[start..].sort_unstable();
                lines.dedup();
            }
        }
        if let Some(markers) = markers {
            markers.finish();
        }
        // Case folding lets `k` and `s` in a pattern match the Kelvin sign and the long
        // s; a line holding either may match a pattern whose literal has those letters.
        if !text.is_ascii() && text.contains(['\u{17F}', '\u{212A}']) {
            let mut at = 0;
            for line in text.split('\n') {
                let range = at..at + line.len();
                at = range.end + 1;
                if line.contains(['\u{17F}', '\u{212A}']) {
                    found.table.push(Line { segment, range });
                    for &p in &self.folding {
                        found.lines[p].push(found.table.len() - 1);
                    }
                }
            }
            let table = &found.table;
            for lines in &mut found.lines {
                lines.sort_by_key(|&l| (table[l].segment, table[l].range.start));
                lines.dedup_by(|a, b| table[*a] == table[*b]);
            }
        }
        status
    }

    /// Scan a reading of the paste (its plain form, or that form with words cut at a
    /// terminal's width joined) as a segment of its own, with the markers of loosely
    /// written codes and statuses. Returns the segment's index, the first status name
    /// found in it and the markers.
    fn scan_reading<'t>(
        &self,
        found: &mut Occurrences,
        segments: &mut Vec<&'t str>,
        text: &'t str,
    ) -> (usize, Option<(usize, usize)>, loose::Markers) {
        let mut markers = loose::Markers::default();
        let status = self.scan_segment(found, segments.len(), text, Some(&mut markers));
        segments.push(text);
        (segments.len() - 1, status, markers)
    }

    /// The first match of pattern `p` in its candidate lines: its segment and range.
    fn first_match(
        &self,
        p: usize,
        segments: &[&str],
        lines: &Occurrences,
    ) -> Option<(usize, Range<usize>)> {
        if let Some(known) = lines.first_found(p) {
            return known.clone();
        }
        let many = lines.lines[p].len() > regex::MANY_LINES;
        if many && !self.same_literals()[p].is_empty() {
            self.first_matches_together(p, segments, lines);
            if let Some(known) = lines.first_found(p) {
                return known.clone();
            }
        }
        self.first_match_alone(p, segments, lines)
    }

    /// `first_match` of pattern `p` on its own.
    fn first_match_alone(
        &self,
        p: usize,
        segments: &[&str],
        lines: &Occurrences,
    ) -> Option<(usize, Range<usize>)> {
        let many = lines.lines[p].len() > regex::MANY_LINES;
        let needs_lower = self.patterns[p].exact() || many;
        let mut lower = Vec::new();
        let literals = self.exact_finders(p);
        lines.of(p).find_map(|l| {
            let line = &segments[l.segment][l.range.clone()];
            let ascii = line.is_ascii();
            if ascii && needs_lower {
                lower_into(&mut lower, line);
            }
            let range = self.match_in_line(p, line, ascii, &lower, &literals, many)?;
            Some((
                l.segment,
                l.range.start + range.start..l.range.start + range.end,
            ))
        })
    }

    /// The finders of pattern `p`'s literals when the pattern is exactly them (a line
    /// holding one is a match, no regex needed); none otherwise.
    fn exact_finders(&self, p: usize) -> Vec<Finder<'p>> {
        if self.patterns[p].exact() {
            let literals = self.patterns[p].literals();
            literals.iter().map(|l| Finder::new(l.as_bytes())).collect()
        } else {
            Vec::new()
        }
    }

    /// Where pattern `p` first matches in `line` (inlined: it runs on every candidate
    /// line of a long paste): `lower` holds the line lower-cased when it is ASCII and
    /// the pattern is exact or tried on `many` lines, `literals` its `exact_finders`.
    #[inline]
    fn match_in_line(
        &self,
        p: usize,
        line: &str,
        ascii: bool,
        lower: &[u8],
        literals: &[Finder],
        many: bool,
    ) -> Option<Range<usize>> {
        if self.patterns[p].exact() && ascii {
            let m = first_in_lower(line, literals, lower)?;
            let start = m.as_ptr() as usize - line.as_ptr() as usize;
            return Some(start..start + m.len());
        }
        // On many lines (a common word for a literal), a line without a text of each
        // set the pattern needs is turned away before its regex runs.
        if many && ascii && !self.regexes[p].may_match(lower, self.patterns[p].literals()) {
            return None;
        }
        Some(self.regexes[p].for_line(line, many)?.find(line)?.range())
    }

    /// For each signature pattern, those with the same literals (`same_literals`).
    fn same_literals(&self) -> &[Vec<usize>] {
        self.same_literals.get_or_init(|| {
            let signature_patterns: usize = self
                .playbook
                .signatures
                .iter()
                .map(|s| s.patterns.len())
                .sum();
            // Patterns of one literal each, grouped by it (no map of literal sets: its
            // allocations were page faults a typical paste never needed).
            let mut same = vec![Vec::new(); self.patterns.len()];
            for users in &self.literal_users {
                let group: Vec<usize> = users
                    .iter()
                    .copied()
                    .filter(|&p| p < signature_patterns && !self.several_literals[p])
                    .collect();
                if group.len() > 1 {
                    for &p in &group {
                        same[p].clone_from(&group);
                    }
                }
            }
            same
        })
    }

    /// `first_match` of pattern `p` and of every signature pattern with the same
    /// literals (so the same lines), in one pass over those lines: each line is
    /// lower-cased once for all of them instead of once each (on the 2 MB paste the
    /// signature patterns whose literal is `flow` read 9,678 lines each). The results
    /// are kept in `lines.first`.
    fn first_matches_together(&self, p: usize, segments: &[&str], lines: &Occurrences) {
        let members: Vec<usize> = self.same_literals()[p]
            .iter()
            .copied()
            .filter(|&q| lines.first_found(q).is_none() && lines.lines[q] == lines.lines[p])
            .collect();
        let many = lines.lines[p].len() > regex::MANY_LINES;
        let finders: Vec<Vec<Finder>> = members.iter().map(|&q| self.exact_finders(q)).collect();
        let mut found: Vec<Option<Found>> = vec![None; members.len()];
        let mut open: Vec<usize> = (0..members.len()).collect();
        let mut lower = Vec::new();
        for l in lines.of(p) {
            if open.is_empty() {
                break;
            }
            let line = &segments[l.segment][l.range.clone()];
            let ascii = line.is_ascii();
            if ascii {
                lower_into(&mut lower, line);
            }
            open.retain(|&m| {
                match self.match_in_line(members[m], line, ascii, &lower, &finders[m], many) {
                    Some(range) => {
                        found[m] = Some((
                            l.segment,
                            l.range.start + range.start..l.range.start + range.end,
                        ));
                        false
                    }
                    None => true,
                }
            });
        }
        for (m, &q) in members.iter().enumerate() {
            let first = lines
                .first
                .get_or_init(|| vec![std::cell::OnceCell::new(); lines.lines.len()]);
            let _ = first[q].set(found[m].take());
        }
    }

    /// Every value (capture group 1) of pattern `p` in its candidate lines, or only the
    /// first when `all` is false.
    fn values(
        &self,
        p: usize,
        segments: &[&str],
        lines: &Occurrences,
        all: bool,
        out: &mut Vec<String>,
    ) {
        let many = lines.lines[p].len() > regex::MANY_LINES;
        let mut lower = Vec::new();
        for line in lines.of(p) {
            let line = &segments[line.segment][line.range.clone()];
            // As in `first_match`: a line without a text the pattern needs has no value.
            if many && line.is_ascii() {
                lower_into(&mut lower, line);
                if !self.regexes[p].may_match(&lower, self.patterns[p].literals()) {
                    continue;
                }
            }
            let Some(regex) = self.regexes[p].for_line(line, many) else {
                return;
            };
            for caps in regex.captures_iter(line) {
                if let Some(span) = caps.get_group(1) {
                    let value = line[span.range()].trim().to_string();
                    if !value.is_empty() && !out.contains(&value) {
                        out.push(value);
                    }
                }
                if !all && !out.is_empty() {
                    return;
                }
            }
        }
    }

    fn facts(&self, segments: &[&str], lines: &Occurrences) -> BTreeMap<String, String> {
        let mut facts = BTreeMap::new();
        let mut p = self
            .playbook
            .signatures
            .iter()
            .map(|s| s.patterns.len())
            .sum::<usize>();
        for fact in &self.playbook.facts {
            let mut values: Vec<String> = Vec::new();
            for _ in &fact.patterns {
                if fact.multiple || values.is_empty() {
                    self.values(p, segments, lines, fact.multiple, &mut values);
                }
                p += 1;
            }
            if !values.is_empty() {
                facts.insert(fact.name.clone(), values.join(", "));
            }
        }
        facts
    }

    /// Classify `text` against the playbook's signatures.
    ///
    /// The paste is read as it is and in its plain form (`normalise`: wraps joined,
    /// quotes, escapes and markup undone). A paste over `NORMALISE_MAX` is read in its
    /// plain form only when it shows nothing as it is: a long transcript costs one
    /// pass, not two, when the error in it is written plainly.
    pub fn classify(&self, text: &str) -> Classification {
        if text.len() <= NORMALISE_MAX {
            let (plain, cut) = match normalise::needed(text) {
                true => {
                    let (plain, cut) = normalise::readings(text);
                    (Some(plain), cut)
                }
                false => (None, None),
            };
            return self.classify_with(text, plain.as_ref(), cut.as_ref());
        }
        let first = self.classify_with(text, None, None);
        if first.category != UNKNOWN_CATEGORY {
            return first;
        }
        self.classify_with(text, Some(&normalise::normalise(text)), None)
    }

    /// `classify` of `text` with its plain form, and the plain form with words cut at a
    /// terminal's width joined (`normalise::readings`), when there are such.
    fn classify_with(
        &self,
        text: &str,
        plain: Option<&normalise::Normalised>,
        cut: Option<&normalise::Normalised>,
    ) -> Classification {
        // One pass over the paste for every code, every literal and the markers of
        // loosely written codes and statuses.
        let mut found = Occurrences::new(self.patterns.len());
        let mut markers = loose::Markers::default();
        let status_in_text = self.scan_segment(&mut found, 0, text, Some(&mut markers));
        let fields = json::fields(text, &markers);
        let mut plain_fields: Vec<json::Field> = Vec::new();
        // Messages decoded from JSON (escapes gone) are searched as well as the paste,
        // as lines of their own.
        let mut segments: Vec<&str> = vec![text];
        for f in &fields {
            if let json::FieldKind::Message(m, json::Verbatim::No) = &f.kind {
                self.scan_segment(&mut found, segments.len(), m, None);
                segments.push(m);
            }
        }
        // The plain form last: what the paste shows as it is comes first.
        let mut status_in_plain = None;
        let plain_segment = plain.map(|plain| {
            let (segment, status, plain_markers) =
                self.scan_reading(&mut found, &mut segments, &plain.text);
            status_in_plain = status;
            for f in json::fields(&plain.text, &plain_markers) {
                let known = match &f.kind {
                    json::FieldKind::Message(..) => true,
                    json::FieldKind::Status(_) => fields
                        .iter()
                        .any(|g| matches!(g.kind, json::FieldKind::Status(_))),
                    kind => fields.iter().any(|g| &g.kind == kind),
                };
                if !known && !plain_fields.iter().any(|g| g.kind == f.kind) {
                    plain_fields.push(f);
                }
            }
            (segment, plain)
        });
        // Words cut at a terminal's width, joined: read beside the plain form (not instead
        // of it), so that a word the joining glued to the next one (`PowerShell` ⏎
        // `script`) still counts there. Its fields are the plain form's.
        let mut status_in_cut = None;
        let mut cut_markers = None;
        let cut_segment = cut.map(|cut| {
            let (segment, status, markers) =
                self.scan_reading(&mut found, &mut segments, &cut.text);
            status_in_cut = status;
            cut_markers = Some(markers);
            (segment, cut)
        });
        // The paste's lines that a terminal cut inside a token show word edges the text
        // does not have (`...OData.Action` ⏎ `Controller`: "Action", a sign of a flow);
        // the plain form reads them whole, so contexts are not looked for in them as
        // pasted. Signatures still are: where the plain form joined an id and the next
        // line's first word (`...273ad3adc871` ⏎ `Does Not Exist`), the line as pasted
        // holds the message.
        if let Some(plain) = plain {
            let cut: Vec<bool> = found
                .table
                .iter()
                .map(|l| l.segment == 0 && plain.cut_inside_a_token(l.range.clone()))
                .collect();
            if cut.contains(&true) {
                for lines in &mut found.lines[self.context_patterns..] {
                    lines.retain(|&i| !cut[i]);
                }
            }
        }
        // A match's text as the user pasted it.
        let matched_text = |segment: usize, range: Range<usize>| -> String {
            let normalised = [plain_segment, cut_segment]
                .into_iter()
                .flatten()
                .find(|(s, _)| *s == segment);
            match normalised {
                Some((_, plain)) => {
                    let back = plain.original(range.clone());
                    match text.get(back) {
                        Some(original) => shorten(original),
                        None => shorten(&plain.text[range]),
                    }
                }
                _ => shorten(&segments[segment][range]),
            }
        };

        let mut hits: Vec<Hit> = Vec::new();
        let mut codes: Vec<String> = Vec::new();
        let mut status: Option<(u16, String)> = None;
        // Codes in error objects: the deepest (innermost) is the most specific.
        let fields: Vec<&json::Field> = fields.iter().chain(&plain_fields).collect();
        let mut field_codes: Vec<&json::Field> = fields
            .iter()
            .copied()
            .filter(|f| matches!(f.kind, json::FieldKind::Code(_)))
            .collect();
        field_codes.sort_by_key(|f| std::cmp::Reverse(f.depth));
        for field in &field_codes {
            let json::FieldKind::Code(code) = &field.kind else {
                continue;
            };
            if !codes.iter().any(|c| c.eq_ignore_ascii_case(code)) {
                codes.push(code.clone());
            }
            if let Some(sig) = self.signature_for_code(code) {
                add(
                    &mut hits,
                    Hit {
                        signature: sig,
                        how: HowFound::CodeInField,
                        score: u32::from(sig.specificity) * 10
                            + HowFound::CodeInField.bonus()
                            + field.depth.min(3) as u32,
                        evidence: format!("{} = {code}", field.path),
                    },
                );
            }
        }
        for field in &fields {
            if let json::FieldKind::Status(s) = field.kind
                && status.as_ref().is_none_or(|(_, path)| path == "text")
            {
                status = Some((s, field.path.clone()));
            }
        }
        // A status number the terminal cut (`HT` ⏎ `TP 500`, `50` ⏎ `0`), whole in the
        // joined reading.
        if status.is_none()
            && let (Some((_, cut)), Some(markers)) = (cut_segment, &cut_markers)
            && let Some(s) = loose::status(&cut.text, markers)
        {
            status = Some((s, "text".to_string()));
        }
        // A status named in words, when no number was found.
        let mut status_name = None;
        if status.is_none() {
            // The plain form's, or else one the joined reading shows (`TooManyReque` ⏎
            // `sts`).
            let (words, first) = match (plain, cut_segment) {
                (Some(_), Some((_, cut))) if status_in_plain.is_none() => {
                    (cut.text.as_str(), status_in_cut)
                }
                (Some(p), _) => (p.text.as_str(), status_in_plain),
                (None, _) => (text, status_in_text),
            };
            if let Some((s, name)) = self.status_in_words(words, first) {
                status = Some((s, "text".to_string()));
                status_name = Some(name.to_string());
            }
        }

        // Codes written in prose, as whole words.
        for &code in &found.codes {
            let owner = self.code_owners[code];
            let evidence = format!("code {} in the text", owner.1);
            add_code(&mut hits, &mut codes, owner, HowFound::CodeInText, evidence);
        }

        // Codes written nearly right (typed from memory, read off a screenshot), when
        // none is written right.
        if !hits
            .iter()
            .any(|h| matches!(h.how, HowFound::CodeInField | HowFound::CodeInText))
        {
            // The plain form holds the paste's words, wraps joined and escapes decoded:
            // where there is one, it alone is read.
            let read = match plain_segment {
                Some((plain, _)) => plain..plain + 1,
                None => 0..segments.len(),
            };
            for segment in read {
                for near in self.near_codes().find(segments[segment]) {
                    let owner = self.code_owners[near.code];
                    let evidence = format!(
                        "code {} in the text, written \"{}\"",
                        owner.1,
                        matched_text(segment, near.at)
                    );
                    add_code(
                        &mut hits,
                        &mut codes,
                        owner,
                        HowFound::CodeSpeltNearly,
                        evidence,
                    );
                }
            }
        }

        // Message patterns, on the lines that hold their literals.
        let mut p = 0;
        for sig in &self.playbook.signatures {
            let mut matched = None;
            for _ in &sig.patterns {
                if matched.is_none() {
                    matched = self.first_match(p, &segments, &found);
                }
                p += 1;
            }
            if let Some((segment, range)) = matched {
                add(
                    &mut hits,
                    Hit {
                        signature: sig,
                        how: HowFound::Pattern,
                        score: u32::from(sig.specificity) * 10 + HowFound::Pattern.bonus(),
                        evidence: format!("message matches \"{}\"", matched_text(segment, range)),
                    },
                );
            }
        }
        // The HTTP status, the least specific of all.
        if let Some((s, path)) = &status {
            for sig in self
                .playbook
                .signatures
                .iter()
                .filter(|sig| sig.status == Some(*s))
            {
                let evidence = if let Some(name) = &status_name {
                    format!("status {s} named \"{name}\" in the text")
                } else if path == "text" {
                    format!("HTTP status {s} in the text")
                } else {
                    format!("{path} = {s}")
                };
                add(
                    &mut hits,
                    Hit {
                        signature: sig,
                        how: HowFound::Status,
                        score: u32::from(sig.specificity) * 10,
                        evidence,
                    },
                );
            }
            let s = s.to_string();
            if !codes.contains(&s) {
                codes.insert(0, s);
            }
        }

        // Stable sort: among equal scores, the signature declared first wins.
        hits.sort_by_key(|h| std::cmp::Reverse(h.score));
        let facts = self.facts(&segments, &found);
        // Context: a signature that needs context the paste does not show, or that
        // context (another product's error) rules out, does not count.
        let mut demoted: Vec<(Hit, String)> = Vec::new();
        let mut doubt: Option<Doubt> = None;
        if !self.playbook.contexts.is_empty() && !hits.is_empty() {
            let present = self.contexts_present(&segments, &found);
            let (kept, out): (Vec<Hit>, Vec<Hit>) = hits
                .into_iter()
                .partition(|h| self.demoted_by(&h.signature.id, &present).is_none());
            hits = kept;
            doubt = hits
                .first()
                .and_then(|b| self.doubted_by(&b.signature.id, &present));
            demoted = out
                .into_iter()
                .map(|h| {
                    let why = self
                        .demoted_by(&h.signature.id, &present)
                        .unwrap_or_default();
                    (h, why)
                })
                .collect();
        }
        let best = hits.first();
        let runner = match best {
            Some(b) => hits
                .iter()
                .skip(1)
                .find(|h| h.signature.category != b.signature.category),
            // Nothing counts: the best of what was ruled out is named.
            None => demoted.first().map(|(h, _)| h),
        };
        let close = match (best, runner) {
            (Some(b), Some(r)) => b.score.saturating_sub(r.score) <= 50,
            _ => false,
        };
        let confidence = best
            .map(|b| {
                let mut c = Self::hit_confidence(b) - if close { 0.15 } else { 0.0 };
                if doubt.is_some() {
                    c = c.min(TENTATIVE_CONFIDENCE);
                }
                (c * 100.0).round() / 100.0
            })
            .unwrap_or(0.0);
        let runner_up = runner.map(|r| RunnerUp {
            signature: r.signature.id.clone(),
            category: r.signature.category.clone(),
            confidence: if best.is_some() {
                ((Self::hit_confidence(r) - 0.15).max(0.05) * 100.0).round() / 100.0
            } else {
                DEMOTED_CONFIDENCE
            },
        });
        let mut evidence: Vec<String> = hits.iter().map(|h| h.evidence.clone()).collect();
        let mut traces: Vec<String> = hits.iter().map(|h| h.signature.id.clone()).collect();
        for (h, why) in &demoted {
            evidence.push(format!("not counted: {}: {why}", h.evidence));
            traces.push(h.signature.id.clone());
        }
        if let Some(r) = runner {
            evidence.push(format!("runner-up: {}", r.signature.category));
            traces.push(r.signature.id.clone());
        }
        if let (Some(b), Some(doubt)) = (best, &doubt) {
            evidence.push(match doubt {
                Doubt::Both { against, for_it } => format!(
                    "counted tentatively, as the paste shows both \"{against}\" and \"{for_it}\""
                ),
                Doubt::Unconfirmed(by) => {
                    format!("counted tentatively, as nothing in the paste shows {by}")
                }
            });
            traces.push(b.signature.id.clone());
        }
        if best.is_none()
            && demoted.is_empty()
            && self.fallback_allowed(&segments, &found)
            && let Some(p) = self.fallback(text, plain)
        {
            let recognised = p.category != UNKNOWN_CATEGORY;
            let mut evidence = vec![if p.linear {
                format!(
                    "no signature matched; the words are most like {}'s examples (fallback \
                     model); the nearest of them (similarity {:.2}): \"{}\"",
                    p.category,
                    p.similarity,
                    shorten(&p.nearest)
                )
            } else {
                format!(
                    "no signature matched; the nearest example (fallback model, similarity {:.2}, {}): \"{}\"",
                    p.similarity,
                    p.category,
                    shorten(&p.nearest)
                )
            }];
            // The linear model always names its runner-up (its similarity to the
            // runner-up's nearest example may be low: it does not decide).
            let runner_up = p
                .runner_up
                .as_ref()
                .filter(|(_, s)| p.linear || *s >= fallback::MIN_SIMILARITY / 2.0)
                .map(|(c, s)| {
                    evidence.push(format!(
                        "runner-up: {c} (fallback model, similarity {s:.2})"
                    ));
                    RunnerUp {
                        signature: FALLBACK_SIGNATURE.to_string(),
                        category: c.clone(),
                        confidence: ((0.05 + f64::from(*s) * 0.5).min(p.confidence) * 100.0)
                            .round()
                            / 100.0,
                    }
                });
            return Classification {
                category: p.category.clone(),
                codes,
                status: status.map(|(s, _)| s),
                confidence: if recognised { p.confidence } else { 0.0 },
                evidence,
                traces: Vec::new(),
                facts,
                signature: None,
                runner_up,
            };
        }
        Classification {
            category: best
                .map(|b| b.signature.category.clone())
                .unwrap_or_else(|| UNKNOWN_CATEGORY.to_string()),
            codes,
            status: status.map(|(s, _)| s),
            confidence,
            evidence,
            traces,
            facts,
            signature: best.map(|b| b.signature.id.clone()),
            runner_up,
        }
    }
}

/// What is said when no known error was recognised.
pub const NOT_RECOGNISED: &str = "Not recognised: answer a few questions";

/// What is said beside a tentative category: the alternative, named.
pub const TENTATIVE_NOTE: &str = "what matched (an HTTP status, a general word, or wording \
    other products share) is as common in other products' errors; if this error does not \
    come from a Power Automate flow or an app calling one, it is not recognised and this \
    checklist may not fit";

impl Classification {
    /// Whether a known error (a signature) was recognised. A guess of the fallback
    /// model is not: it only names the closest wording.
    pub fn is_recognised(&self) -> bool {
        self.signature.is_some() && self.category != UNKNOWN_CATEGORY
    }

    /// Whether the category rests on no more than a status, a general word or wording
    /// other products share (`TENTATIVE_CONFIDENCE`): shown with `TENTATIVE_NOTE` beside it.
    pub fn is_tentative(&self) -> bool {
        self.is_recognised() && self.confidence <= TENTATIVE_CONFIDENCE
    }

    /// Whether the category is recognised with more than a status's confidence: what
    /// puts a user on its checklist without a doubt named beside it.
    pub fn is_confident(&self) -> bool {
        self.is_recognised() && !self.is_tentative()
    }

    /// One line for a paste nothing recognised: `NOT_RECOGNISED`, and the closest
    /// category when the fallback model or a ruled-out signature named one.
    pub fn not_recognised_line(&self) -> String {
        let closest = if self.category != UNKNOWN_CATEGORY {
            Some((self.category.as_str(), self.confidence))
        } else {
            self.runner_up
                .as_ref()
                .map(|r| (r.category.as_str(), r.confidence))
        };
        match closest {
            Some((category, confidence)) => {
                format!("{NOT_RECOGNISED} (closest: {category}, confidence {confidence:.2})")
            }
            None => NOT_RECOGNISED.to_string(),
        }
    }

    /// The evidence as a playbook keeper reads it: each line with the id of the
    /// signature that made it.
    pub fn traced_evidence(&self) -> Vec<String> {
        self.evidence
            .iter()
            .enumerate()
            .map(
                |(i, line)| match self.traces.get(i).filter(|id| !id.is_empty()) {
                    Some(id) => format!("{line} ({id})"),
                    None => line.clone(),
                },
            )
            .collect()
    }

    /// The ids of the signatures that matched (counted or not) and of the runner-up,
    /// each once, in evidence order.
    pub fn matched_signatures(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for id in self.traces.iter().filter(|id| !id.is_empty()) {
            if !ids.contains(&id.as_str()) {
                ids.push(id);
            }
        }
        ids
    }

    /// Whether another category came close enough that a short question should settle it.
    pub fn is_close(&self) -> bool {
        self.runner_up
            .as_ref()
            .is_some_and(|r| r.confidence + 0.35 >= self.confidence)
    }

    /// The answers this classification gives the engine.
    pub fn answers(&self, playbook: &Playbook) -> Vec<Answer> {
        let mut answers = Vec::new();
        let best = self
            .signature
            .as_deref()
            .and_then(|id| playbook.signatures.iter().find(|s| s.id == id));
        if let Some(sig) = best {
            if let Some(code) = &sig.code {
                answers.push(Answer::new("code", code, AnswerSource::Classifier));
            }
            for (key, value) in &sig.implies {
                answers.push(Answer::new(key, value, AnswerSource::Classifier));
            }
        }
        if let Some(status) = self.status
            && playbook
                .canonical_value("status", &status.to_string())
                .is_some()
        {
            answers.push(Answer::new(
                "status",
                &status.to_string(),
                AnswerSource::Classifier,
            ));
        }
        answers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_searched_from_their_longest_word() {
        assert_eq!(
            from_longest_word("the template language function '"),
            "template language function '"
        );
        assert_eq!(from_longest_word("in action '"), "action '");
        assert_eq!(from_longest_word("x-ms-apim-tokens"), "tokens");
        assert_eq!(from_longest_word("' in"), "' in");
        assert_eq!(from_longest_word("‘quoted’ name"), "quoted’ name");
    }

    proptest::proptest! {
        #[test]
        fn an_exact_pattern_matches_where_its_first_literal_is(
            pattern in proptest::sample::select(vec![
                "(?:abc|abcd)e", "(?:abcd|abc)x", "ba[ac]a", "(?:bac|abc|aabc)c", "abcab",
                "(?:abc|abd)e?x", "ab(?-i:[cC])de", "(?-i:Ab)cde", "abc(?:de|DE)",
            ]),
            line in "[abcdeABCx ]{0,30}",
        ) {
            let checked = crate::content::check_pattern(pattern);
            let literals = checked.literals().to_vec();
            if checked.exact() {
                let regex = compile_pattern(pattern).expect("compiles");
                let expected = regex.find(line.as_str()).map(|m| &line[m.range()]);
                proptest::prop_assert_eq!(first_literal(&line, &literals), expected);
            }
        }
    }

    #[test]
    fn each_pattern_has_its_lines_once_in_order_and_the_cut_line_once() {
        let playbook = crate::content::embedded_playbook().expect("loads");
        let classifier = Classifier::new(&playbook);
        let line = "it says: trigger is not enabled, again\n";
        let half = 600 * 1024;
        let several = (0..classifier.patterns.len())
            .filter(|&p| classifier.several_literals[p])
            .count();
        assert!(several > 0);
        // Lines holding different literals of one pattern (`premium `, `power apps `,
        // `process `), in no order of literal: each pattern's lines are still in order.
        let mixed = "process it\npower apps here\npremium there\nPower Apps again\n";
        let mut text = mixed.repeat(3);
        while text.len() < half - 10 - line.len() {
            text.push_str("hay\n");
        }
        let start = text.len();
        text.push_str(line);
        while text.len() + mixed.len() < 2 * (start + line.len() / 2) {
            text.push_str("hay\n");
        }
        text.push_str(mixed);
        let middle = text.len() / 2;
        let at = text.find(line).expect("there");
        assert!(at < middle && middle < at + line.len());
        let mut found = Occurrences::new(classifier.patterns.len());
        classifier.scan_segment(&mut found, 0, &text, None);
        let holding: Vec<&Line> = found.table.iter().filter(|l| l.range.start == at).collect();
        assert_eq!(holding.len(), 1, "{holding:?}");
        let mut candidates = 0;
        for lines in &found.lines {
            assert!(lines.windows(2).all(|w| w[0] < w[1]), "in order, each once");
            candidates += lines
                .iter()
                .filter(|&&l| found.table[l].range.start == at)
                .count();
        }
        assert!(candidates > 0);
        let longest = found.lines.iter().map(Vec::len).max().unwrap_or(0);
        assert!(longest >= 15, "the mixed lines are candidates: {longest}");
        assert_eq!(classifier.classify(&text).category, "trigger-disabled");
    }

    #[test]
    fn patterns_sharing_lines_match_together_where_each_matches_alone() {
        let playbook = crate::content::embedded_playbook().expect("loads");
        let classifier = Classifier::new(&playbook);
        let shared: Vec<usize> = (0..classifier.patterns.len())
            .filter(|&p| !classifier.same_literals()[p].is_empty())
            .collect();
        assert!(shared.len() > 4, "{shared:?}");
        // Many lines holding the literals of every such pattern, and here and there a
        // line from the corpus, some of which match.
        let words: Vec<&str> = shared
            .iter()
            .flat_map(|&p| classifier.patterns[p].literals())
            .map(String::as_str)
            .collect();
        let corpus: Vec<String> = std::fs::read_dir("tests/corpus/real")
            .expect("corpus")
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .take(60)
            .collect();
        let mut text = String::new();
        for i in 0..400 {
            text.push_str(&format!(
                "{} and {} Again\n",
                words[i % words.len()],
                words[(i * 7) % words.len()].to_uppercase()
            ));
            if i % 9 == 0 {
                text.push_str(&corpus[i % corpus.len()]);
                text.push('\n');
            }
        }
        let segments = [text.as_str()];
        let mut found = Occurrences::new(classifier.patterns.len());
        classifier.scan_segment(&mut found, 0, &text, None);
        let mut together = 0;
        for &p in &shared {
            let alone = classifier.first_match_alone(p, &segments, &found);
            assert_eq!(
                classifier.first_match(p, &segments, &found),
                alone,
                "pattern {p}"
            );
            together += usize::from(found.first_found(p).is_some());
        }
        assert!(together > 4, "{together} patterns were matched together");
    }

    #[test]
    fn a_pattern_matches_within_a_paragraph_of_the_plain_form() {
        let playbook = crate::content::embedded_playbook().expect("loads");
        let one_line = classify(&playbook, "it says: trigger is not enabled, again");
        assert_eq!(one_line.category, "trigger-disabled");
        let wrapped = classify(&playbook, "> it says: trigger is not\r\n>   enabled, again");
        assert_eq!(wrapped.category, "trigger-disabled");
        assert!(
            wrapped.evidence[0].contains("trigger is not  >   enabled"),
            "evidence quotes the paste: {:?}",
            wrapped.evidence
        );
        // Across paragraphs no pattern matches (the fallback model may still guess).
        let split = Classifier::new(&playbook)
            .without_fallback()
            .classify("it says: trigger is not\n\nenabled, again");
        assert_eq!(split.category, UNKNOWN_CATEGORY);
        let guess = classify(&playbook, "it says: trigger is not\n\nenabled, again");
        assert!(guess.signature.is_none() && guess.confidence <= 0.3);
    }

    #[test]
    fn evidence_is_words_and_the_signature_ids_are_kept_beside_it() {
        let playbook = crate::content::embedded_playbook().expect("loads");
        let c = classify(
            &playbook,
            "InvokerConnectionOverrideFailed: Failed to parse invoker connections",
        );
        let signature = c.signature.clone().expect("a signature matched");
        assert_eq!(c.evidence.len(), c.traces.len());
        assert!(
            c.evidence.iter().all(|e| !e.contains(&signature)),
            "no id in the words: {:?}",
            c.evidence
        );
        assert_eq!(c.traces[0], signature);
        assert_eq!(
            c.traced_evidence()[0],
            format!("{} ({signature})", c.evidence[0])
        );
        assert_eq!(c.matched_signatures()[0], signature);
        // A fallback guess has no signature to trace.
        let guess = classify(&playbook, "my app keeps spinning and then nothing happens");
        assert!(guess.signature.is_none() && guess.traces.is_empty());
        assert_eq!(guess.traced_evidence(), guess.evidence);
    }

    #[test]
    fn a_status_name_with_a_letter_outside_ascii_is_found_in_either_case() {
        assert_eq!(name_forms("Bad Gateway"), vec!["bad gateway"]);
        assert_eq!(
            name_forms("Çok fazla istek"),
            vec!["Çok fazla istek", "çok fazla istek"]
        );
        assert_eq!(name_forms("zbyt wiele żądań"), vec!["zbyt wiele żądań"]);
        assert_eq!(name_forms("Ötzi"), vec!["Ötzi", "ötzi"]);
        let mut pb = crate::content::embedded_playbook().expect("loads");
        pb.statuses.retain(|st| st.status != 429);
        pb.statuses.push(crate::content::StatusNames {
            status: 429,
            names: vec!["Çok fazla istek".into()],
        });
        for text in [
            "Akışım Outlook adımında 'çok fazla istek' hatası alıyor",
            "Akışım Outlook adımında hata: Çok fazla istek",
        ] {
            let c = classify(&pb, text);
            assert_eq!(c.status, Some(429), "{text}: {c:?}");
        }
    }
}
