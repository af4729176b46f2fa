//! Reading one datafile or one SDK resource spec into a [`Resource`] and its findings (the rules are
//! in the `project` module docs, "Reading datafiles").

use crate::datafile::{parse_datafile_tokens, pipe_permission_error, Permission, ResourceKind};
use crate::error::shown;
use crate::names::is_identifier;
use crate::suggest::distance;

use super::finding::{Finding, FindingCode};
use super::template;
use super::{PipeType, Resource, ResourceSpec, ResourceToken, TemplateParam};

const BOM: char = '\u{feff}';

/// Reads a `.datasource` or `.pipe` file; `None` for any other extension.
pub(crate) fn read_file(path: &str, text: &str) -> Option<(Resource, Vec<Finding>)> {
    let file_name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let (stem, ext) = file_name.rsplit_once('.')?;
    let kind = match ext {
        "datasource" => ResourceKind::Datasource,
        "pipe" => ResourceKind::Pipe,
        _ => return None,
    };
    let at = |line: Option<usize>, f: Finding| f.at(Some(path), line);
    let mut findings = Vec::new();
    if !is_identifier(stem) {
        findings.push(at(
            None,
            Finding::error(
                FindingCode::InvalidResourceName,
                format!(
                    "The file name gives the resource name \"{}\", which is not valid: use letters, digits and underscores, not starting with a digit.",
                    shown(stem)
                ),
            ),
        ));
    }
    let mut resource = Resource {
        kind,
        name: stem.to_owned(),
        path: Some(path.to_owned()),
        pipe_type: (kind == ResourceKind::Pipe).then_some(PipeType::Plain),
        params: Vec::new(),
        params_complete: true,
        tokens: Vec::new(),
    };
    let mut type_seen = false;
    // (first line number, text) of each SQL block.
    let mut sql_blocks: Vec<(usize, String)> = Vec::new();
    let mut block: Option<bool> = None; // Some(is_sql) inside a `>` block
    for (index, raw) in text.split('\n').enumerate() {
        let line_no = index + 1;
        let mut line = raw.strip_suffix('\r').unwrap_or(raw);
        let mut bom = false;
        if line_no == 1 {
            if let Some(rest) = line.strip_prefix(BOM) {
                line = rest;
                bom = true;
            }
        }
        let first_word = line.split_whitespace().next().unwrap_or_default();
        if line.trim().is_empty() || line.starts_with(char::is_whitespace) {
            match block {
                Some(true) => sql_blocks.last_mut().expect("open SQL block").1 += &format!("{line}\n"),
                Some(false) => {}
                None if first_word.eq_ignore_ascii_case("TOKEN") => findings.push(at(
                    Some(line_no),
                    Finding::error(
                        FindingCode::NearMissToken,
                        "An indented TOKEN line outside any block is not read: TOKEN lines start at the beginning of the line.",
                    ),
                )),
                None => {}
            }
            continue;
        }
        block = None;
        if line.starts_with('#') {
            continue;
        }
        if bom && first_word.eq_ignore_ascii_case("TOKEN") {
            findings.push(at(
                Some(line_no),
                Finding::error(
                    FindingCode::NearMissToken,
                    "A UTF-8 byte order mark precedes TOKEN on line 1, so the line is not read as a TOKEN line: save the file without the BOM.",
                ),
            ));
            continue;
        }
        if first_word.eq_ignore_ascii_case("TOKEN") {
            read_token_line(
                line,
                line_no,
                kind,
                &mut resource.tokens,
                &mut findings,
                path,
            );
            continue;
        }
        if let Some(head) = near_miss(line) {
            findings.push(at(
                Some(line_no),
                Finding::error(
                    FindingCode::NearMissToken,
                    format!(
                        "\"{}\" is not a directive, so this line is not read as a TOKEN line: write TOKEN <name> <READ|APPEND>.",
                        shown(head)
                    ),
                )
                .suggest(Some("TOKEN".to_owned())),
            ));
            continue;
        }
        if line.trim_end().ends_with('>') {
            let is_sql = first_word.eq_ignore_ascii_case("SQL");
            if is_sql {
                sql_blocks.push((line_no + 1, String::new()));
            }
            block = Some(is_sql);
            continue;
        }
        if kind == ResourceKind::Pipe {
            if first_word.eq_ignore_ascii_case("TYPE") && !type_seen {
                type_seen = true;
                let value = line.split_whitespace().nth(1).unwrap_or_default();
                let value = value.trim_matches(['"', '\'']);
                resource.pipe_type = Some(PipeType::parse(value).unwrap_or(PipeType::Plain));
            } else if first_word.eq_ignore_ascii_case("INCLUDE") {
                resource.params_complete = false;
                findings.push(at(
                    Some(line_no),
                    Finding::warning(
                        FindingCode::UnreadableTemplate,
                        "An INCLUDE is not followed, so the pipe's parameters may be incomplete.",
                    ),
                ));
            }
        }
    }
    if kind == ResourceKind::Pipe {
        let mut params = Params::new(&mut resource, path);
        for (start, sql) in &sql_blocks {
            let is_template = sql.trim_start().starts_with('%');
            if is_template {
                params.add_template(sql, *start, &mut findings);
            }
        }
    }
    duplicate_tokens(&resource, Some(path), &mut findings);
    Some((resource, findings))
}

