//! Turning parsed content files into one resolved `Playbook`, collecting every problem
//! on the way instead of stopping at the first, so `content check` can list them all.

use std::collections::{BTreeMap, HashMap, HashSet};

use toml::Spanned;

use super::pattern::{MIN_LITERAL, Pattern, check_syntax};
use super::placeholder::placeholders;
use super::playbook::*;
use super::problem::{LineIndex, Problem, line_col};
use super::raw::*;

/// One content file's name (as shown in messages) and text.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

/// The `[routing]` table as found: start, order, and where it was written.
type RoutingFound = (Spanned<String>, Vec<Spanned<String>>, Loc, String);

struct Ctx<'a> {
    file: &'a str,
    lines: LineIndex,
}

impl<'a> Ctx<'a> {
    fn new(source: &'a Source) -> Ctx<'a> {
        Ctx {
            file: &source.name,
            lines: LineIndex::new(&source.text),
        }
    }

    fn loc<T>(&self, spanned: &Spanned<T>) -> Loc {
        Loc {
            file: self.file.to_string(),
            line: self.lines.line(spanned.span().start),
        }
    }
}

/// Parse and resolve every source. On success the playbook passed every check.
pub fn load(sources: &[Source], origin: ContentSource) -> Result<Playbook, Vec<Problem>> {
    let mut problems = Vec::new();
    if sources.is_empty() {
        problems.push(Problem::at(
            &origin.label(),
            None,
            "no content files (*.toml) found; point --content at a folder of playbook TOML files",
        ));
        return Err(problems);
    }
    let mut parsed = Vec::new();
    for source in sources {
        match toml::from_str::<RawFile>(&source.text) {
            Ok(raw) => parsed.push((source, raw)),
            Err(err) => {
                let (line, column) = match err.span() {
                    Some(span) => {
                        let (l, c) = line_col(&source.text, span.start);
                        (Some(l), Some(c))
                    }
                    None => (None, None),
                };
                problems.push(Problem {
                    file: source.name.clone(),
                    line,
                    column,
                    message: format!("TOML error: {}", err.message().trim()),
                });
            }
        }
    }
    // A file that does not parse would make everything it declares look missing;
    // report the syntax first, the rest once it parses.
    if !problems.is_empty() {
        return Err(problems);
    }
    let playbook = resolve(&parsed, origin, &mut problems);
    if let Some(playbook) = &playbook {
        super::lint::graph(playbook, &mut problems);
    }
    match playbook {
        Some(p) if problems.is_empty() => Ok(p),
        _ => Err(problems),
    }
}

/// What the first pass finds: everything the other passes refer to.
#[derive(Default)]
struct Declarations {
    meta: Option<(String, String, Loc)>,
    /// The `[routing]` table, with the index of the file it was found in.
    routing: Option<(RoutingFound, usize)>,
    categories: Vec<Category>,
    shared_steps: HashMap<String, (Step, Loc)>,
    node_locs: HashMap<String, Loc>,
}

/// Codes and signature ids claimed so far, so a second claim names the first.
#[derive(Default)]
struct Claims {
    code_owner: HashMap<String, Loc>,
    signature_ids: HashMap<String, Loc>,
}

/// The passes, in order: declarations (what others refer to), signatures and facts
/// (questions may list the codes), nodes, then the checks that need everything.
fn resolve(
    files: &[(&Source, RawFile)],
    origin: ContentSource,
    problems: &mut Vec<Problem>,
) -> Option<Playbook> {
    // Line numbers for messages: each file is indexed once, for every pass.
    let ctxs: Vec<Ctx> = files.iter().map(|(source, _)| Ctx::new(source)).collect();
    let d = declarations(files, &ctxs, problems);

    let first_file = files
        .first()
        .map(|(s, _)| s.name.clone())
        .unwrap_or_default();
    let Some((version, title, _)) = d.meta.clone() else {
        problems.push(Problem::at(
            &first_file,
            None,
            "no [meta] table with the content version; add `[meta] version = \"…\"` to one file",
        ));
        return None;
    };
    let Some(((start, order, _, _), routing_file)) = d.routing.clone() else {
        problems.push(Problem::at(
            &first_file,
            None,
            "no [routing] table; add `[routing] start = \"<first question id>\"` to one file",
        ));
        return None;
    };

    let mut signatures: Vec<Signature> = Vec::new();
    let mut facts: Vec<FactPattern> = Vec::new();
    let mut claims = Claims::default();
    for ((_, raw), ctx) in files.iter().zip(&ctxs) {
        for s in &raw.signatures {
            signatures.extend(signature(ctx, s, &d, &mut claims, problems));
        }
        for f in &raw.facts {
            if let Some(found) = fact(ctx, f, &facts, problems) {
                facts.push(found);
            }
        }
    }

    let (statuses, contexts, examples) = vocabulary(
        files,
        &ctxs,
        &mut signatures,
        &claims.signature_ids,
        &d.categories,
        problems,
    );

    let mut questions = Vec::new();
    let mut outcomes = Vec::new();
    let fact_names: HashSet<&str> = facts.iter().map(|f| f.name.as_str()).collect();
    for ((_, raw), ctx) in files.iter().zip(&ctxs) {
        for q in &raw.questions {
            questions.push(question(ctx, q, &signatures, &d.node_locs, problems));
        }
        for o in &raw.outcomes {
            outcomes.push(outcome(ctx, o, &d, &fact_names, problems));
        }
    }

    let by_id = Playbook::sorted_ids(&questions, &outcomes);
    check_routing(
        &ctxs[routing_file],
        (&start, &order),
        &d.node_locs,
        (&questions, &outcomes, &by_id),
        problems,
    );
    check_implied_answers(&signatures, &questions, problems);
    let synonyms = synonyms(files, &ctxs, problems);

    Some(Playbook {
        version,
        title,
        source: origin,
        start: start.get_ref().clone(),
        route_order: order.iter().map(|k| k.get_ref().clone()).collect(),
        categories: d.categories,
        questions,
        outcomes,
        signatures,
        facts,
        statuses,
        contexts,
        examples,
        synonyms,
        by_id,
    })
}

/// A pattern checked for a signature or context (no capture needed); a problem if not.
fn signature_pattern(
    ctx: &Ctx<'_>,
    p: &Spanned<String>,
    problems: &mut Vec<Problem>,
) -> Option<Pattern> {
    let at = ctx.loc(p);
    match check_syntax(p.get_ref()) {
        Ok(checked) => pattern_of(p.get_ref(), checked, at, problems),
        Err(err) => {
            problems.push(Problem::at(
                &at.file,
                Some(at.line),
                format!("pattern does not compile: {}", first_line(&err)),
            ));
            None
        }
    }
}

/// The vocabulary tables: `[[status]]` names, `[[wording]]` (patterns added to a
/// signature declared anywhere), `[[status_wording]]` (patterns added to every
/// signature of each listed status), `[[context]]` and `[[example]]`.
fn vocabulary(
    files: &[(&Source, RawFile)],
    ctxs: &[Ctx<'_>],
    signatures: &mut [Signature],
    signature_ids: &HashMap<String, Loc>,
    categories: &[Category],
    problems: &mut Vec<Problem>,
) -> (Vec<StatusNames>, Vec<Context>, Vec<Example>) {
    let mut statuses: Vec<StatusNames> = Vec::new();
    let mut contexts: Vec<Context> = Vec::new();
    let mut examples = Vec::new();
    let mut named: HashMap<String, u16> = HashMap::new();
    let known_signature = |ctx: &Ctx<'_>, id: &Spanned<String>, problems: &mut Vec<Problem>| {
        let ok = signature_ids.contains_key(id.get_ref());
        if !ok {
            let at = ctx.loc(id);
            problems.push(Problem::at(
                &at.file,
                Some(at.line),
                format!("no signature has id '{}'", id.get_ref()),
            ));
        }
        ok
    };
    for ((_, raw), ctx) in files.iter().zip(ctxs) {
        for st in &raw.statuses {
            let code = *st.code.get_ref();
            let at = ctx.loc(&st.code);
            if !(100..=599).contains(&code) {
                problems.push(Problem::at(
                    &at.file,
                    Some(at.line),
                    format!("status {code} is not an HTTP status (100-599)"),
                ));
                continue;
            }
            let mut names = Vec::new();
            for name in &st.names {
                let text = name.get_ref().trim();
                let key = text.to_ascii_lowercase();
                let at = ctx.loc(name);
                if text.chars().count() < 3 {
                    problems.push(Problem::at(
                        &at.file,
                        Some(at.line),
                        format!("status name '{text}' is shorter than 3 characters"),
                    ));
                } else if let Some(other) = named.get(&key) {
                    problems.push(Problem::at(
                        &at.file,
                        Some(at.line),
                        format!("status name '{text}' is given twice (also for {other})"),
                    ));
                } else {
                    named.insert(key, code);
                    names.push(text.to_string());
                }
            }
            match statuses.iter_mut().find(|s| s.status == code) {
                Some(existing) => existing.names.extend(names),
                None => statuses.push(StatusNames {
                    status: code,
                    names,
                }),
            }
        }
        for added in in_written_order(raw) {
            let w = match added {
                Added::Wording(w) => w,
                Added::ForStatuses(w) => {
                    status_wording(ctx, w, signatures, problems);
                    continue;
                }
            };
            if !known_signature(ctx, &w.signature, problems) {
                continue;
            }
            let patterns: Vec<Pattern> = w
                .patterns
                .iter()
                .filter_map(|p| signature_pattern(ctx, p, problems))
                .collect();
            if let Some(sig) = signatures
                .iter_mut()
                .find(|s| s.id == *w.signature.get_ref())
            {
                sig.patterns.extend(patterns);
            }
        }
        for c in &raw.contexts {
            let at = ctx.loc(&c.id);
            if contexts.iter().any(|k| k.id == *c.id.get_ref()) {
                problems.push(Problem::at(
                    &at.file,
                    Some(at.line),
                    format!("duplicate context '{}'", c.id.get_ref()),
                ));
                continue;
            }
            if c.patterns.is_empty() {
                problems.push(Problem::at(
                    &at.file,
                    Some(at.line),
                    format!("context '{}' has no patterns", c.id.get_ref()),
                ));
            }
            let patterns = c
                .patterns
                .iter()
                .filter_map(|p| signature_pattern(ctx, p, problems))
                .collect();
            let mut ids = |list: &[Spanned<String>], star: bool| -> Vec<String> {
                list.iter()
                    .filter(|id| {
                        (star && id.get_ref() == "*") || known_signature(ctx, id, problems)
                    })
                    .map(|id| id.get_ref().clone())
                    .collect()
            };
            let required_by = ids(&c.required_by, false);
            let demotes = ids(&c.demotes, true);
            let confirms = ids(&c.confirms, false);
            contexts.push(Context {
                id: c.id.get_ref().clone(),
                title: c.title.clone(),
                patterns,
                required_by,
                demotes,
                unless: c.unless.iter().map(|u| u.get_ref().clone()).collect(),
                softened_by: c.softened_by.iter().map(|u| u.get_ref().clone()).collect(),
                confirms,
                allows_fallback: c.allows_fallback,
            });
        }
        for e in &raw.examples {
            check_category(ctx, &e.category, categories, problems);
            if e.text.trim().is_empty() {
                let at = ctx.loc(&e.category);
                problems.push(Problem::at(&at.file, Some(at.line), "an empty example"));
            }
            examples.push(Example {
                category: e.category.get_ref().clone(),
                text: e.text.clone(),
                lang: e.lang.clone().unwrap_or_default(),
                paste: e.paste,
            });
        }
    }
    status_markers(files, ctxs, signatures, problems);
    // `unless` and `softened_by` name contexts, declared in any file.
    for ((_, raw), ctx) in files.iter().zip(ctxs) {
        for c in &raw.contexts {
            for u in c.unless.iter().chain(&c.softened_by) {
                if !contexts.iter().any(|k| k.id == *u.get_ref()) {
                    let at = ctx.loc(u);
                    problems.push(Problem::at(
                        &at.file,
                        Some(at.line),
                        format!("no context has id '{}'", u.get_ref()),
                    ));
                }
            }
        }
    }
    (statuses, contexts, examples)
}

/// A table that adds patterns to signatures declared anywhere.
enum Added<'r> {
    Wording(&'r RawWording),
    ForStatuses(&'r RawStatusWording),
}

/// A file's `[[wording]]` and `[[status_wording]]` tables in the order they are written:
/// a signature tries its patterns in the order they were added and quotes the first
/// that matches, so a table written between two wordings adds its patterns between
/// theirs.
fn in_written_order(raw: &RawFile) -> Vec<Added<'_>> {
    let mut added: Vec<(usize, Added<'_>)> = raw
        .wordings
        .iter()
        .map(|w| (w.signature.span().start, Added::Wording(w)))
        .chain(
            raw.status_wordings
                .iter()
                .map(|w| (w.statuses.span().start, Added::ForStatuses(w))),
        )
        .collect();
    added.sort_by_key(|(at, _)| *at);
    added.into_iter().map(|(_, a)| a).collect()
}

/// What a `[[status_wording]]` pattern writes where the number goes.
const STATUS_PLACE: &str = "{status}";

/// `[[status_wording]]`: each pattern, with the number in place of every `{status}`,
/// added to every signature whose `status` is one of `statuses` (the field
/// `[[status_marker]]` finds them by too; no signature id is assumed), in the order the
/// patterns are written. Each pattern is checked with every listed number, and a
/// problem is reported once per pattern, naming the numbers it fails for.
fn status_wording(
    ctx: &Ctx<'_>,
    w: &RawStatusWording,
    signatures: &mut [Signature],
    problems: &mut Vec<Problem>,
) {
    let problem = |problems: &mut Vec<Problem>, at: Loc, message: String| {
        problems.push(Problem::at(&at.file, Some(at.line), message));
    };
    if w.statuses.get_ref().is_empty() {
        problem(
            problems,
            ctx.loc(&w.statuses),
            "a [[status_wording]] with no statuses; list the statuses its patterns are written \
             for (`statuses = [403, 404]`)"
                .into(),
        );
    }
    if w.patterns.get_ref().is_empty() {
        problem(
            problems,
            ctx.loc(&w.patterns),
            format!(
                "a [[status_wording]] with no patterns; write the wordings every listed status \
                 shares, with {STATUS_PLACE} where the number goes"
            ),
        );
    }
    // Every listed number, once, and whether a signature has it.
    let mut statuses: Vec<(u16, bool)> = Vec::new();
    for status in w.statuses.get_ref() {
        let code = *status.get_ref();
        let at = ctx.loc(status);
        if statuses.iter().any(|(s, _)| *s == code) {
            problem(
                problems,
                at,
                format!("status {code} is listed twice in this [[status_wording]]; list it once"),
            );
            continue;
        }
        let named = signatures.iter().any(|s| s.status == Some(code));
        if !named {
            problem(
                problems,
                at,
                format!(
                    "status {code} is named by no signature (none has `status = {code}`), so \
                     this [[status_wording]] would add its patterns to nothing; declare a \
                     [[signature]] with that status or take {code} out of `statuses`"
                ),
            );
        }
        statuses.push((code, named));
    }
    for template in w.patterns.get_ref() {
        let at = ctx.loc(template);
        let source = template.get_ref();
        if !source.contains(STATUS_PLACE) {
            problem(
                problems,
                at,
                format!(
                    "pattern \"{source}\" has no {STATUS_PLACE}: a [[status_wording]] pattern is \
                     added once for each status in `statuses`, with the number in place of \
                     {STATUS_PLACE}; put {STATUS_PLACE} where the number goes, or give the \
                     pattern to one signature in a [[wording]]"
                ),
            );
            continue;
        }
        let mut not_compiled: Vec<(u16, String)> = Vec::new();
        let mut no_literal: Vec<(u16, String)> = Vec::new();
        for &(code, named) in &statuses {
            let expanded = source.replace(STATUS_PLACE, &code.to_string());
            match check_syntax(&expanded) {
                Err(err) => not_compiled.push((code, first_line(&err))),
                Ok(checked) => match checked.into_pattern(&expanded, at.clone()) {
                    None => no_literal.push((code, expanded)),
                    Some(pattern) if named => {
                        for sig in signatures.iter_mut().filter(|s| s.status == Some(code)) {
                            sig.patterns.push(pattern.clone());
                        }
                    }
                    Some(_) => {}
                },
            }
        }
        let numbers = |failed: &[(u16, String)]| {
            failed
                .iter()
                .map(|(code, _)| code.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if let Some((_, err)) = not_compiled.first() {
            problem(
                problems,
                at.clone(),
                format!(
                    "pattern \"{source}\" does not compile with {STATUS_PLACE} as {}: {err}",
                    numbers(&not_compiled)
                ),
            );
        }
        if let Some((_, expanded)) = no_literal.first() {
            problem(
                problems,
                at,
                format!(
                    "{} (with {STATUS_PLACE} as {})",
                    no_literal_message(expanded),
                    numbers(&no_literal)
                ),
            );
        }
    }
}

/// `[[status_marker]]` words: every signature with a `status` also matches its number
/// beside one of them, before or after it with up to four non-digits between
/// (`error 429`, `Fehler: 404`, `「429」エラー`, `código de estado 500`), and after one of
/// the `leads` when one of the `ends` follows ("with a 502 and then", "got 403 when"; not
/// the end of a line, which a wrap can put anywhere).
/// The number alone is read as a status only in the English shapes `classify::loose`
/// knows.
fn status_markers(
    files: &[(&Source, RawFile)],
    ctxs: &[Ctx<'_>],
    signatures: &mut [Signature],
    problems: &mut Vec<Problem>,
) {
    let mut words: Vec<String> = Vec::new();
    let mut leads: Vec<String> = Vec::new();
    let mut ends: Vec<String> = Vec::new();
    let mut first: Option<Loc> = None;
    for ((_, raw), ctx) in files.iter().zip(ctxs) {
        for marker in &raw.status_markers {
            let at = ctx.loc(&marker.words);
            let lists = [
                (marker.words.get_ref(), &mut words, 2),
                (&marker.leads, &mut leads, 1),
                (&marker.ends, &mut ends, 1),
            ];
            for (given, kept, shortest) in lists {
                for word in given {
                    let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
                    if word.chars().count() < shortest || word.chars().any(|c| c.is_ascii_digit()) {
                        problems.push(Problem::at(
                            &at.file,
                            Some(at.line),
                            format!(
                                "status marker '{word}' needs {shortest} or more characters and no digits"
                            ),
                        ));
                    } else if !kept.iter().any(|w| w.eq_ignore_ascii_case(&word)) {
                        kept.push(word);
                    }
                }
            }
            first.get_or_insert(at);
        }
    }
    let Some(at) = first else { return };
    let mut sources: Vec<String> = Vec::new();
    let words = alternation(words);
    let leads = alternation(leads);
    let ends = alternation(ends);
    for sig in signatures.iter_mut() {
        let Some(status) = sig.status else { continue };
        sources.clear();
        if let Some(words) = &words {
            sources.push(format!("(?:^|\\D){status}\\D{{0,4}}(?:{words})"));
            sources.push(format!("(?:{words})\\D{{0,4}}{status}(?:\\D|$)"));
        }
        if let (Some(leads), Some(ends)) = (&leads, &ends) {
            sources.push(format!(
                "(?:{leads})\\s+(?:HTTP\\s+)?{status}\\s*(?:{ends})"
            ));
        }
        for source in &sources {
            let at = at.clone();
            match check_syntax(source) {
                Ok(checked) => sig
                    .patterns
                    .extend(pattern_of(source, checked, at, problems)),
                Err(err) => problems.push(Problem::at(
                    &at.file,
                    Some(at.line),
                    format!("status markers do not compile: {}", first_line(&err)),
                )),
            }
        }
    }
}

/// One regex alternation of marker words, longest first (so `status code` is preferred
/// over `status`); a space matches any run of spaces, and a word that starts with an
/// ASCII letter must start a word (`error 429`, not `HTTPStatusError 429`), which CJK
/// text, without spaces, cannot promise.
fn alternation(mut words: Vec<String>) -> Option<String> {
    if words.is_empty() {
        return None;
    }
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let parts: Vec<String> = words
        .iter()
        .map(|w| {
            let escaped = regex_syntax::escape(w).replace(' ', "\\s+");
            let first = w.chars().next().unwrap_or(' ');
            let last = w.chars().next_back().unwrap_or(' ');
            let start = if first.is_ascii_alphabetic() {
                "\\b"
            } else {
                ""
            };
            let end = if last.is_ascii_alphabetic() && w.chars().count() <= 3 {
                "\\b"
            } else {
                ""
            };
            format!("{start}{escaped}{end}")
        })
        .collect();
    Some(parts.join("|"))
}

/// The `[[synonym]]` groups, each of two or more words or phrases (spaces normalised).
fn synonyms(
    files: &[(&Source, RawFile)],
    ctxs: &[Ctx<'_>],
    problems: &mut Vec<Problem>,
) -> Vec<Vec<String>> {
    let mut groups = Vec::new();
    for ((_, raw), ctx) in files.iter().zip(ctxs) {
        for group in &raw.synonyms {
            let at = ctx.loc(&group.words);
            let words: Vec<String> = group
                .words
                .get_ref()
                .iter()
                .map(|w| w.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            if words.len() < 2 || words.iter().any(|w| w.chars().count() < 2) {
                problems.push(Problem::at(
                    &at.file,
                    Some(at.line),
                    "a [[synonym]] needs two or more words, each of two or more characters",
                ));
                continue;
            }
            groups.push(words);
        }
    }
    groups
}

/// Pass 1: meta, routing, categories, shared steps and every node id.
fn declarations(
    files: &[(&Source, RawFile)],
    ctxs: &[Ctx<'_>],
    problems: &mut Vec<Problem>,
) -> Declarations {
    let mut d = Declarations::default();
    for (file, ((source, raw), ctx)) in files.iter().zip(ctxs).enumerate() {
        if let Some(m) = &raw.meta {
            let loc = ctx.loc(&m.version);
            if let Some((_, _, first)) = &d.meta {
                problems.push(Problem::at(
                    &loc.file,
                    Some(loc.line),
                    format!("a second [meta] table (the first is at {first}); keep one"),
                ));
            } else {
                d.meta = Some((
                    m.version.get_ref().clone(),
                    m.title
                        .clone()
                        .unwrap_or_else(|| "flowtriage playbook".into()),
                    loc,
                ));
            }
        }
        if let Some(r) = &raw.routing {
            let loc = ctx.loc(&r.start);
            if let Some(((_, _, first, _), _)) = &d.routing {
                problems.push(Problem::at(
                    &loc.file,
                    Some(loc.line),
                    format!("a second [routing] table (the first is at {first}); keep one"),
                ));
            } else {
                d.routing = Some((
                    (r.start.clone(), r.order.clone(), loc, source.name.clone()),
                    file,
                ));
            }
        }
        for c in &raw.categories {
            let loc = ctx.loc(&c.id);
            if d.categories.iter().any(|k| k.id == *c.id.get_ref()) {
                problems.push(Problem::at(
                    &loc.file,
                    Some(loc.line),
                    format!("duplicate category '{}'", c.id.get_ref()),
                ));
                continue;
            }
            d.categories.push(Category {
                id: c.id.get_ref().clone(),
                title: c.title.clone(),
                description: c.description.clone(),
            });
        }
        for s in &raw.steps {
            let loc = ctx.loc(&s.id);
            if let Some((_, first)) = d.shared_steps.get(s.id.get_ref()) {
                problems.push(Problem::at(
                    &loc.file,
                    Some(loc.line),
                    format!(
                        "duplicate shared step '{}' (first at {first})",
                        s.id.get_ref()
                    ),
                ));
                continue;
            }
            let step = Step {
                id: s.id.get_ref().clone(),
                text: s.text.clone(),
                how: s.how.clone(),
                link: s.link.as_ref().map(|l| l.get_ref().clone()),
                internal: s.internal,
            };
            d.shared_steps.insert(s.id.get_ref().clone(), (step, loc));
        }
        let node_ids = raw
            .questions
            .iter()
            .map(|q| &q.id)
            .chain(raw.outcomes.iter().map(|o| &o.id));
        for id in node_ids {
            let loc = ctx.loc(id);
            if let Some(first) = d.node_locs.get(id.get_ref()) {
                problems.push(Problem::at(
                    &loc.file,
                    Some(loc.line),
                    format!("duplicate node id '{}' (first at {first})", id.get_ref()),
                ));
            } else {
                d.node_locs.insert(id.get_ref().clone(), loc);
            }
        }
    }
    d
}

/// Pass 2: one signature, checked; `None` when its id was taken.
fn signature(
    ctx: &Ctx<'_>,
    s: &RawSignature,
    d: &Declarations,
    claims: &mut Claims,
    problems: &mut Vec<Problem>,
) -> Option<Signature> {
    let loc = ctx.loc(&s.id);
    if let Some(first) = claims.signature_ids.get(s.id.get_ref()) {
        problems.push(Problem::at(
            &loc.file,
            Some(loc.line),
            format!(
                "duplicate signature id '{}' (first at {first})",
                s.id.get_ref()
            ),
        ));
        return None;
    }
    claims
        .signature_ids
        .insert(s.id.get_ref().clone(), loc.clone());
    let names = s.code.iter().chain(s.aliases.iter());
    for name in names {
        let key = name.get_ref().trim().to_ascii_lowercase();
        let at = ctx.loc(name);
        if key.is_empty() {
            problems.push(Problem::at(&at.file, Some(at.line), "an empty code"));
        } else if let Some(first) = claims.code_owner.get(&key) {
            problems.push(Problem::at(
                &at.file,
                Some(at.line),
                format!(
                    "code '{}' is claimed twice (first at {first}); one signature per code",
                    name.get_ref().trim()
                ),
            ));
        } else {
            claims.code_owner.insert(key, at);
        }
    }
    if s.code.is_none() && !s.aliases.is_empty() {
        problems.push(Problem::at(
            &loc.file,
            Some(loc.line),
            format!("signature '{}' has aliases but no code", s.id.get_ref()),
        ));
    }
    if s.code.is_some() && s.enter.is_none() {
        problems.push(Problem::at(
            &loc.file,
            Some(loc.line),
            format!(
                "signature '{}' has a code but no `enter` node for it",
                s.id.get_ref()
            ),
        ));
    }
    if s.code.is_none() && s.status.is_none() && s.patterns.is_empty() {
        problems.push(Problem::at(
            &loc.file,
            Some(loc.line),
            format!(
                "signature '{}' recognises nothing: give it a code, a status or patterns",
                s.id.get_ref()
            ),
        ));
    }
    if let Some(status) = s.status
        && !(100..=599).contains(&status)
    {
        problems.push(Problem::at(
            &loc.file,
            Some(loc.line),
            format!("status {status} is not an HTTP status (100-599)"),
        ));
    }
    let mut patterns = Vec::new();
    for p in &s.patterns {
        let at = ctx.loc(p);
        match check_syntax(p.get_ref()) {
            Ok(checked) => {
                if let Some(pattern) = pattern_of(p.get_ref(), checked, at, problems) {
                    patterns.push(pattern);
                }
            }
            Err(err) => problems.push(Problem::at(
                &at.file,
                Some(at.line),
                format!("pattern does not compile: {}", first_line(&err)),
            )),
        }
    }
    let signature = Signature {
        id: s.id.get_ref().clone(),
        title: s.title.clone(),
        category: s.category.get_ref().clone(),
        code: s.code.as_ref().map(|c| c.get_ref().trim().to_string()),
        aliases: s
            .aliases
            .iter()
            .map(|a| a.get_ref().trim().to_string())
            .collect(),
        status: s.status,
        patterns,
        messages: s.messages.clone(),
        enter: s.enter.as_ref().map(|e| e.get_ref().clone()),
        implies: s.implies.clone(),
        specificity: s.specificity.unwrap_or(if s.code.is_some() {
            80
        } else if s.status.is_some() {
            20
        } else {
            60
        }),
        loc,
    };
    check_category(ctx, &s.category, &d.categories, problems);
    if let Some(enter) = &s.enter {
        check_node_ref(ctx, enter, &d.node_locs, "enter", problems);
    }
    Some(signature)
}

/// Pass 2: one fact, checked; `None` when its name was taken.
fn fact(
    ctx: &Ctx<'_>,
    f: &RawFact,
    known: &[FactPattern],
    problems: &mut Vec<Problem>,
) -> Option<FactPattern> {
    let loc = ctx.loc(&f.name);
    if known.iter().any(|k| k.name == *f.name.get_ref()) {
        problems.push(Problem::at(
            &loc.file,
            Some(loc.line),
            format!("duplicate fact '{}'", f.name.get_ref()),
        ));
        return None;
    }
    let mut patterns = Vec::new();
    for p in &f.patterns {
        let at = ctx.loc(p);
        match check_syntax(p.get_ref()) {
            Ok(checked) if checked.captures == 0 => problems.push(Problem::at(
                &at.file,
                Some(at.line),
                "a fact pattern needs a capture group around the value",
            )),
            Ok(checked) => {
                if let Some(pattern) = pattern_of(p.get_ref(), checked, at, problems) {
                    patterns.push(pattern);
                }
            }
            Err(err) => problems.push(Problem::at(
                &at.file,
                Some(at.line),
                format!("pattern does not compile: {}", first_line(&err)),
            )),
        }
    }
    Some(FactPattern {
        name: f.name.get_ref().clone(),
        label: f.label.clone(),
        patterns,
        multiple: f.multiple,
    })
}

/// Pass 3: one question, its options expanded from the codes where asked.
fn question(
    ctx: &Ctx<'_>,
    q: &RawQuestion,
    signatures: &[Signature],
    node_locs: &HashMap<String, Loc>,
    problems: &mut Vec<Problem>,
) -> Question {
    let loc = ctx.loc(&q.id);
    let mut options = Vec::new();
    if let Some(from) = &q.options_from {
        if from.get_ref() == "codes" {
            // One option per spelling, so an alias (0x80048d0b beside 0x80040265)
            // is an answer in its own right.
            for s in signatures {
                let Some(enter) = &s.enter else { continue };
                for name in s.code_names() {
                    options.push(AnswerOption {
                        value: name.to_string(),
                        label: format!("{name}: {}", s.title),
                        next: enter.clone(),
                        help: None,
                    });
                }
            }
        } else {
            let at = ctx.loc(from);
            problems.push(Problem::at(
                &at.file,
                Some(at.line),
                format!(
                    "options_from = '{}' is not known; the only source is \"codes\"",
                    from.get_ref()
                ),
            ));
        }
    }
    for o in &q.options {
        check_node_ref(ctx, &o.next, node_locs, "next", problems);
        if options
            .iter()
            .any(|k: &AnswerOption| k.value.eq_ignore_ascii_case(o.value.get_ref()))
        {
            let at = ctx.loc(&o.value);
            problems.push(Problem::at(
                &at.file,
                Some(at.line),
                format!(
                    "question '{}' offers the value '{}' twice",
                    q.id.get_ref(),
                    o.value.get_ref()
                ),
            ));
            continue;
        }
        options.push(AnswerOption {
            value: o.value.get_ref().clone(),
            label: o.label.clone(),
            next: o.next.get_ref().clone(),
            help: o.help.clone(),
        });
    }
    if options.is_empty() {
        problems.push(Problem::at(
            &loc.file,
            Some(loc.line),
            format!("question '{}' has no options", q.id.get_ref()),
        ));
    }
    if q.key.trim().is_empty() {
        problems.push(Problem::at(
            &loc.file,
            Some(loc.line),
            format!("question '{}' has an empty key", q.id.get_ref()),
        ));
    }
    Question {
        id: q.id.get_ref().clone(),
        key: q.key.clone(),
        prompt: q.prompt.clone(),
        why: q.why.clone(),
        how: q.how.clone(),
        options,
        loc,
    }
}

/// Pass 3: one outcome with its steps and alternatives.
fn outcome(
    ctx: &Ctx<'_>,
    o: &RawOutcome,
    d: &Declarations,
    fact_names: &HashSet<&str>,
    problems: &mut Vec<Problem>,
) -> Outcome {
    let loc = ctx.loc(&o.id);
    check_category(ctx, &o.category, &d.categories, problems);
    let mut seen_ids: HashSet<String> = HashSet::new();
    let steps = resolve_steps(
        ctx,
        &o.steps,
        "step",
        &d.shared_steps,
        &d.node_locs,
        &mut seen_ids,
        &loc,
        problems,
    );
    if steps.is_empty() {
        problems.push(Problem::at(
            &loc.file,
            Some(loc.line),
            format!("outcome '{}' has no steps", o.id.get_ref()),
        ));
    }
    let mut alternatives = Vec::new();
    for (i, a) in o.alternatives.iter().enumerate() {
        let prefix = format!("alt{}-step", i + 1);
        let steps = resolve_steps(
            ctx,
            &a.steps,
            &prefix,
            &d.shared_steps,
            &d.node_locs,
            &mut seen_ids,
            &loc,
            problems,
        );
        if steps.is_empty() {
            problems.push(Problem::at(
                &loc.file,
                Some(loc.line),
                format!(
                    "alternative '{}' of outcome '{}' has no steps",
                    a.title,
                    o.id.get_ref()
                ),
            ));
        }
        alternatives.push(Alternative {
            title: a.title.clone(),
            when: a.when.clone(),
            steps,
        });
    }
    let outcome = Outcome {
        id: o.id.get_ref().clone(),
        category: o.category.get_ref().clone(),
        title: o.title.clone(),
        cause: o.cause.clone(),
        steps,
        alternatives,
        references: o
            .references
            .iter()
            .map(|r| Reference {
                title: r.title.clone(),
                url: r.url.clone(),
            })
            .collect(),
        checked: check_review(ctx, o, o.id.get_ref(), problems),
        checked_against: o
            .checked_against
            .iter()
            .map(|u| u.get_ref().trim().to_string())
            .collect(),
        loc,
    };
    check_placeholders(&outcome, fact_names, problems);
    outcome
}

/// The outcome's `checked` date, if written and valid, and problems with it and its
/// `checked_against` pages: a date needs the pages, the pages a date, and each page is
/// an https address.
fn check_review(
    ctx: &Ctx<'_>,
    o: &RawOutcome,
    id: &str,
    problems: &mut Vec<Problem>,
) -> Option<ReviewDate> {
    let loc = ctx.loc(&o.id);
    let date = o.checked.as_ref().and_then(|text| {
        let date = ReviewDate::parse(text.get_ref());
        if date.is_none() {
            let at = ctx.loc(text);
            problems.push(Problem::at(
                &at.file,
                Some(at.line),
                format!(
                    "outcome '{id}': checked = \"{}\" is not a date; write YYYY-MM-DD",
                    text.get_ref()
                ),
            ));
        }
        date
    });
    if o.checked.is_some() && o.checked_against.is_empty() {
        problems.push(Problem::at(
            &loc.file,
            Some(loc.line),
            format!(
                "outcome '{id}' has a `checked` date but no `checked_against` page; name the Microsoft page(s) it was checked against"
            ),
        ));
    }
    if o.checked.is_none() && !o.checked_against.is_empty() {
        problems.push(Problem::at(
            &loc.file,
            Some(loc.line),
            format!("outcome '{id}' names `checked_against` pages but no `checked` date"),
        ));
    }
    for url in &o.checked_against {
        let text = url.get_ref().trim();
        if !text.starts_with("https://") || text.contains(char::is_whitespace) {
            let at = ctx.loc(url);
            problems.push(Problem::at(
                &at.file,
                Some(at.line),
                format!("outcome '{id}': checked_against \"{text}\" is not an https address"),
            ));
        }
    }
    date
}

/// `routing.start` is a question, and every `routing.order` entry a question whose id is
/// its key.
fn check_routing(
    ctx: &Ctx<'_>,
    (start, order): (&Spanned<String>, &[Spanned<String>]),
    node_locs: &HashMap<String, Loc>,
    (questions, outcomes, by_id): (&[Question], &[Outcome], &[NodeRef]),
    problems: &mut Vec<Problem>,
) {
    let lookup = |id: &str| Playbook::find_sorted(by_id, questions, outcomes, id);
    check_node_ref(ctx, start, node_locs, "start", problems);
    if lookup(start.get_ref()).is_some_and(|n| matches!(n, NodeRef::Outcome(_))) {
        let at = ctx.loc(start);
        problems.push(Problem::at(
            &at.file,
            Some(at.line),
            "routing.start must be a question, not an outcome",
        ));
    }
    for key in order {
        let entry = lookup(key.get_ref()).and_then(|n| match n {
            NodeRef::Question(i) => Some(&questions[i]),
            NodeRef::Outcome(_) => None,
        });
        if entry.is_none_or(|q| q.key != *key.get_ref()) {
            let at = ctx.loc(key);
            problems.push(Problem::at(
                &at.file,
                Some(at.line),
                format!(
                    "routing.order names '{0}', but no question has id '{0}' and key '{0}' to route through",
                    key.get_ref()
                ),
            ));
        }
    }
}

/// Implied answers must be answers some question accepts.
fn check_implied_answers(
    signatures: &[Signature],
    questions: &[Question],
    problems: &mut Vec<Problem>,
) {
    for s in signatures {
        for (key, value) in &s.implies {
            let offered = questions
                .iter()
                .filter(|q| q.key == *key)
                .any(|q| q.option(value).is_some());
            if !offered {
                problems.push(Problem::at(
                    &s.loc.file,
                    Some(s.loc.line),
                    format!(
                        "signature '{}' implies {key}={value}, which no question offers",
                        s.id
                    ),
                ));
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn resolve_steps(
    ctx: &Ctx<'_>,
    raw_steps: &[RawStepRef],
    prefix: &str,
    shared: &HashMap<String, (Step, Loc)>,
    node_locs: &HashMap<String, Loc>,
    seen_ids: &mut HashSet<String>,
    outcome_loc: &Loc,
    problems: &mut Vec<Problem>,
) -> Vec<Step> {
    let mut steps = Vec::new();
    for (i, raw) in raw_steps.iter().enumerate() {
        let step = match (&raw.use_step, &raw.text) {
            (Some(used), None) => match shared.get(used.get_ref()) {
                Some((step, _)) => {
                    let mut step = step.clone();
                    if let Some(id) = &raw.id {
                        step.id = id.clone();
                    }
                    step.internal |= raw.internal;
                    step
                }
                None => {
                    let at = ctx.loc(used);
                    problems.push(Problem::at(
                        &at.file,
                        Some(at.line),
                        format!("`use = \"{}\"` names no shared [[step]]", used.get_ref()),
                    ));
                    continue;
                }
            },
            (None, Some(text)) => Step {
                id: raw
                    .id
                    .clone()
                    .unwrap_or_else(|| format!("{prefix}-{}", i + 1)),
                text: text.clone(),
                how: raw.how.clone(),
                link: raw.link.as_ref().map(|l| l.get_ref().clone()),
                internal: raw.internal,
            },
            _ => {
                problems.push(Problem::at(
                    &outcome_loc.file,
                    Some(outcome_loc.line),
                    format!(
                        "step {} of this outcome needs exactly one of `text` or `use`",
                        i + 1
                    ),
                ));
                continue;
            }
        };
        if let Some(link) = &raw.link {
            check_node_ref(ctx, link, node_locs, "link", problems);
        } else if let Some(link) = &step.link
            && !node_locs.contains_key(link)
        {
            problems.push(Problem::at(
                &outcome_loc.file,
                Some(outcome_loc.line),
                format!(
                    "shared step '{}' links to '{link}', which does not exist",
                    step.id
                ),
            ));
        }
        if !seen_ids.insert(step.id.clone()) {
            problems.push(Problem::at(
                &outcome_loc.file,
                Some(outcome_loc.line),
                format!(
                    "step id '{}' is used twice in one outcome; give one an `id`",
                    step.id
                ),
            ));
        }
        steps.push(step);
    }
    steps
}

fn check_category(
    ctx: &Ctx<'_>,
    category: &Spanned<String>,
    categories: &[Category],
    problems: &mut Vec<Problem>,
) {
    if !categories.iter().any(|c| c.id == *category.get_ref()) {
        let at = ctx.loc(category);
        let known: Vec<&str> = categories.iter().map(|c| c.id.as_str()).collect();
        problems.push(Problem::at(
            &at.file,
            Some(at.line),
            format!(
                "category '{}' is not declared; declared: {}",
                category.get_ref(),
                known.join(", ")
            ),
        ));
    }
}

fn check_node_ref(
    ctx: &Ctx<'_>,
    target: &Spanned<String>,
    node_locs: &HashMap<String, Loc>,
    field: &str,
    problems: &mut Vec<Problem>,
) {
    if !node_locs.contains_key(target.get_ref()) {
        let at = ctx.loc(target);
        problems.push(Problem::at(
            &at.file,
            Some(at.line),
            format!(
                "{field} = \"{}\" points nowhere: no question or outcome has that id",
                target.get_ref()
            ),
        ));
    }
}

fn check_placeholders(outcome: &Outcome, facts: &HashSet<&str>, problems: &mut Vec<Problem>) {
    let step_texts = outcome
        .steps
        .iter()
        .chain(outcome.alternatives.iter().flat_map(|a| a.steps.iter()))
        .flat_map(|s| std::iter::once(&s.text).chain(s.how.iter()));
    let texts = std::iter::once(&outcome.cause)
        .chain(outcome.alternatives.iter().map(|a| &a.title))
        .chain(step_texts);
    let mut reported: BTreeMap<String, ()> = BTreeMap::new();
    for text in texts {
        for p in placeholders(text) {
            if !facts.contains(p.name) && reported.insert(p.name.to_string(), ()).is_none() {
                problems.push(Problem::at(
                    &outcome.loc.file,
                    Some(outcome.loc.line),
                    format!(
                        "outcome '{}' uses {{{{{}}}}}, but no [[fact]] has that name",
                        outcome.id, p.name
                    ),
                ));
            }
            // A blank fallback leaves a hole in the sentence when the fact is unknown.
            if p.fallback.is_some_and(|f| f.trim().is_empty()) {
                problems.push(Problem::at(
                    &outcome.loc.file,
                    Some(outcome.loc.line),
                    format!(
                        "outcome '{}' gives {{{{{}|…}}}} a blank fallback; write the words to show when the fact is unknown",
                        outcome.id, p.name
                    ),
                ));
            }
        }
    }
}

/// The checked pattern, or a problem when it has no literal to be found by.
fn pattern_of(
    source: &str,
    checked: super::pattern::Checked,
    at: Loc,
    problems: &mut Vec<Problem>,
) -> Option<Pattern> {
    let (file, line) = (at.file.clone(), at.line);
    let pattern = checked.into_pattern(source, at);
    if pattern.is_none() {
        problems.push(Problem::at(&file, Some(line), no_literal_message(source)));
    }
    pattern
}

/// The problem of a pattern without a literal to be found by.
fn no_literal_message(source: &str) -> String {
    format!(
        "pattern \"{source}\" has no fixed text of {MIN_LITERAL} or more characters that every match contains; \
         patterns are tried only on the lines of a paste that hold such text, so include some \
         (the words around the value, say)"
    )
}

pub fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
