//! `flowtriage stats` and "Did this fix it?": the aggregation over fixture sessions (an
//! old-format session and broken files included), golden files of every format,
//! privacy by default, and the commands end to end.
//! Regenerate the golden files with `UPDATE_GOLDEN=1 cargo test --test stats`.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use flowtriage::classify::classify;
use flowtriage::content::Playbook;
use flowtriage::engine::{Answer, AnswerSource, Triage};
use flowtriage::session::{Fixed, Session};
use flowtriage::stats::{self, Filter, Stats};
use flowtriage::store::{SessionStore, read_folders};

const BIN: &str = env!("CARGO_BIN_EXE_flowtriage");
const MINIMAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/content/minimal"
);
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sessions");

/// What must never leave the machine without --include-details.
const PRIVATE: &[&str] = &[
    "CASE-SECRET",
    "Contoso Secret",
    "Old Customer Secret",
    "NOTE-SECRET",
    "PASTE-SECRET",
];

fn answers(pairs: &[(&str, &str)]) -> Vec<Answer> {
    pairs
        .iter()
        .map(|(k, v)| Answer::new(k, v, AnswerSource::Cli))
        .collect()
}

fn session(pb: &Playbook, started: &str, case: Option<&str>, known: &[(&str, &str)]) -> Session {
    let triage = Triage::start(pb, answers(known));
    let mut s = Session::new(pb, triage, started, case.map(str::to_string));
    s.updated = started.to_string();
    s
}

fn recorded(mut s: Session, pb: &Playbook, fixed: Fixed, step: Option<usize>, at: &str) -> Session {
    s.record(pb, fixed, step);
    s.resolution.as_mut().unwrap().recorded = Some(at.to_string());
    s.updated = at.to_string();
    s
}

/// Nine sessions over two content versions, walked on the minimal playbook.
fn fixture_sessions(pb: &Playbook) -> Vec<Session> {
    let trigger = [("where", "app"), ("code", "WorkflowTriggerIsNotEnabled")];
    let transient = [("where", "email"), ("status", "500")];

    let paste = r#"{"error":{"code":"WorkflowTriggerIsNotEnabled","message":"trigger is not enabled PASTE-SECRET-1"}}"#;
    let c = classify(pb, paste);
    let mut first = Session::new(
        pb,
        Triage::start(pb, c.answers(pb)),
        "2026-11-10T10:00:00Z",
        Some("CASE-SECRET-1".into()),
    );
    first.customer = Some("Contoso Secret".into());
    first.pasted = Some(paste.into());
    first.classification = Some(c);
    first.marks.toggle("shared-first");
    first.marks.toggle("turn-on");
    first
        .marks
        .set_note("turn-on", "NOTE-SECRET-1 called the owner");
    let first = recorded(first, pb, Fixed::Yes, Some(1), "2026-11-10T10:10:00Z");

    let second = recorded(
        session(pb, "2026-11-11T08:00:00Z", Some("CASE-SECRET-2"), &trigger),
        pb,
        Fixed::Yes,
        Some(1),
        "2026-11-11T08:30:00Z",
    );
    let third = recorded(
        session(pb, "2026-11-12T08:00:00Z", None, &trigger),
        pb,
        Fixed::No,
        None,
        "2026-11-12T09:00:00Z",
    );
    let fourth = recorded(
        session(pb, "2026-11-13T08:00:00Z", None, &transient),
        pb,
        Fixed::Partly,
        Some(0),
        "2026-11-13T08:05:00Z",
    );
    let fifth = session(pb, "2026-11-14T08:00:00Z", None, &transient);
    let sixth = session(pb, "2026-11-15T08:00:00Z", None, &[("where", "email")]);

    let unrecognised = "PASTE-SECRET-2 the thing broke again\nAuthorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXNlY3JldA";
    let c = classify(pb, unrecognised);
    let mut seventh = session(pb, "2026-11-16T08:00:00Z", Some("CASE-SECRET-7"), &[]);
    seventh.pasted = Some(unrecognised.into());
    seventh.classification = Some(c);

    let mut eighth = recorded(
        session(pb, "2026-11-17T08:00:00Z", None, &transient),
        pb,
        Fixed::Yes,
        None,
        "2026-11-17T09:05:00Z",
    );
    eighth.content_version = "test-0".into();

    // Recorded on another checklist, then walked elsewhere: not recorded here.
    let mut ninth = recorded(
        session(pb, "2026-11-18T08:00:00Z", None, &transient),
        pb,
        Fixed::No,
        None,
        "2026-11-18T08:10:00Z",
    );
    ninth.resolution.as_mut().unwrap().outcome = Some("input-live".into());

    vec![
        first, second, third, fourth, fifth, sixth, seventh, eighth, ninth,
    ]
}

