//! The advice itself: facts the content audit of 2026-11-30 corrected stay corrected,
//! each moved code reaches its new checklist, each new signature recognises a real
//! message, the seed paths still reach their checklists, and every outcome says when
//! its advice was checked and against which Microsoft page.

use flowtriage::classify::classify;
use flowtriage::content::{Outcome, Playbook, ReviewDate, embedded_playbook, review_warnings};
use flowtriage::engine::{Answer, AnswerSource, Position, Triage};
use flowtriage::search::SearchIndex;

fn playbook() -> Playbook {
    embedded_playbook().unwrap_or_else(|problems| {
        panic!(
            "{}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

/// Where these answers lead; panics when the walk stops at a question.
fn outcome_of<'a>(pb: &'a Playbook, answers: &[(&str, &str)]) -> &'a Outcome {
    let answers = answers
        .iter()
        .map(|(k, v)| Answer::new(k, v, AnswerSource::Cli))
        .collect();
    let triage = Triage::start(pb, answers);
    match triage.position(pb) {
        Some(Position::Done(o)) => o,
        Some(Position::Asking(q)) => panic!("stopped at question {} ({})", q.id, q.key),
        None => panic!("no position"),
    }
}

/// Where a pasted message leads, with the answers the classifier found.
fn outcome_of_paste<'a>(pb: &'a Playbook, text: &str) -> (&'a Outcome, String) {
    let c = classify(pb, text);
    let triage = Triage::start(pb, c.answers(pb));
    match triage.position(pb) {
        Some(Position::Done(o)) => (o, c.category.clone()),
        other => panic!(
            "{text}\nstopped at {:?}; {c:?}",
            other.map(|p| match p {
                Position::Asking(q) => q.id.clone(),
                Position::Done(o) => o.id.clone(),
            })
        ),
    }
}

/// Every step text of an outcome, alternatives included, and its cause.
fn all_text(o: &Outcome) -> String {
    let mut text = vec![o.cause.clone()];
    for s in o
        .steps
        .iter()
        .chain(o.alternatives.iter().flat_map(|a| a.steps.iter()))
    {
        text.push(s.text.clone());
        text.extend(s.how.clone());
    }
    text.extend(o.alternatives.iter().map(|a| a.title.clone()));
    text.join("\n")
}

fn step<'a>(o: &'a Outcome, id: &str) -> &'a str {
    &o.steps
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("{} has no step {id}", o.id))
        .text
}

// --- The 22 paths of the three source articles -------------------------------------

#[test]
fn the_22_seed_paths_still_reach_their_checklists() {
    let pb = playbook();
    let paths: [(&[(&str, &str)], &str); 22] = [
        (
            &[("code", "InvokerConnectionOverrideFailed")],
            "invoker-connection-override",
        ),
        (
            &[
                ("code", "ConnectionAuthorizationFailed"),
                ("auth-message", "permission"),
            ],
            "connection-authorization",
        ),
        (
            &[
                ("code", "ConnectionAuthorizationFailed"),
                ("auth-message", "credentials"),
            ],
            "connection-reauthenticate",
        ),
        (
            &[("code", "WorkflowTriggerIsNotEnabled")],
            "trigger-disabled",
        ),
        (&[("code", "ResponseTimeout")], "response-timeout"),
        (&[("code", "0x80040265")], "install-failed"),
        (&[("code", "0x80048d0b")], "install-failed"),
        (
            &[("where", "install"), ("install", "install-flow-failed")],
            "install-failed",
        ),
        (
            &[
                ("code", "MissingConnectionReference"),
                ("layers", "unmanaged"),
            ],
            "missing-connection-reference-unmanaged",
        ),
        (
            &[
                ("code", "MissingConnectionReference"),
                ("layers", "managed-only"),
            ],
            "missing-connection-reference",
        ),
        (
            &[
                ("code", "NotAllowedConnectionReference"),
                ("connection", "embedded"),
            ],
            "not-allowed-connection-reference-embedded",
        ),
        (
            &[
                ("code", "NotAllowedConnectionReference"),
                ("connection", "invoker"),
            ],
            "not-allowed-connection-reference-invoker",
        ),
        (
            &[("changed", "input-added"), ("app", "live")],
            "flow-input-changed-live",
        ),
        (
            &[("changed", "input-added"), ("app", "dev")],
            "flow-input-changed-dev",
        ),
        (
            &[("changed", "connection-added"), ("app", "live")],
            "flow-connections-changed-live",
        ),
        (
            &[("changed", "connection-changed"), ("app", "dev")],
            "flow-connections-changed-dev",
        ),
        (
            &[("changed", "output-removed"), ("app", "live")],
            "flow-output-removed-live",
        ),
        (
            &[("changed", "output-removed"), ("app", "dev")],
            "flow-output-removed-dev",
        ),
        (&[("status", "401")], "auth-failure"),
        (&[("status", "400")], "action-configuration"),
        (&[("status", "500")], "transient-failure"),
        (
            &[("where", "email"), ("email", "turned-off")],
            "flow-turned-off",
        ),
    ];
    for (answers, expected) in paths {
        assert_eq!(outcome_of(&pb, answers).id, expected, "{answers:?}");
    }
}

// --- Corrected facts (audit section b) ----------------------------------------------

#[test]
fn no_checklist_tells_anyone_to_share_a_connection_with_users() {
    let pb = playbook();
    let asks_to_share = regex::Regex::new(
        r"(?i)\bshare (?:it|them|the connections?|their connections?|your connections?|connections?) with\b|owners share|have (?:them|their owners) share",
    )
    .unwrap();
    for o in &pb.outcomes {
        let text = all_text(o);
        assert!(
            !asks_to_share.is_match(&text),
            "{} asks to share a connection:\n{text}",
            o.id
        );
    }
    let one_owner = step(pb.outcome("connection-authorization").unwrap(), "one-owner");
    assert!(
        one_owner.contains("cannot be shared with other users"),
        "{one_owner}"
    );
    assert!(one_owner.contains("service principal"), "{one_owner}");
}

#[test]
fn the_license_rule_is_the_app_users_license_whatever_the_connections() {
    let pb = playbook();
    let o = pb.outcome("license-required").unwrap();
    let who = step(o, "which-licence");
    assert!(who.contains("every user who runs the app"), "{who}");
    assert!(who.contains("Provided by run-only user") && who.contains("Use this connection"));
    assert!(who.contains("Process license"), "{who}");
    let all = all_text(o);
    assert!(!all.contains("otherwise the flow's owner"), "{all}");
    assert!(
        !all.contains("same solution"),
        "the invented condition is gone: {all}"
    );
    let context = step(o, "context");
    assert!(context.contains("in context automatically"), "{context}");
    assert!(context.contains("Associated Apps"), "{context}");
    assert!(context.contains("90 days"), "{context}");
}

