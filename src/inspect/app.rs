//! A canvas app: which flows it binds, which connections it passes them, and which
//! inputs and outputs it believes they have. Read from a `.msapp` (Properties.json,
//! References/DataSources.json) or from a solution's canvas app entry (meta.xml).

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoundFlow {
    /// The name formulas use: `Name.Run(…)`.
    pub data_source: Option<String>,
    /// The flow API id.
    pub workflow_name: Option<String>,
    /// The Dataverse workflow id: joins to `Workflows/…-<GUID>.json`.
    pub workflow_entity_id: Option<String>,
    /// The flow's connection keys the app supplies (`dependencies`).
    pub supplied_connections: Option<Vec<String>>,
    /// What the app believes the flow takes and returns (None: not recorded).
    pub inputs: Option<Vec<String>>,
    pub outputs: Option<Vec<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct App {
    pub source: String,
    pub name: Option<String>,
    pub flows: Vec<BoundFlow>,
}

fn hint(entry: &Value, name: &str) -> Option<String> {
    entry
        .get("connectionRef")
        .unwrap_or(entry)
        .get("parameterHints")
        .and_then(|h| h.get(name))
        .and_then(|v| v.get("value"))
        .and_then(Value::as_str)
        .map(|s| s.to_ascii_lowercase())
}

fn is_flow_entry(entry: &Value) -> bool {
    let id = entry
        .get("connectionRef")
        .and_then(|c| c.get("id"))
        .or_else(|| entry.get("id"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    id.to_ascii_lowercase().ends_with("/shared_logicflows")
}

/// `LocalConnectionReferences` (a JSON string in some apps, an object in others) or a
/// meta.xml `ConnectionReferences` JSON: the flows bound to the app.
pub fn bound_flows(references: &Value) -> Vec<BoundFlow> {
    let decoded;
    let references = match references {
        Value::String(s) => {
            decoded = super::parse_json(s.as_bytes()).unwrap_or(Value::Null);
            &decoded
        }
        other => other,
    };
    let Some(map) = references.as_object() else {
        return Vec::new();
    };
    map.values()
        .filter(|entry| is_flow_entry(entry))
        .map(|entry| BoundFlow {
            data_source: entry
                .get("dataSources")
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .and_then(Value::as_str)
                .map(str::to_string),
            workflow_name: hint(entry, "workflowName"),
            workflow_entity_id: hint(entry, "workflowEntityId"),
            supplied_connections: entry
                .get("dependencies")
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect()),
            inputs: None,
            outputs: None,
        })
        .collect()
}

/// The request body properties and response properties a flow's Swagger says.
fn swagger_shape(swagger: &Value) -> (Vec<String>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut outputs = Vec::new();
    let Some(paths) = swagger.get("paths").and_then(Value::as_object) else {
        return (inputs, outputs);
    };
    for operations in paths.values() {
        let Some(ops) = operations.as_object() else {
            continue;
        };
        for op in ops.values() {
            for p in op
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(props) = p
                    .get("schema")
                    .and_then(|s| s.get("properties"))
                    .and_then(Value::as_object)
                {
                    inputs.extend(props.keys().cloned());
                }
            }
            if let Some(responses) = op.get("responses").and_then(Value::as_object) {
                for r in responses.values() {
                    if let Some(props) = r
                        .get("schema")
                        .and_then(|s| s.get("properties"))
                        .and_then(Value::as_object)
                    {
                        outputs.extend(props.keys().cloned());
                    }
                }
            }
        }
    }
    (inputs, outputs)
}

/// Fill in each bound flow's believed inputs and outputs from DataSources.json.
pub fn add_data_sources(flows: &mut [BoundFlow], data_sources: &Value) {
    let entries = data_sources
        .get("DataSources")
        .and_then(Value::as_array)
        .or_else(|| data_sources.as_array());
    for entry in entries.into_iter().flatten() {
        if entry.get("Type").and_then(Value::as_str) != Some("ServiceInfo") {
            continue;
        }
        let name = entry.get("Name").and_then(Value::as_str);
        let swagger = entry
            .get("WadlMetadata")
            .and_then(|w| w.get("SwaggerJson"))
            .and_then(Value::as_str)
            .and_then(|s| super::parse_json(s.as_bytes()).ok());
        let Some(swagger) = swagger else { continue };
        let (inputs, outputs) = swagger_shape(&swagger);
        for flow in flows
            .iter_mut()
            .filter(|f| f.data_source.as_deref() == name)
        {
            flow.inputs = Some(inputs.clone());
            flow.outputs = Some(outputs.clone());
        }
    }
}
