//! serde for the claim types, under Tinybird's field names.
//!
//! Serializing writes what `create_jwt` signs: `workspace_id`, `name`, `exp`, `scopes` (each
//! `{type, resource, fixed_params?, filter?}`), `limits: {rps}` when set, then the extra claims in
//! order. Deserializing reads any self-describing format into the ordered [`Json`] model (duplicate
//! keys refused) and hands it to the one reader, [`TinybirdClaims::from_json`] and friends, so serde
//! accepts exactly what they accept and a bad claim fails with their message.
//!
//! The key order holds for serializers that write entries as they come (`serde_json::to_string`,
//! [`Json::from_serialize`]); `serde_json::Value` sorts its keys unless `preserve_order` is on.

use serde::de::{self, Deserialize, Deserializer};
use serde::ser::{self, Serialize, SerializeMap, Serializer};

use crate::fixed_params::FixedParams;
use crate::json::Json;
use crate::jwt::claims::{read_scope, TinybirdClaims};
use crate::jwt::request::check_extra_claim_name;
use crate::jwt::scope::{JwtScope, JwtScopeType};

/// A core error as the deserializer's: its message, unchanged.
fn refused<E: de::Error>(e: crate::Error) -> E {
    E::custom(e)
}

impl Serialize for TinybirdClaims {
    /// The claims object `create_jwt` signs, in its order. An extra claim that reuses a Tinybird
    /// claim's name or repeats another is an error (the fields are public; the reader never makes one).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = 4 + usize::from(self.rps_limit.is_some()) + self.extra_claims.len();
        let mut map = serializer.serialize_map(Some(len))?;
        map.serialize_entry("workspace_id", &self.workspace_id)?;
        map.serialize_entry("name", &self.name)?;
        map.serialize_entry("exp", &self.exp)?;
        map.serialize_entry("scopes", &self.scopes)?;
        if let Some(rps) = self.rps_limit {
            map.serialize_entry("limits", &Limits { rps })?;
        }
        for (i, (key, value)) in self.extra_claims.iter().enumerate() {
            check_extra_claim_name(&self.extra_claims, i).map_err(ser::Error::custom)?;
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for TinybirdClaims {
    /// Reads with [`TinybirdClaims::from_json`]'s rules.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<TinybirdClaims, D::Error> {
        TinybirdClaims::from_json(&Json::deserialize(deserializer)?).map_err(refused)
    }
}

/// `limits`: `{"rps": n}`.
#[derive(serde::Serialize)]
struct Limits {
    rps: i64,
}

impl Serialize for JwtScope {
    /// `{"type", "resource", "fixed_params"?, "filter"?}`, as `create_jwt` writes a scope.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len =
            2 + usize::from(self.fixed_params().is_some()) + usize::from(self.filter().is_some());
        let mut map = serializer.serialize_map(Some(len))?;
        map.serialize_entry("type", &self.scope_type())?;
        map.serialize_entry("resource", self.resource())?;
        if let Some(params) = self.fixed_params() {
            map.serialize_entry("fixed_params", params)?;
        }
        if let Some(filter) = self.filter() {
            map.serialize_entry("filter", filter)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for JwtScope {
    /// Reads with [`read_scope`]'s rules (a restriction Tinybird ignores is kept and marked).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<JwtScope, D::Error> {
        read_scope(&Json::deserialize(deserializer)?).map_err(refused)
    }
}

impl Serialize for JwtScopeType {
    /// `"PIPES:READ"` / `"DATASOURCES:READ"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for JwtScopeType {
    /// Reads with [`JwtScopeType::parse`]'s rules.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<JwtScopeType, D::Error> {
        let text = String::deserialize(deserializer)?;
        JwtScopeType::parse(&text).map_err(refused)
    }
}

impl<'de> Deserialize<'de> for FixedParams {
    /// Reads with [`FixedParams::from_json`]'s rules (the API form: an object of strings, numbers
    /// and booleans).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FixedParams, D::Error> {
        FixedParams::from_json(&Json::deserialize(deserializer)?).map_err(refused)
    }
}
