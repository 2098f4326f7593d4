//! Every screen and popup drawn into ratatui's TestBackend and compared with a snapshot.

mod support;

use flowtriage::wizard::{Message, Model, Popup, update, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::model;

fn draw(m: &Model, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| {
            view::view(m, f);
        })
        .unwrap();
    terminal
}

fn send(m: &mut Model, messages: &[Message]) {
    for msg in messages {
        update(m, msg.clone());
    }
}

#[test]
fn start_screen_80x24() {
    let m = model();
    insta::assert_snapshot!(draw(&m, 80, 24).backend());
}

#[test]
fn question_screen_80x24_with_trail_and_help() {
    let mut m = model();
    send(
        &mut m,
        &[Message::Choose, Message::ChooseNumber(0), Message::Down],
    );
    let terminal = draw(&m, 80, 24);
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn outcome_screen_120x40_with_tick_note_and_alternative() {
    let mut m = model();
    send(
        &mut m,
        &[
            Message::Choose,
            Message::ChooseNumber(0),
            Message::ChooseNumber(0),
        ],
    );
    send(
        &mut m,
        &[Message::Down, Message::ToggleStep, Message::OpenNote],
    );
    for c in "customer confirmed".chars() {
        send(&mut m, &[Message::Type(c)]);
    }
    send(&mut m, &[Message::Submit]);
    insta::assert_snapshot!(draw(&m, 120, 40).backend());
}

#[test]
fn outcome_screen_from_a_pasted_error_shows_the_evidence() {
    let mut m = model();
    send(
        &mut m,
        &[
            Message::OpenPaste,
            Message::Pasted(
                "{\"code\":\"WorkflowTriggerIsNotEnabled\",\"message\":\"trigger is not enabled\"}"
                    .into(),
            ),
            Message::Submit,
        ],
    );
    insta::assert_snapshot!(draw(&m, 100, 30).backend());
}

#[test]
fn search_popup_highlights_and_lists_hits() {
    let mut m = model();
    send(&mut m, &[Message::OpenSearch]);
    for c in "not enab".chars() {
        send(&mut m, &[Message::Type(c)]);
    }
    insta::assert_snapshot!(draw(&m, 80, 24).backend());
}

#[test]
fn search_rows_that_read_the_same_name_their_category() {
    // The seed article gives one message for two codes with different checklists.
    let mut m = support::model_with(flowtriage::content::embedded_playbook().unwrap());
    send(&mut m, &[Message::OpenSearch]);
    for c in "not given by invoker".chars() {
        send(&mut m, &[Message::Type(c)]);
    }
    for width in [120, 60] {
        let screen = format!("{:?}", draw(&m, width, 24).backend());
        for category in [
            "missing-connection-reference",
            "not-allowed-connection-reference",
        ] {
            assert!(
                screen.contains(category),
                "{width} columns: {category} not shown\n{screen}"
            );
        }
    }
}

#[test]
fn paste_popup_shows_the_text_inert() {
    let mut m = model();
    send(
        &mut m,
        &[
            Message::OpenPaste,
            Message::Pasted("line one\n\u{1b}[31mred\u{1b}[0m line two".into()),
        ],
    );
    let terminal = draw(&m, 80, 24);
    let shown = format!("{}", terminal.backend());
    assert!(!shown.contains('\u{1b}'));
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn help_popup() {
    let mut m = model();
    send(&mut m, &[Message::OpenHelp]);
    insta::assert_snapshot!(draw(&m, 80, 24).backend());
}

#[test]
fn export_retry_popup() {
    let mut m = model();
    send(
        &mut m,
        &[
            Message::Choose,
            Message::ChooseNumber(0),
            Message::ChooseNumber(0),
        ],
    );
    m.popup = Popup::ExportRetry {
        folder: "/mnt/share".into(),
        reason: "cannot save the report in /x: Read-only file system".into(),
    };
    insta::assert_snapshot!(draw(&m, 80, 24).backend());
}

#[test]
fn a_tiny_terminal_gets_a_notice_not_a_broken_screen() {
    let m = model();
    insta::assert_snapshot!(draw(&m, 30, 8).backend());
}

#[test]
fn the_cursor_sits_on_the_selected_option() {
    let mut m = model();
    send(&mut m, &[Message::Choose, Message::Down]);
    let mut terminal = draw(&m, 80, 24);
    let cursor = terminal.get_cursor_position().unwrap();
    let row: String = (0..80)
        .map(|x| {
            terminal.backend().buffer()[(x, cursor.y)]
                .symbol()
                .to_string()
        })
        .collect();
    assert!(row.contains("> 2. In an email"), "{row}");
}

#[test]
fn hostile_case_ids_are_drawn_inert() {
    let mut m = model();
    m.session.case_id = Some("\u{1b}]0;pwned\u{7}CASE\u{202E}X".into());
    let shown = format!("{}", draw(&m, 80, 24).backend());
    assert!(shown.contains("case ]0;pwnedCASEX"), "{shown}");
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{202E}'));
}

#[test]
fn start_screen_lists_recent_sessions_and_config_warnings() {
    let mut m = model();
    let mut done = m.session.clone();
    send(
        &mut m,
        &[
            Message::Choose,
            Message::ChooseNumber(0),
            Message::ChooseNumber(0),
            Message::ToggleStep,
        ],
    );
    done.triage = m.session.triage.clone();
    done.marks = m.session.marks.clone();
    done.updated = "2026-11-30T15:51:22Z".into();
    let mut m = model();
    m.recent = vec![done];
    m.config_warnings =
        vec!["config.toml:3: unknown setting `colour` (known: engineer, …); it is ignored".into()];
    insta::assert_snapshot!(draw(&m, 80, 24).backend());
}

#[test]
fn restart_asks_first_when_there_is_work() {
    let mut m = model();
    send(
        &mut m,
        &[
            Message::Choose,
            Message::ChooseNumber(0),
            Message::ChooseNumber(0),
            Message::ToggleStep,
            Message::Restart,
        ],
    );
    assert_eq!(m.popup, Popup::ConfirmRestart);
    insta::assert_snapshot!(draw(&m, 80, 24).backend());
}

#[test]
fn a_long_answer_list_filtered_by_typing() {
    let mut m = support::model_with(flowtriage::content::embedded_playbook().unwrap());
    send(&mut m, &[Message::Choose, Message::ChooseNumber(1)]);
    for c in "Time".chars() {
        send(&mut m, &[Message::Type(c)]);
    }
    insta::assert_snapshot!(draw(&m, 80, 24).backend());
}

#[test]
fn the_checklist_scrolled_to_its_end_shows_the_references_at_80x24() {
    let mut m = support::model_with(flowtriage::content::embedded_playbook().unwrap());
    send(&mut m, &[Message::OpenSearch]);
    for c in "ResponseTimeout".chars() {
        send(&mut m, &[Message::Type(c)]);
    }
    send(&mut m, &[Message::Submit, Message::Last]);
    let screen = format!("{:?}", draw(&m, 80, 24).backend());
    assert!(screen.contains("References"), "{screen}");
    assert!(screen.contains("learn.microsoft.com"), "{screen}");
    insta::assert_snapshot!(draw(&m, 80, 24).backend());
}

#[test]
fn the_paste_box_masks_a_token() {
    let mut m = model();
    send(
        &mut m,
        &[Message::Pasted(
            "Run failed.\r\nAuthorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwcyJ9.c2lnbmF0dXJl"
                .into(),
        )],
    );
    let screen = format!("{:?}", draw(&m, 80, 24).backend());
    assert!(!screen.contains("eyJ0eXAi"), "{screen}");
    insta::assert_snapshot!(draw(&m, 80, 24).backend());
}

#[test]
fn help_shows_the_keys_of_the_checklist() {
    let mut m = model();
    send(
        &mut m,
        &[
            Message::Choose,
            Message::ChooseNumber(0),
            Message::ChooseNumber(0),
            Message::OpenHelp,
        ],
    );
    insta::assert_snapshot!(draw(&m, 80, 24).backend());
}

/// Issue 14, class 7: a category from a status alone is drawn as tentative, with "not
/// recognised" named beside it, and the status line says so too.
#[test]
fn a_category_from_a_status_alone_is_drawn_as_tentative() {
    let mut m = support::model_with(flowtriage::content::embedded_playbook().unwrap());
    send(
        &mut m,
        &[
            Message::OpenPaste,
            Message::Pasted("The flow fails at the HTTP step with 502 Bad Gateway.".into()),
            Message::Submit,
        ],
    );
    let screen: String = draw(&m, 120, 40)
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("Tentative:"), "{screen}");
    assert!(screen.contains("Recognised tentatively"), "{screen}");
}
