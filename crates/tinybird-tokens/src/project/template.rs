//! Template parameters of a pipe's SQL: the free names of its tags (the rules are in the
//! `project` module docs, "Template parameters").

/// Tinybird's type functions for parameters (the "Dynamic parameters" list of the docs).
pub(crate) const TYPE_FUNCTIONS: &[&str] = &[
    "String",
    "Boolean",
    "Date",
    "DateTime",
    "DateTime64",
    "Float32",
    "Float64",
    "Int",
    "Integer",
    "Int8",
    "Int16",
    "Int32",
    "Int64",
    "Int128",
    "Int256",
    "UInt8",
    "UInt16",
    "UInt32",
    "UInt64",
    "UInt128",
    "UInt256",
    "Array",
];

/// Python keywords, constants and the builtins a template may name without calling.
const NOT_PARAMS: &[&str] = &[
    "None", "True", "False", "and", "or", "not", "in", "is", "if", "else", "elif", "for", "while",
    "lambda", "return", "yield", "pass", "import", "from", "as", "with", "try", "except",
    "finally", "raise", "del", "global", "nonlocal", "assert", "break", "continue", "async",
    "await", "def", "class",
];

/// One use of a parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ParamUse {
    pub name: String,
    /// The declared type, when this use is a type function's first argument.
    pub declared: Option<String>,
    /// 0-based line within the scanned text.
    pub line: usize,
}

/// What [`scan`] found.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// Parameter uses, in text order.
    pub uses: Vec<ParamUse>,
    /// Why the reading stopped early (0-based line, reason), if it did.
    pub unreadable: Option<(usize, String)>,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num,
    Op(&'static str),
    Other,
}

const OPS: &[&str] = &[
    "==", "!=", "<=", ">=", "**", "//", "(", ")", "[", "]", "{", "}", ",", ".", ":", "=", "<", ">",
    "+", "-", "*", "/", "%", "|", "&", "^", "~", ";", "@",
];

/// Splits the inside of a tag into tokens; an unclosed string is an error.
fn tokenize(src: &str) -> Result<Vec<Tok>, &'static str> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' || c == '"' {
            let (text, next) = read_string(&chars, i)?;
            out.push(Tok::Str(text));
            i = next;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let is_prefix = matches!(
                word.to_ascii_lowercase().as_str(),
                "r" | "b" | "u" | "f" | "rb" | "br" | "fr" | "rf"
            );
            if is_prefix && i < chars.len() && (chars[i] == '\'' || chars[i] == '"') {
                let (text, next) = read_string(&chars, i)?;
                out.push(Tok::Str(text));
                i = next;
            } else {
                out.push(Tok::Ident(word));
            }
        } else if c.is_ascii_digit() {
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.')
            {
                i += 1;
            }
            out.push(Tok::Num);
        } else {
            let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
            match OPS.iter().find(|op| rest.starts_with(**op)) {
                Some(op) => {
                    out.push(Tok::Op(op));
                    i += op.chars().count();
                }
                None => {
                    out.push(Tok::Other);
                    i += 1;
                }
            }
        }
    }
    Ok(out)
}

/// Reads a string literal starting at `chars[start]` (a quote, single or tripled).
fn read_string(chars: &[char], start: usize) -> Result<(String, usize), &'static str> {
    let quote = chars[start];
    let triple = chars.len() >= start + 3 && chars[start + 1] == quote && chars[start + 2] == quote;
    let mut i = start + if triple { 3 } else { 1 };
    let mut text = String::new();
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            if let Some(&next) = chars.get(i + 1) {
                text.push(next);
            }
            i += 2;
            continue;
        }
        if c == quote {
            if !triple {
                return Ok((text, i + 1));
            }
            if chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote) {
                return Ok((text, i + 3));
            }
        }
        if c == '\n' && !triple {
            break;
        }
        text.push(c);
        i += 1;
    }
    Err("a string that does not close")
}

