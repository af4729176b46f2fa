"""What every vector module shares: the anchors of tinybird-anchors.md, the case constructors `ok` / `err`,
the self-check plumbing (`check`, `RefError`, `check_case_against`) and the base64 / HMAC / PyJWT helpers."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import sys
from pathlib import Path

import jwt

if jwt.__version__ != "2.9.0":
    sys.exit(f"the vector generator needs pyjwt==2.9.0 (the version tb pins), found {jwt.__version__}")

VECTORS_DIR = Path(__file__).resolve().parents[1]
# Vendored (see sources/README.md) so that a clean clone regenerates the vectors.
HMAC_VECTORS = VECTORS_DIR / "sources" / "hmac_sha256_vectors.json"

# Common values of tinybird-anchors.md section 7.
WS = "11111111-2222-3333-4444-555555555555"
TID = "66666666-7777-8888-9999-000000000000"
H = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
NOW = 1700000000

V10 = ("p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4ODgtOTk5OS0w"
       "MDAwMDAwMDAwMDAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.zoAnR8LuCeU8lirZizS7kk-zWCI3y13XRpsyJjWJMh8")
V11 = ("p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4ODgtOTk5OS0w"
       "MDAwMDAwMDAwMDAiLCAiaG9zdCI6IG51bGx9.76LCwlURDDLDKt-NgEiIdRF_nuaOTSquFlk7v1GojHE")
V12 = "p.eyJob2xhIjogImNhcmFjb2xhIn0.DEweFC5jGRdh3UFK0fDw6RfXQRXwsK3lKTLfc1V87CM"
V13 = ("p.eyJ1IjogImVmNGNjNGFlLTExZDAtNDVhNy1hNTcxLTJiZDg1NWNkZDZkNCIsICJpZCI6ICJiZTgxMjhhOS1jODkzLTQxNTEtYjM1Yy1m"
       "OTJiOTVlZjUyMjAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.hUl1g7KczdKmDf7SClKAJujLz5NqQjFK3AfTG5Epk9Q")
ADMIN = V10  # the JWT signing key of the anchors
V14 = H + ".eyJob2xhIjoiY2FyYWNvbGEiLCJleHAiOjEyMzEyMzEzfQ.5R8SgceydaC2lxLbPnT98hWIBhB4SLltIDvww7NgYXI"
V15 = (H + ".eyJ3b3Jrc3BhY2VfaWQiOiIxMTExMTExMS0yMjIyLTMzMzMtNDQ0NC01NTU1NTU1NTU1NTUiLCJuYW1lIjoiZnJvbnRlbmRfand0Ii"
       "wiZXhwIjoyMDAwMDAwMDAwLCJzY29wZXMiOlt7InR5cGUiOiJQSVBFUzpSRUFEIiwicmVzb3VyY2UiOiJyZXF1ZXN0c19wZXJfZGF5Iiwi"
       "Zml4ZWRfcGFyYW1zIjp7Im9yZ19pZCI6InRlc3RpbmcifX1dfQ.6jeHBjgLjH3qVpoeBRnTxOXTYm2o38BzAr3i2nXUdQc")
V16 = (H + ".eyJ3b3Jrc3BhY2VfaWQiOiIxMTExMTExMS0yMjIyLTMzMzMtNDQ0NC01NTU1NTU1NTU1NTUiLCJuYW1lIjoiZnJvbnRlbmRfand0Ii"
       "wiZXhwIjoyMDAwMDAwMDAwLCJzY29wZXMiOlt7InR5cGUiOiJQSVBFUzpSRUFEIiwicmVzb3VyY2UiOiJyZXF1ZXN0c19wZXJfZGF5Iiwi"
       "Zml4ZWRfcGFyYW1zIjp7Im9yZ19pZCI6InRlc3RpbmcifX0seyJ0eXBlIjoiREFUQVNPVVJDRVM6UkVBRCIsInJlc291cmNlIjoiZXZlbn"
       "RzIiwiZmlsdGVyIjoib3JnX2lkID0gJ3Rlc3RpbmcnIn1dLCJsaW1pdHMiOnsicnBzIjoxMH19.TbGbuvYCx-KhOA-JkXXPW93l1AGSWzFa"
       "pplMFHRRFJc")
V17 = (H + ".eyJ3b3Jrc3BhY2VfaWQiOiIxMTExMTExMS0yMjIyLTMzMzMtNDQ0NC01NTU1NTU1NTU1NTUiLCJuYW1lIjoiZnJvbnRlbmRfand0Ii"
       "wiZXhwIjoyMDAwMDAwMDAwLCJzY29wZXMiOlt7InR5cGUiOiJQSVBFUzpSRUFEIiwicmVzb3VyY2UiOiJ0b3BfcGFnZXMiLCJmaXhlZF9w"
       "YXJhbXMiOnsidXNlcl9pZCI6MTIzLCJhY3RpdmUiOnRydWV9fV19.GvWyjygoyZ_kDzNEBb02pV5c0Cqzph07I2lc-OUtgoI")
V18_PYJWT = (H + ".eyJ3b3Jrc3BhY2VfaWQiOiIxMTExMTExMS0yMjIyLTMzMzMtNDQ0NC01NTU1NTU1NTU1NTUiLCJuYW1lIjoidXN1YXJpb19c"
             "dTAwZjEiLCJleHAiOjIwMDAwMDAwMDAsInNjb3BlcyI6W3sidHlwZSI6IlBJUEVTOlJFQUQiLCJyZXNvdXJjZSI6InAifV19.DKHK0oL"
             "AasH7O3xLE-64znMSturdlkVmA0fXzhQYnro")
V18_JS = (H + ".eyJ3b3Jrc3BhY2VfaWQiOiIxMTExMTExMS0yMjIyLTMzMzMtNDQ0NC01NTU1NTU1NTU1NTUiLCJuYW1lIjoidXN1YXJpb1_DsSIs"
          "ImV4cCI6MjAwMDAwMDAwMCwic2NvcGVzIjpbeyJ0eXBlIjoiUElQRVM6UkVBRCIsInJlc291cmNlIjoicCJ9XX0.tOlKCovVceqlehaIwG3v"
          "qmEjESsRccltbrOA8RwdhnE")
V19 = (H + ".eyJ3b3Jrc3BhY2VfaWQiOiIxMTExMTExMS0yMjIyLTMzMzMtNDQ0NC01NTU1NTU1NTU1NTUiLCJleHAiOjIwMDAwMDAwMDAsIm5hbW"
       "UiOiJmcm9udGVuZF9qd3QiLCJzY29wZXMiOlt7InR5cGUiOiJQSVBFUzpSRUFEIiwicmVzb3VyY2UiOiJyZXF1ZXN0c19wZXJfZGF5Iiwi"
       "Zml4ZWRfcGFyYW1zIjp7Im9yZ19pZCI6InRlc3RpbmcifX1dLCJsaW1pdHMiOnsicnBzIjoxMH19.I6vAE3iycXMhL2evqY6SFNZrDAssknN"
       "pBkYGV6Wj0cU")
V20 = (H + ".eyJ3b3Jrc3BhY2VfaWQiOiIxMTExMTExMS0yMjIyLTMzMzMtNDQ0NC01NTU1NTU1NTU1NTUiLCJleHAiOjE3MDAwMDM2MDAsIm5hbW"
       "UiOiJteV9qd3QiLCJzY29wZXMiOlt7InR5cGUiOiJQSVBFUzpSRUFEIiwicmVzb3VyY2UiOiJteV9waXBlIiwiZml4ZWRfcGFyYW1zIjpu"
       "dWxsfV19.V0VVq64l7JNZtqfaxnXMAuGyxKbsjYx88YeuWtI7t6g")
V22 = (H + ".eyJ3b3Jrc3BhY2VfaWQiOiIxMTExMTExMS0yMjIyLTMzMzMtNDQ0NC01NTU1NTU1NTU1NTUiLCJleHAiOjE3MDAwMDM2MDAsIm5hbW"
       "UiOiJteV9qd3QiLCJzY29wZXMiOlt7InR5cGUiOiJQSVBFUzpSRUFEIiwicmVzb3VyY2UiOiJteV9waXBlIiwiZml4ZWRfcGFyYW1zIjp7"
       "InBhcmFtX25hbWUiOiJ2YWx1ZSJ9fV19.aZLBbBIfWcarcDRnsYKjeN7cPTTGfm2Tgtt5iBTei34")

# RFC 7515 Appendix A.1.
A1_JWK_K = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"
A1_TOKEN = ("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
            ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
            ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")

MAX_TOKEN_BYTES = 16384

# A Tinybird static token (`p.` + the base64 of a JSON object + `.` + a signature) or a JWT (three
# base64url segments, the first a JSON object's): the shapes every error masks and no claim may carry.
# `=` padding is taken only before a dot, so `a=<token>=x` keeps its `=x`.
SECRET_RE = re.compile(r"p\.eyJ[A-Za-z0-9_-]+=*\.[A-Za-z0-9_-]+|eyJ[A-Za-z0-9_-]+=*\.[A-Za-z0-9_-]+=*\.[A-Za-z0-9_-]*")


def mask(text: str) -> str:
    """Every secret in `text` as its first six characters and an ellipsis (`p.eyJ1…`, `eyJhbG…`)."""
    return SECRET_RE.sub(lambda m: m.group(0)[:6] + "\u2026", text)


def secret_path(value, path: str = ""):
    """The path (`name`, `scopes[0].fixed_params.org_id`) of the first string, key or value, that holds
    a secret, or None."""
    if isinstance(value, str):
        return path if SECRET_RE.search(value) else None
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = secret_path(item, f"{path}[{i}]")
            if found is not None:
                return found
    if isinstance(value, dict):
        for k, item in value.items():
            here = f"{path}.{k}" if path else k
            if SECRET_RE.search(k):
                return here
            found = secret_path(item, here)
            if found is not None:
                return found
    return None


def secret_in_claim_message(path: str) -> str:
    return (f"The JWT claim {mask(path)} holds a Tinybird token (a static token or a JWT): anyone holding the "
            "JWT can read its claims, so a token is never signed into one.")


def too_large_message(length: int) -> str:
    return (f"The JWT would be {length} bytes long; verification accepts at most {MAX_TOKEN_BYTES}, so it would "
            "never be accepted: make the claims smaller.")
TIMEDELTA_MAX_SECONDS = 86_399_999_999_999


class Fail(Exception):
    """A generator self-check failed: a hand-written expectation disagrees with a reference."""


def check(cond: bool, what: str) -> None:
    if not cond:
        raise Fail(what)


def ok(case_id: str, op: str, inp: dict, value) -> dict:
    return {"id": case_id, "op": op, "input": inp, "expect": {"ok": value}}


def err(case_id: str, op: str, inp: dict, code: str, message: str | None = None, line: int | None = None) -> dict:
    expect = {"error": code}
    if message is not None:
        expect["message"] = message
    if line is not None:
        expect["line"] = line
    return {"id": case_id, "op": op, "input": inp, "expect": expect}


class RefError(Exception):
    """An error raised by the reference checks below, with the README's code."""

    def __init__(self, code: str, message: str | None = None, line: int | None = None):
        super().__init__(code, message, line)
        self.code, self.message, self.line = code, message, line


