//! One function per command of the contract.

use std::io::Write;

use clap::CommandFactory;
use serde_json::json;

use super::args::*;
use super::{CliError, exit};
use crate::content;
use crate::search::SearchIndex;
use crate::source;

pub fn run(cli: Cli) -> Result<u8, CliError> {
    match cli.command {
        None => run_wizard(cli.wizard),
        Some(Command::Wizard(args)) => run_wizard(args),
        Some(Command::Diagnose(args)) => super::diagnose::diagnose(args),
        Some(Command::Codes(args)) => codes(args),
        Some(Command::Search(args)) => search(args),
        Some(Command::Content(ContentCommand::Check { dir, today })) => content_check(dir, today),
        Some(Command::Content(ContentCommand::Eval(args))) => content_eval(args),
        Some(Command::Content(ContentCommand::Graph { format, content })) => {
            let playbook = source::load_playbook(content.as_deref())?;
            let text = match format {
                GraphFormat::Mermaid => content::mermaid(&playbook),
                GraphFormat::Dot => content::dot(&playbook),
            };
            print_out(&text)
        }
        Some(Command::Inspect(args)) => {
            let inspection = crate::app::inspect_file(&args.file)?;
            match args.format {
                ListFormat::Text => print_out(&crate::inspect::to_text(&inspection)),
                ListFormat::Json => print_out(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&inspection).unwrap_or_default()
                )),
            }
        }
        Some(Command::Sessions(command)) => super::sessions::run(command),
        Some(Command::Stats(args)) => super::stats::run(args),
        Some(Command::Config(ConfigCommand::Path { all })) => {
            match crate::paths::Dirs::discover() {
                Some(dirs) if all => {
                    let config = crate::app::load_config();
                    print_out(&dirs.listing(config.report_dir.as_deref()))
                }
                Some(dirs) => print_out(&format!("{}\n", dirs.config_file().display())),
                None => Err(CliError::failure(
                    "no home folder found; set FLOWTRIAGE_HOME to choose where flowtriage keeps its files",
                )),
            }
        }
        Some(Command::Completions { shell }) => {
            let mut cmd = Cli::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut cmd, "flowtriage", &mut out);
            print_out(&String::from_utf8_lossy(&out))
        }
    }
}

/// The wizard ends with OK when it returns at all.
fn run_wizard(args: WizardArgs) -> Result<u8, CliError> {
    crate::wizard::run(args.into()).map(|()| exit::OK)
}

