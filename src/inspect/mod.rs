//! Answering triage questions from the files a customer can export: a solution `.zip`,
//! a canvas app `.msapp`, or a flow definition `.json`. Pure: bytes in, findings out.
//!
//! The answer keys and categories used here are the outside contract's, not error codes.

mod app;
mod archive;
mod flow;
mod xml;

pub use app::{App, BoundFlow};
pub use flow::{ConnectionRef, Flow};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::answer::{Answer, AnswerSource};
use archive::Archive;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InspectError {
    #[error("{file}: {reason}")]
    Invalid { file: String, reason: String },
    #[error("{file}: refused the member '{member}': {reason}")]
    Hostile {
        file: String,
        member: String,
        reason: String,
    },
    #[error("{file}: the member '{member}' cannot be read: {reason}")]
    Member {
        file: String,
        member: String,
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Solution {
    pub unique_name: Option<String>,
    pub version: Option<String>,
    /// `<Managed>`: 0 unmanaged, 1 managed, 2 both (unpacked sources).
    pub managed: Option<u8>,
    pub connection_references: Vec<(String, Option<String>)>,
}

/// An answer the files prove, with the file and field that prove it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectAnswer {
    pub key: String,
    pub value: String,
    pub source: String,
    pub evidence: String,
}

/// Something the files show is wrong, and the category it points to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub category: String,
    pub detail: String,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspection {
    pub file: String,
    /// `solution`, `msapp` or `flow`.
    pub kind: String,
    pub solution: Option<Solution>,
    pub flows: Vec<Flow>,
    pub apps: Vec<App>,
    pub answers: Vec<InspectAnswer>,
    pub findings: Vec<Finding>,
    /// What the files cannot tell, said plainly.
    pub notes: Vec<String>,
}

impl Inspection {
    /// The answers for the engine, marked as coming from an inspection.
    pub fn engine_answers(&self) -> Vec<Answer> {
        self.answers
            .iter()
            .map(|a| Answer::new(&a.key, &a.value, AnswerSource::Inspect))
            .collect()
    }
}

fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Inspect one exported file, given its name (for messages) and its bytes.
pub fn inspect_bytes(name: &str, bytes: &[u8]) -> Result<Inspection, InspectError> {
    let mut inspection = Inspection {
        file: name.to_string(),
        kind: String::new(),
        solution: None,
        flows: Vec::new(),
        apps: Vec::new(),
        answers: Vec::new(),
        findings: Vec::new(),
        notes: Vec::new(),
    };
    if is_zip(bytes) {
        let archive = Archive::read(name, bytes, |p| {
            let lower = p.to_ascii_lowercase();
            lower.ends_with(".xml") || lower.ends_with(".json") || lower.ends_with(".msapp")
        })?;
        if archive.get("solution.xml").is_some() || archive.get("Other/Solution.xml").is_some() {
            inspection.kind = "solution".into();
            read_solution(name, &archive, &mut inspection)?;
        } else if archive.get("Properties.json").is_some() || archive.get("Header.json").is_some() {
            inspection.kind = "msapp".into();
            inspection.apps.push(read_msapp(name, name, &archive)?);
        } else {
            return Err(InspectError::Invalid {
                file: name.to_string(),
                reason: "a zip, but neither a solution export (no solution.xml) nor a canvas app (no Properties.json)".into(),
            });
        }
    } else if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        inspection.kind = "flow".into();
        let flow = flow::parse(name, bytes).map_err(|reason| InspectError::Invalid {
            file: name.to_string(),
            reason,
        })?;
        inspection.flows.push(flow);
    } else {
        return Err(InspectError::Invalid {
            file: name.to_string(),
            reason:
                "not a solution export (.zip), a canvas app (.msapp) or a flow definition (.json)"
                    .into(),
        });
    }
    conclude(&mut inspection);
    Ok(inspection)
}

fn member_error(file: &str, member: &str, reason: String) -> InspectError {
    InspectError::Member {
        file: file.to_string(),
        member: member.to_string(),
        reason,
    }
}

