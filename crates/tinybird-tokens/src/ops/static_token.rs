//! The JSON form of a static token's fields, as the vectors and the npm package pass them.

use crate::error::{Error, ErrorCode, Result};
use crate::json::Json;
use crate::ops::args::Args;
use crate::static_token::{OwnerKind, StaticToken};

impl StaticToken {
    /// Reads `{owner_kind ("u" / "o"), owner_id, token_id, region (string or null, optional)}`; any
    /// other key is ignored (the secret travels beside them). A missing or mistyped field is
    /// `invalid_argument`.
    pub fn from_json(fields: &Json) -> Result<StaticToken> {
        let a = Args::new(fields);
        let owner_kind = OwnerKind::parse(a.str("owner_kind")?).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidArgument,
                "owner_kind must be \"u\" or \"o\".",
            )
        })?;
        Ok(StaticToken {
            owner_kind,
            owner_id: a.str("owner_id")?.to_owned(),
            token_id: a.str("token_id")?.to_owned(),
            region: a.opt_str("region")?.map(str::to_owned),
        })
    }
}
