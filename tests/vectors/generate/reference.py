"""The README's rules, re-derived: each `ref_*` takes a case's input and returns its ok value or raises
`RefError`, so that `check_case_against` catches a hand-written expectation that disagrees. PyJWT is asked
to agree with the verify/decode cases it can decode (`pyjwt_agrees_*`), and `tinybird_accepts` is
Tinybird's own verifier (PyJWT 2.9.0 called as its server calls it), whose verdict `tinybird.judge`
compares with every verify_jwt case. `ref_verify_right_key` is what inspection's `verification` flags
must agree with."""
from __future__ import annotations

import contextlib
import datetime as _dt
import decimal
import hmac
import json
import re
import shlex
from decimal import ROUND_HALF_EVEN, Decimal, getcontext

import jwt
import jwt.api_jwt

from .common import (
    MAX_TOKEN_BYTES, SECRET_RE, TIMEDELTA_MAX_SECONDS, Fail, RefError, b64u, b64u_lenient, check, hs256, mask, pyjwt,
    secret_in_claim_message, secret_path, too_large_message,
)

NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def name_message(name: str) -> str:
    return (f'Invalid token name: "{mask(name)}". Must start with a letter or underscore and contain only alphanumeric '
            f"characters and underscores.")


def ref_define_token(inp: dict):
    if not NAME_RE.fullmatch(inp["name"]):
        raise RefError("invalid_token_name", name_message(inp["name"]))
    return {"name": inp["name"]}


TWO_SEGMENT_PREFIXES = {"DATASOURCES", "PIPES", "WORKSPACE", "ORG_DATASOURCES"}
# type -> (allowed in Forward, resource: "required" / "none" / "optional", filter allowed in Classic)
SCOPE_TYPES = {
    "DATASOURCES:READ": (True, "required", True),
    "PIPES:READ": (True, "required", True),
    "DATASOURCES:APPEND": (True, "required", False),
    "TOKENS": (True, "none", False),
    "ADMIN": (True, "none", False),
    "WORKSPACE:READ_ALL": (True, "none", False),
    "WORKSPACE:DEPLOY": (True, "none", False),
    "ORG_DATASOURCES:READ": (True, "none", False),
    "DATASOURCES:CREATE": (False, "optional", False),
    "PIPES:CREATE": (False, "optional", False),
    "DATASOURCES:DROP": (False, "required", False),
    "PIPES:DROP": (False, "required", False),
}
INTERNAL_SCOPE_TYPES = {"ADMIN_USER", "AUTH"}
RESOURCE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?")


def ref_parse_scope(text: str, mode: str) -> dict:
    if text == "" or text != text.strip():
        raise RefError("invalid_scope")
    parts = text.split(":")
    if parts[0] in TWO_SEGMENT_PREFIXES:
        if len(parts) < 2:
            raise RefError("invalid_scope")
        scope_type, rest = f"{parts[0]}:{parts[1]}", parts[2:]
    else:
        scope_type, rest = parts[0], parts[1:]
    resource = rest[0] if rest else None
    filt = ":".join(rest[1:]) if len(rest) > 1 else None
    return ref_scope_from_parts(scope_type, resource, filt, mode)


def ref_scope_from_parts(scope_type: str, resource: str | None, filt: str | None, mode: str) -> dict:
    """The checks on a scope's parts, in the README's order (shared by parse_scope and format_scope)."""
    if scope_type not in SCOPE_TYPES and scope_type not in INTERNAL_SCOPE_TYPES:
        raise RefError("invalid_scope")
    if scope_type in INTERNAL_SCOPE_TYPES:
        raise RefError("scope_not_allowed")
    forward_ok, resource_rule, classic_filter = SCOPE_TYPES[scope_type]
    if mode == "forward" and not forward_ok:
        raise RefError("scope_not_allowed")
    if resource_rule == "none" and resource is not None:
        raise RefError("unexpected_resource")
    if resource_rule == "required" and not resource:
        raise RefError("missing_resource")
    if resource is not None and not RESOURCE_RE.fullmatch(resource):
        raise RefError("invalid_scope")
    if filt is not None and (mode == "forward" or not classic_filter):
        raise RefError("filter_not_supported")
    if filt == "":
        raise RefError("invalid_scope")
    return {"type": scope_type, "resource": resource, "filter": filt}


