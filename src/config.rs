//! `config.toml`: the engineer's name, the default report format and folder, the theme,
//! and whether to redact email addresses. Parsing is pure; a bad key is reported with
//! its line and only that key falls back to its default, never fatal.

use std::path::PathBuf;

use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Shown as "Engineer" in every report.
    pub engineer: Option<String>,
    /// `md`, `json`, `text` or `html`.
    pub default_format: Option<String>,
    pub report_dir: Option<PathBuf>,
    /// `auto`, `color` or `mono`.
    pub theme: Option<String>,
    #[serde(default)]
    pub redact_emails: bool,
    /// The first line of the customer's copy of a report (`--audience customer`, `a` in
    /// the wizard), e.g. "Hello Dana, here are the steps we went through on the call."
    pub customer_greeting: Option<String>,
}

const KEYS: &[&str] = &[
    "engineer",
    "default_format",
    "report_dir",
    "theme",
    "redact_emails",
    "customer_greeting",
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ConfigError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl Config {
    /// The settings in `text`, and a warning for each one that cannot be used. A file
    /// that is not TOML at all gives the defaults; otherwise only the bad keys do.
    pub fn parse(text: &str, file: &str) -> (Config, Vec<ConfigError>) {
        let error = |line: Option<usize>, message: String| ConfigError {
            file: file.to_string(),
            line,
            message,
        };
        let line_of = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(key))
                .map(|i| i + 1)
        };
        let table: toml::Table = match toml::from_str(text) {
            Ok(table) => table,
            Err(e) => {
                let line = e.span().map(|s| crate::content::line_col(text, s.start).0);
                let message = format!("{}; using the defaults instead", e.message().trim());
                return (Config::default(), vec![error(line, message)]);
            }
        };
        let mut config = Config::default();
        let mut errors = Vec::new();
        for (key, value) in table {
            let wrong = |what: &str| {
                error(
                    line_of(&key),
                    format!("{key} {what}; this setting is ignored"),
                )
            };
            match key.as_str() {
                "engineer" | "theme" | "default_format" | "report_dir" | "customer_greeting" => {
                    let Some(s) = value.as_str().map(str::to_string) else {
                        errors.push(wrong("must be a quoted text"));
                        continue;
                    };
                    match key.as_str() {
                        "engineer" => config.engineer = Some(s),
                        "theme" => config.theme = Some(s),
                        "customer_greeting" => config.customer_greeting = Some(s),
                        "report_dir" => config.report_dir = Some(PathBuf::from(s)),
                        _ if crate::report::Format::parse(&s).is_none() => errors.push(wrong(
                            &format!("= \"{s}\" is not one of md, json, text, html"),
                        )),
                        _ => config.default_format = Some(s),
                    }
                }
                "redact_emails" => match value.as_bool() {
                    Some(b) => config.redact_emails = b,
                    None => errors.push(wrong("must be true or false")),
                },
                _ => errors.push(error(
                    line_of(&key),
                    format!(
                        "unknown setting `{key}` (known: {}); it is ignored",
                        KEYS.join(", ")
                    ),
                )),
            }
        }
        errors.sort_by_key(|e| e.line);
        (config, errors)
    }
}

/// Read the config file at the edge: a missing file is the defaults; each problem is a
/// warning (returned, for the caller to show) and only that setting falls back.
pub fn load(path: &std::path::Path) -> (Config, Vec<String>) {
    match std::fs::read_to_string(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), Vec::new()),
        Err(e) => (
            Config::default(),
            vec![format!(
                "{}: cannot be read: {e}; using the defaults instead",
                path.display()
            )],
        ),
        Ok(text) => {
            let (config, errors) = Config::parse(&text, &path.display().to_string());
            (config, errors.iter().map(ToString::to_string).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_setting() {
        let (c, errors) = Config::parse(
            "engineer = \"Ada\"\ndefault_format = \"html\"\nreport_dir = \"/tmp/r\"\ntheme = \"mono\"\nredact_emails = true\ncustomer_greeting = \"Hello,\"\n",
            "config.toml",
        );
        assert_eq!(errors, []);
        assert_eq!(c.engineer.as_deref(), Some("Ada"));
        assert_eq!(c.default_format.as_deref(), Some("html"));
        assert_eq!(c.report_dir, Some(PathBuf::from("/tmp/r")));
        assert_eq!(c.theme.as_deref(), Some("mono"));
        assert!(c.redact_emails);
        assert_eq!(c.customer_greeting.as_deref(), Some("Hello,"));
    }

    #[test]
    fn a_syntax_error_names_the_file_and_line_and_keeps_the_defaults() {
        let (c, e) = Config::parse("engineer = \"Ada\"\ndefault_format = md\n", "config.toml");
        assert_eq!(c, Config::default());
        assert_eq!(e[0].line, Some(2));
        assert!(e[0].to_string().starts_with("config.toml:2: "), "{}", e[0]);
    }

    #[test]
    fn only_the_bad_setting_falls_back() {
        let (c, e) = Config::parse(
            "engineer = \"Ada\"\ndefault_format = \"pdf\"\ncolour = \"never\"\nredact_emails = \"yes\"\n",
            "c.toml",
        );
        assert_eq!(c.engineer.as_deref(), Some("Ada"), "the good key is kept");
        assert_eq!(c.default_format, None);
        let messages: Vec<String> = e.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "c.toml:2: default_format = \"pdf\" is not one of md, json, text, html; this setting is ignored",
                "c.toml:3: unknown setting `colour` (known: engineer, default_format, report_dir, theme, redact_emails, customer_greeting); it is ignored",
                "c.toml:4: redact_emails must be true or false; this setting is ignored",
            ]
        );
    }
}
