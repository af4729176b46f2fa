//! The conformance vectors (`tests/vectors/*.json`) through the command line: every `create_jwt`,
//! `verify_jwt` and `inspect_token` case the CLI can express is run with `tbtoken` and must give the
//! vector's bytes, values and error codes.
//!
//! Cases the CLI cannot express are counted as skipped, each for a stated reason (extra claims,
//! typed fixed params, binary keys...). Cases the CLI deliberately rejects as usage errors (both or
//! neither of --ttl/--expires-at, no --scope, no key) must fail with `usage_error` and exit 2.

mod common;
#[path = "../../../tests/vectors/load.rs"]
mod load;

use common::*;
use load::{load, Case};
use tinybird_tokens::{mask_secrets, Json, JwtRequest};

/// How a case maps to the command line.
enum Plan {
    /// Run these arguments; the vector's expectation applies.
    Run(Vec<String>),
    /// Run these arguments; the CLI rejects them as a usage error by design.
    Usage(Vec<String>),
    /// Not expressible on a command line.
    Skip(&'static str),
}

/// A string usable as one argv element.
fn arg(value: &Json) -> Option<String> {
    value
        .as_str()
        .filter(|s| !s.contains('\0'))
        .map(str::to_owned)
}

fn hex_key(value: &Json) -> Option<String> {
    let hex = value.as_str()?;
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect();
    String::from_utf8(bytes?).ok().filter(|s| !s.contains('\0'))
}

/// `--fixed-params` text for string-valued params whose keys and values survive `a=1,b=2`.
fn fixed_params_arg(value: &Json) -> Result<String, &'static str> {
    let entries = value.as_object().ok_or("fixed_params is not an object")?;
    if entries.is_empty() {
        return Err("an empty fixed_params object has no CLI form");
    }
    let mut pieces = Vec::new();
    for (k, v) in entries {
        let v = v
            .as_str()
            .ok_or("typed fixed params (the CLI form is strings)")?;
        if [k.as_str(), v].iter().any(|s| s.contains([',', '=', '\0'])) {
            return Err("a fixed param containing , or =");
        }
        pieces.push(format!("{k}={v}"));
    }
    Ok(pieces.join(","))
}

fn create_plan(input: &Json) -> Plan {
    let fields = input.as_object().unwrap_or_default();
    let known = |k: &str| ["key", "now"].contains(&k) || JwtRequest::FIELDS.contains(&k);
    if fields.iter().any(|(k, _)| !known(k)) {
        return Plan::Skip("a request field the CLI has no option for");
    }
    if input.get("extra_claims").is_some() {
        return Plan::Skip("extra claims");
    }
    let mut args = Vec::new();
    let Some(key) = input.get("key").and_then(arg) else {
        return Plan::Skip("key not a string");
    };
    args.push(format!("--token={key}"));
    args.push(format!(
        "--now={}",
        input.get("now").and_then(Json::as_i64).unwrap()
    ));
    args.extend(["token", "create", "jwt", "--output=json"].map(String::from));
    let Some(ws) = input.get("workspace_id").and_then(arg) else {
        return Plan::Skip("workspace_id not a string");
    };
    args.push(format!("--workspace-id={ws}"));
    let owner = tinybird_tokens::decode_static_token(&key).map(|t| t.owner_id);
    if owner.is_ok_and(|owner| !ws.is_empty() && owner != ws) {
        return Plan::Skip("a key of another workspace (the CLI refuses it: workspace_mismatch)");
    }
    match input.get("limits") {
        None => {}
        Some(limits) => match limits.get("rps").and_then(Json::as_i64) {
            Some(rps) if rps >= 0 && limits.as_object().is_some_and(|o| o.len() == 1) => {
                args.push(format!("--limit-rps={rps}"))
            }
            _ => return Plan::Skip("limits that are not a non-negative integer rps"),
        },
    }
    let ttl = input.get("ttl");
    let at = input.get("expires_at");
    match (ttl, at) {
        (Some(t), None) => match arg(t) {
            Some(t) => args.push(format!("--ttl={t}")),
            None => return Plan::Skip("ttl not a string"),
        },
        (None, Some(a)) => match a.as_i64() {
            Some(a) => args.push(format!("--expires-at={a}")),
            None => return Plan::Skip("expires_at not an integer"),
        },
        _ => {}
    }
    let scopes = match input.get("scopes") {
        Some(Json::Array(items)) => items.clone(),
        _ => return Plan::Skip("scopes not a list"),
    };
    for scope in &scopes {
        let Some(entries) = scope.as_object() else {
            return Plan::Skip("a scope that is not an object");
        };
        for (k, v) in entries {
            let flag = match k.as_str() {
                "type" => "--scope",
                "resource" => "--resource",
                "filter" => "--filter",
                "fixed_params" => match fixed_params_arg(v) {
                    Ok(text) => {
                        args.push(format!("--fixed-params={text}"));
                        continue;
                    }
                    Err(why) => return Plan::Skip(why),
                },
                _ => return Plan::Skip("an unknown scope field"),
            };
            match arg(v) {
                Some(text) => args.push(format!("{flag}={text}")),
                None => return Plan::Skip("a scope field that is not a string"),
            }
        }
        if scope.get("type").is_none() {
            return Plan::Skip("a scope without a type");
        }
    }
    let Some(name) = input.get("name").and_then(arg) else {
        return Plan::Skip("name not a string");
    };
    args.push("--".into());
    args.push(name);
    if ttl.is_some() == at.is_some() || scopes.is_empty() {
        return Plan::Usage(args);
    }
    Plan::Run(args)
}

