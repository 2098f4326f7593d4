//! The command line, as the outside contract spells it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "flowtriage",
    version,
    about = "Diagnose why a Power Automate flow fails when a Power Apps canvas app calls it",
    long_about = "Diagnose why a Power Automate flow fails when a Power Apps canvas app calls it.\n\nWith no command, opens the interactive wizard. Paste an error with `flowtriage diagnose -`."
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// With no command, the wizard's options apply (`flowtriage --resume`).
    #[command(flatten)]
    pub wizard: WizardArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The interactive wizard (the default when no command is given).
    Wizard(WizardArgs),
    /// Classify an error and walk the tree without asking; print the checklist.
    Diagnose(DiagnoseArgs),
    /// List every error code the playbook knows.
    Codes(CodesArgs),
    /// Fuzzy-search codes, verbatim error messages and checklist titles.
    Search(SearchArgs),
    /// Check or draw the playbook.
    #[command(subcommand)]
    Content(ContentCommand),
    /// Read a solution export (.zip), a canvas app (.msapp) or a flow definition (.json).
    Inspect(InspectArgs),
    /// Saved wizard sessions: list, show, re-export.
    #[command(subcommand)]
    Sessions(SessionsCommand),
    /// Figures over saved sessions: per checklist, how often it fixed the problem and
    /// where triages get stuck. No case ids, customers, notes or pasted text unless
    /// --include-details.
    Stats(StatsArgs),
    /// Where the configuration file lives.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args, Default)]
pub struct WizardArgs {
    /// Continue a saved session where it stopped: the last one, or the one with this id,
    /// or the newest one of this support case.
    #[arg(long, value_name = "ID|CASE", num_args = 0..=1, default_missing_value = "")]
    pub resume: Option<String>,
    /// The support case this triage belongs to; reopens the case's session if one exists.
    #[arg(long, value_name = "ID")]
    pub case: Option<String>,
    /// Where `e` saves reports (default: <data dir>/reports).
    #[arg(long, value_name = "DIR")]
    pub report_dir: Option<PathBuf>,
    /// Use the playbook TOML files in DIR instead of the embedded content.
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// Numbered questions line by line on standard input and output, no full-screen drawing.
    #[arg(long)]
    pub plain: bool,
    /// Capture the mouse (breaks the terminal's own text selection).
    #[arg(long)]
    pub mouse: bool,
    /// When to use colour (NO_COLOR is honoured with auto).
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
    /// Pre-answer questions from a solution export, .msapp or flow definition.
    #[arg(long, value_name = "FILE")]
    pub inspect: Option<PathBuf>,
}

impl From<ColorChoice> for crate::wizard::ColorChoice {
    fn from(choice: ColorChoice) -> Self {
        match choice {
            ColorChoice::Auto => crate::wizard::ColorChoice::Auto,
            ColorChoice::Always => crate::wizard::ColorChoice::Always,
            ColorChoice::Never => crate::wizard::ColorChoice::Never,
        }
    }
}

