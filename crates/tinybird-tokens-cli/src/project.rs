//! A Tinybird project on disk: its `.datasource` and `.pipe` files, read into the core's token plan.
//!
//! Files are found recursively from a root, skipping hidden directories (`.git`, `.tinyb`-style
//! state), `node_modules` and `target`, and read in path order so plans are deterministic. A
//! resource's name is its file name without the extension, as in Tinybird.

use std::path::{Path, PathBuf};

use tinybird_tokens::{plan_tokens, DatafileSource, ResourceKind, TokenPlan};

use crate::context::shown_path;
use crate::error::{CliError, CliResult};

/// Directories never searched for datafiles.
const SKIPPED_DIRS: &[&str] = &["node_modules", "target"];

/// One datafile.
pub struct Datafile {
    /// Its path, for messages.
    pub path: PathBuf,
    /// `.datasource` or `.pipe`.
    pub kind: ResourceKind,
    /// The resource name.
    pub name: String,
    /// Its text.
    pub text: String,
}

impl Datafile {
    fn source(&self) -> DatafileSource<'_> {
        DatafileSource {
            kind: self.kind,
            name: &self.name,
            text: &self.text,
        }
    }
}

/// Every datafile under `root`, sorted by path.
pub fn find_datafiles(root: &Path) -> CliResult<Vec<Datafile>> {
    if !root.is_dir() {
        return Err(CliError::usage(format!(
            "{}: not a directory",
            shown_path(root)
        )));
    }
    let mut paths = Vec::new();
    walk(root, &mut paths)?;
    paths.sort_by(|a, b| a.0.cmp(&b.0));
    paths
        .into_iter()
        .map(|(path, kind)| {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| CliError::io(format!("cannot read {}: {e}", shown_path(&path))))?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(Datafile {
                path,
                kind,
                name,
                text,
            })
        })
        .collect()
}

fn walk(dir: &Path, found: &mut Vec<(PathBuf, ResourceKind)>) -> CliResult<()> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| CliError::io(format!("cannot list {}: {e}", shown_path(dir))))?;
    for entry in entries {
        let entry =
            entry.map_err(|e| CliError::io(format!("cannot list {}: {e}", shown_path(dir))))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        // Symlinks are followed for files only, so a link cycle can never make the walk endless.
        let file_type = entry
            .file_type()
            .map_err(|e| CliError::io(format!("cannot read {}: {e}", shown_path(&path))))?;
        if file_type.is_dir() {
            if !name.starts_with('.') && !SKIPPED_DIRS.contains(&name.as_str()) {
                walk(&path, found)?;
            }
            continue;
        }
        let kind = match path.extension().and_then(|e| e.to_str()) {
            Some("datasource") => ResourceKind::Datasource,
            Some("pipe") => ResourceKind::Pipe,
            _ => continue,
        };
        if path.is_file() {
            found.push((path, kind));
        }
    }
    Ok(())
}

/// The token plan of the datafiles under `root`. Each file is checked on its own first, so an error
/// names the file (and the core adds the line).
pub fn plan_dir(root: &Path) -> CliResult<(TokenPlan, usize)> {
    let files = find_datafiles(root)?;
    for file in &files {
        plan_tokens(&[file.source()])
            .map_err(|e| CliError::from(e).context(shown_path(&file.path)))?;
    }
    let sources: Vec<DatafileSource<'_>> = files.iter().map(Datafile::source).collect();
    Ok((plan_tokens(&sources)?, files.len()))
}
