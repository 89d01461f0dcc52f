//! Report sets under attack: a run killed at each step of its commit, runs racing for one
//! `--out`, a run waiting for another, leftovers of killed runs, and a second signal. After
//! each, `--out` holds one run's complete set, or the next run of any command restores one
//! before doing anything else.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Stdio};

use crate::support::*;

fn names(set: &BTreeMap<String, Vec<u8>>) -> Vec<&str> {
    set.keys().map(String::as_str).collect()
}

/// A sandbox with two versions of a quote and the report set `audit` writes for each:
/// `old` (in `reports/`, where the tests run) and `new` (in `new-reports/`, for comparison).
struct Two {
    s: Sandbox,
    old: BTreeMap<String, Vec<u8>>,
    new: BTreeMap<String, Vec<u8>>,
}

const OLD: &str = "  - {route: NB2, size: 2K, price: 0.1}\n";
const NEW: &str =
    "  - {route: NB2, size: 2K, price: 0.2}\n  - {route: NB2, size: 4K, price: 0.3}\n";

impl Two {
    fn new() -> Two {
        let s = Sandbox::new();
        s.write("old/q.yaml", quote(OLD));
        s.write("new/q.yaml", quote(NEW));
        s.write("bad.yaml", "vendor: [\n");
        assert!(s.audit(&["old", "--out", "reports"]).status.success());
        assert!(s.audit(&["new", "--out", "new-reports"]).status.success());
        let (old, new) = (
            files_in(&s.path("reports")),
            files_in(&s.path("new-reports")),
        );
        assert_ne!(old, new);
        assert_eq!(
            names(&old),
            [
                "comparison.csv",
                "findings.csv",
                "report.html",
                "report.xlsx",
                "summary.csv"
            ]
        );
        Two { s, old, new }
    }

    fn reports(&self) -> BTreeMap<String, Vec<u8>> {
        files_in(&self.s.path("reports"))
    }

