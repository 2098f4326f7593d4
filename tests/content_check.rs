//! Every kind of broken playbook gets one precise line naming the file and line.
//!
//! Each case starts from the small valid playbook in `tests/fixtures/content/minimal`
//! and breaks one thing, so the expected message is exact.

use flowtriage::content::{ContentSource, Source, load};

const TREE: &str = include_str!("fixtures/content/minimal/tree.toml");
const OUTCOMES: &str = include_str!("fixtures/content/minimal/outcomes.toml");

fn sources(tree: &str, outcomes: &str) -> Vec<Source> {
    vec![
        Source {
            name: "tree.toml".into(),
            text: tree.into(),
        },
        Source {
            name: "outcomes.toml".into(),
            text: outcomes.into(),
        },
    ]
}

fn problems_of(tree: &str, outcomes: &str) -> Vec<String> {
    match load(&sources(tree, outcomes), ContentSource::Embedded) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

/// Replace `from` by `to` exactly once, so a fixture edit cannot silently miss.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "fixture must contain {from:?} once"
    );
    text.replacen(from, to, 1)
}

fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("needle in text");
    text[..at].matches('\n').count() + 1
}

#[test]
fn the_minimal_fixture_is_valid() {
    assert_eq!(problems_of(TREE, OUTCOMES), Vec::<String>::new());
}

#[test]
fn toml_syntax_errors_name_file_line_and_column() {
    let tree = edit(TREE, "prompt = \"Where?\"", "prompt = \"Where?");
    let problems = problems_of(&tree, OUTCOMES);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let line = line_of(&tree, "prompt = \"Where?");
    assert!(
        problems[0].starts_with(&format!("tree.toml:{line}:")),
        "{problems:?}"
    );
    assert!(problems[0].contains("TOML error"), "{problems:?}");
}

#[test]
fn unknown_fields_are_errors_not_ignored() {
    let tree = edit(
        TREE,
        "prompt = \"Where?\"",
        "prompt = \"Where?\"\npromt = \"typo\"",
    );
    let problems = problems_of(&tree, OUTCOMES);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("promt"), "{problems:?}");
}

#[test]
fn duplicate_node_ids() {
    let outcomes = edit(OUTCOMES, "id = \"input-dev\"", "id = \"input-live\"");
    let problems = problems_of(TREE, &outcomes);
    let line = line_of(
        &outcomes,
        "id = \"input-live\"\ncategory = \"flow-input-changed\"\ntitle = \"Re-add",
    );
    assert!(
        problems.contains(&format!(
            "outcomes.toml:{line}: duplicate node id 'input-live' (first at outcomes.toml:{})",
            line_of(OUTCOMES, "id = \"input-live\"")
        )),
        "{problems:?}"
    );
}

#[test]
fn a_next_that_points_nowhere() {
    let tree = edit(TREE, "next = \"transient\"", "next = \"transiant\"");
    let problems = problems_of(&tree, OUTCOMES);
    let line = line_of(&tree, "next = \"transiant\"");
    assert!(
        problems.contains(&format!(
            "tree.toml:{line}: next = \"transiant\" points nowhere: no question or outcome has that id"
        )),
        "{problems:?}"
    );
}

#[test]
fn unreachable_nodes() {
    // The only way to 'input-dev' is the app question's dev option.
    let tree = edit(TREE, "next = \"input-dev\"", "next = \"input-live\"");
    let problems = problems_of(&tree, OUTCOMES);
    let line = line_of(OUTCOMES, "id = \"input-dev\"");
    assert_eq!(
        problems,
        vec![format!(
            "outcomes.toml:{line}: outcome 'input-dev' cannot be reached from the start, a routing entry or a code"
        )]
    );
}

#[test]
fn cycles() {
    let tree = edit(TREE, "next = \"input-dev\"", "next = \"where\"");
    let problems = problems_of(&tree, OUTCOMES);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("cycle: question 'app' leads back to 'where' through option 'dev'")),
        "{problems:?}"
    );
}