fn read_solution(name: &str, archive: &Archive, out: &mut Inspection) -> Result<(), InspectError> {
    let (solution_path, solution_xml) = archive
        .get("solution.xml")
        .or_else(|| archive.get("Other/Solution.xml"))
        .expect("checked by the caller");
    let root = xml::parse(solution_xml).map_err(|e| member_error(name, solution_path, e))?;
    let manifest = root.child("SolutionManifest").unwrap_or(&root);
    let mut solution = Solution {
        unique_name: manifest.child_text("UniqueName").map(str::to_string),
        version: manifest.child_text("Version").map(str::to_string),
        managed: manifest.child_text("Managed").and_then(|m| m.parse().ok()),
        connection_references: Vec::new(),
    };

    let customizations = archive
        .get("customizations.xml")
        .or_else(|| archive.get("Other/Customizations.xml"));
    let mut states: Vec<(String, String, u8)> = Vec::new();
    let mut meta_apps: Vec<App> = Vec::new();
    if let Some((path, bytes)) = customizations {
        let root = xml::parse(bytes).map_err(|e| member_error(name, path, e))?;
        let mut workflows = Vec::new();
        root.descendants("Workflow", &mut workflows);
        for w in workflows {
            let id = w
                .attribute("WorkflowId")
                .unwrap_or_default()
                .trim_matches(['{', '}'])
                .to_ascii_lowercase();
            if let Some(state) = w.child_text("StateCode").and_then(|s| s.parse().ok()) {
                states.push((
                    id,
                    w.attribute("Name").unwrap_or_default().to_string(),
                    state,
                ));
            }
        }
        let mut references = Vec::new();
        root.descendants("connectionreference", &mut references);
        for r in references {
            let logical = r
                .attribute("connectionreferencelogicalname")
                .map(str::to_string)
                .or_else(|| {
                    r.child_text("connectionreferencelogicalname")
                        .map(str::to_string)
                });
            if let Some(logical) = logical {
                solution
                    .connection_references
                    .push((logical, r.child_text("connectorid").map(str::to_string)));
            }
        }
        let mut canvas = Vec::new();
        root.descendants("CanvasApp", &mut canvas);
        for c in canvas {
            meta_apps.push(meta_app(path, c));
        }
    }
    for (path, bytes) in archive
        .files
        .iter()
        .filter(|(p, _)| p.to_ascii_lowercase().ends_with(".meta.xml"))
    {
        let root = xml::parse(bytes).map_err(|e| member_error(name, path, e))?;
        meta_apps.push(meta_app(path, &root));
    }

    for (path, bytes) in archive.files.iter().filter(|(p, _)| {
        let l = p.to_ascii_lowercase();
        l.starts_with("workflows/") && l.ends_with(".json")
    }) {
        let mut flow = flow::parse(path, bytes).map_err(|e| member_error(name, path, e))?;
        if let Some(id) = &flow.workflow_id
            && let Some((_, wf_name, state)) = states.iter().find(|(sid, _, _)| sid == id)
        {
            flow.state = Some(*state);
            if flow.name.is_none() && !wf_name.is_empty() {
                flow.name = Some(wf_name.clone());
            }
        }
        out.flows.push(flow);
    }

    // A .msapp inside the solution holds the app's own view of its flows.
    for (path, bytes) in archive
        .files
        .iter()
        .filter(|(p, _)| p.to_ascii_lowercase().ends_with(".msapp"))
    {
        let inner = Archive::read(&format!("{name}:{path}"), bytes, |p| {
            p.to_ascii_lowercase().ends_with(".json")
        })?;
        let mut app = read_msapp(name, path, &inner)?;
        // The solution's meta data knows the Dataverse ids the .msapp does not.
        for flow in &mut app.flows {
            if flow.workflow_entity_id.is_none()
                && let Some(meta) = meta_apps
                    .iter()
                    .flat_map(|a| a.flows.iter())
                    .find(|m| m.data_source == flow.data_source)
            {
                flow.workflow_entity_id = meta.workflow_entity_id.clone();
            }
        }
        out.apps.push(app);
    }
    if out.apps.is_empty() {
        out.apps = meta_apps;
    }
    out.solution = Some(solution);
    Ok(())
}

fn meta_app(path: &str, element: &xml::Element) -> App {
    let references = element
        .child_text("ConnectionReferences")
        .and_then(|t| serde_json::from_str::<Value>(t).ok())
        .unwrap_or(Value::Null);
    App {
        source: path.to_string(),
        name: element
            .child_text("Name")
            .or_else(|| element.child_text("DisplayName"))
            .map(str::to_string),
        flows: app::bound_flows(&references),
    }
}

fn json_member(file: &str, archive: &Archive, path: &str) -> Result<Option<Value>, InspectError> {
    match archive.get(path) {
        None => Ok(None),
        Some((p, bytes)) => serde_json::from_slice(bytes)
            .map(Some)
            .map_err(|e| member_error(file, p, format!("not valid JSON ({e})"))),
    }
}

