//! Plain text for ticket systems that render nothing: the same facts as Markdown
//! (cause, numbered steps with ticks and notes, fallback steps, evidence, the error as
//! pasted, references, case, customer, engineer, times, versions), wrapped to `WIDTH`
//! columns. This is also what `y` copies in the wizard.

use unicode_width::UnicodeWidthStr;

use super::{Audience, Report};
use crate::checklist::ChecklistStep;

/// Columns a plain-text ticket shows without wrapping lines itself.
pub const WIDTH: usize = 78;

fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '\n' || c == '\r' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !super::is_hazard(*c))
        .collect()
}

/// `text` wrapped at word boundaries: the first line starts with `first`, the others
/// with `rest` (a hanging indent). A word longer than the line (an address) is kept
/// whole on a line of its own.
fn wrap(text: &str, first: &str, rest: &str) -> String {
    let text = clean(text);
    let mut out = String::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !empty && line.width() + 1 + word.width() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

fn heading(out: &mut String, title: &str) {
    out.push('\n');
    out.push_str(&wrap(title, "", ""));
}

pub fn to_text(report: &Report) -> String {
    match report.audience {
        Audience::Engineer => engineer(report),
        Audience::Customer => customer(report),
    }
}

fn title(report: &Report) -> &str {
    report
        .outcome
        .as_ref()
        .map(|o| o.title.as_str())
        .unwrap_or("Triage in progress")
}

fn engineer(report: &Report) -> String {
    let mut out = wrap(&format!("flowtriage: {}", title(report)), "", "  ");
    let field = |out: &mut String, label: &str, value: &str| {
        out.push_str(&wrap(&format!("{label}: {value}"), "", "  "));
    };
    if let Some(case) = &report.meta.case_id {
        field(&mut out, "Case", case);
    }
    if let Some(customer) = &report.meta.customer {
        field(&mut out, "Customer", customer);
    }
    if let Some(engineer) = &report.meta.engineer {
        field(&mut out, "Engineer", engineer);
    }
    if let Some(started) = &report.meta.started {
        field(&mut out, "Started (UTC)", started);
    }
    if let Some(exported) = &report.meta.finished {
        field(&mut out, "Exported (UTC)", exported);
    }
    if let Some(r) = &report.resolution {
        field(&mut out, "Resolved", &r.summary());
    }
    field(
        &mut out,
        "Tool",
        &format!(
            "flowtriage {} · content {} ({})",
            report.tool_version, report.content_version, report.content_source
        ),
    );

    if let Some(c) = &report.classification {
        heading(&mut out, "What the error says");
        let category = if c.is_recognised() {
            format!("Category: {} (confidence {:.2})", c.category, c.confidence)
        } else {
            c.not_recognised_line()
        };
        out.push_str(&wrap(&category, "  ", "    "));
        if c.is_tentative() {
            out.push_str(&wrap(
                &format!("Tentative: {}", crate::classify::TENTATIVE_NOTE),
                "  ",
                "    ",
            ));
        }
        for id in &report.identifiers {
            out.push_str(&wrap(&format!("{}: {}", id.label, id.value), "  ", "    "));
        }
        for e in &c.evidence {
            out.push_str(&wrap(&format!("Evidence: {e}"), "  ", "    "));
        }
        if report.redactions > 0 {
            out.push_str(&wrap(
                &format!("Secrets hidden in the pasted text: {}", report.redactions),
                "  ",
                "    ",
            ));
        }
    }

    if let Some(e) = &report.excerpt {
        heading(
            &mut out,
            &format!(
                "Error as pasted ({})",
                super::markdown::excerpt_caption(e).to_lowercase()
            ),
        );
        for line in e.text.lines() {
            let line: String = line.chars().filter(|c| !super::is_hazard(*c)).collect();
            out.push_str(format!("  | {line}").trim_end());
            out.push('\n');
        }
    }

    if let Some(i) = &report.inspection {
        heading(&mut out, &format!("From the inspected file {}", i.file));
        for a in &i.answers {
            out.push_str(&wrap(
                &format!("{}={}: {}", a.key, a.value, a.evidence),
                "  ",
                "    ",
            ));
        }
        for f in &i.findings {
            out.push_str(&wrap(
                &format!("Finding ({}): {}. {}", f.category, f.detail, f.evidence),
                "  ",
                "    ",
            ));
        }
        for n in &i.notes {
            out.push_str(&wrap(&format!("Note: {n}"), "  ", "    "));
        }
    }

    if !report.answers.is_empty() {
        heading(&mut out, "Answers");
        for a in &report.answers {
            out.push_str(&wrap(
                &format!("{} -> {} ({})", a.prompt, a.label, a.source),
                "  ",
                "    ",
            ));
        }
    }

    if let Some(o) = &report.outcome {
        heading(&mut out, "Cause");
        out.push_str(&wrap(&o.cause, "  ", "  "));
        if let Some(month) = &o.advice_checked {
            out.push_str(&wrap(&format!("Advice checked {month}."), "  ", "  "));
        }
        heading(&mut out, "Checklist");
        push_steps(&mut out, &report.steps, true);
        for alt in &report.alternatives {
            heading(&mut out, &format!("If that does not fix it: {}", alt.title));
            if let Some(when) = &alt.when {
                out.push_str(&wrap(when, "  ", "  "));
            }
            push_steps(&mut out, &alt.steps, true);
        }
        push_references(&mut out, report, "References");
    }
    if let Some(p) = &report.pending {
        heading(&mut out, "Still to answer");
        out.push_str(&wrap(
            &format!(
                "{} (--answer {}=…; one of: {})",
                p.prompt,
                p.key,
                p.options.join(", ")
            ),
            "  ",
            "    ",
        ));
    }
    out
}

fn push_references(out: &mut String, report: &Report, title: &str) {
    if report.references.is_empty() {
        return;
    }
    heading(out, title);
    for r in &report.references {
        out.push_str(&wrap(&r.title, "  - ", "    "));
        out.push_str(&format!("    {}\n", clean(&r.url)));
    }
}

/// Numbered steps; with `ticks`, each with its box, and notes below.
fn push_steps(out: &mut String, steps: &[ChecklistStep], ticks: bool) {
    for (i, s) in steps.iter().enumerate() {
        let first = if ticks {
            format!("  {}. [{}] ", i + 1, if s.done { "x" } else { " " })
        } else {
            format!("  {}. ", i + 1)
        };
        let rest = " ".repeat(first.len());
        out.push_str(&wrap(&s.text, &first, &rest));
        if let Some(how) = &s.how {
            out.push_str(&wrap(&format!("How: {how}"), &rest, &rest));
        }
        if let Some(title) = &s.link_title {
            out.push_str(&wrap(&format!("See: {title}"), &rest, &rest));
        }
        if ticks && let Some(note) = &s.note {
            out.push_str(&wrap(&format!("Note: {note}"), &rest, &rest));
        }
    }
}

/// The customer's copy: the steps to follow, numbered, in plain words.
fn customer(report: &Report) -> String {
    let mut out = wrap(title(report), "", "");
    if let Some(greeting) = &report.greeting {
        out.push('\n');
        out.push_str(&wrap(greeting, "", ""));
    }
    if let Some(o) = &report.outcome {
        heading(&mut out, "What happened");
        out.push_str(&wrap(&o.cause, "  ", "  "));
        heading(&mut out, "What to do");
        push_steps(&mut out, &report.steps, false);
        for alt in &report.alternatives {
            heading(&mut out, &format!("If that does not fix it: {}", alt.title));
            if let Some(when) = &alt.when {
                out.push_str(&wrap(when, "  ", "  "));
            }
            push_steps(&mut out, &alt.steps, false);
        }
        push_references(&mut out, report, "More to read");
    }
    if let Some(p) = &report.pending {
        heading(&mut out, "Still to find out");
        out.push_str(&wrap(&p.prompt, "  ", "  "));
    }
    let mut sign = Vec::new();
    if let Some(case) = &report.meta.case_id {
        sign.push(format!("Case {}", clean(case)));
    }
    if let Some(engineer) = &report.meta.engineer {
        sign.push(clean(engineer));
    }
    if !sign.is_empty() {
        out.push('\n');
        out.push_str(&wrap(&sign.join(" · "), "", ""));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_the_width_with_a_hanging_indent() {
        let text = "word ".repeat(40);
        let wrapped = wrap(&text, "  1. [ ] ", "         ");
        for line in wrapped.lines() {
            assert!(line.width() <= WIDTH, "{line:?}");
        }
        assert!(wrapped.starts_with("  1. [ ] word"));
        assert!(
            wrapped
                .lines()
                .nth(1)
                .expect("two lines")
                .starts_with("         word")
        );
        let url = format!("https://example.invalid/{}", "a".repeat(100));
        assert_eq!(wrap(&url, "    ", "    "), format!("    {url}\n"));
    }
}