#[test]
fn questions_without_options() {
    let tree = TREE.replace(
        "[[question.option]]\nvalue = \"live\"\nlabel = \"Live\"\nnext = \"input-live\"\n[[question.option]]\nvalue = \"dev\"\nlabel = \"Dev\"\nnext = \"input-dev\"\n",
        "",
    );
    assert_ne!(tree, TREE);
    let problems = problems_of(&tree, OUTCOMES);
    let line = line_of(&tree, "id = \"app\"");
    assert!(
        problems.contains(&format!("tree.toml:{line}: question 'app' has no options")),
        "{problems:?}"
    );
}

#[test]
fn outcomes_without_steps() {
    let outcomes = edit(
        OUTCOMES,
        "[[outcome.step]]\ntext = \"Remove and re-add the flow.\"\n",
        "",
    );
    let problems = problems_of(TREE, &outcomes);
    let line = line_of(&outcomes, "id = \"input-dev\"");
    assert!(
        problems.contains(&format!(
            "outcomes.toml:{line}: outcome 'input-dev' has no steps"
        )),
        "{problems:?}"
    );
}

#[test]
fn a_code_claimed_twice() {
    let outcomes = edit(
        OUTCOMES,
        "aliases = [\"TriggerOff\"]",
        "aliases = [\"workflowtriggerisnotenabled\"]",
    );
    let problems = problems_of(TREE, &outcomes);
    let line = line_of(&outcomes, "aliases = [");
    assert!(
        problems.contains(&format!(
            "outcomes.toml:{line}: code 'workflowtriggerisnotenabled' is claimed twice (first at outcomes.toml:{}); one signature per code",
            line_of(OUTCOMES, "code = \"WorkflowTriggerIsNotEnabled\"")
        )),
        "{problems:?}"
    );
}

#[test]
fn a_category_outside_the_declared_list() {
    let outcomes = edit(
        OUTCOMES,
        "category = \"transient-failure\"\ntitle = \"Resubmit\"",
        "category = \"transient\"\ntitle = \"Resubmit\"",
    );
    let problems = problems_of(TREE, &outcomes);
    let line = line_of(&outcomes, "category = \"transient\"\n");
    assert!(
        problems.contains(&format!(
            "outcomes.toml:{line}: category 'transient' is not declared; declared: trigger-disabled, flow-input-changed, transient-failure, unknown"
        )),
        "{problems:?}"
    );
}

#[test]
fn patterns_that_do_not_compile() {
    let outcomes = edit(
        OUTCOMES,
        "patterns = [\"cannot be selected\"]",
        "patterns = [\"cannot (be selected\"]",
    );
    let problems = problems_of(TREE, &outcomes);
    let line = line_of(&outcomes, "cannot (be selected");
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with(&format!("outcomes.toml:{line}: pattern does not compile"))),
        "{problems:?}"
    );
}

#[test]
fn patterns_without_fixed_text_to_be_found_by() {
    let outcomes = edit(
        OUTCOMES,
        "patterns = [\"cannot be selected\"]",
        "patterns = [\"(?:id|no)\\\\s*\\\\d+\"]",
    );
    let problems = problems_of(TREE, &outcomes);
    let line = line_of(&outcomes, "(?:id|no)");
    assert_eq!(
        problems,
        vec![format!(
            "outcomes.toml:{line}: pattern \"(?:id|no)\\s*\\d+\" has no fixed text of 3 or \
             more characters that every match contains; patterns are tried only on the lines of a \
             paste that hold such text, so include some (the words around the value, say)"
        )]
    );
    // An alternation of texts counts, as does a class of a few characters.
    let outcomes = edit(
        OUTCOMES,
        "patterns = [\"cannot be selected\"]",
        "patterns = [\"(?:cannot|can't) be [sp]elected\"]",
    );
    assert_eq!(problems_of(TREE, &outcomes), Vec::<String>::new());
}

#[test]
fn a_use_of_a_missing_shared_step() {
    let outcomes = edit(OUTCOMES, "use = \"shared-first\"", "use = \"shared-frist\"");
    let problems = problems_of(TREE, &outcomes);
    let line = line_of(&outcomes, "use = \"shared-frist\"");
    assert!(
        problems.contains(&format!(
            "outcomes.toml:{line}: `use = \"shared-frist\"` names no shared [[step]]"
        )),
        "{problems:?}"
    );
}

