//! Static tokens: `p.` + base64url(payload JSON) + `.` + base64url(HMAC-SHA256 of the payload segment).
//!
//! The payload is Python's `json.dumps` of `{"u": <workspace or user id>, "id": <token id>, "host":
//! <region or null>}` (`"o"` instead of `"u"` for organization tokens), with its default `", "` / `": "`
//! separators; only the middle segment is signed. Decoding never needs the secret; verifying does, and
//! outside Tinybird Local (secret `abcd`) only Tinybird has it.

use crate::b64;
use crate::error::{Error, ErrorCode, Result};
use crate::json::Json;
use crate::keys::{hmac_sha256, verify_hmac_sha256};

/// The secret Tinybird Local signs its tokens with (`tb local generate-tokens`).
pub const LOCAL_SECRET: &str = "abcd";

/// The API host of Tinybird Local, which static tokens with `"host": null` belong to.
pub const LOCAL_API_HOST: &str = "http://localhost:7181";

/// Region id → API host, from Tinybird's own templates; any other region gets the default host.
const REGIONS: &[(&str, &str)] = &[
    (
        "gcp-europe-west2",
        "https://api.europe-west2.gcp.tinybird.co",
    ),
    ("gcp-europe-west3", "https://api.tinybird.co"),
    ("gcp-us-east4", "https://api.us-east.tinybird.co"),
    (
        "gcp-northamerica-northeast2",
        "https://api.northamerica-northeast2.gcp.tinybird.co",
    ),
    (
        "aws-eu-central-1",
        "https://api.eu-central-1.aws.tinybird.co",
    ),
    ("aws-eu-west-1", "https://api.eu-west-1.aws.tinybird.co"),
    ("aws-us-east-1", "https://api.us-east.aws.tinybird.co"),
    ("aws-us-west-2", "https://api.us-west-2.aws.tinybird.co"),
];

/// Whether a static token belongs to a workspace/user (`u`) or an organization (`o`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OwnerKind {
    /// `u`: a workspace or user id.
    User,
    /// `o`: an organization id.
    Organization,
}

impl OwnerKind {
    /// The payload key: `u` or `o`.
    pub fn as_str(self) -> &'static str {
        match self {
            OwnerKind::User => "u",
            OwnerKind::Organization => "o",
        }
    }

    /// Parses `u` / `o`.
    pub fn parse(s: &str) -> Option<OwnerKind> {
        match s {
            "u" => Some(OwnerKind::User),
            "o" => Some(OwnerKind::Organization),
            _ => None,
        }
    }
}

/// The decoded payload of a static token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticToken {
    /// `u` or `o`.
    pub owner_kind: OwnerKind,
    /// The workspace, user or organization id.
    pub owner_id: String,
    /// The token's own id.
    pub token_id: String,
    /// The region id, such as `gcp-europe-west2`; `None` in Tinybird Local.
    pub region: Option<String>,
}

impl StaticToken {
    /// The API host of the token's region (`http://localhost:7181` for Tinybird Local, the default
    /// `https://api.tinybird.co` for a region not in the table).
    pub fn api_host(&self) -> &'static str {
        api_host_for_region(self.region.as_deref())
    }

    fn payload_json(&self) -> Json {
        Json::Object(vec![
            (
                self.owner_kind.as_str().to_owned(),
                Json::String(self.owner_id.clone()),
            ),
            ("id".to_owned(), Json::String(self.token_id.clone())),
            (
                "host".to_owned(),
                self.region.clone().map_or(Json::Null, Json::String),
            ),
        ])
    }
}

/// The API host for a region id (see [`StaticToken::api_host`]).
pub fn api_host_for_region(region: Option<&str>) -> &'static str {
    match region {
        None => LOCAL_API_HOST,
        Some(r) => REGIONS
            .iter()
            .find(|(id, _)| *id == r)
            .map_or("https://api.tinybird.co", |(_, host)| host),
    }
}

fn malformed(why: &str) -> crate::Error {
    Error::new(
        ErrorCode::MalformedToken,
        format!("Not a valid static token: {why}."),
    )
}