impl From<WizardArgs> for crate::wizard::Options {
    fn from(args: WizardArgs) -> Self {
        crate::wizard::Options {
            resume: args.resume,
            case: args.case,
            report_dir: args.report_dir,
            content: args.content,
            plain: args.plain,
            mouse: args.mouse,
            color: args.color.into(),
            inspect: args.inspect,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Json,
    Text,
    Html,
}

/// Who a report is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum AudienceArg {
    /// The engineer's case note: evidence, answers, ticks, notes, the error as pasted.
    #[default]
    Engineer,
    /// The steps for the customer to follow, in plain words, opening with
    /// `customer_greeting` from config.toml; no evidence, notes or internal steps.
    Customer,
}

impl AudienceArg {
    pub fn audience(self) -> crate::report::Audience {
        match self {
            AudienceArg::Engineer => crate::report::Audience::Engineer,
            AudienceArg::Customer => crate::report::Audience::Customer,
        }
    }
}

#[derive(Debug, Args)]
pub struct DiagnoseArgs {
    /// The error text or JSON the user saw: a path, or - for standard input.
    pub input: Option<String>,
    /// A known answer, KEY=VALUE (repeatable), e.g. --answer app=live.
    #[arg(long = "answer", value_name = "KEY=VALUE")]
    pub answers: Vec<String>,
    /// The report format (default: the --output file's extension, else `default_format`
    /// in config.toml, else md).
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Write the report here (atomically) instead of standard output; `.md`, `.json`,
    /// `.txt` or `.html` picks the format when --format is not given.
    #[arg(long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Who the report is for.
    #[arg(long, value_enum, default_value = "engineer")]
    pub audience: AudienceArg,
    #[arg(long, value_name = "ID")]
    pub case: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub customer: Option<String>,
    /// Keep tokens, signatures and passwords found in the input.
    #[arg(long)]
    pub no_redact: bool,
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// Pre-answer questions from a solution export, .msapp or flow definition.
    #[arg(long, value_name = "FILE")]
    pub inspect: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CodesArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: ListFormat,
    #[arg(long, value_name = "DIR", hide = true)]
    pub content: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    pub query: String,
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ListFormat,
    #[arg(long, value_name = "DIR", hide = true)]
    pub content: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ContentCommand {
    /// Load and lint a playbook (the embedded one, or DIR); one line per problem.
    /// Also warns about outcomes whose advice was last checked more than a year ago.
    Check {
        dir: Option<PathBuf>,
        /// The day to measure the age of advice from (YYYY-MM-DD); default today (UTC).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
    /// Measure the classifier on a labelled corpus folder (DIR/labels.toml, or the
    /// constructed corpus's DIR/expected.toml): accuracy per category, confusion pairs,
    /// every miss.
    Eval(EvalArgs),
    /// Draw the tree for review.
    Graph {
        #[arg(long, value_enum, default_value = "mermaid")]
        format: GraphFormat,
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// A folder holding the cases and labels.toml (`[[case]]` with `file`, `category`,
    /// optional `class` and `split`).
    pub dir: PathBuf,
    /// Only the cases of this split (`dev`, `test`, `holdout`, `holdout2`: whatever the
    /// labels name); all when not given.
    #[arg(long)]
    pub split: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ListFormat,
    /// Exit 1 when the accuracy (0 to 1) is below this.
    #[arg(long, value_name = "FRACTION")]
    pub min_accuracy: Option<f64>,
    /// Signatures alone, without the fallback model.
    #[arg(long, conflicts_with = "fallback_only")]
    pub signatures_only: bool,
    /// The fallback model alone, on every case, as if no signature had matched: how it
    /// places wordings the signatures miss (measure it on posts it never learnt from).
    #[arg(long)]
    pub fallback_only: bool,
    /// Also score the fallback model on the playbook's own examples, each left out of
    /// the model that predicts it.
    #[arg(long)]
    pub leave_one_out: bool,
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    pub file: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ListFormat,
}

#[derive(Debug, Subcommand)]
pub enum SessionsCommand {
    /// Every saved session: id, case, when, where it stands.
    List,
    /// One session's report.
    Show {
        /// A session id, or a case id (its newest session).
        id: String,
        #[arg(long, value_enum, default_value = "text")]
        format: ReportFormat,
        /// Who the report is for.
        #[arg(long, value_enum, default_value = "engineer")]
        audience: AudienceArg,
        /// The playbook folder the session was made with (by default the one it
        /// recorded, else the embedded playbook).
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
    },
    /// Save one session's report as a file.
    Export {
        /// A session id, or a case id (its newest session).
        id: String,
        /// The report format (default: the --output file's extension, else
        /// `default_format` in config.toml, else md).
        #[arg(long, value_enum)]
        format: Option<ReportFormat>,
        /// The playbook folder the session was made with (by default the one it
        /// recorded, else the embedded playbook).
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
        /// The exact file to write (atomically, replacing it).
        #[arg(long, value_name = "PATH", conflicts_with = "report_dir")]
        output: Option<PathBuf>,
        /// Who the report is for.
        #[arg(long, value_enum, default_value = "engineer")]
        audience: AudienceArg,
        /// The folder for a new, never-overwriting report file.
        #[arg(long, value_name = "DIR")]
        report_dir: Option<PathBuf>,
    },
    /// Delete sessions with nothing in them (no answer, tick, note or paste), and with
    /// --older-than also those last changed before then; also the lock files that
    /// killed wizards left.
    Prune {
        /// Also delete sessions not changed for this long, e.g. 30d or 12h.
        #[arg(long, value_name = "DURATION")]
        older_than: Option<String>,
        /// Only list what would be deleted.
        #[arg(long)]
        dry_run: bool,
    },
    /// Record "Did this fix it?" for a session (replacing an earlier answer).
    Mark {
        id: String,
        #[arg(value_enum)]
        fixed: FixedArg,
        /// The step that fixed it: its number on the checklist, or its id.
        #[arg(long, value_name = "N")]
        step: Option<String>,
        /// The playbook the session was walked with, when not the embedded one.
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FixedArg {
    Yes,
    No,
    Partly,
    NotYet,
}

impl FixedArg {
    pub fn fixed(self) -> crate::session::Fixed {
        match self {
            FixedArg::Yes => crate::session::Fixed::Yes,
            FixedArg::No => crate::session::Fixed::No,
            FixedArg::Partly => crate::session::Fixed::Partly,
            FixedArg::NotYet => crate::session::Fixed::NotYet,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    Text,
    Json,
    Csv,
    Html,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Only triages started since then: a date (2026-11-01), an RFC 3339 time, or a
    /// span back from now (30d, 2weeks).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Only sessions saved with this content version.
    #[arg(long, value_name = "VERSION")]
    pub content_version: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: StatsFormat,
    /// A folder of saved sessions (repeatable, e.g. one per engineer); default: this
    /// machine's sessions.
    #[arg(long = "sessions", value_name = "DIR")]
    pub sessions: Vec<PathBuf>,
    /// Add case ids, customers, notes and redacted excerpts of unrecognised pastes.
    #[arg(long)]
    pub include_details: bool,
    /// The playbook that names checklists and questions (default: the embedded one).
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the path of config.toml (with --all, every folder flowtriage uses).
    Path {
        /// Also list the reports, sessions and cache folders.
        #[arg(long)]
        all: bool,
    },
}

/// The format of a report to write: `--format`, else the extension of `--output`,
/// else `default_format` from config.toml, else Markdown.
pub fn choose_format(
    format: Option<ReportFormat>,
    output: Option<&std::path::Path>,
    config: &crate::config::Config,
) -> crate::report::Format {
    format
        .map(ReportFormat::format)
        .or_else(|| output.and_then(crate::report::Format::from_path))
        .or_else(|| {
            config
                .default_format
                .as_deref()
                .and_then(crate::report::Format::parse)
        })
        .unwrap_or(crate::report::Format::Markdown)
}

impl ReportFormat {
    pub fn format(self) -> crate::report::Format {
        match self {
            ReportFormat::Md => crate::report::Format::Markdown,
            ReportFormat::Json => crate::report::Format::Json,
            ReportFormat::Text => crate::report::Format::Text,
            ReportFormat::Html => crate::report::Format::Html,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Format;
    use std::path::Path;

    #[test]
    fn the_format_comes_from_the_flag_then_the_extension_then_the_config() {
        let html = crate::config::Config {
            default_format: Some("html".into()),
            ..Default::default()
        };
        let none = crate::config::Config::default();
        fn out(name: &str) -> Option<&Path> {
            Some(Path::new(name))
        }
        assert_eq!(
            choose_format(Some(ReportFormat::Json), out("a.md"), &html),
            Format::Json
        );
        assert_eq!(choose_format(None, out("a.md"), &html), Format::Markdown);
        assert_eq!(choose_format(None, out("dir/a.TXT"), &html), Format::Text);
        assert_eq!(choose_format(None, out("a.htm"), &none), Format::Html);
        assert_eq!(choose_format(None, out("a.report"), &html), Format::Html);
        assert_eq!(choose_format(None, None, &html), Format::Html);
        assert_eq!(choose_format(None, None, &none), Format::Markdown);
    }
}
