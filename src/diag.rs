//! Errors people can act on: a problem in an input file, pointing at `file:line:col`, saying
//! what is wrong and what to write instead.
//!
//! A [`Diagnostic`] is for input that cannot be read at all (bad YAML, a price that is not a
//! decimal, an impossible date). It is not for a quote that reads fine but says something
//! worrying: that is a [`Finding`](crate::model::Finding). Collecting every problem of a file is
//! [`crate::validate`]'s.

use std::fmt;

use crate::text::terminal_safe;

/// A file's text and the name it is reported under.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

/// One problem in one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (or as it was found in a folder).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: Option<String>,
    /// The offending source line, shown with a caret under `col`.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A problem at a known place in `text`; the source line is taken from it.
    pub fn at(file: &str, text: &str, line: usize, col: usize, message: impl Into<String>) -> Self {
        let source_line = text.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        Diagnostic {
            file: file.to_owned(),
            line: line.max(1),
            col: col.max(1),
            message: message.into(),
            help: None,
            source_line,
        }
    }

    /// A problem with a whole file or folder (too large, missing, no quotes in it).
    pub fn whole(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_owned(),
            line: 1,
            col: 1,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// Renders like a compiler error; every piece of input text is made terminal-safe, so a
    /// hostile quote cannot put an escape sequence on the reviewer's screen.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error: {}",
            terminal_safe(&self.file),
            self.line,
            self.col,
            terminal_safe(&self.message)
        )?;
        if let Some(src) = &self.source_line {
            // The column in the shown line, where each escaped character is its escape.
            let before: String = src.chars().take(self.col.saturating_sub(1)).collect();
            let col = terminal_safe(&before).chars().count() + 1;
            let (shown, col) = excerpt(&terminal_safe(src), col);
            let gutter = self.line.to_string().len();
            // The caret is placed by the width each character takes on a terminal: two columns
            // for a CJK character or most emoji, none for a combining mark.
            let caret_pad: String = shown
                .chars()
                .take(col.saturating_sub(1))
                .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
                .map(|w| " ".repeat(w))
                .collect();
            write!(
                f,
                "\n {:gutter$} |\n {} | {}\n {:gutter$} | {}^",
                "", self.line, shown, "", caret_pad
            )?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {}", terminal_safe(help))?;
        }
        Ok(())
    }
}

/// Characters of a source line shown around the column; longer lines are cut with `…`.
const EXCERPT_BEFORE: usize = 60;
const EXCERPT_AFTER: usize = 100;

/// The part of `line` around `col` (1-based, in characters) and the column within it.
fn excerpt(line: &str, col: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= EXCERPT_BEFORE + EXCERPT_AFTER {
        return (line.to_owned(), col);
    }
    let start = col
        .saturating_sub(1)
        .saturating_sub(EXCERPT_BEFORE)
        .min(chars.len());
    let end = (start + EXCERPT_BEFORE + EXCERPT_AFTER).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut col = col - start;
    if start > 0 {
        shown.insert(0, '…');
        col += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, col)
}

/// Everything that stops a command. Findings about quotes are never errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more inputs could not be read; every problem found is listed.
    #[error("{}", render_all(.0))]
    Input(Vec<Diagnostic>),
    /// A command-line value that cannot work (`--fx`, `--as-of`, `--tolerance`).
    #[error("{0}")]
    Usage(String),
    /// Ctrl-C or a termination signal stopped the run before the reports were in place.
    #[error("interrupted: the previous reports were left as they were")]
    Interrupted,
    /// Standard output could not be written: everything the command writes to files was
    /// written before it, in full.
    #[error(
        "cannot write to standard output: {0}; the reports, if the command writes any, were already complete"
    )]
    Stdout(#[source] std::io::Error),
    /// The reports could not be written; the previous reports are left as they were.
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

fn render_all(diags: &[Diagnostic]) -> String {
    let files: std::collections::BTreeSet<&str> = diags.iter().map(|d| d.file.as_str()).collect();
    let mut out = String::new();
    for d in diags {
        out.push_str(&d.to_string());
        out.push_str("\n\n");
    }
    out.push_str(&format!(
        "{} problem{} in {} file{}; nothing was written",
        diags.len(),
        if diags.len() == 1 { "" } else { "s" },
        files.len(),
        if files.len() == 1 { "" } else { "s" },
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_sits_under_the_column() {
        let d = Diagnostic::at("q.yaml", "a: 1\nprice: 1e-3\n", 2, 8, "bad").help("write 0.001");
        let shown = d.to_string();
        assert!(shown.starts_with("q.yaml:2:8: error: bad"), "{shown}");
        assert!(shown.contains(" 2 | price: 1e-3\n   |        ^"), "{shown}");
        assert!(shown.ends_with("help: write 0.001"), "{shown}");
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let line = format!("note: {}X{}", "a".repeat(500), "b".repeat(500));
        let d = Diagnostic::at("q.yaml", &line, 1, 507, "here");
        let shown = d.to_string();
        assert!(shown.len() < 600, "{shown}");
        let lines: Vec<&str> = shown.lines().collect();
        let caret = lines[3].find('^').unwrap();
        assert_eq!(lines[2].chars().nth(caret), Some('X'), "{shown}");
    }

    #[test]
    fn escape_sequences_in_input_are_not_printed() {
        let d = Diagnostic::at(
            "q.yaml",
            "vendor: \u{1b}[31mred\n",
            1,
            9,
            "x \u{1b}]0;t\u{7}",
        );
        assert!(!d.to_string().contains('\u{1b}'));
        assert!(!d.to_string().contains('\u{7}'));
    }
}