#[test]
fn a_placeholder_without_a_fact() {
    let outcomes = edit(
        OUTCOMES,
        "add {{property|the input}}",
        "add {{propety|the input}}",
    );
    let problems = problems_of(TREE, &outcomes);
    assert!(
        problems
            .iter()
            .any(|p| p
                .contains("outcome 'input-live' uses {{propety}}, but no [[fact]] has that name")),
        "{problems:?}"
    );
}

#[test]
fn a_blank_placeholder_fallback() {
    let outcomes = edit(OUTCOMES, "add {{property|the input}}", "add {{property| }}");
    let problems = problems_of(TREE, &outcomes);
    assert!(
        problems.iter().any(|p| p.ends_with(
            "outcome 'input-live' gives {{property|…}} a blank fallback; write the words to show when the fact is unknown"
        )),
        "{problems:?}"
    );
}

#[test]
fn an_implied_answer_no_question_offers() {
    let outcomes = edit(
        OUTCOMES,
        "implies = { changed = \"input-added\" }",
        "implies = { changed = \"input-removed\" }",
    );
    let problems = problems_of(TREE, &outcomes);
    assert!(
        problems.iter().any(|p| p.ends_with(
            "signature 'input' implies changed=input-removed, which no question offers"
        )),
        "{problems:?}"
    );
}

#[test]
fn a_routing_key_without_its_entry_question() {
    let tree = edit(
        TREE,
        "order = [\"code\", \"status\", \"changed\"]",
        "order = [\"code\", \"layers\"]",
    );
    let problems = problems_of(&tree, OUTCOMES);
    assert!(
        problems.iter().any(|p| p.contains(
            "routing.order names 'layers', but no question has id 'layers' and key 'layers' to route through"
        )),
        "{problems:?}"
    );
}

#[test]
fn missing_meta_and_no_files_at_all() {
    let tree = TREE.replace(
        "[meta]\nversion = \"test-1\"\ntitle = \"minimal test playbook\"\n",
        "",
    );
    let problems = problems_of(&tree, OUTCOMES);
    assert!(problems[0].contains("no [meta] table"), "{problems:?}");
    let none = load(&[], ContentSource::Directory("empty/".into())).unwrap_err();
    assert!(
        none[0].to_string().starts_with("empty/: no content files"),
        "{none:?}"
    );
}

#[test]
fn the_embedded_playbook_passes_every_check() {
    if let Err(problems) = flowtriage::content::embedded_playbook() {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        panic!("the embedded playbook is broken:\n{}", lines.join("\n"));
    }
}

#[test]
fn the_embedded_playbook_declares_every_contract_category_and_key() {
    let playbook = flowtriage::content::embedded_playbook().expect("valid");
    for id in [
        "invoker-connection-override",
        "connection-authorization",
        "trigger-disabled",
        "response-timeout",
        "install-failed",
        "missing-connection-reference",
        "not-allowed-connection-reference",
        "flow-input-changed",
        "flow-connections-changed",
        "flow-output-removed",
        "auth-failure",
        "action-configuration",
        "transient-failure",
        "throttled",
        "dlp-violation",
        "license-required",
        "expression-error",
        "unknown",
    ] {
        assert!(playbook.category(id).is_some(), "category {id} missing");
    }
    let expected: &[(&str, &[&str])] = &[
        ("where", &["app", "run-history", "install", "email"]),
        (
            "status",
            &["400", "401", "403", "404", "429", "500", "502", "504"],
        ),
        ("app", &["live", "dev"]),
        ("layers", &["unmanaged", "managed-only"]),
        ("connection", &["embedded", "invoker"]),
        (
            "changed",
            &[
                "input-added",
                "connection-added",
                "connection-changed",
                "output-removed",
                "none",
            ],
        ),
    ];
    for (key, values) in expected {
        let offered = playbook.values_for(key);
        for value in *values {
            assert!(
                offered.contains(value),
                "{key}={value} is not offered: {offered:?}"
            );
        }
    }
    assert!(playbook.code_signatures().count() > 0);
    assert_eq!(playbook.route_order, ["code", "status", "changed"]);
}

