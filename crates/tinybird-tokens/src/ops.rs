//! The JSON interface: every operation with JSON input and JSON output, as the conformance vectors
//! (`tests/vectors/README.md`) define them.
//!
//! The bindings build their idiomatic functions on these, so the argument shapes, defaults and output
//! shapes live here once, and the vectors test exactly what the JS and Python packages run.

use crate::error::{err, ErrorCode, Result};
use crate::json::Json;
use crate::{
    decode_jwt, decode_static_token, define_token, diff_token_plans, generate_static_token,
    hmac_sha256, inspect_token, parse_datafile_tokens, parse_fixed_params, parse_scope, parse_ttl,
    plan_tokens, render_token_lines, scopes_allow, sign_jwt, verify_hmac_sha256, verify_jwt,
    verify_static_token, Action, DatafileSource, JwtRequest, OwnerKind, ResourceKind, Scope,
    ScopeMode, SigningKey, StaticToken, TokenAttachment, TokenPlan, VerifyOptions, VerifyingKey,
};

/// The names of every operation [`call`] knows; all but `generate_local_tokens` (random by design) have
/// conformance vectors.
pub const OPS: &[&str] = &[
    "define_token",
    "parse_scope",
    "format_scope",
    "scopes_allow",
    "render_token_lines",
    "parse_datafile_tokens",
    "plan_tokens",
    "diff_token_plans",
    "parse_ttl",
    "parse_fixed_params",
    "create_jwt",
    "sign_jwt",
    "verify_jwt",
    "decode_jwt",
    "inspect_token",
    "decode_static_token",
    "verify_static_token",
    "generate_static_token",
    "hmac_sha256",
    "hmac_sha256_verify",
    "generate_local_tokens",
];

