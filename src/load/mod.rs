//! Load: files and folders → validated [`Quote`](crate::model::Quote)s, every value with its
//! line and column.
//!
//! Loading refuses what it cannot read exactly — oversized, non-UTF-8, malformed, mistyped,
//! misspelt, or impossible input — with a [`Diagnostic`] per problem. It does not judge what a
//! valid quote says; that is [`crate::normalize`] and [`crate::check`].

pub mod fx;
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

/// The quote files found, and the entries found in folders that cannot be read as quotes.
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<PathBuf>,
    /// A broken link, a FIFO, or an unreadable folder found while walking: reported like an
    /// unreadable quote, so no quote is skipped without a word.
    pub failed: Vec<(String, Vec<Diagnostic>)>,
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
            Err(e) => errors.push(cannot_read(&name, &e)),
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
            Ok(_) => errors.push(not_regular(&name)),
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
            Ok(_) => found.failed.push((name.clone(), vec![not_regular(&name)])),
            Err(e) => found
                .failed
                .push((name.clone(), vec![cannot_read(&name, &e)])),
        }
    }
}

fn is_quote_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

fn cannot_read(name: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::whole(name, format!("cannot read: {}", io_reason(e)))
        .help("name an existing quote file or folder that you may read")
}

fn not_regular(name: &str) -> Diagnostic {
    Diagnostic::whole(name, "is not a regular file (a pipe, socket or device)")
        .help("save the quote as an ordinary file")
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
    // Opening a FIFO would block until a writer comes: refuse anything but a regular file.
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => {}
        Ok(_) => return Err(not_regular(&name)),
        Err(e) => return Err(cannot_read(&name, &e)),
    }
    let file = File::open(path).map_err(|e| cannot_read(&name, &e))?;
    let mut bytes = Vec::new();
    // Read one byte past the limit rather than trusting the metadata, which a growing file
    // would get wrong.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot_read(&name, &e))?;
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
    let found = discover(inputs)?;
    let mut loaded = Loaded::default();
    read_each(found, &|name, result| (name, result), &mut |(
        name,
        result,
    )| {
        match result {
            Ok(q) => loaded.quotes.push(q),
            Err(diags) => loaded.failed.push((name, diags)),
        }
        Ok::<(), std::convert::Infallible>(())
    })
    .unwrap_or_else(|never| match never {});
    Ok(loaded)
}

/// Most files read ahead of the one `each` waits for: enough to keep every core busy while
/// one large file is read, few enough that memory does not grow with the number of files.
const WINDOW: usize = 256;

/// Reads and validates every discovered file and passes each one's name and quote (or why it
/// cannot be read, including the entries discovery could not read) through `work`, on the
/// global thread pool's threads (`--jobs`), while the calling thread hands the results to
/// `each` one at a time, in name order. At most [`WINDOW`] results are held at once. Stops
/// at the first error `each` returns.
pub fn read_each<T: Send, E>(
    found: Discovered,
    work: &(dyn Fn(String, Result<Quote, Vec<Diagnostic>>) -> T + Sync),
    each: &mut dyn FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let mut entries: Vec<(String, Result<PathBuf, Vec<Diagnostic>>)> = found
        .files
        .into_iter()
        .map(|p| (display_name(&p), Ok(p)))
        .chain(found.failed.into_iter().map(|(name, d)| (name, Err(d))))
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let threads = rayon::current_num_threads().clamp(1, entries.len().max(1));
    let window = Window::new(WINDOW);
    let next = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, T)>();
    // The workers run on the thread pool; this thread hands results on as they come.
    rayon::in_place_scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (entries, window, next) = (&entries, &window, &next);
            s.spawn(move |_| {
                // However this worker stops (a panic included), the others are not left
                // waiting for a file it will never deliver.
                let _closes = ClosesOnDrop(window);
                while window.acquire() {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((name, entry)) = entries.get(i) else {
                        break;
                    };
                    let result = match entry {
                        Ok(path) => read_source(path)
                            .map_err(|d| vec![d])
                            .and_then(|src| quote::parse(&src)),
                        Err(diags) => Err(diags.clone()),
                    };
                    if tx.send((i, work(name.clone(), result))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // However handing on stops (an error or a panic in `each`), the workers stop too.
        let _closes = ClosesOnDrop(&window);
        // Results arrive in any order; each is handed on when all before it have been.
        let mut waiting = std::collections::BTreeMap::new();
        let mut due = 0;
        for (i, t) in &rx {
            waiting.insert(i, t);
            while let Some(t) = waiting.remove(&due) {
                due += 1;
                window.release();
                each(t)?;
            }
        }
        Ok(())
    })
}

/// Permits to read one more file ahead, returned as results are handed on.
struct Window {
    state: std::sync::Mutex<(usize, bool)>,
    changed: std::sync::Condvar,
}

impl Window {
    fn new(permits: usize) -> Window {
        Window {
            state: std::sync::Mutex::new((permits, false)),
            changed: std::sync::Condvar::new(),
        }
    }

    /// Waits for a permit; `false` once the window is closed.
    fn acquire(&self) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while state.0 == 0 && !state.1 {
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        if state.1 {
            return false;
        }
        state.0 -= 1;
        true
    }

    fn release(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).0 += 1;
        self.changed.notify_one();
    }

    fn close(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
        self.changed.notify_all();
    }
}

