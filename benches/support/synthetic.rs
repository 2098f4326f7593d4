//! Synthetic inputs for the benchmarks and `bench/compare.sh`: a playbook of any size
//! and pasted text of any size. Shared by the benches and `examples/gen_playbook.rs`
//! through `#[path]`, so they measure the same thing; never part of `content/`.

#![allow(dead_code)] // each bench uses only part of this file

use std::fmt::Write as _;

use flowtriage::content::Source;

/// How many options each synthetic question offers.
const FAN_OUT: usize = 10;
/// One outcome in this many carries a code signature (with one message pattern).
const SIGNATURE_EVERY: usize = 9;
/// Nodes per file, the way authors split content by topic.
const NODES_PER_FILE: usize = 500;

const WORDS_A: &[&str] = &[
    "connection",
    "trigger",
    "response",
    "install",
    "reference",
    "template",
    "throttle",
    "licence",
    "policy",
    "gateway",
    "schema",
    "token",
];
const WORDS_B: &[&str] = &[
    "timeout", "override", "missing", "expired", "disabled", "rejected", "invalid", "changed",
    "blocked", "removed", "denied",
];
const WORDS_C: &[&str] = &[
    "SharePoint",
    "Outlook",
    "Dataverse",
    "SQL Server",
    "Teams",
    "OneDrive",
    "Excel",
    "HTTP",
];

fn title_of(i: usize) -> String {
    let a = WORDS_A[i % WORDS_A.len()];
    let b = WORDS_B[(i / WORDS_A.len()) % WORDS_B.len()];
    let c = WORDS_C[(i / 7) % WORDS_C.len()];
    format!("The {c} {a} is {b} after change {i}")
}

fn code_of(i: usize) -> String {
    let a = WORDS_A[i % WORDS_A.len()];
    let b = WORDS_B[(i / 3) % WORDS_B.len()];
    format!("Synth{}{}{i}", capitalise(a), capitalise(b))
}