fn split(token: &str) -> Result<(&str, &str)> {
    let mut parts = token.split('.');
    let (Some(prefix), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed(
            "a static token has three parts, p.<payload>.<signature>",
        ));
    };
    if prefix != "p" {
        return Err(malformed("a static token starts with \"p.\""));
    }
    Ok((payload, signature))
}

impl serde::Serialize for StaticToken {
    /// `{owner_kind, owner_id, token_id, region, api_host}`: the shape every binding returns.
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("StaticToken", 5)?;
        s.serialize_field("owner_kind", self.owner_kind.as_str())?;
        s.serialize_field("owner_id", &self.owner_id)?;
        s.serialize_field("token_id", &self.token_id)?;
        s.serialize_field("region", &self.region)?;
        s.serialize_field("api_host", self.api_host())?;
        s.end()
    }
}

/// Decodes a static token without verifying it.
///
/// ```
/// use tinybird_tokens::decode_static_token;
/// let t = decode_static_token("p.eyJ1IjogImVmNGNjNGFlLTExZDAtNDVhNy1hNTcxLTJiZDg1NWNkZDZkNCIsICJpZCI6ICJiZTgxMjhhOS1jODkzLTQxNTEtYjM1Yy1mOTJiOTVlZjUyMjAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.hUl1g7KczdKmDf7SClKAJujLz5NqQjFK3AfTG5Epk9Q").unwrap();
/// assert_eq!(t.region.as_deref(), Some("gcp-europe-west2"));
/// assert_eq!(t.api_host(), "https://api.europe-west2.gcp.tinybird.co");
/// ```
pub fn decode_static_token(token: &str) -> Result<StaticToken> {
    let (payload, _) = split(token)?;
    decode_payload(payload)
}

fn decode_payload(segment: &str) -> Result<StaticToken> {
    let bytes = b64::decode(segment).ok_or_else(|| malformed("the payload is not base64url"))?;
    let json = Json::parse_bytes(&bytes).map_err(|_| malformed("the payload is not JSON"))?;
    let Some(entries) = json.as_object() else {
        return Err(malformed("the payload is not a JSON object"));
    };
    let mut owner = None;
    let mut token_id = None;
    let mut region = None;
    for (key, value) in entries {
        match (key.as_str(), value) {
            ("u" | "o", Json::String(id)) if owner.is_none() => {
                owner = Some((OwnerKind::parse(key).expect("u or o"), id.clone()))
            }
            ("id", Json::String(id)) => token_id = Some(id.clone()),
            ("host", Json::String(r)) => region = Some(Some(r.clone())),
            ("host", Json::Null) => region = Some(None),
            _ => {
                return Err(malformed(&format!(
                    "unexpected or repeated field \"{key}\""
                )))
            }
        }
    }
    match (owner, token_id, region) {
        (Some((owner_kind, owner_id)), Some(token_id), Some(region)) => Ok(StaticToken {
            owner_kind,
            owner_id,
            token_id,
            region,
        }),
        _ => Err(malformed(
            "the payload needs \"u\" or \"o\", \"id\" and \"host\"",
        )),
    }
}

/// Decodes a static token and checks its signature with `secret`.
pub fn verify_static_token(token: &str, secret: &[u8]) -> Result<StaticToken> {
    if secret.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidSigningKey,
            "The secret must not be empty.",
        ));
    }
    let (payload, signature) = split(token)?;
    let decoded = decode_payload(payload)?;
    let tag = b64::decode(signature).ok_or_else(|| malformed("the signature is not base64url"))?;
    verify_hmac_sha256(secret, payload.as_bytes(), &tag).map_err(|_| {
        Error::new(
            ErrorCode::InvalidSignature,
            "The static token's signature does not match the secret.",
        )
    })?;
    Ok(decoded)
}

/// Generates a static token in Tinybird's exact format.
///
/// ```
/// use tinybird_tokens::{generate_static_token, StaticToken, OwnerKind};
/// let t = StaticToken {
///     owner_kind: OwnerKind::User,
///     owner_id: "11111111-2222-3333-4444-555555555555".into(),
///     token_id: "66666666-7777-8888-9999-000000000000".into(),
///     region: None,
/// };
/// assert!(generate_static_token(&t, b"abcd").unwrap().ends_with(".76LCwlURDDLDKt-NgEiIdRF_nuaOTSquFlk7v1GojHE"));
/// ```
pub fn generate_static_token(token: &StaticToken, secret: &[u8]) -> Result<String> {
    if secret.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidSigningKey,
            "The secret must not be empty.",
        ));
    }
    let payload = b64::encode(token.payload_json().to_python_string().as_bytes());
    let signature = b64::encode(&hmac_sha256(secret, payload.as_bytes()));
    Ok(format!("p.{payload}.{signature}"))
}