def format_scope(parsed: dict) -> str:
    return ":".join(p for p in (parsed["type"], parsed["resource"], parsed["filter"]) if p is not None)


ACTIONS_WITH_RESOURCE = {"read_datasource", "append_datasource", "drop_datasource", "read_pipe", "drop_pipe"}
ACTIONS_WITHOUT_RESOURCE = {"create_datasource", "create_pipe", "manage_tokens", "deploy", "read_org_datasources"}


def ref_scope_allows(s: dict, action: str, resource: str | None) -> bool:
    t, r = s["type"], s["resource"]
    if t == "ADMIN":
        return True
    if t == "DATASOURCES:READ":
        return action == "read_datasource" and resource in (r, f"{r}_quarantine")
    if t == "WORKSPACE:READ_ALL":
        return action in ("read_datasource", "read_pipe")
    if t == "DATASOURCES:APPEND":
        return action == "append_datasource" and resource == r
    if t == "DATASOURCES:CREATE":
        return action in ("create_datasource", "append_datasource")
    if t == "DATASOURCES:DROP":
        return action == "drop_datasource" and resource == r
    if t == "PIPES:READ":
        return action == "read_pipe" and resource == r
    if t == "PIPES:CREATE":
        return action == "create_pipe"
    if t == "PIPES:DROP":
        return action == "drop_pipe" and resource == r
    if t == "TOKENS":
        return action == "manage_tokens"
    if t == "WORKSPACE:DEPLOY":
        return action == "deploy"
    if t == "ORG_DATASOURCES:READ":
        return action == "read_org_datasources"
    raise Fail(f"unhandled scope type {t}")


def ref_scopes_allow(inp: dict) -> bool:
    parsed = [ref_parse_scope(s, inp["mode"]) for s in inp["scopes"]]
    action, resource = inp["action"], inp["resource"]
    if action in ACTIONS_WITH_RESOURCE and resource is None:
        raise RefError("missing_resource")
    if action in ACTIONS_WITHOUT_RESOURCE and resource is not None:
        raise RefError("unexpected_resource")
    check(action in ACTIONS_WITH_RESOURCE | ACTIONS_WITHOUT_RESOURCE, f"unknown action {action}")
    return any(ref_scope_allows(s, action, resource) for s in parsed)


def render_permission_message(kind: str, perm: str, name: str) -> str:
    if kind == "pipe":
        return f"Invalid permission {mask(perm)} for token {mask(name)}. Only READ is allowed for pipes"
    return (f"Invalid permission {mask(perm)} for token {mask(name)}. "
            "Only READ and APPEND are allowed for datasources")


def ref_render(inp: dict) -> str:
    lines = []
    for t in inp["tokens"]:
        if not NAME_RE.fullmatch(t["name"]):
            raise RefError("invalid_token_name", name_message(t["name"]))
        if "permissions" in t:
            permissions = t["permissions"]
        elif "permission" in t:
            permissions = [t["permission"]]
        elif inp["kind"] == "pipe":
            permissions = ["READ"]  # the only permission a pipe token can have
        else:
            raise RefError("invalid_permission", "A data source token needs a permission: READ or APPEND.")
        allowed = ("READ",) if inp["kind"] == "pipe" else ("READ", "APPEND")
        for permission in permissions:
            if permission not in allowed:
                raise RefError("invalid_permission", render_permission_message(inp["kind"], permission, t["name"]))
            lines.append(f"TOKEN {t['name']} {permission}")
    return "\n".join(lines)


MSG_TWO_PARAMS = 'TOKEN takes two params: token name and permission e.g TOKEN "read api token" READ'


def msg_arg_count(n: int) -> str:
    return f"Invalid number of arguments for TOKEN command: {n}. Expected 2 arguments: token name and permission"


def msg_bad_permission(perm: str) -> str:
    return f"Invalid permission: {mask(perm)}. Only READ and APPEND are supported"


def msg_pipe_append(name: str) -> str:
    return f"Invalid permission APPEND for token {mask(name)}. Only READ is allowed for pipes"