def check_case_against(case: dict, fn) -> None:
    """Runs a reference `fn(input)` and checks it against the case's hand-written expectation."""
    expect = case["expect"]
    try:
        got = fn(case["input"])
    except RefError as e:
        check("error" in expect, f"{case['id']}: reference raised {e.code}, expected ok {expect}")
        check(e.code == expect["error"], f"{case['id']}: reference code {e.code} != {expect['error']}")
        if "message" in expect:
            check(e.message == expect["message"], f"{case['id']}: message {e.message!r} != {expect['message']!r}")
        if "line" in expect:
            check(e.line == expect["line"], f"{case['id']}: line {e.line} != {expect['line']}")
        return
    check("ok" in expect, f"{case['id']}: reference gave ok {got!r}, expected {expect}")
    check(got == expect["ok"], f"{case['id']}: reference {got!r} != {expect['ok']!r}")


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64u_lenient(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def compact(obj) -> bytes:
    """PyJWT's payload serialization: insertion order, `,`/`:` separators, non-ASCII escaped."""
    return json.dumps(obj, separators=(",", ":")).encode("ascii")


def seg(obj) -> str:
    return b64u(compact(obj))


def hs256(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def as_key(key: str | bytes) -> bytes:
    return key.encode("utf-8") if isinstance(key, str) else key


def sign_segments(header_seg: str, payload_seg: str, key: str | bytes) -> str:
    """A JWT from two segments written exactly as given, signed with HS256 over `header.payload`."""
    signing_input = f"{header_seg}.{payload_seg}".encode("utf-8")
    return f"{header_seg}.{payload_seg}.{b64u(hs256(as_key(key), signing_input))}"


def pyjwt(claims: dict, key: str | bytes) -> str:
    return jwt.encode(claims, key, algorithm="HS256")


def static_token(kind: str, owner_id: str, token_id: str, region: str | None, secret: str) -> str:
    middle = b64u(json.dumps({kind: owner_id, "id": token_id, "host": region}).encode("utf-8"))
    return f"p.{middle}.{b64u(hs256(secret.encode('utf-8'), middle.encode('ascii')))}"


def static_from_payload_text(payload_text: str, secret: str = "abcd", prefix: str = "p") -> str:
    middle = b64u(payload_text.encode("utf-8"))
    return f"{prefix}.{middle}.{b64u(hs256(secret.encode('utf-8'), middle.encode('ascii')))}"


def noncanonical(segment: str) -> str:
    """Sets an unused low bit of the last character (the decoded bytes stay the same)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    check(len(segment) % 4 in (2, 3), f"segment {segment!r} has no unused bits")
    value = alphabet.index(segment[-1])
    check(value & 1 == 0, "canonical last char expected")
    changed = segment[:-1] + alphabet[value | 1]
    check(b64u_lenient(changed) == b64u_lenient(segment), "non-canonical variant must decode to the same bytes")
    return changed


def padded(segment: str) -> str:
    check(len(segment) % 4 != 0, f"segment {segment!r} needs no padding")
    return segment + "=" * (-len(segment) % 4)


def std_alphabet(segment: str) -> str:
    check("-" in segment or "_" in segment, f"segment {segment!r} has no - or _")
    return segment.replace("-", "+").replace("_", "/")


def first_with(make, pred, what: str, limit: int = 10000):
    """The first `make(i)` (i = 0, 1, ...) satisfying `pred`: a deterministic search."""
    for i in range(limit):
        value = make(i)
        if pred(value):
            return value
    raise Fail(f"no candidate for {what}")


def header_seg(obj) -> str:
    return seg(obj)


def load_hmac_vectors() -> dict:
    return json.loads(HMAC_VECTORS.read_text(encoding="utf-8"))
