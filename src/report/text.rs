//! Plain text for ticket systems that render nothing.

use super::Report;

fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .filter(|c| !super::is_hazard(*c))
        .collect()
}

pub fn to_text(report: &Report) -> String {
    let mut out = String::new();
    let title = report
        .outcome
        .as_ref()
        .map(|o| o.title.as_str())
        .unwrap_or("Triage in progress");
    out.push_str(&format!("flowtriage: {}\n", clean(title)));
    if let Some(case) = &report.meta.case_id {
        out.push_str(&format!("Case: {}\n", clean(case)));
    }
    if let Some(customer) = &report.meta.customer {
        out.push_str(&format!("Customer: {}\n", clean(customer)));
    }
    if let Some(c) = &report.classification {
        if c.is_recognised() {
            out.push_str(&format!(
                "Category: {} (confidence {:.2})\n",
                c.category, c.confidence
            ));
        } else {
            out.push_str(&format!("{}\n", c.not_recognised_line()));
        }
        if !c.codes.is_empty() {
            out.push_str(&format!("Codes: {}\n", clean(&c.codes.join(", "))));
        }
        for (name, value) in &c.facts {
            out.push_str(&format!("{}: {}\n", clean(name), clean(value)));
        }
    }
    if let Some(i) = &report.inspection {
        out.push_str(&format!("\nFrom the inspected file {}:\n", clean(&i.file)));
        for a in &i.answers {
            out.push_str(&format!(
                "  {}={}: {}\n",
                clean(&a.key),
                clean(&a.value),
                clean(&a.evidence)
            ));
        }
        for f in &i.findings {
            out.push_str(&format!(
                "  [{}] {}\n",
                clean(&f.category),
                clean(&f.detail)
            ));
        }
    }
    if !report.answers.is_empty() {
        out.push_str("\nAnswers:\n");
        for a in &report.answers {
            out.push_str(&format!(
                "  {} -> {} ({})\n",
                clean(&a.prompt),
                clean(&a.label),
                a.source
            ));
        }
    }
    if let Some(o) = &report.outcome {
        out.push_str(&format!("\nCause: {}\n\nChecklist:\n", clean(&o.cause)));
        for (i, s) in report.steps.iter().enumerate() {
            out.push_str(&format!(
                "  {}. [{}] {}\n",
                i + 1,
                if s.done { "x" } else { " " },
                clean(&s.text)
            ));
            if let Some(title) = &s.link_title {
                out.push_str(&format!("     See: {}\n", clean(title)));
            }
            if let Some(note) = &s.note {
                out.push_str(&format!("     Note: {}\n", clean(note)));
            }
        }
        for alt in &report.alternatives {
            out.push_str(&format!(
                "\nIf that does not fix it: {}\n",
                clean(&alt.title)
            ));
            for (i, s) in alt.steps.iter().enumerate() {
                out.push_str(&format!(
                    "  {}. [{}] {}\n",
                    i + 1,
                    if s.done { "x" } else { " " },
                    clean(&s.text)
                ));
            }
        }
    }
    if let Some(p) = &report.pending {
        out.push_str(&format!(
            "\nStill to answer: {} (--answer {}=…; one of: {})\n",
            clean(&p.prompt),
            p.key,
            p.options.join(", ")
        ));
    }
    out
}