#[test]
fn throttling_gives_the_medium_profile_retries_and_the_callers_allocation() {
    let pb = playbook();
    let o = pb.outcome("throttled").unwrap();
    let all = all_text(o);
    assert!(
        !all.contains("4 times"),
        "the Logic Apps default is gone: {all}"
    );
    assert!(step(o, "wait-resubmit").contains("up to 8 times over about 15 minutes"));
    let plan = step(o, "check-plan");
    assert!(plan.contains("the user who runs the app"), "{plan}");
    assert!(
        plan.contains("Power Apps Premium, Power Automate Premium"),
        "{plan}"
    );
    assert!(plan.contains("40,000") && plan.contains("6,000") && plan.contains("250,000"));
    assert!(!plan.contains("owner's plan"), "{plan}");
}

#[test]
fn a_403_says_which_account_needs_rights_on_what() {
    let pb = playbook();
    let o = outcome_of(&pb, &[("status", "403"), ("forbidden", "permission")]);
    assert_eq!(o.id, "permission-denied");
    assert_eq!(o.category, "auth-failure");
    let who = step(o, "which-account");
    assert!(
        who.contains("\"Use this connection\" means the connection's owner"),
        "{who}"
    );
    assert!(who.contains("\"Provided by run-only user\" means the person who used the app"));
    assert!(step(o, "grant-access").contains("security role"));
    assert!(
        !all_text(o).contains("sign in again"),
        "a 403 is not a re-authentication"
    );
    // A 401 still re-authenticates, with the current label.
    let signin = outcome_of(&pb, &[("status", "401")]);
    assert!(step(signin, "fix-connection").contains("Fix connection"));
}

#[test]
fn ui_paths_and_labels_are_current() {
    let pb = playbook();
    for o in &pb.outcomes {
        let all = all_text(o);
        for stale in [
            "Verify password",
            "gear",
            "bell",
            "Self Help",
            "See solutions",
            "Advanced tools > Monitor",
        ] {
            assert!(
                !all.contains(stale),
                "{} still says {stale:?}:\n{all}",
                o.id
            );
        }
    }
    let help = step(pb.outcome("unknown").unwrap(), "get-help");
    assert!(help.contains("Help + support"), "{help}");
    let dlp = step(pb.outcome("dlp-violation").unwrap(), "see-policy");
    assert!(
        dlp.contains("Data policies") && dlp.contains("Security"),
        "{dlp}"
    );
}

#[test]
fn no_reference_cites_a_page_the_search_did_not_return() {
    let pb = playbook();
    let verified: Vec<&str> = include_str!("fixtures/verified_urls.txt")
        .lines()
        .filter(|l| l.starts_with("https://"))
        .collect();
    for o in &pb.outcomes {
        let urls = o
            .references
            .iter()
            .map(|r| r.url.as_str())
            .chain(o.checked_against.iter().map(String::as_str));
        for url in urls {
            assert!(
                verified.contains(&url),
                "{} cites {url}, which tests/fixtures/verified_urls.txt does not list",
                o.id
            );
        }
    }
}

#[test]
fn every_outcome_says_when_its_advice_was_checked_and_against_what() {
    let pb = playbook();
    for o in &pb.outcomes {
        assert!(o.checked.is_some(), "{} has no checked date", o.id);
        assert!(!o.checked_against.is_empty(), "{} names no page", o.id);
    }
    let today = ReviewDate::parse("2026-12-01").unwrap();
    assert_eq!(review_warnings(&pb, today), Vec::new());
    // A year and more later, every outcome is due again.
    let later = ReviewDate::parse("2027-12-01").unwrap();
    assert_eq!(review_warnings(&pb, later).len(), pb.outcomes.len());
}

// --- Moved codes ---------------------------------------------------------------------

#[test]
fn timeouts_inside_the_run_are_not_the_apps_120_second_wait() {
    let pb = playbook();
    for code in ["ActionTimedOut", "OperationTimedOut"] {
        let o = outcome_of(&pb, &[("code", code)]);
        assert_eq!(o.id, "action-timeout", "{code}");
        assert_eq!(o.category, "action-timeout", "{code}");
        assert!(step(o, "action-settings-timeout").contains("Timeout"));
    }
    let inside = outcome_of(&pb, &[("status", "504"), ("timeout-where", "action")]);
    assert_eq!(inside.id, "action-timeout");
    let app = outcome_of(&pb, &[("status", "504"), ("timeout-where", "app")]);
    assert_eq!(app.id, "response-timeout");
}

#[test]
fn the_loop_limit_has_its_own_checklist_that_never_says_wait() {
    let pb = playbook();
    let o = outcome_of(&pb, &[("code", "WorkflowRunActionRepetitionQuotaExceeded")]);
    assert_eq!(o.id, "loop-limit");
    assert!(o.cause.contains("5,000") && o.cause.contains("100,000"));
    assert!(!o.steps.iter().any(|s| s.text.starts_with("Wait")));
    assert!(step(o, "select-filter").contains("Select or Filter array"));
}

#[test]
fn the_daily_request_quota_goes_to_the_request_limits_checklist() {
    let pb = playbook();
    assert_eq!(
        outcome_of(&pb, &[("code", "FlowRunQuotaExceeded")]).id,
        "throttled"
    );
}

// --- One test per new signature, with a real message ---------------------------------

#[test]
fn api_policy_data_flow_violation_reaches_the_data_policy_checklist() {
    let pb = playbook();
    let (o, category) = outcome_of_paste(
        &pb,
        r#"Turn on failed. Flow client error returned with status code "Forbidden" and details "{"error":{"code":"ApiPolicyDataFlowViolation","message":"Admin data policy 'PP-Admin-Policy' restricts the use of /providers/Microsoft.PowerApps/apis/shared_powerplatformforadmins with /providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps."}}"."#,
    );
    assert_eq!(
        (o.id.as_str(), category.as_str()),
        ("dlp-violation", "dlp-violation")
    );
    assert!(step(o, "policy-latency").contains("24 hours"));
    assert!(step(o, "disabled-connections").contains("disabled"));
}

