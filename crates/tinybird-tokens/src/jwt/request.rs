//! A Tinybird JWT request (`tb token create jwt`): its rules, and the claims it mints, written straight
//! to PyJWT's bytes.

use crate::error::{Error, ErrorCode, Result};
use crate::json::{write_int, write_string, Json, Style, MAX_NESTING};
use crate::jwt::claims::{numeric_date, TinybirdClaims};
use crate::jwt::minted::check_payload;
use crate::jwt::registered::python_truthy;
use crate::jwt::scope::JwtScope;
use crate::jwt::sign::{sign_payload, unsignable};
use crate::keys::SigningKey;
use crate::ttl::Ttl;

/// The claims a JWT request sets itself; extra claims may not reuse them.
pub const RESERVED_CLAIMS: &[&str] = &["workspace_id", "name", "exp", "scopes", "limits"];

/// Refuses the extra claim at `i` if it reuses a claim the request sets itself or repeats an earlier
/// one (the payload would hold a duplicate key): the one rule for minting and for serializing
/// [`TinybirdClaims`], whose fields are public.
pub(crate) fn check_extra_claim_name(extra_claims: &[(String, Json)], i: usize) -> Result<()> {
    let key = &extra_claims[i].0;
    if RESERVED_CLAIMS.contains(&key.as_str()) || extra_claims[..i].iter().any(|(k, _)| k == key) {
        return Err(Error::new(
            ErrorCode::InvalidClaims,
            format!("Extra claim \"{key}\" is reserved or repeated."),
        )
        .with_input(key.clone()));
    }
    Ok(())
}

/// When a JWT expires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expiry {
    /// A time-to-live from `now` (`exp = now + ttl`, whole seconds).
    Ttl(Ttl),
    /// An absolute Unix time in seconds.
    At(i64),
}

/// Everything needed to mint a Tinybird JWT.
#[derive(Clone, Debug, PartialEq)]
pub struct JwtRequest {
    /// The workspace id (`workspace_id` claim).
    pub workspace_id: String,
    /// The token name (`name` claim): shows in `pipe_stats_rt` and keys the rate limit.
    pub name: String,
    /// When it expires.
    pub expiry: Expiry,
    /// At least one scope.
    pub scopes: Vec<JwtScope>,
    /// `limits.rps`, requests per second. Minting refuses 0 or less (`invalid_limits`): Tinybird
    /// reads such a value as no limit, which is what leaving `limits` out (`None`) says plainly.
    pub rps_limit: Option<i64>,
    /// More claims, after the Tinybird ones, in order.
    pub extra_claims: Vec<(String, Json)>,
}