/// The head of a column-0 line that was probably meant as `TOKEN`.
fn near_miss(line: &str) -> Option<&str> {
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(line.len());
    let head = &line[..end];
    let upper = head.to_ascii_uppercase();
    if upper == "TOKEN" {
        // `TOKEN:` / `TOKEN=`: the first word is not TOKEN, so nothing reads it.
        let glued = line[end..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace());
        return glued.then_some(line.split_whitespace().next().unwrap_or(head));
    }
    (distance(&upper, "TOKEN") == 1).then_some(head)
}

fn read_token_line(
    line: &str,
    line_no: usize,
    kind: ResourceKind,
    tokens: &mut Vec<ResourceToken>,
    findings: &mut Vec<Finding>,
    path: &str,
) {
    match parse_datafile_tokens(line, kind) {
        Ok(parsed) => {
            for t in parsed {
                if t.name.is_empty() {
                    findings.push(
                        Finding::error(
                            FindingCode::EmptyTokenName,
                            "A TOKEN line with an empty token name.",
                        )
                        .at(Some(path), Some(line_no)),
                    );
                    continue;
                }
                tokens.push(ResourceToken {
                    name: t.name,
                    permission: t.permission,
                    line: Some(line_no),
                });
            }
        }
        Err(e) => {
            let code = match e.code() {
                crate::ErrorCode::InvalidPermission => FindingCode::InvalidPermission,
                _ => FindingCode::DatafileSyntax,
            };
            findings.push(Finding::error(code, e.message()).at(Some(path), Some(line_no)));
        }
    }
}

/// A warning for each token attached a second time with the same permission.
fn duplicate_tokens(resource: &Resource, path: Option<&str>, findings: &mut Vec<Finding>) {
    for (i, t) in resource.tokens.iter().enumerate() {
        if resource.tokens[..i]
            .iter()
            .any(|o| o.name == t.name && o.permission == t.permission)
        {
            findings.push(
                Finding::warning(
                    FindingCode::DuplicateToken,
                    format!(
                        "Token \"{}\" is attached to {} {} with {} more than once.",
                        shown(&t.name),
                        super::kind_words(resource.kind),
                        resource.name,
                        t.permission
                    ),
                )
                .at(path, t.line),
            );
        }
    }
}

/// Reads an SDK resource object.
pub(crate) fn read_spec(spec: &ResourceSpec) -> (Resource, Vec<Finding>) {
    let mut findings = Vec::new();
    if !is_identifier(&spec.name) {
        findings.push(Finding::error(
            FindingCode::InvalidResourceName,
            format!(
                "Resource name \"{}\" is not valid: use letters, digits and underscores, not starting with a digit.",
                shown(&spec.name)
            ),
        ));
    }
    let is_pipe = spec.kind == ResourceKind::Pipe;
    let mut resource = Resource {
        kind: spec.kind,
        name: spec.name.clone(),
        path: None,
        pipe_type: if is_pipe { spec.pipe_type } else { None },
        params: Vec::new(),
        params_complete: spec.params.is_some() || !spec.sql.is_empty(),
        tokens: Vec::new(),
    };
    for (name, permission) in &spec.tokens {
        if name.is_empty() {
            findings.push(Finding::error(
                FindingCode::EmptyTokenName,
                format!("A token of {} has an empty name.", resource.name),
            ));
            continue;
        }
        if is_pipe && *permission == Permission::Append {
            let e = pipe_permission_error("APPEND", &shown(name));
            findings.push(Finding::error(FindingCode::InvalidPermission, e.message()));
            continue;
        }
        resource.tokens.push(ResourceToken {
            name: name.clone(),
            permission: *permission,
            line: None,
        });
    }
    if is_pipe {
        let mut params = Params::new(&mut resource, "");
        for p in spec.params.iter().flatten() {
            params.add(&p.name, p.param_type.as_deref(), None, &mut findings);
        }
        for sql in &spec.sql {
            params.add_template(sql, 1, &mut findings);
        }
    }
    duplicate_tokens(&resource, None, &mut findings);
    (resource, findings)
}

/// Collects a pipe's parameters: first use decides the order, first declared type wins.
struct Params<'r> {
    resource: &'r mut Resource,
    path: Option<String>,
}