fn read_msapp(file: &str, source: &str, archive: &Archive) -> Result<App, InspectError> {
    let properties = json_member(file, archive, "Properties.json")?.unwrap_or(Value::Null);
    let mut flows = properties
        .get("LocalConnectionReferences")
        .map(app::bound_flows)
        .unwrap_or_default();
    if let Some(data_sources) = json_member(file, archive, "References/DataSources.json")? {
        app::add_data_sources(&mut flows, &data_sources);
    }
    Ok(App {
        source: source.to_string(),
        name: properties
            .get("Name")
            .and_then(Value::as_str)
            .map(str::to_string),
        flows,
    })
}

fn answer(out: &mut Inspection, key: &str, value: &str, evidence: String) {
    if out.answers.iter().any(|a| a.key == key) {
        return;
    }
    out.answers.push(InspectAnswer {
        key: key.into(),
        value: value.into(),
        source: "inspect".into(),
        evidence,
    });
}

fn missing<'a>(wanted: &'a [String], have: &[String]) -> Vec<&'a str> {
    wanted
        .iter()
        .filter(|w| !have.iter().any(|h| h.eq_ignore_ascii_case(w)))
        .map(String::as_str)
        .collect()
}

/// Turn what was read into answers and findings.
fn conclude(out: &mut Inspection) {
    if let Some(solution) = &out.solution {
        match solution.managed {
            Some(0) => answer(
                out,
                "layers",
                "unmanaged",
                "solution.xml: <Managed>0</Managed>: an unmanaged export; importing it leaves unmanaged layers on the app and flow".into(),
            ),
            Some(_) => out.notes.push(
                "The solution is managed; whether the target environment also carries unmanaged layers shows only there (See solution layers).".into(),
            ),
            None => {}
        }
    }
    let flows = out.flows.clone();
    for flow in &flows {
        let sources: Vec<&str> = flow
            .connections
            .iter()
            .filter_map(|c| c.runtime_source.as_deref())
            .collect();
        let label = flow.name.clone().unwrap_or_else(|| flow.source.clone());
        if let Some(first) = sources.first() {
            if sources.iter().all(|s| s == first) && (*first == "embedded" || *first == "invoker") {
                answer(
                    out,
                    "connection",
                    first,
                    format!(
                        "{}: properties.connectionReferences.*.runtimeSource = \"{first}\"",
                        flow.source
                    ),
                );
            } else {
                out.notes.push(format!(
                    "{label} mixes embedded and invoker connections ({}); each connector is set separately under Run only users.",
                    sources.join(", ")
                ));
            }
        }
        match flow.state {
            Some(0) | Some(2) => out.findings.push(Finding {
                category: "trigger-disabled".into(),
                detail: format!(
                    "the flow {label} is {}",
                    if flow.state == Some(0) {
                        "off"
                    } else {
                        "suspended"
                    }
                ),
                evidence: format!(
                    "customizations.xml: <Workflow> StateCode = {}",
                    flow.state.unwrap_or_default()
                ),
            }),
            _ => {}
        }
    }

    // Compare each app's stored view of a flow with the flow itself.
    let apps = out.apps.clone();
    for app in &apps {
        for bound in &app.flows {
            let Some(flow) = flows.iter().find(|f| {
                f.workflow_id.is_some()
                    && (f.workflow_id == bound.workflow_entity_id
                        || f.workflow_id == bound.workflow_name)
            }) else {
                continue;
            };
            let label = bound
                .data_source
                .clone()
                .unwrap_or_else(|| flow.source.clone());
            if let Some(supplied) = &bound.supplied_connections {
                let invoker: Vec<String> = flow
                    .connections
                    .iter()
                    .filter(|c| c.runtime_source.as_deref() == Some("invoker"))
                    .map(|c| c.key.clone())
                    .collect();
                let not_supplied = missing(&invoker, supplied);
                if !not_supplied.is_empty() {
                    out.findings.push(Finding {
                        category: "flow-connections-changed".into(),
                        detail: format!(
                            "the flow {label} needs the connection(s) {} from the app, which supplies only {}",
                            not_supplied.join(", "),
                            if supplied.is_empty() { "none".to_string() } else { supplied.join(", ") }
                        ),
                        evidence: format!("{}: LocalConnectionReferences dependencies vs {}: connectionReferences", app.source, flow.source),
                    });
                    answer(
                        out,
                        "changed",
                        "connection-added",
                        format!(
                            "{}: connection key {} missing from the app",
                            flow.source,
                            not_supplied.join(", ")
                        ),
                    );
                }
            }
            if let Some(app_inputs) = &bound.inputs {
                let required = if flow.required_inputs.is_empty() {
                    &flow.inputs
                } else {
                    &flow.required_inputs
                };
                let not_sent = missing(required, app_inputs);
                if !not_sent.is_empty() {
                    out.findings.push(Finding {
                        category: "flow-input-changed".into(),
                        detail: format!(
                            "the flow {label} requires the input(s) {} that the app does not send",
                            not_sent.join(", ")
                        ),
                        evidence: format!(
                            "{}: trigger inputs.schema vs {}: References/DataSources.json",
                            flow.source, app.source
                        ),
                    });
                    answer(
                        out,
                        "changed",
                        "input-added",
                        format!(
                            "{}: trigger input {} unknown to the app",
                            flow.source,
                            not_sent.join(", ")
                        ),
                    );
                }
            }
            if let Some(app_outputs) = &bound.outputs {
                let gone = missing(app_outputs, &flow.outputs);
                if !gone.is_empty() {
                    out.findings.push(Finding {
                        category: "flow-output-removed".into(),
                        detail: format!("the app reads the output(s) {} that the flow {label} no longer returns", gone.join(", ")),
                        evidence: format!("{}: References/DataSources.json vs {}: Response outputs", app.source, flow.source),
                    });
                    answer(
                        out,
                        "changed",
                        "output-removed",
                        format!(
                            "{}: output {} no longer returned",
                            flow.source,
                            gone.join(", ")
                        ),
                    );
                }
            }
        }
    }
}