impl JwtRequest {
    /// The fields of a request's JSON form ([`JwtRequest::from_json`]), which the bindings accept as
    /// options under their own spelling.
    pub const FIELDS: &'static [&'static str] = &[
        "workspace_id",
        "name",
        "ttl",
        "expires_at",
        "scopes",
        "limits",
        "extra_claims",
    ];

    /// The claims, in Tinybird's documented order (`workspace_id`, `name`, `exp`, `scopes`, `limits`,
    /// then the extra claims), after checking every rule.
    pub fn claims(&self, now: i64) -> Result<Json> {
        read_back(&self.payload(now)?)
    }

    /// The claims as [`TinybirdClaims`], after every rule [`create_jwt`] applies, the ones it checks
    /// when signing included (`secret_in_claim`, `token_too_large`): for signing them elsewhere,
    /// e.g. with the `jsonwebtoken` crate. Serialized (serde), they are the JSON `create_jwt` signs,
    /// key for key, in the same order.
    // `#[inline]`: see `check_payload` (the npm package's size).
    #[inline]
    pub fn tinybird_claims(&self, now: i64) -> Result<TinybirdClaims> {
        let payload = self.payload(now)?;
        check_payload(&payload)?;
        TinybirdClaims::from_json(&read_back(&payload)?)
    }

    /// Checks every rule and returns `exp`. A restriction Tinybird would ignore (fixed params on
    /// `DATASOURCES:READ`, a filter on `PIPES:READ`, possible in a scope read from JSON) is refused
    /// first, with the code the scope builders give. A Tinybird token inside any claim
    /// (`secret_in_claim`) and a token too large to verify (`token_too_large`) are refused when the
    /// payload is signed, as for `sign_jwt`.
    pub(crate) fn check(&self, now: i64) -> Result<i64> {
        if let Some(e) = self.scopes.iter().find_map(JwtScope::ignored_error) {
            return Err(e);
        }
        if self.workspace_id.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidClaims,
                "A JWT needs a workspace id.",
            ));
        }
        if self.name.is_empty() {
            return Err(Error::new(ErrorCode::InvalidClaims, "A JWT needs a name."));
        }
        if self.scopes.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidClaims,
                "A JWT needs at least one scope.",
            ));
        }
        let exp = match self.expiry {
            Expiry::Ttl(ttl) => {
                let exp = now.checked_add(ttl.whole_seconds()).ok_or_else(|| {
                    Error::new(
                        ErrorCode::InvalidTtl,
                        "The TTL puts the expiry beyond any representable time.",
                    )
                })?;
                if exp <= now {
                    return Err(Error::new(
                        ErrorCode::InvalidTtl,
                        "The TTL is shorter than one second, so the token would already be expired.",
                    ));
                }
                exp
            }
            Expiry::At(exp) if exp <= now => {
                return Err(Error::new(
                    ErrorCode::InvalidClaims,
                    format!("The expiry {exp} is not in the future (now is {now})."),
                ))
            }
            Expiry::At(exp) => exp,
        };
        if let Some(rps) = self.rps_limit.filter(|rps| *rps <= 0) {
            return Err(Error::new(
                ErrorCode::InvalidLimits,
                format!("limits.rps is {rps}: Tinybird reads 0 or less as no rate limit; leave limits out for none, or give at least 1."),
            ));
        }
        for (i, (key, value)) in self.extra_claims.iter().enumerate() {
            // One level is the claims object itself.
            value
                .check_signable(MAX_NESTING - 1)
                .map_err(|why| unsignable(why).with_input(key.clone()))?;
            check_extra_claim_name(&self.extra_claims, i)?;
            verifiable_extra_claim(key, value, exp)?;
        }
        Ok(exp)
    }

    /// The payload JSON text, written directly (no intermediate tree: this is the signing hot path).
    pub(crate) fn payload(&self, now: i64) -> Result<String> {
        let exp = self.check(now)?;
        let mut out = String::with_capacity(160 + 96 * self.scopes.len());
        out.push_str("{\"workspace_id\":");
        write_string(&mut out, &self.workspace_id);
        out.push_str(",\"name\":");
        write_string(&mut out, &self.name);
        out.push_str(",\"exp\":");
        write_int(&mut out, exp);
        out.push_str(",\"scopes\":[");
        for (i, scope) in self.scopes.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            scope.write(&mut out);
        }
        out.push(']');
        if let Some(rps) = self.rps_limit {
            out.push_str(",\"limits\":{\"rps\":");
            write_int(&mut out, rps);
            out.push('}');
        }
        for (key, value) in &self.extra_claims {
            out.push(',');
            write_string(&mut out, key);
            out.push(':');
            value.write(&mut out, Style::Compact);
        }
        out.push('}');
        Ok(out)
    }
}

/// The payload as a tree. `check` guarantees what the strict parser reads (finite numbers, bounded
/// nesting).
fn read_back(payload: &str) -> Result<Json> {
    Json::parse(payload).map_err(|e| {
        Error::new(
            ErrorCode::InvalidClaims,
            format!("The claims do not read back as JSON ({e})."),
        )
    })
}

