//! Checks on the shape of the tree (every node reachable, no cycles), and on how fresh
//! the advice is.

use std::collections::{HashMap, HashSet};

use super::playbook::{Node, Playbook, ReviewDate};
use super::problem::Problem;

/// Warnings, not errors: outcomes that do not say when their advice was last checked
/// against Microsoft's documentation, and outcomes checked more than a year before
/// `today`. The caller supplies `today` (the core reads no clock).
pub fn review_warnings(playbook: &Playbook, today: ReviewDate) -> Vec<Problem> {
    let mut warnings = Vec::new();
    for o in &playbook.outcomes {
        let message = match o.checked {
            None => format!(
                "outcome '{}' does not say when its advice was last checked; add `checked = \"YYYY-MM-DD\"` and `checked_against = [\"https://…\"]`",
                o.id
            ),
            Some(date) if date.more_than_a_year_before(today) => format!(
                "outcome '{}' was last checked on {date}, more than a year before {today}; check it against {} again and update `checked`",
                o.id,
                if o.checked_against.is_empty() {
                    "Microsoft's documentation".to_string()
                } else {
                    o.checked_against.join(", ")
                }
            ),
            Some(_) => continue,
        };
        warnings.push(Problem::at(&o.loc.file, Some(o.loc.line), message));
    }
    warnings
}

/// Edges a walk can follow: from a question to each option's next node.
fn successors<'a>(playbook: &'a Playbook, id: &str) -> Vec<&'a str> {
    match playbook.node(id) {
        Some(Node::Question(q)) => q.options.iter().map(|o| o.next.as_str()).collect(),
        Some(Node::Outcome(o)) => o
            .steps
            .iter()
            .chain(o.alternatives.iter().flat_map(|a| a.steps.iter()))
            .filter_map(|s| s.link.as_deref())
            .collect(),
        None => Vec::new(),
    }
}

pub fn graph(playbook: &Playbook, problems: &mut Vec<Problem>) {
    // Reachability: from the start, every routing entry, and every code's entry.
    let mut roots: Vec<&str> = vec![playbook.start.as_str()];
    roots.extend(playbook.route_order.iter().map(String::as_str));
    roots.extend(
        playbook
            .signatures
            .iter()
            .filter_map(|s| s.enter.as_deref()),
    );
    let mut seen: HashSet<&str> = HashSet::new();
    let mut stack = roots;
    while let Some(id) = stack.pop() {
        if playbook.node(id).is_none() || !seen.insert(id) {
            continue;
        }
        stack.extend(successors(playbook, id));
    }
    for q in &playbook.questions {
        if !seen.contains(q.id.as_str()) {
            problems.push(Problem::at(
                &q.loc.file,
                Some(q.loc.line),
                format!(
                    "question '{}' cannot be reached from the start, a routing entry or a code",
                    q.id
                ),
            ));
        }
    }
    for o in &playbook.outcomes {
        if !seen.contains(o.id.as_str()) {
            problems.push(Problem::at(
                &o.loc.file,
                Some(o.loc.line),
                format!(
                    "outcome '{}' cannot be reached from the start, a routing entry or a code",
                    o.id
                ),
            ));
        }
    }

    // Cycles among questions: an iterative depth-first search with three colours, so a
    // deep synthetic playbook cannot overflow the stack.
    #[derive(Clone, Copy, PartialEq)]
    enum Colour {
        White,
        Grey,
        Black,
    }
    let mut colour: HashMap<&str, Colour> = playbook
        .questions
        .iter()
        .map(|q| (q.id.as_str(), Colour::White))
        .collect();
    let mut reported: HashSet<&str> = HashSet::new();
    for q in &playbook.questions {
        if colour[q.id.as_str()] != Colour::White {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(q.id.as_str(), 0)];
        colour.insert(q.id.as_str(), Colour::Grey);
        while let Some((id, next_index)) = stack.pop() {
            let Some(question) = playbook.question(id) else {
                continue;
            };
            if let Some(option) = question.options.get(next_index) {
                stack.push((id, next_index + 1));
                let target = option.next.as_str();
                match colour.get(target).copied() {
                    Some(Colour::White) => {
                        colour.insert(target, Colour::Grey);
                        stack.push((target, 0));
                    }
                    Some(Colour::Grey) if reported.insert(target) => {
                        problems.push(Problem::at(
                            &question.loc.file,
                            Some(question.loc.line),
                            format!(
                                "cycle: question '{id}' leads back to '{target}' through option '{}'",
                                option.value
                            ),
                        ));
                    }
                    _ => {}
                }
            } else {
                colour.insert(id, Colour::Black);
            }
        }
    }
}