/// Where the tag opened at `from` closes (the index of `close`), skipping string literals.
fn find_close(text: &str, from: usize, close: &str) -> Result<usize, &'static str> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if bytes[i..].starts_with(close.as_bytes()) {
            return Ok(i);
        }
        match bytes[i] {
            q @ (b'\'' | b'"') => {
                let mut j = i + 1;
                loop {
                    match bytes.get(j) {
                        None | Some(b'\n') => return Err("a string that does not close"),
                        Some(b'\\') => j += 2,
                        Some(&b) if b == q => break,
                        Some(_) => j += 1,
                    }
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    Err("a tag that does not close")
}

/// Collects the parameters of one template text (a node's SQL, `%` line included or not).
pub(crate) fn scan(text: &str) -> Scan {
    let mut scan = Scan::default();
    let mut bound: Vec<String> = Vec::new();
    let mut protected: Vec<String> = Vec::new();
    // Lines counted incrementally: tags only move forward, so the scan stays linear.
    let (mut counted_to, mut counted_lines) = (0usize, 0usize);
    let mut line_at = |pos: usize| {
        counted_lines += text[counted_to..pos].matches('\n').count();
        counted_to = pos;
        counted_lines
    };
    let mut i = 0;
    while let Some(found) = text[i..].find('{') {
        let open = i + found;
        let kind = text[open + 1..].chars().next();
        let (close, is_statement) = match kind {
            Some('{') => ("}}", false),
            Some('%') => ("%}", true),
            Some('#') => ("#}", false),
            _ => {
                i = open + 1;
                continue;
            }
        };
        // `{{!` and `{%!` write the tag literally.
        if text[open + 2..].starts_with('!') {
            i = open + 3;
            continue;
        }
        let end = if kind == Some('#') {
            text[open + 2..]
                .find(close)
                .map(|e| open + 2 + e)
                .ok_or("a comment that does not close")
        } else {
            find_close(text, open + 2, close)
        };
        let end = match end {
            Ok(end) => end,
            Err(why) => {
                scan.unreadable = Some((line_at(open), why.to_owned()));
                break;
            }
        };
        if kind != Some('#') {
            let inner = &text[open + 2..end];
            match tokenize(inner) {
                Ok(toks) => {
                    let line = line_at(open);
                    let expr = if is_statement {
                        statement_expression(&toks, &mut bound)
                    } else {
                        &toks[..]
                    };
                    expression_uses(expr, line, &mut scan.uses, &mut protected);
                }
                Err(why) => {
                    scan.unreadable = Some((line_at(open), why.to_owned()));
                    break;
                }
            }
        }
        i = end + close.len();
    }
    scan.uses
        .retain(|u| !bound.contains(&u.name) || protected.contains(&u.name));
    scan
}

/// The expression part of a statement; records the names `set` and `for` bind.
fn statement_expression<'t>(toks: &'t [Tok], bound: &mut Vec<String>) -> &'t [Tok] {
    let Some(Tok::Ident(word)) = toks.first() else {
        return toks;
    };
    let rest = &toks[1..];
    let bind_until = |stop: &Tok, bound: &mut Vec<String>| -> usize {
        let at = rest.iter().position(|t| t == stop).unwrap_or(rest.len());
        for t in &rest[..at] {
            if let Tok::Ident(name) = t {
                bound.push(name.clone());
            }
        }
        (at + 1).min(rest.len())
    };
    match word.as_str() {
        "set" => &rest[bind_until(&Tok::Op("="), bound)..],
        "for" => &rest[bind_until(&Tok::Ident("in".into()), bound)..],
        "else" | "end" | "try" | "finally" | "break" | "continue" | "comment" | "except"
        | "import" | "from" | "include" | "extends" | "block" => &[],
        _ => rest,
    }
}