/// The fixture sessions saved into a fresh folder; with the on-disk fixtures (an
/// old-format session and two broken files) that makes two folders.
fn folders() -> (tempfile::TempDir, Vec<PathBuf>) {
    let pb = support::minimal_playbook();
    let dir = tempfile::tempdir().unwrap();
    let store = SessionStore::new(dir.path());
    for mut s in fixture_sessions(&pb) {
        store.save(&mut s).unwrap();
    }
    let dirs = vec![dir.path().to_path_buf(), PathBuf::from(FIXTURES)];
    (dir, dirs)
}

fn figures(filter: &Filter) -> (Stats, Vec<(PathBuf, String)>) {
    let (_dir, dirs) = folders();
    let (sessions, bad) = read_folders(&dirs);
    let mut stats = stats::aggregate(&sessions, &support::minimal_playbook(), filter);
    stats.skipped = bad.len();
    stats.tool_version = "0.0.0-test".into();
    (stats, bad)
}

#[test]
fn counts_outcomes_answers_steps_and_times() {
    let (stats, _) = figures(&Filter::default());
    assert_eq!((stats.read, stats.matched, stats.skipped), (10, 10, 2));
    let versions: Vec<_> = stats.versions.iter().map(|v| &v.content_version).collect();
    assert_eq!(versions, ["test-0", "test-1"], "kept apart by version");
    let v = &stats.versions[1];
    assert_eq!((v.triages, v.finished, v.unfinished), (9, 7, 2));

    let trigger = &v.outcomes[0];
    assert_eq!(trigger.id, "trigger-off");
    assert_eq!(trigger.title, "Turn the flow on");
    // Two yes, one no, and the old-format session: not recorded.
    assert_eq!(trigger.reached, 4);
    assert_eq!(trigger.resolved, 2);
    assert_eq!(
        (
            trigger.answers.yes,
            trigger.answers.no,
            trigger.answers.not_recorded
        ),
        (2, 1, 1)
    );
    assert_eq!(trigger.by_step.len(), 1);
    assert_eq!(
        (trigger.by_step[0].number, trigger.by_step[0].count),
        (Some(2), 2)
    );
    assert_eq!(trigger.by_step[0].text, "Turn it on.");
    // 10 and 30 minutes: the median of two is their mean.
    assert_eq!(trigger.median_seconds_to_resolution, Some(20 * 60));

    let transient = &v.outcomes[1];
    assert_eq!(transient.id, "transient");
    assert_eq!(transient.reached, 3);
    assert_eq!(
        (transient.answers.partly, transient.answers.not_recorded),
        (1, 2),
        "one partly; one never answered; one answered on another checklist"
    );
    assert_eq!(transient.resolved, 0);
    assert_eq!(transient.median_seconds_to_resolution, None);

    let pending: Vec<_> = v
        .pending
        .iter()
        .map(|p| (p.key.as_str(), p.count))
        .collect();
    assert_eq!(pending, [("status", 1), ("where", 1)]);
    assert_eq!(v.codes[0].name, "WorkflowTriggerIsNotEnabled");
    assert_eq!(v.categories[0].name, "trigger-disabled");
    assert_eq!(v.categories[0].count, 4);
    assert_eq!(v.not_recognised, 1);
    assert!(v.excerpts.is_none() && v.details.is_none());

    let old = &stats.versions[0];
    assert_eq!(old.outcomes[0].median_seconds_to_resolution, Some(3_900));
}