def ref_parse_datafile(kind: str, text: str) -> list[dict]:
    """tb's TOKEN parsing (shlex for quoted lines), as the README describes it."""
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.endswith("\r"):
            line = line[:-1]
        if not line or line[0].isspace() or line.startswith("#"):
            continue
        words = line.split()
        if words[0].upper() != "TOKEN":
            continue
        if '"' in line or "'" in line:
            try:
                words = shlex.split(line)
            except ValueError as e:
                raise RefError("datafile_syntax", str(e), number) from None
        args = words[1:]
        if len(args) < 2:
            raise RefError("datafile_syntax", MSG_TWO_PARAMS, number)
        if len(args) > 2:
            raise RefError("datafile_syntax", msg_arg_count(len(args)), number)
        name, perm = args
        if perm.upper() not in ("READ", "APPEND"):
            raise RefError("invalid_permission", msg_bad_permission(perm), number)
        perm = perm.upper()
        if kind == "pipe" and perm == "APPEND":
            raise RefError("invalid_permission", msg_pipe_append(name), number)
        out.append({"name": name, "permission": perm, "line": number})
    return out


def ref_plan(inp: dict) -> list[dict]:
    plan: dict[str, list[str]] = {}
    for f in inp["files"]:
        for t in ref_parse_datafile(f["kind"], f["text"]):
            prefix = "PIPES" if f["kind"] == "pipe" else "DATASOURCES"
            s = f"{prefix}:{t['permission']}:{f['name']}"
            scopes = plan.setdefault(t["name"], [])
            if s not in scopes:
                scopes.append(s)
    return [{"name": n, "scopes": plan[n]} for n in sorted(plan, key=lambda n: n.encode("utf-8"))]


def ref_diff(inp: dict) -> dict:
    # Plans hold real scopes: each is parsed (Forward mode) before anything is compared.
    for t in inp["old"] + inp["new"]:
        for scope in t["scopes"]:
            ref_parse_scope(scope, "forward")
    old = {t["name"]: t["scopes"] for t in inp["old"]}
    new = {t["name"]: t["scopes"] for t in inp["new"]}

    def key(n):
        return n.encode("utf-8")

    create = [{"name": n, "scopes": new[n]} for n in sorted(set(new) - set(old), key=key)]
    delete = sorted(set(old) - set(new), key=key)
    update = []
    for n in sorted(set(old) & set(new), key=key):
        if set(old[n]) != set(new[n]):
            update.append({"name": n, "added": [s for s in new[n] if s not in old[n]],
                           "removed": [s for s in old[n] if s not in new[n]]})
    return {"create": create, "update": update, "delete": delete}


TTL_UNITS = [  # (seconds per unit as an exact Decimal, the float humanfriendly uses, names)
    (Decimal("1e-9"), 1e-9, ("ns", "nanosecond", "nanoseconds")),
    (Decimal("1e-6"), 1e-6, ("us", "microsecond", "microseconds")),
    (Decimal("1e-3"), 1e-3, ("ms", "millisecond", "milliseconds")),
    (Decimal(1), 1, ("s", "sec", "secs", "second", "seconds")),
    (Decimal(60), 60, ("m", "min", "mins", "minute", "minutes")),
    (Decimal(3600), 3600, ("h", "hour", "hours")),
    (Decimal(86400), 86400, ("d", "day", "days")),
    (Decimal(604800), 604800, ("w", "week", "weeks")),
    (Decimal(31449600), 31449600, ("y", "year", "years")),
]
TTL_RE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?) *([A-Za-z]*)\s*")


