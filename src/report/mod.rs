//! Report: audit results → files in the output folder and a short table on the terminal.
//!
//! Reports are written atomically: every file is staged as a temporary file in the output
//! folder and renamed into place only when all of them are complete, so a failed run leaves
//! the previous reports as they were. File names are fixed here; no input text ever becomes
//! part of a path.

pub mod csv;
pub mod json;
pub mod sarif;
pub mod table;

use std::io::Write;
use std::path::Path;

use crate::diag::Error;

/// Writes `files` (name, bytes) into `out`, all or nothing.
pub fn write_atomically(out: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Error> {
    let err = |path: &Path, source: std::io::Error| Error::Write {
        path: crate::load::display_name(path),
        source,
    };
    if out.exists() && !out.is_dir() {
        return Err(Error::Usage(format!(
            "--out {} is a file, not a folder: name a folder for the reports",
            crate::load::display_name(out)
        )));
    }
    std::fs::create_dir_all(out).map_err(|e| err(out, e))?;
    // Check every destination before the first rename, so a run cannot stop half-way with
    // some reports replaced and others not.
    for (name, _) in files {
        let dest = out.join(name);
        if dest.is_dir() {
            return Err(Error::Usage(format!(
                "{} is a folder, so the report cannot be written there; move it away or choose another --out",
                crate::load::display_name(&dest)
            )));
        }
    }
    let mut staged = Vec::new();
    for (name, bytes) in files {
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix);
        // Reports are ordinary files: readable as the umask allows, not private temp files.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let mut tmp = builder.tempfile_in(out).map_err(|e| err(out, e))?;
        tmp.write_all(bytes)
            .and_then(|()| tmp.as_file().sync_all())
            .map_err(|e| err(tmp.path(), e))?;
        staged.push((tmp, out.join(name)));
    }
    for (tmp, dest) in staged {
        tmp.persist(&dest).map_err(|e| err(&dest, e.error))?;
    }
    Ok(())
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
