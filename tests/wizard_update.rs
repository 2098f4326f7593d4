//! Every key on every screen, as messages through `update`: no terminal needed.

mod support;

use flowtriage::engine::Position;
use flowtriage::wizard::model::StartItem;
use flowtriage::wizard::{Effect, Message, Model, Popup, Screen, update};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use support::model;

fn at(m: &Model) -> String {
    match m.session.triage.position(&m.playbook).unwrap() {
        Position::Asking(q) => format!("asking {}", q.id),
        Position::Done(o) => format!("done {}", o.id),
    }
}

fn send(m: &mut Model, messages: &[Message]) -> Vec<Effect> {
    let mut effects = Vec::new();
    for msg in messages {
        effects.extend(update(m, msg.clone()));
    }
    effects
}

fn key(m: &Model, code: KeyCode) -> Option<Message> {
    flowtriage::wizard::keys::message_for(m, &Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn to_trigger_off(m: &mut Model) {
    send(
        m,
        &[
            Message::Choose,
            Message::ChooseNumber(0),
            Message::ChooseNumber(0),
        ],
    );
    assert_eq!(at(m), "done trigger-off");
    assert_eq!(m.screen, Screen::Outcome);
}

#[test]
fn start_screen_moves_and_chooses() {
    let mut m = model();
    assert_eq!(m.screen, Screen::Start);
    assert_eq!(
        m.start_items(),
        [
            StartItem::Begin,
            StartItem::Paste,
            StartItem::Search,
            StartItem::Inspect,
            StartItem::Quit
        ]
    );
    send(&mut m, &vec![Message::Down; 6]);
    assert_eq!(m.selected, 4, "stops at the last item");
    send(&mut m, &[Message::Up, Message::Up]);
    assert_eq!(m.selected, 2);
    send(&mut m, &[Message::Choose]);
    assert!(matches!(m.popup, Popup::Search { .. }));
    send(&mut m, &[Message::Close, Message::ChooseNumber(1)]);
    assert!(matches!(m.popup, Popup::Paste { .. }));
    send(&mut m, &[Message::Close, Message::ChooseNumber(4)]);
    assert!(m.quit);
}

#[test]
fn inspecting_an_export_from_the_start_screen_pre_answers_the_walk() {
    let mut m = support::model_with(flowtriage::content::embedded_playbook().unwrap());
    send(&mut m, &[Message::ChooseNumber(3)]);
    assert_eq!(
        m.popup,
        Popup::InspectPath {
            path: String::new()
        }
    );
    assert_eq!(
        send(&mut m, &[Message::Submit]),
        [],
        "an empty path is not submitted"
    );
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/inspect/solution-unmanaged-stale-app.zip"
    );
    send(&mut m, &[Message::Pasted(path.into())]);
    assert_eq!(
        send(&mut m, &[Message::Submit]),
        [Effect::Inspect { path: path.into() }]
    );
    let bytes = std::fs::read(path).unwrap();
    let inspection = flowtriage::inspect::inspect_bytes(path, &bytes).unwrap();
    flowtriage::wizard::update::apply_inspection(&mut m, inspection);
    assert_eq!(m.popup, Popup::None);
    assert_eq!(at(&m), "asking app-after-connection");
    assert_eq!(
        m.session.triage.path()[0].source,
        flowtriage::engine::AnswerSource::Inspect
    );
    assert!(
        m.status
            .as_deref()
            .unwrap()
            .starts_with("3 answer(s) and 3 finding(s)")
    );
    let report = m.session.report(&m.playbook, None, None);
    assert_eq!(report.inspection.unwrap().findings.len(), 3);
}

#[test]
fn question_screen_answers_by_enter_digit_and_click() {
    let mut m = model();
    send(&mut m, &[Message::Choose]);
    assert_eq!(m.screen, Screen::Question);
    send(&mut m, &[Message::Down, Message::Choose]);
    assert_eq!(at(&m), "asking status", "option 2 (email) leads to status");
    send(&mut m, &[Message::Back]);
    assert_eq!(at(&m), "asking where");
    send(&mut m, &[Message::Click(0)]);
    assert_eq!(at(&m), "asking where", "one click only selects");
    assert_eq!(m.selected, 0);
    send(&mut m, &[Message::Click(0)]);
    assert_eq!(at(&m), "asking code", "a second click answers");
    send(&mut m, &[Message::ChooseNumber(8)]);
    assert_eq!(
        at(&m),
        "asking code",
        "a digit past the options does nothing"
    );
    assert!(m.dirty);
}

#[test]
fn back_from_the_first_question_returns_to_start() {
    let mut m = model();
    send(&mut m, &[Message::Choose, Message::Back]);
    assert_eq!(m.screen, Screen::Start);
    send(&mut m, &[Message::Back]);
    assert_eq!(m.screen, Screen::Start);
}

#[test]
fn outcome_screen_ticks_notes_exports_and_copies() {
    let mut m = model();
    to_trigger_off(&mut m);
    assert_eq!(m.step_ids(), ["shared-first", "turn-on", "alt1-step-1"]);
    send(&mut m, &[Message::Down, Message::ToggleStep]);
    assert!(m.session.marks.done.contains("turn-on"));
    send(
        &mut m,
        &[
            Message::OpenNote,
            Message::Type('o'),
            Message::Type('k'),
            Message::Submit,
        ],
    );
    assert_eq!(m.session.marks.notes["turn-on"], "ok");
    assert_eq!(
        send(&mut m, &[Message::Export]),
        [Effect::Export { folder: None }]
    );
    let effects = send(&mut m, &[Message::Copy]);
    let [Effect::Copy(text)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    // The complete text report: title, case, cause, numbered steps with ticks and
    // notes, the fallback steps and the references.
    for needle in [
        "flowtriage: Turn the flow on\n",
        "Case: CASE-4477\n",
        "Cause\n  The flow is off.\n",
        "  1. [ ] Work in the source environment.\n",
        "  2. [x] Turn it on.\n         Note: ok\n",
        "If that does not fix it: Ask the owner\n  1. [ ] Ask the owner to turn it on.\n",
        "References\n  - Turn on a flow\n    https://example.invalid/turn-on\n",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    // `a` switches `y` to the customer's copy: numbered steps, no ticks or notes.
    send(&mut m, &[Message::ToggleAudience]);
    let effects = send(&mut m, &[Message::Copy]);
    let [Effect::Copy(text)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert!(text.starts_with("Turn the flow on\n"), "{text}");
    assert!(text.contains("  2. Turn it on.\n"), "{text}");
    assert!(
        !text.contains("Note: ok") && !text.contains("[x]"),
        "{text}"
    );
    send(&mut m, &[Message::ToggleAudience]);
    send(&mut m, &[Message::ToggleStep]);
    assert!(!m.session.marks.done.contains("turn-on"));
    // Digits select steps without ticking them.
    send(&mut m, &[Message::ChooseNumber(2)]);
    assert_eq!(m.selected, 2);
    assert!(m.session.marks.done.is_empty());
}

#[test]
fn enter_on_a_linked_step_opens_its_checklist_and_back_returns() {
    let mut m = model();
    send(
        &mut m,
        &[
            Message::Choose,
            Message::ChooseNumber(1),
            Message::ChooseNumber(0),
        ],
    );
    assert_eq!(at(&m), "done transient");
    send(&mut m, &[Message::Down, Message::Choose]);
    assert_eq!(at(&m), "done trigger-off");
    send(&mut m, &[Message::Back]);
    assert_eq!(at(&m), "done transient");
}

#[test]
fn search_filters_as_you_type_and_jumps_on_enter() {
    let mut m = model();
    send(&mut m, &[Message::OpenSearch]);
    for c in "trigoff".chars() {
        send(&mut m, &[Message::Type(c)]);
    }
    let Popup::Search { query, .. } = &m.popup else {
        panic!()
    };
    assert_eq!(query, "trigoff");
    let hits = m.index.search(query, 10);
    assert_eq!(
        hits.first().map(|h| h.entry.text.as_str()),
        Some("TriggerOff")
    );
    send(
        &mut m,
        &[Message::Erase, Message::Type('f'), Message::Submit],
    );
    assert_eq!(m.popup, Popup::None);
    assert_eq!(at(&m), "done trigger-off");
    assert_eq!(m.session.triage.path()[0].key, "code");
}

#[test]
fn paste_routes_by_the_content_and_redacts_first() {
    let mut m = model();
    send(&mut m, &[Message::OpenPaste]);
    send(
        &mut m,
        &[Message::Pasted(
            "Error: trigger is not enabled. Authorization: Bearer abcdefghijklmnopqrstuvwxyz"
                .into(),
        )],
    );
    send(&mut m, &[Message::PasteEscape]);
    let Popup::Paste { escape_pending, .. } = &m.popup else {
        panic!()
    };
    assert!(escape_pending);
    send(&mut m, &[Message::Submit]);
    assert_eq!(m.popup, Popup::None);
    assert_eq!(at(&m), "done trigger-off");
    let pasted = m.session.pasted.as_deref().unwrap();
    assert!(!pasted.contains("abcdefghijklmnop"), "{pasted}");
    assert_eq!(m.session.redactions, 1);
    assert_eq!(
        m.session.classification.as_ref().unwrap().category,
        "trigger-disabled"
    );
}

#[test]
fn an_empty_or_unknown_paste_leaves_the_walk_at_its_question() {
    let mut m = model();
    send(&mut m, &[Message::OpenPaste, Message::Submit]);
    assert_eq!(m.status.as_deref(), Some("Nothing was pasted."));
    send(
        &mut m,
        &[Message::OpenPaste, Message::Type('x'), Message::Submit],
    );
    assert_eq!(m.screen, Screen::Question);
    assert_eq!(at(&m), "asking where");
    assert!(m.status.as_deref().unwrap().starts_with("Not recognised"));
}

#[test]
fn restart_help_and_quit() {
    let mut m = model();
    to_trigger_off(&mut m);
    send(&mut m, &[Message::ToggleStep, Message::Restart]);
    assert_eq!(
        m.popup,
        Popup::ConfirmRestart,
        "work is never dropped unasked"
    );
    assert_eq!(at(&m), "done trigger-off");
    send(&mut m, &[Message::Close]);
    assert_eq!(m.popup, Popup::None);
    assert!(m.session.marks.done.contains("shared-first"), "kept");
    let old = m.session.clone();
    let effects = send(&mut m, &[Message::Restart, Message::Confirm]);
    assert_eq!(
        effects,
        [Effect::NewSession],
        "a new session; the old file stays"
    );
    assert_eq!(at(&m), "asking where");
    assert!(m.session.marks.done.is_empty());
    assert_eq!(
        m.recent[0], old,
        "the old session can be resumed from Start"
    );
    // With nothing to lose, r restarts at once.
    let mut fresh = model();
    send(&mut fresh, &[Message::Choose, Message::Restart]);
    assert_eq!(fresh.popup, Popup::None);
    send(&mut m, &[Message::OpenHelp]);
    assert_eq!(m.popup, Popup::Help);
    send(&mut m, &[Message::Close]);
    assert_eq!(m.popup, Popup::None);
    send(&mut m, &[Message::OpenHelp, Message::Quit]);
    assert!(m.quit, "Ctrl-C quits even from a popup");
}

#[test]
fn a_failed_export_offers_another_folder_or_the_clipboard() {
    let mut m = model();
    to_trigger_off(&mut m);
    m.popup = Popup::ExportRetry {
        folder: String::new(),
        reason: "disk full".into(),
    };
    assert_eq!(
        send(&mut m, &[Message::Submit]),
        [],
        "an empty folder is not submitted"
    );
    for c in "/tmp/x".chars() {
        send(&mut m, &[Message::Type(c)]);
    }
    assert_eq!(
        send(&mut m, &[Message::Submit]),
        [Effect::Export {
            folder: Some("/tmp/x".into())
        }]
    );
    let effects = send(&mut m, &[Message::CopyReportInstead]);
    let [Effect::Copy(text)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert!(text.starts_with("flowtriage: Turn the flow on\n"), "{text}");
}

#[test]
fn resume_brings_back_the_same_screen_and_selection() {
    let mut m = model();
    to_trigger_off(&mut m);
    send(&mut m, &[Message::Down, Message::ToggleStep]);
    let saved = m.session.clone();
    let mut fresh = model();
    flowtriage::wizard::update::resume(&mut fresh, saved);
    assert_eq!(fresh.screen, Screen::Outcome);
    assert_eq!(fresh.selected, 1);
    assert!(fresh.session.marks.done.contains("turn-on"));
}

#[test]
fn keys_map_to_messages_per_screen_and_popup() {
    let mut m = model();
    assert_eq!(key(&m, KeyCode::Char('j')), Some(Message::Down));
    assert_eq!(key(&m, KeyCode::Char('k')), Some(Message::Up));
    assert_eq!(key(&m, KeyCode::Char('3')), Some(Message::ChooseNumber(2)));
    assert_eq!(key(&m, KeyCode::Left), Some(Message::Back));
    assert_eq!(key(&m, KeyCode::Char('h')), Some(Message::Back));
    assert_eq!(key(&m, KeyCode::Backspace), Some(Message::Back));
    assert_eq!(key(&m, KeyCode::Char('/')), Some(Message::OpenSearch));
    assert_eq!(key(&m, KeyCode::Char('p')), Some(Message::OpenPaste));
    assert_eq!(key(&m, KeyCode::Char(' ')), Some(Message::ToggleStep));
    assert_eq!(key(&m, KeyCode::Char('n')), Some(Message::OpenNote));
    assert_eq!(key(&m, KeyCode::Char('e')), Some(Message::Export));
    assert_eq!(key(&m, KeyCode::Char('y')), Some(Message::Copy));
    assert_eq!(key(&m, KeyCode::Char('a')), Some(Message::ToggleAudience));
    assert_eq!(key(&m, KeyCode::Char('r')), Some(Message::Restart));
    assert_eq!(key(&m, KeyCode::Char('?')), Some(Message::OpenHelp));
    assert_eq!(key(&m, KeyCode::Char('q')), Some(Message::Quit));
    let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(
        flowtriage::wizard::keys::message_for(&m, &ctrl_c),
        Some(Message::Quit)
    );
    let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    assert_eq!(
        flowtriage::wizard::keys::message_for(&m, &Event::Key(release)),
        None
    );

    update(&mut m, Message::OpenSearch);
    assert_eq!(
        key(&m, KeyCode::Char('q')),
        Some(Message::Type('q')),
        "typing, not quitting"
    );
    assert_eq!(key(&m, KeyCode::Enter), Some(Message::Submit));
    assert_eq!(key(&m, KeyCode::Esc), Some(Message::Close));
    update(&mut m, Message::Close);
    update(&mut m, Message::OpenPaste);
    assert_eq!(key(&m, KeyCode::Enter), Some(Message::Type('\n')));
    assert_eq!(key(&m, KeyCode::Esc), Some(Message::PasteEscape));
    let ctrl_d = Event::Key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL));
    assert_eq!(
        flowtriage::wizard::keys::message_for(&m, &ctrl_d),
        Some(Message::Submit)
    );
    assert_eq!(
        flowtriage::wizard::keys::message_for(&m, &Event::Paste("abc".into())),
        Some(Message::Pasted("abc".into()))
    );
    update(&mut m, Message::PasteEscape);
    assert_eq!(key(&m, KeyCode::Enter), Some(Message::Submit));
    assert_eq!(key(&m, KeyCode::Esc), Some(Message::Close));
}

#[test]
fn a_paste_on_any_screen_opens_the_paste_box_with_line_breaks() {
    let mut m = model();
    send(
        &mut m,
        &[Message::Pasted("From: a\rSubject: b\r\nbody".into())],
    );
    assert_eq!(
        m.popup,
        Popup::Paste {
            text: "From: a\nSubject: b\nbody".into(),
            escape_pending: false
        }
    );
    send(
        &mut m,
        &[Message::Close, Message::Choose, Message::OpenHelp],
    );
    send(&mut m, &[Message::Pasted("x".into())]);
    assert!(matches!(m.popup, Popup::Paste { .. }), "over the help too");
    let paste = Event::Paste("Request failed with status 401".into());
    let mut fresh = model();
    assert_eq!(
        flowtriage::wizard::keys::message_for(&fresh, &paste),
        Some(Message::Pasted("Request failed with status 401".into()))
    );
    update(
        &mut fresh,
        Message::Pasted("Request failed with status 401".into()),
    );
    assert!(!fresh.quit);
}

#[test]
fn a_second_unrecognised_paste_leaves_the_diagnosis_alone() {
    let mut m = model();
    send(
        &mut m,
        &[Message::Pasted("Error: trigger is not enabled.".into())],
    );
    send(&mut m, &[Message::Submit]);
    assert_eq!(at(&m), "done trigger-off");
    let before = m.session.clone();
    send(
        &mut m,
        &[
            Message::Pasted("hello can you help my thing is broken".into()),
            Message::Submit,
        ],
    );
    assert_eq!(m.session, before);
    assert_eq!(
        m.status.as_deref(),
        Some("Not recognised: nothing changed; the walk stays as it was.")
    );
}

#[test]
fn back_re_highlights_the_answer_given() {
    let mut m = model();
    send(&mut m, &[Message::Choose, Message::ChooseNumber(1)]);
    assert_eq!(at(&m), "asking status");
    send(&mut m, &[Message::Back]);
    assert_eq!(at(&m), "asking where");
    assert_eq!(m.selected, 1, "email, the answer given, is highlighted");
    assert_eq!(key(&m, KeyCode::Esc), Some(Message::Back), "Esc goes back");
}

#[test]
fn zero_picks_not_sure_and_long_lists_filter_by_typing() {
    let mut m = support::model_with(flowtriage::content::embedded_playbook().unwrap());
    // where = run-history leads to the code question and its long list.
    send(&mut m, &[Message::Choose, Message::ChooseNumber(1)]);
    assert_eq!(at(&m), "asking code");
    assert!(m.item_count() > 9);
    assert_eq!(key(&m, KeyCode::Char('R')), Some(Message::Type('R')));
    for c in "ResponseT".chars() {
        send(&mut m, &[Message::Type(c)]);
    }
    assert_eq!(m.item_count(), 1, "{:?}", m.filter);
    assert_eq!(
        key(&m, KeyCode::Char('q')),
        Some(Message::Type('q')),
        "typing, not quitting"
    );
    send(&mut m, &[Message::Close]);
    assert_eq!(m.filter, None, "Esc clears the filter");
    send(&mut m, &[Message::Last]);
    assert_eq!(
        m.selected,
        m.item_count() - 1,
        "End reaches the last answer"
    );
    send(&mut m, &[Message::First]);
    assert_eq!(m.selected, 0);
    send(&mut m, &[Message::NotSure]);
    assert_eq!(at(&m), "asking status", "0 answered 'No code'");
    assert_eq!(m.session.triage.path()[1].value, "none");
}

#[test]
fn while_too_small_only_quit_acts() {
    let mut m = model();
    m.too_small = true;
    for code in [
        KeyCode::Enter,
        KeyCode::Char('1'),
        KeyCode::Char('p'),
        KeyCode::Esc,
    ] {
        assert_eq!(key(&m, code), None, "{code:?}");
    }
    assert_eq!(
        flowtriage::wizard::keys::message_for(&m, &Event::Paste("typed".into())),
        None
    );
    assert_eq!(key(&m, KeyCode::Char('q')), Some(Message::Quit));
}

#[test]
fn status_messages_clear_on_the_next_action() {
    let mut m = model();
    to_trigger_off(&mut m);
    send(&mut m, &[Message::ToggleStep]);
    assert_eq!(m.status.as_deref(), Some("Ticked."));
    send(&mut m, &[Message::Down]);
    assert_eq!(m.status, None);
}

#[test]
fn end_on_the_checklist_scrolls_past_the_last_step() {
    let mut m = model();
    to_trigger_off(&mut m);
    send(&mut m, &[Message::Last]);
    assert_eq!(m.selected, m.item_count() - 1);
    assert!(m.scroll_extra > 0);
    send(&mut m, &[Message::First]);
    assert_eq!((m.selected, m.scroll_extra), (0, 0));
}

#[test]
fn a_changed_flow_is_two_questions_from_the_start() {
    let mut m = support::model_with(flowtriage::content::embedded_playbook().unwrap());
    send(&mut m, &[Message::Choose, Message::ChooseNumber(0)]);
    assert_eq!(at(&m), "asking app-symptom");
    let Some(Position::Asking(q)) = m.session.triage.position(&m.playbook) else {
        panic!()
    };
    let i = q
        .options
        .iter()
        .position(|o| o.value == "flow-changed")
        .unwrap();
    send(&mut m, &[Message::ChooseNumber(i)]);
    assert_eq!(at(&m), "asking changed");
    send(&mut m, &[Message::ChooseNumber(0)]);
    assert_eq!(
        at(&m),
        "asking app-after-input",
        "live or dev is question 4"
    );
}