#[test]
fn an_old_session_loads_as_not_recorded_and_broken_files_are_named() {
    let (sessions, bad) = read_folders(&[PathBuf::from(FIXTURES)]);
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].resolution, None);
    let pb = support::minimal_playbook();
    let report = sessions[0].report(&pb, None, None);
    assert_eq!(report.resolution.unwrap().summary(), "not recorded");
    let names: Vec<String> = bad
        .iter()
        .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["20261102-100000-truncated.json", "not-a-session.json"]
    );
    assert!(
        bad.iter()
            .all(|(_, why)| why.contains("not a flowtriage session"))
    );
}

#[test]
fn the_same_session_in_two_folders_counts_once() {
    let pb = support::minimal_playbook();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut s = session(&pb, "2026-11-11T08:00:00Z", None, &[("where", "email")]);
    SessionStore::new(a.path()).save(&mut s).unwrap();
    let mut later = recorded(s, &pb, Fixed::NotYet, None, "2026-11-11T09:00:00Z");
    SessionStore::new(b.path()).save(&mut later).unwrap();
    let (sessions, _) = read_folders(&[a.path().into(), b.path().into()]);
    assert_eq!(sessions.len(), 1);
    assert_eq!(
        sessions[0].updated, "2026-11-11T09:00:00Z",
        "the later copy"
    );
}

#[test]
fn filters_by_start_and_content_version() {
    let (stats, _) = figures(&Filter {
        since: Some("2026-11-13T00:00:00Z".into()),
        ..Filter::default()
    });
    assert_eq!(stats.matched, 6);
    let (stats, _) = figures(&Filter {
        content_version: Some("test-0".into()),
        ..Filter::default()
    });
    assert_eq!(stats.matched, 1);
    assert_eq!(stats.versions.len(), 1);
    assert_eq!(stats.versions[0].outcomes[0].answers.yes, 1);
}

fn rendered(stats: &Stats) -> [(&'static str, String); 4] {
    [
        ("txt", stats::to_text(stats)),
        ("json", stats::to_json(stats)),
        ("csv", stats::to_csv(stats)),
        ("html", stats::to_html(stats)),
    ]
}

#[test]
fn every_format_matches_its_golden_file() {
    let (stats, _) = figures(&Filter::default());
    for (ext, text) in rendered(&stats) {
        let path = format!("{}/tests/golden/stats.{ext}", env!("CARGO_MANIFEST_DIR"));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        let golden = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{path} is missing: run with UPDATE_GOLDEN=1"));
        assert_eq!(text, golden, "{ext} differs from {path}");
    }
}

#[test]
fn nothing_private_without_include_details() {
    let (stats, _) = figures(&Filter::default());
    for (ext, text) in rendered(&stats) {
        for secret in PRIVATE {
            assert!(!text.contains(secret), "{ext} shows {secret}:\n{text}");
        }
    }
    // The same figures with details do show them, so the check above can fail.
    let (stats, _) = figures(&Filter {
        include_details: true,
        ..Filter::default()
    });
    for (ext, text) in rendered(&stats) {
        for secret in PRIVATE {
            assert!(text.contains(secret), "{ext} lacks {secret} with details");
        }
        // Even then a token in a paste stays redacted.
        assert!(!text.contains("c2lnbmF0dXJlLXNlY3JldA"), "{ext}:\n{text}");
    }
}

/// With details, a secret in a note, case or customer is masked, as in every report:
/// a session saved before a rule existed (or by `--plain` before 2026-12-01) holds it.
#[test]
fn details_mask_secrets_an_older_session_kept() {
    let pb = support::minimal_playbook();
    let mut s = session(
        &pb,
        "2026-11-12T09:00:00Z",
        None,
        &[("where", "app"), ("code", "WorkflowTriggerIsNotEnabled")],
    );
    // As an older version saved them: written straight into the fields.
    s.case_id = Some("C-1 Password=LEAKstatsCase1".into());
    s.customer = Some("Contoso Authorization: Bearer LEAKstatsCustomer0123456789".into());
    s.marks.set_note(
        "turn-on",
        "customer sent: Authorization: Bearer LEAKstatsNote0123456789 Password=LEAKstatsPw1",
    );
    let stats = stats::aggregate(
        &[s],
        &pb,
        &Filter {
            include_details: true,
            ..Filter::default()
        },
    );
    for (ext, text) in rendered(&stats) {
        assert!(
            text.contains("customer sent"),
            "{ext} shows the note:\n{text}"
        );
        assert!(!text.contains("LEAK"), "{ext}:\n{text}");
    }
}

#[test]
fn the_html_page_is_self_contained_and_escapes_text() {
    let pb = support::minimal_playbook();
    let mut s = session(&pb, "2026-11-10T10:00:00Z", Some("<script>x</script>"), &[]);
    s.content_version = "<img src=x onerror=alert(1)>".into();
    let mut stats = stats::aggregate(
        &[s],
        &pb,
        &Filter {
            include_details: true,
            ..Filter::default()
        },
    );
    stats.tool_version = "0".into();
    let html = stats::to_html(&stats);
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("&lt;script&gt;"));
    for network in [
        "http://", "https://", "src=\"", "href=\"", "@import", "url(", "<link",
    ] {
        // The SVG namespace is a name, never fetched.
        let found = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(!found.contains(network), "{network} in {html}");
    }
    assert!(html.contains("<svg"));
}