/// Refuses an extra claim that Tinybird's verifier would refuse the token for, so that no token is
/// minted that can never be used: a truthy `aud` (the verifier is given no audience), an `nbf` that is
/// not a NumericDate or not before `exp` (never valid). `iat` is not judged, as Tinybird does not.
fn verifiable_extra_claim(key: &str, value: &Json, exp: i64) -> Result<()> {
    let refuse =
        |why: String| Err(Error::new(ErrorCode::InvalidClaims, why).with_input(key.to_owned()));
    match key {
        "aud" if python_truthy(value) => refuse(
            "Extra claim \"aud\" binds the JWT to an audience; Tinybird's verifier is given none, so it \
             would refuse the token."
                .to_owned(),
        ),
        "nbf" => match numeric_date(value) {
            None => refuse(
                "Extra claim \"nbf\" must be a NumericDate (a JSON number of seconds), or Tinybird's \
                 verifier refuses the token."
                    .to_owned(),
            ),
            Some(nbf) if nbf >= exp => refuse(format!(
                "Extra claim \"nbf\" ({nbf}) is not before the expiry ({exp}): the token would never be valid."
            )),
            Some(_) => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Mints a Tinybird JWT: checks the request, builds the claims and signs them with the workspace admin
/// token. `now` is Unix seconds; the core never reads the clock.
///
/// Beyond the request's own rules ([`JwtRequest`]), it refuses what would be signed but never work
/// as meant: a Tinybird static token or JWT in any claim (`secret_in_claim`, the message names the
/// claim's path, never its value), a token longer than [`crate::MAX_TOKEN_BYTES`] (`token_too_large`),
/// `limits.rps` of 0 or less (`invalid_limits`: omit limits for no limit), and fixed params or a filter
/// on a scope type Tinybird ignores them on (`invalid_fixed_params` / `filter_not_supported`).
///
/// ```
/// use tinybird_tokens::{create_jwt, parse_fixed_params, parse_ttl, Expiry, JwtRequest, JwtScope, SigningKey};
/// let admin = "p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4ODgtOTk5OS0wMDAwMDAwMDAwMDAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.zoAnR8LuCeU8lirZizS7kk-zWCI3y13XRpsyJjWJMh8";
/// let key = SigningKey::from_admin_token(admin).unwrap();
/// let request = JwtRequest {
///     workspace_id: "11111111-2222-3333-4444-555555555555".into(),
///     name: "frontend_jwt".into(),
///     expiry: Expiry::At(2_000_000_000),
///     scopes: vec![JwtScope::read_pipe("requests_per_day").unwrap()
///         .with_fixed_params(parse_fixed_params("org_id=testing").unwrap()).unwrap()],
///     rps_limit: None,
///     extra_claims: vec![],
/// };
/// let token = create_jwt(&request, &key, 1_700_000_000).unwrap();
/// assert!(token.ends_with(".6jeHBjgLjH3qVpoeBRnTxOXTYm2o38BzAr3i2nXUdQc"));
/// ```
pub fn create_jwt(request: &JwtRequest, key: &SigningKey, now: i64) -> Result<String> {
    let key = key.require_admin()?;
    let payload = request.payload(now)?;
    sign_payload(&payload, key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixed_params::FixedParams;
    use crate::jwt::sign::sign_jwt;

    /// Every extra claim `create_jwt` accepts gives a token `decode_jwt` (every check but the key and
    /// the clock) accepts too; the ones Tinybird's verifier would refuse are refused at mint.
    #[test]
    fn extra_claims_tinybird_would_refuse_are_not_minted() {
        let key = SigningKey::from_admin_token(
            "p.eyJ1IjogInciLCAiaWQiOiAidCIsICJob3N0IjogbnVsbH0.DY9N2AxfHNYja65q-HPC6yOmfoNLFmCQdgUIamDdu9E",
        )
        .unwrap();
        let mint = |extra: &str| {
            let request = JwtRequest {
                workspace_id: "w".into(),
                name: "n".into(),
                expiry: Expiry::At(100),
                scopes: vec![JwtScope::read_pipe("p").unwrap()],
                rps_limit: None,
                extra_claims: Json::parse(extra).unwrap().as_object().unwrap().to_vec(),
            };
            create_jwt(&request, &key, 0)
        };
        for refused in [
            r#"{"aud":"app"}"#,
            r#"{"aud":["a"]}"#,
            r#"{"aud":1}"#,
            r#"{"nbf":"10"}"#,
            r#"{"nbf":true}"#,
            r#"{"nbf":null}"#,
            r#"{"nbf":100}"#,
            r#"{"nbf":100.5}"#,
        ] {
            let e = mint(refused).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidClaims, "{refused}");
        }
        for accepted in [
            r#"{"aud":""}"#,
            r#"{"aud":null}"#,
            r#"{"aud":[]}"#,
            r#"{"nbf":99.9}"#,
            r#"{"nbf":-5}"#,
            r#"{"iat":"whenever"}"#,
        ] {
            let token = mint(accepted).unwrap();
            assert!(crate::decode_jwt(&token).is_ok(), "{accepted}");
        }
    }

    /// A `Json` built in Rust may hold NaN or an infinity (parsing never makes one): signing it is an
    /// error, not a panic and not the invalid `NaN` Python's `json.dumps` would write.
    #[test]
    fn non_finite_numbers_are_refused() {
        let key = SigningKey::from_bytes(b"k").unwrap();
        for f in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let claims = Json::Object(vec![
                ("exp".into(), Json::Int(1)),
                ("x".into(), Json::Array(vec![Json::Float(f)])),
            ]);
            assert_eq!(
                sign_jwt(&claims, &key).unwrap_err().code(),
                ErrorCode::InvalidClaims
            );
            let mut params = FixedParams::new();
            assert_eq!(
                params.insert("p", Json::Float(f)).unwrap_err().code(),
                ErrorCode::InvalidFixedParams
            );
            let request = JwtRequest {
                workspace_id: "w".into(),
                name: "n".into(),
                expiry: Expiry::At(10),
                scopes: vec![JwtScope::read_pipe("p").unwrap()],
                rps_limit: None,
                extra_claims: vec![("x".into(), Json::Float(f))],
            };
            let admin = SigningKey::from_admin_token(
                "p.eyJ1IjogInciLCAiaWQiOiAidCIsICJob3N0IjogbnVsbH0.DY9N2AxfHNYja65q-HPC6yOmfoNLFmCQdgUIamDdu9E",
            )
            .unwrap();
            let e = create_jwt(&request, &admin, 0).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidClaims);
            assert!(e.message().contains("NaN or infinite"), "{}", e.message());
        }
    }

    /// Claims deeper than the strict parser reads would make a token that never verifies.
    #[test]
    fn claims_too_deep_to_verify_are_refused() {
        let key = SigningKey::from_bytes(b"k").unwrap();
        let nested = |levels: usize| {
            let mut v = Json::Int(1);
            for _ in 0..levels {
                v = Json::Array(vec![v]);
            }
            v
        };
        let claims = |levels| {
            Json::Object(vec![
                ("exp".into(), Json::Int(10)),
                ("x".into(), nested(levels)),
            ])
        };
        // Far deeper than any stack would survive a recursive walk of: refused, not a crash (leaked,
        // because dropping it would recurse).
        let very_deep = claims(200_000);
        assert_eq!(
            sign_jwt(&very_deep, &key).unwrap_err().code(),
            ErrorCode::InvalidClaims
        );
        std::mem::forget(very_deep);
        let token = sign_jwt(&claims(MAX_NESTING - 1), &key).unwrap();
        assert!(
            crate::verify_jwt(&token, &[key.verifying_key()], &crate::VerifyOptions::at(0)).is_ok()
        );
        let e = sign_jwt(&claims(MAX_NESTING), &key).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidClaims);
        let admin = SigningKey::from_admin_token(
            "p.eyJ1IjogInciLCAiaWQiOiAidCIsICJob3N0IjogbnVsbH0.DY9N2AxfHNYja65q-HPC6yOmfoNLFmCQdgUIamDdu9E",
        )
        .unwrap();
        let request = |levels| JwtRequest {
            workspace_id: "w".into(),
            name: "n".into(),
            expiry: Expiry::At(10),
            scopes: vec![JwtScope::read_pipe("p").unwrap()],
            rps_limit: None,
            extra_claims: vec![("x".into(), nested(levels))],
        };
        assert!(request(MAX_NESTING - 1).claims(0).is_ok());
        assert_eq!(
            request(MAX_NESTING).claims(0).unwrap_err().code(),
            ErrorCode::InvalidClaims
        );
        assert_eq!(
            create_jwt(&request(MAX_NESTING), &admin, 0)
                .unwrap_err()
                .code(),
            ErrorCode::InvalidClaims
        );
    }
}