def ref_parse_ttl(text: str) -> dict:
    getcontext().prec = 200  # exact for every TTL the vectors hold
    """The README grammar with exact arithmetic, cross-checked against tb's float + timedelta path."""
    m = TTL_RE.fullmatch(text)
    if not m:
        raise RefError("invalid_ttl")
    number, unit = m.group(1), m.group(2).lower()
    if unit == "":
        exact, approx = Decimal(number), float(number)
    else:
        for per, per_float, names in TTL_UNITS:
            if unit in names:
                exact, approx = Decimal(number) * per, float(number) * per_float
                break
        else:
            raise RefError("invalid_ttl")
    # Python's timedelta keeps microseconds, rounding half to even; the seconds are then rounded down.
    micros = (exact * 1_000_000).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    if micros > TIMEDELTA_MAX_SECONDS * 1_000_000:
        raise RefError("invalid_ttl")
    seconds = int(micros // 1_000_000)
    # What tb does: timedelta(seconds=float) then int() of now + ttl (now a whole second here).
    try:
        tb_seconds = int((_dt.datetime(2023, 11, 14, tzinfo=_dt.timezone.utc)
                          + _dt.timedelta(seconds=approx)).timestamp()) - 1699920000
        check(tb_seconds == seconds, f"TTL {text!r}: exact {seconds} != tb {tb_seconds}; pick another vector")
    except OverflowError:
        # Near timedelta.max the datetime addition overflows; the timedelta itself must still fit.
        check(_dt.timedelta(seconds=approx) <= _dt.timedelta.max, f"TTL {text!r} overflows timedelta")
    return {"seconds": seconds}


def ref_fixed_params(inp: dict) -> list[list[str]]:
    text = inp["text"]
    if text == "":
        raise RefError("invalid_fixed_params")
    out, seen = [], set()
    for piece in text.split(","):
        parts = piece.split("=")
        if len(parts) != 2 or parts[0] == "" or parts[0] in seen:
            raise RefError("invalid_fixed_params")
        seen.add(parts[0])
        out.append(parts)
    return out


def create_claims(inp: dict, exp: int) -> dict:
    """The documented claim order; an empty fixed_params object is left out."""
    claims = {"workspace_id": inp["workspace_id"], "name": inp["name"], "exp": exp, "scopes": []}
    for s in inp["scopes"]:
        out = {"type": s["type"], "resource": s["resource"]}
        if s.get("fixed_params"):
            out["fixed_params"] = s["fixed_params"]
        if "filter" in s:
            out["filter"] = s["filter"]
        claims["scopes"].append(out)
    if "limits" in inp:
        claims["limits"] = inp["limits"]
    claims.update(inp.get("extra_claims", {}))
    return claims


RESERVED_CLAIMS = ("workspace_id", "name", "exp", "scopes", "limits")


# The create_jwt op's input: the key and the clock, then the request's JSON form.
CREATE_FIELDS = ("key", "now", "workspace_id", "name", "ttl", "expires_at", "scopes", "limits", "extra_claims")


def ref_create_jwt(inp: dict) -> dict:
    """The README's create_jwt rules, in the order they are written there."""
    try:
        ref_decode_static(inp["key"])
    except RefError:
        raise RefError("invalid_signing_key") from None
    if any(k not in CREATE_FIELDS for k in inp) or ("ttl" in inp) == ("expires_at" in inp):
        raise RefError("invalid_argument")  # calling wrongly, before any claim is judged
    if not inp["workspace_id"] or not inp["name"]:
        raise RefError("invalid_claims")
    if "ttl" in inp:
        ttl = inp["ttl"]
        if isinstance(ttl, bool) or not isinstance(ttl, (str, int, float)):
            raise RefError("invalid_ttl")
        # A number of seconds reads as its shortest decimal text, never with an exponent.
        text = ttl if isinstance(ttl, str) else format(decimal.Decimal(repr(ttl)), "f")
        exp = inp["now"] + ref_parse_ttl(text)["seconds"]
        if exp <= inp["now"]:
            raise RefError("invalid_ttl")
    else:
        exp = inp["expires_at"]
        if exp <= inp["now"]:
            raise RefError("invalid_claims")
    if not inp["scopes"]:
        raise RefError("invalid_claims")
    for s in inp["scopes"]:
        if s["type"] not in ("PIPES:READ", "DATASOURCES:READ"):
            raise RefError("scope_not_allowed" if s["type"] in SCOPE_TYPES or s["type"] in INTERNAL_SCOPE_TYPES
                           else "invalid_scope")
        if s["resource"] == "":
            raise RefError("missing_resource")
        if SECRET_RE.search(s["resource"]):
            raise RefError("secret_in_claim")
        if not RESOURCE_RE.fullmatch(s["resource"]):
            raise RefError("invalid_scope")
        if "filter" in s:
            if s["type"] == "PIPES:READ":
                raise RefError("filter_not_supported")
            if s["filter"] == "":
                raise RefError("invalid_scope")
        if "fixed_params" in s:
            fp = s["fixed_params"]
            if s["type"] == "DATASOURCES:READ":
                raise RefError("invalid_fixed_params")
            for k, v in fp.items():
                if k == "" or v is None or not isinstance(v, (str, int, float, bool)):
                    raise RefError("invalid_fixed_params")
    if "limits" in inp:
        rps = inp["limits"].get("rps")
        if isinstance(rps, bool) or not isinstance(rps, int) or rps < 1:
            raise RefError("invalid_limits")
    extra = inp.get("extra_claims", {})
    if any(k in RESERVED_CLAIMS for k in extra):
        raise RefError("invalid_claims")
    # Extra claims Tinybird's verifier would refuse the token for: verify's claim rules without the clock
    # (an `nbf` that is not a NumericDate, a truthy `aud`), and an `nbf` not before `exp` (never valid).
    # `iat` is not judged, as Tinybird does not.
    claims = create_claims(inp, exp)
    ref_claim_rules(claims)
    if "nbf" in claims and numeric_date(claims["nbf"]) >= exp:
        raise RefError("invalid_claims")
    return ref_mint(claims, inp["key"])


def ref_mint(claims: dict, key) -> dict:
    """What every minted token must satisfy: no Tinybird token in a claim, a size verification accepts."""
    path = secret_path(claims)
    if path is not None:
        raise RefError("secret_in_claim", secret_in_claim_message(path))
    token = pyjwt(claims, key)
    if len(token) > MAX_TOKEN_BYTES:
        raise RefError("token_too_large", too_large_message(len(token)))
    return {"token": token}


B64URL_RE = re.compile(r"[A-Za-z0-9_-]*")
MAX_DEPTH = 127  # the core's `json::MAX_NESTING`: the claims object counts as one
I64_MIN, I64_MAX, U64_MAX = -(2 ** 63), 2 ** 63 - 1, 2 ** 64 - 1


def strict_b64(text: str) -> bytes:
    if not B64URL_RE.fullmatch(text) or len(text) % 4 == 1:
        raise RefError("malformed_token")
    data = b64u_lenient(text)
    if b64u(data) != text:
        raise RefError("malformed_token")  # non-canonical trailing bits
    return data


def depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


def exact_int(text: str) -> int:
    """An integer literal as Python's `json` (and so PyJWT, and the Python package's verify and decode)
    returns it: exact; beyond the f64 range refused all the same (table row `number_range`)."""
    n = int(text)
    try:
        float(n)
    except OverflowError:
        raise RefError("malformed_token") from None
    return n


def core_int(text: str):
    """An integer literal as the core's `Json` holds it (what inspection reports): exact within i64 /
    u64, otherwise the nearest f64; beyond the f64 range refused (table row `number_range`)."""
    n = exact_int(text)
    return n if I64_MIN <= n <= U64_MAX else float(n)


def core_float(text: str) -> float:
    """A fraction or exponent literal as an f64; `1e400` (inf) is refused (table row `number_range`)."""
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise RefError("malformed_token")
    return value


def has_surrogate(value) -> bool:
    """A lone `\\uD800`-style escape: Python's json takes it, RFC 8259 text in UTF-8 cannot hold it."""
    if isinstance(value, str):
        return any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, list):
        return any(has_surrogate(v) for v in value)
    if isinstance(value, dict):
        return any(has_surrogate(k) or has_surrogate(v) for k, v in value.items())
    return False


