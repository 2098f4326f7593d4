//! Inspecting exports: the right answers with evidence, the mismatches found, and no
//! hostile archive getting further than a clear error. Fixtures: tests/fixtures/inspect
//! (built by make.py there); bombs are built here, so none is stored in the repository.

use std::io::Write;
use std::process::Command;

use flowtriage::inspect::{InspectError, Inspection, inspect_bytes};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/inspect");
const BIN: &str = env!("CARGO_BIN_EXE_flowtriage");

fn fixture(name: &str) -> Result<Inspection, InspectError> {
    let bytes = std::fs::read(format!("{FIXTURES}/{name}")).unwrap();
    inspect_bytes(name, &bytes)
}

fn answer<'a>(i: &'a Inspection, key: &str) -> Option<&'a str> {
    i.answers
        .iter()
        .find(|a| a.key == key)
        .map(|a| a.value.as_str())
}

fn categories(i: &Inspection) -> Vec<&str> {
    i.findings.iter().map(|f| f.category.as_str()).collect()
}

#[test]
fn an_unmanaged_solution_with_a_stale_app() {
    let i = fixture("solution-unmanaged-stale-app.zip").unwrap();
    assert_eq!(i.kind, "solution");
    let sol = i.solution.as_ref().unwrap();
    assert_eq!(sol.unique_name.as_deref(), Some("ContosoRequests"));
    assert_eq!(sol.managed, Some(0));
    assert_eq!(sol.connection_references.len(), 2);
    assert_eq!(answer(&i, "layers"), Some("unmanaged"));
    assert_eq!(answer(&i, "connection"), Some("invoker"));
    assert_eq!(answer(&i, "changed"), Some("connection-added"));
    assert!(i.answers.iter().all(|a| a.source == "inspect"));
    let layers = i.answers.iter().find(|a| a.key == "layers").unwrap();
    assert!(
        layers
            .evidence
            .starts_with("solution.xml: <Managed>0</Managed>"),
        "{}",
        layers.evidence
    );
    assert_eq!(
        categories(&i),
        [
            "flow-connections-changed",
            "flow-input-changed",
            "flow-output-removed"
        ]
    );
    assert!(
        i.findings[1].detail.contains("text_1"),
        "{:?}",
        i.findings[1]
    );
    assert!(
        i.findings[2].detail.contains("status"),
        "{:?}",
        i.findings[2]
    );
    let flow = &i.flows[0];
    assert_eq!(flow.trigger_kind.as_deref(), Some("PowerAppV2"));
    assert_eq!(
        flow.workflow_id.as_deref(),
        Some("cd602b70-a83e-ee11-bdf3-0022482a4279")
    );
    assert_eq!(flow.outputs, ["result"]);
    assert_eq!(flow.state, Some(1));
}

#[test]
fn a_managed_solution_with_an_embedded_flow_turned_off() {
    let i = fixture("solution-managed-flow-off.zip").unwrap();
    assert_eq!(
        answer(&i, "layers"),
        None,
        "an export cannot prove the target's layers"
    );
    assert!(i.notes.iter().any(|n| n.contains("See solution layers")));
    assert_eq!(answer(&i, "connection"), Some("embedded"));
    assert_eq!(
        answer(&i, "changed"),
        None,
        "the app is in step with its flow"
    );
    assert_eq!(categories(&i), ["trigger-disabled"]);
    assert!(i.findings[0].evidence.contains("StateCode = 0"));
}

#[test]
fn a_single_flow_definition_and_a_lone_msapp() {
    let i = fixture("flow-invoker.json").unwrap();
    assert_eq!(i.kind, "flow");
    assert_eq!(answer(&i, "connection"), Some("invoker"));
    assert_eq!(i.flows[0].required_inputs, ["text", "text_1"]);
    let i = fixture("app-stale.msapp").unwrap();
    assert_eq!(i.kind, "msapp");
    let bound = &i.apps[0].flows[0];
    assert_eq!(bound.data_source.as_deref(), Some("AskforApproval"));
    assert_eq!(
        bound.supplied_connections.as_deref(),
        Some(&["shared_office365".to_string()][..])
    );
    assert_eq!(bound.inputs.as_deref(), Some(&["text".to_string()][..]));
}