#[test]
fn patterns_over_the_size_limit_are_found_when_compiled_as_content_check_does() {
    // Loading only checks a pattern's syntax (compiling waits for the first text that
    // could match); `content check` compiles every pattern and reports the rest.
    let outcomes = edit(
        OUTCOMES,
        "patterns = [\"cannot be selected\"]",
        "patterns = [\"cannot be selected\\\\w{1000}{1000}\"]",
    );
    let playbook = load(&sources(TREE, &outcomes), ContentSource::Embedded).expect("loads");
    let problems: Vec<String> = flowtriage::classify::pattern_problems(&playbook)
        .iter()
        .map(ToString::to_string)
        .collect();
    let line = line_of(&outcomes, "{1000}{1000}");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with(&format!("outcomes.toml:{line}: pattern does not compile")),
        "{problems:?}"
    );
    assert!(
        flowtriage::classify::pattern_problems(
            &load(&sources(TREE, OUTCOMES), ContentSource::Embedded).expect("loads")
        )
        .is_empty()
    );
}

// --- When advice was checked ----------------------------------------------------------

#[test]
fn a_checked_date_must_be_a_real_day_with_its_pages() {
    let outcomes = edit(
        OUTCOMES,
        "cause = \"The flow is off.\"",
        "cause = \"The flow is off.\"\nchecked = \"2026-02-30\"\nchecked_against = [\"https://learn.microsoft.com/power-automate/error-reference\"]",
    );
    let problems = problems_of(TREE, &outcomes);
    let line = line_of(&outcomes, "checked = ");
    assert_eq!(
        problems,
        [format!(
            "outcomes.toml:{line}: outcome 'trigger-off': checked = \"2026-02-30\" is not a date; write YYYY-MM-DD"
        )]
    );
}

#[test]
fn a_checked_date_needs_pages_and_pages_need_https() {
    let no_pages = edit(
        OUTCOMES,
        "cause = \"The flow is off.\"",
        "cause = \"The flow is off.\"\nchecked = \"2026-11-30\"",
    );
    let problems = problems_of(TREE, &no_pages);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("has a `checked` date but no `checked_against` page"),
        "{problems:?}"
    );
    let bad_page = edit(
        OUTCOMES,
        "cause = \"The flow is off.\"",
        "cause = \"The flow is off.\"\nchecked = \"2026-11-30\"\nchecked_against = [\"learn.microsoft.com/x\"]",
    );
    let problems = problems_of(TREE, &bad_page);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("checked_against \"learn.microsoft.com/x\" is not an https address"),
        "{problems:?}"
    );
}

#[test]
fn stale_and_undated_advice_is_a_warning_measured_from_the_given_day() {
    use flowtriage::content::{ReviewDate, review_warnings};
    let dated = edit(
        OUTCOMES,
        "cause = \"The flow is off.\"",
        "cause = \"The flow is off.\"\nchecked = \"2026-11-30\"\nchecked_against = [\"https://learn.microsoft.com/power-automate/error-reference\"]",
    );
    let pb = load(&sources(TREE, &dated), ContentSource::Embedded).expect("valid");
    let day = |d| ReviewDate::parse(d).unwrap();
    let warned = |today| -> Vec<String> {
        review_warnings(&pb, day(today))
            .iter()
            .map(ToString::to_string)
            .filter(|w| w.contains("'trigger-off'"))
            .collect()
    };
    assert_eq!(
        warned("2027-11-30"),
        Vec::<String>::new(),
        "a year is not more"
    );
    let stale = warned("2027-12-01");
    assert_eq!(stale.len(), 1);
    assert!(
        stale[0].contains("last checked on 2026-11-30, more than a year before 2027-12-01"),
        "{stale:?}"
    );
    // Outcomes without a date are named too.
    let undated = review_warnings(&pb, day("2026-12-01"));
    assert!(
        undated.iter().all(|w| w
            .message
            .contains("does not say when its advice was last checked")),
        "{undated:?}"
    );
}

#[test]
fn review_dates_parse_only_real_days() {
    use flowtriage::content::ReviewDate;
    for good in ["2026-11-30", "2024-02-29", "2000-02-29"] {
        assert_eq!(ReviewDate::parse(good).unwrap().to_string(), good);
    }
    for bad in [
        "2026-13-01",
        "2025-02-29",
        "1900-02-29",
        "2026-11-31",
        "26-11-30",
        "2026/11/30",
        "",
    ] {
        assert!(ReviewDate::parse(bad).is_none(), "{bad}");
    }
    assert_eq!(
        ReviewDate::parse("2026-11-30").unwrap().month_label(),
        "2026-11"
    );
}