def strict_json_object(data: bytes, core_numbers: bool = False) -> dict:
    """RFC 8259 JSON in UTF-8 (no BOM, no NaN, no lone surrogate), no duplicate member at any depth,
    numbers within f64, at most 127 levels, an object: else `malformed_token`."""
    def pairs(items):
        keys = [k for k, _ in items]
        if len(keys) != len(set(keys)):
            raise RefError("malformed_token")
        return dict(items)

    def no_constant(name):
        raise RefError("malformed_token")

    try:
        text = data.decode("utf-8")  # a UTF-8-encoded surrogate is invalid UTF-8 here too
        value = json.loads(text, object_pairs_hook=pairs, parse_constant=no_constant,
                           parse_int=core_int if core_numbers else exact_int,
                           parse_float=core_float)  # json.loads(str) refuses a leading BOM
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise RefError("malformed_token") from None
    if not isinstance(value, dict) or depth(value) > MAX_DEPTH or has_surrogate(value):
        raise RefError("malformed_token")
    return value


def numeric_date(value) -> int:
    """RFC 7519 NumericDate as the contract reads it: any JSON number, truncated toward zero (Python's
    `int()`, as PyJWT does) and saturated into i64; a string, boolean, null, array or object is
    `invalid_claims` (table row `numeric_date_type` where PyJWT's `int()` would take it)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RefError("invalid_claims")
    return max(I64_MIN, min(I64_MAX, int(value)))


def ref_decode(token: str):
    """Steps 2-3 up to the header object: prefix, size, segments, header JSON."""
    if token.startswith("p."):
        raise RefError("malformed_token")
    if len(token.encode("utf-8")) > MAX_TOKEN_BYTES:
        raise RefError("token_too_large")
    parts = token.split(".")
    if len(parts) != 3:
        raise RefError("malformed_token")
    header = strict_json_object(strict_b64(parts[0]))
    return parts, header


def ref_header_rules(header: dict) -> None:
    alg = header.get("alg")
    if not isinstance(alg, str) or alg != "HS256":
        raise RefError("algorithm_not_allowed")
    if "crit" in header or "b64" in header:
        raise RefError("malformed_token")


def ref_payload(parts) -> dict:
    return strict_json_object(strict_b64(parts[1]))


def ref_claim_rules(claims: dict, now: int | None = None, leeway: int = 0) -> None:
    """Steps 6-9; with `now = None` (decode) the NumericDate types only, no clock."""
    if claims.get("exp") is None:
        raise RefError("missing_claim")  # PyJWT's `require`: a null exp is missing
    if "nbf" in claims:
        nbf = numeric_date(claims["nbf"])
        if now is not None and nbf > now + leeway:
            raise RefError("token_not_yet_valid")
    exp = numeric_date(claims["exp"])
    if now is not None and exp <= now - leeway:
        raise RefError("token_expired")
    if claims.get("aud"):  # Python's truthiness, as PyJWT's `_validate_aud` with no audience
        raise RefError("invalid_claims")


def ref_decode_jwt(inp: dict) -> dict:
    """Every check of verify_jwt but the HMAC comparison and the clock."""
    parts, header = ref_decode(inp["token"])
    ref_header_rules(header)
    strict_b64(parts[2])  # length and value are not judged
    claims = ref_payload(parts)
    ref_claim_rules(claims)
    return {"header": header, "claims": claims}


def input_keys(inp: dict) -> list[bytes]:
    if "keys_hex" in inp:
        return [bytes.fromhex(k) for k in inp["keys_hex"]]
    return [k.encode("utf-8") for k in inp["keys"]]


def ref_verify_jwt(inp: dict) -> dict:
    keys = input_keys(inp)
    if any(len(k) == 0 for k in keys):
        raise RefError("invalid_signing_key")
    if inp.get("leeway", 0) < 0 or not keys:
        raise RefError("invalid_argument")  # calling wrongly, not a bad key or token
    parts, header = ref_decode(inp["token"])
    ref_header_rules(header)
    signature = strict_b64(parts[2])
    signing_input = f"{parts[0]}.{parts[1]}".encode("utf-8")
    key_index = None
    if len(signature) == 32:
        for i, k in enumerate(keys):
            if hmac.compare_digest(hs256(k, signing_input), signature):
                key_index = i
                break
    if key_index is None:
        raise RefError("invalid_signature")
    claims = ref_payload(parts)
    ref_claim_rules(claims, inp["now"], inp.get("leeway", 0))
    return {"header": header, "claims": claims, "key_index": key_index}


def ref_verify_right_key(token: str, now: int) -> None:
    """verify_jwt with the right key (the HMAC taken as matching when the signature is 32 bytes) at
    `now`, leeway 0: what inspection's `verification: true` problems must agree with."""
    parts, header = ref_decode(token)
    ref_header_rules(header)
    if len(strict_b64(parts[2])) != 32:
        raise RefError("invalid_signature")
    ref_claim_rules(ref_payload(parts), now)