impl<'r> Params<'r> {
    fn new(resource: &'r mut Resource, path: &str) -> Params<'r> {
        let path = (!path.is_empty()).then(|| path.to_owned());
        Params { resource, path }
    }

    fn add_template(&mut self, sql: &str, first_line: usize, findings: &mut Vec<Finding>) {
        let scan = template::scan(sql);
        for u in &scan.uses {
            let line = self.path.as_ref().map(|_| first_line + u.line);
            self.add(&u.name, u.declared.as_deref(), line, findings);
        }
        if let Some((line, why)) = scan.unreadable {
            self.resource.params_complete = false;
            let line = self.path.as_ref().map(|_| first_line + line);
            findings.push(
                Finding::warning(
                    FindingCode::UnreadableTemplate,
                    format!(
                        "The template of {} has {why}, so its parameters may be incomplete.",
                        self.resource.name
                    ),
                )
                .at(self.path.as_deref(), line),
            );
        }
    }

    fn add(
        &mut self,
        name: &str,
        declared: Option<&str>,
        line: Option<usize>,
        findings: &mut Vec<Finding>,
    ) {
        let params = &mut self.resource.params;
        match params.iter_mut().find(|p| p.name == name) {
            None => params.push(TemplateParam::new(name, declared)),
            Some(p) => match (&p.param_type, declared) {
                (None, Some(t)) => p.param_type = Some(t.to_owned()),
                (Some(first), Some(t)) if first != t => findings.push(
                    Finding::warning(
                        FindingCode::ConflictingParamType,
                        format!(
                            "Parameter {name} of {} is declared {first} and also {t}; {first} is used.",
                            self.resource.name
                        ),
                    )
                    .at(self.path.as_deref(), line),
                ),
                _ => {}
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(&'static str, Option<usize>)> {
        let (_, f) = read_file("x.pipe", text).unwrap();
        f.iter().map(|f| (f.code.as_str(), f.line)).collect()
    }

    #[test]
    fn near_misses() {
        assert_eq!(codes("TOKNE x READ"), [("near_miss_token", Some(1))]);
        assert_eq!(codes("TOKEN: x READ"), [("near_miss_token", Some(1))]);
        assert_eq!(codes("TOKENS x READ"), [("near_miss_token", Some(1))]);
        assert_eq!(
            codes("TYPE endpoint\n  TOKEN x READ"),
            [("near_miss_token", Some(2))]
        );
        assert_eq!(
            codes("\u{feff}TOKEN x READ"),
            [("near_miss_token", Some(1))]
        );
        assert_eq!(codes("SQL >\n    %\n\n    TOKEN in sql\nTOKEN ok READ"), []);
        assert_eq!(codes("NODE n\nTYPE endpoint\nTAGS x"), []);
    }

    #[test]
    fn token_errors_do_not_stop_the_reading() {
        let (r, f) = read_file(
            "a/b.pipe",
            "TOKEN a b c\nTOKEN x APPEND\nTOKEN \"\" READ\nTOKEN ok READ\nTOKEN ok READ",
        )
        .unwrap();
        let got: Vec<_> = f.iter().map(|f| (f.code.as_str(), f.line)).collect();
        assert_eq!(
            got,
            [
                ("datafile_syntax", Some(1)),
                ("invalid_permission", Some(2)),
                ("empty_token_name", Some(3)),
                ("duplicate_token", Some(5)),
            ]
        );
        assert_eq!(r.tokens.len(), 2);
    }

    /// A pipe spec's APPEND token gets `tb`'s message, as a TOKEN line in a .pipe does.
    #[test]
    fn spec_append_on_a_pipe() {
        let mut spec = ResourceSpec::new(ResourceKind::Pipe, "p");
        spec.tokens.push(("t".to_owned(), Permission::Append));
        let (r, f) = read_spec(&spec);
        assert!(r.tokens.is_empty());
        assert_eq!(f[0].code, FindingCode::InvalidPermission);
        assert_eq!(
            f[0].message,
            "Invalid permission APPEND for token t. Only READ is allowed for pipes"
        );
        let (_, from_file) = read_file("p.pipe", "TOKEN t APPEND").unwrap();
        assert_eq!(from_file[0].message, f[0].message);
    }

    #[test]
    fn pipe_type_and_params() {
        let (r, f) = read_file(
            "p.pipe",
            "NODE a\nSQL >\n    %\n    SELECT {{ Int32(x) }}\n\nNODE b\nSQL >\n    SELECT {{ ignored }}\n\nNODE c\nSQL >\n    % SELECT {{ String(x) }} {{ y\n\nTYPE ENDPOINT\n",
        )
        .unwrap();
        assert_eq!(r.pipe_type, Some(PipeType::Endpoint));
        assert_eq!(r.params, [TemplateParam::new("x", Some("Int32"))]);
        assert!(!r.params_complete);
        let got: Vec<_> = f.iter().map(|f| (f.code.as_str(), f.line)).collect();
        assert_eq!(
            got,
            [
                ("conflicting_param_type", Some(12)),
                ("unreadable_template", Some(12))
            ]
        );
        assert!(read_file("x.incl", "").is_none());
        let (_, f) = read_file("dir\\my-ds.datasource", "").unwrap();
        assert_eq!(f[0].code, FindingCode::InvalidResourceName);
        assert_eq!(f[0].line, None);
    }
}