#[test]
fn a_synonym_group_needs_two_words() {
    let outcomes = format!("{OUTCOMES}\n[[synonym]]\nwords = [\"license\"]\n");
    let problems = problems_of(TREE, &outcomes);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("needs two or more words"),
        "{problems:?}"
    );
}

#[test]
fn confirms_must_name_signatures() {
    let contexts = "\n[[context]]\nid = \"flow\"\ntitle = \"A flow\"\npatterns = [\"flow\"]\nconfirms = [\"no-such-signature\"]\n";
    let outcomes = format!("{OUTCOMES}{contexts}");
    let problems = problems_of(TREE, &outcomes);
    let line = line_of(&outcomes, "\"no-such-signature\"");
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with(&format!("outcomes.toml:{line}:"))
                && p.contains("no-such-signature")),
        "{problems:?}"
    );
}

#[test]
fn unless_and_softened_by_must_name_contexts() {
    let contexts = "\n[[context]]\nid = \"other\"\ntitle = \"Another product\"\npatterns = [\"Logic Apps\"]\ndemotes = [\"*\"]\nunless = [\"nowhere\"]\nsoftened_by = [\"elsewhere\"]\n";
    let outcomes = format!("{OUTCOMES}{contexts}");
    let problems = problems_of(TREE, &outcomes);
    for (id, needle) in [("nowhere", "\"nowhere\""), ("elsewhere", "\"elsewhere\"")] {
        let line = line_of(&outcomes, needle);
        assert!(
            problems.contains(&format!("outcomes.toml:{line}: no context has id '{id}'")),
            "{problems:?}"
        );
    }
}

// --- Patterns written once for several statuses ---------------------------------------

/// The fixture with a `[[status_wording]]` (and whatever else `extra` holds) appended to
/// the outcomes file, which declares the signature `s500` (`status = 500`).
fn with_status_wording(extra: &str) -> String {
    format!("{OUTCOMES}\n{extra}")
}

#[test]
fn a_status_wording_adds_each_pattern_to_every_signature_of_each_status() {
    // A second signature with status 500 gets the patterns too; `off` (a code) does not.
    let outcomes = with_status_wording(
        "[[signature]]\nid = \"s500-again\"\nstatus = 500\ntitle = \"Server error again\"\n\
         category = \"transient-failure\"\n\n\
         [[status_wording]]\nstatuses = [500]\npatterns = [\n    \"fails with {status}\\\\b\",\n    \
         \"\\\\b{status} hata kod\",\n]\n",
    );
    let playbook = load(&sources(TREE, &outcomes), ContentSource::Embedded).expect("loads");
    let patterns_of = |id: &str| -> Vec<(String, String)> {
        playbook
            .signatures
            .iter()
            .find(|s| s.id == id)
            .expect("the signature")
            .patterns
            .iter()
            .map(|p| (p.as_str().to_string(), p.loc.to_string()))
            .collect()
    };
    // Each expanded pattern is found at its template's line, for `content check`.
    let first = line_of(&outcomes, "fails with {status}");
    let second = line_of(&outcomes, "{status} hata kod");
    let expected = vec![
        (
            "fails with 500\\b".to_string(),
            format!("outcomes.toml:{first}"),
        ),
        (
            "\\b500 hata kod".to_string(),
            format!("outcomes.toml:{second}"),
        ),
    ];
    assert_eq!(patterns_of("s500"), expected);
    assert_eq!(patterns_of("s500-again"), expected);
    let own = line_of(&outcomes, "patterns = [\"trigger is not enabled\"]");
    assert_eq!(
        patterns_of("off"),
        [(
            "trigger is not enabled".to_string(),
            format!("outcomes.toml:{own}")
        )]
    );
    // And they match as the signature's own would.
    let c = flowtriage::classify::classify(&playbook, "The nightly sync fails with 500 today.");
    assert_eq!(c.category, "transient-failure", "{c:?}");
    assert_eq!(c.evidence[0], "message matches \"fails with 500\"", "{c:?}");
}