/// How many questions lie above node `i`; each level asks its own key, so an answer
/// given higher up is never taken for a question further down.
fn depth_of(mut i: usize) -> usize {
    let mut depth = 0;
    while i > 0 {
        i = (i - 1) / FAN_OUT;
        depth += 1;
    }
    depth
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A playbook of `nodes` nodes (questions and outcomes) as content sources: a tree with
/// ten options per question (heap order: node i leads to 10i+1 … 10i+10), outcomes at
/// the leaves, and a code signature on one outcome in nine. At 10,000 nodes that gives
/// about 10,000 search entries (outcome titles and codes).
pub fn playbook_sources(nodes: usize) -> Vec<Source> {
    let nodes = nodes.max(2);
    let mut files = Vec::new();
    let mut head = String::from(
        "[meta]\nversion = \"synthetic-1\"\ntitle = \"Synthetic benchmark playbook\"\n\n\
         [routing]\nstart = \"n0\"\norder = [\"code\"]\n\n",
    );
    for (i, (a, b)) in WORDS_A.iter().zip(WORDS_B).enumerate() {
        let _ = write!(
            head,
            "[[category]]\nid = \"synthetic-{i}\"\ntitle = \"Synthetic {a} {b}\"\n\n"
        );
    }
    head.push_str(
        "[[step]]\nid = \"work-in-source\"\ntext = \"Work in the source environment, then export and import.\"\n\n\
         [[fact]]\nname = \"action\"\nlabel = \"Action\"\npatterns = [\"in action '([^']+)'\"]\n\n\
         [[question]]\nid = \"code\"\nkey = \"code\"\nprompt = \"Which code do you see?\"\noptions_from = \"codes\"\n\n",
    );
    files.push(Source {
        name: "synthetic/00-head.toml".to_string(),
        text: head,
    });

    let mut text = String::new();
    for i in 0..nodes {
        let first_child = FAN_OUT * i + 1;
        if first_child < nodes {
            let depth = depth_of(i);
            let _ = write!(
                text,
                "[[question]]\nid = \"n{i}\"\nkey = \"level{depth}\"\n\
                 prompt = \"Synthetic question {i}: which branch is it?\"\n\
                 why = \"Each branch has its own checklist.\"\n\
                 how = \"Open the run history and read the failed step.\"\n\n"
            );
            for (j, child) in (first_child..(first_child + FAN_OUT).min(nodes)).enumerate() {
                let _ = write!(
                    text,
                    "[[question.option]]\nvalue = \"o{j}\"\nlabel = \"Option {j}: {}\"\nnext = \"n{child}\"\n\n",
                    WORDS_A[j % WORDS_A.len()]
                );
            }
        } else {
            let category = i % WORDS_B.len().min(WORDS_A.len());
            let _ = write!(
                text,
                "[[outcome]]\nid = \"n{i}\"\ncategory = \"synthetic-{category}\"\ntitle = \"{}\"\n\
                 cause = \"Synthetic cause {i}: something changed in {{{{action|the flow}}}}.\"\n\n\
                 [[outcome.step]]\nuse = \"work-in-source\"\n\n\
                 [[outcome.step]]\ntext = \"Fix the step {{{{action|that failed}}}} and resubmit run {i}.\"\n\n",
                title_of(i)
            );
            if i % SIGNATURE_EVERY == 0 {
                let _ = write!(
                    text,
                    "[[signature]]\nid = \"sig-{i}\"\ncode = \"{}\"\ntitle = \"{}\"\n\
                     category = \"synthetic-{category}\"\nenter = \"n{i}\"\n\
                     patterns = [\"synthetic failure number {i} in\"]\n\n",
                    code_of(i),
                    title_of(i)
                );
            }
        }
        if (i + 1) % NODES_PER_FILE == 0 || i + 1 == nodes {
            files.push(Source {
                name: format!("synthetic/{:05}.toml", i / NODES_PER_FILE + 1),
                text: std::mem::take(&mut text),
            });
        }
    }
    files
}

/// The error a user pastes, as Power Automate's run history shows it.
pub const ERROR_PAYLOAD: &str = r#"{"error":{"code":"InvokerConnectionOverrideFailed","message":"Failed to parse invoker connections from trigger 'manual' outputs. Exception: Could not find any valid connection for connection reference name 'shared_sql' in APIM tokens header."}}"#;

/// The code inside `ERROR_PAYLOAD`, for `grep -c` in the comparison.
pub const ERROR_CODE: &str = "InvokerConnectionOverrideFailed";

const CHAT: &[&str] = &[
    "[09:14] Dana: the app shows a red banner when I press Submit, again",
    "[09:15] Sam: can you open the run history and copy what the failed step says?",
    "[09:15] Dana: sure, one second, the flow ran 3 times this morning",
    "GET https://make.powerautomate.com/environments/Default-1234/flows/5678/runs?api-version=2016-11-01 200 OK",
    "[09:16] Sam: was anything changed in the flow since yesterday? a new input maybe",
    "{\"level\":\"info\",\"clientRequestId\":\"8c2f1a7e-1111-4c2a-9f00-3e5b7d9a0c11\",\"status\":\"Succeeded\"}",
    "[09:17] Dana: I added a column to the list, the app still has the old version published",
    "Authorization: Bearer abcDEF0123456789abcDEF0123456789.payload.sig",
];

/// About `bytes` of pasted chat transcript with `ERROR_PAYLOAD` once in the middle and
/// a bearer token on every eighth line (so redaction has work to do).
pub fn paste(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + ERROR_PAYLOAD.len() + 128);
    let mut placed = false;
    let mut line = 0usize;
    while text.len() < bytes {
        if !placed && text.len() >= bytes / 2 {
            text.push_str(ERROR_PAYLOAD);
            text.push('\n');
            placed = true;
        }
        text.push_str(CHAT[line % CHAT.len()]);
        text.push('\n');
        line += 1;
    }
    if !placed {
        text.push_str(ERROR_PAYLOAD);
        text.push('\n');
    }
    text
}
