//! GitHub-style Markdown that reads as well raw (pasted into a plain-text ticket) as
//! rendered: the checklist as `- [ ]` / `- [x]` items, identifiers, codes, paths and
//! XML in code spans, the pasted error in a fenced block, and no backslash escapes.
//!
//! Safety without escapes: user text is split into words, and any word that Markdown
//! could read as structure (`<`, `*`, `_`, `[`, `` ` ``, `\`, `@`, …) goes into a code
//! span, where nothing is structure; its fence is longer than any run of backticks in
//! it, so a pasted backtick or `</code>` cannot close it. Newlines become spaces, so
//! no user text starts a line.

use super::{Audience, Report};
use crate::checklist::ChecklistStep;

/// `text` as one line: line breaks become spaces, and characters that steer a
/// terminal or hide text are dropped.
fn one_line(text: &str) -> String {
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

/// `text` as an inline code span, whatever it holds.
pub fn code(text: &str) -> String {
    let text = one_line(text);
    if text.is_empty() {
        return String::new();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // A leading or trailing backtick would join the fence; a space on both sides is
    // stripped by the renderer, so pad both.
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' ') && text.trim() != "");
    if pad {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// Whether a word could turn into Markdown structure (emphasis, a link, HTML, an
/// autolink, an escape) or is an identifier, path or piece of XML.
fn is_code_like(word: &str) -> bool {
    // Arrows and separators between words ("Solutions > Default Solution") are prose.
    // A tilde is not one of them: two of them make strikethrough ("~/~").
    if word
        .chars()
        .all(|c| matches!(c, '>' | '-' | '=' | '/' | '|'))
    {
        return false;
    }
    word.contains([
        '_', '<', '>', '/', '\\', '`', '*', '[', ']', '{', '}', '|', '~', '=', '$', '#', '@',
    ]) || (word.contains('&') && word.contains(';'))
        || word.to_ascii_lowercase().starts_with("www.")
        || is_dotted_name(word)
}

/// A file or property name like `customizations.xml` or `body.value`: two or more
/// letters or digits on each side of an inner dot, and a letter somewhere (so `0.95`
/// and `e.g.` stay prose).
fn is_dotted_name(word: &str) -> bool {
    let word = word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'']);
    let mut parts = word.split('.');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    let name = |p: &str| p.chars().filter(|c| c.is_alphanumeric()).count() >= 2;
    !rest.is_empty()
        && name(first)
        && rest.iter().all(|p| name(p))
        && word.chars().any(|c| c.is_ascii_alphabetic())
}

/// User or content text as Markdown prose: words as they are, code-like words in code
/// spans (with surrounding brackets and punctuation kept outside).
pub fn prose(text: &str) -> String {
    let text = one_line(text);
    let mut out = String::with_capacity(text.len() + 8);
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if !is_code_like(word) {
            out.push_str(word);
            continue;
        }
        let core_start = word
            .char_indices()
            .find(|(_, c)| !matches!(c, '(' | '"' | '\''))
            .map_or(word.len(), |(i, _)| i);
        let core_end = word
            .char_indices()
            .rev()
            .find(|(_, c)| !matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | '"' | '\''))
            .map_or(0, |(i, c)| i + c.len_utf8());
        if core_start >= core_end || !is_code_like(&word[core_start..core_end]) {
            out.push_str(&code(word));
            continue;
        }
        out.push_str(&word[..core_start]);
        out.push_str(&code(&word[core_start..core_end]));
        out.push_str(&word[core_end..]);
    }
    out
}

/// Prose that starts a line (a paragraph): a list or heading marker at its start is
/// kept as text, and a code span never opens the line (three backticks would open a
/// fenced block).
fn paragraph(text: &str) -> String {
    let text = prose(text.trim());
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && matches!(text[digits..].chars().next(), Some('.' | ')')) {
        return format!("{}\\{}", &text[..digits], &text[digits..]);
    }
    match text.chars().next() {
        Some('#' | '>' | '-' | '+' | '=' | '*' | '~') => format!("\\{text}"),
        // A no-break space: not indentation to Markdown, so the line stays a paragraph.
        Some('`') => format!("\u{A0}{text}"),
        _ => text,
    }
}

/// A fenced block that nothing in `text` can close.
fn fenced(text: &str, info: &str) -> String {
    let mut longest = 0;
    for line in text.lines() {
        let run = line.trim_start().chars().take_while(|c| *c == '`').count();
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    let body: String = text
        .chars()
        .filter(|c| *c == '\n' || !super::is_hazard(*c))
        .collect();
    format!("{fence}{info}\n{}\n{fence}\n", body.trim_end_matches('\n'))
}

/// A reference: a link for web addresses, the address as code otherwise.
fn reference(title: &str, url: &str) -> String {
    let lower = url.trim().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        format!(
            "[{}](<{}>)",
            prose(title),
            url.trim().replace(['<', '>', ' ', '\n', '\r'], "")
        )
    } else {
        format!("{} ({})", prose(title), code(url))
    }
}

