#!/usr/bin/env python3
"""Writes the conformance vectors of tests/vectors/ (see README.md there for the contract).

usage: python3 -m pip install 'pyjwt==2.9.0' && python3 tests/vectors/generate.py

Expected JWT bytes come from PyJWT (`jwt.encode`), static tokens and MACs from Python's `json`, `base64`
and `hmac`. Every other expectation is written by hand below, as data; small reference checks in this
file re-derive them from the README rules and raise if a hand-written value disagrees, and PyJWT is asked
to agree with every verify/decode case it can decode. The program reads no clock and no randomness:
running it twice gives identical files. It writes every vector file.
"""
from __future__ import annotations

import base64
import contextlib
import datetime as _dt
import hashlib
import hmac
import json
import math
import re
import shlex
import sys
from decimal import ROUND_HALF_EVEN, Decimal, getcontext
from pathlib import Path

import jwt
import jwt.api_jwt

if jwt.__version__ != "2.9.0":
    sys.exit(f"generate.py needs pyjwt==2.9.0 (the version tb pins), found {jwt.__version__}")

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
SHARED = REPO_ROOT.parent / "shared"
HMAC_VECTORS = SHARED / "vectors" / "hmac_sha256_vectors.json"

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
TIMEDELTA_MAX_SECONDS = 86_399_999_999_999


class Fail(Exception):
    """A generator self-check failed: a hand-written expectation disagrees with a reference."""


def check(cond: bool, what: str) -> None:
    if not cond:
        raise Fail(what)


# --------------------------------------------------------------------------------------------------
# Case constructors
# --------------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------------
# Encoding helpers
# --------------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------------
# names.json: define_token
# --------------------------------------------------------------------------------------------------

NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def name_message(name: str) -> str:
    return (f'Invalid token name: "{name}". Must start with a letter or underscore and contain only alphanumeric '
            f"characters and underscores.")


def ref_define_token(inp: dict):
    if not NAME_RE.fullmatch(inp["name"]):
        raise RefError("invalid_token_name", name_message(inp["name"]))
    return {"name": inp["name"]}


def names_cases() -> list[dict]:
    valid = [
        ("anchor_v01_define_token_app_read", "app_read"),
        ("anchor_v01_define_token_leading_underscore", "_x"),
        ("anchor_v01_define_token_letter_digit", "A1"),
        ("define_token_single_underscore", "_"),
        ("define_token_single_letter", "a"),
        ("define_token_mixed_case_digits", "Z9_zZ"),
        ("define_token_double_underscores", "__private__"),
        ("define_token_long_snake_case", "frontend_read_token_2024"),
        ("define_token_all_caps", "ADMIN"),
    ]
    invalid = [
        ("anchor_v02_define_token_leading_digit", "1a"),
        ("anchor_v02_define_token_hyphen", "a-b"),
        ("anchor_v02_define_token_empty", ""),
        ("anchor_v02_define_token_space", "a b"),
        ("anchor_v02_define_token_non_ascii_letter", "é"),
        ("anchor_v03_define_token_trailing_newline", "a\n"),
        ("define_token_leading_space", " a"),
        ("define_token_trailing_space", "a "),
        ("define_token_dot", "a.b"),
        ("define_token_leading_tab", "\ta"),
        ("define_token_leading_newline", "\na"),
        ("define_token_trailing_carriage_return", "a\r"),
        ("define_token_only_digits", "9"),
        ("define_token_non_ascii_inside", "app_réad"),
        ("define_token_non_ascii_digit", "a\u0661"),
        ("define_token_quoted", '"app_read"'),
    ]
    cases = [ok(i, "define_token", {"name": n}, {"name": n}) for i, n in valid]
    cases += [err(i, "define_token", {"name": n}, "invalid_token_name", name_message(n)) for i, n in invalid]
    for case in cases:
        check_case_against(case, ref_define_token)
    return cases


# --------------------------------------------------------------------------------------------------
# scopes.json: parse_scope; allows.json: scopes_allow
# --------------------------------------------------------------------------------------------------

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


def scope(t: str, r: str | None = None, f: str | None = None) -> dict:
    return {"type": t, "resource": r, "filter": f}


def scopes_cases() -> list[dict]:
    op = "parse_scope"
    both = ("forward", "classic")
    # (id, scope, modes, expected parsed value)
    oks = [
        ("anchor_v28_parse_scope_tokens", "TOKENS", both, scope("TOKENS")),
        ("anchor_v28_parse_scope_read_all", "WORKSPACE:READ_ALL", both, scope("WORKSPACE:READ_ALL")),
        ("anchor_v28_parse_scope_filter_classic", "DATASOURCES:READ:ds:a > 1", ("classic",),
         scope("DATASOURCES:READ", "ds", "a > 1")),
        ("anchor_v28_parse_scope_pipe_read", "PIPES:READ:p", both, scope("PIPES:READ", "p")),
        ("anchor_v29_parse_scope_datasource_read", "DATASOURCES:READ:test", both, scope("DATASOURCES:READ", "test")),
        ("anchor_v29_parse_scope_filter_and", "DATASOURCES:READ:test:columna > 1 and columnb == 2", ("classic",),
         scope("DATASOURCES:READ", "test", "columna > 1 and columnb == 2")),
        ("anchor_v29_parse_scope_filter_with_colon", "DATASOURCES:READ:test:columna > 'foo:bar'", ("classic",),
         scope("DATASOURCES:READ", "test", "columna > 'foo:bar'")),
        ("anchor_v29_parse_scope_pipe_read_test_pipe", "PIPES:READ:test_pipe", both, scope("PIPES:READ", "test_pipe")),
        ("anchor_v29_parse_scope_datasources_create", "DATASOURCES:CREATE", ("classic",), scope("DATASOURCES:CREATE")),
        ("anchor_v29_parse_scope_pipes_create", "PIPES:CREATE", ("classic",), scope("PIPES:CREATE")),
        ("parse_scope_admin", "ADMIN", both, scope("ADMIN")),
        ("parse_scope_workspace_deploy", "WORKSPACE:DEPLOY", both, scope("WORKSPACE:DEPLOY")),
        ("parse_scope_org_datasources_read", "ORG_DATASOURCES:READ", both, scope("ORG_DATASOURCES:READ")),
        ("parse_scope_datasources_append", "DATASOURCES:APPEND:events", both, scope("DATASOURCES:APPEND", "events")),
        ("parse_scope_shared_datasource", "DATASOURCES:READ:analytics.events", both,
         scope("DATASOURCES:READ", "analytics.events")),
        ("parse_scope_resource_underscore_digits", "DATASOURCES:READ:_events_2", both,
         scope("DATASOURCES:READ", "_events_2")),
        ("parse_scope_datasources_create_with_resource", "DATASOURCES:CREATE:events", ("classic",),
         scope("DATASOURCES:CREATE", "events")),
        ("parse_scope_pipes_create_with_resource", "PIPES:CREATE:my_pipe", ("classic",),
         scope("PIPES:CREATE", "my_pipe")),
        ("parse_scope_datasources_drop", "DATASOURCES:DROP:events", ("classic",), scope("DATASOURCES:DROP", "events")),
        ("parse_scope_pipes_drop", "PIPES:DROP:my_pipe", ("classic",), scope("PIPES:DROP", "my_pipe")),
        ("parse_scope_pipe_read_filter_classic", "PIPES:READ:my_pipe:org_id = 'acme'", ("classic",),
         scope("PIPES:READ", "my_pipe", "org_id = 'acme'")),
        ("parse_scope_filter_untrimmed", "DATASOURCES:READ:events: org_id = 1", ("classic",),
         scope("DATASOURCES:READ", "events", " org_id = 1")),
        ("parse_scope_filter_trailing_colon", "DATASOURCES:READ:events:a::", ("classic",),
         scope("DATASOURCES:READ", "events", "a::")),
        ("parse_scope_filter_shared_datasource", "DATASOURCES:READ:ws.events:x = 1", ("classic",),
         scope("DATASOURCES:READ", "ws.events", "x = 1")),
        ("parse_scope_filter_non_ascii", "DATASOURCES:READ:events:city = 'Málaga'", ("classic",),
         scope("DATASOURCES:READ", "events", "city = 'Málaga'")),
    ]
    errs = [
        ("parse_scope_empty", "", both, "invalid_scope"),
        ("parse_scope_leading_space", " TOKENS", both, "invalid_scope"),
        ("parse_scope_trailing_space", "TOKENS ", both, "invalid_scope"),
        ("parse_scope_trailing_newline", "TOKENS\n", both, "invalid_scope"),
        ("parse_scope_filter_trailing_space", "DATASOURCES:READ:events:a > 1 ", ("classic",), "invalid_scope"),
        ("parse_scope_padded_internal", " ADMIN_USER", both, "invalid_scope"),
        ("anchor_v29_parse_scope_nonvalid", "NONVALID", both, "invalid_scope"),
        ("anchor_v29_parse_scope_read_without_prefix", "READ:test_pipe", both, "invalid_scope"),
        ("parse_scope_lowercase_type", "tokens", both, "invalid_scope"),
        ("parse_scope_lowercase_two_segment", "datasources:read:events", both, "invalid_scope"),
        ("parse_scope_prefix_only", "DATASOURCES", both, "invalid_scope"),
        ("parse_scope_unknown_action", "DATASOURCES:WRITE:events", both, "invalid_scope"),
        ("parse_scope_unknown_workspace_action", "WORKSPACE:READ", both, "invalid_scope"),
        ("parse_scope_colon_only", ":", both, "invalid_scope"),
        ("anchor_v29_parse_scope_admin_user_resource", "ADMIN_USER:test", both, "scope_not_allowed"),
        ("parse_scope_admin_user", "ADMIN_USER", both, "scope_not_allowed"),
        ("parse_scope_auth", "AUTH", both, "scope_not_allowed"),
        ("parse_scope_datasources_create_forward", "DATASOURCES:CREATE", ("forward",), "scope_not_allowed"),
        ("parse_scope_pipes_create_forward", "PIPES:CREATE", ("forward",), "scope_not_allowed"),
        ("parse_scope_datasources_drop_forward", "DATASOURCES:DROP:events", ("forward",), "scope_not_allowed"),
        ("parse_scope_pipes_drop_forward", "PIPES:DROP:my_pipe", ("forward",), "scope_not_allowed"),
        ("parse_scope_drop_forward_bad_resource", "DATASOURCES:DROP:a-b", ("forward",), "scope_not_allowed"),
        ("parse_scope_tokens_with_resource", "TOKENS:events", both, "unexpected_resource"),
        ("parse_scope_admin_with_resource", "ADMIN:x", both, "unexpected_resource"),
        ("parse_scope_read_all_with_resource", "WORKSPACE:READ_ALL:events", both, "unexpected_resource"),
        ("parse_scope_tokens_bad_resource", "TOKENS:a-b", both, "unexpected_resource"),
        ("parse_scope_read_no_resource", "DATASOURCES:READ", both, "missing_resource"),
        ("parse_scope_read_empty_resource", "DATASOURCES:READ:", both, "missing_resource"),
        ("parse_scope_append_no_resource", "DATASOURCES:APPEND", both, "missing_resource"),
        ("parse_scope_pipe_read_no_resource", "PIPES:READ", both, "missing_resource"),
        ("anchor_v29_parse_scope_drop_requires_resource", "DATASOURCES:DROP", ("classic",), "missing_resource"),
        ("parse_scope_pipes_drop_requires_resource", "PIPES:DROP", ("classic",), "missing_resource"),
        ("parse_scope_empty_resource_with_filter", "DATASOURCES:READ::a > 1", ("classic",), "missing_resource"),
        ("parse_scope_resource_hyphen", "DATASOURCES:READ:my-events", both, "invalid_scope"),
        ("parse_scope_resource_leading_digit", "DATASOURCES:READ:1events", both, "invalid_scope"),
        ("parse_scope_resource_two_dots", "DATASOURCES:READ:a.b.c", both, "invalid_scope"),
        ("parse_scope_resource_leading_dot", "DATASOURCES:READ:.events", both, "invalid_scope"),
        ("parse_scope_resource_trailing_dot", "DATASOURCES:READ:events.", both, "invalid_scope"),
        ("parse_scope_resource_space", "PIPES:READ:my pipe", both, "invalid_scope"),
        ("parse_scope_resource_non_ascii", "PIPES:READ:señal", both, "invalid_scope"),
        ("parse_scope_bad_resource_before_filter", "DATASOURCES:READ:a-b:x > 1", ("forward",), "invalid_scope"),
        ("anchor_v28_parse_scope_filter_forward", "DATASOURCES:READ:ds:a > 1", ("forward",), "filter_not_supported"),
        ("anchor_v29_parse_scope_filter_forward", "DATASOURCES:READ:test:columna > 'foo:bar'", ("forward",),
         "filter_not_supported"),
        ("parse_scope_pipe_filter_forward", "PIPES:READ:my_pipe:a = 1", ("forward",), "filter_not_supported"),
        ("parse_scope_append_filter", "DATASOURCES:APPEND:events:a > 1", both, "filter_not_supported"),
        ("parse_scope_drop_filter", "DATASOURCES:DROP:events:a > 1", ("classic",), "filter_not_supported"),
        ("parse_scope_create_filter", "DATASOURCES:CREATE:events:a > 1", ("classic",), "filter_not_supported"),
        ("parse_scope_empty_filter_forward", "DATASOURCES:READ:events:", ("forward",), "filter_not_supported"),
        ("parse_scope_empty_filter_classic", "DATASOURCES:READ:events:", ("classic",), "invalid_scope"),
        ("parse_scope_pipe_empty_filter_classic", "PIPES:READ:my_pipe:", ("classic",), "invalid_scope"),
    ]
    cases = []
    for case_id, text, modes, value in oks:
        check(format_scope(value) == text, f"{case_id}: formatting does not give the scope back")
        for mode in modes:
            cid = f"{case_id}_{mode}" if len(modes) > 1 else case_id
            cases.append(ok(cid, op, {"scope": text, "mode": mode}, value))
    for case_id, text, modes, code in errs:
        for mode in modes:
            cid = f"{case_id}_{mode}" if len(modes) > 1 else case_id
            cases.append(err(cid, op, {"scope": text, "mode": mode}, code))
    for case in cases:
        check_case_against(case, lambda i: ref_parse_scope(i["scope"], i["mode"]))
    return cases + format_scope_cases(oks)


def format_scope_cases(parse_oks) -> list[dict]:
    """format_scope: the parts of every valid scope give its string back; bad parts fail like parsing."""
    op = "format_scope"
    cases = []
    for case_id, text, modes, value in parse_oks:
        mode = modes[0]
        cases.append(ok(case_id.replace("parse_scope", "format_scope"), op, {**value, "mode": mode}, text))
    errs = [
        ("format_scope_unknown_type", scope("NOPE", "x"), "forward", "invalid_scope"),
        ("format_scope_lowercase_type", scope("pipes:read", "x"), "forward", "invalid_scope"),
        ("format_scope_colon_in_resource", scope("PIPES:READ", "a:b"), "classic", "invalid_scope"),
        ("format_scope_empty_resource", scope("PIPES:READ", ""), "forward", "missing_resource"),
        ("format_scope_no_resource", scope("DATASOURCES:APPEND"), "forward", "missing_resource"),
        ("format_scope_resource_on_tokens", scope("TOKENS", "x"), "forward", "unexpected_resource"),
        ("format_scope_filter_forward", scope("DATASOURCES:READ", "events", "a > 1"), "forward",
         "filter_not_supported"),
        ("format_scope_empty_filter_classic", scope("DATASOURCES:READ", "events", ""), "classic", "invalid_scope"),
        ("format_scope_classic_only_in_forward", scope("PIPES:DROP", "p"), "forward", "scope_not_allowed"),
        ("format_scope_internal", scope("AUTH"), "classic", "scope_not_allowed"),
    ]
    for case_id, value, mode, code in errs:
        cases.append(err(case_id, op, {**value, "mode": mode}, code))
    for case in cases:
        check_case_against(case, lambda i: format_scope(ref_scope_from_parts(
            i["type"], i["resource"], i["filter"], i["mode"])))
    return cases


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