struct ClosesOnDrop<'a>(&'a Window);

impl Drop for ClosesOnDrop<'_> {
    fn drop(&mut self) {
        self.0.close();
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

    mod properties {
        use super::*;
        use proptest::prelude::*;

        const QUOTE: &str =
            "vendor: A\nreceived: 2026-05-01\noffers:\n  - {route: NB2, size: 2K, price: 0.1}\n";

        proptest! {
            /// No bytes make the loader panic: they load, or they are refused with a diagnostic.
            #[test]
            fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
                if let Ok(src) = source_from_bytes("fuzz.yaml", bytes) {
                    let _ = quote::parse(&src);
                }
            }

            /// Nor does a valid quote with any text spliced into it.
            #[test]
            fn mutated_quotes_never_panic(at in 0usize..90, insert in r#"[ -~\n\t{}\[\]:,&*!|>%@`"'#-]{0,40}"#) {
                let mut text = QUOTE.to_owned();
                let at = at.min(text.len());
                text.insert_str(at, &insert);
                let src = Source { name: "fuzz.yaml".into(), text };
                if let Ok(q) = quote::parse(&src) {
                    prop_assert!(!q.offers.is_empty());
                }
            }
        }
    }

    fn folder_of_quotes(n: usize) -> (tempfile::TempDir, Discovered) {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..n {
            std::fs::write(
                dir.path().join(format!("q{i:04}.yaml")),
                "vendor: A\nreceived: 2026-05-01\noffers:\n  - {route: NB2, size: 2K, price: 0.1}\n",
            )
            .unwrap();
        }
        let found = discover(&[dir.path().to_owned()]).unwrap();
        (dir, found)
    }

    #[test]
    fn read_each_hands_on_results_in_name_order_and_stops_at_an_error() {
        let (_dir, found) = folder_of_quotes(WINDOW + 40);
        let mut names = Vec::new();
        let stopped = read_each(
            found,
            &|name, quote| {
                assert!(quote.is_ok());
                name
            },
            &mut |name| {
                names.push(name);
                if names.len() == WINDOW + 10 {
                    return Err("enough");
                }
                Ok(())
            },
        );
        assert_eq!(stopped, Err("enough"));
        assert_eq!(names.len(), WINDOW + 10);
        assert!(names.is_sorted(), "{names:?}");
        assert!(names[0].ends_with("q0000.yaml"));
    }

    #[test]
    fn a_panic_while_reading_is_raised_not_waited_for() {
        let (_dir, found) = folder_of_quotes(WINDOW + 40);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            read_each(
                found,
                &|name, _| assert!(!name.ends_with("q0003.yaml"), "boom"),
                &mut |()| Ok::<(), ()>(()),
            )
        }));
        assert!(outcome.is_err());
    }

    #[test]
    fn a_panic_while_handing_on_is_raised_not_waited_for() {
        let (_dir, found) = folder_of_quotes(WINDOW + 40);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            read_each(found, &|name, _| name, &mut |name: String| {
                assert!(!name.ends_with("q0003.yaml"), "boom");
                Ok::<(), ()>(())
            })
        }));
        assert!(outcome.is_err());
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let src = source_from_bytes("q.yaml", b"\xEF\xBB\xBFvendor: A\n".to_vec()).unwrap();
        assert_eq!(src.text, "vendor: A\n");
    }
}