@contextlib.contextmanager
def frozen_pyjwt_clock(now: int):
    """PyJWT reads `datetime.now`; pin it to the case's `now` (no real clock is consulted)."""
    real = jwt.api_jwt.datetime

    class Frozen(real):
        @classmethod
        def now(cls, tz=None):
            return real.fromtimestamp(now, tz)

    jwt.api_jwt.datetime = Frozen
    try:
        yield
    finally:
        jwt.api_jwt.datetime = real


def tinybird_decode(token: str, key: bytes, now: int, leeway: int = 0) -> dict:
    """Tinybird's verifier (the contract's call of PyJWT 2.9.0: HS256, `exp` required, `verify_iat` off,
    no audience, no issuer), clock pinned to `now`. Raises whatever PyJWT raises."""
    with frozen_pyjwt_clock(now):
        return jwt.api_jwt.decode_complete(token, key, algorithms=["HS256"], leeway=leeway,
                                           options={"verify_iat": False, "require": ["exp"]})


def tinybird_accepts(token: str, key: bytes, now: int, leeway: int = 0) -> bool:
    """Any exception is a refusal: Tinybird answers 403 or 500, the request is refused either way."""
    try:
        tinybird_decode(token, key, now, leeway)
    except Exception:  # noqa: BLE001 - TypeError, OverflowError, RecursionError... all refuse
        return False
    return True