/// Runs operation `op` on a JSON object `input`.
///
/// A malformed `input` (a missing field, a wrong type) is reported with the error code of the value it
/// stands for (`invalid_scope` for a scope, `invalid_signing_key` for a key, ...), so bindings never need
/// checks of their own.
pub fn call(op: &str, input: &Json) -> Result<Json> {
    let a = Args(input);
    match op {
        "define_token" => {
            let t = define_token(a.str("name", ErrorCode::InvalidTokenName)?)?;
            Ok(obj([("name", s(t.name()))]))
        }
        "parse_scope" => {
            let scope = parse_scope(a.str("scope", ErrorCode::InvalidScope)?, a.mode()?)?;
            Ok(scope_json(&scope))
        }
        "format_scope" => {
            let scope = Scope::from_parts(
                a.str("type", ErrorCode::InvalidScope)?,
                a.opt_str("resource", ErrorCode::InvalidScope)?,
                a.opt_str("filter", ErrorCode::InvalidScope)?,
                a.mode()?,
            )?;
            Ok(s(&scope.to_string()))
        }
        "scopes_allow" => {
            let mode = a.mode()?;
            let scopes = a
                .str_list("scopes", ErrorCode::InvalidScope)?
                .into_iter()
                .map(|x| parse_scope(x, mode))
                .collect::<Result<Vec<_>>>()?;
            let action_name = a.str("action", ErrorCode::InvalidScope)?;
            let action = Action::from_name(action_name).ok_or_else(|| {
                err(
                    ErrorCode::InvalidScope,
                    format!("Unknown action \"{action_name}\"."),
                )
            })?;
            let resource = a.opt_str("resource", ErrorCode::MissingResource)?;
            Ok(Json::Bool(scopes_allow(&scopes, action, resource)?))
        }
        "render_token_lines" => {
            let kind = a.kind()?;
            let items = a.list("tokens", ErrorCode::InvalidPermission)?;
            let mut attachments = Vec::with_capacity(items.len());
            for item in items {
                let item = Args(item);
                let token = define_token(item.str("name", ErrorCode::InvalidTokenName)?)?;
                let permission = item.str("permission", ErrorCode::InvalidPermission)?;
                attachments.push(TokenAttachment::parse(&token, kind, permission)?);
            }
            Ok(s(&render_token_lines(&attachments)))
        }
        "parse_datafile_tokens" => {
            let tokens =
                parse_datafile_tokens(a.str("text", ErrorCode::DatafileSyntax)?, a.kind()?)?;
            Ok(Json::Array(
                tokens
                    .iter()
                    .map(|t| {
                        obj([
                            ("name", s(&t.name)),
                            ("permission", s(t.permission.as_str())),
                            ("line", Json::Int(t.line as i64)),
                        ])
                    })
                    .collect(),
            ))
        }
        "plan_tokens" => {
            let files = a.list("files", ErrorCode::DatafileSyntax)?;
            let mut sources = Vec::with_capacity(files.len());
            for file in files {
                let f = Args(file);
                sources.push(DatafileSource {
                    kind: f.kind()?,
                    name: f.str("name", ErrorCode::InvalidScope)?,
                    text: f.str("text", ErrorCode::DatafileSyntax)?,
                });
            }
            Ok(plan_json(&plan_tokens(&sources)?))
        }
        "diff_token_plans" => {
            let old = plan_from_json(a.get("old"))?;
            let new = plan_from_json(a.get("new"))?;
            let d = diff_token_plans(&old, &new);
            Ok(obj([
                (
                    "create",
                    Json::Array(d.create.iter().map(|(n, sc)| token_json(n, sc)).collect()),
                ),
                (
                    "update",
                    Json::Array(
                        d.update
                            .iter()
                            .map(|u| {
                                obj([
                                    ("name", s(&u.name)),
                                    ("added", scope_strings(&u.added)),
                                    ("removed", scope_strings(&u.removed)),
                                ])
                            })
                            .collect(),
                    ),
                ),
                (
                    "delete",
                    Json::Array(d.delete.iter().map(|n| s(n)).collect()),
                ),
            ]))
        }
        "parse_ttl" => {
            let ttl = parse_ttl(a.str("ttl", ErrorCode::InvalidTtl)?)?;
            Ok(obj([("seconds", Json::Int(ttl.whole_seconds()))]))
        }
        "parse_fixed_params" => {
            let params = parse_fixed_params(a.str("text", ErrorCode::InvalidFixedParams)?)?;
            Ok(Json::Array(
                params
                    .entries()
                    .iter()
                    .map(|(k, v)| Json::Array(vec![s(k), v.clone()]))
                    .collect(),
            ))
        }
        "create_jwt" => {
            let key = SigningKey::from_admin_token(a.str("key", ErrorCode::InvalidSigningKey)?)?;
            let now = a.int("now", ErrorCode::InvalidClaims)?;
            let mut request = input.clone();
            if let Json::Object(entries) = &mut request {
                entries.retain(|(k, _)| k != "key" && k != "now");
            }
            let token = crate::create_jwt(&JwtRequest::from_json(&request)?, &key, now)?;
            Ok(obj([("token", s(&token))]))
        }
        "sign_jwt" => {
            let key = SigningKey::from_bytes(&a.key_bytes("key")?)?;
            let claims = a.get("claims").cloned().unwrap_or(Json::Null);
            Ok(obj([("token", s(&sign_jwt(&claims, &key)?))]))
        }
        "verify_jwt" => {
            let keys = a
                .keys_bytes()?
                .iter()
                .map(|k| VerifyingKey::from_bytes(k))
                .collect::<Result<Vec<_>>>()?;
            let mut options = VerifyOptions::at(a.int("now", ErrorCode::InvalidClaims)?);
            if a.get("leeway").is_some() {
                options =
                    options.with_leeway_seconds(a.int("leeway", ErrorCode::InvalidClaims)?)?;
            }
            let v = verify_jwt(a.str("token", ErrorCode::MalformedToken)?, &keys, &options)?;
            Ok(obj([
                ("header", v.header),
                ("claims", v.claims),
                ("key_index", Json::Int(v.key_index as i64)),
            ]))
        }
        "decode_jwt" => {
            let d = decode_jwt(a.str("token", ErrorCode::MalformedToken)?)?;
            Ok(obj([("header", d.header), ("claims", d.claims)]))
        }
        "inspect_token" => {
            let now = a.int("now", ErrorCode::InvalidClaims)?;
            Ok(inspect_token(a.str("token", ErrorCode::MalformedToken)?, now).to_json())
        }
        "decode_static_token" => Ok(static_json(&decode_static_token(
            a.str("token", ErrorCode::MalformedToken)?,
        )?)),
        "verify_static_token" => {
            let secret = a.key_bytes("secret")?;
            let token = a.str("token", ErrorCode::MalformedToken)?;
            Ok(static_json(&verify_static_token(token, &secret)?))
        }
        "generate_static_token" => {
            let kind = a.str("owner_kind", ErrorCode::InvalidClaims)?;
            let owner_kind = OwnerKind::parse(kind).ok_or_else(|| {
                err(
                    ErrorCode::InvalidClaims,
                    "owner_kind must be \"u\" or \"o\".",
                )
            })?;
            let token = StaticToken {
                owner_kind,
                owner_id: a.str("owner_id", ErrorCode::InvalidClaims)?.to_owned(),
                token_id: a.str("token_id", ErrorCode::InvalidClaims)?.to_owned(),
                region: a
                    .opt_str("region", ErrorCode::InvalidClaims)?
                    .map(str::to_owned),
            };
            Ok(obj([(
                "token",
                s(&generate_static_token(&token, &a.key_bytes("secret")?)?),
            )]))
        }
        "hmac_sha256" => {
            let mac = hmac_sha256(&a.hex("key_hex")?, &a.hex("data_hex")?);
            Ok(obj([("mac_hex", s(&to_hex(&mac)))]))
        }
        "hmac_sha256_verify" => {
            verify_hmac_sha256(&a.hex("key_hex")?, &a.hex("data_hex")?, &a.hex("tag_hex")?)?;
            Ok(Json::Bool(true))
        }
        "generate_local_tokens" => {
            let t = crate::generate_local_tokens()?;
            Ok(obj([
                ("workspace_token", s(&t.workspace_token)),
                ("user_token", s(&t.user_token)),
            ]))
        }
        _ => Err(err(
            ErrorCode::InvalidClaims,
            format!("Unknown operation \"{op}\"."),
        )),
    }
}