/// A plain-text summary for a support engineer.
pub fn to_text(inspection: &Inspection) -> String {
    let mut s = format!("{} ({})\n", inspection.file, inspection.kind);
    if let Some(sol) = &inspection.solution {
        s.push_str(&format!(
            "Solution {} {} — {}\n",
            sol.unique_name.as_deref().unwrap_or("?"),
            sol.version.as_deref().unwrap_or("?"),
            match sol.managed {
                Some(0) => "unmanaged",
                Some(1) => "managed",
                Some(_) => "managed and unmanaged sources",
                None => "managed state unknown",
            }
        ));
    }
    for f in &inspection.flows {
        s.push_str(&format!(
            "Flow {} [{}]: trigger {}, inputs [{}], outputs [{}], state {}\n",
            f.name.as_deref().unwrap_or(&f.source),
            f.workflow_id.as_deref().unwrap_or("no id"),
            f.trigger_kind.as_deref().unwrap_or("?"),
            f.inputs.join(", "),
            f.outputs.join(", "),
            match f.state {
                Some(0) => "off",
                Some(1) => "on",
                Some(2) => "suspended",
                _ => "unknown",
            }
        ));
        for c in &f.connections {
            s.push_str(&format!(
                "  connection {} ({}): {}\n",
                c.key,
                c.api.as_deref().unwrap_or("?"),
                c.runtime_source.as_deref().unwrap_or("source not set")
            ));
        }
    }
    for a in &inspection.apps {
        s.push_str(&format!(
            "App {}:\n",
            a.name.as_deref().unwrap_or(&a.source)
        ));
        for b in &a.flows {
            s.push_str(&format!(
                "  calls {} (workflow {}), supplies [{}]\n",
                b.data_source.as_deref().unwrap_or("?"),
                b.workflow_entity_id
                    .as_deref()
                    .or(b.workflow_name.as_deref())
                    .unwrap_or("?"),
                b.supplied_connections
                    .as_ref()
                    .map(|c| c.join(", "))
                    .unwrap_or_else(|| "not recorded".into())
            ));
        }
    }
    if !inspection.answers.is_empty() {
        s.push_str("\nAnswers:\n");
        for a in &inspection.answers {
            s.push_str(&format!("  {}={}  ({})\n", a.key, a.value, a.evidence));
        }
    }
    if !inspection.findings.is_empty() {
        s.push_str("\nFindings:\n");
        for f in &inspection.findings {
            s.push_str(&format!(
                "  [{}] {}  ({})\n",
                f.category, f.detail, f.evidence
            ));
        }
    }
    for n in &inspection.notes {
        s.push_str(&format!("Note: {n}\n"));
    }
    s
}
