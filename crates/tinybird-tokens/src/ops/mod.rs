//! The JSON interface: every operation with JSON input and JSON output, as the conformance vectors
//! (`tests/vectors/README.md`) define them.
//!
//! The bindings build their idiomatic functions on these, so the argument shapes, defaults and output
//! shapes live here once, and the vectors test exactly what the JS and Python packages run. Outputs are
//! the core's own types serialized (`serde`), never JSON built by hand.
//!
//! A call that is wrong as a call (an unknown operation, a missing or mistyped argument, bad hex) is
//! `invalid_argument`; a value that is well-typed but breaks a token rule gets that rule's code.

mod args;
mod project;
mod request;
mod static_token;

use serde::Serialize;

use crate::error::{Error, ErrorCode, Result};
use crate::json::Json;
use crate::{
    decode_jwt, decode_static_token, define_token, diff_token_plans, generate_static_token,
    hmac_sha256, inspect_token, local_tokens_from_random, parse_datafile_tokens,
    parse_fixed_params, parse_scope, parse_ttl, plan_tokens, render_token_lines, scopes_allow,
    sign_jwt, verify_hmac_sha256, verify_jwt, verify_static_token, Action, DatafileSource,
    JwtRequest, PlannedToken, ResourceKind, Scope, SigningKey, StaticToken, TokenAttachment,
    TokenPlan, VerifyOptions, VerifyingKey,
};
use args::Args;

