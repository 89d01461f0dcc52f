//! Load: files and folders → validated [`Quote`](crate::model::Quote)s, every value with its
//! line and column.
//!
//! Loading refuses what it cannot read exactly — oversized, non-UTF-8, malformed, mistyped,
//! misspelt, or impossible input — with a [`Diagnostic`] per problem. It does not judge what a
//! valid quote says; that is [`crate::normalize`] and [`crate::check`].

pub mod quote;
pub mod yaml;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::model::Quote;

/// Files larger than this are refused before they are parsed.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A file's text and the name it is reported under.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

/// A display name for a path: as given, with `/` separators.
pub fn display_name(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Expands files and folders into the sorted list of quote files. A folder is searched
/// recursively for `*.yaml` and `*.yml` (hidden entries skipped, folder links not followed);
/// a named file is taken whatever its extension. A missing path, or a folder with no quotes,
/// is an error.
pub fn discover(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        let name = display_name(input);
        match std::fs::metadata(input) {
            Err(e) => errors.push(
                Diagnostic::whole(&name, format!("cannot read: {}", io_reason(&e)))
                    .help("name an existing quote file or a folder of quotes"),
            ),
            Ok(meta) if meta.is_dir() => {
                let before = files.len();
                let walk = walkdir::WalkDir::new(input)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_entry(|e| {
                        e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                    });
                for entry in walk {
                    match entry {
                        Ok(e) if e.file_type().is_file() && is_quote_name(e.path()) => {
                            files.push(e.into_path())
                        }
                        Ok(_) => {}
                        Err(e) => errors.push(Diagnostic::whole(
                            &e.path().map_or_else(|| name.clone(), display_name),
                            format!("cannot read: {e}"),
                        )),
                    }
                }
                if files.len() == before {
                    errors.push(
                        Diagnostic::whole(&name, "folder holds no quote files (*.yaml or *.yml)")
                            .help(
                                "add a quote (see README.md for the format) or name another folder",
                            ),
                    );
                }
            }
            Ok(_) => files.push(input.clone()),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn is_quote_name(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Reads a file as UTF-8 text, refusing files over [`MAX_FILE_BYTES`] and pointing at the
/// first byte that is not UTF-8.
pub fn read_source(path: &Path) -> Result<Source, Diagnostic> {
    let name = display_name(path);
    let file = File::open(path)
        .map_err(|e| Diagnostic::whole(&name, format!("cannot read: {}", io_reason(&e))))?;
    let mut bytes = Vec::new();
    // Read one byte past the limit rather than trusting the metadata, which a FIFO or a
    // growing file would get wrong.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::whole(&name, format!("cannot read: {}", io_reason(&e))))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::whole(&name, "file is larger than 8 MiB")
            .help("a quote file is a few kilobytes; split it into one file per vendor quote"));
    }
    source_from_bytes(&name, bytes)
}

/// Checks that `bytes` are UTF-8 (a leading byte-order mark is dropped).
pub fn source_from_bytes(name: &str, mut bytes: Vec<u8>) -> Result<Source, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source {
            name: name.to_owned(),
            text,
        }),
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            // `good` is valid UTF-8 by construction.
            let good = std::str::from_utf8(good).unwrap_or_default();
            let line = good.matches('\n').count() + 1;
            let col = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let bad = e.as_bytes()[good.len()];
            Err(Diagnostic {
                file: name.to_owned(),
                line,
                col,
                message: format!("byte 0x{bad:02X} is not UTF-8"),
                help: Some(
                    "save the file as UTF-8 (most editors: \"Save with encoding\" → UTF-8)".into(),
                ),
                source_line: None,
            })
        }
    }
}

/// Everything read from a set of inputs: the quotes that loaded, and a diagnostic list per
/// file that did not.
#[derive(Debug, Default)]
pub struct Loaded {
    pub quotes: Vec<Quote>,
    pub failed: Vec<(String, Vec<Diagnostic>)>,
}

/// Discovers and loads every quote file. Every file is read and validated, so one run lists
/// every problem in every file.
pub fn load_quotes(inputs: &[PathBuf]) -> Result<Loaded, Vec<Diagnostic>> {
    let files = discover(inputs)?;
    let mut loaded = Loaded::default();
    for path in &files {
        match read_source(path)
            .map_err(|d| vec![d])
            .and_then(|src| quote::parse(&src))
        {
            Ok(q) => loaded.quotes.push(q),
            Err(diags) => loaded.failed.push((display_name(path), diags)),
        }
    }
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_utf8_byte_is_located() {
        let err = source_from_bytes("q.yaml", b"vendor: A\nroute: caf\xE9\n".to_vec()).unwrap_err();
        assert_eq!((err.line, err.col), (2, 11));
        assert!(err.message.contains("0xE9"), "{}", err.message);
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let src = source_from_bytes("q.yaml", b"\xEF\xBB\xBFvendor: A\n".to_vec()).unwrap();
        assert_eq!(src.text, "vendor: A\n");
    }
}