def allows_cases() -> list[dict]:
    op = "scopes_allow"
    F, C = "forward", "classic"
    # (id, scopes, mode, action, resource, expected)
    table = [
        ("allow_admin_reads_datasource", ["ADMIN"], F, "read_datasource", "events", True),
        ("allow_admin_appends", ["ADMIN"], F, "append_datasource", "events", True),
        ("allow_admin_reads_pipe", ["ADMIN"], F, "read_pipe", "top_pages", True),
        ("allow_admin_manages_tokens", ["ADMIN"], F, "manage_tokens", None, True),
        ("allow_admin_deploys", ["ADMIN"], F, "deploy", None, True),
        ("allow_admin_reads_org_datasources", ["ADMIN"], F, "read_org_datasources", None, True),
        ("allow_admin_drops_datasource_classic", ["ADMIN"], C, "drop_datasource", "events", True),
        ("allow_admin_drops_datasource_forward", ["ADMIN"], F, "drop_datasource", "events", True),
        ("allow_admin_creates_pipe", ["ADMIN"], C, "create_pipe", None, True),
        ("allow_read_reads_datasource", ["DATASOURCES:READ:events"], F, "read_datasource", "events", True),
        ("allow_read_reads_quarantine", ["DATASOURCES:READ:events"], F, "read_datasource", "events_quarantine",
         True),
        ("allow_read_not_other_datasource", ["DATASOURCES:READ:events"], F, "read_datasource", "sessions", False),
        ("allow_read_not_prefix_datasource", ["DATASOURCES:READ:events"], F, "read_datasource", "events_2", False),
        ("allow_read_not_double_quarantine", ["DATASOURCES:READ:events"], F, "read_datasource",
         "events_quarantine_quarantine", False),
        ("allow_quarantine_scope_not_base", ["DATASOURCES:READ:events_quarantine"], F, "read_datasource", "events",
         False),
        ("allow_read_case_sensitive", ["DATASOURCES:READ:events"], F, "read_datasource", "Events", False),
        ("allow_read_not_pipe_same_name", ["DATASOURCES:READ:events"], F, "read_pipe", "events", False),
        ("allow_read_not_append", ["DATASOURCES:READ:events"], F, "append_datasource", "events", False),
        ("allow_read_filter_still_reads", ["DATASOURCES:READ:events:org_id = 'acme'"], C, "read_datasource",
         "events", True),
        ("allow_read_filter_quarantine", ["DATASOURCES:READ:events:org_id = 'acme'"], C, "read_datasource",
         "events_quarantine", True),
        ("allow_read_shared_datasource", ["DATASOURCES:READ:ws.events"], F, "read_datasource", "ws.events", True),
        ("allow_read_shared_quarantine", ["DATASOURCES:READ:ws.events"], F, "read_datasource", "ws.events_quarantine",
         True),
        ("allow_read_shared_not_local", ["DATASOURCES:READ:ws.events"], F, "read_datasource", "events", False),
        ("allow_read_all_datasource", ["WORKSPACE:READ_ALL"], F, "read_datasource", "anything", True),
        ("allow_read_all_pipe", ["WORKSPACE:READ_ALL"], F, "read_pipe", "any_pipe", True),
        ("allow_read_all_not_append", ["WORKSPACE:READ_ALL"], F, "append_datasource", "events", False),
        ("allow_read_all_not_tokens", ["WORKSPACE:READ_ALL"], F, "manage_tokens", None, False),
        ("allow_append_appends", ["DATASOURCES:APPEND:events"], F, "append_datasource", "events", True),
        ("allow_append_not_other", ["DATASOURCES:APPEND:events"], F, "append_datasource", "sessions", False),
        ("allow_append_not_quarantine", ["DATASOURCES:APPEND:events"], F, "append_datasource", "events_quarantine",
         False),
        ("allow_append_not_read", ["DATASOURCES:APPEND:events"], F, "read_datasource", "events", False),
        ("allow_create_creates", ["DATASOURCES:CREATE"], C, "create_datasource", None, True),
        ("allow_create_appends_anywhere", ["DATASOURCES:CREATE"], C, "append_datasource", "anything", True),
        ("allow_create_not_read", ["DATASOURCES:CREATE"], C, "read_datasource", "events", False),
        ("allow_create_not_pipes", ["DATASOURCES:CREATE"], C, "create_pipe", None, False),
        ("allow_drop_drops", ["DATASOURCES:DROP:events"], C, "drop_datasource", "events", True),
        ("allow_drop_not_other", ["DATASOURCES:DROP:events"], C, "drop_datasource", "sessions", False),
        ("allow_drop_not_read", ["DATASOURCES:DROP:events"], C, "read_datasource", "events", False),
        ("allow_pipe_read_reads", ["PIPES:READ:top_pages"], F, "read_pipe", "top_pages", True),
        ("allow_pipe_read_not_other", ["PIPES:READ:top_pages"], F, "read_pipe", "other_pipe", False),
        ("allow_pipe_read_no_quarantine", ["PIPES:READ:top_pages"], F, "read_pipe", "top_pages_quarantine", False),
        ("allow_pipe_read_not_datasource", ["PIPES:READ:top_pages"], F, "read_datasource", "top_pages", False),
        ("allow_pipe_read_filter_classic", ["PIPES:READ:top_pages:a = 1"], C, "read_pipe", "top_pages", True),
        ("allow_pipes_create_creates", ["PIPES:CREATE"], C, "create_pipe", None, True),
        ("allow_pipes_create_not_datasource", ["PIPES:CREATE"], C, "create_datasource", None, False),
        ("allow_pipes_drop_drops", ["PIPES:DROP:top_pages"], C, "drop_pipe", "top_pages", True),
        ("allow_pipes_drop_not_datasource", ["PIPES:DROP:top_pages"], C, "drop_datasource", "top_pages", False),
        ("allow_tokens_manage", ["TOKENS"], F, "manage_tokens", None, True),
        ("allow_tokens_not_deploy", ["TOKENS"], F, "deploy", None, False),
        ("allow_tokens_not_read", ["TOKENS"], F, "read_datasource", "events", False),
        ("allow_deploy_deploys", ["WORKSPACE:DEPLOY"], F, "deploy", None, True),
        ("allow_deploy_not_tokens", ["WORKSPACE:DEPLOY"], F, "manage_tokens", None, False),
        ("allow_org_read", ["ORG_DATASOURCES:READ"], F, "read_org_datasources", None, True),
        ("allow_org_read_not_workspace_datasource", ["ORG_DATASOURCES:READ"], F, "read_datasource", "events", False),
        ("allow_no_scopes", [], F, "read_datasource", "events", False),
        ("allow_no_scopes_tokens", [], F, "manage_tokens", None, False),
        ("allow_any_of_several", ["PIPES:READ:top_pages", "DATASOURCES:READ:events"], F, "read_datasource", "events",
         True),
        ("allow_none_of_several", ["PIPES:READ:top_pages", "DATASOURCES:APPEND:events"], F, "read_datasource",
         "events", False),
    ]
    cases = [ok(i, op, {"scopes": s, "mode": m, "action": a, "resource": r}, v) for i, s, m, a, r, v in table]
    errors = [
        ("allow_read_without_resource", ["ADMIN"], F, "read_datasource", None, "missing_resource"),
        ("allow_drop_pipe_without_resource", ["ADMIN"], C, "drop_pipe", None, "missing_resource"),
        ("allow_tokens_with_resource", ["ADMIN"], F, "manage_tokens", "events", "unexpected_resource"),
        ("allow_create_with_resource", ["ADMIN"], C, "create_datasource", "events", "unexpected_resource"),
        ("allow_unknown_scope", ["NONVALID"], F, "read_datasource", "events", "invalid_scope"),
        ("allow_bad_scope_after_admin", ["ADMIN", "DATASOURCES:READ:bad-name"], F, "read_datasource", "events",
         "invalid_scope"),
        ("allow_classic_scope_in_forward", ["DATASOURCES:CREATE"], F, "create_datasource", None, "scope_not_allowed"),
        ("allow_filter_in_forward", ["DATASOURCES:READ:events:a > 1"], F, "read_datasource", "events",
         "filter_not_supported"),
        ("allow_scope_missing_resource", ["PIPES:READ"], F, "read_pipe", "top_pages", "missing_resource"),
        ("allow_scope_unexpected_resource", ["TOKENS:x"], F, "manage_tokens", None, "unexpected_resource"),
    ]
    cases += [err(i, op, {"scopes": s, "mode": m, "action": a, "resource": r}, c) for i, s, m, a, r, c in errors]
    for case in cases:
        check_case_against(case, ref_scopes_allow)
    return cases


# --------------------------------------------------------------------------------------------------
# datafiles.json: render_token_lines, parse_datafile_tokens
# --------------------------------------------------------------------------------------------------

def render_permission_message(kind: str, perm: str, name: str) -> str:
    if kind == "pipe":
        return f"Invalid permission {perm} for token {name}. Only READ is allowed for pipes"
    return f"Invalid permission {perm} for token {name}. Only READ and APPEND are allowed for datasources"


def ref_render(inp: dict) -> str:
    lines = []
    for t in inp["tokens"]:
        if not NAME_RE.fullmatch(t["name"]):
            raise RefError("invalid_token_name", name_message(t["name"]))
        allowed = ("READ",) if inp["kind"] == "pipe" else ("READ", "APPEND")
        if t["permission"] not in allowed:
            raise RefError("invalid_permission", render_permission_message(inp["kind"], t["permission"], t["name"]))
        lines.append(f"TOKEN {t['name']} {t['permission']}")
    return "\n".join(lines)


MSG_TWO_PARAMS = 'TOKEN takes two params: token name and permission e.g TOKEN "read api token" READ'


def msg_arg_count(n: int) -> str:
    return f"Invalid number of arguments for TOKEN command: {n}. Expected 2 arguments: token name and permission"


def msg_bad_permission(perm: str) -> str:
    return f"Invalid permission: {perm}. Only READ and APPEND are supported"


def msg_pipe_append(name: str) -> str:
    return f"Invalid permission APPEND for token {name}. Only READ is allowed for pipes"


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


DATASOURCE_FILE = """DESCRIPTION >
    Events from the web, with "quotes" and it's apostrophe

SCHEMA >
    `timestamp` DateTime `json:$.timestamp`,
    `org_id` String `json:$.org_id`

ENGINE "MergeTree"
ENGINE_SORTING_KEY "timestamp"

TOKEN app_read READ
TOKEN ingest APPEND
"""

PIPE_FILE = """DESCRIPTION >
    Top pages

NODE top_pages_node
SQL >
    %
    SELECT pathname, count() AS hits
    FROM events
    WHERE org_id = {{ String(org_id, 'acme') }}
    -- TOKEN not_a_token READ
    GROUP BY pathname

TYPE endpoint

TOKEN app_read READ
TOKEN "dashboard token" READ
"""


def tok(name: str, permission: str, line: int) -> dict:
    return {"name": name, "permission": permission, "line": line}


def datafiles_cases() -> list[dict]:
    cases = []
    # render_token_lines
    r = "render_token_lines"

    def entries(*pairs):
        return [{"name": n, "permission": p} for n, p in pairs]

    renders_ok = [
        ("anchor_v04_render_datasource_tokens", "datasource",
         entries(("app_read", "READ"), ("ingest", "APPEND"), ("legacy", "READ"), ("legacy", "APPEND")),
         "TOKEN app_read READ\nTOKEN ingest APPEND\nTOKEN legacy READ\nTOKEN legacy APPEND"),
        ("anchor_v05_render_pipe_tokens_read_only", "pipe", entries(("app_read", "READ"), ("inline_pipe_tok", "READ")),
         "TOKEN app_read READ\nTOKEN inline_pipe_tok READ"),
        ("render_empty_list", "datasource", [], ""),
        ("render_empty_list_pipe", "pipe", [], ""),
        ("render_single_datasource_append", "datasource", entries(("ingest", "APPEND")), "TOKEN ingest APPEND"),
        ("render_duplicates_kept", "pipe", entries(("app_read", "READ"), ("app_read", "READ")),
         "TOKEN app_read READ\nTOKEN app_read READ"),
        ("render_order_kept", "datasource", entries(("zeta", "READ"), ("alpha", "APPEND"), ("_mid", "READ")),
         "TOKEN zeta READ\nTOKEN alpha APPEND\nTOKEN _mid READ"),
    ]
    for case_id, kind, tokens, text in renders_ok:
        cases.append(ok(case_id, r, {"kind": kind, "tokens": tokens}, text))
    renders_err = [
        ("anchor_v05_render_pipe_append", "pipe",
         entries(("app_read", "READ"), ("inline_pipe_tok", "READ"), ("app_read", "APPEND")),
         "invalid_permission", msg_pipe_append("app_read")),
        ("render_datasource_lowercase_permission", "datasource", entries(("app_read", "read")),
         "invalid_permission", render_permission_message("datasource", "read", "app_read")),
        ("render_datasource_unknown_permission", "datasource", entries(("app_read", "READ"), ("writer", "WRITE")),
         "invalid_permission", render_permission_message("datasource", "WRITE", "writer")),
        ("render_datasource_empty_permission", "datasource", entries(("app_read", "")),
         "invalid_permission", render_permission_message("datasource", "", "app_read")),
        ("render_pipe_unknown_permission", "pipe", entries(("app_read", "DELETE")),
         "invalid_permission", render_permission_message("pipe", "DELETE", "app_read")),
        ("render_pipe_lowercase_read", "pipe", entries(("app_read", "read")),
         "invalid_permission", render_permission_message("pipe", "read", "app_read")),
        ("render_invalid_name_hyphen", "datasource", entries(("app-read", "READ")),
         "invalid_token_name", name_message("app-read")),
        ("render_invalid_name_empty", "pipe", entries(("", "READ")), "invalid_token_name", name_message("")),
        ("render_invalid_name_space", "datasource", entries(("ok_name", "READ"), ("app read", "READ")),
         "invalid_token_name", name_message("app read")),
    ]
    for case_id, kind, tokens, code, message in renders_err:
        cases.append(err(case_id, r, {"kind": kind, "tokens": tokens}, code, message))

    # parse_datafile_tokens
    p = "parse_datafile_tokens"
    parses_ok = [
        ("anchor_v06_parse_double_quoted_name", "datasource", 'TOKEN "app read" READ', [tok("app read", "READ", 1)]),
        ("anchor_v06_parse_single_quoted_lowercase_append", "datasource", "TOKEN 'app read' append",
         [tok("app read", "APPEND", 1)]),
        ("anchor_v06_parse_lowercase_command", "datasource", "token x read", [tok("x", "READ", 1)]),
        ("anchor_v06_parse_hyphen_name", "datasource", "TOKEN app-read READ", [tok("app-read", "READ", 1)]),
        ("parse_full_datasource_file", "datasource", DATASOURCE_FILE,
         [tok("app_read", "READ", 11), tok("ingest", "APPEND", 12)]),
        ("parse_full_pipe_file", "pipe", PIPE_FILE,
         [tok("app_read", "READ", 15), tok("dashboard token", "READ", 16)]),
        ("parse_empty_text", "datasource", "", []),
        ("parse_no_tokens", "pipe", "NODE n\nSQL >\n    SELECT 1\n", []),
        ("parse_comments_ignored", "datasource", "# TOKEN a READ\n#TOKEN b READ\nTOKEN c READ",
         [tok("c", "READ", 3)]),
        ("parse_indented_ignored", "datasource", "  TOKEN a READ\n\tTOKEN b READ\nTOKEN c APPEND",
         [tok("c", "APPEND", 3)]),
        ("parse_indented_bad_line_ignored", "pipe", "SQL >\n    TOKEN a b c\n    TOKEN 'x\nTOKEN ok READ",
         [tok("ok", "READ", 4)]),
        ("parse_crlf_lines", "datasource", "TOKEN a READ\r\nTOKEN b append\r\n",
         [tok("a", "READ", 1), tok("b", "APPEND", 2)]),
        ("parse_crlf_quoted", "datasource", "TOKEN \"a b\" READ\r\n", [tok("a b", "READ", 1)]),
        ("parse_mixed_case_command_and_permission", "datasource", "Token x Read\ntOkEn y ApPeNd",
         [tok("x", "READ", 1), tok("y", "APPEND", 2)]),
        ("parse_empty_quoted_name", "datasource", 'TOKEN "" READ', [tok("", "READ", 1)]),
        ("parse_numeric_name", "pipe", "TOKEN 123 READ", [tok("123", "READ", 1)]),
        ("parse_extra_whitespace", "datasource", "TOKEN   app_read \t READ   ", [tok("app_read", "READ", 1)]),
        ("parse_tab_separated", "datasource", "TOKEN\tapp_read\tAPPEND", [tok("app_read", "APPEND", 1)]),
        ("parse_quoted_permission", "pipe", "TOKEN \"x\" 'read'", [tok("x", "READ", 1)]),
        ("parse_duplicates_kept", "pipe", "TOKEN a READ\nTOKEN a READ", [tok("a", "READ", 1), tok("a", "READ", 2)]),
        ("parse_tokens_command_not_token", "datasource", "TOKENS a READ\nTOKENX b READ", []),
        ("parse_blank_and_whitespace_lines", "datasource", "\n   \n\nTOKEN a READ\n\n", [tok("a", "READ", 4)]),
        ("parse_non_ascii_name", "pipe", "TOKEN señal READ", [tok("señal", "READ", 1)]),
        ("parse_pipe_lowercase_read", "pipe", "TOKEN x read", [tok("x", "READ", 1)]),
    ]
    for case_id, kind, text, value in parses_ok:
        cases.append(ok(case_id, p, {"kind": kind, "text": text}, value))
    parses_err = [
        ("anchor_v07_parse_one_argument", "datasource", "TOKEN app_read", "datafile_syntax", MSG_TWO_PARAMS, 1),
        ("anchor_v07_parse_three_arguments", "datasource", "TOKEN a b c", "datafile_syntax", msg_arg_count(3), 1),
        ("anchor_v07_parse_unknown_permission", "datasource", "TOKEN app_read WRITE", "invalid_permission",
         msg_bad_permission("WRITE"), 1),
        ("anchor_v08_parse_pipe_append", "pipe", "TOKEN app_read APPEND", "invalid_permission",
         msg_pipe_append("app_read"), 1),
        ("parse_no_arguments", "datasource", "TOKEN", "datafile_syntax", MSG_TWO_PARAMS, 1),
        ("parse_unclosed_double_quote", "datasource", 'TOKEN "app read READ', "datafile_syntax",
         "No closing quotation", 1),
        ("parse_unclosed_single_quote", "pipe", "NODE n\nTOKEN 'x READ", "datafile_syntax", "No closing quotation", 2),
        ("parse_trailing_comment_counts_as_arguments", "datasource", "TOKEN x READ # comment", "datafile_syntax",
         msg_arg_count(4), 1),
        ("parse_quoted_three_arguments", "datasource", "TOKEN \"a b\" READ extra", "datafile_syntax",
         msg_arg_count(3), 1),
        ("parse_quoted_one_argument", "datasource", 'TOKEN "a b"', "datafile_syntax", MSG_TWO_PARAMS, 1),
        ("parse_error_line_number", "datasource", DATASOURCE_FILE + "TOKEN broken\n", "datafile_syntax",
         MSG_TWO_PARAMS, 13),
        ("parse_lowercase_unknown_permission", "datasource", "TOKEN x write", "invalid_permission",
         msg_bad_permission("write"), 1),
        ("parse_empty_permission", "datasource", 'TOKEN x ""', "invalid_permission", msg_bad_permission(""), 1),
        ("parse_pipe_unknown_permission_first", "pipe", "TOKEN x WRITE", "invalid_permission",
         msg_bad_permission("WRITE"), 1),
        ("parse_pipe_lowercase_append", "pipe", "TOKEN ok READ\ntoken 'app read' append", "invalid_permission",
         msg_pipe_append("app read"), 2),
        ("parse_crlf_error_line", "pipe", "NODE n\r\n\r\nTOKEN a APPEND\r\n", "invalid_permission",
         msg_pipe_append("a"), 3),
    ]
    for case_id, kind, text, code, message, line in parses_err:
        cases.append(err(case_id, p, {"kind": kind, "text": text}, code, message, line))

    for case in cases:
        if case["op"] == r:
            check_case_against(case, ref_render)
        else:
            check_case_against(case, lambda i: ref_parse_datafile(i["kind"], i["text"]))
    return cases