/// One operation of the JSON interface.
pub struct Op {
    /// Its name, as the vectors and the bindings call it.
    pub name: &'static str,
    run: fn(&Args<'_>) -> Result<Json>,
}

/// Every operation, by name: the one list that [`call`] dispatches on, so no name can be listed and
/// not handled, or handled and not listed.
pub const OPS: &[Op] = &[
    op("define_token", |a| {
        let t = define_token(a.str("name")?)?;
        wire(&Named { name: t.name() })
    }),
    op("parse_scope", |a| {
        wire(&ScopeParts::of(&parse_scope(a.str("scope")?, a.mode()?)?))
    }),
    op("format_scope", |a| {
        let scope = Scope::from_parts(
            a.str("type")?,
            a.opt_str("resource")?,
            a.opt_str("filter")?,
            a.mode()?,
        )?;
        Ok(Json::String(scope.to_string()))
    }),
    op("scopes_allow", |a| {
        let mode = a.mode()?;
        let scopes = a
            .str_list("scopes")?
            .into_iter()
            .map(|x| parse_scope(x, mode))
            .collect::<Result<Vec<_>>>()?;
        let action: Action = a.str("action")?.parse()?;
        Ok(Json::Bool(scopes_allow(
            &scopes,
            action,
            a.opt_str("resource")?,
        )?))
    }),
    op("render_token_lines", |a| {
        let kind = a.kind()?;
        let mut attachments = Vec::new();
        for item in a.list("tokens")? {
            let item = Args::new(item);
            let token = define_token(item.str("name")?)?;
            for permission in item_permissions(&item, kind)? {
                attachments.push(TokenAttachment::parse(&token, kind, permission)?);
            }
        }
        Ok(Json::String(render_token_lines(&attachments)))
    }),
    op("parse_datafile_tokens", |a| {
        wire(&parse_datafile_tokens(a.str("text")?, a.kind()?)?)
    }),
    op("plan_tokens", |a| {
        let files = a.list("files")?;
        let mut sources = Vec::with_capacity(files.len());
        for file in files {
            let f = Args::new(file);
            sources.push(DatafileSource {
                kind: f.kind()?,
                name: f.str("name")?,
                text: f.str("text")?,
            });
        }
        wire(&plan_tokens(&sources)?)
    }),
    op("diff_token_plans", |a| {
        let old = plan_from_json(a.required("old")?)?;
        let new = plan_from_json(a.required("new")?)?;
        wire(&diff_token_plans(&old, &new))
    }),
    op("parse_ttl", |a| {
        let ttl = parse_ttl(a.str("ttl")?)?;
        wire(&Seconds {
            seconds: ttl.whole_seconds(),
        })
    }),
    op("parse_fixed_params", |a| {
        Ok(parse_fixed_params(a.str("text")?)?.to_pairs())
    }),
    op("create_jwt", |a| {
        let key = SigningKey::from_admin_token(a.str("key")?)?;
        let now = a.int("now")?;
        let request = JwtRequest::from_json(&a.without(&["key", "now", "project"]))?;
        let token = match project::optional_project(a)? {
            Some(p) => crate::create_jwt_checked(&request, &key, now, &p)?,
            None => crate::create_jwt(&request, &key, now)?,
        };
        wire(&TokenOut { token: &token })
    }),
    op("sign_jwt", |a| {
        let key = SigningKey::from_bytes(&a.key_bytes("key")?)?;
        let token = sign_jwt(a.required("claims")?, &key)?;
        wire(&TokenOut { token: &token })
    }),
    op("verify_jwt", |a| {
        let keys = a
            .keys_bytes()?
            .iter()
            .map(|k| VerifyingKey::from_bytes(k))
            .collect::<Result<Vec<_>>>()?;
        let mut options = VerifyOptions::at(a.int("now")?);
        if a.get("leeway").is_some() {
            options = options.with_leeway_seconds(a.int("leeway")?)?;
        }
        let v = verify_jwt(a.str("token")?, &keys, &options)?;
        wire(&Verified {
            header: v.header(),
            claims: v.claims(),
            key_index: v.key_index,
        })
    }),
    op("decode_jwt", |a| {
        let d = decode_jwt(a.str("token")?)?;
        wire(&Decoded {
            header: d.header(),
            claims: d.claims(),
        })
    }),
    op("inspect_token", |a| {
        let now = a.int("now")?;
        wire(&inspect_token(a.str("token")?, now))
    }),
    op("decode_static_token", |a| {
        wire(&decode_static_token(a.str("token")?)?)
    }),
    op("verify_static_token", |a| {
        let secret = a.key_bytes("secret")?;
        wire(&verify_static_token(a.str("token")?, &secret)?)
    }),
    op("generate_static_token", |a| {
        let token = StaticToken::from_json(a.input())?;
        let token = generate_static_token(&token, &a.key_bytes("secret")?)?;
        wire(&TokenOut { token: &token })
    }),
    op("hmac_sha256", |a| {
        let mac = hmac_sha256(&a.hex("key_hex")?, &a.hex("data_hex")?);
        wire(&MacOut {
            mac_hex: args::to_hex(&mac),
        })
    }),
    op("hmac_sha256_verify", |a| {
        verify_hmac_sha256(&a.hex("key_hex")?, &a.hex("data_hex")?, &a.hex("tag_hex")?)?;
        Ok(Json::Bool(true))
    }),
    op("generate_local_tokens", |a| {
        let random: [u8; 64] = a.hex("random_hex")?.try_into().map_err(|_| {
            Error::new(
                ErrorCode::InvalidArgument,
                "\"random_hex\" must be 64 random bytes in hex.",
            )
        })?;
        wire(&local_tokens_from_random(&random)?)
    }),
    op("read_project", project::read_project),
    op("lint_project", project::lint_project),
    op("check_jwt", project::check_jwt),
    op("check_static_token", project::check_static_token),
];

const fn op(name: &'static str, run: fn(&Args<'_>) -> Result<Json>) -> Op {
    Op { name, run }
}

/// Runs operation `op` on a JSON object `input`.
pub fn call(op: &str, input: &Json) -> Result<Json> {
    let found = OPS.iter().find(|o| o.name == op).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidArgument,
            format!("Unknown operation {}.", crate::error::shown(op)),
        )
    })?;
    if input.as_object().is_none() {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            "The input of an operation must be a JSON object.",
        ));
    }
    (found.run)(&Args::new(input))
}