#[test]
fn a_flow_that_cannot_be_activated_for_admin_api_policies_is_a_data_policy_case() {
    let pb = playbook();
    // The message alone, without its code.
    let (o, _) = outcome_of_paste(
        &pb,
        "Flow '231e2aae-09e0-eb8e-9d6e-628197c149a8' cannot be activated due to admin API policies.",
    );
    assert_eq!(o.id, "dlp-violation");
}

#[test]
fn a_connection_reference_without_a_connection_reaches_the_import_checklist() {
    let pb = playbook();
    let (o, category) = outcome_of_paste(
        &pb,
        r#"Failed to activate component(s). Flow client error returned with status code "BadRequest" and details "{"error":{"code":"XrmConnectionReferenceMissingConnection","message":"Connection Id missing for connection reference logical name 'admin_CDSCoEConnection'."}}"."#,
    );
    assert_eq!(
        (o.id.as_str(), category.as_str()),
        ("alm-import", "solution-import")
    );
    let all = all_text(o);
    for needed in [
        "Default Solution > Connection references",
        "Environment variables",
        "child flows first",
        "custom connector",
        "managed solution",
    ] {
        assert!(all.contains(needed), "{needed}: {all}");
    }
}

#[test]
fn cannot_start_unpublished_flow_reaches_the_import_checklist() {
    let pb = playbook();
    let (o, _) = outcome_of_paste(
        &pb,
        "Cannot start unpublished flow. Authenticate the flow connections and resave the flow to activate.",
    );
    assert_eq!(o.id, "alm-import");
}

#[test]
fn a_child_flow_with_invoker_connections_reaches_its_checklist() {
    let pb = playbook();
    let (o, category) = outcome_of_paste(
        &pb,
        r#"Request to XRM API failed with error: 'Message: Flow client error returned with status code "BadRequest" and details "{"error":{"code":"ChildFlowUnsupportedForInvokerConnections","message":"The workflow with id '309dccc8-a76b-ec11-8943-00224828fb29', name DLP Request | Apply Policy to Environment (Child) cannot be used as a child workflow because child workflows only support embedded connections."}}". Code: 0x80060467 InnerError: '."#,
    );
    assert_eq!(
        (o.id.as_str(), category.as_str()),
        ("child-flow-invoker", "child-flow")
    );
    assert!(step(o, "child-embedded").contains("\"Use this connection\""));
}

#[test]
fn a_child_flow_never_turned_on_reaches_its_checklist() {
    let pb = playbook();
    let (o, category) = outcome_of_paste(
        &pb,
        r#"Flow client error returned with status code "BadRequest" and details "{"error":{"code":"ChildFlowNeverPublished","message":"The workflow with id 'a405dd4c-78e5-eb11-bacb-000d3a8edeaa' cannot be used as a child workflow because it has never been published. Child workflows need to be published at least once before they can be included in a published parent workflow."}}"."#,
    );
    assert_eq!(
        (o.id.as_str(), category.as_str()),
        ("child-flow-unpublished", "child-flow")
    );
    assert!(step(o, "turn-on-child-first").contains("child flow on, then the parent"));
}

#[test]
fn an_unpublished_solution_flow_is_a_flow_that_is_off_even_inside_an_install_error() {
    let pb = playbook();
    let (o, category) = outcome_of_paste(
        &pb,
        r#"'Agent Inventory' - AgentInventory|AgentsDataLoadOnDemand.Run failed: {"error":{"code":"0x80048d0b","message":"{\"errorCode\":\"UnpublishedSolutionFlowCannotBeInstalled\",\"message\":\"An unpublished solution flow cannot be installed. Please turn on the flow to enable activation.\",\"correlationId\":\"8bd4e458-7317-4c2a-ac44-13543ad00c85\"}"}}"#,
    );
    assert_eq!(
        (o.id.as_str(), category.as_str()),
        ("trigger-disabled", "trigger-disabled")
    );
}

// --- The two new questions and the gaps of section c ---------------------------------

#[test]
fn the_new_questions_route_where_they_matter() {
    let pb = playbook();
    for (key, prompt) in [
        (
            "deployed",
            "Are the app and flow deployed to other environments with solutions?",
        ),
        (
            "audience",
            "Does it fail for everyone, or only for other users?",
        ),
    ] {
        let q = pb
            .question(key)
            .unwrap_or_else(|| panic!("no question {key}"));
        assert_eq!((q.key.as_str(), q.prompt.as_str()), (key, prompt));
    }
    let not_configured = [("where", "app"), ("symptom", "not-configured")];
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut a = not_configured.to_vec();
        a.extend_from_slice(extra);
        outcome_of(&pb, &a).id.clone()
    };
    assert_eq!(
        with(&[("deployed", "solutions"), ("layers", "unmanaged")]),
        "missing-connection-reference-unmanaged"
    );
    assert_eq!(
        with(&[("deployed", "single"), ("audience", "others")]),
        "others-fail"
    );
    assert_eq!(
        with(&[
            ("deployed", "single"),
            ("audience", "everyone"),
            ("app", "dev")
        ]),
        "flow-connections-changed-dev"
    );
    assert_eq!(
        outcome_of(
            &pb,
            &[
                ("where", "app"),
                ("symptom", "connections"),
                ("audience", "others")
            ]
        )
        .id,
        "others-fail"
    );
}

#[test]
fn the_gaps_a_support_call_brings_each_have_a_checklist() {
    let pb = playbook();
    let app = |symptom| {
        outcome_of(&pb, &[("where", "app"), ("symptom", symptom)])
            .id
            .clone()
    };
    assert_eq!(app("others"), "others-fail");
    assert_eq!(app("add-flow"), "flow-cannot-be-added");
    assert_eq!(app("no-answer"), "respond-action");
    assert_eq!(app("blocked"), "dlp-violation");
    assert_eq!(
        outcome_of(&pb, &[("where", "install"), ("install", "import")]).id,
        "alm-import"
    );
    let added = all_text(pb.outcome("flow-cannot-be-added").unwrap());
    for rule in [
        "(V2)",
        "same environment",
        "in a solution",
        "Turn the flow on",
    ] {
        assert!(added.contains(rule), "{rule}: {added}");
    }
    let respond = all_text(pb.outcome("respond-action").unwrap());
    assert!(respond.contains("does not wait"), "{respond}");
    assert!(respond.contains("never reach the app"), "{respond}");
    let others = all_text(pb.outcome("others-fail").unwrap());
    for point in ["IfError()", "security role", "run-only", "license"] {
        assert!(others.contains(point), "{point}: {others}");
    }
}

