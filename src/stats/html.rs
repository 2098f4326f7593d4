//! One self-contained page for a team meeting: inline CSS and SVG charts, no scripts,
//! nothing fetched; every piece of text is escaped.

use super::{Count, Stats, VersionStats, duration};
use crate::report::escape_html as escape;

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}\
h1{font-size:1.5rem}h2{margin-top:2.5rem;border-bottom:1px solid #ccc}h3{margin-top:1.5rem}\
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .6rem;border-bottom:1px solid #eee;text-align:right}\
td:first-child,th:first-child{text-align:left}.note{color:#666}svg text{font-size:12px;fill:#222}\
.yes{fill:#2e7d32}.partly{fill:#f9a825}.no{fill:#c62828}.not-yet{fill:#6d7f99}.not-recorded{fill:#d0d0d0}.count{fill:#3f6fb5}\
.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}\
@media print{h2{break-before:auto}}";

const LABEL_WIDTH: usize = 260;
const BAR_WIDTH: usize = 380;
const ROW: usize = 22;

fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

/// Horizontal bars, one row per label, each made of segments (value, CSS class) scaled
/// so the largest row fills the width.
fn chart(title: &str, rows: &[(String, Vec<(usize, &str)>)]) -> String {
    let max = rows
        .iter()
        .map(|(_, parts)| parts.iter().map(|(v, _)| v).sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let height = rows.len() * ROW + 4;
    let width = LABEL_WIDTH + BAR_WIDTH + 50;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\"><title>{}</title>\n",
        escape(title)
    );
    for (i, (label, parts)) in rows.iter().enumerate() {
        let y = i * ROW + 2;
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{}\">{}</text>",
            y + 14,
            escape(&short(label, 40))
        ));
        let mut x = LABEL_WIDTH;
        let mut total = 0;
        for (value, class) in parts {
            let w = value * BAR_WIDTH / max;
            if w > 0 {
                svg.push_str(&format!(
                    "<rect class=\"{class}\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{}\"><title>{value}</title></rect>",
                    ROW - 6
                ));
            }
            x += w;
            total += value;
        }
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\">{total}</text>\n",
            x + 6,
            y + 14
        ));
    }
    svg.push_str("</svg>\n");
    svg
}

fn counts(html: &mut String, title: &str, counts: &[Count]) {
    if counts.is_empty() {
        return;
    }
    html.push_str(&format!("<h3>{}</h3>\n", escape(title)));
    let rows: Vec<(String, Vec<(usize, &str)>)> = counts
        .iter()
        .take(15)
        .map(|c| (c.name.clone(), vec![(c.count, "count")]))
        .collect();
    html.push_str(&chart(title, &rows));
    if counts.len() > 15 {
        html.push_str(&format!(
            "<p class=\"note\">and {} more (the JSON and CSV list them all)</p>\n",
            counts.len() - 15
        ));
    }
}

