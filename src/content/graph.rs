//! The tree as a picture a team can review: Mermaid or Graphviz dot.

use super::playbook::Playbook;

fn escape_label(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "'")
        .replace(['\n', '\r'], " ")
}

/// Mermaid ids must be plain words; node ids may hold dashes and dots.
fn mermaid_id(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

pub fn mermaid(playbook: &Playbook) -> String {
    let mut out = String::from("flowchart TD\n");
    for q in &playbook.questions {
        out.push_str(&format!(
            "  {}{{\"{}\"}}\n",
            mermaid_id(&q.id),
            escape_label(&q.prompt)
        ));
    }
    for o in &playbook.outcomes {
        out.push_str(&format!(
            "  {}[\"{} ({})\"]\n",
            mermaid_id(&o.id),
            escape_label(&o.title),
            o.category
        ));
    }
    for q in &playbook.questions {
        for opt in &q.options {
            out.push_str(&format!(
                "  {} -->|\"{}\"| {}\n",
                mermaid_id(&q.id),
                escape_label(&opt.value),
                mermaid_id(&opt.next)
            ));
        }
    }
    for o in &playbook.outcomes {
        for link in o.steps.iter().filter_map(|s| s.link.as_deref()) {
            out.push_str(&format!(
                "  {} -.-> {}\n",
                mermaid_id(&o.id),
                mermaid_id(link)
            ));
        }
    }
    out
}

pub fn dot(playbook: &Playbook) -> String {
    let mut out =
        String::from("digraph flowtriage {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
    for q in &playbook.questions {
        out.push_str(&format!(
            "  \"{}\" [shape=diamond, label=\"{}\"];\n",
            escape_label(&q.id),
            escape_label(&q.prompt)
        ));
    }
    for o in &playbook.outcomes {
        out.push_str(&format!(
            "  \"{}\" [shape=box, label=\"{}\\n({})\"];\n",
            escape_label(&o.id),
            escape_label(&o.title),
            escape_label(&o.category)
        ));
    }
    for q in &playbook.questions {
        for opt in &q.options {
            out.push_str(&format!(
                "  \"{}\" -> \"{}\" [label=\"{}\"];\n",
                escape_label(&q.id),
                escape_label(&opt.next),
                escape_label(&opt.value)
            ));
        }
    }
    for o in &playbook.outcomes {
        for link in o.steps.iter().filter_map(|s| s.link.as_deref()) {
            out.push_str(&format!(
                "  \"{}\" -> \"{}\" [style=dashed];\n",
                escape_label(&o.id),
                escape_label(link)
            ));
        }
    }
    out.push_str("}\n");
    out
}
