//! A flow definition (`Workflows/<name>-<GUID>.json`, or a flow's JSON on its own): its
//! trigger, inputs, outputs and connection references.

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionRef {
    /// The key the flow uses, e.g. `shared_office365` or `shared_sql-1`.
    pub key: String,
    pub api: Option<String>,
    pub logical_name: Option<String>,
    /// `embedded` ("Use this connection") or `invoker` ("Provided by run-only user").
    pub runtime_source: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    /// Where it was read: the archive member or the file.
    pub source: String,
    pub name: Option<String>,
    /// The workflow GUID (from the file name or customizations.xml), lowercase.
    pub workflow_id: Option<String>,
    pub trigger_kind: Option<String>,
    pub inputs: Vec<String>,
    pub required_inputs: Vec<String>,
    pub outputs: Vec<String>,
    pub connections: Vec<ConnectionRef>,
    /// 0 off, 1 on, 2 suspended (customizations.xml `StateCode`).
    pub state: Option<u8>,
}

fn keys(schema: Option<&Value>) -> Vec<String> {
    schema
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Every "Respond to a Power App or flow" (type Response) action, however nested.
fn response_outputs(value: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 64 {
        return;
    }
    match value {
        Value::Object(map) => {
            let is_response = map
                .get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.eq_ignore_ascii_case("Response"));
            if is_response {
                let schema = map.get("inputs").and_then(|i| i.get("schema"));
                for k in keys(schema) {
                    if !out.contains(&k) {
                        out.push(k);
                    }
                }
            }
            for child in map.values() {
                response_outputs(child, out, depth + 1);
            }
        }
        Value::Array(items) => {
            for child in items {
                response_outputs(child, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// The GUID at the end of `Workflows/Name-GUID.json`.
pub fn guid_in_name(path: &str) -> Option<String> {
    let stem = path.rsplit('/').next()?.strip_suffix(".json")?;
    let guid = stem.get(stem.len().checked_sub(36)?..)?;
    let ok = guid.chars().enumerate().all(|(i, c)| match i {
        8 | 13 | 18 | 23 => c == '-',
        _ => c.is_ascii_hexdigit(),
    });
    ok.then(|| guid.to_ascii_lowercase())
}

pub fn parse(source: &str, bytes: &[u8]) -> Result<Flow, String> {
    let value: Value = super::parse_json(bytes)?;
    let properties = value.get("properties").unwrap_or(&value);
    let definition = properties
        .get("definition")
        .ok_or_else(|| "no properties.definition: not a flow definition".to_string())?;
    let mut flow = Flow {
        source: source.to_string(),
        name: properties
            .get("displayName")
            .and_then(Value::as_str)
            .map(str::to_string),
        workflow_id: guid_in_name(source),
        ..Flow::default()
    };
    if let Some((_, trigger)) = definition
        .get("triggers")
        .and_then(Value::as_object)
        .and_then(|t| t.iter().next())
    {
        flow.trigger_kind = trigger
            .get("kind")
            .or_else(|| trigger.get("type"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let schema = trigger.get("inputs").and_then(|i| i.get("schema"));
        flow.inputs = keys(schema);
        flow.required_inputs = strings(schema.and_then(|s| s.get("required")));
    }
    if let Some(actions) = definition.get("actions") {
        response_outputs(actions, &mut flow.outputs, 0);
    }
    if let Some(refs) = properties
        .get("connectionReferences")
        .and_then(Value::as_object)
    {
        for (key, r) in refs {
            flow.connections.push(ConnectionRef {
                key: key.clone(),
                api: r
                    .get("api")
                    .and_then(|a| a.get("name"))
                    .or_else(|| r.get("apiName"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
                logical_name: r
                    .get("connection")
                    .and_then(|c| c.get("connectionReferenceLogicalName"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
                runtime_source: r
                    .get("runtimeSource")
                    .or_else(|| r.get("source"))
                    .and_then(Value::as_str)
                    .map(|s| s.to_ascii_lowercase()),
            });
        }
    }
    Ok(flow)
}