/// Reads fields of an input object, reporting a missing or mistyped field with the given code.
struct Args<'a>(&'a Json);

impl<'a> Args<'a> {
    fn get(&self, key: &str) -> Option<&'a Json> {
        self.0.get(key)
    }

    fn str(&self, key: &str, code: ErrorCode) -> Result<&'a str> {
        self.get(key)
            .and_then(Json::as_str)
            .ok_or_else(|| err(code, format!("\"{key}\" must be a string.")))
    }

    fn opt_str(&self, key: &str, code: ErrorCode) -> Result<Option<&'a str>> {
        match self.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::String(v)) => Ok(Some(v)),
            Some(_) => Err(err(code, format!("\"{key}\" must be a string or null."))),
        }
    }

    fn int(&self, key: &str, code: ErrorCode) -> Result<i64> {
        self.get(key)
            .and_then(Json::as_i64)
            .ok_or_else(|| err(code, format!("\"{key}\" must be an integer.")))
    }

    fn list(&self, key: &str, code: ErrorCode) -> Result<&'a [Json]> {
        match self.get(key) {
            Some(Json::Array(items)) => Ok(items),
            _ => Err(err(code, format!("\"{key}\" must be a list."))),
        }
    }

    fn str_list(&self, key: &str, code: ErrorCode) -> Result<Vec<&'a str>> {
        self.list(key, code)?
            .iter()
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| err(code, format!("\"{key}\" must be a list of strings.")))
            })
            .collect()
    }

    fn mode(&self) -> Result<ScopeMode> {
        match self.get("mode") {
            None => Ok(ScopeMode::Forward),
            Some(v) => v.as_str().and_then(ScopeMode::parse).ok_or_else(|| {
                err(
                    ErrorCode::InvalidScope,
                    "\"mode\" must be \"forward\" or \"classic\".",
                )
            }),
        }
    }

    fn kind(&self) -> Result<ResourceKind> {
        self.get("kind")
            .and_then(Json::as_str)
            .and_then(ResourceKind::parse)
            .ok_or_else(|| {
                err(
                    ErrorCode::InvalidPermission,
                    "\"kind\" must be \"datasource\" or \"pipe\".",
                )
            })
    }

    fn hex(&self, key: &str) -> Result<Vec<u8>> {
        let text = self.str(key, ErrorCode::InvalidSigningKey)?;
        from_hex(text).ok_or_else(|| {
            err(
                ErrorCode::InvalidSigningKey,
                format!("\"{key}\" is not hex."),
            )
        })
    }

    /// A key given as `<name>` (UTF-8 text) or `<name>_hex` (bytes).
    fn key_bytes(&self, name: &str) -> Result<Vec<u8>> {
        if let Some(Json::String(text)) = self.get(name) {
            return Ok(text.as_bytes().to_vec());
        }
        self.hex(&format!("{name}_hex"))
    }

    fn keys_bytes(&self) -> Result<Vec<Vec<u8>>> {
        if let Some(Json::Array(items)) = self.get("keys") {
            return items
                .iter()
                .map(|k| {
                    k.as_str()
                        .map(|t| t.as_bytes().to_vec())
                        .ok_or_else(|| err(ErrorCode::InvalidSigningKey, "Keys must be strings."))
                })
                .collect();
        }
        match self.get("keys_hex") {
            Some(Json::Array(items)) => items
                .iter()
                .map(|k| {
                    k.as_str().and_then(from_hex).ok_or_else(|| {
                        err(
                            ErrorCode::InvalidSigningKey,
                            "keys_hex must be hex strings.",
                        )
                    })
                })
                .collect(),
            _ => Err(err(
                ErrorCode::InvalidSigningKey,
                "Give \"keys\" or \"keys_hex\".",
            )),
        }
    }
}