// --- Search lists what was typed before fuzzy noise (usability finding 9) ---------------

#[test]
fn search_lists_entries_holding_the_words_first_and_drops_scattered_letters() {
    let pb = playbook();
    let index = SearchIndex::new(&pb);
    let categories = |query: &str| -> Vec<String> {
        index
            .search(query, 20)
            .iter()
            .map(|h| h.entry.category.clone())
            .collect()
    };
    // Each of these found its category first, then letters picked across unrelated
    // messages ("dlp" in "An app in development", "license" in
    // "UnpublishedSolutionFlowCannotBeInstalled", "2 minutes" in a pagination message).
    for (query, category) in [
        ("dlp", "dlp-violation"),
        ("license", "license-required"),
        ("licence", "license-required"),
        ("2 minutes", "response-timeout"),
        ("not given by invoker", ""),
    ] {
        let got = categories(query);
        assert!(!got.is_empty(), "{query:?} finds nothing");
        if !category.is_empty() {
            assert!(
                got.iter().all(|c| c == category),
                "{query:?} lists another category: {got:?}"
            );
        }
    }
    let hits = index.search("not given by invoker", 20);
    assert_eq!(hits.len(), 2, "only the two messages that say it");
    // A typo or an acronym still finds its entry.
    assert!(categories("invokr").contains(&"invoker-connection-override".to_string()));
    assert!(categories("conection").contains(&"connection-authorization".to_string()));
}

// --- Search finds both spellings -----------------------------------------------------

#[test]
fn search_treats_the_synonyms_of_the_content_alike() {
    let pb = playbook();
    let index = SearchIndex::new(&pb);
    let finds = |query: &str, outcome: &str| {
        index.search(query, 20).iter().any(
            |h| matches!(&h.entry.target, flowtriage::search::Target::Node { id } if id == outcome),
        )
    };
    for (query, outcome) in [
        ("licence missing", "license-required"),
        ("license missing", "license-required"),
        ("2 minutes", "response-timeout"),
        ("120 seconds", "response-timeout"),
        ("flow is disabled", "trigger-disabled"),
        ("flow is turned off", "trigger-disabled"),
    ] {
        assert!(finds(query, outcome), "{query:?} does not find {outcome}");
    }
}

// --- Reports say how fresh the advice is ----------------------------------------------

#[test]
fn every_report_format_says_when_the_advice_was_checked() {
    use flowtriage::checklist::StepMarks;
    use flowtriage::report::{Report, ReportMeta, to_html, to_json, to_markdown, to_text};
    let pb = playbook();
    let t = Triage::start(
        &pb,
        vec![Answer::new("code", "ResponseTimeout", AnswerSource::Cli)],
    );
    let report = Report::build(
        &pb,
        &t,
        None,
        &StepMarks::default(),
        ReportMeta::default(),
        0,
    );
    assert_eq!(
        report.outcome.as_ref().unwrap().advice_checked.as_deref(),
        Some("2026-11")
    );
    assert!(to_markdown(&report).contains("*Advice checked 2026-11.*"));
    assert!(to_text(&report).contains("Advice checked 2026-11."));
    assert!(to_html(&report).contains("Advice checked 2026-11."));
    assert_eq!(to_json(&report)["outcome"]["advice_checked"], "2026-11");
}

#[test]
fn a_pagination_threshold_above_the_plan_gets_its_own_checklist() {
    let pb = playbook();
    let (o, category) = outcome_of_paste(
        &pb,
        "Turn on failed. Flow client error returned with status code \"BadRequest\" and details \
         \"{\"error\":{\"code\":\"InvalidOpenApiFlow\",\"message\":\"Flow save failed with code \
         'InvalidPaginationPolicy' and message 'The pagination policy of workflow run action \
         'Get_items' of type 'OpenApiConnection' at line '1' and column '99' is not valid. The \
         value specified for property 'minimumItemsCount' exceeds the maximum allowed. Actual: \
         '100000'. Maximum: '5000'.'.\"}}\"",
    );
    assert_eq!(o.id, "pagination-limit");
    assert_eq!(category, "license-required");
    assert!(o.cause.contains("5,000") && o.cause.contains("owner"));
    assert!(step(o, "lower-threshold").contains("Threshold to 5,000"));
    assert!(step(o, "find-owner-plan").contains("isCurrent=true"));
}

/// Each paste lands on its category.
fn assert_routes(pb: &Playbook, cases: &[(&str, &str)]) {
    for (text, category) in cases {
        let c = classify(pb, text);
        assert_eq!(&c.category, category, "{text}\n{c:?}");
    }
}

#[test]
fn a_504_inside_a_run_is_the_actions_time_out_unless_an_app_waits() {
    assert_routes(
        &playbook(),
        &[
            (
                "The Excel script step of my Power Automate flow failed: 504 GatewayTimeout",
                "action-timeout",
            ),
            (
                "PowerApps: MyFlow.Run failed: 504 GatewayTimeout after two minutes",
                "response-timeout",
            ),
            (
                "Power Automate run: The action 'Response' is failed: the client application \
                 timed out waiting for a response from service. 504",
                "response-timeout",
            ),
        ],
    );
}

#[test]
fn flows_found_off_are_the_off_checklist_unless_a_licence_is_named() {
    assert_routes(
        &playbook(),
        &[
            (
                "After every import-solution deployment some flows are disabled and we turn \
                 them back on",
                "trigger-disabled",
            ),
            (
                "Banner in the portal: premium flows are turned off because the owner has no \
                 license",
                "license-required",
            ),
        ],
    );
}

#[test]
fn admin_commands_and_bare_statuses_stay_out_of_seed_checklists() {
    assert_routes(
        &playbook(),
        &[
            (
                "PS C:\\> Get-PnPFlow -AsAdmin\nGet-PnPFlow: Forbidden (403): the API is no longer \
                 supported",
                "unknown",
            ),
            (
                "requests.exceptions.HTTPError: 403 Client Error: Forbidden for url",
                "unknown",
            ),
            ("The request failed with HTTP 502 Bad Gateway.", "unknown"),
            (
                "Action 'Get_items' failed: status 403 Forbidden - Access denied.",
                "auth-failure",
            ),
            ("クラウド フローで「429」エラーが発生する", "throttled"),
        ],
    );
}