# --------------------------------------------------------------------------------------------------
# plans.json: plan_tokens, diff_token_plans
# --------------------------------------------------------------------------------------------------

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


def dfile(kind: str, name: str, text: str) -> dict:
    return {"kind": kind, "name": name, "text": text}


def plan(*pairs) -> list[dict]:
    return [{"name": n, "scopes": s} for n, s in pairs]


def plans_cases() -> list[dict]:
    cases = []
    op = "plan_tokens"
    plans_ok = [
        ("plan_datasource_and_pipe",
         [dfile("datasource", "events", DATASOURCE_FILE), dfile("pipe", "top_pages", PIPE_FILE)],
         plan(("app_read", ["DATASOURCES:READ:events", "PIPES:READ:top_pages"]),
              ("dashboard token", ["PIPES:READ:top_pages"]),
              ("ingest", ["DATASOURCES:APPEND:events"]))),
        ("plan_empty_files", [], []),
        ("plan_files_without_tokens", [dfile("pipe", "p", "NODE n\nSQL >\n    SELECT 1"), dfile("datasource", "d", "")],
         []),
        ("plan_sorted_by_bytes",
         [dfile("datasource", "events", "TOKEN beta READ\nTOKEN alpha READ\nTOKEN _under READ\nTOKEN Alpha READ")],
         plan(("Alpha", ["DATASOURCES:READ:events"]), ("_under", ["DATASOURCES:READ:events"]),
              ("alpha", ["DATASOURCES:READ:events"]), ("beta", ["DATASOURCES:READ:events"]))),
        ("plan_first_seen_scope_order",
         [dfile("pipe", "top_pages", "TOKEN t READ"), dfile("datasource", "events", "TOKEN t APPEND\nTOKEN t READ")],
         plan(("t", ["PIPES:READ:top_pages", "DATASOURCES:APPEND:events", "DATASOURCES:READ:events"]))),
        ("plan_duplicates_dropped",
         [dfile("datasource", "events", "TOKEN t READ\nTOKEN t read"), dfile("datasource", "events", "TOKEN t READ")],
         plan(("t", ["DATASOURCES:READ:events"]))),
        ("plan_same_name_datasource_and_pipe",
         [dfile("datasource", "events", "TOKEN t READ"), dfile("pipe", "events", "TOKEN t READ")],
         plan(("t", ["DATASOURCES:READ:events", "PIPES:READ:events"]))),
        ("plan_quoted_names",
         [dfile("pipe", "p", "TOKEN \"read token\" READ\nTOKEN 'app-read' READ")],
         plan(("app-read", ["PIPES:READ:p"]), ("read token", ["PIPES:READ:p"]))),
        ("plan_sorted_non_ascii_last",
         [dfile("pipe", "p", "TOKEN ñu READ\nTOKEN zz READ\nTOKEN Zz READ")],
         plan(("Zz", ["PIPES:READ:p"]), ("zz", ["PIPES:READ:p"]), ("ñu", ["PIPES:READ:p"]))),
    ]
    for case_id, files, value in plans_ok:
        cases.append(ok(case_id, op, {"files": files}, value))
    plans_err = [
        ("plan_error_in_second_file",
         [dfile("datasource", "events", "TOKEN a READ"), dfile("pipe", "p", "NODE n\n\nTOKEN a b c")],
         "datafile_syntax", msg_arg_count(3), 3),
        ("plan_pipe_append", [dfile("pipe", "top_pages", "TOKEN app_read APPEND")], "invalid_permission",
         msg_pipe_append("app_read"), 1),
        ("plan_bad_permission", [dfile("datasource", "events", "\nTOKEN a DELETE")], "invalid_permission",
         msg_bad_permission("DELETE"), 2),
        ("plan_unclosed_quote", [dfile("datasource", "events", "TOKEN \"a READ")], "datafile_syntax",
         "No closing quotation", 1),
    ]
    for case_id, files, code, message, line in plans_err:
        cases.append(err(case_id, op, {"files": files}, code, message, line))

    d = "diff_token_plans"
    empty = {"create": [], "update": [], "delete": []}
    old_plan = plan(("app_read", ["DATASOURCES:READ:events", "PIPES:READ:top_pages"]),
                    ("ingest", ["DATASOURCES:APPEND:events"]))
    diffs = [
        ("diff_identical", old_plan, old_plan, empty),
        ("diff_both_empty", [], [], empty),
        ("diff_create_all", [], old_plan, {"create": old_plan, "update": [], "delete": []}),
        ("diff_delete_all", old_plan, [], {"create": [], "update": [], "delete": ["app_read", "ingest"]}),
        ("diff_reordered_scopes_no_update", old_plan,
         plan(("app_read", ["PIPES:READ:top_pages", "DATASOURCES:READ:events"]),
              ("ingest", ["DATASOURCES:APPEND:events"])), empty),
        ("diff_update_added_removed",
         plan(("t", ["PIPES:READ:a", "PIPES:READ:b", "PIPES:READ:c", "PIPES:READ:e"])),
         plan(("t", ["PIPES:READ:d", "PIPES:READ:c", "PIPES:READ:f", "PIPES:READ:b"])),
         {"create": [], "update": [{"name": "t", "added": ["PIPES:READ:d", "PIPES:READ:f"], "removed": ["PIPES:READ:a", "PIPES:READ:e"]}],
          "delete": []}),
        ("diff_update_only_added", plan(("t", ["DATASOURCES:READ:a"])),
         plan(("t", ["DATASOURCES:READ:a", "DATASOURCES:READ:b"])),
         {"create": [], "update": [{"name": "t", "added": ["DATASOURCES:READ:b"], "removed": []}], "delete": []}),
        ("diff_mixed_sorted",
         plan(("zeta", ["PIPES:READ:p"]), ("app_read", ["DATASOURCES:READ:events"]), ("old_b", ["PIPES:READ:b"]),
              ("old_a", ["PIPES:READ:a"])),
         plan(("new_b", ["PIPES:READ:b"]), ("app_read", ["DATASOURCES:READ:sessions"]), ("zeta", ["PIPES:READ:p"]),
              ("Upper", ["PIPES:READ:u"]), ("new_a", ["PIPES:READ:a"])),
         {"create": plan(("Upper", ["PIPES:READ:u"]), ("new_a", ["PIPES:READ:a"]), ("new_b", ["PIPES:READ:b"])),
          "update": [{"name": "app_read", "added": ["DATASOURCES:READ:sessions"],
                      "removed": ["DATASOURCES:READ:events"]}],
          "delete": ["old_a", "old_b"]}),
        ("diff_rename_is_create_and_delete", plan(("old_name", ["PIPES:READ:p"])), plan(("new_name", ["PIPES:READ:p"])),
         {"create": plan(("new_name", ["PIPES:READ:p"])), "update": [], "delete": ["old_name"]}),
        ("diff_update_sorted_by_bytes",
         plan(("b", ["PIPES:READ:x1"]), ("B", ["PIPES:READ:x1"]), ("_", ["PIPES:READ:x1"])),
         plan(("b", ["PIPES:READ:x2"]), ("B", ["PIPES:READ:x2"]), ("_", ["PIPES:READ:x2"])),
         {"create": [], "update": [{"name": "B", "added": ["PIPES:READ:x2"], "removed": ["PIPES:READ:x1"]},
                                   {"name": "_", "added": ["PIPES:READ:x2"], "removed": ["PIPES:READ:x1"]},
                                   {"name": "b", "added": ["PIPES:READ:x2"], "removed": ["PIPES:READ:x1"]}], "delete": []}),
    ]
    for case_id, old, new, value in diffs:
        cases.append(ok(case_id, d, {"old": old, "new": new}, value))
    cases.append(err("diff_unknown_scope_in_plan", d, {"old": plan(("t", ["NOPE:x"])), "new": []}, "invalid_scope"))
    cases.append(err("diff_classic_scope_in_plan", d,
                     {"old": [], "new": plan(("t", ["DATASOURCES:DROP:x"]))}, "scope_not_allowed"))

    for case in cases:
        check_case_against(case, ref_plan if case["op"] == op else ref_diff)
    return cases


# --------------------------------------------------------------------------------------------------
# ttl.json: parse_ttl
# --------------------------------------------------------------------------------------------------

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


def ttl_cases() -> list[dict]:
    op = "parse_ttl"
    oks = [
        ("anchor_v22_ttl_1h", "1h", 3600),
        ("anchor_v23_ttl_30min", "30min", 1800),
        ("anchor_v24_ttl_1_space_h", "1 h", 3600),
        ("anchor_v24_ttl_1d", "1d", 86400),
        ("anchor_v24_ttl_2weeks", "2weeks", 1209600),
        ("anchor_v24_ttl_1y", "1y", 31449600),
        ("anchor_v24_ttl_1_5h", "1.5h", 5400),
        ("anchor_v24_ttl_bare_10", "10", 10),
        ("anchor_v24_ttl_1ms", "1ms", 0),
        ("anchor_v24_ttl_0", "0", 0),
        ("ttl_surrounding_spaces", "  2h  ", 7200),
        ("ttl_surrounding_tab_newline", "\t15m\n", 900),
        ("ttl_several_spaces_before_unit", "3   days", 259200),
        ("ttl_uppercase_unit", "1 H", 3600),
        ("ttl_uppercase_m_is_minute", "1M", 60),
        ("ttl_mixed_case_word", "2 Hours", 7200),
        ("ttl_unit_s", "45s", 45),
        ("ttl_unit_sec", "45 sec", 45),
        ("ttl_unit_secs", "45secs", 45),
        ("ttl_unit_second", "1 second", 1),
        ("ttl_unit_seconds", "90 seconds", 90),
        ("ttl_unit_m", "5m", 300),
        ("ttl_unit_mins", "5 mins", 300),
        ("ttl_unit_minute", "1 minute", 60),
        ("ttl_unit_minutes", "10 minutes", 600),
        ("ttl_unit_hour", "1 hour", 3600),
        ("ttl_unit_day", "1 day", 86400),
        ("ttl_unit_days", "7 days", 604800),
        ("ttl_unit_w", "1w", 604800),
        ("ttl_unit_week", "1 week", 604800),
        ("ttl_unit_year", "1 year", 31449600),
        ("ttl_unit_years", "2 years", 62899200),
        ("ttl_unit_ms_rounds_down", "1500ms", 1),
        ("ttl_unit_millisecond", "2500 milliseconds", 2),
        ("ttl_unit_us", "3000000us", 3),
        ("ttl_unit_microseconds", "1 microseconds", 0),
        ("ttl_unit_ns", "5ns", 0),
        ("ttl_unit_nanosecond", "1 nanosecond", 0),
        ("ttl_unit_nanoseconds", "2000000000 nanoseconds", 2),
        ("ttl_fraction_rounds_down", "1.9", 1),
        ("ttl_fraction_below_one", "0.5", 0),
        ("ttl_fraction_minutes", "2.5m", 150),
        ("ttl_fraction_days", "1.5d", 129600),
        ("ttl_fraction_year", "0.5y", 15724800),
        ("ttl_leading_zeros", "01h", 3600),
        ("ttl_zero_unit", "0d", 0),
        ("ttl_max_seconds", "86399999999999", TIMEDELTA_MAX_SECONDS),
        ("ttl_rounds_to_microseconds_like_timedelta", "999999999ns", 1),
        ("ttl_half_microsecond_rounds_to_even", "0.0000005s", 0),
        ("ttl_max_days", "999999999d", 86399999913600),
        ("ttl_max_years", "2747252y", 2747252 * 31449600),
    ]
    errs = [
        ("anchor_v25_ttl_months", "1mo"),
        ("anchor_v25_ttl_word", "abc"),
        ("anchor_v25_ttl_negative", "-1h"),
        ("anchor_v25_ttl_compound", "1h30m"),
        ("ttl_empty", ""),
        ("ttl_only_spaces", "   "),
        ("ttl_unit_only", "h"),
        ("ttl_unit_before_number", "h1"),
        ("ttl_hr", "1hr"),
        ("ttl_yrs", "1 yrs"),
        ("ttl_leading_dot", ".5h"),
        ("ttl_trailing_dot", "1.h"),
        ("ttl_trailing_dot_no_unit", "1."),
        ("ttl_exponent", "1e3"),
        ("ttl_decimal_comma", "1,5h"),
        ("ttl_two_dots", "1.5.5h"),
        ("ttl_plus_sign", "+1h"),
        ("ttl_two_numbers", "1 2"),
        ("ttl_two_units", "1 h h"),
        ("ttl_underscore_digits", "1_000"),
        ("ttl_above_timedelta_max", "86400000000000"),
        ("ttl_above_max_days", "1000000000d"),
        ("ttl_above_max_years", "2747253y"),
        ("ttl_huge_number", "1" + "0" * 30),
    ]
    cases = [ok(i, op, {"ttl": t}, {"seconds": s}) for i, t, s in oks]
    cases += [err(i, op, {"ttl": t}, "invalid_ttl") for i, t in errs]
    for case in cases:
        check_case_against(case, lambda i: ref_parse_ttl(i["ttl"]))
    return cases


# --------------------------------------------------------------------------------------------------
# fixed_params.json: parse_fixed_params
# --------------------------------------------------------------------------------------------------

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


