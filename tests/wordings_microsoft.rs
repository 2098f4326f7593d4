//! Microsoft's own wordings of known errors (content/wordings-microsoft.toml, issue 14
//! class 3): each message as Microsoft's page quotes it, inside a flow's run, reaches
//! its signature and category, pasted plain or hard-wrapped in a quoted email; the same
//! words from code calling the service stay unrecognised.

mod support;

use flowtriage::content::embedded_playbook;
use support::classify_pasted as run;

/// Wrap at `width` columns at the last space before it, each line quoted with `> `,
/// as an email reply does.
fn quoted_wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            out.push_str("> ");
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str("> ");
    out.push_str(&line);
    out.push('\n');
    out
}

/// (paste, signature, category): the message verbatim from Microsoft's page, with the
/// flow action around it that a user pastes along.
const CASES: &[(&str, &str, &str)] = &[
    (
        "The Get items action in my flow failed: The user could not be authenticated as the grant is expired. The user must sign in again.",
        "unauthorized",
        "auth-failure",
    ),
    (
        "Flow action failed: The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.",
        "unauthorized",
        "auth-failure",
    ),
    (
        "Send an email (V2) failed in the flow: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
        "unauthorized",
        "auth-failure",
    ),
    (
        "Start and wait for an approval failed in my flow: InvalidApprovalCreateRequestAssignedToNoValidUsers. Required field 'assignedTo' contained no valid users in the organization",
        "bad-request",
        "action-configuration",
    ),
    (
        "Add a new row failed in the flow: Error identified in Payload provided by the user for Entity :'contacts' ----> InnerException : Microsoft.OData.ODataException: An undeclared property 'parentcustomerid' which only has property annotations in the payload but no property value was found in the payload.",
        "bad-request",
        "action-configuration",
    ),
    (
        "The Get items action of the flow fails: The attempted operation is prohibited because it exceeds the list view threshold.",
        "bad-request",
        "action-configuration",
    ),
    (
        "Send an email (V2) in my flow fails with 404: REST API is not yet supported for this mailbox.",
        "not-found",
        "action-configuration",
    ),
    (
        "List rows in the flow failed: Number of requests exceeded the limit of 6000 over time window of 300 seconds.",
        "rate-limit",
        "throttled",
    ),
    (
        "The Approvals action in my flow fails: The Approvals connection owner was not found in Graph. Object Id: '5a1b'",
        "invalid-connection",
        "auth-failure",
    ),
];

#[test]
fn microsofts_wordings_reach_their_signature_plain_and_wrapped() {
    let playbook = embedded_playbook().unwrap();
    for (text, signature, category) in CASES {
        for paste in [text.to_string(), quoted_wrap(text, 60)] {
            let c = run(&playbook, &paste);
            assert_eq!(c.category, *category, "{paste}\n{:?}", c.evidence);
            assert_eq!(
                c.signature.as_deref(),
                Some(*signature),
                "{paste}\n{:?}",
                c.evidence
            );
        }
    }
}

#[test]
fn the_same_words_from_code_calling_the_service_stay_unrecognised() {
    let playbook = embedded_playbook().unwrap();
    for text in [
        "const res = await fetch(`${org}/api/data/v9.2/Account`); // 404: Resource not found for the segment 'Account'.",
        "Our console app using IOrganizationService gets: Number of requests exceeded the limit of 6000 over time window of 300 seconds.",
        "Traceback (most recent call last): msal token request failed: The user could not be authenticated as the grant is expired.",
    ] {
        let c = run(&playbook, text);
        assert_eq!(c.category, "unknown", "{text}\n{:?}", c.evidence);
    }
}