#[test]
fn hostile_and_broken_files_end_in_clear_errors() {
    let err = fixture("hostile-traversal.zip").unwrap_err().to_string();
    assert_eq!(
        err,
        "hostile-traversal.zip: refused the member '../../evil.xml': its path leaves the archive"
    );
    let err = fixture("hostile-absolute.zip").unwrap_err().to_string();
    assert!(
        err.contains("'/etc/cron.d/evil.xml': its path leaves the archive"),
        "{err}"
    );
    let err = fixture("malformed-solution-xml.zip")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "malformed-solution-xml.zip: the member 'solution.xml' cannot be read: malformed XML"
        ),
        "{err}"
    );
    let err = fixture("malformed-flow-json.zip").unwrap_err().to_string();
    assert!(
        err.contains("the member 'Workflows/Broken-") && err.contains("not valid JSON"),
        "{err}"
    );
    let err = fixture("not-a-zip.zip").unwrap_err().to_string();
    assert!(
        err.ends_with(
            "not a solution export (.zip), a canvas app (.msapp) or a flow definition (.json)"
        ),
        "{err}"
    );
    let whole = std::fs::read(format!("{FIXTURES}/solution-unmanaged-stale-app.zip")).unwrap();
    let err = inspect_bytes("cut.zip", &whole[..whole.len() / 2])
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("cut.zip: not a readable zip archive"),
        "{err}"
    );
}

fn zip_with(entries: impl FnOnce(&mut zip::ZipWriter<std::io::Cursor<Vec<u8>>>)) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    entries(&mut w);
    w.finish().unwrap().into_inner()
}

#[test]
fn a_zip_bomb_is_refused_without_unpacking_it() {
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let bomb = zip_with(|w| {
        w.start_file("solution.xml", options).unwrap();
        w.write_all(b"<ImportExportXml/>").unwrap();
        w.start_file("customizations.xml", options).unwrap();
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..80 {
            w.write_all(&zeros).unwrap();
        }
    });
    assert!(bomb.len() < 1 << 20, "small on disk");
    let err = inspect_bytes("bomb.zip", &bomb).unwrap_err().to_string();
    assert!(
        err.contains("refused the member 'customizations.xml'") && err.contains("more than"),
        "{err}"
    );
}

#[test]
fn too_many_entries_are_refused() {
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let many = zip_with(|w| {
        for i in 0..5_001 {
            w.start_file(format!("f{i}.txt"), options).unwrap();
        }
    });
    let err = inspect_bytes("many.zip", &many).unwrap_err().to_string();
    assert!(err.contains("5001 entries"), "{err}");
}

