//! Reports written as one set, all or nothing, whenever the process stops.
//!
//! Each report is a temporary file in the output folder, written in pieces as a run goes and
//! synced to disk. The commit then writes a commit record naming every temporary file and its
//! report, renames the files into place and removes the record. A run killed at any instant
//! leaves either the previous set (no record yet) or a record, which the next run on that
//! folder completes before doing anything else ([`OutDir::claim`]); that run also removes any
//! temporary file a killed run left. One run at a time holds the folder: the others wait for
//! its lock. What goes in the reports is the other report modules' business.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::diag::Error;
use crate::load::display_name;
use crate::signals::{interrupted, kill_for_tests, pause_for_tests};

/// How every temporary file a run writes in the output folder starts.
const TEMP_PREFIX: &str = ".quote-audit-tmp.";
/// The commit record: while it is there, the reports it lists are being put in place.
const RECORD: &str = ".quote-audit-commit";
/// The output folder, held by this run: while it is held no other run writes there, and what
/// a killed run left there has been put right.
pub struct OutDir {
    path: PathBuf,
    /// The lock, once the folder exists (it is made only when the reports are staged).
    lock: Option<File>,
}

impl OutDir {
    /// Claims `path` for this run: waits for another run writing there to finish, completes
    /// the commit of a run killed while putting its reports in place, and removes the
    /// temporary files of one killed earlier. A folder that does not exist yet is claimed
    /// when the reports are staged.
    pub fn claim(path: &Path) -> Result<OutDir, Error> {
        let mut dir = OutDir {
            path: path.to_owned(),
            lock: None,
        };
        if path.is_dir() {
            dir.lock = lock(path)?;
        }
        Ok(dir)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Locks the folder `path` if it is (still) there, and puts right what a killed run left.
fn lock(path: &Path) -> Result<Option<File>, Error> {
    let mut said = false;
    loop {
        let file = match open_lock(path) {
            Ok(file) => file,
            // Gone, or not a folder: the caller makes it, or says what is wrong.
            Err(e) if !path.is_dir() || e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(None);
            }
            Err(e) => {
                return Err(Error::Usage(format!(
                    "cannot open {} to lock it against other runs ({e}); give the folder read permission or choose another --out",
                    display_name(path)
                )));
            }
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                if !said {
                    eprintln!(
                        "waiting for another quote-audit run that is writing to {}",
                        display_name(path)
                    );
                    said = true;
                }
                if interrupted() {
                    return Err(Error::Interrupted);
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
                continue;
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(Error::Usage(format!(
                    "cannot lock {} against other runs ({e}); choose an --out on a file system that allows locks",
                    display_name(path)
                )));
            }
        }
        // A run that made the folder and failed removes it again: the lock taken is then on
        // a folder that is no longer at `path`.
        if still_at(&file, path) {
            recover(path, &file)?;
            return Ok(Some(file));
        }
    }
}

/// What the lock is taken on: the folder itself where a folder can be opened as a file.
#[cfg(unix)]
fn open_lock(path: &Path) -> std::io::Result<File> {
    let file = File::open(path)?;
    match file.metadata()?.is_dir() {
        true => Ok(file),
        false => Err(std::io::ErrorKind::NotADirectory.into()),
    }
}

/// What the lock is taken on: a file in the folder where a folder cannot be opened as one.
#[cfg(not(unix))]
fn open_lock(path: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path.join(".quote-audit-lock"))
}

#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_: &File, path: &Path) -> bool {
    path.is_dir()
}

