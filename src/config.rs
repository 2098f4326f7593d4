//! `config.toml`: the engineer's name, the default report format and folder, the theme,
//! and whether to redact email addresses. Parsing is pure; a bad file is reported with
//! its line and ignored, never fatal.

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

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}; using the defaults instead", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ConfigError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl Config {
    pub fn parse(text: &str, file: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError {
            file: file.to_string(),
            line: e.span().map(|s| crate::content::line_col(text, s.start).0),
            message: e.message().trim().to_string(),
        })?;
        if let Some(format) = &config.default_format
            && crate::report::Format::parse(format).is_none()
        {
            return Err(ConfigError {
                file: file.to_string(),
                line: text
                    .lines()
                    .position(|l| l.contains("default_format"))
                    .map(|i| i + 1),
                message: format!(
                    "default_format = \"{format}\" is not one of md, json, text, html"
                ),
            });
        }
        Ok(config)
    }
}

/// Read the config file at the edge: a missing file is the defaults; a broken one is a
/// warning (returned, for the caller to print) and the defaults.
pub fn load(path: &std::path::Path) -> (Config, Option<String>) {
    match std::fs::read_to_string(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), None),
        Err(e) => (
            Config::default(),
            Some(format!(
                "{}: cannot be read: {e}; using the defaults instead",
                path.display()
            )),
        ),
        Ok(text) => match Config::parse(&text, &path.display().to_string()) {
            Ok(config) => (config, None),
            Err(e) => (Config::default(), Some(e.to_string())),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_setting() {
        let c = Config::parse(
            "engineer = \"Ada\"\ndefault_format = \"html\"\nreport_dir = \"/tmp/r\"\ntheme = \"mono\"\nredact_emails = true\ncustomer_greeting = \"Hello,\"\n",
            "config.toml",
        )
        .unwrap();
        assert_eq!(c.engineer.as_deref(), Some("Ada"));
        assert_eq!(c.default_format.as_deref(), Some("html"));
        assert!(c.redact_emails);
        assert_eq!(c.customer_greeting.as_deref(), Some("Hello,"));
    }

    #[test]
    fn a_syntax_error_names_the_file_and_line() {
        let e =
            Config::parse("engineer = \"Ada\"\ndefault_format = md\n", "config.toml").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.to_string().starts_with("config.toml:2: "), "{e}");
        let e =
            Config::parse("engineer = \"Ada\"\ndefault_format = \"pdf\"\n", "c.toml").unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.toml:2: default_format = \"pdf\" is not one of md, json, text, html; using the defaults instead"
        );
        let e = Config::parse("enginer = \"Ada\"\n", "c.toml").unwrap_err();
        assert!(e.message.contains("enginer"), "{e}");
    }
}
