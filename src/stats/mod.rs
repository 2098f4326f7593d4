//! `flowtriage stats`: what the saved sessions say about the playbook. Per checklist,
//! how many triages reached it and whether it fixed the problem; where unfinished
//! triages stop; which codes and categories come in; which pastes were not recognised.
//!
//! Pure: sessions and the playbook in, figures out. Reading folders and the clock live
//! at the edge (`cli`). Private by default: case ids, customers, notes and pasted text
//! appear only with `include_details`.

mod csv;
mod html;
mod text;

pub use csv::to_csv;
pub use html::to_html;
pub use text::to_text;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::content::{Node, Playbook};
use crate::session::{Fixed, Session};

/// Which sessions count, and how much to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only sessions started at or after this (UTC, RFC 3339).
    pub since: Option<String>,
    /// Only sessions saved with this content version.
    pub content_version: Option<String>,
    /// Case ids, customers, notes and redacted excerpts of pasted text.
    pub include_details: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub tool_version: String,
    /// The filters as given (for the reader of the figures).
    pub since: Option<String>,
    pub content_version: Option<String>,
    pub include_details: bool,
    /// Sessions handed in; unreadable files the edge skipped; sessions that passed the
    /// filters.
    pub read: usize,
    pub skipped: usize,
    pub matched: usize,
    /// One group per content version, oldest version name first: checklists change
    /// between versions, so their figures are kept apart.
    pub versions: Vec<VersionStats>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionStats {
    pub content_version: String,
    pub triages: usize,
    /// Reached a checklist.
    pub finished: usize,
    /// Stopped at a question.
    pub unfinished: usize,
    /// Stand at a node this playbook does not have (saved with other content).
    pub unknown_node: usize,
    pub outcomes: Vec<OutcomeStats>,
    pub pending: Vec<PendingStats>,
    pub codes: Vec<Count>,
    pub categories: Vec<Count>,
    /// Pastes the classifier could not place (no answer came of them).
    pub not_recognised: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpts: Option<Vec<Excerpt>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<SessionDetail>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub yes: usize,
    pub no: usize,
    pub partly: usize,
    pub not_yet: usize,
    pub not_recorded: usize,
}

