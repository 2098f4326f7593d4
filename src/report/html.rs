//! One self-contained, printable HTML page; every piece of text is escaped.

use super::{Audience, Report};
use crate::checklist::ChecklistStep;

const STYLE: &str = include_str!("../../assets/report.css");

/// Escape text for HTML element content and attribute values, and drop characters
/// that could reorder or hide what is shown (controls, bidi overrides, zero-width).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push(' '),
            c if super::is_hazard(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Only web links become links; anything else is shown as text.
fn link(url: &str, title: &str) -> String {
    let lower = url.trim().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        format!("<a href=\"{}\">{}</a>", escape(url.trim()), escape(title))
    } else {
        format!("{} ({})", escape(title), escape(url))
    }
}

/// The fallback checklists under their headings, each step list drawn by `draw`: the
/// customer's copy and the engineer's note differ only in heading level and step form.
fn alternatives(
    html: &mut String,
    report: &Report,
    heading: &str,
    draw: &dyn Fn(&mut String, &[ChecklistStep]),
) {
    for alt in &report.alternatives {
        html.push_str(&format!(
            "<{heading}>If that does not fix it: {}</{heading}>\n",
            escape(&alt.title)
        ));
        if let Some(when) = &alt.when {
            html.push_str(&format!("<p class=\"how\">{}</p>\n", escape(when)));
        }
        draw(html, &alt.steps);
    }
}