/// Completes a commit that a killed run left half-done, then removes every temporary file
/// a killed run left. Called with the folder locked, so no live run's files are touched.
fn recover(dir: &Path, lock: &File) -> Result<(), Error> {
    let record = dir.join(RECORD);
    match std::fs::read_to_string(&record) {
        Ok(text) => {
            let Some(moves) = parse_record(&text) else {
                return Err(Error::Usage(format!(
                    "{} is not a commit record quote-audit wrote, so the reports beside it cannot be trusted; remove it and run the command again",
                    display_name(&record)
                )));
            };
            for (tmp, report) in moves {
                if tmp.is_empty() {
                    retire(&dir.join(report))?;
                    continue;
                }
                let from = dir.join(tmp);
                if from.exists() {
                    std::fs::rename(&from, dir.join(report))
                        .map_err(|e| write_error(&dir.join(report), e))?;
                }
            }
            sync_folder(lock, dir)?;
            std::fs::remove_file(&record).map_err(|e| write_error(&record, e))?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(write_error(&record, e)),
    }
    let entries = std::fs::read_dir(dir).map_err(|e| write_error(dir, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && name.to_str().is_some_and(is_leftover) {
            std::fs::remove_file(entry.path()).map_err(|e| write_error(&entry.path(), e))?;
        }
    }
    Ok(())
}

/// Removes the report `path` an earlier run left, if it is there (and a file).
fn retire(path: &Path) -> Result<(), Error> {
    match std::fs::remove_file(path) {
        Err(e) if path.is_file() => Err(write_error(path, e)),
        _ => Ok(()),
    }
}

/// The record's lines, `<temporary file>\t<report>`, or `\t<report>` for a report to remove;
/// `None` unless every line names its temporary file (if any) and its report plainly, in this
/// folder.
fn parse_record(text: &str) -> Option<Vec<(&str, &str)>> {
    // One ordinary name: no separator, no drive (`C:x`), not `.` or `..`.
    let plain = |name: &str| {
        let mut parts = Path::new(name).components();
        matches!(parts.next(), Some(std::path::Component::Normal(_)))
            && parts.next().is_none()
            && !name.contains(['/', '\\', ':', '\0'])
    };
    text.lines()
        .map(|line| {
            let (tmp, report) = line.split_once('\t')?;
            let removal = tmp.is_empty();
            let ok = (removal || tmp.starts_with(TEMP_PREFIX) && plain(tmp)) && plain(report);
            ok.then_some((tmp, report))
        })
        .collect()
}

/// Whether `name` is a temporary file a run left behind. (Earlier versions named theirs
/// `.<report>.XXXXXX`, which cannot be told from a user's `.summary.csv.backup`: they are
/// left alone.)
fn is_leftover(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX)
}

/// Makes the renames and removals in `dir` durable.
fn sync_folder(lock: &File, dir: &Path) -> Result<(), Error> {
    #[cfg(unix)]
    lock.sync_all().map_err(|e| write_error(dir, e))?;
    #[cfg(not(unix))]
    let _ = (lock, dir);
    Ok(())
}

/// Writes `files` (name, bytes) into `out`, all or nothing.
pub fn write_atomically(out: OutDir, files: &[(String, Vec<u8>)]) -> Result<(), Error> {
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    let mut staged = Staged::create(out, &names)?;
    for (i, (_, bytes)) in files.iter().enumerate() {
        staged.write(i, bytes)?;
    }
    staged.commit()
}

/// Bytes a report grows by between syncs to disk.
const SYNC_EVERY: usize = 8 << 20;

/// Reports being written: each one a temporary file in the output folder, written in pieces,
/// and put in place as a set by [`Staged::commit`] only when all of them are complete. Dropped
/// without a commit, the temporary files are removed and the previous reports stay.
pub struct Staged {
    files: Vec<(BufWriter<NamedTempFile>, String)>,
    /// Bytes written to each file since it was last synced to disk.
    unsynced: Vec<usize>,
    /// Folders this run created for the reports, deepest first: removed again if the reports
    /// are abandoned, so a failed run leaves nothing behind.
    created: Vec<PathBuf>,
    /// Reports of an earlier run that this set does not include, removed as part of it.
    retired: Vec<String>,
    /// Dropped last: the lock is held until the temporary files are gone.
    out: OutDir,
}

impl Staged {
    /// Opens a temporary file for each report name in `out` (created and locked if missing).
    pub fn create(mut out: OutDir, names: &[&str]) -> Result<Staged, Error> {
        let path = out.path.clone();
        if path.exists() && !path.is_dir() {
            return Err(Error::Usage(format!(
                "--out {} is a file, not a folder: name a folder for the reports",
                display_name(&path)
            )));
        }
        let mut created = Vec::new();
        while out.lock.is_none() {
            created = path
                .ancestors()
                .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
                .map(Path::to_path_buf)
                .collect();
            std::fs::create_dir_all(&path).map_err(|e| write_error(&path, e))?;
            // Made and locked, or made and removed again by a run that failed: then made again.
            match lock(&path) {
                Ok(lock) => out.lock = lock,
                Err(e) => {
                    for dir in &created {
                        let _ = std::fs::remove_dir(dir);
                    }
                    return Err(e);
                }
            }
            if out.lock.is_none() && interrupted() {
                return Err(Error::Interrupted);
            }
        }
        // Made before the first temporary file, so a failure from here on removes the
        // folders made above.
        let mut staged = Staged {
            files: Vec::new(),
            unsynced: vec![0; names.len()],
            created,
            retired: Vec::new(),
            out,
        };
        // Check every destination before the first rename, so a run cannot stop half-way with
        // some reports replaced and others not.
        for name in names {
            let dest = path.join(name);
            if dest.is_dir() {
                return Err(Error::Usage(format!(
                    "{} is a folder, so the report cannot be written there; move it away or choose another --out",
                    display_name(&dest)
                )));
            }
        }
        for name in names {
            let tmp = temporary(&path, name)?;
            staged
                .files
                .push((BufWriter::with_capacity(1 << 16, tmp), (*name).to_owned()));
        }
        pause_for_tests("staged");
        Ok(staged)
    }

    /// Appends `bytes` to the `i`th report.
    pub fn write(&mut self, i: usize, bytes: &[u8]) -> Result<(), Error> {
        let (file, _) = &mut self.files[i];
        file.write_all(bytes)
            .map_err(|e| write_error(file.get_ref().path(), e))?;
        // Syncing as the report grows, while other threads are still auditing, leaves little
        // for the sync at the commit, which nothing else overlaps.
        self.unsynced[i] += bytes.len();
        if self.unsynced[i] >= SYNC_EVERY {
            self.unsynced[i] = 0;
            file.flush()
                .and_then(|()| file.get_ref().as_file().sync_data())
                .map_err(|e| write_error(file.get_ref().path(), e))?;
        }
        Ok(())
    }

    /// Removes the reports `names`, if an earlier run left them, when this set is put in place:
    /// the folder then never holds a report of another run beside this one's.
    pub fn retire(&mut self, names: &[&str]) {
        self.retired.extend(names.iter().map(|n| (*n).to_owned()));
    }

    /// The output folder.
    pub fn dir(&self) -> &Path {
        &self.out.path
    }

    /// A new [`Spill`] in the output folder.
    pub fn spill(&self) -> Result<Spill, Error> {
        let file =
            tempfile::tempfile_in(&self.out.path).map_err(|e| write_error(&self.out.path, e))?;
        Ok(Spill {
            file: BufWriter::with_capacity(1 << 16, file),
            dir: self.out.path.clone(),
        })
    }

    /// Appends what `spill` holds to the `i`th report.
    pub fn append(&mut self, i: usize, spill: Spill) -> Result<(), Error> {
        let dir = spill.dir;
        let fail = |e| write_error(&dir, e);
        let mut file = spill.file.into_inner().map_err(|e| fail(e.into_error()))?;
        file.seek(SeekFrom::Start(0)).map_err(fail)?;
        let mut buf = vec![0; 1 << 16];
        loop {
            match file.read(&mut buf).map_err(fail)? {
                0 => return Ok(()),
                n => self.write(i, &buf[..n])?,
            }
        }
    }

    /// The `i`th report as written so far, to read from its start.
    pub fn reader(&mut self, i: usize) -> Result<File, Error> {
        let (file, _) = &mut self.files[i];
        let path = file.get_ref().path().to_owned();
        file.flush()
            .and_then(|()| file.get_ref().reopen())
            .map_err(|e| write_error(&path, e))
    }

    /// Puts every report in place while `meanwhile` runs on another thread (or after, when no
    /// thread can be had), and returns what it made: the reports are made durable while, say,
    /// the terminal text is laid out.
    pub fn commit_while<T: Send>(
        self,
        meanwhile: &(dyn Fn() -> T + Sync),
    ) -> (Result<(), Error>, T) {
        std::thread::scope(|scope| {
            let other = std::thread::Builder::new().spawn_scoped(scope, meanwhile);
            let committed = self.commit();
            let made = match other {
                Ok(other) => other
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
                Err(_) => meanwhile(),
            };
            (committed, made)
        })
    }

    /// Puts every report in place, as a set. Until the commit record is written, a signal or
    /// an error leaves the previous reports; once it is written, the new set is in place or
    /// is put in place by the next run, even if this one is killed.
    pub fn commit(mut self) -> Result<(), Error> {
        let dir = self.out.path.clone();
        let mut done = Vec::new();
        for (file, report) in std::mem::take(&mut self.files) {
            let tmp = file
                .into_inner()
                .map_err(|e| write_error(&dir, e.into_error()))?;
            tmp.as_file()
                .sync_all()
                .map_err(|e| write_error(tmp.path(), e))?;
            done.push((tmp, report));
        }
        kill_for_tests("commit-0");
        if interrupted() {
            return Err(Error::Interrupted);
        }
        let mut record = String::new();
        for (tmp, report) in &done {
            let name = tmp.path().file_name().and_then(|n| n.to_str());
            record.push_str(&format!("{}\t{report}\n", name.unwrap_or_default()));
        }
        // A report to remove is a line with no temporary file.
        for report in &self.retired {
            record.push_str(&format!("\t{report}\n"));
        }
        let mut journal = temporary(&dir, "commit")?;
        journal
            .write_all(record.as_bytes())
            .and_then(|()| journal.as_file().sync_all())
            .map_err(|e| write_error(&dir.join(RECORD), e))?;
        journal
            .persist(dir.join(RECORD))
            .map_err(|e| write_error(&dir.join(RECORD), e.error))?;
        let lock = self.out.lock.as_ref().expect("a staged folder is locked");
        sync_folder(lock, &dir)?;
        // The point of no return: from here the new set is what the folder will hold.
        self.created.clear();
        kill_for_tests("commit-1");
        // Past the record every temporary file is kept, whatever happens: a rename that fails
        // leaves the rest for the next run to put in place, never a set half old, half new.
        let kept: Vec<(PathBuf, String)> = done
            .into_iter()
            .map(|(tmp, report)| Ok((tmp.into_temp_path().keep()?, report)))
            .collect::<Result<_, tempfile::PathPersistError>>()
            .map_err(|e| write_error(&dir, e.error))?;
        for (step, (tmp, report)) in kept.into_iter().enumerate() {
            let dest = dir.join(&report);
            std::fs::rename(&tmp, &dest).map_err(|e| write_error(&dest, e))?;
            kill_for_tests(&format!("commit-{}", step + 2));
        }
        for report in &self.retired {
            retire(&dir.join(report))?;
        }
        sync_folder(lock, &dir)?;
        std::fs::remove_file(dir.join(RECORD)).map_err(|e| write_error(&dir.join(RECORD), e))?;
        Ok(())
    }
}

/// Part of a report made in pieces but placed after text known only at the end: kept in an
/// unnamed temporary file in the output folder (gone when dropped, or with the process) and
/// then copied into its report with [`Staged::append`].
pub struct Spill {
    file: BufWriter<File>,
    dir: PathBuf,
}

impl Spill {
    /// The temporary file, to write into.
    pub fn writer(&mut self) -> &mut BufWriter<File> {
        &mut self.file
    }

    pub fn write(&mut self, text: &str) -> Result<(), Error> {
        self.file
            .write_all(text.as_bytes())
            .map_err(|e| write_error(&self.dir, e))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        // Removes the temporary files first, then the folders made for them (only if empty).
        self.files.clear();
        for dir in &self.created {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// A new temporary file for `name` in `dir`.
fn temporary(dir: &Path, name: &str) -> Result<NamedTempFile, Error> {
    let prefix = format!("{TEMP_PREFIX}{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    // Reports are ordinary files: readable as the umask allows, not private temp files.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder.tempfile_in(dir).map_err(|e| write_error(dir, e))
}

fn write_error(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        path: display_name(path),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_retired_report_goes_with_the_commit_or_with_the_recovery_of_a_killed_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("old.html"), "an earlier run's").unwrap();
        let mut staged = Staged::create(OutDir::claim(dir.path()).unwrap(), &["a.csv"]).unwrap();
        staged.write(0, b"a\n").unwrap();
        staged.retire(&["old.html", "never-written.xlsx"]);
        staged.commit().unwrap();
        assert!(!dir.path().join("old.html").exists());
        assert!(dir.path().join("a.csv").exists());
        // A run killed after its record: the next one completes the removal.
        std::fs::write(dir.path().join("old.html"), "an earlier run's").unwrap();
        std::fs::write(dir.path().join(RECORD), "\told.html\n").unwrap();
        OutDir::claim(dir.path()).unwrap();
        assert!(!dir.path().join("old.html").exists());
        assert!(!dir.path().join(RECORD).exists());
        // Only plain names in this folder.
        assert!(parse_record("\t../x\n").is_none());
    }

    #[test]
    fn all_files_land_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        write_atomically(
            OutDir::claim(dir.path()).unwrap(),
            &[
                ("a.csv".to_owned(), b"a\n".to_vec()),
                ("b.csv".to_owned(), b"b\n".to_vec()),
            ],
        )
        .unwrap();
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["a.csv", "b.csv"]);
        assert_eq!(std::fs::read(dir.path().join("b.csv")).unwrap(), b"b\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("a.csv"))
                .unwrap()
                .permissions()
                .mode();
            assert_ne!(mode & 0o044, 0, "reports must not be private: {mode:o}");
        }
    }
}