impl Tally {
    fn add(&mut self, fixed: Option<Fixed>) {
        match fixed {
            Some(Fixed::Yes) => self.yes += 1,
            Some(Fixed::No) => self.no += 1,
            Some(Fixed::Partly) => self.partly += 1,
            Some(Fixed::NotYet) => self.not_yet += 1,
            None => self.not_recorded += 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeStats {
    pub id: String,
    pub title: String,
    pub category: String,
    pub reached: usize,
    /// Answered "yes" to "Did this fix it?".
    pub resolved: usize,
    pub answers: Tally,
    /// Which step fixed it (for "yes" and "partly"), most often first.
    pub by_step: Vec<StepCount>,
    /// The median time from the start of a triage to its "yes".
    pub median_seconds_to_resolution: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepCount {
    /// The step's number on the checklist (main steps, then the alternatives').
    pub number: Option<usize>,
    pub id: String,
    pub text: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingStats {
    pub question: String,
    pub key: String,
    pub prompt: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub name: String,
    pub count: usize,
}

/// A pasted error that was not recognised, redacted again and cut short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    pub session: String,
    pub text: String,
}

/// One session, only with `include_details`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionDetail {
    pub session: String,
    pub case: Option<String>,
    pub customer: Option<String>,
    pub started: String,
    /// The outcome id, or `pending: KEY`.
    pub standing: String,
    pub resolved: String,
    pub notes: Vec<String>,
}

/// How long an excerpt of a pasted error may be, in characters.
pub const EXCERPT_CHARS: usize = 200;

/// Seconds since the Unix epoch of an RFC 3339 time, if it is one.
pub fn seconds(rfc3339: &str) -> Option<i64> {
    let time = humantime::parse_rfc3339_weak(rfc3339.trim()).ok()?;
    match time.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).ok(),
        Err(e) => i64::try_from(e.duration().as_secs()).ok().map(|s| -s),
    }
}

/// `text` on one line, redacted again (a paste kept unredacted on request stays out
/// of the figures too), at most `EXCERPT_CHARS` characters.
pub fn excerpt(text: &str) -> String {
    let redacted = crate::classify::redact_with_emails(text).text;
    let one_line = redacted.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = one_line
        .chars()
        .filter(|c| !crate::text::is_hazard(*c))
        .take(EXCERPT_CHARS)
        .collect();
    if one_line.chars().count() > EXCERPT_CHARS {
        out.push('…');
    }
    out
}

#[derive(Default)]
struct OutcomeAcc {
    reached: usize,
    answers: Tally,
    by_step: HashMap<String, (Option<usize>, usize)>,
    durations: Vec<u64>,
}

#[derive(Default)]
struct VersionAcc {
    triages: usize,
    finished: usize,
    unfinished: usize,
    unknown_node: usize,
    outcomes: HashMap<String, OutcomeAcc>,
    pending: HashMap<String, usize>,
    codes: HashMap<String, usize>,
    categories: HashMap<String, usize>,
    not_recognised: usize,
    excerpts: Vec<Excerpt>,
    details: Vec<SessionDetail>,
}

/// The figures of `sessions` under `filter`. `playbook` names the checklists and
/// questions; a session standing at a node it lacks counts as `unknown_node`.
pub fn aggregate(sessions: &[Session], playbook: &Playbook, filter: &Filter) -> Stats {
    let since = filter.since.as_deref().and_then(seconds);
    let mut versions: BTreeMap<&str, VersionAcc> = BTreeMap::new();
    let mut matched = 0;
    for session in sessions {
        if filter
            .content_version
            .as_deref()
            .is_some_and(|v| v != session.content_version)
        {
            continue;
        }
        let started = seconds(&session.started);
        if let Some(since) = since
            && started.is_none_or(|s| s < since)
        {
            continue;
        }
        matched += 1;
        let acc = versions.entry(&session.content_version).or_default();
        acc.triages += 1;
        let current = session.triage.current();
        let resolution = session.resolution_here();
        let mut category = session
            .classification
            .as_ref()
            .map(|c| c.category.as_str())
            .filter(|c| *c != crate::classify::UNKNOWN_CATEGORY);
        let standing = match playbook.node(current) {
            Some(Node::Outcome(o)) => {
                acc.finished += 1;
                category = Some(&o.category);
                let out = acc.outcomes.entry(o.id.clone()).or_default();
                out.reached += 1;
                out.answers.add(resolution.map(|r| r.fixed));
                if let Some(r) = resolution {
                    if matches!(r.fixed, Fixed::Yes | Fixed::Partly)
                        && let Some(step) = &r.step
                    {
                        let number = o
                            .steps
                            .iter()
                            .chain(o.alternatives.iter().flat_map(|a| a.steps.iter()))
                            .position(|s| &s.id == step)
                            .map(|i| i + 1)
                            .or(r.step_number);
                        out.by_step.entry(step.clone()).or_insert((number, 0)).1 += 1;
                    }
                    if r.fixed == Fixed::Yes {
                        let end = r.recorded.as_deref().unwrap_or(&session.updated);
                        if let (Some(start), Some(end)) = (started, seconds(end))
                            && end >= start
                        {
                            out.durations.push((end - start) as u64);
                        }
                    }
                }
                o.id.clone()
            }
            Some(Node::Question(q)) => {
                acc.unfinished += 1;
                *acc.pending.entry(q.id.clone()).or_default() += 1;
                format!("pending: {}", q.key)
            }
            None => {
                acc.unknown_node += 1;
                format!("unknown node: {current}")
            }
        };
        if let Some(c) = &session.classification {
            let mut codes: Vec<&str> = c.codes.iter().map(String::as_str).collect();
            codes.sort_unstable();
            codes.dedup();
            for code in codes {
                *acc.codes.entry(code.to_string()).or_default() += 1;
            }
            if c.answers(playbook).is_empty() {
                acc.not_recognised += 1;
                if filter.include_details
                    && let Some(pasted) = &session.pasted
                {
                    acc.excerpts.push(Excerpt {
                        session: session.id.clone(),
                        text: excerpt(pasted),
                    });
                }
            }
        }
        if let Some(category) = category {
            *acc.categories.entry(category.to_string()).or_default() += 1;
        }
        if filter.include_details {
            // As in every report: what a person typed may hold a secret that a session
            // saved before a rule existed kept (F4).
            let scrub = |text: &str| crate::classify::redact(text).text;
            acc.details.push(SessionDetail {
                session: session.id.clone(),
                case: session.case_id.as_deref().map(scrub),
                customer: session.customer.as_deref().map(scrub),
                started: session.started.clone(),
                standing,
                resolved: crate::session::Resolution::for_report(resolution, None).summary(),
                notes: session.marks.notes.values().map(|n| scrub(n)).collect(),
            });
        }
    }
    Stats {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        since: filter.since.clone(),
        content_version: filter.content_version.clone(),
        include_details: filter.include_details,
        read: sessions.len(),
        skipped: 0,
        matched,
        versions: versions
            .into_iter()
            .map(|(version, acc)| finish(version, acc, playbook, filter.include_details))
            .collect(),
    }
}

/// Most first, then by name, so the output does not depend on the order of the files.
fn ranked(counts: HashMap<String, usize>) -> Vec<Count> {
    let mut out: Vec<Count> = counts
        .into_iter()
        .map(|(name, count)| Count { name, count })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    out
}

fn median(mut values: Vec<u64>) -> Option<u64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2
    } else {
        values[mid]
    })
}

