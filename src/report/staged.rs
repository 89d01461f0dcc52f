//! Reports written all or nothing: each one a temporary file in the output folder, written in
//! pieces as a run goes, and renamed into place only when all of them are complete. A failed or
//! interrupted run leaves the previous reports, and no temporary file or new folder, behind.
//! What goes in the reports is the other report modules' business.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::diag::Error;
use crate::load::display_name;

/// Writes `files` (name, bytes) into `out`, all or nothing.
pub fn write_atomically(out: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Error> {
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
/// and renamed into place by [`Staged::commit`] only when all of them are complete. Dropped
/// without a commit, the temporary files are removed and the previous reports stay.
pub struct Staged {
    out: PathBuf,
    files: Vec<(BufWriter<NamedTempFile>, PathBuf)>,
    /// Bytes written to each file since it was last synced to disk.
    unsynced: Vec<usize>,
    /// Folders this run created for the reports, deepest first: removed again if the reports
    /// are abandoned, so a failed run leaves nothing behind.
    created: Vec<PathBuf>,
}

impl Staged {
    /// Opens a temporary file for each report name in `out` (created if missing).
    pub fn create(out: &Path, names: &[&str]) -> Result<Staged, Error> {
        if out.exists() && !out.is_dir() {
            return Err(Error::Usage(format!(
                "--out {} is a file, not a folder: name a folder for the reports",
                display_name(out)
            )));
        }
        let created: Vec<PathBuf> = out
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
            .map(Path::to_path_buf)
            .collect();
        std::fs::create_dir_all(out).map_err(|e| write_error(out, e))?;
        // Check every destination before the first rename, so a run cannot stop half-way with
        // some reports replaced and others not.
        for name in names {
            let dest = out.join(name);
            if dest.is_dir() {
                return Err(Error::Usage(format!(
                    "{} is a folder, so the report cannot be written there; move it away or choose another --out",
                    display_name(&dest)
                )));
            }
        }
        // Made before the first temporary file, so a failure from here on removes the
        // folders made above.
        let mut staged = Staged {
            out: out.to_owned(),
            files: Vec::new(),
            unsynced: vec![0; names.len()],
            created,
        };
        for name in names {
            let prefix = format!(".{name}.");
            let mut builder = tempfile::Builder::new();
            builder.prefix(&prefix);
            // Reports are ordinary files: readable as the umask allows, not private temp files.
            #[cfg(unix)]
            builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
            let tmp = builder.tempfile_in(out).map_err(|e| write_error(out, e))?;
            staged
                .files
                .push((BufWriter::with_capacity(1 << 16, tmp), out.join(name)));
        }
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

    /// Puts every report in place.
    pub fn commit(mut self) -> Result<(), Error> {
        let mut done = Vec::new();
        for (file, dest) in std::mem::take(&mut self.files) {
            let tmp = file
                .into_inner()
                .map_err(|e| write_error(&self.out, e.into_error()))?;
            tmp.as_file()
                .sync_all()
                .map_err(|e| write_error(tmp.path(), e))?;
            done.push((tmp, dest));
        }
        self.created.clear();
        for (tmp, dest) in done {
            tmp.persist(&dest)
                .map_err(|e| write_error(&dest, e.error))?;
        }
        Ok(())
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
    fn all_files_land_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        write_atomically(
            dir.path(),
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