    /// Puts the old set back in `reports/`, and nothing else.
    fn reset(&self) {
        let dir = self.s.path("reports");
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::create_dir(&dir).unwrap();
        for (name, bytes) in &self.old {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
    }

    /// `audit new --out reports`, with `env` set, started in the background.
    fn spawn_new(&self, env: (&str, &str)) -> Child {
        bin()
            .current_dir(self.s.path(""))
            .args(["audit", "new", "--as-of", AS_OF, "--out", "reports"])
            .env(env.0, env.1)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// `audit new --out OUT` started and paused once its reports are staged, until a signal
    /// or until `resume` exists.
    fn paused_at_staged(&self, out: &str, resume: &std::path::Path) -> Child {
        let mut child = bin()
            .current_dir(self.s.path(""))
            .args(["audit", "new", "--as-of", AS_OF, "--out", out])
            .env("QUOTE_AUDIT_PAUSE", "staged")
            .env("QUOTE_AUDIT_RESUME", resume)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        err.read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "paused at staged");
        child
    }

    /// A run that fails on its input: it still puts the folder right before anything else.
    fn next_run_fails_on_input(&self) {
        let o = self.s.audit(&["bad.yaml", "--out", "reports"]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    }
}

#[test]
fn a_run_killed_at_each_step_of_its_commit_leaves_one_complete_set() {
    let t = Two::new();
    // Step 0: every report synced, no commit record yet; 1: the record written; 2, 3, 4:
    // after each rename.
    for step in 0..=4 {
        t.reset();
        let child = t.spawn_new(("QUOTE_AUDIT_KILL", &format!("commit-{step}")));
        let status = child.wait_with_output().unwrap().status;
        assert_eq!(status.signal(), Some(9), "step {step}: {status:?}");
        let left = t.reports();
        assert!(
            left.len() > 3,
            "step {step}: a killed run leaves its temporary files: {:?}",
            names(&left)
        );
        t.next_run_fails_on_input();
        let restored = t.reports();
        let expected = if step == 0 { &t.old } else { &t.new };
        assert!(
            &restored == expected,
            "step {step}: {:?} is not the {} set",
            names(&restored),
            if step == 0 { "old" } else { "new" }
        );
    }
}

/// Any command with `--out` restores the folder: here `budget`, after `audit` was killed
/// mid-commit, and it adds its own report to the restored set.
#[test]
fn every_command_restores_the_folder_before_anything_else() {
    let t = Two::new();
    let child = t.spawn_new(("QUOTE_AUDIT_KILL", "commit-2"));
    assert_eq!(child.wait_with_output().unwrap().status.signal(), Some(9));
    let o = t.s.run(&[
        "budget", "--count", "5", "--model", "NB2", "--size", "2K", "--out", "reports",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut after = t.reports();
    assert!(after.remove("budget.csv").is_some());
    assert!(after == t.new, "{:?}", names(&after));
}

#[test]
fn runs_racing_for_one_folder_leave_one_run_s_set() {
    let t = Two::new();
    let s = &t.s;
    s.write("other/q.yaml", quote(NEW).replace("0.3", "0.4"));
    assert!(
        s.audit(&["other", "--out", "other-reports"])
            .status
            .success()
    );
    let other = files_in(&s.path("other-reports"));
    for pair in 0..12 {
        let run = |input: &str| {
            bin()
                .current_dir(s.path(""))
                .args(["audit", input, "--as-of", AS_OF, "--out", "reports"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        };
        let (a, b) = (run("new"), run("other"));
        for mut child in [a, b] {
            assert!(child.wait().unwrap().success(), "pair {pair}");
        }
        let set = t.reports();
        assert!(
            set == t.new || set == other,
            "pair {pair}: the folder mixes two runs' reports"
        );
    }
}

/// A second run on a folder another run holds waits, says so, and leaves the folder alone
/// until the first is done; interrupted while it waits, it ends with 130 and changes nothing.
#[test]
fn a_run_waits_for_the_one_holding_the_folder() {
    let t = Two::new();
    let dir = std::fs::File::open(t.s.path("reports")).unwrap();
    dir.lock().unwrap();
    for interrupt in [true, false] {
        let mut child = t.spawn_new(("QUOTE_AUDIT_KILL", "none"));
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        err.read_line(&mut line).unwrap();
        assert_eq!(
            line.trim(),
            "waiting for another quote-audit run that is writing to reports"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(t.reports() == t.old, "the waiting run wrote");
        if interrupt {
            let _ = std::process::Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status();
            assert_eq!(child.wait().unwrap().code(), Some(130));
            assert!(t.reports() == t.old);
        } else {
            dir.unlock().unwrap();
            assert!(child.wait().unwrap().success());
            assert!(t.reports() == t.new);
        }
    }
}

/// Temporary files a killed run left are removed by the next run; other files, those that
/// look like an earlier version's temporary files included, are not touched.
#[test]
fn leftovers_of_killed_runs_are_removed_by_the_next_run() {
    let t = Two::new();
    let s = &t.s;
    for leftover in [
        "reports/.quote-audit-tmp.findings.csv.Xa81bQ",
        "reports/.quote-audit-tmp.commit.z0PqA1",
    ] {
        s.write(leftover, "x".repeat(4096));
    }
    let kept = [
        "reports/.keep",
        "reports/.comparison.csv.aB3dE9",
        "reports/.summary.csv.backup",
        "reports/notes.txt",
    ];
    for file in kept {
        s.write(file, "mine");
    }
    t.next_run_fails_on_input();
    let mut expected = names(&t.old);
    expected.extend(kept.map(|k| k.trim_start_matches("reports/")));
    expected.sort();
    assert_eq!(names(&t.reports()), expected);
}

/// A commit record that is not the tool's is refused, not followed: a file outside the
/// folder, or a report named with a path.
#[test]
fn a_forged_commit_record_is_refused() {
    let t = Two::new();
    for forged in [
        "../../etc/passwd\tfindings.csv\n",
        ".quote-audit-tmp.x\t../outside.csv\n",
        ".quote-audit-tmp.x\tsub/findings.csv\n",
        ".quote-audit-tmp.x\tC:findings.csv\n",
        ".quote-audit-tmp.x\t..\n",
    ] {
        t.s.write("reports/.quote-audit-tmp.x", "forged");
        t.s.write("reports/.quote-audit-commit", forged);
        let o = t.s.audit(&["new", "--out", "reports"]);
        assert_eq!(o.status.code(), Some(2), "{forged:?}");
        assert!(
            stderr(&o)
                .contains("reports/.quote-audit-commit is not a commit record quote-audit wrote"),
            "{}",
            stderr(&o)
        );
        assert!(!t.s.path("outside.csv").exists());
        let mut left = t.reports();
        assert!(left.remove(".quote-audit-commit").is_some());
        assert!(left.remove(".quote-audit-tmp.x").is_some());
        assert!(left == t.old, "{forged:?}");
    }
}

/// A rename that fails after the commit record (here a report's place taken by a folder
/// while the run was staging) leaves the record and the staged files: once the way is clear,
/// the next run completes the new set, never a set half old, half new.
#[test]
fn a_rename_that_fails_mid_commit_is_completed_by_the_next_run() {
    let t = Two::new();
    let resume = t.s.path("resume");
    let mut child = t.paused_at_staged("reports", &resume);
    let summary = t.s.path("reports/summary.csv");
    std::fs::remove_file(&summary).unwrap();
    std::fs::create_dir(&summary).unwrap();
    std::fs::write(summary.join("blocker"), "x").unwrap();
    std::fs::write(&resume, "").unwrap();
    assert_eq!(
        child.wait().unwrap().code(),
        Some(2),
        "the rename onto a folder fails"
    );
    assert!(t.s.path("reports/.quote-audit-commit").exists());
    std::fs::remove_dir_all(&summary).unwrap();
    t.next_run_fails_on_input();
    assert!(t.reports() == t.new, "{:?}", names(&t.reports()));
}

/// Two signals in quick succession (a double Ctrl-C) while the reports are staged in a new
/// folder: status 130, and neither temporary files nor the folder are left.
#[test]
fn a_second_signal_still_leaves_nothing_behind() {
    let t = Two::new();
    let mut child = t.paused_at_staged("fresh/reports", &t.s.path("never"));
    for _ in 0..2 {
        let _ = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
    }
    assert_eq!(child.wait().unwrap().code(), Some(130));
    assert!(
        !t.s.path("fresh").exists(),
        "the new folder was left behind"
    );
}