fn steps(html: &mut String, steps: &[ChecklistStep]) {
    html.push_str("<ul class=\"checklist\">\n");
    for s in steps {
        html.push_str(&format!(
            "<li class=\"{}\"><span class=\"box\">{}</span>{}",
            if s.done { "done" } else { "todo" },
            if s.done { "[x]" } else { "[ ]" },
            escape(&s.text)
        ));
        if let Some(title) = &s.link_title {
            html.push_str(&format!(
                " <span class=\"how\">See: {}</span>",
                escape(title)
            ));
        }
        if let Some(how) = &s.how {
            html.push_str(&format!("<span class=\"how\">{}</span>", escape(how)));
        }
        if let Some(note) = &s.note {
            html.push_str(&format!(
                "<span class=\"note\">Note: {}</span>",
                escape(note)
            ));
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ul>\n");
}

/// Escape a block of lines for `<pre>`: line breaks kept, hazards dropped.
fn escape_block(text: &str) -> String {
    text.split('\n').map(escape).collect::<Vec<_>>().join("\n")
}

fn head(html: &mut String, title: &str) {
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str(&format!("<title>flowtriage: {}</title>\n", escape(title)));
    html.push_str(&format!("<style>\n{STYLE}</style>\n</head>\n<body>\n"));
}

fn references(html: &mut String, report: &Report, heading: &str) {
    if report.references.is_empty() {
        return;
    }
    html.push_str(&format!("<h2>{heading}</h2>\n<ul>\n"));
    for r in &report.references {
        html.push_str(&format!("<li>{}</li>\n", link(&r.url, &r.title)));
    }
    html.push_str("</ul>\n");
}

pub fn to_html(report: &Report) -> String {
    match report.audience {
        Audience::Engineer => engineer(report),
        Audience::Customer => customer(report),
    }
}

/// The customer's copy: the steps to follow, numbered, in plain words.
fn customer(report: &Report) -> String {
    let title = report
        .outcome
        .as_ref()
        .map(|o| o.title.as_str())
        .unwrap_or("Triage in progress");
    let mut html = String::new();
    head(&mut html, title);
    html.push_str(&format!("<h1>{}</h1>\n", escape(title)));
    if let Some(greeting) = &report.greeting {
        html.push_str(&format!("<p>{}</p>\n", escape(greeting)));
    }
    let numbered = |html: &mut String, steps: &[ChecklistStep]| {
        html.push_str("<ol class=\"steps\">\n");
        for s in steps {
            html.push_str(&format!("<li>{}", escape(&s.text)));
            if let Some(how) = &s.how {
                html.push_str(&format!("<span class=\"how\">{}</span>", escape(how)));
            }
            if let Some(title) = &s.link_title {
                html.push_str(&format!(
                    "<span class=\"how\">See: {}</span>",
                    escape(title)
                ));
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n");
    };
    if let Some(o) = &report.outcome {
        html.push_str(&format!(
            "<h2>What happened</h2>\n<p>{}</p>\n<h2>What to do</h2>\n",
            escape(&o.cause)
        ));
        numbered(&mut html, &report.steps);
        alternatives(&mut html, report, "h2", &numbered);
        references(&mut html, report, "More to read");
    }
    if let Some(p) = &report.pending {
        html.push_str(&format!(
            "<h2>Still to find out</h2>\n<p>{}</p>\n",
            escape(&p.prompt)
        ));
    }
    let mut sign = Vec::new();
    if let Some(case) = &report.meta.case_id {
        sign.push(format!("Case <code>{}</code>", escape(case)));
    }
    if let Some(engineer) = &report.meta.engineer {
        sign.push(escape(engineer));
    }
    if !sign.is_empty() {
        html.push_str(&format!("<p class=\"how\">{}</p>\n", sign.join(" · ")));
    }
    html.push_str("</body>\n</html>\n");
    html
}

fn engineer(report: &Report) -> String {
    let title = report
        .outcome
        .as_ref()
        .map(|o| o.title.as_str())
        .unwrap_or("Triage in progress");
    let mut html = String::new();
    head(&mut html, title);
    html.push_str(&format!(
        "<h1>{}</h1>\n<dl class=\"meta\">\n",
        escape(title)
    ));
    let mut meta = |label: &str, value: &Option<String>| {
        if let Some(v) = value {
            html.push_str(&format!("<dt>{label}</dt><dd>{}</dd>\n", escape(v)));
        }
    };
    meta("Case", &report.meta.case_id);
    meta("Customer", &report.meta.customer);
    meta("Engineer", &report.meta.engineer);
    meta("Started (UTC)", &report.meta.started);
    meta("Exported (UTC)", &report.meta.finished);
    meta("Resolved", &report.resolution.as_ref().map(|r| r.summary()));
    html.push_str(&format!(
        "<dt>Tool</dt><dd>flowtriage {} · content {} ({})</dd>\n</dl>\n",
        escape(&report.tool_version),
        escape(&report.content_version),
        escape(&report.content_source)
    ));
    if let Some(c) = &report.classification {
        html.push_str("<h2>What the error says</h2>\n<ul class=\"evidence\">\n");
        if c.is_recognised() {
            html.push_str(&format!(
                "<li>Category <code>{}</code> (confidence {:.2})</li>\n",
                escape(&c.category),
                c.confidence
            ));
            if c.is_tentative() {
                html.push_str(&format!(
                    "<li><strong>Tentative:</strong> {}</li>\n",
                    escape(crate::classify::TENTATIVE_NOTE)
                ));
            }
        } else {
            html.push_str(&format!(
                "<li><strong>{}</strong></li>\n",
                escape(&c.not_recognised_line())
            ));
        }
        for id in &report.identifiers {
            html.push_str(&format!(
                "<li>{}: <code>{}</code></li>\n",
                escape(&id.label),
                escape(&id.value)
            ));
        }
        for e in &c.evidence {
            html.push_str(&format!("<li>Evidence: <code>{}</code></li>\n", escape(e)));
        }
        if report.redactions > 0 {
            html.push_str(&format!(
                "<li>Secrets hidden in the pasted text: {}</li>\n",
                report.redactions
            ));
        }
        html.push_str("</ul>\n");
    }
    if let Some(e) = &report.excerpt {
        html.push_str(&format!(
            "<h2>Error as pasted</h2>\n<p class=\"how\">{}</p>\n<pre class=\"excerpt\">{}</pre>\n",
            escape(&super::markdown::excerpt_caption(e)),
            escape_block(e.text.trim_end_matches('\n'))
        ));
    }
    if let Some(i) = &report.inspection {
        html.push_str(&format!(
            "<h2>From the inspected file {}</h2>\n<ul class=\"evidence\">\n",
            escape(&i.file)
        ));
        for a in &i.answers {
            html.push_str(&format!(
                "<li>{} = <strong>{}</strong>: {}</li>\n",
                escape(&a.key),
                escape(&a.value),
                escape(&a.evidence)
            ));
        }
        for f in &i.findings {
            html.push_str(&format!(
                "<li>Finding ({}): {}. {}</li>\n",
                escape(&f.category),
                escape(&f.detail),
                escape(&f.evidence)
            ));
        }
        for n in &i.notes {
            html.push_str(&format!("<li>Note: {}</li>\n", escape(n)));
        }
        html.push_str("</ul>\n");
    }
    if !report.answers.is_empty() {
        html.push_str("<h2>Answers</h2>\n<ul>\n");
        for a in &report.answers {
            html.push_str(&format!(
                "<li>{} <strong>{}</strong> <span class=\"how\">({})</span></li>\n",
                escape(&a.prompt),
                escape(&a.label),
                escape(&a.source)
            ));
        }
        html.push_str("</ul>\n");
    }
    if let Some(o) = &report.outcome {
        html.push_str(&format!("<h2>Cause</h2>\n<p>{}</p>\n", escape(&o.cause)));
        if let Some(month) = &o.advice_checked {
            html.push_str(&format!(
                "<p class=\"how\">Advice checked {}.</p>\n",
                escape(month)
            ));
        }
        html.push_str("<h2>Checklist</h2>\n");
        steps(&mut html, &report.steps);
        alternatives(&mut html, report, "h3", &steps);
        references(&mut html, report, "References");
    }
    if let Some(p) = &report.pending {
        html.push_str(&format!(
            "<h2>Still to answer</h2>\n<p>{} (<code>--answer {}=…</code>, one of: {})</p>\n",
            escape(&p.prompt),
            escape(&p.key),
            escape(&p.options.join(", "))
        ));
    }
    html.push_str("</body>\n</html>\n");
    html
}
