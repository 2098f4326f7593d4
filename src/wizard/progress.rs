//! The question header's promise about what follows: it must never say "the checklist
//! comes next" when another question can follow (a wrong "last question" on a call sets
//! the wrong expectation with the customer).

use crate::content::{Node, Playbook, Question};

/// "Question N · …": what can follow the current question.
pub fn label(
    playbook: &Playbook,
    question: &Question,
    number: usize,
    fewest_left: usize,
) -> String {
    let all_end = question
        .options
        .iter()
        .all(|o| matches!(playbook.node(&o.next), Some(Node::Outcome(_))));
    if all_end {
        format!("Question {number} · the checklist comes next")
    } else if fewest_left > 1 {
        format!(
            "Question {number} · at least {} more after this",
            fewest_left - 1
        )
    } else {
        format!("Question {number} · more may follow")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Position, Triage};

    /// Every question of the real playbook, every answer: the label's promise holds.
    #[test]
    fn the_label_never_promises_the_checklist_wrongly() {
        let playbook = crate::content::embedded_playbook().unwrap();
        for q in &playbook.questions {
            let mut triage = Triage::start(&playbook, vec![]);
            triage.jump(&playbook, &q.id).unwrap();
            let left = triage.questions_left(&playbook);
            let text = label(&playbook, q, 1, left);
            for option in &q.options {
                let mut after = triage.clone();
                after.answer(&playbook, &option.value).unwrap();
                let more = after.questions_left(&playbook);
                match after.position(&playbook) {
                    Some(Position::Asking(next)) => {
                        assert!(
                            !text.contains("checklist comes next"),
                            "{}: '{text}' but '{}' asks {}",
                            q.id,
                            option.value,
                            next.id
                        );
                        if let Some(n) = text
                            .strip_prefix("Question 1 · at least ")
                            .and_then(|r| r.split(' ').next())
                        {
                            let n: usize = n.parse().unwrap();
                            assert!(more >= n, "{}: '{text}' but {more} left", q.id);
                        }
                    }
                    Some(Position::Done(_)) => {}
                    None => panic!("{}: '{}' leads nowhere", q.id, option.value),
                }
            }
        }
    }
}