#[test]
fn a_status_number_beside_a_localized_marker_word_is_that_status() {
    // One `[[status_marker]]` list serves every status signature, so a status that had
    // no localized wording of its own (404, 504) is read the same way as 429.
    assert_routes(
        &playbook(),
        &[
            (
                "Die Aktion im Flow schlägt mit Fehler 404 fehl.",
                "action-configuration",
            ),
            (
                "La acción del flujo devuelve el código de estado 500.",
                "transient-failure",
            ),
            (
                "フローのアクションが 403 エラーで失敗します",
                "auth-failure",
            ),
            (
                "Power Apps から呼んだフローが 504 エラーになる",
                "response-timeout",
            ),
            ("连接器操作返回状态码 429", "throttled"),
            // The marker words alone, or a number far from them, are not a status.
            ("Der Flow zeigt einen Fehler beim Speichern.", "unknown"),
            // A marker inside a longer word is not one.
            (
                "The flow's HTTP step: HTTPStatusError 429 from the API.",
                "unknown",
            ),
            // English prose: a number after "with a", "got"... and before a sentence goes
            // on is a status; a count is not.
            (
                "Every few runs the flow fails at the SQL step with a 502 and then works.",
                "transient-failure",
            ),
            (
                "The flow's HTTP action got 403 when it called the API.",
                "auth-failure",
            ),
            (
                "The Get items action in my flow returns 500 rows at most.",
                "unknown",
            ),
            // A line's end is not where a number ends: a wrap may fall there, and the
            // same sentence unwrapped goes on ("returns a 403 Insufficient...").
            (
                "The List rows step in my flow returns a 403\nInsufficientPrivileges since the move.",
                "unknown",
            ),
        ],
    );
}

#[test]
fn a_status_said_as_a_bare_number_reads_the_same_for_every_status_of_the_shared_table() {
    // One `[[status_wording]]` in vocabulary.toml serves the six statuses, so each is
    // read after a Danish "error code" and in parentheses after a failure, by the
    // table's own patterns, and only 404 has its own "404,找不到".
    let pb = playbook();
    for (status, category) in [
        (400, "action-configuration"),
        (401, "auth-failure"),
        (403, "auth-failure"),
        (404, "action-configuration"),
        (500, "transient-failure"),
        (502, "transient-failure"),
    ] {
        for (paste, quoted) in [
            (
                format!("Mit Power Automate flow stopper med fejlkode {status} hver nat"),
                format!("fejlkode {status}"),
            ),
            (
                format!("The flow's Run script step failed ({status}) twice"),
                format!("({status})"),
            ),
        ] {
            let c = classify(&pb, &paste);
            assert_eq!(c.category, category, "{paste}\n{c:?}");
            assert_eq!(
                c.evidence[0],
                format!("message matches \"{quoted}\""),
                "{paste}\n{c:?}"
            );
            assert_eq!(c.signature, Some(format!("status-{status}")), "{c:?}");
        }
    }
    let own = |status: u16| {
        pb.signatures
            .iter()
            .filter(|s| s.status == Some(status))
            .flat_map(|s| &s.patterns)
            .any(|p| p.as_str().contains("找不到"))
    };
    assert!(own(404));
    assert!(![400, 401, 403, 500, 502].into_iter().any(own));
}

#[test]
fn a_code_unique_to_child_flows_and_solutions_wins_over_its_bad_request() {
    assert_routes(
        &playbook(),
        &[
            (
                "Flow client error returned with status code \"BadRequest\" and details \
                 {\"code\":\"ChildFlowUnsupportedTriggerType\",\"message\":\"The workflow \
                 with id '0ca1', name Sync cannot be used as a child workflow. Child workflows \
                 only support manual, powerapp and http request triggers.\"}",
                "child-flow",
            ),
            (
                "23 of 29 flows are stopped with the error 'CannotStartUnpublishedSolutionFlow'; \
                 the connection references cannot be assigned.",
                "solution-import",
            ),
        ],
    );
}

/// Prose in other languages that no signature names reaches the fallback model's
/// examples in content/examples.toml; a neighbour in another language stays unknown.
/// (None of these sentences is an example: each says the same thing in other words.)
#[test]
fn localized_prose_routes_by_the_examples_in_its_language() {
    let pb = playbook();
    assert_routes(
        &pb,
        &[
            (
                "フローがオフにされていたらしく、アプリのボタンから動かなくなった",
                "trigger-disabled",
            ),
            (
                "我自己运行流程没问题，同事在应用里运行就失败",
                "other-users",
            ),
            (
                "흐름에 입력 하나를 추가한 뒤로 앱의 Run 호출이 인수 개수 오류로 실패합니다",
                "flow-input-changed",
            ),
            (
                "El flujo se ejecuta bien pero el valor que recibe la app está vacío",
                "flow-output-removed",
            ),
            (
                "Mon flux n'apparaît pas dans la liste quand je veux l'ajouter à l'application",
                "flow-not-callable",
            ),
            (
                "Die App wartet zwei Minuten auf den Flow und zeigt dann einen Fehler, obwohl \
                 der Flow später fertig wird",
                "response-timeout",
            ),
            (
                "Para mim o fluxo funciona no app, mas para os colegas dá erro",
                "other-users",
            ),
        ],
    );
    for text in [
        // A Power BI dataflow: the fallback is asked (a "flow" is named) and says so.
        "Power BI のデータフローが毎晩の更新でゲートウェイに接続できず失敗する",
        "Der Flow des Power BI-Dataflows wird nicht aktualisiert, das Gateway meldet einen Fehler",
    ] {
        assert_unknown_with_the_fallback_named(&pb, text);
    }
}

/// `text` is not recognised, and the fallback model was asked and named its runner-up.
fn assert_unknown_with_the_fallback_named(pb: &Playbook, text: &str) {
    let c = classify(pb, text);
    assert_eq!(c.category, "unknown", "{text}\n{c:?}");
    let runner = c
        .runner_up
        .as_ref()
        .expect("the fallback names its runner-up");
    assert_eq!(runner.signature, "fallback-model", "{text}\n{c:?}");
}

