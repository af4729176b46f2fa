"""The contract's table of places where we are deliberately stricter than Tinybird's verifier, and a
classifier of our own that names the rows a token falls under.

The classifier reads the token's bytes with predicates written here (strict base64url by re-encoding,
duplicate names through ``object_pairs_hook``, a bracket scanner for depth, Python's own reading for
``NaN`` and ranges); it never asks ``tinybird_tokens``, so a disagreement it cannot name is a bug in the
core or in the table, not in the classifier agreeing with itself.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from typing import Any

# The table's ids in the README's order, each with the code we refuse with.
ROWS: dict[str, str] = {
    "segments": "malformed_token",
    "base64": "malformed_token",
    "json_text": "malformed_token",
    "duplicate_members": "malformed_token",
    "number_range": "malformed_token",
    "nesting": "malformed_token",
    "size": "token_too_large",
    "crit": "malformed_token",
    "b64": "malformed_token",
    "numeric_date_type": "invalid_claims",
}

MAX_TOKEN_BYTES = 16_384
# The deepest nesting the core reads (its `json::MAX_NESTING`): an object or array is one level, a
# scalar none.
MAX_NESTING = 127

_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


def strict_base64url(segment: str) -> bool:
    """RFC 4648 §5 without padding, and canonical: re-encoding the bytes gives the segment back."""
    if not _BASE64URL.fullmatch(segment) or len(segment) % 4 == 1:
        return False
    raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode() == segment


def pyjwt_segments(token: str) -> tuple[bytes, bytes, bytes] | None:
    """The three parts as PyJWT 2.9 splits and decodes them (`None` where it cannot)."""
    try:
        signing_input, signature = token.encode("utf-8").rsplit(b".", 1)
        header, payload = signing_input.split(b".", 1)
        return tuple(  # type: ignore[return-value]
            base64.urlsafe_b64decode(s + b"=" * (-len(s) % 4)) for s in (header, payload, signature)
        )
    except (ValueError, binascii.Error, UnicodeEncodeError):
        return None


def depth(text: bytes) -> int:
    """The deepest bracket nesting outside strings."""
    deepest = level = 0
    in_string = escaped = False
    for byte in text:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            level += 1
            deepest = max(deepest, level)
        elif byte in (0x5D, 0x7D):
            level -= 1
    return deepest


def _strings(value: Any) -> Iterator[str]:
    """Every string in a parsed value, keys included, without recursion."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            yield v
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)


def json_rows(data: bytes) -> tuple[set[str], Any]:
    """The rows a header or claims text falls under, judged on Python's reading of it, and that reading
    (`None` where Python cannot read it)."""
    rows: set[str] = set()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        rows.add("json_text")
    # A BOM (`utf-8-sig`) or UTF-16/32, which Python's json reads.
    if json.detect_encoding(data) != "utf-8":
        rows.add("json_text")
    if depth(data) > MAX_NESTING:
        rows.add("nesting")

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        if len({k for k, _ in items}) != len(items):
            rows.add("duplicate_members")
        return dict(items)

    def constant(name: str) -> float:
        rows.add("json_text")
        return float(name)

    def number(text: str) -> float:
        value = float(text)
        if value in (float("inf"), float("-inf")):
            rows.add("number_range")
        return value

    def integer(text: str) -> int:
        value = int(text)
        try:
            float(value)
        except OverflowError:
            rows.add("number_range")
        return value

    try:
        parsed = json.loads(
            data,
            object_pairs_hook=pairs,
            parse_constant=constant,
            parse_float=number,
            parse_int=integer,
        )
    except (ValueError, RecursionError):
        return rows, None
    if any("\ud800" <= c <= "\udfff" for s in _strings(parsed) for c in s):
        rows.add("json_text")
    return rows, parsed


def stricter_rows(token: str) -> list[str]:
    """Every row of the table the token falls under, in the table's order."""
    rows: set[str] = set()
    if len(token.encode("utf-8", "surrogatepass")) > MAX_TOKEN_BYTES:
        rows.add("size")
    if token.count(".") != 2:
        rows.add("segments")
    if "." in token:
        head, _, rest = token.partition(".")
        if not all(strict_base64url(s) for s in (head, *rest.rsplit(".", 1))):
            rows.add("base64")
    parts = pyjwt_segments(token)
    if parts is not None:
        header_rows, header_obj = json_rows(parts[0])
        claims_rows, claims = json_rows(parts[1])
        rows |= header_rows | claims_rows
        if isinstance(header_obj, dict):
            rows |= {name for name in ("crit", "b64") if name in header_obj}
        if isinstance(claims, dict) and any(
            isinstance(claims.get(name), (str, bool)) for name in ("exp", "nbf")
        ):
            rows.add("numeric_date_type")
    return [row for row in ROWS if row in rows]