fn version(html: &mut String, v: &VersionStats) {
    html.push_str(&format!(
        "<h2>Content {}</h2>\n<p>{} triage(s): {} reached a checklist, {} unfinished",
        escape(&v.content_version),
        v.triages,
        v.finished,
        v.unfinished
    ));
    if v.unknown_node > 0 {
        html.push_str(&format!(
            ", {} at a node this playbook lacks",
            v.unknown_node
        ));
    }
    html.push_str(".</p>\n");
    if !v.outcomes.is_empty() {
        html.push_str("<h3>Checklists: did it fix it?</h3>\n<p class=\"legend\"><span style=\"background:#2e7d32\"></span>yes<span style=\"background:#f9a825\"></span>partly<span style=\"background:#c62828\"></span>no<span style=\"background:#6d7f99\"></span>not yet<span style=\"background:#d0d0d0\"></span>not recorded</p>\n");
        let rows: Vec<(String, Vec<(usize, &str)>)> = v
            .outcomes
            .iter()
            .map(|o| {
                let a = &o.answers;
                let label = if o.title.is_empty() { &o.id } else { &o.title };
                (
                    label.clone(),
                    vec![
                        (a.yes, "yes"),
                        (a.partly, "partly"),
                        (a.no, "no"),
                        (a.not_yet, "not-yet"),
                        (a.not_recorded, "not-recorded"),
                    ],
                )
            })
            .collect();
        html.push_str(&chart("Triages per checklist, by answer", &rows));
        html.push_str("<table>\n<tr><th>Checklist</th><th>Reached</th><th>Yes</th><th>Partly</th><th>No</th><th>Not yet</th><th>Not recorded</th><th>Fixed by</th><th>Median time to fixed</th></tr>\n");
        for o in &v.outcomes {
            let a = &o.answers;
            let by: Vec<String> = o
                .by_step
                .iter()
                .map(|s| match s.number {
                    Some(n) => format!("step {n} ({})", s.count),
                    None => format!("step {} ({})", s.id, s.count),
                })
                .collect();
            html.push_str(&format!(
                "<tr><td>{} <span class=\"note\">{}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                escape(if o.title.is_empty() { &o.id } else { &o.title }),
                escape(&o.category),
                o.reached,
                a.yes,
                a.partly,
                a.no,
                a.not_yet,
                a.not_recorded,
                escape(&by.join(", ")),
                o.median_seconds_to_resolution.map(duration).unwrap_or_default()
            ));
        }
        html.push_str("</table>\n");
    }
    if !v.pending.is_empty() {
        html.push_str("<h3>Where unfinished triages stop</h3>\n");
        let rows: Vec<(String, Vec<(usize, &str)>)> = v
            .pending
            .iter()
            .map(|p| {
                let label = if p.prompt.is_empty() {
                    &p.question
                } else {
                    &p.prompt
                };
                (label.clone(), vec![(p.count, "count")])
            })
            .collect();
        html.push_str(&chart("Unfinished triages by pending question", &rows));
    }
    counts(html, "Codes, most first", &v.codes);
    counts(html, "Categories, most first", &v.categories);
    html.push_str(&format!(
        "<p>Pastes not recognised: {}</p>\n",
        v.not_recognised
    ));
    if let Some(excerpts) = &v.excerpts
        && !excerpts.is_empty()
    {
        html.push_str("<ul>\n");
        for e in excerpts {
            html.push_str(&format!(
                "<li><code>{}</code>: {}</li>\n",
                escape(&e.session),
                escape(&e.text)
            ));
        }
        html.push_str("</ul>\n");
    }
    if let Some(details) = &v.details {
        html.push_str("<h3>Sessions</h3>\n<table>\n<tr><th>Session</th><th>Case</th><th>Customer</th><th>Standing</th><th>Resolved</th><th>Notes</th></tr>\n");
        for d in details {
            html.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                escape(&d.session),
                escape(d.case.as_deref().unwrap_or("")),
                escape(d.customer.as_deref().unwrap_or("")),
                escape(&d.standing),
                escape(&d.resolved),
                escape(&d.notes.join(" | "))
            ));
        }
        html.push_str("</table>\n");
    }
}

pub fn to_html(stats: &Stats) -> String {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>flowtriage stats</title>\n",
    );
    html.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    html.push_str(&format!(
        "<h1>flowtriage stats: {} triage(s)</h1>\n<p class=\"note\">flowtriage {}",
        stats.matched,
        escape(&stats.tool_version)
    ));
    if let Some(since) = &stats.since {
        html.push_str(&format!(" · since {}", escape(since)));
    }
    if let Some(v) = &stats.content_version {
        html.push_str(&format!(" · content version {}", escape(v)));
    }
    if stats.skipped > 0 {
        html.push_str(&format!(" · {} unreadable file(s) skipped", stats.skipped));
    }
    html.push_str("</p>\n");
    if !stats.include_details {
        html.push_str(
            "<p class=\"note\">No case ids, customers, notes or pasted text are shown.</p>\n",
        );
    }
    for v in &stats.versions {
        version(&mut html, v);
    }
    html.push_str("</body>\n</html>\n");
    html
}