#[test]
fn the_cli_prints_text_and_json_and_fails_with_the_path() {
    let out = Command::new(BIN)
        .args([
            "inspect",
            &format!("{FIXTURES}/solution-unmanaged-stale-app.zip"),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "solution");
    assert_eq!(v["answers"][0]["source"], "inspect");
    assert_eq!(v["findings"].as_array().unwrap().len(), 3);
    let out = Command::new(BIN)
        .args(["inspect", "/nonexistent/export.zip"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/export.zip"));
}

#[test]
fn diagnose_takes_answers_from_an_inspected_file_and_says_so() {
    let out = Command::new(BIN)
        .args([
            "diagnose",
            "--inspect",
            &format!("{FIXTURES}/solution-unmanaged-stale-app.zip"),
            "--answer",
            "app=live",
            "--format",
            "json",
        ])
        .env("FLOWTRIAGE_HOME", tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["outcome"]["id"], "flow-connections-changed-live");
    let sources: Vec<(&str, &str)> = v["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["key"].as_str().unwrap(), a["source"].as_str().unwrap()))
        .collect();
    assert_eq!(sources, [("changed", "inspect"), ("app", "cli")]);
    assert_eq!(
        v["inspection"]["findings"][0]["category"],
        "flow-connections-changed"
    );
    let md = Command::new(BIN)
        .args([
            "diagnose",
            "--inspect",
            &format!("{FIXTURES}/solution-unmanaged-stale-app.zip"),
            "--answer",
            "app=dev",
        ])
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(md.contains("## From the inspected file"), "{md}");
    assert!(md.contains("(inspect)"), "{md}");
}

/// F8: a .msapp inside a solution is unpacked from the same allowance as the solution,
/// not from a fresh one each: a small file of many large apps ends in an error naming
/// the cap.
#[test]
fn archives_inside_an_archive_share_one_allowance() {
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let app = zip_with(|w| {
        w.start_file("Properties.json", deflated).unwrap();
        w.write_all(b"{\"Name\":\"A\"}").unwrap();
        w.write_all(&vec![b' '; 3 << 20]).unwrap();
    });
    let solution = zip_with(|w| {
        w.start_file("solution.xml", stored).unwrap();
        w.write_all(b"<ImportExportXml><SolutionManifest><UniqueName>s</UniqueName></SolutionManifest></ImportExportXml>").unwrap();
        for n in 0..6 {
            w.start_file(format!("CanvasApps/app{n}.msapp"), stored)
                .unwrap();
            w.write_all(&app).unwrap();
        }
    });
    assert!(
        solution.len() < 2 << 20,
        "small on disk: {}",
        solution.len()
    );
    // The real allowance is 256 MiB; 10 MiB is as shared and quicker to reach.
    let budget = flowtriage::inspect::Budget::with_bytes(10 << 20);
    let err = flowtriage::inspect::inspect_within("nested.zip", &solution, budget)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("CanvasApps/app3.msapp")
            && err.contains("10485760 bytes allowed in all, archives inside it counted"),
        "{err}"
    );

    // Entries are counted across the archives inside it too.
    let many = zip_with(|w| {
        w.start_file("Properties.json", stored).unwrap();
        w.write_all(b"{}").unwrap();
        for i in 0..1_000 {
            w.start_file(format!("f{i}.txt"), stored).unwrap();
        }
    });
    let solution = zip_with(|w| {
        w.start_file("solution.xml", stored).unwrap();
        w.write_all(b"<ImportExportXml/>").unwrap();
        for n in 0..6 {
            w.start_file(format!("CanvasApps/app{n}.msapp"), stored)
                .unwrap();
            w.write_all(&many).unwrap();
        }
    });
    let err = inspect_bytes("many-nested.zip", &solution)
        .unwrap_err()
        .to_string();
    assert!(err.contains("more than 5000 in all"), "{err}");
}

/// F15: what parsing builds is capped, not only the bytes unpacked.
#[test]
fn parsing_an_export_is_capped_in_what_it_builds() {
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let xml = zip_with(|w| {
        w.start_file("solution.xml", deflated).unwrap();
        w.write_all(b"<ImportExportXml><SolutionManifest><Managed>0</Managed></SolutionManifest></ImportExportXml>").unwrap();
        w.start_file("customizations.xml", deflated).unwrap();
        w.write_all(b"<r>").unwrap();
        w.write_all(&b"<a/>".repeat(1_500_000)).unwrap();
        w.write_all(b"</r>").unwrap();
    });
    let err = inspect_bytes("xml-amp.zip", &xml).unwrap_err().to_string();
    assert!(
        err.contains("customizations.xml") && err.contains("more than 1000000 elements"),
        "{err}"
    );

    let mut json =
        b"{\"properties\":{\"definition\":{\"triggers\":{},\"actions\":{}},\"x\":[".to_vec();
    json.extend_from_slice(&b"0,".repeat(2_100_000));
    json.extend_from_slice(b"0]}}");
    let err = inspect_bytes("flow.json", &json).unwrap_err().to_string();
    assert!(err.contains("more than 2000000 values"), "{err}");
}