// --- the binary ----------------------------------------------------------------

fn run(home: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("FLOWTRIAGE_HOME", home)
        .output()
        .unwrap()
}

#[test]
fn stats_reads_several_folders_and_names_the_files_it_skips() {
    let (dir, _) = folders();
    let home = tempfile::tempdir().unwrap();
    let first = dir.path().to_str().unwrap();
    let o = run(
        home.path(),
        &[
            "stats",
            "--sessions",
            first,
            "--sessions",
            FIXTURES,
            "--content",
            MINIMAL,
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("20261102-100000-truncated.json") && err.contains("not-a-session.json"),
        "{err}"
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["sessions"]["matched"], 10);
    assert_eq!(json["sessions"]["skipped"], 2);
    assert_eq!(json["versions"][1]["outcomes"][0]["resolved"], 2);

    let o = run(
        home.path(),
        &[
            "stats",
            "--sessions",
            first,
            "--content",
            MINIMAL,
            "--since",
            "2026-11-16",
        ],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("flowtriage stats: 3 triage(s)"), "{out}");

    let o = run(home.path(), &["stats", "--since", "last tuesday"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(home.path(), &["stats", "--sessions", "/no/such/folder"]);
    assert_eq!(o.status.code(), Some(1));
    let o = run(home.path(), &["stats"]);
    assert_eq!(o.status.code(), Some(0), "no sessions yet is not an error");
}

#[test]
fn sessions_mark_records_and_every_report_shows_it() {
    let home = tempfile::tempdir().unwrap();
    let pb = support::minimal_playbook();
    let mut s = session(
        &pb,
        "2026-11-10T10:00:00Z",
        Some("C-9"),
        &[("where", "email"), ("status", "500")],
    );
    SessionStore::new(home.path().join("state/sessions"))
        .save(&mut s)
        .unwrap();
    let show = |format: &str| {
        let o = run(
            home.path(),
            &["sessions", "show", &s.id, "--format", format],
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    assert!(show("text").contains("Resolved: not recorded"));

    let o = run(
        home.path(),
        &[
            "sessions",
            "mark",
            &s.id,
            "yes",
            "--step",
            "3",
            "--content",
            MINIMAL,
        ],
    );
    assert_eq!(o.status.code(), Some(2), "there are two steps");
    assert!(String::from_utf8_lossy(&o.stderr).contains("from 1 to 2"));
    let o = run(
        home.path(),
        &[
            "sessions",
            "mark",
            &s.id,
            "yes",
            "--step",
            "2",
            "--content",
            MINIMAL,
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("resolved: yes, by step 2"));

    assert!(show("text").contains("Resolved: yes, by step 2"));
    assert!(show("md").contains("- **Resolved:** yes, by step 2"));
    assert!(show("html").contains("<dt>Resolved</dt><dd>yes, by step 2</dd>"));
    let json: serde_json::Value = serde_json::from_str(&show("json")).unwrap();
    assert_eq!(json["resolution"]["fixed"], "yes");
    assert_eq!(json["resolution"]["step_number"], 2);
    assert!(json["resolution"]["recorded"].is_string());

    let o = run(home.path(), &["sessions", "mark", &s.id, "not-yet"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(show("text").contains("Resolved: not yet\n"));
}

#[test]
fn plain_mode_asks_whether_it_fixed_it() {
    use std::io::Write;
    let home = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .args(["wizard", "--plain", "--content", MINIMAL])
        .env("FLOWTRIAGE_HOME", home.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"email\n500\nq\nmaybe\n3\n7\n1\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Did this fix it? 1. yes"), "{out}");
    assert!(out.contains("'maybe' is not one of the answers."), "{out}");
    assert!(out.contains("'7' is not a step number."), "{out}");
    assert!(out.contains("Recorded: partly, by step 1."), "{out}");
    let (sessions, _) = read_folders(&[home.path().join("state/sessions")]);
    let r = sessions[0].resolution.as_ref().expect("saved");
    assert_eq!((r.fixed, r.step_number), (Fixed::Partly, Some(1)));
    assert!(r.recorded.is_some(), "the edge stamped the time");
}

// --- the wizard's question, without a terminal -----------------------------------

#[test]
fn the_wizard_asks_after_the_last_tick_and_records_without_a_clock() {
    use flowtriage::wizard::{Message, Popup, update};
    let mut m = support::model();
    for msg in [
        Message::Choose,
        Message::ChooseNumber(0),
        Message::ChooseNumber(0),
    ] {
        update(&mut m, msg);
    }
    assert_eq!(m.session.triage.current(), "trigger-off");
    update(&mut m, Message::ToggleStep);
    assert_eq!(
        m.popup,
        Popup::None,
        "one step of two ticked: not asked yet"
    );
    update(&mut m, Message::Down);
    update(&mut m, Message::ToggleStep);
    assert_eq!(
        m.popup,
        Popup::Fixed {
            selected: 0,
            step: Some(1)
        },
        "asked, with the step just ticked"
    );
    // Left goes round: step 1, no step, the last step.
    update(&mut m, Message::CycleStep(false));
    update(&mut m, Message::CycleStep(false));
    assert_eq!(
        m.popup,
        Popup::Fixed {
            selected: 0,
            step: None
        }
    );
    update(&mut m, Message::CycleStep(false));
    assert_eq!(
        m.popup,
        Popup::Fixed {
            selected: 0,
            step: Some(2)
        }
    );
    update(&mut m, Message::Close);
    assert_eq!(m.session.resolution, None, "Esc records nothing");
    // Unticking and ticking again does not ask twice once answered.
    update(&mut m, Message::OpenFixed);
    update(&mut m, Message::Down);
    update(&mut m, Message::Choose);
    let r = m.session.resolution.clone().expect("recorded");
    assert_eq!(r.fixed, Fixed::No);
    assert_eq!(r.step, None, "a step cannot have fixed what was not fixed");
    assert_eq!(r.recorded, None, "the edge stamps the time");
    assert!(m.dirty);
    assert_eq!(m.status.as_deref(), Some("Recorded: no."));
    update(&mut m, Message::ToggleStep);
    update(&mut m, Message::ToggleStep);
    assert_eq!(m.popup, Popup::None);
}