def pyjwt_agrees_verify(case: dict) -> None:
    inp, value = case["input"], case["expect"]["ok"]
    key = input_keys(inp)[value["key_index"]]
    got = tinybird_decode(inp["token"], key, inp["now"], inp.get("leeway", 0))
    check(got["header"] == value["header"] and list(got["header"]) == list(value["header"]),
          f"{case['id']}: PyJWT header differs")
    check(got["payload"] == value["claims"] and list(got["payload"]) == list(value["claims"]),
          f"{case['id']}: PyJWT claims differ")


def pyjwt_agrees_decode(case: dict) -> None:
    value = case["expect"]["ok"]
    got = jwt.api_jwt.decode_complete(case["input"]["token"], options={"verify_signature": False})
    check(got["header"] == value["header"] and got["payload"] == value["claims"], f"{case['id']}: PyJWT differs")


API_HOSTS = {
    None: "http://localhost:7181",
    "gcp-europe-west2": "https://api.europe-west2.gcp.tinybird.co",
    "gcp-europe-west3": "https://api.tinybird.co",
    "gcp-us-east4": "https://api.us-east.tinybird.co",
    "gcp-northamerica-northeast2": "https://api.northamerica-northeast2.gcp.tinybird.co",
    "aws-eu-central-1": "https://api.eu-central-1.aws.tinybird.co",
    "aws-eu-west-1": "https://api.eu-west-1.aws.tinybird.co",
    "aws-us-east-1": "https://api.us-east.aws.tinybird.co",
    "aws-us-west-2": "https://api.us-west-2.aws.tinybird.co",
}


def api_host(region: str | None) -> str:
    return API_HOSTS.get(region, "https://api.tinybird.co")


def ref_decode_static(token: str) -> dict:
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != "p":
        raise RefError("malformed_token")
    payload = strict_json_object(strict_b64(parts[1]))
    owners = [k for k in ("u", "o") if k in payload]
    if len(owners) != 1 or not isinstance(payload[owners[0]], str):
        raise RefError("malformed_token")
    if not isinstance(payload.get("id"), str):
        raise RefError("malformed_token")
    if "host" not in payload or not (payload["host"] is None or isinstance(payload["host"], str)):
        raise RefError("malformed_token")
    return {"owner_kind": owners[0], "owner_id": payload[owners[0]], "token_id": payload["id"],
            "region": payload["host"], "api_host": api_host(payload["host"])}


def ref_verify_static(inp: dict) -> dict:
    if inp["secret"] == "":
        raise RefError("invalid_signing_key")
    value = ref_decode_static(inp["token"])
    _, middle, signature = inp["token"].split(".")
    expected = hs256(inp["secret"].encode("utf-8"), middle.encode("ascii"))
    if not hmac.compare_digest(expected, b64u_lenient(signature)) or b64u(expected) != signature:
        raise RefError("invalid_signature")
    return value