def fixed_params_cases() -> list[dict]:
    op = "parse_fixed_params"
    oks = [
        ("anchor_v22_fixed_params_single", "param_name=value", [["param_name", "value"]]),
        ("anchor_v23_fixed_params_column", "column_name=value", [["column_name", "value"]]),
        ("anchor_v26_fixed_params_untrimmed", " b = 3", [[" b ", " 3"]]),
        ("fixed_params_two", "org_id=acme,user_id=42", [["org_id", "acme"], ["user_id", "42"]]),
        ("fixed_params_order_kept", "z=1,a=2,m=3", [["z", "1"], ["a", "2"], ["m", "3"]]),
        ("fixed_params_empty_value", "a=", [["a", ""]]),
        ("fixed_params_empty_values", "a=,b=", [["a", ""], ["b", ""]]),
        ("fixed_params_values_stay_strings", "n=1,f=1.5,b=true", [["n", "1"], ["f", "1.5"], ["b", "true"]]),
        ("fixed_params_case_sensitive_keys", "a=1,A=2", [["a", "1"], ["A", "2"]]),
        ("fixed_params_space_key", " =1", [[" ", "1"]]),
        ("fixed_params_quotes_kept", "name='x y'", [["name", "'x y'"]]),
        ("fixed_params_colon_value", "t=2024-01-01T00:00:00", [["t", "2024-01-01T00:00:00"]]),
        ("fixed_params_non_ascii", "ciudad=Málaga,ñ=ü", [["ciudad", "Málaga"], ["ñ", "ü"]]),
        ("fixed_params_spaces_around_comma", "a=1 , b=2", [["a", "1 "], [" b", "2"]]),
    ]
    errs = [
        ("anchor_v26_fixed_params_repeated_key", "a=1,b=x,a=3"),
        ("anchor_v26_fixed_params_repeated_key_spaces", "a=1,a=2, b = 3"),
        ("anchor_v26_fixed_params_no_equals", "a"),
        ("anchor_v26_fixed_params_empty", ""),
        ("anchor_v26_fixed_params_two_equals", "a=1=2"),
        ("fixed_params_empty_key", "=1"),
        ("fixed_params_trailing_comma", "a=1,"),
        ("fixed_params_leading_comma", ",a=1"),
        ("fixed_params_double_comma", "a=1,,b=2"),
        ("fixed_params_only_comma", ","),
        ("fixed_params_only_equals", "="),
        ("fixed_params_second_piece_no_equals", "a=1,b"),
        ("fixed_params_repeated_empty_value_key", "a=,a="),
    ]
    cases = [ok(i, op, {"text": t}, v) for i, t, v in oks]
    cases += [err(i, op, {"text": t}, "invalid_fixed_params") for i, t in errs]
    for case in cases:
        check_case_against(case, ref_fixed_params)
    return cases


# --------------------------------------------------------------------------------------------------
# jwt_create.json: create_jwt
# --------------------------------------------------------------------------------------------------

def pr(resource: str, fixed_params: dict | None = None) -> dict:
    s = {"type": "PIPES:READ", "resource": resource}
    if fixed_params is not None:
        s["fixed_params"] = fixed_params
    return s


def dr(resource: str, filt: str | None = None) -> dict:
    s = {"type": "DATASOURCES:READ", "resource": resource}
    if filt is not None:
        s["filter"] = filt
    return s


def create_input(scopes, *, key=ADMIN, now=NOW, workspace_id=WS, name="frontend_jwt", ttl=None,
                 expires_at=2000000000, limits=None, extra_claims=None) -> dict:
    inp = {"key": key, "now": now, "workspace_id": workspace_id, "name": name}
    if ttl is not None:
        inp["ttl"] = ttl
    if expires_at is not None:
        inp["expires_at"] = expires_at
    inp["scopes"] = scopes
    if limits is not None:
        inp["limits"] = limits
    if extra_claims is not None:
        inp["extra_claims"] = extra_claims
    return inp


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


def ref_create_jwt(inp: dict) -> dict:
    """The README's create_jwt rules, in the order they are written there."""
    try:
        ref_decode_static(inp["key"])
    except RefError:
        raise RefError("invalid_signing_key") from None
    if not inp["workspace_id"] or not inp["name"]:
        raise RefError("invalid_claims")
    if ("ttl" in inp) == ("expires_at" in inp):
        raise RefError("invalid_claims")
    if "ttl" in inp:
        exp = inp["now"] + ref_parse_ttl(inp["ttl"])["seconds"]
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
    if any(k in RESERVED_CLAIMS for k in inp.get("extra_claims", {})):
        raise RefError("invalid_claims")
    return {"token": pyjwt(create_claims(inp, exp), inp["key"])}


def jwt_create_cases() -> list[dict]:
    op = "create_jwt"
    cases = []
    # (id, input, exp, anchor token or None)
    oks = [
        ("anchor_v15_create_jwt_pipe_fixed_params",
         create_input([pr("requests_per_day", {"org_id": "testing"})]), 2000000000, V15),
        ("anchor_v16_create_jwt_pipe_and_filter_limits",
         create_input([pr("requests_per_day", {"org_id": "testing"}), dr("events", "org_id = 'testing'")],
                      limits={"rps": 10}), 2000000000, V16),
        ("anchor_v17_create_jwt_typed_fixed_params",
         create_input([pr("top_pages", {"user_id": 123, "active": True})]), 2000000000, V17),
        ("anchor_v18_create_jwt_non_ascii_name", create_input([pr("p")], name="usuario_ñ"), 2000000000, V18_PYJWT),
        ("create_jwt_ttl_1h_fixed_params",
         create_input([pr("my_pipe", {"param_name": "value"})], name="my_jwt", ttl="1h", expires_at=None),
         NOW + 3600, None),
        ("create_jwt_ttl_30min_filter",
         create_input([dr("events", "org_id = 'acme'")], ttl="30min", expires_at=None), NOW + 1800, None),
        ("create_jwt_ttl_fraction", create_input([pr("p")], ttl="1.5h", expires_at=None), NOW + 5400, None),
        ("create_jwt_ttl_one_second", create_input([pr("p")], ttl="1", expires_at=None), NOW + 1, None),
        ("create_jwt_ttl_rounds_down", create_input([pr("p")], ttl="1500ms", expires_at=None), NOW + 1, None),
        ("create_jwt_expires_one_second_after_now", create_input([pr("p")], expires_at=NOW + 1), NOW + 1, None),
        ("create_jwt_empty_fixed_params_left_out", create_input([pr("p", {})]), 2000000000, None),
        ("create_jwt_datasource_read_no_filter", create_input([dr("events")]), 2000000000, None),
        ("create_jwt_shared_datasource", create_input([dr("analytics.events", "org_id = 1")]), 2000000000, None),
        ("create_jwt_fixed_params_all_types",
         create_input([pr("p", {"s": "x", "n": -7, "f": 1.5, "t": True, "b": False, "e": ""})]), 2000000000, None),
        ("create_jwt_many_scopes",
         create_input([pr("a"), dr("b"), pr("c", {"k": "v"}), dr("d", "x > 1")]), 2000000000, None),
        ("create_jwt_same_resource_twice", create_input([pr("p"), pr("p")]), 2000000000, None),
        ("create_jwt_limits_rps_1", create_input([pr("p")], limits={"rps": 1}), 2000000000, None),
        ("create_jwt_extra_claims",
         create_input([pr("p")], limits={"rps": 5}, extra_claims={"sub": "user_1", "iat": NOW, "tenant": {"id": 7}}),
         2000000000, None),
        ("create_jwt_extra_claims_without_limits", create_input([pr("p")], extra_claims={"aud": "dashboard"}),
         2000000000, None),
        ("create_jwt_name_with_space", create_input([pr("p")], name="frontend jwt"), 2000000000, None),
        ("create_jwt_filter_non_ascii", create_input([dr("events", "city = 'Málaga'")]), 2000000000, None),
        ("create_jwt_key_tinybird_local", create_input([pr("p")], key=V11), 2000000000, None),
        ("create_jwt_key_public_token", create_input([pr("p")], key=V13), 2000000000, None),
        ("create_jwt_key_org_token",
         create_input([pr("p")], key=static_token("o", WS, TID, "aws-us-east-1", "abcd")), 2000000000, None),
    ]
    for case_id, inp, exp, anchor in oks:
        claims = create_claims(inp, exp)
        token = pyjwt(claims, inp["key"])
        if anchor is not None:
            check(token == anchor, f"{case_id}: PyJWT bytes differ from the anchor")
        cases.append(ok(case_id, op, inp, {"token": token}))

    base = [pr("my_pipe")]
    errs = [
        ("create_jwt_empty_key", create_input(base, key=""), "invalid_signing_key"),
        ("anchor_v21_create_jwt_key_not_admin_token", create_input(base, key="secret"), "invalid_signing_key"),
        ("create_jwt_key_non_tinybird_payload", create_input(base, key=V12), "invalid_signing_key"),
        ("create_jwt_key_is_a_jwt", create_input(base, key=V15), "invalid_signing_key"),
        ("create_jwt_key_two_segments", create_input(base, key="p.eyJ1IjogIngifQ"), "invalid_signing_key"),
        ("create_jwt_key_bad_base64", create_input(base, key="p.!!!!.abc"), "invalid_signing_key"),
        ("create_jwt_key_wrong_prefix", create_input(base, key="q" + V10[1:]), "invalid_signing_key"),
        ("create_jwt_empty_workspace_id", create_input(base, workspace_id=""), "invalid_claims"),
        ("create_jwt_empty_name", create_input(base, name=""), "invalid_claims"),
        ("create_jwt_ttl_and_expires_at", create_input(base, ttl="1h", expires_at=2000000000), "invalid_claims"),
        ("create_jwt_no_expiry", create_input(base, expires_at=None), "invalid_claims"),
        ("anchor_v21_create_jwt_expires_in_past", create_input(base, expires_at=1600000000), "invalid_claims"),
        ("create_jwt_expires_at_now", create_input(base, expires_at=NOW), "invalid_claims"),
        ("create_jwt_ttl_unparsable", create_input(base, ttl="abc", expires_at=None), "invalid_ttl"),
        ("create_jwt_ttl_months", create_input(base, ttl="1mo", expires_at=None), "invalid_ttl"),
        ("create_jwt_ttl_zero", create_input(base, ttl="0", expires_at=None), "invalid_ttl"),
        ("create_jwt_ttl_below_one_second", create_input(base, ttl="1ms", expires_at=None), "invalid_ttl"),
        ("create_jwt_ttl_too_large", create_input(base, ttl="86400000000000", expires_at=None), "invalid_ttl"),
        ("create_jwt_no_scopes", create_input([]), "invalid_claims"),
        ("anchor_v21_create_jwt_append_scope", create_input([{"type": "DATASOURCES:APPEND", "resource": "events"}]),
         "scope_not_allowed"),
        ("create_jwt_admin_scope", create_input([{"type": "ADMIN", "resource": "events"}]), "scope_not_allowed"),
        ("create_jwt_tokens_scope", create_input([pr("p"), {"type": "TOKENS", "resource": "x"}]), "scope_not_allowed"),
        ("create_jwt_lowercase_scope_type", create_input([{"type": "pipes:read", "resource": "p"}]), "invalid_scope"),
        ("create_jwt_unknown_scope_type", create_input([{"type": "PIPES:WRITE", "resource": "p"}]), "invalid_scope"),
        ("create_jwt_empty_resource", create_input([pr("")]), "missing_resource"),
        ("create_jwt_bad_resource_name", create_input([pr("my-pipe")]), "invalid_scope"),
        ("create_jwt_resource_three_parts", create_input([dr("a.b.c")]), "invalid_scope"),
        ("create_jwt_filter_on_pipe",
         create_input([{"type": "PIPES:READ", "resource": "p", "filter": "a = 1"}]), "filter_not_supported"),
        ("create_jwt_empty_filter", create_input([dr("events", "")]), "invalid_scope"),
        ("create_jwt_fixed_params_on_datasource",
         create_input([{"type": "DATASOURCES:READ", "resource": "events", "fixed_params": {"a": "1"}}]),
         "invalid_fixed_params"),
        ("create_jwt_fixed_params_null_value", create_input([pr("p", {"a": None})]), "invalid_fixed_params"),
        ("create_jwt_fixed_params_list_value", create_input([pr("p", {"a": [1, 2]})]), "invalid_fixed_params"),
        ("create_jwt_fixed_params_object_value", create_input([pr("p", {"a": {"b": "c"}})]), "invalid_fixed_params"),
        ("create_jwt_fixed_params_empty_key", create_input([pr("p", {"": "x"})]), "invalid_fixed_params"),
        ("create_jwt_limits_rps_zero", create_input(base, limits={"rps": 0}), "invalid_limits"),
        ("create_jwt_limits_rps_negative", create_input(base, limits={"rps": -5}), "invalid_limits"),
        ("create_jwt_limits_rps_fraction", create_input(base, limits={"rps": 1.5}), "invalid_limits"),
        ("create_jwt_limits_rps_string", create_input(base, limits={"rps": "10"}), "invalid_limits"),
        ("create_jwt_limits_rps_bool", create_input(base, limits={"rps": True}), "invalid_limits"),
        ("create_jwt_limits_rps_null", create_input(base, limits={"rps": None}), "invalid_limits"),
        ("create_jwt_limits_without_rps", create_input(base, limits={}), "invalid_limits"),
    ]
    for reserved in ("workspace_id", "name", "exp", "scopes", "limits"):
        errs.append((f"create_jwt_extra_claim_{reserved}", create_input(base, extra_claims={reserved: "x"}),
                     "invalid_claims"))
    for case_id, inp, code in errs:
        cases.append(err(case_id, op, inp, code))
    for case in cases:
        check_case_against(case, ref_create_jwt)
    return cases


# --------------------------------------------------------------------------------------------------
# jwt_sign.json: sign_jwt
# --------------------------------------------------------------------------------------------------

BINARY_KEY = bytes(range(32))
LONG_KEY = bytes((i * 7 + 3) % 256 for i in range(100))


def float_sweeps() -> list[tuple[str, list[float]]]:
    """Floats whose spelling is easy to get wrong: Python's repr picks the shortest digits that round-trip
    and, of two such, the one nearer the exact value (1658206780088562.25 is written ...562.2), and
    switches to exponents outside 1e-4 <= |f| < 1e16. Only non-integral values: JS reads 1e16 as an
    integer. Bit patterns come from SHA-256 of a counter, so the sweep is the same on every run."""
    import struct

    def pattern(i: int) -> float:
        return struct.unpack("<d", hashlib.sha256(b"float %d" % i).digest()[:8])[0]

    def usable(f: float) -> bool:
        return math.isfinite(f) and f != int(f)

    near_ties = [1658206780088562.2, 1e15 + 0.25, 2 ** 52 - 0.5, 4503599627370495.5, 9007199254740.993]
    decades = [m * 10.0 ** e for e in range(-12, 16) for m in (1.0000000000000002, 1.5, 9.999999999999998)]
    boundaries = [1e-4, 9.999999999999999e-5, 1e-5, 0.1, 0.2, 0.30000000000000004, 1 / 3, 2 / 3,
                  5e-324, 2.2250738585072014e-308, 1.7976931348623157e308 / 3e300]
    random_bits = [f for f in (pattern(i) for i in range(600)) if usable(f)]
    groups = [
        ("sign_jwt_floats_ties_and_decades", near_ties + decades),
        ("sign_jwt_floats_boundaries", boundaries + [-f for f in boundaries]),
        ("sign_jwt_floats_bit_patterns_1", random_bits[:200]),
        ("sign_jwt_floats_bit_patterns_2", random_bits[200:400]),
    ]
    return [(cid, [f for f in fs if usable(f)]) for cid, fs in groups]


def jwt_sign_cases() -> list[dict]:
    op = "sign_jwt"
    v15_claims = {"workspace_id": WS, "name": "frontend_jwt", "exp": 2000000000,
                  "scopes": [{"type": "PIPES:READ", "resource": "requests_per_day",
                              "fixed_params": {"org_id": "testing"}}]}
    # (id, claims, key (str) or key bytes (written as key_hex), anchor or None)
    table = [
        ("anchor_v14_sign_jwt_pyjwt_doctest", {"hola": "caracola", "exp": 12312313}, "secret", V14),
        ("anchor_v15_sign_jwt_docs_order", v15_claims, ADMIN, V15),
        ("anchor_v18_sign_jwt_non_ascii_escaped",
         {"workspace_id": WS, "name": "usuario_ñ", "exp": 2000000000,
          "scopes": [{"type": "PIPES:READ", "resource": "p"}]}, ADMIN, V18_PYJWT),
        ("anchor_v19_sign_jwt_server_order",
         {"workspace_id": WS, "exp": 2000000000, "name": "frontend_jwt",
          "scopes": [{"type": "PIPES:READ", "resource": "requests_per_day", "fixed_params": {"org_id": "testing"}}],
          "limits": {"rps": 10}}, ADMIN, V19),
        ("anchor_v20_sign_jwt_server_order_null_fixed_params",
         {"workspace_id": WS, "exp": 1700003600, "name": "my_jwt",
          "scopes": [{"type": "PIPES:READ", "resource": "my_pipe", "fixed_params": None}]}, ADMIN, V20),
        ("anchor_v22_sign_jwt_server_minted",
         {"workspace_id": WS, "exp": 1700003600, "name": "my_jwt",
          "scopes": [{"type": "PIPES:READ", "resource": "my_pipe", "fixed_params": {"param_name": "value"}}]},
         ADMIN, V22),
        ("sign_jwt_empty_claims", {}, "secret", None),
        ("sign_jwt_order_kept", {"z": 1, "a": 2, "m": 3}, "secret", None),
        ("sign_jwt_reverse_order_differs", {"m": 3, "a": 2, "z": 1}, "secret", None),
        ("sign_jwt_all_json_types",
         {"s": "x", "i": -42, "zero": 0, "f": 1.5, "q": 0.25, "t": True, "fa": False, "n": None,
          "arr": [1, "two", [3], {}], "obj": {"nested": {"deep": []}}, "big": 9007199254740991},
         "secret", None),
        ("sign_jwt_bmp_escapes", {"name": "usuario_ñ", "city": "Málaga", "jp": "東京", "euro": "€"}, "secret", None),
        ("sign_jwt_astral_surrogate_pair", {"emoji": "😀", "clef": "𝄞"}, "secret", None),
        ("sign_jwt_control_characters",
         {"ctl": "a\nb\tc\rd\be\ff\u0000g\u001fh\u007fi"}, "secret", None),
        ("sign_jwt_quotes_backslash_slash", {"q": "say \"hi\"", "bs": "C:\\path", "url": "https://x.io/a/b"},
         "secret", None),
        ("sign_jwt_line_separators", {"ls": "a\u2028b\u2029c", "nbsp": "\u00a0", "bom": "\ufeff"}, "secret", None),
        ("sign_jwt_empty_key_name", {"": "empty key", " ": "space"}, "secret", None),
        ("sign_jwt_unicode_key_string", {"exp": 2000000000}, "clave_ñ_🔑", None),
        ("sign_jwt_key_hex_binary", {"exp": 2000000000, "sub": "binary"}, BINARY_KEY, None),
        ("sign_jwt_key_hex_longer_than_block", {"exp": 2000000000}, LONG_KEY, None),
        ("sign_jwt_key_hex_non_utf8", {"exp": 2000000000}, b"\xff\xfe\x80\x00", None),
        ("sign_jwt_long_string_key", {"exp": 2000000000}, "k" * 200, None),
    ]
    cases = []
    for case_id, claims, key, anchor in table:
        token = pyjwt(claims, key)
        if anchor is not None:
            check(token == anchor, f"{case_id}: PyJWT bytes differ from the anchor")
        inp = {"claims": claims}
        if isinstance(key, bytes):
            inp["key_hex"] = key.hex()
        else:
            inp["key"] = key
        cases.append(ok(case_id, op, inp, {"token": token}))
    for case_id, floats in float_sweeps():
        claims = {"exp": 2000000000, "f": floats}
        cases.append(ok(case_id, op, {"claims": claims, "key": "secret"}, {"token": pyjwt(claims, "secret")}))
    cases.append(err("sign_jwt_empty_key", op, {"claims": {"exp": 2000000000}, "key": ""}, "invalid_signing_key"))
    cases.append(err("sign_jwt_empty_key_hex", op, {"claims": {"exp": 2000000000}, "key_hex": ""},
                     "invalid_signing_key"))
    return cases


