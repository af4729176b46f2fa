"""The Tinybird-verdict check of every verify_jwt case: PyJWT 2.9.0 called as Tinybird's server calls it
(`reference.tinybird_accepts`) judges the case's token with each of its keys (Tinybird holds one key, the
workspace admin token: a key list is judged as "some key of it would be Tinybird's"). Each case gets
`"tinybird": {"accepts": bool}`; a case we refuse while PyJWT accepts names the row of the contract's
stricter-by-design table that explains it (`"stricter": "<id>"`). The generator fails when we accept
what PyJWT refuses (laxer is never acceptable), when we refuse what PyJWT accepts without a row, and
when a case names a row although PyJWT refuses it too (a stale explanation)."""
from __future__ import annotations

import re

from .common import VECTORS_DIR, Fail, check
from .reference import input_keys, tinybird_accepts

# The ids of the issue 12 contract's stricter-by-design table, in its order; the README table
# ("Verification compared with Tinybird's verifier") must list exactly these, in this order.
STRICTER_IDS = ["segments", "base64", "json_text", "duplicate_members", "number_range", "nesting", "size", "crit",
                "b64", "numeric_date_type"]
# A wrong call (no key, an empty key, a negative leeway) is no token verdict: Tinybird's verifier always
# has one non-empty key and leeway 0, so such cases carry no `tinybird` field.
CALL_ERRORS = {"invalid_argument", "invalid_signing_key"}
README = VECTORS_DIR.parents[1] / "README.md"
SECTION = "## Verification compared with Tinybird's verifier"


def judge(case: dict, stricter: str | None = None) -> dict:
    """Adds the `tinybird` (and `stricter`) fields to a verify_jwt case, or fails (see the module doc)."""
    cid, inp, expect = case["id"], case["input"], case["expect"]
    if expect.get("error") in CALL_ERRORS:
        check(stricter is None, f"{cid}: a wrong call has no Tinybird verdict to be stricter than")
        return case
    accepts = any(tinybird_accepts(inp["token"], key, inp["now"], inp.get("leeway", 0))
                  for key in input_keys(inp) if key)
    case["tinybird"] = {"accepts": accepts}
    if "ok" in expect:
        check(accepts, f"{cid}: we accept a token Tinybird's verifier (PyJWT 2.9.0) refuses")
        check(stricter is None, f"{cid}: an accepted token names stricter row {stricter}")
    elif accepts:
        check(stricter in STRICTER_IDS,
              f"{cid}: we refuse ({expect['error']}) a token PyJWT accepts and no stricter row explains it "
              f"(got {stricter})")
        case["stricter"] = stricter
    else:
        check(stricter is None, f"{cid}: PyJWT refuses it too, so stricter row {stricter} explains nothing")
    return case


def readme_table_ids() -> list[str]:
    """The first column of the README's stricter-by-design table (the ids in backticks), in order."""
    text = README.read_text(encoding="utf-8")
    if SECTION not in text:
        raise Fail(f"README.md has no section {SECTION!r}")
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z0-9_]+)` \|", section, flags=re.MULTILINE)


def check_readme_table() -> None:
    ids = readme_table_ids()
    check(ids == STRICTER_IDS, f"README stricter table ids {ids} != {STRICTER_IDS}")
