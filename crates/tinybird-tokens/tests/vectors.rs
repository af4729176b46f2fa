//! Runs every conformance vector in `tests/vectors/*.json` through the core's JSON interface.

use std::collections::{BTreeMap, HashSet};

use tinybird_tokens::{ops, parse_scope, ErrorCode, Json, ScopeMode};

#[path = "../../../tests/vectors/load.rs"]
mod load;

use load::{load, Case};

/// Checks one case; returns a description of the mismatch, if any.
fn check(case: &Case) -> Option<String> {
    let got = ops::call(&case.op, &case.input);
    if let Some(ok) = case.expect.get("ok") {
        return match got {
            Ok(value) if value == *ok => {
                if case.op == "parse_scope" {
                    let text = case.input.get("scope").and_then(Json::as_str).unwrap();
                    let mode = match case.input.get("mode").and_then(Json::as_str) {
                        Some("classic") => ScopeMode::Classic,
                        _ => ScopeMode::Forward,
                    };
                    let rendered = parse_scope(text, mode).unwrap().to_string();
                    if rendered != text {
                        return Some(format!("rendered {rendered:?}, parsed from {text:?}"));
                    }
                }
                None
            }
            Ok(value) => Some(format!("expected {ok}\n     got {value}")),
            Err(e) => Some(format!(
                "expected {ok}\n     got error {} ({})",
                e.code(),
                e.message()
            )),
        };
    }
    let code = case
        .expect
        .get("error")
        .and_then(Json::as_str)
        .expect("expect has ok or error");
    match got {
        Ok(value) => Some(format!("expected error {code}, got {value}")),
        Err(e) if e.code().as_str() != code => Some(format!(
            "expected error {code}, got {} ({})",
            e.code(),
            e.message()
        )),
        Err(e) => {
            if let Some(message) = case.expect.get("message").and_then(Json::as_str) {
                if e.message() != message {
                    return Some(format!(
                        "expected message {message:?}\n     got {:?}",
                        e.message()
                    ));
                }
            }
            if let Some(line) = case.expect.get("line").and_then(Json::as_i64) {
                if e.line() != Some(line as usize) {
                    return Some(format!("expected line {line}, got {:?}", e.line()));
                }
            }
            None
        }
    }
}