/// The permissions of one `render_token_lines` item, in the shapes every binding accepts:
/// `{name, permission}`, `{name, permissions: [...]}` (one line each), or `{name}` alone on a pipe,
/// where READ is the only permission (the SDKs' `definePipe` token references carry none).
fn item_permissions<'a>(item: &Args<'a>, kind: ResourceKind) -> Result<Vec<&'a str>> {
    match (item.get("permission"), item.get("permissions")) {
        (Some(_), None) => Ok(vec![item.str("permission")?]),
        (None, Some(_)) => item.str_list("permissions"),
        (None, None) if kind == ResourceKind::Pipe => Ok(vec!["READ"]),
        (None, None) => Err(Error::new(
            ErrorCode::InvalidPermission,
            "A data source token needs a permission: READ or APPEND.",
        )),
        (Some(_), Some(_)) => Err(Error::new(
            ErrorCode::InvalidArgument,
            "Give \"permission\" or \"permissions\", not both.",
        )),
    }
}

/// A value of the core, serialized into the JSON model (key order kept).
fn wire<T: Serialize + ?Sized>(value: &T) -> Result<Json> {
    Json::from_serialize(value)
}

#[derive(Serialize)]
struct Named<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct TokenOut<'a> {
    token: &'a str,
}

#[derive(Serialize)]
struct MacOut {
    mac_hex: String,
}

#[derive(Serialize)]
struct Seconds {
    seconds: i64,
}

#[derive(Serialize)]
struct Verified {
    header: Json,
    claims: Json,
    key_index: usize,
}

#[derive(Serialize)]
struct Decoded {
    header: Json,
    claims: Json,
}

/// A parsed scope as its parts (`parse_scope`'s output; elsewhere a scope is its string).
#[derive(Serialize)]
struct ScopeParts<'a> {
    #[serde(rename = "type")]
    scope_type: &'static str,
    resource: Option<&'a str>,
    filter: Option<&'a str>,
}

impl<'a> ScopeParts<'a> {
    fn of(scope: &'a Scope) -> ScopeParts<'a> {
        ScopeParts {
            scope_type: scope.scope_type().as_str(),
            resource: scope.resource(),
            filter: scope.filter(),
        }
    }
}

/// Reads a plan in the shape `plan_tokens` returns; scopes are parsed in Forward mode.
fn plan_from_json(value: &Json) -> Result<TokenPlan> {
    let bad = || {
        Error::new(
            ErrorCode::InvalidArgument,
            "A plan is a list of {name, scopes}.",
        )
    };
    let Json::Array(items) = value else {
        return Err(bad());
    };
    let mut tokens = Vec::with_capacity(items.len());
    for item in items {
        let name = item.get("name").and_then(Json::as_str).ok_or_else(bad)?;
        let Some(Json::Array(scopes)) = item.get("scopes") else {
            return Err(bad());
        };
        let scopes = scopes
            .iter()
            .map(|x| parse_scope(x.as_str().ok_or_else(bad)?, crate::ScopeMode::Forward))
            .collect::<Result<Vec<_>>>()?;
        tokens.push(PlannedToken::new(name, scopes));
    }
    Ok(TokenPlan::from_tokens(tokens))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_op_is_listed_once() {
        let mut names: Vec<&str> = OPS.iter().map(|o| o.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), OPS.len());
    }

    const ADMIN: &str = "p.eyJ1IjogInciLCAiaWQiOiAidCIsICJob3N0IjogbnVsbH0.DY9N2AxfHNYja65q-HPC6yOmfoNLFmCQdgUIamDdu9E";

