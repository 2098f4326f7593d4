//! The figures as plain text, for a terminal or a ticket.

use super::{Stats, VersionStats, duration};

fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .filter(|c| !crate::text::is_hazard(*c))
        .collect()
}

/// How many codes and categories the text lists (the JSON and CSV list them all).
const TOP: usize = 10;

pub fn to_text(stats: &Stats) -> String {
    let mut out = format!(
        "flowtriage stats: {} triage(s) in {} content version(s)",
        stats.matched,
        stats.versions.len()
    );
    if stats.matched != stats.read {
        out.push_str(&format!(" ({} of {} saved)", stats.matched, stats.read));
    }
    out.push('\n');
    if stats.skipped > 0 {
        out.push_str(&format!(
            "Skipped {} unreadable file(s); standard error names them.\n",
            stats.skipped
        ));
    }
    if let Some(since) = &stats.since {
        out.push_str(&format!("Since: {}\n", clean(since)));
    }
    if let Some(version) = &stats.content_version {
        out.push_str(&format!("Content version: {}\n", clean(version)));
    }
    for v in &stats.versions {
        version(&mut out, v);
    }
    if !stats.include_details {
        out.push_str(
            "\nNo case ids, customers, notes or pasted text are shown; --include-details adds them.\n",
        );
    }
    out
}

fn version(out: &mut String, v: &VersionStats) {
    out.push_str(&format!(
        "\n== Content {}: {} triage(s), {} reached a checklist, {} unfinished",
        clean(&v.content_version),
        v.triages,
        v.finished,
        v.unfinished
    ));
    if v.unknown_node > 0 {
        out.push_str(&format!(
            ", {} at a node this playbook lacks",
            v.unknown_node
        ));
    }
    out.push_str(" ==\n");
    if !v.outcomes.is_empty() {
        out.push_str("\nChecklists (did it fix it?)\n");
    }
    for o in &v.outcomes {
        let title = if o.title.is_empty() { &o.id } else { &o.title };
        out.push_str(&format!(
            "  {}  [{} · {}]\n",
            clean(title),
            clean(&o.category),
            clean(&o.id)
        ));
        let a = &o.answers;
        out.push_str(&format!(
            "    reached {} · yes {} · partly {} · no {} · not yet {} · not recorded {}\n",
            o.reached, a.yes, a.partly, a.no, a.not_yet, a.not_recorded
        ));
        if !o.by_step.is_empty() {
            let steps: Vec<String> = o
                .by_step
                .iter()
                .map(|s| match s.number {
                    Some(n) => format!("step {n} ({})", s.count),
                    None => format!("step {} ({})", clean(&s.id), s.count),
                })
                .collect();
            out.push_str(&format!("    fixed by: {}\n", steps.join(", ")));
        }
        if let Some(median) = o.median_seconds_to_resolution {
            out.push_str(&format!(
                "    median time from start to fixed: {}\n",
                duration(median)
            ));
        }
    }
    if !v.pending.is_empty() {
        out.push_str("\nWhere unfinished triages stop\n");
        for p in &v.pending {
            out.push_str(&format!(
                "  {:>5}  {} ({})\n",
                p.count,
                clean(&p.prompt),
                clean(&p.key)
            ));
        }
    }
    for (title, counts) in [("Codes", &v.codes), ("Categories", &v.categories)] {
        if counts.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{title}, most first\n"));
        for c in counts.iter().take(TOP) {
            out.push_str(&format!("  {:>5}  {}\n", c.count, clean(&c.name)));
        }
        if counts.len() > TOP {
            out.push_str(&format!("  and {} more\n", counts.len() - TOP));
        }
    }
    if v.not_recognised > 0 {
        out.push_str(&format!("\nPastes not recognised: {}\n", v.not_recognised));
    }
    if let Some(excerpts) = &v.excerpts {
        for e in excerpts {
            out.push_str(&format!("  {}: {}\n", clean(&e.session), clean(&e.text)));
        }
    }
    if let Some(details) = &v.details {
        out.push_str("\nSessions\n");
        for d in details {
            out.push_str(&format!(
                "  {}  case {}  customer {}  {}  resolved: {}\n",
                clean(&d.session),
                clean(d.case.as_deref().unwrap_or("-")),
                clean(d.customer.as_deref().unwrap_or("-")),
                clean(&d.standing),
                clean(&d.resolved)
            ));
            for note in &d.notes {
                out.push_str(&format!("      note: {}\n", clean(note)));
            }
        }
    }
}