/// The free names of an expression, with declared types from type functions.
fn expression_uses(
    toks: &[Tok],
    line: usize,
    uses: &mut Vec<ParamUse>,
    protected: &mut Vec<String>,
) {
    // Names a comprehension (`for x in`) or a lambda binds inside this expression.
    let mut local: Vec<&str> = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        match &toks[k] {
            Tok::Ident(w) if w == "for" => {
                k += 1;
                while let Some(t) = toks.get(k) {
                    match t {
                        Tok::Ident(w) if w == "in" => break,
                        Tok::Ident(w) => local.push(w),
                        _ => {}
                    }
                    k += 1;
                }
            }
            Tok::Ident(w) if w == "lambda" => {
                k += 1;
                while let Some(t) = toks.get(k) {
                    match t {
                        Tok::Op(":") => break,
                        Tok::Ident(w) => local.push(w),
                        _ => {}
                    }
                    k += 1;
                }
            }
            _ => {}
        }
        k += 1;
    }
    let mut depth = 0usize;
    for (k, tok) in toks.iter().enumerate() {
        match tok {
            Tok::Op("(") | Tok::Op("[") | Tok::Op("{") => depth += 1,
            Tok::Op(")") | Tok::Op("]") | Tok::Op("}") => depth = depth.saturating_sub(1),
            _ => {}
        }
        let Tok::Ident(name) = tok else { continue };
        let prev = k.checked_sub(1).map(|p| &toks[p]);
        let next = toks.get(k + 1);
        if prev == Some(&Tok::Op(".")) || next == Some(&Tok::Op("(")) {
            continue;
        }
        if depth > 0 && next == Some(&Tok::Op("=")) {
            continue;
        }
        if NOT_PARAMS.contains(&name.as_str()) || local.contains(&name.as_str()) {
            continue;
        }
        let function = match (k.checked_sub(2).map(|p| &toks[p]), prev) {
            (Some(Tok::Ident(f)), Some(Tok::Op("("))) if k < 3 || toks[k - 3] != Tok::Op(".") => {
                Some(f.as_str())
            }
            _ => None,
        };
        let positional_end = matches!(next, None | Some(Tok::Op(",")) | Some(Tok::Op(")")));
        let declared = match function {
            Some(f) if TYPE_FUNCTIONS.contains(&f) && positional_end => Some(if f == "Array" {
                match (toks.get(k + 1), toks.get(k + 2)) {
                    (Some(Tok::Op(",")), Some(Tok::Str(inner)))
                        if TYPE_FUNCTIONS.contains(&inner.as_str()) && inner != "Array" =>
                    {
                        format!("Array({inner})")
                    }
                    _ => "Array".to_owned(),
                }
            } else {
                f.to_owned()
            }),
            _ => None,
        };
        if declared.is_some() || function == Some("defined") {
            protected.push(name.clone());
        }
        uses.push(ParamUse {
            name: name.clone(),
            declared,
            line,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, Option<String>)> {
        let mut out: Vec<(String, Option<String>)> = Vec::new();
        for u in scan(text).uses {
            if !out.iter().any(|(n, _)| *n == u.name) {
                out.push((u.name, u.declared));
            }
        }
        out
    }

    fn n(name: &str, t: Option<&str>) -> (String, Option<String>) {
        (name.to_owned(), t.map(str::to_owned))
    }

    #[test]
    fn type_functions_and_bare_names() {
        let t = "%\nSELECT * FROM x WHERE a = {{ String(org_id, required=True) }}\n\
                 AND d > now() - {{Int32(days, 7, description=\"d\")}}\n\
                 LIMIT {{ limit }} {{ Array(ids, 'UInt64', default='1,2') }} {{ Array(tags) }}";
        assert_eq!(
            names(t),
            [
                n("org_id", Some("String")),
                n("days", Some("Int32")),
                n("limit", None),
                n("ids", Some("Array(UInt64)")),
                n("tags", Some("Array")),
            ]
        );
    }

    #[test]
    fn conditions_functions_and_bindings() {
        let t = "{% if defined(country) and not region %}{% elif mode == 'x' or k.strip() %}{% end %}\
                 {% set cols = 'a,b' %}{{ columns(cols) }}{{ column(sort_by, 'a') }}{{ symbol(s) }}\
                 {% for item in items %}{{ item }}{% end %}{{ [x for x in vals] }}{{ None }}{{ 'lit' }}\
                 {# {{ ignored }} #}{% if not defined(limit) %}{% set limit = 5 %}{% end %}";
        assert_eq!(
            names(t),
            [
                n("country", None),
                n("region", None),
                n("mode", None),
                n("k", None),
                n("sort_by", None),
                n("s", None),
                n("items", None),
                n("vals", None),
                n("limit", None),
            ]
        );
    }

    #[test]
    fn unclosed_tags_stop_the_reading() {
        let s = scan("{{ a }}\n{{ String(b, 'x) }}\n{{ c }}");
        assert_eq!(s.uses.len(), 1);
        assert_eq!(s.unreadable.as_ref().unwrap().0, 1);
        let s = scan("{{ a }}\n\n{% if b ");
        assert_eq!(
            s.unreadable.unwrap(),
            (2, "a tag that does not close".to_owned())
        );
        assert!(scan("{{ '}}' }} {{! x").unreadable.is_none());
        // Multi-byte text inside and around tags (byte offsets never split a character).
        let s = scan("{{ é }} {% if ñ == 'ü' %}ø{% end %} {{ 'ß");
        assert_eq!(s.uses.len(), 2);
        assert!(s.unreadable.is_some());
    }
}