/// The two tokens `tb local generate-tokens` makes for Tinybird Local.
#[derive(Clone, PartialEq, Eq, serde::Serialize)]
pub struct LocalTokens {
    /// The workspace admin token.
    pub workspace_token: String,
    /// The user token.
    pub user_token: String,
}

impl std::fmt::Debug for LocalTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LocalTokens(<redacted>)")
    }
}

/// Makes fresh Tinybird Local tokens like `tb local generate-tokens`: four uuid4s (user, workspace and
/// both token ids) from the caller's 64 random bytes, `host` null, signed with [`LOCAL_SECRET`]. The
/// core does no I/O, randomness included: callers take the bytes from their platform's CSPRNG.
pub fn local_tokens_from_random(random: &[u8; 64]) -> Result<LocalTokens> {
    let id = |i: usize| {
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&random[i * 16..(i + 1) * 16]);
        token_id_from_random(bytes)
    };
    local_tokens_from_ids(&id(0), &id(1), &id(2), &id(3))
}

/// A version-4 UUID, the form of Tinybird's token, user and workspace ids, from 16 random bytes.
pub fn token_id_from_random(random: [u8; 16]) -> String {
    uuid4(random)
}

/// [`local_tokens_from_random`] with given ids, for reproducible tests.
pub fn local_tokens_from_ids(
    user_id: &str,
    workspace_id: &str,
    user_token_id: &str,
    workspace_token_id: &str,
) -> Result<LocalTokens> {
    let make = |owner: &str, id: &str| {
        generate_static_token(
            &StaticToken {
                owner_kind: OwnerKind::User,
                owner_id: owner.to_owned(),
                token_id: id.to_owned(),
                region: None,
            },
            LOCAL_SECRET.as_bytes(),
        )
    };
    Ok(LocalTokens {
        workspace_token: make(workspace_id, workspace_token_id)?,
        user_token: make(user_id, user_token_id)?,
    })
}

/// Formats 16 random bytes as a version-4 UUID.
fn uuid4(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const WS: &str = "11111111-2222-3333-4444-555555555555";
    const V10: &str = "p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4ODgtOTk5OS0wMDAwMDAwMDAwMDAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.zoAnR8LuCeU8lirZizS7kk-zWCI3y13XRpsyJjWJMh8";

    #[test]
    fn anchor_v10_round_trip() {
        let t = verify_static_token(V10, b"abcd").unwrap();
        assert_eq!(t.owner_id, WS);
        assert_eq!(generate_static_token(&t, b"abcd").unwrap(), V10);
        assert_eq!(
            verify_static_token(V10, b"abce").unwrap_err().code(),
            ErrorCode::InvalidSignature
        );
    }

    #[test]
    fn local_tokens_verify() {
        let mut random = [0u8; 64];
        random
            .iter_mut()
            .enumerate()
            .for_each(|(i, b)| *b = i as u8);
        let t = local_tokens_from_random(&random).unwrap();
        let ws = verify_static_token(&t.workspace_token, LOCAL_SECRET.as_bytes()).unwrap();
        assert_eq!(ws.region, None);
        assert_eq!(ws.owner_id.len(), 36);
        assert_eq!(&ws.owner_id[14..15], "4");
        assert_ne!(t.workspace_token, t.user_token);
        assert_eq!(format!("{t:?}"), "LocalTokens(<redacted>)");
    }

    #[test]
    fn malformed() {
        for bad in ["", "p.", "p.x.y", "q.eyJ9.x", "a.b.c.d", "p.e30.x"] {
            assert_eq!(
                decode_static_token(bad).unwrap_err().code(),
                ErrorCode::MalformedToken,
                "{bad:?}"
            );
        }
    }
}