/// Print to standard output; a closed pipe (`| head`) is not an error.
pub fn print_out(text: &str) -> Result<u8, CliError> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(crate::text::terminal_safe(text).as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => Ok(exit::OK),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(exit::OK),
        Err(e) => Err(CliError::failure(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

fn content_check(dir: Option<std::path::PathBuf>, today: Option<String>) -> Result<u8, CliError> {
    // The core reads no clock: today's date comes from here.
    let today = match today {
        Some(text) => content::ReviewDate::parse(&text).ok_or_else(|| {
            CliError::usage(format!("--today {text}: not a date; write YYYY-MM-DD"))
        })?,
        None => today_utc(),
    };
    let result = match &dir {
        None => content::embedded_playbook(),
        Some(dir) => match source::read_content_dir(dir) {
            Ok(sources) => content::load(
                &sources,
                content::ContentSource::Directory(dir.display().to_string()),
            ),
            Err(e) => {
                print_out(&format!("{e}\n"))?;
                return Ok(exit::FAILURE);
            }
        },
    };
    // Loading checks pattern syntax only; compile them all here to report size limits.
    let result = result.and_then(|playbook| {
        let problems = crate::classify::pattern_problems(&playbook);
        if problems.is_empty() {
            Ok(playbook)
        } else {
            Err(problems)
        }
    });
    match result {
        Ok(playbook) => {
            let mut out = format!(
                "ok: {} questions, {} outcomes, {} signatures, {} categories (content {})\n",
                playbook.questions.len(),
                playbook.outcomes.len(),
                playbook.signatures.len(),
                playbook.categories.len(),
                playbook.version
            );
            // Warnings do not fail the check; a closed pipe only stops them early.
            for warning in content::review_warnings(&playbook, today) {
                out.push_str(&format!("warning: {warning}\n"));
            }
            print_out(&out)?;
            Ok(exit::OK)
        }
        Err(problems) => {
            let listed: String = problems.iter().map(|p| format!("{p}\n")).collect();
            print_out(&listed)?;
            crate::app::print_err(&format!("{} problem(s) found", problems.len()));
            Ok(exit::FAILURE)
        }
    }
}

#[derive(serde::Deserialize)]
struct Labels {
    #[serde(default)]
    case: Vec<Label>,
}

#[derive(serde::Deserialize)]
struct Label {
    file: String,
    category: String,
    #[serde(default)]
    class: Option<String>,
    #[serde(default)]
    split: Option<String>,
}

fn content_eval(args: EvalArgs) -> Result<u8, CliError> {
    use crate::classify::eval;
    let playbook = source::load_playbook(args.content.as_deref())?;
    let labels_path = ["labels.toml", "expected.toml"]
        .iter()
        .map(|name| args.dir.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            CliError::failure(format!(
                "no labels.toml (or expected.toml) in {}",
                args.dir.display()
            ))
        })?;
    let text = std::fs::read_to_string(&labels_path)
        .map_err(|e| CliError::failure(format!("cannot read {}: {e}", labels_path.display())))?;
    let labels: Labels = toml::from_str(&text)
        .map_err(|e| CliError::failure(format!("{}: {e}", labels_path.display())))?;
    let mut cases = Vec::new();
    for label in labels.case {
        if args
            .split
            .as_deref()
            .is_some_and(|s| label.split.as_deref() != Some(s))
        {
            continue;
        }
        let path = args.dir.join(&label.file);
        let bytes = std::fs::read(&path)
            .map_err(|e| CliError::failure(format!("cannot read {}: {e}", path.display())))?;
        cases.push(eval::Case {
            file: label.file,
            text: String::from_utf8_lossy(&bytes).into_owned(),
            category: label.category,
            class: label.class,
        });
    }
    if cases.is_empty() {
        return Err(CliError::failure(format!(
            "no cases in {}{}",
            labels_path.display(),
            args.split
                .as_deref()
                .map(|s| format!(" with split = \"{s}\""))
                .unwrap_or_default()
        )));
    }
    let models = if args.signatures_only {
        eval::Models::SignaturesOnly
    } else if args.fallback_only {
        eval::Models::FallbackOnly
    } else {
        eval::Models::Whole
    };
    let report = eval::evaluate(&playbook, &cases, models);
    let loo = args
        .leave_one_out
        .then(|| eval::fallback_leave_one_out(&playbook));
    match args.format {
        ListFormat::Text => {
            print_out(&eval::to_text(&report))?;
            if let Some((score, misses)) = &loo {
                print_out(&format!("\n{}", eval::leave_one_out_text(score, misses)))?;
            }
        }
        ListFormat::Json => {
            let mut value = serde_json::to_value(&report).unwrap_or_default();
            if let Some((score, misses)) = &loo {
                value["leave_one_out"] = json!({ "score": score, "misses": misses });
            }
            print_out(&format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            ))?;
        }
    }
    match args.min_accuracy {
        Some(min) if report.accuracy < min => {
            eprintln!(
                "accuracy {:.3} is below --min-accuracy {min}",
                report.accuracy
            );
            Ok(exit::FAILURE)
        }
        _ => Ok(exit::OK),
    }
}

/// Today's date in UTC, from the system clock.
fn today_utc() -> content::ReviewDate {
    let stamp = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    content::ReviewDate::parse(stamp.get(..10).unwrap_or_default())
        .expect("an RFC 3339 stamp starts with YYYY-MM-DD")
}

fn codes(args: CodesArgs) -> Result<u8, CliError> {
    let playbook = source::load_playbook(args.content.as_deref())?;
    let rows: Vec<_> = playbook.code_signatures().collect();
    match args.format {
        ListFormat::Json => {
            let value: Vec<_> = rows
                .iter()
                .map(|s| {
                    json!({
                        "code": s.code,
                        "aliases": s.aliases,
                        "category": s.category,
                        "title": s.title,
                        "enter": s.enter,
                        "messages": s.messages,
                    })
                })
                .collect();
            print_out(&format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            ))
        }
        ListFormat::Text => {
            let width = rows
                .iter()
                .flat_map(|s| s.code_names())
                .map(str::len)
                .max()
                .unwrap_or(4);
            let mut out = String::new();
            for s in rows {
                for name in s.code_names() {
                    out.push_str(&format!(
                        "{name:<width$}  {:<34}  {}\n",
                        s.category, s.title
                    ));
                }
            }
            print_out(&out)
        }
    }
}

fn search(args: SearchArgs) -> Result<u8, CliError> {
    let index: SearchIndex = source::load_search_index(args.content.as_deref())?;
    let hits = index.search(&args.query, args.limit);
    match args.format {
        ListFormat::Json => print_out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&hits).unwrap_or_default()
        )),
        ListFormat::Text => {
            let mut out = String::new();
            for hit in &hits {
                let kind = match hit.entry.kind {
                    crate::search::EntryKind::Code => "code",
                    crate::search::EntryKind::Message => "message",
                    crate::search::EntryKind::Title => "title",
                };
                let text: String = hit.entry.text.chars().take(100).collect();
                // Best first, without the matcher's raw score: it is a ranking detail
                // (unbounded, and negative for weak fuzzy hits) that reads like a grade.
                // `--format json` keeps it for scripts.
                out.push_str(&format!("{kind:<7}  {:<34}  {text}\n", hit.entry.category));
            }
            if hits.is_empty() {
                crate::app::print_err(&format!("no match for '{}'", args.query));
            }
            print_out(&out)
        }
    }
}
