//! Writes saved sessions for `bench/compare.sh` to time `flowtriage stats` on: walks of
//! the embedded playbook with random answers, some from a pasted error, half of the
//! finished ones with "Did this fix it?" recorded. Deterministic for a given count.
//!
//! ```text
//! cargo run --release --example gen_sessions -- DIR COUNT
//! ```

use std::path::Path;
use std::process::ExitCode;

use flowtriage::classify;
use flowtriage::engine::{Position, Triage};
use flowtriage::session::{Fixed, Session};

/// xorshift64*: enough randomness for shapes, the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PASTES: &[&str] = &[
    r#"{"error":{"code":"InvokerConnectionOverrideFailed","message":"Failed to parse the invoker connection override"}}"#,
    "Flow 'Send approval' failed: trigger is not enabled. WorkflowTriggerIsNotEnabled",
    "The request failed with status 429: Rate limit is exceeded. Try again in 20 seconds.",
    "Something went wrong on the customer's side, no code shown. Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
];

fn time(seconds: u64) -> String {
    humantime::format_rfc3339_seconds(
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds),
    )
    .to_string()
}

fn generate(dir: &Path, count: usize) -> Result<(), String> {
    let playbook = flowtriage::content::embedded_playbook()
        .map_err(|_| "the embedded playbook does not load".to_string())?;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    // 2026-09-01, sessions a few minutes apart.
    let mut start = 1_788_220_800u64;
    for n in 0..count {
        start += 60 + rng.below(600) as u64;
        let pasted = (rng.below(3) == 0).then(|| PASTES[rng.below(PASTES.len())]);
        let classification = pasted.map(|p| classify::classify(&playbook, p));
        let known = classification
            .as_ref()
            .map(|c| c.answers(&playbook))
            .unwrap_or_default();
        let mut triage = Triage::start(&playbook, known);
        // Answer at random; one walk in six stops early, as unfinished ones do.
        let stop_early = rng.below(6) == 0;
        for _ in 0..12 {
            let Some(Position::Asking(q)) = triage.position(&playbook) else {
                break;
            };
            if stop_early && rng.below(2) == 0 {
                break;
            }
            let value = q.options[rng.below(q.options.len())].value.clone();
            if triage.answer(&playbook, &value).is_err() {
                break;
            }
        }
        let case = format!("CASE-{n:05}");
        let mut session = Session::new(&playbook, triage, &time(start), Some(case));
        session.customer = Some(format!("Customer {}", rng.below(500)));
        session.classification = classification;
        session.pasted = pasted.map(str::to_string);
        let minutes = 2 + rng.below(90) as u64;
        session.updated = time(start + minutes * 60);
        if let Some(Position::Done(o)) = session.triage.position(&playbook) {
            let ids: Vec<String> = o.steps.iter().map(|s| s.id.clone()).collect();
            for id in ids.iter().take(rng.below(ids.len() + 1)) {
                session.marks.toggle(id);
            }
            if let Some(id) = ids.first().filter(|_| rng.below(4) == 0) {
                session
                    .marks
                    .set_note(id, "called the maker; the flow was off");
            }
            if rng.below(2) == 0 {
                let fixed = Fixed::ALL[rng.below(4)];
                let step = (rng.below(2) == 0).then(|| rng.below(ids.len()));
                session.record(&playbook, fixed, step);
                if let Some(r) = &mut session.resolution {
                    r.recorded = Some(session.updated.clone());
                }
            }
        }
        session.ui = serde_json::json!({"screen": "outcome", "selected": 0});
        // What `SessionStore::save` writes, without its fsync per file (minutes for 10,000).
        let path = dir.join(format!("{}.json", session.id));
        let json = serde_json::to_vec_pretty(&session).map_err(|e| e.to_string())?;
        std::fs::write(&path, json).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    println!("{}: {count} sessions", dir.display());
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [dir, count] => match count.parse() {
            Ok(count) => generate(Path::new(dir), count),
            Err(_) => Err(format!("'{count}' is not a number")),
        },
        _ => Err("usage: gen_sessions DIR COUNT".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_sessions: {e}");
            ExitCode::FAILURE
        }
    }
}