    /// A JSON `ttl` that is neither text nor a number is `invalid_ttl` (the bindings reject such a
    /// value by type first, so this has no vector).
    #[test]
    fn ttl_of_another_type() {
        let input = Json::parse(&format!(
            r#"{{"key":"{ADMIN}","now":0,"workspace_id":"w","name":"n","ttl":true,"scopes":[{{"type":"PIPES:READ","resource":"p"}}]}}"#
        ))
        .unwrap();
        assert_eq!(
            call("create_jwt", &input).unwrap_err().code(),
            ErrorCode::InvalidTtl
        );
    }

    #[test]
    fn misuse_is_invalid_argument() {
        let empty = Json::Object(vec![]);
        for (op, input) in [
            ("nope", empty.clone()),
            ("parse_scope", empty.clone()),
            ("parse_scope", Json::Null),
            (
                "hmac_sha256",
                Json::parse(r#"{"key_hex":"0g","data_hex":""}"#).unwrap(),
            ),
            (
                "verify_jwt",
                Json::parse(r#"{"token":"a.b.c","keys":["k"],"now":0,"leeway":-1}"#).unwrap(),
            ),
            (
                "parse_datafile_tokens",
                Json::parse(r#"{"text":"","kind":"table"}"#).unwrap(),
            ),
        ] {
            let e = call(op, &input).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidArgument, "{op}: {e}");
        }
    }

    /// The error paths this interface added never carry a token given where a name was expected: not
    /// in the message, the input or `Debug`.
    #[test]
    fn misuse_never_echoes_a_token() {
        let jwt = crate::sign_jwt(
            &Json::parse(r#"{"exp":1}"#).unwrap(),
            &SigningKey::from_bytes(ADMIN.as_bytes()).unwrap(),
        )
        .unwrap();
        for secret in [ADMIN, jwt.as_str()] {
            let q = |v: &str| Json::String(v.to_owned()).to_compact_string();
            let errors = [
                call(secret, &Json::Object(vec![])).unwrap_err(),
                call(
                    "create_jwt",
                    &Json::parse(&format!(
                        r#"{{"key":"{ADMIN}","now":0,"workspace_id":"w","name":"n","ttl":"1h","scopes":[],{}:1}}"#,
                        q(secret)
                    ))
                    .unwrap(),
                )
                .unwrap_err(),
                call(
                    "scopes_allow",
                    &Json::parse(&format!(r#"{{"scopes":[],"action":{}}}"#, q(secret))).unwrap(),
                )
                .unwrap_err(),
                call(
                    "render_token_lines",
                    &Json::parse(&format!(r#"{{"kind":{},"tokens":[]}}"#, q(secret))).unwrap(),
                )
                .unwrap_err(),
                call(
                    "parse_scope",
                    &Json::parse(&format!(r#"{{"scope":"TOKENS","mode":{}}}"#, q(secret))).unwrap(),
                )
                .unwrap_err(),
                secret.parse::<crate::ScopeType>().unwrap_err(),
                secret.parse::<Action>().unwrap_err(),
                secret.parse::<ErrorCode>().unwrap_err(),
                secret.parse::<crate::ScopeMode>().unwrap_err(),
                secret.parse::<ResourceKind>().unwrap_err(),
                crate::verify_jwt(
                    ADMIN,
                    &[VerifyingKey::from_bytes(b"k").unwrap()],
                    &VerifyOptions::at(0),
                )
                .unwrap_err(),
            ];
            for e in errors {
                let shown = format!("{e} {e:?} {}", e.input().unwrap_or_default());
                assert!(!shown.contains(secret), "{shown}");
            }
        }
    }

    #[test]
    fn local_tokens_from_given_randomness() {
        let input = Json::parse(&format!(r#"{{"random_hex":"{}"}}"#, "ab".repeat(64))).unwrap();
        let a = call("generate_local_tokens", &input).unwrap();
        assert_eq!(a, call("generate_local_tokens", &input).unwrap());
        assert!(a
            .get("workspace_token")
            .and_then(Json::as_str)
            .unwrap()
            .starts_with("p."));
    }
}