fn finish(version: &str, acc: VersionAcc, playbook: &Playbook, details: bool) -> VersionStats {
    let mut outcomes: Vec<OutcomeStats> = acc
        .outcomes
        .into_iter()
        .map(|(id, o)| {
            let outcome = playbook.outcome(&id);
            let step_text = |step: &str| {
                outcome
                    .and_then(|o| {
                        o.steps
                            .iter()
                            .chain(o.alternatives.iter().flat_map(|a| a.steps.iter()))
                            .find(|s| s.id == step)
                    })
                    .map(|s| s.text.clone())
                    .unwrap_or_default()
            };
            let mut by_step: Vec<StepCount> = o
                .by_step
                .into_iter()
                .map(|(step, (number, count))| StepCount {
                    number,
                    text: step_text(&step),
                    id: step,
                    count,
                })
                .collect();
            by_step.sort_by(|a, b| {
                b.count
                    .cmp(&a.count)
                    .then_with(|| a.number.cmp(&b.number))
                    .then_with(|| a.id.cmp(&b.id))
            });
            OutcomeStats {
                title: outcome.map(|o| o.title.clone()).unwrap_or_default(),
                category: outcome.map(|o| o.category.clone()).unwrap_or_default(),
                reached: o.reached,
                resolved: o.answers.yes,
                answers: o.answers,
                by_step,
                median_seconds_to_resolution: median(o.durations),
                id,
            }
        })
        .collect();
    outcomes.sort_by(|a, b| b.reached.cmp(&a.reached).then_with(|| a.id.cmp(&b.id)));
    let mut pending: Vec<PendingStats> = acc
        .pending
        .into_iter()
        .map(|(id, count)| {
            let q = playbook.question(&id);
            PendingStats {
                key: q.map(|q| q.key.clone()).unwrap_or_default(),
                prompt: q.map(|q| q.prompt.clone()).unwrap_or_default(),
                question: id,
                count,
            }
        })
        .collect();
    pending.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.question.cmp(&b.question))
    });
    let mut excerpts = acc.excerpts;
    excerpts.sort_by(|a, b| a.session.cmp(&b.session));
    let mut sessions = acc.details;
    sessions.sort_by(|a, b| a.session.cmp(&b.session));
    VersionStats {
        content_version: version.to_string(),
        triages: acc.triages,
        finished: acc.finished,
        unfinished: acc.unfinished,
        unknown_node: acc.unknown_node,
        outcomes,
        pending,
        codes: ranked(acc.codes),
        categories: ranked(acc.categories),
        not_recognised: acc.not_recognised,
        excerpts: details.then_some(excerpts),
        details: details.then_some(sessions),
    }
}

/// The JSON form: safe to send to the playbook's keepers unless details were asked for.
pub fn to_json(stats: &Stats) -> String {
    let value = serde_json::json!({
        "schema": 1,
        "tool": {"name": "flowtriage", "version": stats.tool_version},
        "filters": {
            "since": stats.since,
            "content_version": stats.content_version,
            "include_details": stats.include_details,
        },
        "sessions": {"read": stats.read, "skipped": stats.skipped, "matched": stats.matched},
        "versions": stats.versions,
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&value).unwrap_or_default()
    )
}

/// `1h 05m`, `12m`, `40s`.
pub fn duration(seconds: u64) -> String {
    let (d, h, m, s) = (
        seconds / 86_400,
        seconds % 86_400 / 3_600,
        seconds % 3_600 / 60,
        seconds % 60,
    );
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, m) => format!("{m}m"),
        (0, h, m) => format!("{h}h {m:02}m"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![30, 10, 20]), Some(20));
        assert_eq!(median(vec![40, 10, 20, 30]), Some(25));
    }

    #[test]
    fn durations_read_at_a_glance() {
        assert_eq!(duration(40), "40s");
        assert_eq!(duration(12 * 60 + 5), "12m");
        assert_eq!(duration(3_600 + 5 * 60), "1h 05m");
        assert_eq!(duration(2 * 86_400 + 3 * 3_600), "2d 3h");
    }

    #[test]
    fn times_parse_with_or_without_fractions() {
        assert_eq!(seconds("1970-01-01T00:01:00Z"), Some(60));
        assert_eq!(
            seconds("2026-11-22T14:15:03Z"),
            seconds("2026-11-22T14:15:03.000Z")
        );
        assert_eq!(seconds("yesterday"), None);
    }

    #[test]
    fn excerpts_are_one_line_redacted_and_short() {
        let text = format!(
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghijklmnop\nline two {}",
            "x".repeat(400)
        );
        let e = excerpt(&text);
        assert!(!e.contains("eyJhbGciOiJIUzI1NiJ9"), "{e}");
        assert!(!e.contains('\n'));
        assert!(
            e.chars().count() <= EXCERPT_CHARS + 1 && e.ends_with('…'),
            "{e}"
        );
    }
}
