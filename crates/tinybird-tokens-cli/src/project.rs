//! A Tinybird project on disk, read once into the core's `Project`: every command that looks at
//! the datafiles (`ls`, `plan`, `lint`, `scopes NAME`, the checks of `create`) uses this one reading.
//!
//! Files are found recursively from a root, at most [`MAX_DEPTH`] levels down, skipping hidden directories (`.git`, `.tinyb`-style
//! state), `node_modules` and `target`, and read in path order so plans and findings are
//! deterministic. Each file's path is given to the core relative to the root, `/`-separated, so a
//! finding reads `endpoints/top_pages.pipe:12: …`. The core names each resource (its file stem) and
//! reads its TOKEN lines; the CLI parses nothing itself.

use std::path::{Path, PathBuf};

use tinybird_tokens::{plan_tokens, DatafileSource, Project, ProjectFile, TokenPlan};

use crate::context::shown_path;
use crate::error::{CliError, CliResult};

/// Directories never searched for datafiles.
const SKIPPED_DIRS: &[&str] = &["node_modules", "target"];

/// How many directory levels below the root are searched. Forward projects keep datafiles one or two
/// levels down (`endpoints/`, `datasources/`, …); the cap keeps `create jwt` run outside any project
/// (the project root is then the working directory, perhaps a home directory) from walking a whole
/// disk.
pub const MAX_DEPTH: usize = 4;

/// The datafiles under a root, and the core's reading of them.
pub struct ProjectDir {
    /// The directory read (absolute).
    pub root: PathBuf,
    /// Every `.datasource` and `.pipe` file, paths relative to the root (or under a label).
    pub files: Vec<ProjectFile>,
    /// The core's model: resources, TOKEN lines, template parameters, reading findings.
    pub project: Project,
}

impl ProjectDir {
    /// Whether there are no datafiles: no project to check against.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The resource-scoped tokens, by the core's `plan_tokens` over the resources the project read
    /// (names and kinds are the core's). Call it on a project without error findings: a misread
    /// project gives a misleading plan.
    pub fn plan(&self) -> CliResult<TokenPlan> {
        let sources: Vec<DatafileSource<'_>> = self
            .project
            .resources()
            .iter()
            .filter_map(|r| {
                let file = self
                    .files
                    .iter()
                    .find(|f| r.path.as_ref() == Some(&f.path))?;
                Some(DatafileSource {
                    kind: r.kind,
                    name: &r.name,
                    text: &file.text,
                })
            })
            .collect();
        Ok(plan_tokens(&sources)?)
    }
}

/// Reads the datafiles under `root`, paths relative to it.
pub fn read_project(root: &Path) -> CliResult<ProjectDir> {
    read_project_as(root, None)
}

/// Reads the datafiles under `root`, paths shown under `label` (`examples/project-next/…`) when
/// given: `token plan` reads two projects and its findings must say which.
pub fn read_project_as(root: &Path, label: Option<&str>) -> CliResult<ProjectDir> {
    let files = find_datafiles(root)?
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| CliError::io(format!("cannot read {}: {e}", shown_path(&path))))?;
            let relative = relative_path(root, &path);
            let shown = match label.map(|l| l.trim_end_matches('/')) {
                Some(l) if !l.is_empty() && l != "." => format!("{l}/{relative}"),
                _ => relative,
            };
            Ok(ProjectFile::new(shown, text))
        })
        .collect::<CliResult<Vec<_>>>()?;
    let project = Project::from_files(&files);
    Ok(ProjectDir {
        root: root.to_path_buf(),
        files,
        project,
    })
}

/// `path` relative to `root`, `/`-separated.
fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every datafile under `root`, sorted by path.
pub fn find_datafiles(root: &Path) -> CliResult<Vec<PathBuf>> {
    if !root.is_dir() {
        return Err(CliError::usage(format!(
            "{}: not a directory",
            shown_path(root)
        )));
    }
    let mut paths = Vec::new();
    walk(root, MAX_DEPTH, &mut paths)?;
    paths.sort();
    Ok(paths)
}

fn walk(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) -> CliResult<()> {
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
            if depth > 0 && !name.starts_with('.') && !SKIPPED_DIRS.contains(&name.as_str()) {
                walk(&path, depth - 1, found)?;
            }
            continue;
        }
        let datafile = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("datasource" | "pipe")
        );
        if datafile && path.is_file() {
            found.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_and_slash_separated() {
        let root = Path::new("/p");
        assert_eq!(
            relative_path(root, Path::new("/p/endpoints/top.pipe")),
            "endpoints/top.pipe"
        );
        assert_eq!(relative_path(root, Path::new("/p/a.pipe")), "a.pipe");
    }
}

#[cfg(test)]
mod depth_tests {
    use super::*;

    #[test]
    fn datafiles_deeper_than_the_cap_are_not_searched() {
        let root = std::env::temp_dir().join(format!("tbtoken-depth-{}", std::process::id()));
        let mut deep = root.clone();
        for level in 0..=MAX_DEPTH {
            deep.push(format!("d{level}"));
            std::fs::create_dir_all(&deep).unwrap();
            std::fs::write(deep.join(format!("p{level}.pipe")), "").unwrap();
        }
        let found = find_datafiles(&root).unwrap();
        std::fs::remove_dir_all(&root).unwrap();
        // d0 is one level below the root, d{MAX_DEPTH} is MAX_DEPTH + 1 levels down.
        let mut names: Vec<_> = found
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let want: Vec<_> = (0..MAX_DEPTH).map(|l| format!("p{l}.pipe")).collect();
        assert_eq!(names, want);
    }
}