/// Prose in Dutch, Italian, Polish, Swedish and Norwegian reaches the fallback model's
/// examples in content/examples_eu.toml, and only through them: the same playbook
/// without those examples leaves each sentence unrecognised. A vague or how-to post in
/// each language stays unknown, the fallback asked and its runner-up named. (None of
/// these sentences is an example.) Posts that name another product (Logic Apps, Data
/// Factory, Copilot Studio, n8n) never reach the model: a context rules the fallback out.
#[test]
fn prose_in_dutch_italian_polish_swedish_and_norwegian_routes_by_its_examples() {
    const LANGS: [&str; 5] = ["nl", "it", "pl", "sv", "nb"];
    let cases: [(&str, &str); 5] = [
        (
            "Voor mijn collega's mislukt de flow als ze op de knop in de app drukken, voor \
             mij werkt alles",
            "other-users",
        ),
        (
            "Da quando ho eliminato un output dal flusso, l'etichetta nell'app resta vuota",
            "flow-output-removed",
        ),
        (
            "Ktoś wyłączył przepływ w Power Automate i przycisk w aplikacji przestał działać",
            "trigger-disabled",
        ),
        (
            "Power Apps väntar i två minuter och ger sedan upp, men flödet blir klart senare",
            "response-timeout",
        ),
        (
            "Flyten i Power Automate stoppes av DLP-policyen fordi den blander koblinger",
            "dlp-violation",
        ),
    ];
    let pb = playbook();
    assert!(
        LANGS
            .iter()
            .all(|l| pb.examples.iter().filter(|e| e.lang == *l).count() >= 60),
        "content/examples_eu.toml holds the examples of these languages"
    );
    assert_routes(&pb, &cases);
    // Without these languages' examples (and the pastes, some of which are in these
    // languages too), fewer than half route right, through words other languages share
    // ("DLP", "minuter"): the examples are what routes them. (One of five did while a
    // linear guess needed a description at 0.12; two do at 0.06.)
    let mut without = pb.clone();
    without
        .examples
        .retain(|e| !LANGS.contains(&e.lang.as_str()) && !e.paste);
    let right_without: Vec<&str> = cases
        .iter()
        .filter(|(text, category)| classify(&without, text).category == *category)
        .map(|(text, _)| *text)
        .collect();
    assert!(
        right_without.len() * 2 < cases.len(),
        "without the examples, {} of {} still route right: {right_without:?}",
        right_without.len(),
        cases.len()
    );
    for text in [
        "Hoe deel ik een flow met mijn collega's?",
        "Come posso copiare un flusso in un altro ambiente di Power Automate?",
        "Mój przepływ w Power Automate nie działa, pomocy",
        "Hur delar jag ett flöde i Power Automate med mina kollegor?",
        "Hvordan deler jeg en flyt i Power Automate med kollegene mine?",
    ] {
        assert_unknown_with_the_fallback_named(&pb, text);
    }
}

#[derive(serde::Deserialize)]
struct Probes {
    probe: Vec<Probe>,
}

#[derive(serde::Deserialize)]
struct Probe {
    class: String,
    category: String,
    text: String,
    /// Why the team left this probe's miss open after scoring, if it did.
    open: Option<String>,
    /// The HTTP status the classification must give, where the probe says.
    status: Option<u16>,
    /// Whether a signature must recognise it (not the fallback's guess), where the probe
    /// says.
    recognised: Option<bool>,
}

/// How a probe counts as routed right.
#[derive(Clone, Copy)]
enum Rule {
    /// Only its own category.
    Strict,
    /// Issue 14's rule for other products' errors: a neighbour (labelled `unknown`)
    /// shown tentatively or as not recognised is kept out too.
    KeptOut,
}

/// Every probe of `file` (under tests/fixtures) that does not route to its category,
/// one line each, and how many probes the file holds.
fn probe_misses(file: &str) -> (Vec<String>, usize) {
    probe_misses_by(file, Rule::Strict)
}