fn s(text: &str) -> Json {
    Json::String(text.to_owned())
}

fn obj<const N: usize>(entries: [(&str, Json); N]) -> Json {
    Json::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

fn scope_json(scope: &Scope) -> Json {
    let opt = |v: Option<&str>| v.map_or(Json::Null, s);
    obj([
        ("type", s(scope.scope_type().as_str())),
        ("resource", opt(scope.resource())),
        ("filter", opt(scope.filter())),
    ])
}

fn scope_strings(scopes: &[Scope]) -> Json {
    Json::Array(scopes.iter().map(|x| Json::String(x.to_string())).collect())
}

fn token_json(name: &str, scopes: &[Scope]) -> Json {
    obj([("name", s(name)), ("scopes", scope_strings(scopes))])
}

fn plan_json(plan: &TokenPlan) -> Json {
    Json::Array(
        plan.tokens()
            .iter()
            .map(|(n, sc)| token_json(n, sc))
            .collect(),
    )
}

/// Reads a plan in the shape [`call`]`("plan_tokens")` returns; scopes are parsed in Forward mode.
pub fn plan_from_json(value: Option<&Json>) -> Result<TokenPlan> {
    let bad = || {
        err(
            ErrorCode::InvalidScope,
            "A plan is a list of {name, scopes}.",
        )
    };
    let Some(Json::Array(items)) = value else {
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
            .map(|x| parse_scope(x.as_str().ok_or_else(bad)?, ScopeMode::Forward))
            .collect::<Result<Vec<_>>>()?;
        tokens.push((name.to_owned(), scopes));
    }
    Ok(TokenPlan::from_tokens(tokens))
}

fn static_json(t: &StaticToken) -> Json {
    obj([
        ("owner_kind", s(t.owner_kind.as_str())),
        ("owner_id", s(&t.owner_id)),
        ("token_id", s(&t.token_id)),
        ("region", t.region.as_deref().map_or(Json::Null, s)),
        ("api_host", s(t.api_host())),
    ])
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_op_and_bad_input_are_errors() {
        assert!(call("nope", &Json::Object(vec![])).is_err());
        let e = call("parse_scope", &Json::Object(vec![])).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidScope);
        assert_eq!(from_hex("0aff"), Some(vec![10, 255]));
        assert_eq!(from_hex("0g"), None);
    }
}