pub fn to_markdown(report: &Report) -> String {
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
    let mut md = String::new();
    md.push_str(&format!("# flowtriage: {}\n\n", prose(title(report))));
    if let Some(case) = &report.meta.case_id {
        md.push_str(&format!("- **Case:** {}\n", code(case)));
    }
    if let Some(customer) = &report.meta.customer {
        md.push_str(&format!("- **Customer:** {}\n", prose(customer)));
    }
    if let Some(engineer) = &report.meta.engineer {
        md.push_str(&format!("- **Engineer:** {}\n", prose(engineer)));
    }
    if let Some(started) = &report.meta.started {
        md.push_str(&format!("- **Started (UTC):** {}\n", prose(started)));
    }
    if let Some(exported) = &report.meta.finished {
        md.push_str(&format!("- **Exported (UTC):** {}\n", prose(exported)));
    }
    if let Some(r) = &report.resolution {
        md.push_str(&format!("- **Resolved:** {}\n", prose(&r.summary())));
    }
    md.push_str(&format!(
        "- **Tool:** flowtriage {} · content {} ({})\n\n",
        prose(&report.tool_version),
        prose(&report.content_version),
        prose(&report.content_source)
    ));

    if let Some(c) = &report.classification {
        md.push_str("## What the error says\n\n");
        if c.is_recognised() {
            md.push_str(&format!(
                "- **Category:** {} (confidence {:.2})\n",
                code(&c.category),
                c.confidence
            ));
            if c.is_tentative() {
                md.push_str(&format!(
                    "- **Tentative:** {}\n",
                    prose(crate::classify::TENTATIVE_NOTE)
                ));
            }
        } else {
            md.push_str(&format!("- **{}**\n", prose(&c.not_recognised_line())));
        }
        for id in &report.identifiers {
            let values: Vec<String> = if id.key == "codes" {
                id.value.split(", ").map(code).collect()
            } else {
                vec![code(&id.value)]
            };
            md.push_str(&format!(
                "- **{}:** {}\n",
                prose(&id.label),
                values.join(", ")
            ));
        }
        for e in &c.evidence {
            md.push_str(&format!("- Evidence: {}\n", code(e)));
        }
        if report.redactions > 0 {
            md.push_str(&format!(
                "- Secrets hidden in the pasted text: {}\n",
                report.redactions
            ));
        }
        md.push('\n');
    }

    if let Some(e) = &report.excerpt {
        md.push_str("## Error as pasted\n\n");
        md.push_str(&excerpt_caption(e));
        md.push_str(".\n\n");
        md.push_str(&fenced(&e.text, "text"));
        md.push('\n');
    }

    if let Some(i) = &report.inspection {
        md.push_str(&format!("## From the inspected file {}\n\n", code(&i.file)));
        for a in &i.answers {
            md.push_str(&format!(
                "- {} = {}: {}\n",
                code(&a.key),
                code(&a.value),
                prose(&a.evidence)
            ));
        }
        for f in &i.findings {
            md.push_str(&format!(
                "- Finding ({}): {}. {}\n",
                code(&f.category),
                prose(&f.detail),
                prose(&f.evidence)
            ));
        }
        for n in &i.notes {
            md.push_str(&format!("- Note: {}\n", prose(n)));
        }
        md.push('\n');
    }

    if !report.answers.is_empty() {
        md.push_str("## Answers\n\n");
        for a in &report.answers {
            md.push_str(&format!(
                "- {} **{}** ({})\n",
                prose(&a.prompt),
                prose(&a.label),
                prose(&a.source)
            ));
        }
        md.push('\n');
    }

    if let Some(o) = &report.outcome {
        md.push_str(&format!("## Cause\n\n{}\n\n", paragraph(&o.cause)));
        if let Some(month) = &o.advice_checked {
            md.push_str(&format!("*Advice checked {}.*\n\n", prose(month)));
        }
        md.push_str("## Checklist\n\n");
        push_steps(&mut md, &report.steps);
        for alt in &report.alternatives {
            md.push_str(&format!(
                "\n### If that does not fix it: {}\n\n",
                prose(&alt.title)
            ));
            if let Some(when) = &alt.when {
                md.push_str(&format!("{}\n\n", paragraph(when)));
            }
            push_steps(&mut md, &alt.steps);
        }
        push_references(&mut md, report, "References");
    }
    if let Some(p) = &report.pending {
        md.push_str(&format!(
            "## Still to answer\n\n{} ({}, one of: {})\n",
            paragraph(&p.prompt),
            code(&format!("--answer {}=…", p.key)),
            p.options
                .iter()
                .map(|o| code(o))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    md
}

/// "Redacted; 5 of 501 lines, around what matched" (no closing full stop).
pub fn excerpt_caption(e: &super::Excerpt) -> String {
    let mut caption = String::from("Redacted");
    if e.redacted > 0 {
        caption.push_str(&format!(" ({} hidden)", e.redacted));
    }
    if e.is_partial() {
        caption.push_str(&format!(
            "; {} of {} lines, around what matched",
            e.lines_shown, e.lines_total
        ));
    }
    caption
}

fn push_references(md: &mut String, report: &Report, heading: &str) {
    if report.references.is_empty() {
        return;
    }
    md.push_str(&format!("\n## {heading}\n\n"));
    for r in &report.references {
        md.push_str(&format!("- {}\n", reference(&r.title, &r.url)));
    }
}

fn push_steps(md: &mut String, steps: &[ChecklistStep]) {
    for s in steps {
        md.push_str(&format!(
            "- [{}] {}\n",
            if s.done { "x" } else { " " },
            prose(&s.text)
        ));
        if let Some(how) = &s.how {
            md.push_str(&format!("  - How: {}\n", prose(how)));
        }
        if let Some(title) = &s.link_title {
            md.push_str(&format!("  - See: {}\n", prose(title)));
        }
        if let Some(note) = &s.note {
            md.push_str(&format!("  - Note: {}\n", prose(note)));
        }
    }
}

/// The customer's copy: the steps to follow, numbered, in plain words.
fn customer(report: &Report) -> String {
    let mut md = format!("# {}\n\n", prose(title(report)));
    if let Some(greeting) = &report.greeting {
        md.push_str(&format!("{}\n\n", paragraph(greeting)));
    }
    if let Some(o) = &report.outcome {
        md.push_str(&format!("## What happened\n\n{}\n\n", paragraph(&o.cause)));
        md.push_str("## What to do\n\n");
        push_numbered(&mut md, &report.steps);
        for alt in &report.alternatives {
            md.push_str(&format!(
                "\n## If that does not fix it: {}\n\n",
                prose(&alt.title)
            ));
            if let Some(when) = &alt.when {
                md.push_str(&format!("{}\n\n", paragraph(when)));
            }
            push_numbered(&mut md, &alt.steps);
        }
        push_references(&mut md, report, "More to read");
    }
    if let Some(p) = &report.pending {
        md.push_str(&format!(
            "## Still to find out\n\n{}\n",
            paragraph(&p.prompt)
        ));
    }
    let mut sign = Vec::new();
    if let Some(case) = &report.meta.case_id {
        sign.push(format!("Case {}", code(case)));
    }
    if let Some(engineer) = &report.meta.engineer {
        sign.push(prose(engineer));
    }
    if !sign.is_empty() {
        md.push_str(&format!("\n{}\n", sign.join(" · ")));
    }
    md
}

fn push_numbered(md: &mut String, steps: &[ChecklistStep]) {
    for (i, s) in steps.iter().enumerate() {
        md.push_str(&format!("{}. {}\n", i + 1, prose(&s.text)));
        if let Some(how) = &s.how {
            md.push_str(&format!("   - How: {}\n", prose(how)));
        }
        if let Some(title) = &s.link_title {
            md.push_str(&format!("   - See: {}\n", prose(title)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_go_into_code_spans_and_prose_stays_as_written() {
        assert_eq!(
            prose("Re-add shared_office365, then <Managed>0</Managed>."),
            "Re-add `shared_office365`, then `<Managed>0</Managed>`."
        );
        assert_eq!(
            prose("Open Solutions > Default Solution (connectionReferences.*.runtimeSource)"),
            "Open Solutions > Default Solution (`connectionReferences.*.runtimeSource`)"
        );
        assert_eq!(
            prose("Ask for \"approval\" & more"),
            "Ask for \"approval\" & more"
        );
        assert_eq!(
            prose("Edit customizations.xml, e.g. with 0.95 confidence."),
            "Edit `customizations.xml`, e.g. with 0.95 confidence."
        );
        // Tildes around a separator would be strikethrough: they go into a code span.
        assert_eq!(prose("~/~"), "`~/~`");
        assert_eq!(prose("a -> b"), "a -> b");
    }

    #[test]
    fn a_code_span_cannot_be_closed_from_inside() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(code("</code>"), "`</code>`");
        assert_eq!(prose("x ``` y"), "x ```` ``` ```` y");
    }

    #[test]
    fn a_paragraph_never_opens_a_list_heading_or_fence() {
        assert_eq!(paragraph("- not a list"), "\\- not a list");
        assert_eq!(paragraph("# not a heading"), "\u{A0}`#` not a heading");
        assert_eq!(paragraph("1. not a list"), "1\\. not a list");
        assert!(paragraph("``` x").starts_with('\u{A0}'));
    }

    #[test]
    fn a_fence_is_longer_than_any_inside() {
        let block = fenced("a\n````\nb", "text");
        assert!(block.starts_with("`````text\n"), "{block}");
        assert!(block.ends_with("\n`````\n"), "{block}");
    }
}
