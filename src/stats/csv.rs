//! The figures as one CSV table (RFC 4180), one row per thing counted, for a
//! spreadsheet. Text cells that a spreadsheet would run as a formula are defused.

use super::{Stats, Tally};

const HEADER: &str = "content_version,kind,id,label,count,yes,no,partly,not_yet,not_recorded,median_seconds_to_resolution,fixed_by\n";

/// One cell: quoted when it holds a comma, quote or line break; a leading `=`, `+`,
/// `-`, `@`, tab or carriage return gets a `'` so it stays text.
fn cell(text: &str) -> String {
    let mut text: String = text
        .chars()
        .filter(|c| !crate::text::is_hazard(*c) || *c == '\t')
        .collect();
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        text.insert(0, '\'');
    }
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn row(out: &mut String, version: &str, kind: &str, id: &str, label: &str, count: usize) {
    row_with(out, version, kind, id, label, count, None, None, "");
}

#[allow(clippy::too_many_arguments)]
fn row_with(
    out: &mut String,
    version: &str,
    kind: &str,
    id: &str,
    label: &str,
    count: usize,
    tally: Option<&Tally>,
    median: Option<u64>,
    fixed_by: &str,
) {
    let tally = tally
        .map(|t| {
            format!(
                "{},{},{},{},{}",
                t.yes, t.no, t.partly, t.not_yet, t.not_recorded
            )
        })
        .unwrap_or_else(|| ",,,,".to_string());
    out.push_str(&format!(
        "{},{kind},{},{},{count},{tally},{},{}\n",
        cell(version),
        cell(id),
        cell(label),
        median.map(|m| m.to_string()).unwrap_or_default(),
        cell(fixed_by)
    ));
}

pub fn to_csv(stats: &Stats) -> String {
    let mut out = String::from(HEADER);
    for v in &stats.versions {
        let ver = v.content_version.as_str();
        row(&mut out, ver, "triages", "", "all", v.triages);
        row(
            &mut out,
            ver,
            "triages",
            "",
            "reached a checklist",
            v.finished,
        );
        row(&mut out, ver, "triages", "", "unfinished", v.unfinished);
        if v.unknown_node > 0 {
            row(&mut out, ver, "triages", "", "unknown node", v.unknown_node);
        }
        for o in &v.outcomes {
            let fixed_by: Vec<String> = o
                .by_step
                .iter()
                .map(|s| match s.number {
                    Some(n) => format!("{n}:{}", s.count),
                    None => format!("{}:{}", s.id, s.count),
                })
                .collect();
            row_with(
                &mut out,
                ver,
                "outcome",
                &o.id,
                &o.title,
                o.reached,
                Some(&o.answers),
                o.median_seconds_to_resolution,
                &fixed_by.join(" "),
            );
        }
        for p in &v.pending {
            row(&mut out, ver, "pending", &p.key, &p.prompt, p.count);
        }
        for c in &v.codes {
            row(&mut out, ver, "code", &c.name, "", c.count);
        }
        for c in &v.categories {
            row(&mut out, ver, "category", &c.name, "", c.count);
        }
        row(
            &mut out,
            ver,
            "not-recognised",
            "",
            "pastes",
            v.not_recognised,
        );
        for e in v.excerpts.iter().flatten() {
            row(&mut out, ver, "excerpt", &e.session, &e.text, 1);
        }
        for d in v.details.iter().flatten() {
            let label = format!(
                "case {}; customer {}; {}; resolved: {}; notes: {}",
                d.case.as_deref().unwrap_or("-"),
                d.customer.as_deref().unwrap_or("-"),
                d.standing,
                d.resolved,
                d.notes.join(" | ")
            );
            row(&mut out, ver, "session", &d.session, &label, 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_quote_and_defuse_formulas() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-1"), "'-1");
    }
}