#[test]
fn wordings_and_status_wordings_add_patterns_in_the_order_written() {
    let outcomes = with_status_wording(
        "[[wording]]\nsignature = \"s500\"\npatterns = [\"written first\"]\n\n\
         [[status_wording]]\nstatuses = [500]\npatterns = [\"written {status} second\"]\n\n\
         [[wording]]\nsignature = \"s500\"\npatterns = [\"written third\"]\n",
    );
    let playbook = load(&sources(TREE, &outcomes), ContentSource::Embedded).expect("loads");
    let s500 = playbook
        .signatures
        .iter()
        .find(|s| s.id == "s500")
        .expect("s500");
    let patterns: Vec<&str> = s500.patterns.iter().map(|p| p.as_str()).collect();
    assert_eq!(
        patterns,
        ["written first", "written 500 second", "written third"]
    );
}

#[test]
fn a_status_wording_pattern_without_the_place_of_the_number() {
    let outcomes = with_status_wording(
        "[[status_wording]]\nstatuses = [500]\npatterns = [\"fails with {status}\", \"fails with 500\"]\n",
    );
    let problems = problems_of(TREE, &outcomes);
    let line = line_of(&outcomes, "\"fails with 500\"");
    assert_eq!(
        problems,
        vec![format!(
            "outcomes.toml:{line}: pattern \"fails with 500\" has no {{status}}: a \
             [[status_wording]] pattern is added once for each status in `statuses`, with the \
             number in place of {{status}}; put {{status}} where the number goes, or give the \
             pattern to one signature in a [[wording]]"
        )]
    );
}

#[test]
fn a_status_wording_for_a_status_no_signature_has() {
    let outcomes = with_status_wording(
        "[[status_wording]]\nstatuses = [\n    500,\n    418,\n    500,\n]\npatterns = [\"fails with {status}\"]\n",
    );
    let problems = problems_of(TREE, &outcomes);
    let unnamed = line_of(&outcomes, "418,");
    let twice = unnamed + 1;
    assert_eq!(
        problems,
        vec![
            format!(
                "outcomes.toml:{unnamed}: status 418 is named by no signature (none has \
                 `status = 418`), so this [[status_wording]] would add its patterns to nothing; \
                 declare a [[signature]] with that status or take 418 out of `statuses`"
            ),
            format!(
                "outcomes.toml:{twice}: status 500 is listed twice in this [[status_wording]]; \
                 list it once"
            ),
        ]
    );
}

#[test]
fn a_status_wording_with_an_empty_list() {
    let outcomes = with_status_wording("[[status_wording]]\nstatuses = []\npatterns = []\n");
    let problems = problems_of(TREE, &outcomes);
    let statuses = line_of(&outcomes, "statuses = []");
    assert_eq!(
        problems,
        vec![
            format!(
                "outcomes.toml:{statuses}: a [[status_wording]] with no statuses; list the \
                 statuses its patterns are written for (`statuses = [403, 404]`)"
            ),
            format!(
                "outcomes.toml:{}: a [[status_wording]] with no patterns; write the wordings \
                 every listed status shares, with {{status}} where the number goes",
                statuses + 1
            ),
        ]
    );
}

#[test]
fn a_status_wording_pattern_that_does_not_compile_once_expanded() {
    // Reported once, naming every number it fails for, at the template's line.
    let outcomes = with_status_wording(
        "[[signature]]\nid = \"s502\"\nstatus = 502\ntitle = \"Bad gateway\"\n\
         category = \"transient-failure\"\n\n\
         [[status_wording]]\nstatuses = [500, 502]\npatterns = [\n    \"fails with ({status}\",\n    \
         \"\\\\w{status}?\",\n]\n",
    );
    let problems = problems_of(TREE, &outcomes);
    let unclosed = line_of(&outcomes, "fails with ({status}");
    let short = line_of(&outcomes, "\\\\w{status}?");
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with(&format!(
            "outcomes.toml:{unclosed}: pattern \"fails with ({{status}}\" does not compile with \
             {{status}} as 500, 502: "
        )),
        "{problems:?}"
    );
    assert!(problems[0].contains("unclosed group"), "{problems:?}");
    // `\w500?` needs only "50": no fixed text of three characters once the number is in.
    assert_eq!(
        problems[1],
        format!(
            "outcomes.toml:{short}: pattern \"\\w500?\" has no fixed text of 3 or more \
             characters that every match contains; patterns are tried only on the lines of a \
             paste that hold such text, so include some (the words around the value, say) \
             (with {{status}} as 500, 502)"
        )
    );
}
