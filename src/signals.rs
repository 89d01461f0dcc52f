//! Stopping on request: the flag Ctrl-C and termination signals set, and the hidden points at
//! which the tests interrupt or kill a run. What a run does when it is stopped (keeping the
//! previous reports) is the caller's business.

use std::sync::atomic::{AtomicBool, Ordering};

/// A flag that Ctrl-C or a termination signal sets, so that the run stops at its next check
/// and the staged reports are removed instead of being left half-written in the output
/// folder. The flag is set in the signal handler itself: any check made after the signal
/// arrives sees it. Further signals only set it again: the run still cleans up after itself.
pub fn interruption() -> &'static AtomicBool {
    static INTERRUPTED: AtomicBool = AtomicBool::new(false);
    static HANDLED: std::sync::Once = std::sync::Once::new();
    HANDLED.call_once(|| {
        use signal_hook::consts::{SIGINT, SIGTERM};
        #[cfg(unix)]
        let signals = [SIGINT, SIGTERM, signal_hook::consts::SIGHUP];
        #[cfg(not(unix))]
        let signals = [SIGINT, SIGTERM];
        for signal in signals {
            // A signal that cannot be handled leaves the run uninterruptible, not broken.
            let _ = signal_hook::flag::register(signal, &INTERRUPTED);
        }
    });
    &INTERRUPTED
}

/// Whether a signal asked the run to stop.
pub fn interrupted() -> bool {
    interruption().load(Ordering::Relaxed)
}

/// For the tests of signals only: with `QUOTE_AUDIT_PAUSE` set to `point`, the run says so
/// on standard error and waits (up to 30 s) for a signal there, or for the file named by
/// `QUOTE_AUDIT_RESUME` to exist, so a test can interrupt it, or change its folder, at exactly
/// that step.
pub fn pause_for_tests(point: &str) {
    if std::env::var("QUOTE_AUDIT_PAUSE").is_ok_and(|p| p == point) {
        eprintln!("paused at {point}");
        let resume = std::env::var_os("QUOTE_AUDIT_RESUME").map(std::path::PathBuf::from);
        for _ in 0..3000 {
            if interrupted() || resume.as_ref().is_some_and(|r| r.exists()) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
}

/// For the tests of crashes only: with `QUOTE_AUDIT_KILL` set to `point`, the process kills
/// itself there as `kill -9` would, with no chance to clean up.
pub fn kill_for_tests(point: &str) {
    if std::env::var("QUOTE_AUDIT_KILL").is_ok_and(|p| p == point) {
        #[cfg(unix)]
        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGKILL);
        std::process::abort();
    }
}
