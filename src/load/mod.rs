//! Load: files and folders → typed values, every value with its line and column: vendor
//! quotes ([`quote`]), the official baseline ([`baseline`]), a policy ([`policy`]) and
//! exchange rates ([`fx`]), each read through the one YAML reader ([`yaml`]).
//!
//! Loading refuses what it cannot read exactly — oversized, non-UTF-8, malformed, mistyped,
//! misspelt, or impossible input — with a [`Diagnostic`] per problem. It does not judge what a
//! valid quote says; that is [`crate::normalize`] and [`crate::check`].

pub mod baseline;
pub mod files;
pub mod fx;
pub mod policy;
pub mod quote;
pub mod syntax;
pub mod yaml;

use std::path::PathBuf;

use rayon::ThreadPool;

use crate::diag::Diagnostic;
use crate::model::Quote;
pub use files::{Discovered, Source, discover, display_name, read_source, source_from_bytes};

/// Everything read from a set of inputs: the quotes that loaded, and a diagnostic list per
/// file that did not.
#[derive(Debug, Default)]
pub struct Loaded {
    pub quotes: Vec<Quote>,
    pub failed: Vec<(String, Vec<Diagnostic>)>,
}

impl Loaded {
    /// Every quote, or every problem of every file that did not load.
    pub fn all(self) -> Result<Vec<Quote>, Vec<Diagnostic>> {
        if self.failed.is_empty() {
            Ok(self.quotes)
        } else {
            Err(self.failed.into_iter().flat_map(|(_, d)| d).collect())
        }
    }
}

/// Discovers and loads every quote file, on `pool`'s threads. Every file is read and
/// validated, so one run lists every problem in every file.
pub fn load_quotes(pool: &ThreadPool, inputs: &[PathBuf]) -> Result<Loaded, Vec<Diagnostic>> {
    let found = discover(inputs)?;
    let mut loaded = Loaded::default();
    read_each(pool, found, &|name, result| (name, result), &mut |(
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
/// cannot be read, including the entries discovery could not read) through `work`, on
/// `pool`'s threads (`--jobs`), while the calling thread hands the results to `each` one at a
/// time, in name order. At most `WINDOW` results are held at once. Stops at the first error
/// `each` returns. The calling thread waits on `pool`'s threads, so it must not be one of them.
pub fn read_each<T: Send, E>(
    pool: &ThreadPool,
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
    let threads = pool.current_num_threads().clamp(1, entries.len().max(1));
    let window = Window::new(WINDOW);
    let next = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::channel::<(usize, T)>();
    // The workers run on the thread pool; this thread, outside it, hands results on as they
    // come.
    pool.in_place_scope(|s| {
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
                        Ok(path) => read_source(path, files::QUOTE)
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

    fn pool() -> ThreadPool {
        rayon::ThreadPoolBuilder::new().build().unwrap()
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
            &pool(),
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
                &pool(),
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
            read_each(&pool(), found, &|name, _| name, &mut |name: String| {
                assert!(!name.ends_with("q0003.yaml"), "boom");
                Ok::<(), ()>(())
            })
        }));
        assert!(outcome.is_err());
    }
}