#[test]
fn every_vector_passes() {
    let cases = load();
    let mut failures = Vec::new();
    for case in &cases {
        if let Some(why) = check(case) {
            failures.push(format!("{} {} ({}): {why}", case.file, case.id, case.op));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    println!("{} vectors passed", cases.len());
}

#[test]
fn vectors_are_complete() {
    let cases = load();
    assert!(cases.len() >= 250, "only {} vectors", cases.len());
    let mut ids = HashSet::new();
    for case in &cases {
        assert!(ids.insert(case.id.clone()), "duplicate id {}", case.id);
        assert!(
            ops::OPS.iter().any(|o| o.name == case.op),
            "unknown op {}",
            case.op
        );
    }
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for case in &cases {
        if let Some(code) = case.expect.get("error").and_then(Json::as_str) {
            assert!(
                ErrorCode::from_code(code).is_some(),
                "{}: unknown code {code}",
                case.id
            );
            *by_code
                .entry(ErrorCode::from_code(code).unwrap().as_str())
                .or_default() += 1;
        }
    }
    for code in ErrorCode::ALL {
        assert!(
            by_code.contains_key(code.as_str()),
            "no vector expects error {code}"
        );
    }
    // Local tokens are random by design (the op takes the randomness; the bindings draw it
    // themselves), so they have no vector.
    for op in ops::OPS
        .iter()
        .map(|o| o.name)
        .filter(|op| *op != "generate_local_tokens")
    {
        assert!(cases.iter().any(|c| c.op == op), "no vector for op {op}");
    }
}

/// No error from any operation, on any vector input, shows a key, a secret or a token's signature.
#[test]
fn errors_never_contain_secrets() {
    let mut checked = 0;
    for case in load() {
        let Err(e) = ops::call(&case.op, &case.input) else {
            continue;
        };
        let mut secrets: Vec<String> = Vec::new();
        for field in ["key", "secret"] {
            if let Some(k) = case.input.get(field).and_then(Json::as_str) {
                secrets.push(k.to_owned());
            }
        }
        if let Some(Json::Array(keys)) = case.input.get("keys") {
            secrets.extend(keys.iter().filter_map(Json::as_str).map(str::to_owned));
        }
        if let Some(token) = case.input.get("token").and_then(Json::as_str) {
            if let Some(signature) = token.rsplit('.').next().filter(|_| token.contains('.')) {
                secrets.push(signature.to_owned());
            }
        }
        // Very short strings (an empty or one-letter key) occur in ordinary words; they prove nothing.
        let texts = [
            e.message().to_owned(),
            e.to_string(),
            format!("{e:?}"),
            e.input().unwrap_or_default().to_owned(),
        ];
        for secret in secrets.iter().filter(|s| s.len() >= 8) {
            for text in &texts {
                assert!(
                    !text.contains(secret.as_str()),
                    "{}: error text shows a secret: {text}",
                    case.id
                );
            }
        }
        checked += 1;
    }
    assert!(checked > 300, "only {checked} error cases checked");
}

/// A JWT request read in place from a typed tree (the npm package's `createJwt` path) reads as the
/// same request, or fails with the same code and message, as its `Json`: over every `create_jwt`
/// vector, and over each of them with every field and every scope field replaced by odd values.
#[test]
fn requests_read_the_same_from_a_tree() {
    use tinybird_tokens::json::{write_tree, JsonRef};
    use tinybird_tokens::JwtRequest;

    let odd = [
        "null",
        "true",
        "false",
        "0",
        "-7",
        "3600",
        "{\"flag\":false,\"org_id\":\"acme_\"}",
        "\"\"",
        "\"1h\"",
        "[]",
        "{}",
        "[{}]",
        "{\"rps\":0}",
        "{\"a\":[1,{\"b\":null}]}",
        "\"PIPES:READ\"",
        "[{\"type\":\"PIPES:READ\",\"resource\":\"p\",\"fixed_params\":{\"x\":\"y\",\"z\":1}}]",
    ]
    .map(|t| Json::parse(t).unwrap());
    let mut requests = Vec::new();
    for case in load().into_iter().filter(|c| c.op == "create_jwt") {
        let Json::Object(fields) = &case.input else {
            continue;
        };
        let request: Vec<(String, Json)> = fields
            .iter()
            .filter(|(k, _)| !["key", "now", "project"].contains(&k.as_str()))
            .cloned()
            .collect();
        for i in 0..request.len() {
            for value in &odd {
                let mut changed = request.clone();
                changed[i].1 = value.clone();
                requests.push(Json::Object(changed));
            }
            // Each field of each scope, too.
            if let Json::Array(scopes) = &request[i].1 {
                for (s, scope) in scopes.iter().enumerate() {
                    let Json::Object(scope_fields) = scope else {
                        continue;
                    };
                    for f in 0..scope_fields.len() {
                        for value in &odd {
                            let mut changed = request.clone();
                            let mut scope_fields = scope_fields.clone();
                            scope_fields[f].1 = value.clone();
                            let mut scopes = scopes.clone();
                            scopes[s] = Json::Object(scope_fields);
                            changed[i].1 = Json::Array(scopes);
                            requests.push(Json::Object(changed));
                        }
                    }
                }
            }
        }
        requests.push(Json::Object(request));
    }
    let (mut compared, mut failed) = (0, 0);
    for request in &requests {
        let Some(tree) = write_tree(request) else {
            continue;
        };
        let from_tree = JwtRequest::from_json(JsonRef::from_tree(&tree).unwrap());
        match (JwtRequest::from_json(request), from_tree) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{request}"),
            (Err(a), Err(b)) => {
                assert_eq!(
                    (a.code(), a.message()),
                    (b.code(), b.message()),
                    "{request}"
                );
                failed += 1;
            }
            (a, b) => panic!("{request}: {a:?} from Json, {b:?} from the tree"),
        }
        compared += 1;
    }
    // Most vectors and most of their variants carry no float, so most are compared; both verdicts occur.
    assert!(
        compared > requests.len() / 2,
        "{compared} of {}",
        requests.len()
    );
    assert!(
        failed > 100 && compared - failed > 50,
        "{failed} of {compared} failed"
    );
    println!("{compared} requests compared, {failed} refused");
}