# --------------------------------------------------------------------------------------------------
# jwt_verify.json / jwt_decode.json: verify_jwt, decode_jwt
# --------------------------------------------------------------------------------------------------

B64URL_RE = re.compile(r"[A-Za-z0-9_-]*")
MAX_DEPTH = 128


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


def strict_json_object(data: bytes) -> dict:
    def pairs(items):
        keys = [k for k, _ in items]
        if len(keys) != len(set(keys)):
            raise RefError("malformed_token")
        return dict(items)

    def no_constant(name):
        raise RefError("malformed_token")

    try:
        text = data.decode("utf-8")
        value = json.loads(text, object_pairs_hook=pairs, parse_constant=no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise RefError("malformed_token") from None
    if not isinstance(value, dict) or depth(value) > MAX_DEPTH:
        raise RefError("malformed_token")
    return value


def is_json_integer(value) -> bool:
    """Python's json yields an int only for a literal without fraction or exponent."""
    return isinstance(value, int) and not isinstance(value, bool) and -(2 ** 63) <= value < 2 ** 63


def ref_decode(token: str):
    if len(token.encode("utf-8")) > MAX_TOKEN_BYTES:
        raise RefError("token_too_large")
    parts = token.split(".")
    if len(parts) != 3:
        raise RefError("malformed_token")
    header = strict_json_object(strict_b64(parts[0]))
    return parts, header


def ref_payload(parts) -> dict:
    return strict_json_object(strict_b64(parts[1]))


def ref_decode_jwt(inp: dict) -> dict:
    parts, header = ref_decode(inp["token"])
    return {"header": header, "claims": ref_payload(parts)}


def input_keys(inp: dict) -> list[bytes]:
    if "keys_hex" in inp:
        return [bytes.fromhex(k) for k in inp["keys_hex"]]
    return [k.encode("utf-8") for k in inp["keys"]]


def ref_verify_jwt(inp: dict) -> dict:
    keys = input_keys(inp)
    if not keys or any(len(k) == 0 for k in keys):
        raise RefError("invalid_signing_key")
    parts, header = ref_decode(inp["token"])
    alg = header.get("alg")
    if not isinstance(alg, str) or alg != "HS256":
        raise RefError("algorithm_not_allowed")
    if "crit" in header or "b64" in header:
        raise RefError("malformed_token")
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
    if "exp" not in claims:
        raise RefError("missing_claim")
    for claim in ("exp", "nbf"):
        if claim in claims and not is_json_integer(claims[claim]):
            raise RefError("invalid_claims")
    now, leeway = inp["now"], inp.get("leeway", 0)
    if claims["exp"] <= now - leeway:
        raise RefError("token_expired")
    if "nbf" in claims and claims["nbf"] > now + leeway:
        raise RefError("token_not_yet_valid")
    return {"header": header, "claims": claims, "key_index": key_index}


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


def pyjwt_agrees_verify(case: dict) -> None:
    inp, value = case["input"], case["expect"]["ok"]
    key = input_keys(inp)[value["key_index"]]
    with frozen_pyjwt_clock(inp["now"]):
        got = jwt.api_jwt.decode_complete(inp["token"], key, algorithms=["HS256"], leeway=inp.get("leeway", 0),
                                  options={"require": ["exp"], "verify_iat": False, "verify_aud": False})
    check(got["header"] == value["header"] and list(got["header"]) == list(value["header"]),
          f"{case['id']}: PyJWT header differs")
    check(got["payload"] == value["claims"] and list(got["payload"]) == list(value["claims"]),
          f"{case['id']}: PyJWT claims differ")


def pyjwt_agrees_decode(case: dict) -> None:
    value = case["expect"]["ok"]
    got = jwt.api_jwt.decode_complete(case["input"]["token"], options={"verify_signature": False})
    check(got["header"] == value["header"] and got["payload"] == value["claims"], f"{case['id']}: PyJWT differs")


def header_seg(obj) -> str:
    return seg(obj)


HS = {"alg": "HS256", "typ": "JWT"}
CLAIMS = {"workspace_id": WS, "name": "frontend_jwt", "exp": 2000000000,
          "scopes": [{"type": "PIPES:READ", "resource": "top_pages"}]}
OTHER_KEY = V11


def nested_array(levels: int, inner="x") -> str:
    return "[" * levels + json.dumps(inner) + "]" * levels


def nested_object(levels: int) -> str:
    return '{"a":' * levels + "1" + "}" * levels


def sized_token(target: int) -> tuple[str, dict]:
    """A validly signed token of exactly `target` bytes (padding claim length searched)."""
    for n in range(target):
        claims = {"exp": 2000000000, "pad": "x" * n}
        token = pyjwt(claims, ADMIN)
        if len(token) == target:
            return token, claims
        if len(token) > target:
            break
    for n in range(target):  # a second filler shifts the base64 phase
        claims = {"exp": 2000000000, "p": "y", "pad": "x" * n}
        token = pyjwt(claims, ADMIN)
        if len(token) == target:
            return token, claims
    raise Fail(f"no token of {target} bytes")


def verify_input(token: str, keys=None, now=NOW, leeway=None, keys_hex=None) -> dict:
    inp = {"token": token}
    if keys_hex is not None:
        inp["keys_hex"] = keys_hex
    else:
        inp["keys"] = [ADMIN] if keys is None else keys
    inp["now"] = now
    if leeway is not None:
        inp["leeway"] = leeway
    return inp


def jwt_verify_cases() -> list[dict]:
    op = "verify_jwt"
    std = pyjwt(CLAIMS, ADMIN)
    h, p, s = std.split(".")
    check(h == H, "PyJWT header segment")
    a1_key = b64u_lenient(A1_JWK_K)
    ok_cases = []  # (id, input)
    err_cases = []  # (id, input, code)

    def signed(claims: dict, key=ADMIN) -> str:
        return pyjwt(claims, key)

    def raw(payload_text: str, key=ADMIN, header=H) -> str:
        return sign_segments(header, b64u(payload_text.encode("utf-8")), key)

    # --- valid tokens
    ok_cases += [
        ("anchor_v15_verify_jwt", verify_input(V15)),
        ("anchor_v16_verify_jwt", verify_input(V16)),
        ("anchor_v17_verify_jwt", verify_input(V17)),
        ("anchor_v18_verify_jwt_pyjwt_escaped", verify_input(V18_PYJWT)),
        ("anchor_v18_verify_jwt_js_raw_utf8", verify_input(V18_JS)),
        ("anchor_v19_verify_jwt_server_order", verify_input(V19)),
        ("anchor_v20_verify_jwt_null_fixed_params", verify_input(V20)),
        ("anchor_v14_verify_jwt_pyjwt_doctest", verify_input(V14, keys=["secret"], now=12312312)),
        ("rfc7515_a1_verify_jwt_before_exp", verify_input(A1_TOKEN, keys_hex=[a1_key.hex()], now=1300819379)),
        ("verify_jwt_standard", verify_input(std)),
        ("verify_jwt_exp_one_second_after_now", verify_input(signed({"exp": NOW + 1}))),
        ("verify_jwt_leeway_exp_edge_valid", verify_input(signed({"exp": NOW - 60 + 1}), leeway=60)),
        ("verify_jwt_nbf_equal_now", verify_input(signed({"exp": 2000000000, "nbf": NOW}))),
        ("verify_jwt_nbf_past", verify_input(signed({"nbf": 1600000000, "exp": 2000000000}))),
        ("verify_jwt_leeway_nbf_edge_valid", verify_input(signed({"exp": 2000000000, "nbf": NOW + 60}), leeway=60)),
        ("verify_jwt_iat_in_future_ignored", verify_input(signed({"exp": 2000000000, "iat": 1900000000}))),
        ("verify_jwt_negative_nbf", verify_input(signed({"exp": 2000000000, "nbf": -5}))),
        ("verify_jwt_key_rotation_second_key", verify_input(std, keys=[OTHER_KEY, ADMIN])),
        ("verify_jwt_key_rotation_first_key", verify_input(std, keys=[ADMIN, OTHER_KEY])),
        ("verify_jwt_same_key_twice_first_index", verify_input(std, keys=[ADMIN, ADMIN])),
        ("verify_jwt_keys_hex_binary", verify_input(signed({"exp": 2000000000, "sub": "bin"}, BINARY_KEY),
                                                    keys_hex=[LONG_KEY.hex(), BINARY_KEY.hex()])),
        ("verify_jwt_keys_hex_non_utf8", verify_input(signed({"exp": 2000000000}, b"\xff\xfe\x80\x00"),
                                                      keys_hex=["fffe8000"])),
        ("verify_jwt_header_without_typ", verify_input(sign_segments(header_seg({"alg": "HS256"}), p, ADMIN))),
        ("verify_jwt_header_extra_fields",
         verify_input(sign_segments(header_seg({"typ": "at+jwt", "kid": "k1", "alg": "HS256", "x5t": None}), p,
                                    ADMIN))),
        ("verify_jwt_unicode_claims_escaped",
         verify_input(signed({"exp": 2000000000, "name": "usuario_ñ", "emoji": "😀", "jp": "東京"}))),
        ("verify_jwt_unicode_claims_raw_utf8",
         verify_input(raw('{"exp":2000000000,"name":"usuario_ñ","emoji":"😀","jp":"東京"}'))),
        ("verify_jwt_json_whitespace", verify_input(raw(' {\n  "exp" : 2000000000 ,\r\n  "a" : [ 1 , 2 ]\t}\n'))),
        ("verify_jwt_escaped_key_names", verify_input(raw('{"\\u0065xp":2000000000,"k\\"q":"\\/"}'))),
        ("verify_jwt_moderate_nesting", verify_input(raw('{"exp":2000000000,"n":' + nested_array(20) + "}"))),
        ("verify_jwt_large_exp", verify_input(signed({"exp": 9007199254740991}))),
        ("verify_jwt_exp_and_nbf_only", verify_input(signed({"nbf": NOW - 10, "exp": NOW + 10}))),
    ]
    exact_token, _ = sized_token(MAX_TOKEN_BYTES)
    ok_cases.append(("verify_jwt_exactly_max_size", verify_input(exact_token)))

    # --- errors, in the README's check order
    err_cases += [
        ("verify_jwt_no_keys", verify_input(std, keys=[]), "invalid_signing_key"),
        ("verify_jwt_empty_key", verify_input(std, keys=[""]), "invalid_signing_key"),
        ("verify_jwt_empty_key_hex", verify_input(std, keys_hex=[""]), "invalid_signing_key"),
        ("verify_jwt_no_keys_hex", verify_input(std, keys_hex=[]), "invalid_signing_key"),
        ("verify_jwt_no_keys_before_size", verify_input("a" * (MAX_TOKEN_BYTES + 1), keys=[]), "invalid_signing_key"),
        ("verify_jwt_too_large_garbage", verify_input("a" * (MAX_TOKEN_BYTES + 1)), "token_too_large"),
        ("verify_jwt_too_large_signed", verify_input(sized_token(MAX_TOKEN_BYTES + 1)[0]), "token_too_large"),
        ("verify_jwt_too_large_in_bytes_not_chars", verify_input("é" * (MAX_TOKEN_BYTES // 2 + 1)),
         "token_too_large"),
        ("verify_jwt_empty_token", verify_input(""), "malformed_token"),
        ("verify_jwt_one_segment", verify_input(h), "malformed_token"),
        ("verify_jwt_two_segments", verify_input(f"{h}.{p}"), "malformed_token"),
        ("verify_jwt_four_segments", verify_input(f"{std}.{s}"), "malformed_token"),
        ("verify_jwt_five_segments", verify_input(f"{h}.{p}.{s}.{h}.{p}"), "malformed_token"),
        ("verify_jwt_trailing_dot", verify_input(std + "."), "malformed_token"),
        ("verify_jwt_all_segments_empty", verify_input(".."), "malformed_token"),
        ("verify_jwt_empty_header", verify_input(sign_segments("", p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_bad_char", verify_input(f"{h[:10]}*{h[11:]}.{p}.{s}"), "malformed_token"),
        ("verify_jwt_header_space_inside", verify_input(f"{h[:10]} {h[10:]}.{p}.{s}"), "malformed_token"),
        ("verify_jwt_leading_space", verify_input(" " + std), "malformed_token"),
        ("verify_jwt_header_length_mod4_1", verify_input(f"{h}A.{p}.{s}"), "malformed_token"),
        ("verify_jwt_header_not_json", verify_input(sign_segments(b64u(b"not json"), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_truncated_json",
         verify_input(sign_segments(b64u(b'{"alg":"HS256","typ":"JWT"'), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_trailing_garbage",
         verify_input(sign_segments(b64u(b'{"alg":"HS256"}x'), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_array", verify_input(sign_segments(b64u(b'["HS256"]'), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_string", verify_input(sign_segments(b64u(b'"HS256"'), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_null", verify_input(sign_segments(b64u(b"null"), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_invalid_utf8",
         verify_input(sign_segments(b64u(b'{"alg":"HS256","x":"\xff"}'), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_duplicate_alg",
         verify_input(sign_segments(b64u(b'{"alg":"none","alg":"HS256"}'), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_duplicate_same_alg",
         verify_input(sign_segments(b64u(b'{"alg":"HS256","alg":"HS256"}'), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_deeply_nested",
         verify_input(sign_segments(b64u(('{"alg":"HS256","x":' + nested_array(200) + "}").encode()), p, ADMIN)),
         "malformed_token"),
        ("verify_jwt_header_nan",
         verify_input(sign_segments(b64u(b'{"alg":"HS256","x":NaN}'), p, ADMIN)), "malformed_token"),
    ]
    # Header base64 strictness needs a header whose encoding has unused bits / - or _.
    kid_header = first_with(lambda i: {"alg": "HS256", "typ": "JWT", "kid": f"k{i}"},
                            lambda hd: len(header_seg(hd)) % 4 == 2, "header with 4 unused bits")
    kh = header_seg(kid_header)
    dash_header = first_with(lambda i: {"alg": "HS256", "kid": "?" * (i + 1)},
                             lambda hd: "_" in header_seg(hd) or "-" in header_seg(hd), "header with - or _")
    ok_cases.append(("verify_jwt_header_with_kid", verify_input(sign_segments(kh, p, ADMIN))))
    err_cases += [
        ("verify_jwt_header_padding", verify_input(sign_segments(padded(kh), p, ADMIN)), "malformed_token"),
        ("verify_jwt_header_noncanonical_bits", verify_input(sign_segments(noncanonical(kh), p, ADMIN)),
         "malformed_token"),
        ("verify_jwt_header_standard_alphabet",
         verify_input(sign_segments(std_alphabet(header_seg(dash_header)), p, ADMIN)), "malformed_token"),
    ]
    ok_cases.append(("verify_jwt_header_url_alphabet", verify_input(sign_segments(header_seg(dash_header), p, ADMIN))))

    # alg checks (before the signature: a valid HS256 MAC does not help)
    for name, hdr in [("none", {"alg": "none", "typ": "JWT"}), ("none_titlecase", {"alg": "None", "typ": "JWT"}),
                      ("none_uppercase", {"alg": "NONE", "typ": "JWT"}), ("lowercase_hs256", {"alg": "hs256"}),
                      ("empty", {"alg": ""})]:
        err_cases.append((f"verify_jwt_alg_{name}_unsigned", verify_input(f"{header_seg(hdr)}.{p}."),
                          "algorithm_not_allowed"))
        err_cases.append((f"verify_jwt_alg_{name}_with_hs256_mac",
                          verify_input(sign_segments(header_seg(hdr), p, ADMIN)), "algorithm_not_allowed"))
    hs512_h = header_seg({"alg": "HS512", "typ": "JWT"})
    hs512 = f"{hs512_h}.{p}.{b64u(hmac.new(ADMIN.encode(), f'{hs512_h}.{p}'.encode(), hashlib.sha512).digest())}"
    err_cases += [
        ("verify_jwt_alg_hs512", verify_input(hs512), "algorithm_not_allowed"),
        ("verify_jwt_alg_rs256_key_confusion",
         verify_input(sign_segments(header_seg({"alg": "RS256", "typ": "JWT"}), p, ADMIN)), "algorithm_not_allowed"),
        ("verify_jwt_alg_missing", verify_input(sign_segments(header_seg({"typ": "JWT"}), p, ADMIN)),
         "algorithm_not_allowed"),
        ("verify_jwt_alg_number", verify_input(sign_segments(header_seg({"alg": 256, "typ": "JWT"}), p, ADMIN)),
         "algorithm_not_allowed"),
        ("verify_jwt_alg_null", verify_input(sign_segments(header_seg({"alg": None}), p, ADMIN)),
         "algorithm_not_allowed"),
        ("verify_jwt_alg_list", verify_input(sign_segments(header_seg({"alg": ["HS256"]}), p, ADMIN)),
         "algorithm_not_allowed"),
        ("verify_jwt_alg_trailing_space", verify_input(sign_segments(header_seg({"alg": "HS256 "}), p, ADMIN)),
         "algorithm_not_allowed"),
        ("verify_jwt_empty_header_object", verify_input(sign_segments(header_seg({}), p, ADMIN)),
         "algorithm_not_allowed"),
        ("verify_jwt_alg_none_before_crit",
         verify_input(sign_segments(header_seg({"alg": "none", "crit": ["exp"]}), p, ADMIN)), "algorithm_not_allowed"),
        ("verify_jwt_alg_before_bad_signature", verify_input(f"{header_seg({'alg': 'none'})}.{p}.!!"),
         "algorithm_not_allowed"),
        ("verify_jwt_crit", verify_input(sign_segments(header_seg({"alg": "HS256", "typ": "JWT", "crit": ["exp"]}), p,
                                                        ADMIN)), "malformed_token"),
        ("verify_jwt_crit_empty", verify_input(sign_segments(header_seg({"alg": "HS256", "crit": []}), p, ADMIN)),
         "malformed_token"),
        ("verify_jwt_b64_false",
         verify_input(sign_segments(header_seg({"alg": "HS256", "b64": False, "crit": ["b64"]}), p, ADMIN)),
         "malformed_token"),
        ("verify_jwt_b64_false_without_crit", verify_input(sign_segments(header_seg({"alg": "HS256", "b64": False}),
                                                                         p, ADMIN)), "malformed_token"),
        ("verify_jwt_b64_true", verify_input(sign_segments(header_seg({"alg": "HS256", "b64": True}), p, ADMIN)),
         "malformed_token"),
        ("verify_jwt_crit_with_bad_signature",
         verify_input(f"{header_seg({'alg': 'HS256', 'crit': ['exp']})}.{p}.{s}"), "malformed_token"),
    ]

    # signature segment
    dash_sig_token = first_with(lambda i: signed({"exp": 2000000000, "n": i}),
                                lambda t: "-" in t.split(".")[2] or "_" in t.split(".")[2], "signature with - or _")
    dh, dp, ds = dash_sig_token.split(".")
    sig = b64u_lenient(s)
    err_cases += [
        ("verify_jwt_signature_padding", verify_input(f"{h}.{p}.{padded(s)}"), "malformed_token"),
        ("verify_jwt_signature_noncanonical_bits", verify_input(f"{h}.{p}.{noncanonical(s)}"), "malformed_token"),
        ("verify_jwt_signature_standard_alphabet", verify_input(f"{dh}.{dp}.{std_alphabet(ds)}"), "malformed_token"),
        ("verify_jwt_signature_space_inside", verify_input(f"{h}.{p}.{s[:20]} {s[20:]}"), "malformed_token"),
        ("verify_jwt_signature_trailing_newline", verify_input(std + "\n"), "malformed_token"),
        ("verify_jwt_signature_bad_char", verify_input(f"{h}.{p}.{s[:-1]}!"), "malformed_token"),
        ("verify_jwt_signature_length_mod4_1", verify_input(f"{h}.{p}.{s}AA"), "malformed_token"),
        ("verify_jwt_signature_before_payload_checks", verify_input(f"{h}.!!!.{s}!"), "malformed_token"),
        ("verify_jwt_empty_signature", verify_input(f"{h}.{p}."), "invalid_signature"),
        ("verify_jwt_signature_31_bytes", verify_input(f"{h}.{p}.{b64u(sig[:31])}"), "invalid_signature"),
        ("verify_jwt_signature_33_bytes", verify_input(f"{h}.{p}.{b64u(sig + bytes([0]))}"), "invalid_signature"),
        ("verify_jwt_signature_64_bytes", verify_input(f"{h}.{p}.{b64u(sig + sig)}"), "invalid_signature"),
        ("verify_jwt_signature_16_bytes", verify_input(f"{h}.{p}.{b64u(sig[:16])}"), "invalid_signature"),
        ("verify_jwt_signature_zeros", verify_input(f"{h}.{p}.{b64u(bytes(32))}"), "invalid_signature"),
        ("verify_jwt_signature_last_bit_flipped",
         verify_input(f"{h}.{p}.{b64u(sig[:31] + bytes([sig[31] ^ 1]))}"), "invalid_signature"),
        ("verify_jwt_other_key", verify_input(signed(CLAIMS, OTHER_KEY)), "invalid_signature"),
        ("verify_jwt_no_matching_key_in_list", verify_input(std, keys=[OTHER_KEY, "secret"]), "invalid_signature"),
        ("verify_jwt_key_differs_by_case", verify_input(signed(CLAIMS, "Secret"), keys=["secret"]),
         "invalid_signature"),
        ("verify_jwt_tampered_header",
         verify_input(f"{header_seg({'alg': 'HS256', 'typ': 'JWT', 'kid': 'x'})}.{p}.{s}"), "invalid_signature"),
        ("verify_jwt_tampered_payload", verify_input(f"{h}.{seg(dict(CLAIMS, exp=2100000000))}.{s}"),
         "invalid_signature"),
        ("verify_jwt_tampered_payload_garbage", verify_input(f"{h}.!!!not base64!!!.{s}"), "invalid_signature"),
        ("verify_jwt_swapped_signature", verify_input(f"{h}.{p}.{ds}"), "invalid_signature"),
        ("verify_jwt_empty_payload_unsigned", verify_input(f"{h}..{s}"), "invalid_signature"),
        ("verify_jwt_hs256_signature_with_sha512_key_hex",
         verify_input(std, keys_hex=[hashlib.sha512(ADMIN.encode()).hexdigest()]), "invalid_signature"),
        ("rfc7515_a1_verify_jwt_wrong_key", verify_input(A1_TOKEN, keys=[A1_JWK_K], now=1300819379),
         "invalid_signature"),
    ]

    # payload checks (signed over the exact, malformed segment: they come after the signature)
    len_payload = first_with(lambda i: {"exp": 2000000000, "n": "x" * i}, lambda c: len(seg(c)) % 4 == 3,
                             "payload with unused bits")
    lp = seg(len_payload)
    dash_payload = first_with(lambda i: {"exp": 2000000000, "k": "?" * (i + 1)},
                              lambda c: "_" in seg(c) or "-" in seg(c), "payload with - or _")
    err_cases += [
        ("verify_jwt_empty_payload_signed", verify_input(sign_segments(h, "", ADMIN)), "malformed_token"),
        ("verify_jwt_payload_padding", verify_input(sign_segments(h, padded(lp), ADMIN)), "malformed_token"),
        ("verify_jwt_payload_noncanonical_bits", verify_input(sign_segments(h, noncanonical(lp), ADMIN)),
         "malformed_token"),
        ("verify_jwt_payload_standard_alphabet",
         verify_input(sign_segments(h, std_alphabet(seg(dash_payload)), ADMIN)), "malformed_token"),
        ("verify_jwt_payload_newline_inside", verify_input(sign_segments(h, f"{p[:12]}\n{p[12:]}", ADMIN)),
         "malformed_token"),
        ("verify_jwt_payload_space_inside", verify_input(sign_segments(h, f"{p[:12]} {p[12:]}", ADMIN)),
         "malformed_token"),
        ("verify_jwt_payload_length_mod4_1", verify_input(sign_segments(h, p + "A" * ((1 - len(p)) % 4), ADMIN)),
         "malformed_token"),
        ("verify_jwt_payload_not_json", verify_input(raw("exp=2000000000")), "malformed_token"),
        ("verify_jwt_payload_trailing_comma", verify_input(raw('{"exp":2000000000,}')), "malformed_token"),
        ("verify_jwt_payload_single_quotes", verify_input(raw("{'exp':2000000000}")), "malformed_token"),
        ("verify_jwt_payload_two_values", verify_input(raw('{"exp":2000000000}{}')), "malformed_token"),
        ("verify_jwt_payload_array", verify_input(raw('[{"exp":2000000000}]')), "malformed_token"),
        ("verify_jwt_payload_number", verify_input(raw("2000000000")), "malformed_token"),
        ("verify_jwt_payload_string", verify_input(raw('"exp"')), "malformed_token"),
        ("verify_jwt_payload_null", verify_input(raw("null")), "malformed_token"),
        ("verify_jwt_payload_duplicate_exp", verify_input(raw('{"exp":1000,"exp":2000000000}')), "malformed_token"),
        ("verify_jwt_payload_duplicate_other_key", verify_input(raw('{"exp":2000000000,"a":1,"a":2}')),
         "malformed_token"),
        ("verify_jwt_payload_invalid_utf8",
         verify_input(sign_segments(h, b64u(b'{"exp":2000000000,"n":"\xc3\x28"}'), ADMIN)), "malformed_token"),
        ("verify_jwt_payload_nan", verify_input(raw('{"exp":2000000000,"x":NaN}')), "malformed_token"),
        ("verify_jwt_payload_deeply_nested_arrays",
         verify_input(raw('{"exp":2000000000,"n":' + nested_array(200) + "}")), "malformed_token"),
        ("verify_jwt_payload_deeply_nested_objects",
         verify_input(raw('{"exp":2000000000,"n":' + nested_object(200) + "}")), "malformed_token"),
        ("verify_jwt_payload_deeply_nested_without_exp", verify_input(raw('{"n":' + nested_array(200) + "}")),
         "malformed_token"),
    ]
    ok_cases.append(("verify_jwt_payload_with_unused_bits", verify_input(sign_segments(h, lp, ADMIN))))

    # claim checks
    err_cases += [
        ("verify_jwt_exp_missing", verify_input(signed({"name": "x"})), "missing_claim"),
        ("verify_jwt_empty_claims", verify_input(signed({})), "missing_claim"),
        ("verify_jwt_exp_missing_nbf_future", verify_input(signed({"nbf": 2000000000})), "missing_claim"),
        ("verify_jwt_exp_string", verify_input(signed({"exp": "2000000000"})), "invalid_claims"),
        ("verify_jwt_exp_float_exponent", verify_input(raw('{"exp":1.5e9}')), "invalid_claims"),
        ("verify_jwt_exp_float_fraction_zero", verify_input(raw('{"exp":2000000000.0}')), "invalid_claims"),
        ("verify_jwt_exp_integer_with_exponent", verify_input(raw('{"exp":2e9}')), "invalid_claims"),
        ("verify_jwt_exp_fraction", verify_input(raw('{"exp":2000000000.5}')), "invalid_claims"),
        ("verify_jwt_exp_bool", verify_input(raw('{"exp":true}')), "invalid_claims"),
        ("verify_jwt_exp_null", verify_input(raw('{"exp":null}')), "invalid_claims"),
        ("verify_jwt_exp_object", verify_input(raw('{"exp":{"t":2000000000}}')), "invalid_claims"),
        ("verify_jwt_exp_above_i64", verify_input(raw('{"exp":9223372036854775808}')), "invalid_claims"),
        ("verify_jwt_nbf_string", verify_input(signed({"exp": 2000000000, "nbf": "1600000000"})), "invalid_claims"),
        ("verify_jwt_nbf_float", verify_input(raw('{"exp":2000000000,"nbf":1600000000.0}')), "invalid_claims"),
        ("verify_jwt_nbf_null", verify_input(raw('{"exp":2000000000,"nbf":null}')), "invalid_claims"),
        ("verify_jwt_bad_nbf_before_expiry", verify_input(signed({"exp": 1000, "nbf": "x"})), "invalid_claims"),
        ("verify_jwt_expired", verify_input(signed({"exp": NOW - 3600})), "token_expired"),
        ("verify_jwt_exp_equal_now", verify_input(signed({"exp": NOW})), "token_expired"),
        ("verify_jwt_exp_zero", verify_input(signed({"exp": 0})), "token_expired"),
        ("verify_jwt_exp_negative", verify_input(signed({"exp": -1})), "token_expired"),
        ("verify_jwt_exp_i64_min", verify_input(raw('{"exp":-9223372036854775808}')), "token_expired"),
        ("verify_jwt_leeway_exp_edge_expired", verify_input(signed({"exp": NOW - 60}), leeway=60), "token_expired"),
        ("verify_jwt_expired_and_not_yet_valid", verify_input(signed({"exp": NOW - 1, "nbf": NOW + 100})),
         "token_expired"),
        ("verify_jwt_nbf_future", verify_input(signed({"exp": 2000000000, "nbf": NOW + 1})), "token_not_yet_valid"),
        ("verify_jwt_leeway_nbf_edge_not_yet_valid",
         verify_input(signed({"exp": 2000000000, "nbf": NOW + 61}), leeway=60), "token_not_yet_valid"),
        ("rfc7515_a1_verify_jwt_at_exp", verify_input(A1_TOKEN, keys_hex=[a1_key.hex()], now=1300819380),
         "token_expired"),
        ("anchor_v20_verify_jwt_expired", verify_input(V20, now=1700003600), "token_expired"),
    ]

    cases = []
    for case_id, inp in ok_cases:
        value = ref_verify_jwt(inp)
        case = ok(case_id, op, inp, value)
        pyjwt_agrees_verify(case)
        cases.append(case)
    for case_id, inp, code in err_cases:
        case = err(case_id, op, inp, code)
        check_case_against(case, ref_verify_jwt)
        cases.append(case)
    # Spot checks of the hand-built ok values against known claims.
    by_id = {c["id"]: c for c in cases}
    check(by_id["rfc7515_a1_verify_jwt_before_exp"]["expect"]["ok"] ==
          {"header": {"typ": "JWT", "alg": "HS256"},
           "claims": {"iss": "joe", "exp": 1300819380, "http://example.com/is_root": True}, "key_index": 0},
          "RFC 7515 A.1 expectation")
    check(list(by_id["rfc7515_a1_verify_jwt_before_exp"]["expect"]["ok"]["header"]) == ["typ", "alg"],
          "RFC 7515 A.1 header order")
    check(by_id["verify_jwt_key_rotation_second_key"]["expect"]["ok"]["key_index"] == 1, "rotation index")
    check(by_id["anchor_v18_verify_jwt_js_raw_utf8"]["expect"]["ok"]["claims"]["name"] == "usuario_ñ", "V18 JS")
    check(a1_key.hex() == next(v for v in load_hmac_vectors()["rfc4231"] if v["id"] == "rfc7515_a1_hs256")["key_hex"],
          "A.1 key differs from the shared HMAC file")
    return cases


DUP_HEADER = b'{"alg":"HS256","alg":"none"}'
DUP_PAYLOAD = b'{"exp":1,"exp":2}'


def jwt_decode_cases() -> list[dict]:
    op = "decode_jwt"
    std = pyjwt(CLAIMS, ADMIN)
    h, p, s = std.split(".")
    none_h = header_seg({"alg": "none", "typ": "JWT"})
    deep = ('{"n":' + nested_array(200) + "}").encode()
    oks = [
        ("anchor_v15_decode_jwt", V15),
        ("anchor_v18_decode_jwt_js_raw_utf8", V18_JS),
        ("anchor_v19_decode_jwt_server_order", V19),
        ("rfc7515_a1_decode_jwt", A1_TOKEN),
        ("decode_jwt_standard", std),
        ("decode_jwt_expired", pyjwt({"exp": 1000}, ADMIN)),
        ("decode_jwt_wrong_key", pyjwt(CLAIMS, "not the key")),
        ("decode_jwt_alg_none_unsigned", f"{none_h}.{p}."),
        ("decode_jwt_alg_rs256", sign_segments(header_seg({"alg": "RS256", "kid": "k"}), p, ADMIN)),
        ("decode_jwt_no_alg", sign_segments(header_seg({"typ": "JWT"}), p, ADMIN)),
        ("decode_jwt_missing_exp", pyjwt({"sub": "x"}, ADMIN)),
        ("decode_jwt_exp_string", pyjwt({"exp": "soon"}, ADMIN)),
        ("decode_jwt_nbf_future", pyjwt({"exp": 2000000000, "nbf": 1999999999}, ADMIN)),
        ("decode_jwt_empty_claims", pyjwt({}, ADMIN)),
        ("decode_jwt_tampered_signature", f"{h}.{p}.{b64u(bytes(32))}"),
        ("decode_jwt_unicode_raw", sign_segments(h, b64u('{"exp":1,"emoji":"😀"}'.encode()), ADMIN)),
    ]
    errs = [
        ("decode_jwt_too_large", "a" * (MAX_TOKEN_BYTES + 1), "token_too_large"),
        ("decode_jwt_too_large_signed", sized_token(MAX_TOKEN_BYTES + 1)[0], "token_too_large"),
        ("decode_jwt_empty_token", "", "malformed_token"),
        ("decode_jwt_two_segments", f"{h}.{p}", "malformed_token"),
        ("decode_jwt_four_segments", f"{h}.{p}.{s}.{s}", "malformed_token"),
        ("decode_jwt_header_padding", f"{h}==.{p}.{s}", "malformed_token"),
        ("decode_jwt_header_not_json", f"{b64u(b'hello')}.{p}.{s}", "malformed_token"),
        ("decode_jwt_header_array", f"{b64u(b'[]')}.{p}.{s}", "malformed_token"),
        ("decode_jwt_header_duplicate_keys", f"{b64u(DUP_HEADER)}.{p}.{s}",
         "malformed_token"),
        ("decode_jwt_empty_header", f".{p}.{s}", "malformed_token"),
        ("decode_jwt_payload_not_json", f"{h}.{b64u(b'nope')}.{s}", "malformed_token"),
        ("decode_jwt_payload_array", f"{h}.{b64u(b'[1,2]')}.{s}", "malformed_token"),
        ("decode_jwt_payload_duplicate_keys", f"{h}.{b64u(DUP_PAYLOAD)}.{s}", "malformed_token"),
        ("decode_jwt_payload_standard_alphabet", f"{h}.{p[:10]}+{p[11:]}.{s}", "malformed_token"),
        ("decode_jwt_payload_whitespace", f"{h}.{p[:10]}\n{p[10:]}.{s}", "malformed_token"),
        ("decode_jwt_empty_payload", f"{h}..{s}", "malformed_token"),
        ("decode_jwt_payload_invalid_utf8", f"{h}.{b64u(bytes([0x7b, 0xff, 0x7d]))}.{s}", "malformed_token"),
        ("decode_jwt_payload_deeply_nested", f"{h}.{b64u(deep)}.{s}",
         "malformed_token"),
    ]
    cases = []
    for case_id, token in oks:
        inp = {"token": token}
        case = ok(case_id, op, inp, ref_decode_jwt(inp))
        pyjwt_agrees_decode(case)
        cases.append(case)
    for case_id, token, code in errs:
        case = err(case_id, op, {"token": token}, code)
        check_case_against(case, ref_decode_jwt)
        cases.append(case)
    return cases


# --------------------------------------------------------------------------------------------------
# static_tokens.json: generate_static_token, decode_static_token, verify_static_token
# --------------------------------------------------------------------------------------------------

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


def static_value(kind, owner, token_id, region) -> dict:
    return {"owner_kind": kind, "owner_id": owner, "token_id": token_id, "region": region,
            "api_host": api_host(region)}


def static_tokens_cases() -> list[dict]:
    cases = []
    g = "generate_static_token"
    gens = [
        ("anchor_v10_generate_static_token", "u", WS, TID, "gcp-europe-west2", "abcd", V10),
        ("anchor_v11_generate_static_token_local", "u", WS, TID, None, "abcd", V11),
        ("generate_static_token_org", "o", WS, TID, "aws-us-east-1", "abcd", None),
        ("generate_static_token_unicode_secret", "u", WS, TID, "gcp-us-east4", "sécret", None),
        ("generate_static_token_non_ascii_owner", "u", "usuario_ñ", "id-ü", None, "abcd", None),
        ("generate_static_token_quotes_in_id", "u", 'a"b\\c', TID, "gcp-europe-west3", "abcd", None),
        ("generate_static_token_unknown_region", "u", WS, TID, "mars-north-1", "abcd", None),
    ]
    for case_id, kind, owner, token_id, region, secret, anchor in gens:
        token = static_token(kind, owner, token_id, region, secret)
        if anchor is not None:
            check(token == anchor, f"{case_id}: static token differs from the anchor")
        cases.append(ok(case_id, g, {"owner_kind": kind, "owner_id": owner, "token_id": token_id, "region": region,
                                     "secret": secret}, {"token": token}))
    cases.append(err("generate_static_token_empty_secret", g,
                     {"owner_kind": "u", "owner_id": WS, "token_id": TID, "region": None, "secret": ""},
                     "invalid_signing_key"))

    d = "decode_static_token"
    decodes_ok = [
        ("anchor_v13_decode_static_token_public", V13,
         static_value("u", "ef4cc4ae-11d0-45a7-a571-2bd855cdd6d4", "be8128a9-c893-4151-b35c-f92b95ef5220",
                      "gcp-europe-west2")),
        ("anchor_v10_decode_static_token", V10, static_value("u", WS, TID, "gcp-europe-west2")),
        ("anchor_v11_decode_static_token_local", V11, static_value("u", WS, TID, None)),
        ("decode_static_token_org", static_token("o", WS, TID, "aws-us-east-1", "abcd"),
         static_value("o", WS, TID, "aws-us-east-1")),
        ("decode_static_token_non_ascii_owner", static_token("u", "usuario_ñ", "id-ü", None, "abcd"),
         static_value("u", "usuario_ñ", "id-ü", None)),
        ("decode_static_token_key_order_free",
         static_from_payload_text(json.dumps({"host": None, "id": TID, "u": WS})), static_value("u", WS, TID, None)),
        ("decode_static_token_compact_json",
         static_from_payload_text(json.dumps({"u": WS, "id": TID, "host": "aws-eu-west-1"}, separators=(",", ":"))),
         static_value("u", WS, TID, "aws-eu-west-1")),
        ("decode_static_token_unverified_signature", f"{V10.rsplit('.', 1)[0]}.{b64u(bytes(32))}",
         static_value("u", WS, TID, "gcp-europe-west2")),
    ]
    for region in API_HOSTS:
        if region is None or region == "gcp-europe-west2":
            continue
        decodes_ok.append((f"decode_static_token_region_{region.replace('-', '_')}",
                           static_token("u", WS, TID, region, "abcd"), static_value("u", WS, TID, region)))
    for case_id, region in [("decode_static_token_region_unknown", "mars-north-1"),
                            ("decode_static_token_region_empty", ""),
                            ("decode_static_token_region_suffix_not_matched", "gcp-europe-west2-staging"),
                            ("decode_static_token_region_uppercase_not_matched", "GCP-EUROPE-WEST2")]:
        decodes_ok.append((case_id, static_token("u", WS, TID, region, "abcd"), static_value("u", WS, TID, region)))
    for case_id, token, value in decodes_ok:
        cases.append(ok(case_id, d, {"token": token}, value))

    middle10 = V10.split(".")[1]
    sig10 = V10.split(".")[2]
    dash_static = first_with(lambda i: static_token("u", WS, "?" * (i + 1), None, "abcd"),
                             lambda t: "-" in t.split(".")[1] or "_" in t.split(".")[1], "static payload with - or _")
    long_static = first_with(lambda i: static_token("u", WS, "t" * i, None, "abcd"),
                             lambda t: len(t.split(".")[1]) % 4 in (2, 3), "static payload with unused bits")
    lm = long_static.split(".")[1]
    decodes_err = [
        ("anchor_v12_decode_static_token_not_tinybird_payload", V12),
        ("anchor_v12_decode_static_token_long_prefix", f"jajaj{V10}"),
        ("anchor_v12_decode_static_token_underscore_prefix", "p_testing" + V10[1:]),
        ("anchor_v12_decode_static_token_garbage", "asdasd"),
        ("decode_static_token_empty", ""),
        ("decode_static_token_uppercase_prefix", "P" + V10[1:]),
        ("decode_static_token_empty_prefix", V10[1:]),
        ("decode_static_token_two_segments", f"p.{middle10}"),
        ("decode_static_token_four_segments", f"{V10}.{sig10}"),
        ("decode_static_token_jwt", V15),
        ("decode_static_token_payload_padding", f"p.{padded(lm)}.{long_static.split('.')[2]}"),
        ("decode_static_token_payload_noncanonical", f"p.{noncanonical(lm)}.{long_static.split('.')[2]}"),
        ("decode_static_token_payload_standard_alphabet",
         f"p.{std_alphabet(dash_static.split('.')[1])}.{dash_static.split('.')[2]}"),
        ("decode_static_token_payload_whitespace", f"p.{middle10[:8]} {middle10[8:]}.{sig10}"),
        ("decode_static_token_payload_not_json", static_from_payload_text("not json")),
        ("decode_static_token_payload_array", static_from_payload_text(json.dumps([WS, TID, None]))),
        ("decode_static_token_both_owner_kinds",
         static_from_payload_text(json.dumps({"u": WS, "o": WS, "id": TID, "host": None}))),
        ("decode_static_token_no_owner", static_from_payload_text(json.dumps({"id": TID, "host": None}))),
        ("decode_static_token_owner_number", static_from_payload_text(json.dumps({"u": 123, "id": TID, "host": None}))),
        ("decode_static_token_owner_null", static_from_payload_text(json.dumps({"o": None, "id": TID, "host": None}))),
        ("decode_static_token_no_id", static_from_payload_text(json.dumps({"u": WS, "host": None}))),
        ("decode_static_token_id_number", static_from_payload_text(json.dumps({"u": WS, "id": 7, "host": None}))),
        ("decode_static_token_no_host", static_from_payload_text(json.dumps({"u": WS, "id": TID}))),
        ("decode_static_token_host_number", static_from_payload_text(json.dumps({"u": WS, "id": TID, "host": 5}))),
        ("decode_static_token_host_object",
         static_from_payload_text(json.dumps({"u": WS, "id": TID, "host": {"region": "x"}}))),
    ]
    for case_id, token in decodes_err:
        cases.append(err(case_id, d, {"token": token}, "malformed_token"))

    v = "verify_static_token"
    tampered_middle = b64u(json.dumps({"u": WS, "id": TID, "host": "aws-us-east-1"}).encode())
    verifies = [
        ("anchor_v10_verify_static_token", V10, "abcd", static_value("u", WS, TID, "gcp-europe-west2")),
        ("anchor_v11_verify_static_token_local", V11, "abcd", static_value("u", WS, TID, None)),
        ("verify_static_token_org", static_token("o", WS, TID, "aws-us-east-1", "abcd"), "abcd",
         static_value("o", WS, TID, "aws-us-east-1")),
        ("verify_static_token_unicode_secret", static_token("u", WS, TID, "gcp-us-east4", "sécret"), "sécret",
         static_value("u", WS, TID, "gcp-us-east4")),
    ]
    for case_id, token, secret, value in verifies:
        cases.append(ok(case_id, v, {"token": token, "secret": secret}, value))
    verify_errs = [
        ("anchor_v10_verify_static_token_wrong_secret", V10, "abce", "invalid_signature"),
        ("anchor_v13_verify_static_token_unknown_secret", V13, "abcd", "invalid_signature"),
        ("verify_static_token_secret_case", V10, "ABCD", "invalid_signature"),
        ("verify_static_token_tampered_payload", f"p.{tampered_middle}.{sig10}", "abcd", "invalid_signature"),
        ("verify_static_token_truncated_signature", f"p.{middle10}.{b64u(b64u_lenient(sig10)[:31])}", "abcd",
         "invalid_signature"),
        ("verify_static_token_empty_signature", f"p.{middle10}.", "abcd", "invalid_signature"),
        ("verify_static_token_signature_over_prefix",
         f"p.{middle10}.{b64u(hs256(b'abcd', ('p.' + middle10).encode()))}", "abcd", "invalid_signature"),
        ("verify_static_token_empty_secret", V10, "", "invalid_signing_key"),
        ("anchor_v12_verify_static_token_not_tinybird_payload", V12, "secret", "malformed_token"),
        ("verify_static_token_wrong_prefix_valid_signature", "x" + V10[1:], "abcd", "malformed_token"),
        ("verify_static_token_two_segments", f"p.{middle10}", "abcd", "malformed_token"),
    ]
    for case_id, token, secret, code in verify_errs:
        cases.append(err(case_id, v, {"token": token, "secret": secret}, code))

    for case in cases:
        if case["op"] == d:
            check_case_against(case, lambda i: ref_decode_static(i["token"]))
        elif case["op"] == v:
            check_case_against(case, ref_verify_static)
    check(b64u_lenient(V12.split(".")[2]) == hs256(b"secret", V12.split(".")[1].encode()), "V12 signature")
    return cases


# --------------------------------------------------------------------------------------------------
# hmac.json: hmac_sha256, hmac_sha256_verify
# --------------------------------------------------------------------------------------------------

def report(kind: str, **fields) -> dict:
    """An inspect_token report with every key in the core's order; unset keys are null / empty."""
    base = {"kind": kind, "header": None, "claims": None, "workspace_id": None, "name": None, "scopes": [],
            "limits": None, "expires_at": None, "expires_in": None, "not_before": None, "issued_at": None,
            "static": None, "problems": []}
    for k, v in fields.items():
        check(k in base, f"report: unknown key {k}")
        base[k] = v
    return base


def problem(code: str, part: str, message: str) -> dict:
    return {"code": code, "part": part, "message": message}


def explained(t: str, resource: str, summary: str, fixed_params=None, filt=None) -> dict:
    return {"type": t, "resource": resource, "fixed_params": fixed_params, "filter": filt, "summary": summary}


def inspect_cases() -> list[dict]:
    """inspect_token: the report is the core's wording, pinned so every surface shows the same text."""
    op = "inspect_token"
    header = {"alg": "HS256", "typ": "JWT"}
    full_claims = {"workspace_id": WS, "name": "frontend_jwt", "exp": NOW + 3600,
                   "scopes": [{"type": "PIPES:READ", "resource": "top_pages",
                               "fixed_params": {"org_id": "acme", "user_id": 123, "active": True}},
                              {"type": "DATASOURCES:READ", "resource": "events", "filter": "org_id = 'acme'"}],
                   "limits": {"rps": 10}}
    full = pyjwt(full_claims, ADMIN)
    full_scopes = [
        explained("PIPES:READ", "top_pages", "can read pipe top_pages with org_id fixed to acme, user_id fixed to 123, "
                  "active fixed to true", fixed_params={"org_id": "acme", "user_id": 123, "active": True}),
        explained("DATASOURCES:READ", "events", "can read data source events where org_id = 'acme'",
                  filt="org_id = 'acme'"),
    ]
    cases = [
        ok("inspect_full_tinybird_jwt", op, {"token": full, "now": NOW},
           report("jwt", header=header, claims=full_claims, workspace_id=WS, name="frontend_jwt",
                  scopes=full_scopes, limits={"rps": 10}, expires_at=NOW + 3600, expires_in=3600)),
        ok("inspect_expired_jwt", op, {"token": full, "now": NOW + 7200},
           report("jwt", header=header, claims=full_claims, workspace_id=WS, name="frontend_jwt",
                  scopes=full_scopes, limits={"rps": 10}, expires_at=NOW + 3600, expires_in=-3600,
                  problems=[problem("token_expired", "payload", f"The token expired at {NOW + 3600}.")])),
    ]
    # Inspection never verifies: a token signed with another key reads the same.
    other = pyjwt(full_claims, "another key")
    cases.append(ok("inspect_does_not_verify", op, {"token": other, "now": NOW},
                    report("jwt", header=header, claims=full_claims, workspace_id=WS, name="frontend_jwt",
                           scopes=full_scopes, limits={"rps": 10}, expires_at=NOW + 3600, expires_in=3600)))
    times = {"workspace_id": WS, "name": "n", "exp": NOW + 60, "nbf": NOW + 30, "iat": NOW - 5,
             "scopes": [{"type": "PIPES:READ", "resource": "p"}]}
    cases.append(ok("inspect_not_yet_valid_with_iat", op, {"token": pyjwt(times, ADMIN), "now": NOW},
                    report("jwt", header=header, claims=times, workspace_id=WS, name="n",
                           scopes=[explained("PIPES:READ", "p", "can read pipe p")], expires_at=NOW + 60,
                           expires_in=60, not_before=NOW + 30, issued_at=NOW - 5,
                           problems=[problem("token_not_yet_valid", "payload",
                                             f"The token is not valid before {NOW + 30}.")])))
    bare = {"hola": "caracola"}
    cases.append(ok("inspect_not_a_tinybird_jwt", op, {"token": pyjwt(bare, "secret"), "now": NOW},
                    report("jwt", header=header, claims=bare, problems=[
                        problem("missing_claim", "payload",
                                'Tinybird JWTs carry a "workspace_id" claim; this one has none.'),
                        problem("missing_claim", "payload", 'Tinybird JWTs carry a "name" claim; this one has none.'),
                        problem("missing_claim", "payload",
                                'The token has no "exp" claim; Tinybird requires one.'),
                        problem("missing_claim", "payload",
                                'Tinybird JWTs carry a "scopes" claim; this one has none.')])))
    odd = {"workspace_id": WS, "name": "n", "exp": "soon",
           "scopes": [{"type": "TOKENS", "resource": "x"}, {"type": "PIPES:READ", "resource": "p",
                                                              "fixed_params": None}],
           "limits": {"rps": 0}}
    cases.append(ok("inspect_wrong_claim_types", op, {"token": pyjwt(odd, ADMIN), "now": NOW},
                    report("jwt", header=header, claims=odd, workspace_id=WS, name="n",
                           scopes=[explained("PIPES:READ", "p", "can read pipe p")], problems=[
                               problem("invalid_claims", "payload",
                                       'The "exp" claim must be an integer number of seconds.'),
                               problem("scope_not_allowed", "payload",
                                       "Scope TOKENS on x is not a JWT scope (PIPES:READ or DATASOURCES:READ)."),
                               problem("invalid_limits", "payload", "limits.rps must be an integer of at least 1.")])))
    # Broken parts are marked, the rest still decoded.
    payload = seg({"workspace_id": WS, "name": "n", "exp": NOW + 10, "scopes": []})
    none_header = header_seg({"alg": "none"})
    cases.append(ok("inspect_alg_none_and_short_signature", op,
                    {"token": f"{none_header}.{payload}.{b64u(b'x' * 31)}", "now": NOW},
                    report("jwt", header={"alg": "none"},
                           claims={"workspace_id": WS, "name": "n", "exp": NOW + 10, "scopes": []},
                           workspace_id=WS, name="n", expires_at=NOW + 10, expires_in=10, problems=[
                               problem("algorithm_not_allowed", "header",
                                       'The JWT algorithm is "none"; only HS256 is accepted.'),
                               problem("invalid_signature", "signature",
                                       "An HMAC-SHA256 signature is 32 bytes; this one is 31.")])))
    cases.append(ok("inspect_bad_header_base64", op, {"token": f"{H}=.{payload}.{b64u(bytes(32))}", "now": NOW},
                    report("jwt", claims={"workspace_id": WS, "name": "n", "exp": NOW + 10, "scopes": []},
                           workspace_id=WS, name="n", expires_at=NOW + 10, expires_in=10, problems=[
                               problem("malformed_token", "header", "The header is not strict base64url.")])))
    cases.append(ok("inspect_payload_not_object", op,
                    {"token": f"{H}.{b64u(b'[1,2]')}.{b64u(bytes(32))}", "now": NOW},
                    report("jwt", header=header, problems=[
                        problem("malformed_token", "payload", "The payload is not a JSON object.")])))
    cases.append(ok("inspect_signature_not_base64", op, {"token": f"{H}.{payload}.abc+", "now": NOW},
                    report("jwt", header=header,
                           claims={"workspace_id": WS, "name": "n", "exp": NOW + 10, "scopes": []},
                           workspace_id=WS, name="n", expires_at=NOW + 10, expires_in=10, problems=[
                               problem("malformed_token", "signature", "The signature is not strict base64url.")])))
    for case_id, token, kind, count in [("inspect_garbage", "hello", "unknown", 1), ("inspect_empty", "", "unknown", 1),
                                        ("inspect_two_segments", "a.b", "jwt", 2),
                                        ("inspect_four_segments", "a.b.c.d", "jwt", 4)]:
        cases.append(ok(case_id, op, {"token": token, "now": NOW}, report(kind, problems=[problem(
            "malformed_token", "token",
            'A JWT has 3 segments separated by dots and a static token starts with "p."; '
            f"this has {count} segment(s).")])))
    # 10,000 levels: over the size cap, and past the parser's 128-level limit; nothing overflows a stack.
    deep = b64u(b"[" * 10000 + b"]" * 10000)
    cases.append(ok("inspect_ten_thousand_levels", op, {"token": f"{H}.{deep}.{b64u(bytes(32))}", "now": NOW},
                    report("jwt", header=header, problems=[
                        problem("token_too_large", "token", "The token is longer than verifiers accept."),
                        problem("malformed_token", "payload",
                                "The payload is not valid JSON (recursion limit exceeded at line 1 column 128).")])))
    cases.append(ok("anchor_v10_inspect_static_token", op, {"token": V10, "now": NOW},
                    report("static", static={"owner_kind": "u", "owner_id": WS,
                                             "token_id": "66666666-7777-8888-9999-000000000000",
                                             "region": "gcp-europe-west2",
                                             "api_host": "https://api.europe-west2.gcp.tinybird.co"})))
    cases.append(ok("inspect_local_static_token", op, {"token": V11, "now": NOW},
                    report("static", static={"owner_kind": "u", "owner_id": WS,
                                             "token_id": "66666666-7777-8888-9999-000000000000",
                                             "region": None, "api_host": "http://localhost:7181"})))
    v10_payload = V10.split(".")[1]
    cases.append(ok("inspect_static_token_bad_signature", op, {"token": f"p.{v10_payload}.zo+", "now": NOW},
                    report("static", static={"owner_kind": "u", "owner_id": WS,
                                             "token_id": "66666666-7777-8888-9999-000000000000",
                                             "region": "gcp-europe-west2",
                                             "api_host": "https://api.europe-west2.gcp.tinybird.co"},
                           problems=[problem("malformed_token", "signature",
                                             "The signature is not strict base64url.")])))
    cases.append(ok("inspect_broken_static_token", op, {"token": "p.e30.x", "now": NOW},
                    report("static", problems=[problem(
                        "malformed_token", "payload",
                        'Not a valid static token: the payload needs "u" or "o", "id" and "host".')])))
    return cases


def load_hmac_vectors() -> dict:
    if not HMAC_VECTORS.is_file():
        sys.exit(f"missing {HMAC_VECTORS} (the shared/ checkout must sit beside the project root)")
    return json.loads(HMAC_VECTORS.read_text(encoding="utf-8"))


def hmac_cases() -> list[dict]:
    cases = []
    mac_op, verify_op = "hmac_sha256", "hmac_sha256_verify"

    def full_mac(key_hex: str, data_hex: str) -> str:
        return hmac.new(bytes.fromhex(key_hex), bytes.fromhex(data_hex), hashlib.sha256).hexdigest()

    def add_vector(prefix: str, key_hex: str, data_hex: str, tag_hex: str, valid: bool) -> None:
        mac = full_mac(key_hex, data_hex)
        if valid:
            check(mac.startswith(tag_hex), f"{prefix}: tag is not a prefix of the MAC")
            cases.append(ok(f"{prefix}_mac", mac_op, {"key_hex": key_hex, "data_hex": data_hex}, {"mac_hex": mac}))
        else:
            check(not mac.startswith(tag_hex), f"{prefix}: invalid tag matches")
        inp = {"key_hex": key_hex, "data_hex": data_hex, "tag_hex": tag_hex}
        if valid and len(tag_hex) == 64:
            cases.append(ok(f"{prefix}_verify", verify_op, inp, True))
        else:
            suffix = "verify_truncated_tag" if valid else "verify_modified_tag"
            cases.append(err(f"{prefix}_{suffix}", verify_op, inp, "invalid_signature"))

    vectors = load_hmac_vectors()
    for v in vectors["rfc4231"]:
        add_vector(f"hmac_{v['id']}", v["key_hex"], v["data_hex"], v["mac_hex"], True)
        if "full_mac_hex_computed" in v:
            check(full_mac(v["key_hex"], v["data_hex"]) == v["full_mac_hex_computed"], f"{v['id']}: full MAC")
    for t in vectors["wycheproof"]["tests"]:
        add_vector(f"hmac_wycheproof_tc{t['tcId']:03d}", t["key_hex"], t["msg_hex"], t["tag_hex"],
                   t["result"] == "valid")

    # Anchors: the static-token signatures of V10 and V12 are HMAC-SHA256 over the middle segment.
    for case_id, token, secret in [("anchor_v10_hmac_static_signature", V10, "abcd"),
                                   ("anchor_v12_hmac_static_signature", V12, "secret")]:
        _, middle, sig = token.split(".")
        key_hex, data_hex = secret.encode().hex(), middle.encode().hex()
        mac = b64u_lenient(sig).hex()
        check(full_mac(key_hex, data_hex) == mac, f"{case_id}: MAC differs")
        cases.append(ok(case_id, mac_op, {"key_hex": key_hex, "data_hex": data_hex}, {"mac_hex": mac}))
        cases.append(ok(f"{case_id}_verify", verify_op, {"key_hex": key_hex, "data_hex": data_hex, "tag_hex": mac},
                        True))

    key_hex, data_hex = "6b6579", "".join(f"{b:02x}" for b in b"The quick brown fox jumps over the lazy dog")
    mac = full_mac(key_hex, data_hex)
    check(mac == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", "fox MAC")
    extra = [
        ok("hmac_empty_key_and_data", mac_op, {"key_hex": "", "data_hex": ""}, {"mac_hex": full_mac("", "")}),
        ok("hmac_quick_brown_fox", mac_op, {"key_hex": key_hex, "data_hex": data_hex}, {"mac_hex": mac}),
        err("hmac_verify_empty_tag", verify_op, {"key_hex": key_hex, "data_hex": data_hex, "tag_hex": ""},
            "invalid_signature"),
        err("hmac_verify_tag_33_bytes", verify_op, {"key_hex": key_hex, "data_hex": data_hex, "tag_hex": mac + "00"},
            "invalid_signature"),
        err("hmac_verify_tag_31_bytes", verify_op, {"key_hex": key_hex, "data_hex": data_hex, "tag_hex": mac[:62]},
            "invalid_signature"),
        err("hmac_verify_tag_zeros", verify_op, {"key_hex": key_hex, "data_hex": data_hex, "tag_hex": "00" * 32},
            "invalid_signature"),
        err("hmac_verify_first_bit_flipped", verify_op,
            {"key_hex": key_hex, "data_hex": data_hex, "tag_hex": f"{int(mac[:2], 16) ^ 0x80:02x}{mac[2:]}"},
            "invalid_signature"),
        err("hmac_verify_other_data", verify_op, {"key_hex": key_hex, "data_hex": data_hex + "2e", "tag_hex": mac},
            "invalid_signature"),
    ]
    return cases + extra


# --------------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------------

FILES = [
    ("names.json", "define_token: the token-name rule and its message.", names_cases),
    ("scopes.json", "parse_scope: scope strings in forward and classic mode, check order of the scope rules.",
     scopes_cases),
    ("allows.json", "scopes_allow: what a list of scopes permits, per action and resource.", allows_cases),
    ("datafiles.json", "render_token_lines and parse_datafile_tokens: TOKEN lines of .datasource/.pipe files.",
     datafiles_cases),
    ("plans.json", "plan_tokens and diff_token_plans: resource-scoped tokens of a project and their changes.",
     plans_cases),
    ("ttl.json", "parse_ttl: tb's --ttl grammar (humanfriendly 8.2), whole seconds rounded down.", ttl_cases),
    ("fixed_params.json", "parse_fixed_params: tb's --fixed-params CLI form.", fixed_params_cases),
    ("jwt_create.json", "create_jwt: Tinybird JWTs from a workspace admin token; bytes from PyJWT 2.9.0.",
     jwt_create_cases),
    ("jwt_sign.json", "sign_jwt: any claims object, order kept; bytes from PyJWT 2.9.0 jwt.encode(..., 'HS256').",
     jwt_sign_cases),
    ("jwt_verify.json", "verify_jwt: HS256 verification, in the README's check order; adversarial tokens included.",
     jwt_verify_cases),
    ("jwt_decode.json", "decode_jwt: size, segment, header and payload checks only.", jwt_decode_cases),
    ("static_tokens.json", "generate_static_token, decode_static_token, verify_static_token: p.<payload>.<mac>.",
     static_tokens_cases),
    ("inspect.json", "inspect_token: the core's report on JWTs and static tokens, wording included.",
     inspect_cases),
    ("hmac.json", "hmac_sha256 and hmac_sha256_verify: RFC 4231, RFC 7515 A.1, Wycheproof and anchor MACs.",
     hmac_cases),
]

ID_RE = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*")
INTEGER_LIKE_KEY = re.compile(r"0|[1-9][0-9]*")
ERROR_CODES = [
    "invalid_token_name", "invalid_scope", "scope_not_allowed", "missing_resource", "unexpected_resource",
    "filter_not_supported", "invalid_permission", "datafile_syntax", "invalid_ttl", "invalid_fixed_params",
    "invalid_limits", "invalid_claims", "invalid_signing_key", "malformed_token", "algorithm_not_allowed",
    "invalid_signature", "token_expired", "token_not_yet_valid", "missing_claim", "token_too_large",
]
OPS_WITH_ERRORS = [
    "define_token", "parse_scope", "format_scope", "scopes_allow", "render_token_lines", "parse_datafile_tokens", "plan_tokens",
    "parse_ttl", "parse_fixed_params", "create_jwt", "sign_jwt", "verify_jwt", "decode_jwt", "decode_static_token",
    "verify_static_token", "generate_static_token", "hmac_sha256_verify", "diff_token_plans",
]
OPS_WITHOUT_ERRORS = ["hmac_sha256"]


def check_portable(value, where: str) -> None:
    """No integer-like object keys (JS would reorder them) and no number JS would read differently."""
    if isinstance(value, dict):
        for k, v in value.items():
            check(not INTEGER_LIKE_KEY.fullmatch(k), f"{where}: integer-like key {k!r}")
            check_portable(v, where)
    elif isinstance(value, list):
        for v in value:
            check_portable(v, where)
    elif isinstance(value, bool) or value is None or isinstance(value, str):
        pass
    elif isinstance(value, int):
        check(abs(value) <= 2 ** 53 - 1, f"{where}: integer {value} is not exact in JS")
    elif isinstance(value, float):
        check(value != int(value) and float(repr(value)) == value, f"{where}: float {value!r} is ambiguous in JS")
    else:
        raise Fail(f"{where}: unexpected value {value!r}")


def main() -> None:
    seen: set[str] = set()
    per_code = {code: 0 for code in ERROR_CODES}
    per_op: dict[str, list[int]] = {}
    summary = []
    for filename, description, build in FILES:
        cases = build()
        for case in cases:
            cid = case["id"]
            check(ID_RE.fullmatch(cid) is not None, f"id {cid!r} is not snake_case")
            check(cid not in seen, f"duplicate id {cid}")
            seen.add(cid)
            check_portable(case, cid)
            counts = per_op.setdefault(case["op"], [0, 0])
            if "ok" in case["expect"]:
                counts[0] += 1
            else:
                code = case["expect"]["error"]
                check(code in per_code, f"{cid}: unknown error code {code}")
                per_code[code] += 1
                counts[1] += 1
        text = json.dumps({"description": description, "cases": cases}, indent=1, ensure_ascii=False) + "\n"
        (HERE / filename).write_text(text, encoding="utf-8", newline="\n")
        summary.append((filename, len(cases)))

    for code, n in per_code.items():
        check(n > 0, f"error code {code} has no case")
    for op in OPS_WITH_ERRORS:
        check(per_op.get(op, [0, 0])[0] > 0 and per_op[op][1] > 0, f"{op} needs ok and error cases")
    for op in OPS_WITHOUT_ERRORS:
        check(per_op.get(op, [0, 0])[0] > 0, f"{op} needs ok cases")
    total = sum(n for _, n in summary)
    check(total >= 260, f"only {total} cases")

    for filename, n in summary:
        print(f"{filename:20} {n:4} cases")
    print(f"{'total':20} {total:4} cases")
    print("per op (ok / error):")
    for op, (n_ok, n_err) in sorted(per_op.items()):
        print(f"  {op:24} {n_ok:4} / {n_err:4}")
    print("per error code:")
    for code, n in per_code.items():
        print(f"  {code:24} {n:4}")


if __name__ == "__main__":
    try:
        main()
    except Fail as e:
        sys.exit(f"generate.py: self-check failed: {e}")
