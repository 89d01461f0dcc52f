//! Finding and reading input files: folders walked for quote files, every file refused with a
//! diagnostic when it is not a regular UTF-8 file of at most 8 MiB. What the text says is the
//! file formats' business ([`super::quote`], [`super::baseline`], …).

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
pub use crate::diag::Source;

/// Files larger than this are refused before they are parsed.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A display name for a path: as given, with `/` separators.
pub fn display_name(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The quote files found, and the entries found in folders that cannot be read as quotes.
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<PathBuf>,
    /// A broken link, a FIFO, or an unreadable folder found while walking: reported like an
    /// unreadable quote, so no quote is skipped without a word.
    pub failed: Vec<(String, Vec<Diagnostic>)>,
}

impl Discovered {
    /// Every entry found: quote files and entries that cannot be read.
    pub fn len(&self) -> usize {
        self.files.len() + self.failed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Expands files and folders into the sorted list of quote files. A folder is searched
/// recursively for `*.yaml` and `*.yml` in any case (hidden entries skipped, folder links not
/// followed, file links followed); a named file is taken whatever its extension. A path that
/// does not exist, is not a regular file or folder, or a folder with no quotes, is an error.
/// The same file named twice (`q.yaml` and `./q.yaml`) is read once.
pub fn discover(inputs: &[PathBuf]) -> Result<Discovered, Vec<Diagnostic>> {
    let mut found = Discovered::default();
    let mut errors = Vec::new();
    for input in inputs {
        let name = display_name(input);
        match std::fs::metadata(input) {
            Err(e) => errors.push(cannot_read(&name, QUOTE, &e)),
            Ok(meta) if meta.is_dir() => {
                let before = found.files.len() + found.failed.len();
                walk(input, &mut found);
                if found.files.len() + found.failed.len() == before {
                    errors.push(
                        Diagnostic::whole(&name, "folder holds no quote files (*.yaml or *.yml)")
                            .help(
                                "add a quote (see README.md for the format) or name another folder",
                            ),
                    );
                }
            }
            Ok(meta) if meta.is_file() => found.files.push(input.clone()),
            Ok(_) => errors.push(not_regular(&name, QUOTE)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Sorted by the name reports show, so rows, findings and summary lines agree on the order.
    found.files.sort_by_cached_key(|f| display_name(f));
    let mut seen = std::collections::HashSet::new();
    found
        .files
        .retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    found.failed.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

fn walk(dir: &Path, found: &mut Discovered) {
    let entries = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let name = e.path().map_or_else(|| display_name(dir), display_name);
                let reason = e.io_error().map_or_else(|| e.to_string(), io_reason);
                found.failed.push((
                    name.clone(),
                    vec![
                        Diagnostic::whole(&name, format!("cannot read: {reason}"))
                            .help("check that the folder exists and that you may read it"),
                    ],
                ));
                continue;
            }
        };
        if entry.file_type().is_dir() || !is_quote_name(entry.path()) {
            continue;
        }
        let name = display_name(entry.path());
        // Follows a file link; a link to a folder is not a quote and is not followed.
        match std::fs::metadata(entry.path()) {
            Ok(m) if m.is_file() => found.files.push(entry.into_path()),
            Ok(m) if m.is_dir() => {}
            Ok(_) => found
                .failed
                .push((name.clone(), vec![not_regular(&name, QUOTE)])),
            Err(e) => found
                .failed
                .push((name.clone(), vec![cannot_read(&name, QUOTE, &e)])),
        }
    }
}

fn is_quote_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

fn cannot_read(name: &str, kind: &str, e: &std::io::Error) -> Diagnostic {
    let what = match kind {
        QUOTE => "quote file or folder".to_owned(),
        other => other.to_owned(),
    };
    Diagnostic::whole(name, format!("cannot read: {}", io_reason(e)))
        .help(format!("name an existing {what} that you may read"))
}

fn not_regular(name: &str, kind: &str) -> Diagnostic {
    Diagnostic::whole(name, "is not a regular file (a pipe, socket or device)")
        .help(format!("save the {kind} as an ordinary file"))
}

/// What each kind of input file is called in its help texts.
pub const QUOTE: &str = "quote file";

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Reads a file of `kind` ("quote file", "workload file") as UTF-8 text, refusing files over
/// [`MAX_FILE_BYTES`] and pointing at the first byte that is not UTF-8; each help names the
/// kind of file it is about.
pub fn read_source(path: &Path, kind: &str) -> Result<Source, Diagnostic> {
    let name = display_name(path);
    // Opening a FIFO would block until a writer comes: refuse anything but a regular file.
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => {}
        Ok(_) => return Err(not_regular(&name, kind)),
        Err(e) => return Err(cannot_read(&name, kind, &e)),
    }
    let file = File::open(path).map_err(|e| cannot_read(&name, kind, &e))?;
    let mut bytes = Vec::new();
    // Read one byte past the limit rather than trusting the metadata, which a growing file
    // would get wrong.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(&name, kind, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let help = match kind {
            QUOTE => "a quote file is a few kilobytes; split it into one file per vendor quote"
                .to_owned(),
            other => format!("a {other} is a few kilobytes; check that this is the file you meant"),
        };
        return Err(Diagnostic::whole(&name, "file is larger than 8 MiB").help(help));
    }
    source_from_bytes(&name, bytes)
}

/// Checks that `bytes` are UTF-8 (a leading byte-order mark is dropped).
pub fn source_from_bytes(name: &str, mut bytes: Vec<u8>) -> Result<Source, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    lone_carriage_returns_to_line_feeds(&mut bytes);
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

/// A carriage return not followed by a line feed (old Mac line ends) is a line break in YAML, as
/// in editors: written as a line feed, the excerpts under errors find their lines. Positions do
/// not move (one byte for one byte) and YAML reads the same values (it folds every line break
/// alike).
fn lone_carriage_returns_to_line_feeds(bytes: &mut [u8]) {
    let lone: Vec<usize> = memchr::memchr_iter(b'\r', bytes)
        .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
        .collect();
    for i in lone {
        bytes[i] = b'\n';
    }
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