/// The probes of `file` (under tests/fixtures).
fn probes_of(file: &str) -> Probes {
    let path = format!("{}/tests/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn probe_misses_by(file: &str, rule: Rule) -> (Vec<String>, usize) {
    let probes = probes_of(file);
    let pb = playbook();
    let misses = probes
        .probe
        .iter()
        .filter(|p| p.open.is_none())
        .filter_map(|p| {
            let got = classify(&pb, &p.text);
            let kept_out =
                matches!(rule, Rule::KeptOut) && p.category == "unknown" && !got.is_confident();
            (got.category != p.category && !kept_out).then(|| {
                format!(
                    "[{}] {} -> {} {:.2} (want {})",
                    p.class, p.text, got.category, got.confidence, p.category
                )
            })
        })
        .collect();
    (misses, probes.probe.len())
}

/// The team's own sentences per class (tests/fixtures/routing_probes.toml): every miss is
/// listed, so a change that breaks a class shows which sentences it broke.
#[test]
fn the_teams_probe_sentences_route_right_in_every_class() {
    let (misses, total) = probe_misses("routing_probes.toml");
    assert!(total >= 230, "the probe file lost sentences");
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

/// The lead's sentences after reading holdout17 and holdout18
/// (tests/fixtures/routing_probes_read17.toml): each class one of their posts exposed,
/// said several ways, beside the neighbours the same change must leave out.
#[test]
fn the_classes_read_from_holdout17_and_18_route_right() {
    assert_probe_files_route_right(&[("routing_probes_read17.toml", 25, Rule::KeptOut)]);
}

/// The eleventh routing session's wordings (tests/fixtures/routing_probes_wordings14.toml):
/// the workflow engine's expression messages without their code and R11's missing or
/// expired token, each beside other products' posts with the same words. Strict.
#[test]
fn the_engine_and_token_wordings_route_right() {
    assert_probe_files_route_right(&[("routing_probes_wordings14.toml", 11, Rule::Strict)]);
}

/// What the twelfth routing session changed (tests/fixtures/routing_probes_session15.toml):
/// the failed action's status is its 4xx or 5xx, a status or code a console cut is read
/// whole (Chinese and Japanese rows measured in columns), the Dataverse connector's action
/// names show a flow, and a model-driven form script is code calling a service. Strict,
/// and each probe's `status` and `recognised` are checked too: on the build before, most
/// of these were routed by the fallback's guess or reported another status.
#[test]
fn the_failed_actions_status_and_cut_codes_are_read_whole() {
    assert_probe_files_route_right(&[("routing_probes_session15.toml", 11, Rule::Strict)]);
    let pb = playbook();
    let mut checked = 0;
    for p in &probes_of("routing_probes_session15.toml").probe {
        let got = classify(&pb, &p.text);
        if let Some(status) = p.status {
            assert_eq!(got.status, Some(status), "{}", p.text);
            checked += 1;
        }
        if p.recognised == Some(true) {
            assert!(
                got.is_confident(),
                "{} -> {} {:.2}: not recognised by a signature",
                p.text,
                got.category,
                got.confidence
            );
            checked += 1;
        }
    }
    assert!(checked >= 7, "the probes lost their expectations");
}

/// The classes read from holdout26 and holdout28 (tests/fixtures/routing_probes_read26.toml):
/// a flow called "inactive", the child-flow message retold, the expression message quoted
/// from the property's name on, and "Unauthenticated" for 401; each beside neighbours with
/// the same words. Kept out: a quoted option that "cannot be selected" outside any flow
/// counts tentatively, as the engine's own wording does.
#[test]
fn the_classes_read_from_holdout26_and_28_route_right() {
    assert_probe_files_route_right(&[("routing_probes_read26.toml", 14, Rule::KeptOut)]);
}

/// The classes read from holdout8 and holdout16 (tests/fixtures/routing_probes_read8.toml):
/// a flow Power Apps lists as not connected, a run's time-out told of as a problem, and
/// code calling a service marked by its language; and from blind set 14, the ActionFailed
/// wrapper yielding to its action's output and an environment switched off; each said several ways beside the
/// neighbours the same change must leave out. Strict: every neighbour here is not
/// recognised, not shown tentatively.
#[test]
fn the_classes_read_from_holdout8_and_16_route_right() {
    assert_probe_files_route_right(&[("routing_probes_read8.toml", 29, Rule::Strict)]);
}

/// Microsoft's own error wordings, quoted from its pages inside pastes a flow user would
/// send, written blind by two helper sessions, the second on pages the first did not use:
/// `routing_probes_docs.toml` (99/117 kept out fresh) and `routing_probes_docs2.toml`
/// (110/116); and the seed articles as Microsoft localizes them, in twelve languages
/// (`routing_probes_seeds_localized.toml`, 71/101 fresh). Read since, misses fixed by
/// class; eight left open, each saying why.
#[test]
fn microsofts_own_wordings_route_right() {
    assert_probe_files_route_right(&[
        ("routing_probes_docs.toml", 117, Rule::KeptOut),
        ("routing_probes_docs2.toml", 116, Rule::KeptOut),
        ("routing_probes_seeds_localized.toml", 101, Rule::KeptOut),
    ]);
}

/// Pastes written blind, by twelve writers one after the other, each of whom read the
/// seeds, the categories and the labelling rules but neither the vocabulary, the examples
/// nor the classifier, and never ran it. Each set was scored once before any change,
/// then its misses were fixed by class (the CHANGELOG lists them):
/// - `routing_probes_blind.toml` (156/162 fresh): support traffic of every class;
/// - `routing_probes_blind2.toml` (139/147): the harder shapes (text recognised from
///   screenshots, email and chat threads, run-history JSON, Monitor rows, search-box
///   questions);
/// - `routing_probes_blind3.toml` (121/130): half in other languages, a third other
///   products whose own words say flow, workflow, run or connector;
/// - `routing_probes_blind4.toml` (150/163 strict, 154 kept out): half context pairs
///   (one code where it means the seed's case and where its place says not), short log
///   fragments, other products' log lines;
/// - `routing_probes_blind5.toml` (107/134 strict, 124 kept out): long forum posts
///   where signals compete, in eleven languages, and other products' posts that name
///   Power Automate in passing;
/// - `routing_probes_blind6.toml` (163/166): every category, weighted to those the
///   playbook added beyond the seeds and to pairs a reader could confuse, a third in
///   other languages;
/// - `routing_probes_blind7.toml` (130/143 strict, 137 kept out): what reaches a support
///   engineer during a call (their own notes, statuses said aloud, codes misspelt,
///   screenshots' OCR, Power Fx with its banner, exported runs, admin cmdlets);
/// - `routing_probes_blind8.toml` (133/151 strict, 136 kept out): half in 25 languages,
///   a quarter non-native or machine-translated English;
/// - `routing_probes_blind9.toml` (127/141 strict, 136 kept out): GitHub issues about
///   solutions built on Power Platform (kits, templates), the error retold in words;
/// - `routing_probes_blind10.toml` (149/155 strict, 152 kept out): the Power Apps side of
///   the call (banners, Monitor rows, the formula bar after a flow changed, chats), and
///   the app's own data sources failing;
/// - `routing_probes_blind11.toml` (143/153 strict, 147 kept out, with the fallback's
///   linear model, which was not yet trained on it; 138 and 142 before that model): no
///   exact Microsoft message, the failure told in the writer's words, a third in other
///   languages;
/// - `routing_probes_blind12.toml` (125/151 strict, 149 kept out): forum and Q&A posts
///   as makers write them (a title, context, what they tried, the error in part or
///   retold), the deciding detail anywhere in the post; two thirds in English;
/// - `routing_probes_blind13.toml` (98/107 strict, 106 kept out): issues filed on kit and
///   template repositories (issue-template sections half filled, the error retold, comment
///   threads), with other products' issues as neighbours; not training pastes, and held
///   strictly since its fixes;
/// - `routing_probes_blind14.toml` (96/101 strict, 100 kept out): artefacts machines write
///   and people paste (failure mails and digests, the Flow bot, run-history CSV and JSON,
///   Monitor exports, import logs, admin exports, devtools, OCR), with other products'
///   artefacts as neighbours; not training pastes;
/// - `routing_probes_blind15.toml` (96/101 strict, 99 kept out fresh): a connector's own
///   error inside a flow's failed action (SharePoint, Outlook, Excel, Dataverse, Teams,
///   SQL, HTTP, Blob ...), with the same services' errors outside a flow as neighbours;
///   not training pastes;
/// - `routing_probes_blind16.toml` (99/102 strict, 100 kept out fresh): the error only
///   described (it was in a screenshot) by makers, admins and support engineers, every
///   platform category, with other products' troubles told the same way; not training
///   pastes; two misses left open.
///
/// Since 2026-12-01 every set is also training data for the fallback's linear model
/// (content/pastes.toml), so these figures no longer measure it.
///
/// All but the first three and blind13 are held to the issue's rule for neighbours;
/// misses left open say why (`open`).
#[test]
fn blind_probe_pastes_route_right() {
    assert_probe_files_route_right(&[
        ("routing_probes_blind.toml", 160, Rule::Strict),
        ("routing_probes_blind2.toml", 145, Rule::Strict),
        ("routing_probes_blind3.toml", 128, Rule::Strict),
        ("routing_probes_blind4.toml", 160, Rule::KeptOut),
        ("routing_probes_blind5.toml", 130, Rule::KeptOut),
        ("routing_probes_blind6.toml", 160, Rule::KeptOut),
        ("routing_probes_blind7.toml", 140, Rule::KeptOut),
        ("routing_probes_blind8.toml", 150, Rule::KeptOut),
        ("routing_probes_blind9.toml", 140, Rule::KeptOut),
        ("routing_probes_blind10.toml", 155, Rule::KeptOut),
        ("routing_probes_blind11.toml", 153, Rule::KeptOut),
        ("routing_probes_blind12.toml", 151, Rule::KeptOut),
        ("routing_probes_blind13.toml", 107, Rule::Strict),
        ("routing_probes_blind14.toml", 101, Rule::KeptOut),
        ("routing_probes_blind15.toml", 101, Rule::KeptOut),
        ("routing_probes_blind16.toml", 102, Rule::KeptOut),
    ]);
}

/// Each probe file still holds at least its count, and every probe in it that is not
/// left open routes right by its rule.
fn assert_probe_files_route_right(files: &[(&str, usize, Rule)]) {
    for &(file, at_least, rule) in files {
        let (misses, total) = probe_misses_by(file, rule);
        assert!(total >= at_least, "{file} lost pastes");
        assert!(
            misses.is_empty(),
            "{file}: {} misses:\n{}",
            misses.len(),
            misses.join("\n")
        );
    }
}

/// A post too vague for a checklist ("flow failed, no idea why") is not recognised,
/// rather than shown with whichever category shares its everyday words. Twenty of the
/// twenty-five are (sixteen before English had vague `unknown` examples and `unknown`
/// scored as its nearest example); the rest are named, so a change that pulls more of
/// them to a category shows which.
#[test]
fn vague_posts_are_mostly_not_recognised() {
    #[derive(serde::Deserialize)]
    struct Posts {
        post: Vec<Post>,
    }
    #[derive(serde::Deserialize)]
    struct Post {
        text: String,
    }
    let path = format!(
        "{}/tests/fixtures/vague_posts.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let posts: Posts = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(posts.post.len(), 25, "the fixture lost posts");
    let pb = playbook();
    let named: Vec<String> = posts
        .post
        .iter()
        .filter_map(|p| {
            let got = classify(&pb, &p.text);
            assert!(!got.is_confident(), "{}: {got:?}", p.text);
            (got.category != "unknown").then(|| format!("{} -> {}", p.text, got.category))
        })
        .collect();
    assert!(
        named.len() <= 5,
        "{} named:\n{}",
        named.len(),
        named.join("\n")
    );
}

/// Power Apps calls a flow as `Flow.Run(...)`, with a capital R; code's `asyncio.run(`
/// or `db.run(` is not an app calling a flow, and must not undo the sign that code
/// calling a service is another product's error.
#[test]
fn only_power_apps_capital_run_names_an_app_calling_a_flow() {
    let pb = playbook();
    let traceback = |call: &str| {
        format!(
            "Traceback (most recent call last):\n  File \"main.py\", line 12, in <module>\n    \
             result = {call}(fetch())\nrequests.exceptions.HTTPError: 403 Client Error: \
             Forbidden for url: https://graph.microsoft.com/v1.0/me"
        )
    };
    for call in ["asyncio.run", "loop.run"] {
        let c = classify(&pb, &traceback(call));
        assert_eq!(c.category, "unknown", "{call}: {c:?}");
    }
    assert_routes(
        &pb,
        &[(
            "Set(result, MyFlow.Run(TextInput1.Text)) fails with 403 Forbidden",
            "auth-failure",
        )],
    );
}

/// Workflow Definition Language's errors are Logic Apps' too: with nothing to say a
/// flow, an app, Power Automate or a connector's output is where it comes from, an
/// InvalidTemplate or a template expression's message counts tentatively (the category
/// kept, "not recognised" the alternative); any of those signs makes it count fully.
#[test]
fn a_template_expression_error_counts_fully_only_where_a_flow_shows() {
    let pb = playbook();
    let bare = "InvalidTemplate. Unable to process template language expressions in action \
                'Filter_array' inputs at line '0' and column '0': 'The template language \
                function 'split' expects its first parameter to be of type string.'";
    let alone = classify(&pb, bare);
    assert_eq!(alone.category, "expression-error", "{alone:?}");
    assert_counted_tentatively(&alone, "counted tentatively, as nothing in the paste shows");
    for sign in [
        "Power Automate run history: ",
        "My flow fails at Filter array: ",
        "The app calls the flow with MyFlow.Run and gets: ",
    ] {
        let shown = classify(&pb, &format!("{sign}{bare}"));
        assert_eq!(shown.category, "expression-error", "{sign}: {shown:?}");
        assert!(!shown.is_tentative(), "{sign}: {shown:?}");
    }
}

/// `c` is shown tentatively, and its evidence says why, starting with `because`.
fn assert_counted_tentatively(c: &flowtriage::classify::Classification, because: &str) {
    assert!(c.is_tentative(), "{c:?}");
    assert!(
        c.evidence.iter().any(|e| e.starts_with(because)),
        "no evidence starting {because:?}: {c:?}"
    );
}

/// Another product's marks beside Power Automate named in passing do not settle where
/// the error comes from: the category is kept, tentatively, with the doubt in the
/// evidence. A writer who moved away from Power Automate rules it out; a connector's own
/// output (its `source` address) settles it for the flow.
#[test]
fn another_product_beside_power_automate_is_only_tentative() {
    let pb = playbook();
    let compared = classify(
        &pb,
        "Our Logic App (Consumption) run fails at Compose: InvalidTemplate. Unable to process \
         template language expressions in action 'Compose' inputs at line '0' and column '0'. \
         The very same expression works in Power Automate.",
    );
    assert_eq!(compared.category, "expression-error", "{compared:?}");
    assert_counted_tentatively(&compared, "counted tentatively, as the paste shows both");
    let moved = classify(
        &pb,
        "We moved our approvals from Power Automate to Zapier and the Zap now fails with \
         403 Forbidden on the Outlook step.",
    );
    assert_eq!(moved.category, "unknown", "{moved:?}");
    let connector = classify(
        &pb,
        "Get items in my flow fails: {\"status\": 500, \"message\": \"Unexpected response \
         from the service\", \"source\": \"https://contoso.sharepoint.com/sites/hr/_api/web/lists\"} \
         and a resubmit of the run works",
    );
    assert_eq!(connector.category, "transient-failure", "{connector:?}");
    assert!(
        !connector
            .evidence
            .iter()
            .any(|e| e.starts_with("counted tentatively")),
        "{connector:?}"
    );
}
