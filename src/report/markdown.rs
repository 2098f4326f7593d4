//! GitHub-style Markdown: the checklist as `- [ ]` / `- [x]` items.

use super::Report;

/// Keep user text from turning into Markdown structure (links, headings, HTML).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if super::is_hazard(c) => {}
            c => out.push(c),
        }
    }
    out
}

pub fn to_markdown(report: &Report) -> String {
    let mut md = String::new();
    let title = report
        .outcome
        .as_ref()
        .map(|o| o.title.as_str())
        .unwrap_or("Triage in progress");
    md.push_str(&format!("# flowtriage: {title}\n\n"));
    if let Some(case) = &report.meta.case_id {
        md.push_str(&format!("- **Case:** {}\n", escape(case)));
    }
    if let Some(customer) = &report.meta.customer {
        md.push_str(&format!("- **Customer:** {}\n", escape(customer)));
    }
    if let Some(engineer) = &report.meta.engineer {
        md.push_str(&format!("- **Engineer:** {}\n", escape(engineer)));
    }
    if let Some(started) = &report.meta.started {
        md.push_str(&format!("- **Started (UTC):** {started}\n"));
    }
    if let Some(finished) = &report.meta.finished {
        md.push_str(&format!("- **Finished (UTC):** {finished}\n"));
    }
    md.push_str(&format!(
        "- **Tool:** flowtriage {} · content {} ({})\n\n",
        report.tool_version, report.content_version, report.content_source
    ));

    if let Some(c) = &report.classification {
        md.push_str("## What the error says\n\n");
        if c.is_recognised() {
            md.push_str(&format!(
                "- **Category:** `{}` (confidence {:.2})\n",
                c.category, c.confidence
            ));
        } else {
            md.push_str(&format!("- **{}**\n", escape(&c.not_recognised_line())));
        }
        if !c.codes.is_empty() {
            md.push_str(&format!("- **Codes:** {}\n", escape(&c.codes.join(", "))));
        }
        for (name, value) in &c.facts {
            md.push_str(&format!("- **{}:** {}\n", escape(name), escape(value)));
        }
        for e in &c.evidence {
            md.push_str(&format!("- Evidence: {}\n", escape(e)));
        }
        if report.redactions > 0 {
            md.push_str(&format!(
                "- {} secret(s) were redacted from the pasted text.\n",
                report.redactions
            ));
        }
        md.push('\n');
    }

    if let Some(i) = &report.inspection {
        md.push_str(&format!(
            "## From the inspected file {}\n\n",
            escape(&i.file)
        ));
        for a in &i.answers {
            md.push_str(&format!(
                "- {} = **{}**: {}\n",
                escape(&a.key),
                escape(&a.value),
                escape(&a.evidence)
            ));
        }
        for f in &i.findings {
            md.push_str(&format!(
                "- Finding ({}): {}. {}\n",
                escape(&f.category),
                escape(&f.detail),
                escape(&f.evidence)
            ));
        }
        for n in &i.notes {
            md.push_str(&format!("- Note: {}\n", escape(n)));
        }
        md.push('\n');
    }

    if !report.answers.is_empty() {
        md.push_str("## Answers\n\n");
        for a in &report.answers {
            md.push_str(&format!(
                "- {} **{}** ({})\n",
                escape(&a.prompt),
                escape(&a.label),
                a.source
            ));
        }
        md.push('\n');
    }

    if let Some(o) = &report.outcome {
        md.push_str(&format!("## Cause\n\n{}\n\n", escape(&o.cause)));
        md.push_str("## Checklist\n\n");
        push_steps(&mut md, &report.steps);
        for alt in &report.alternatives {
            md.push_str(&format!(
                "\n### If that does not fix it: {}\n\n",
                escape(&alt.title)
            ));
            if let Some(when) = &alt.when {
                md.push_str(&format!("{}\n\n", escape(when)));
            }
            push_steps(&mut md, &alt.steps);
        }
        if !report.references.is_empty() {
            md.push_str("\n## References\n\n");
            for r in &report.references {
                md.push_str(&format!(
                    "- [{}](<{}>)\n",
                    escape(&r.title),
                    r.url.replace(['<', '>', ' '], "")
                ));
            }
        }
    }
    if let Some(p) = &report.pending {
        md.push_str(&format!(
            "## Still to answer\n\n{} (`--answer {}=…`, one of: {})\n",
            escape(&p.prompt),
            p.key,
            escape(&p.options.join(", "))
        ));
    }
    md
}

fn push_steps(md: &mut String, steps: &[crate::checklist::ChecklistStep]) {
    for s in steps {
        md.push_str(&format!(
            "- [{}] {}\n",
            if s.done { "x" } else { " " },
            escape(&s.text)
        ));
        if let Some(title) = &s.link_title {
            md.push_str(&format!("  - See: {}\n", escape(title)));
        }
        if let Some(note) = &s.note {
            md.push_str(&format!("  - Note: {}\n", escape(note)));
        }
    }
}