fn verify_plan(input: &Json, cwd: &str) -> Plan {
    let keys: Option<Vec<String>> = match (input.get("keys"), input.get("keys_hex")) {
        (Some(Json::Array(keys)), None) => keys.iter().map(arg).collect(),
        (None, Some(Json::Array(keys))) => keys.iter().map(hex_key).collect(),
        _ => return Plan::Skip("keys not a list"),
    };
    let Some(keys) = keys else {
        return Plan::Skip("a binary key (argv carries UTF-8 without NUL)");
    };
    let Some(token) = input.get("token").and_then(arg) else {
        return Plan::Skip("token with a NUL byte");
    };
    let mut args = vec![format!("--cwd={cwd}")];
    args.extend(keys.iter().map(|k| format!("--token={k}")));
    args.push(format!(
        "--now={}",
        input.get("now").and_then(Json::as_i64).unwrap()
    ));
    args.extend(["token", "verify", "--output=json"].map(String::from));
    match input.get("leeway").map(Json::as_i64) {
        None => {}
        Some(Some(l)) if l >= 0 => args.push(format!("--leeway={l}")),
        Some(_) => return Plan::Skip("leeway not a non-negative integer"),
    }
    args.push("--".into());
    args.push(token);
    if keys.is_empty() {
        // With no --token the CLI looks for TB_TOKEN / .tinyb, finds none, and says so.
        return Plan::Usage(args);
    }
    Plan::Run(args)
}

fn inspect_plan(input: &Json) -> Plan {
    let Some(token) = input.get("token").and_then(arg).filter(|t| t != "-") else {
        return Plan::Skip("token not expressible as an argument");
    };
    let now = input.get("now").and_then(Json::as_i64).unwrap();
    let args = vec![
        format!("--now={now}"),
        "token".into(),
        "inspect".into(),
        "--output=json".into(),
        "--".into(),
        token,
    ];
    Plan::Run(args)
}

/// Checks one case; `None` when it matched.
fn check(case: &Case, args: Vec<String>, usage: bool) -> Option<String> {
    let run = tb(&args).run();
    if usage {
        return (run.code != 2 || run.json_error_code() != "usage_error").then(|| {
            format!(
                "expected usage_error, got exit {}: {}",
                run.code, run.stderr
            )
        });
    }
    if let Some(code) = case.expect.get("error").and_then(Json::as_str) {
        if run.code != 1 {
            return Some(format!(
                "expected error {code}, got exit {}: {}{}",
                run.code, run.stdout, run.stderr
            ));
        }
        let got = run.json_error_code();
        return (got != code).then(|| format!("expected error {code}, got {got}: {}", run.stderr));
    }
    let ok = case.expect.get("ok").expect("ok or error");
    // The CLI masks any Tinybird token inside a decoded token's content (`Output::decoded_result`).
    let masked = Json::parse(&mask_secrets(&ok.to_compact_string())).expect("masking keeps JSON");
    let ok = &masked;
    match case.op.as_str() {
        "inspect_token" => {
            let clean = ok
                .get("problems")
                .is_some_and(|p| *p == Json::Array(vec![]));
            if run.code != if clean { 0 } else { 1 } {
                return Some(format!(
                    "exit {} for problems {:?}",
                    run.code,
                    ok.get("problems")
                ));
            }
            (run.json() != *ok).then(|| format!("expected {ok}\n     got {}", run.stdout))
        }
        _ if run.code != 0 => Some(format!(
            "expected {ok}, got exit {}: {}",
            run.code, run.stderr
        )),
        "create_jwt" => {
            let got = run.json();
            let want = case.expect.get("ok").and_then(|ok| ok.get("token"));
            (got.get("token") != want).then(|| format!("expected {ok}\n     got {got}"))
        }
        "verify_jwt" => {
            let got = run.json();
            let same = ["header", "claims"].iter().all(|k| got.get(k) == ok.get(k))
                && got.get("key_index") == ok.get("key_index");
            (!same).then(|| format!("expected {ok}\n     got {got}"))
        }
        op => Some(format!("unexpected op {op}")),
    }
}

#[test]
fn vectors_through_the_cli() {
    let cases = load();
    let isolated = tempfile::tempdir().unwrap();
    let cwd = isolated.path().display().to_string();
    let (mut ran, mut usage_cases, mut skipped, mut failures) = (0, 0, Vec::new(), Vec::new());
    for case in &cases {
        let plan = match case.op.as_str() {
            "create_jwt" => create_plan(&case.input),
            "verify_jwt" => verify_plan(&case.input, &cwd),
            "inspect_token" => inspect_plan(&case.input),
            _ => continue,
        };
        let (args, usage) = match plan {
            Plan::Run(args) => (args, false),
            Plan::Usage(args) => (args, true),
            Plan::Skip(why) => {
                skipped.push(format!("{}: {why}", case.id));
                continue;
            }
        };
        ran += 1;
        usage_cases += usize::from(usage);
        if let Some(why) = check(case, args, usage) {
            failures.push(format!("{} {}: {why}", case.file, case.id));
        }
    }
    eprintln!(
        "vectors through tbtoken: {ran} run ({usage_cases} as usage errors), {} skipped:\n  {}",
        skipped.len(),
        skipped.join("\n  ")
    );
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        ran >= 100,
        "most vectors are expressible on the command line; ran {ran}"
    );
}
