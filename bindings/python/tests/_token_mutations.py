"""A seeded generator of JWTs near a valid Tinybird token, for the differential test against PyJWT.

Each case starts from the header and claims ``create_jwt`` writes (``workspace_id``, ``name``, ``exp``,
``scopes`` with fixed params, ``limits``), applies one to three mutations and signs the result, mostly
with the right key. JSON is written as text here, member by member, so that a case can hold what no
JSON library writes: duplicate members, ``NaN``, ``1e400``, lone surrogate escapes, a BOM, UTF-16,
invalid UTF-8, 1,000 levels of nesting. Segment damage before signing (padding, whitespace, ``+/``,
extra dots) is signed over, as a forger would; signature damage comes after.

Only the standard library: ``random.Random(seed)`` makes every run with the same seed identical.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Callable, Union

from _support import ADMIN, NOW, WORKSPACE

# (key text, value text): one object member as written, quotes and escapes included.
Member = tuple[bytes, bytes]
Number = Union[int, float]

# Another workspace's admin token: a wrong key of the right shape.
OTHER_ADMIN = ADMIN[:-6] + "AAAAAA"

HEADER_PARAMS = (
    "typ", "kid", "cty", "jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256", "zip", "enc", "epk", "url",
    "nonce", "iss", "exp", "foo", "",
)  # fmt: skip
OTHER_CLAIMS = (
    "aud", "iss", "sub", "jti", "workspace_id", "name", "scopes", "limits", "foo", "", "expiry",
)  # fmt: skip
TIME_CLAIMS = ("exp", "nbf", "iat")

# Every JSON type in several spellings, as text; some are not JSON (Python's json reads them).
GENERIC_VALUES: tuple[bytes, ...] = (
    b"0", b"-0", b"1", b"-1", b"17", b"1700000000", b"9223372036854775807", b"9223372036854775808",
    b"-9223372036854775809", b"18446744073709551616", b"100000000000000000000000000",
    b"0.0", b"-0.0", b"1.5", b"1e3", b"1E3", b"1e+3", b"1e-3", b"17e0", b"1.7e9", b"1e308", b"5e-324",
    b"0.1", b"1e400", b"-1e400", b"NaN", b"Infinity", b"-Infinity",
    b'"17"', b'" 17 "', b'"1_7"', b'"1e3"', b'""', b'"abc"', b'"HS256"', b'"NaN"', b'"true"',
    b'"\\u00e9t\\u00e9"', "\"\u00e9t\u00e9 \u65e5\u672c\"".encode(), b'"\\ud800"', b'"\\udc00x"',
    b'"\\ud83d\\ude00"', b'"\\u0000"', b'"a\\/b\\"c\\\\"', b"null", b"true", b"false",
    b"[]", b"[1]", b'["HS256"]', b"[null]", b"[[]]", b"{}", b'{"a":1}', b'{"a":{"b":[]}}',
    b'{"a":1,"a":2}', b"[1,]", b"01", b"1.", b".5", b"+1", b"'x'", b"tru",
)  # fmt: skip
ALG_VALUES: tuple[bytes, ...] = (
    b'"none"', b'"None"', b'"hs256"', b'"HS512"', b'"HS384"', b'"RS256"', b'"HS256 "', b'" HS256"',
    b'"HS 256"', b'"HS256\\u0000"', b'["HS256"]', b'{"alg":"HS256"}', b'""', b"null", b"256",
    b"true", b'"\\u0048S256"', b'"HS\\u0032\\u0035\\u0036"', b'"HS256"',
)  # fmt: skip
CRIT_VALUES: tuple[bytes, ...] = (b'["exp"]', b"[]", b'["b64"]', b'"b64"', b"null", b"true")
B64_VALUES: tuple[bytes, ...] = (b"true", b"false", b'"false"', b"null", b"0")
# Falsy values (PyJWT ignores the claim) and truthy ones (PyJWT refuses with no audience configured).
AUD_VALUES: tuple[bytes, ...] = (
    b"null", b"false", b"0", b"0.0", b"-0.0", b'""', b"[]", b"{}", b'"tinybird"', b'["a"]', b"1",
    b"true", b'" "', b"[null]", b'{"a":1}', b"[[]]",
)  # fmt: skip
# Bytes that are not UTF-8, or encode what JSON may not hold.
BAD_UTF8: tuple[bytes, ...] = (b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe9", b"\xf4\x90\x80\x80")
NESTING_DEPTHS = (126, 127, 128, 129, 130, 1000, 1100)
SCOPES: tuple[dict[str, Any], ...] = (
    {"type": "PIPES:READ", "resource": "top_pipe", "fixed_params": {"org": "acme", "n": 3}},
    {
        "type": "PIPES:READ",
        "resource": "p2",
        "fixed_params": {"ids": [1, 2], "on": True, "x": None},
    },
    {"type": "DATASOURCES:READ", "resource": "events", "filter": "org = 'acme'"},
    {"type": "DATASOURCES:APPEND", "resource": "events"},
    {"type": "PIPES:READ", "resource": "p3"},
)


@dataclass(frozen=True)
class Case:
    """One generated token and the inputs both verifiers get."""

    token: str
    key: str
    now: Number
    leeway: Number
    mutations: tuple[str, ...]
    header: bytes  # the header text as encoded into the token (before base64)
    claims: bytes  # the claims text likewise


@dataclass
class _Draft:
    rng: random.Random
    now: Number
    leeway: Number = 0
    header: list[Member] = field(default_factory=list)
    claims: list[Member] = field(default_factory=list)
    header_style: tuple[bytes, bytes, bytes, bytes] = (b"", b",", b":", b"")
    claims_style: tuple[bytes, bytes, bytes, bytes] = (b"", b",", b":", b"")
    header_text: Callable[[bytes], bytes] | None = None
    claims_text: Callable[[bytes], bytes] | None = None
    segments: Callable[[str, str], str] | None = None
    signature: Callable[[str], str] | None = None
    sign_key: str = ADMIN
    # The token length `m_size` asks for: `generate` resizes the `pad` claim to it (`fit_size`).
    size_target: int | None = None
    labels: list[str] = field(default_factory=list)


def key_text(name: str) -> bytes:
    return json.dumps(name).encode()


def value_text(value: Any, ascii_only: bool = True) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=ascii_only).encode()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hs256(key: str, signing_input: str) -> bytes:
    return hmac.new(key.encode(), signing_input.encode(), hashlib.sha256).digest()


def render(members: list[Member], style: tuple[bytes, bytes, bytes, bytes]) -> bytes:
    lead, item_sep, key_sep, trail = style
    return b"{" + lead + item_sep.join(k + key_sep + v for k, v in members) + trail + b"}"


STYLES: tuple[tuple[bytes, bytes, bytes, bytes], ...] = (
    (b"", b",", b":", b""),
    (b"", b", ", b": ", b""),
    (b"\n  ", b",\n  ", b": ", b"\n"),
    (b" ", b" , ", b" : ", b" "),
    (b"\t", b",\r\n\t", b":\t", b"\r\n"),
)


def time_value(rng: random.Random, now: Number, leeway: Number) -> tuple[bytes, str]:
    """A time claim near `now` (the expiry and not-before boundaries, with and without the leeway),
    spelled as an integer, a float, an exponent, a string, or something else."""
    base = int(now)
    delta: Number = rng.choice(
        (-1, 0, 1, 2, -2, 600, -600, -int(leeway) - 1, -int(leeway), -int(leeway) + 1, int(leeway))
    )
    if rng.random() < 0.3:
        delta += rng.choice((0.5, -0.5, 0.25, 0.999999, -0.000001, 0.000001))
    t = base + delta
    i = int(t)
    frac = repr(float(t)).split(".")[1] if isinstance(t, float) else "0"
    digits = str(abs(i))
    sign = "-" if i < 0 else ""
    spellings: tuple[tuple[str, str], ...] = (
        ("int", str(i)),
        ("int", str(i)),
        ("float", repr(float(t))),
        ("fraction", f"{i}.{frac}5"),
        ("exponent", f"{sign}{digits[0]}.{digits[1:]}{frac}e{len(digits) - 1}"),
        ("exponent", f"{i}0E-1"),
        ("exponent", f"{i}e0"),
        ("exponent", f"{sign}{digits}{frac}e-{len(frac)}"),
        ("string", f'"{i}"'),
        ("string", f'" {i} "'),
        ("string", f'"{sign}{digits[:1]}_{digits[1:]}"'),
        ("string", f'"{t}"'),
        ("string", '"1e3"'),
        ("bool", rng.choice(("true", "false"))),
        ("null", "null"),
        ("container", rng.choice(("[]", f"[{i}]", "{}", f'{{"t":{i}}}'))),
        ("small", rng.choice(("-0", "-0.0", "0.5", "-0.5", "0", "-1", "1e-400", "1e3"))),
        ("huge", rng.choice(("1" + "0" * 25, "9" * 400, "-" + "9" * 400, "1e400", "-1e400"))),
        (
            "huge",
            rng.choice(("9223372036854775807", "9223372036854775808", "-9223372036854775809")),
        ),
        ("huge", rng.choice(("1e19", "-1e19", "1e308", "18446744073709551616"))),
        ("nonfinite", rng.choice(("NaN", "Infinity", "-Infinity"))),
        ("int", str(i)),
    )
    kind, text = rng.choice(spellings)
    return text.encode(), kind


def nested(rng: random.Random, depth: int) -> bytes:
    """A value `depth` levels deep (arrays or objects; a scalar is 0 deep)."""
    text = rng.choice((b"1", b'"x"', b"null"))
    for _ in range(depth):
        text = b"[" + text + b"]" if rng.random() < 0.7 else b'{"a":' + text + b"}"
    return text


def set_member(draft: _Draft, members: list[Member], name: bytes, value: bytes) -> None:
    for i, (k, _) in enumerate(members):
        if k == name:
            members[i] = (name, value)
            return
    members.insert(draft.rng.randint(0, len(members)), (name, value))


def escape_key(rng: random.Random, name: str) -> bytes:
    """The same member name, spelled with a `\\u` escape (both parsers read it as `name`)."""
    if not name:
        return b'""'
    i = rng.randrange(len(name))
    body = "".join(
        f"\\u{ord(c):04x}"
        if j == i or "\ud800" <= c <= "\udfff"
        else json.dumps(c, ensure_ascii=False)[1:-1]
        for j, c in enumerate(name)
    )
    return f'"{body}"'.encode()


# Mutations: each changes the draft and returns its label.


def m_header_param(d: _Draft) -> str:
    name = d.rng.choice(HEADER_PARAMS)
    set_member(d, d.header, key_text(name), d.rng.choice(GENERIC_VALUES))
    return f"header:{name}"


def m_alg(d: _Draft) -> str:
    if d.rng.random() < 0.1:
        d.header[:] = [m for m in d.header if m[0] != b'"alg"']
        return "header:alg:missing"
    value = d.rng.choice(ALG_VALUES + GENERIC_VALUES[::4])
    set_member(d, d.header, b'"alg"', value)
    return "header:alg"


def m_crit_b64(d: _Draft) -> str:
    if d.rng.random() < 0.5:
        set_member(d, d.header, b'"crit"', d.rng.choice(CRIT_VALUES))
        return "header:crit"
    set_member(d, d.header, b'"b64"', d.rng.choice(B64_VALUES))
    return "header:b64"


def m_time(d: _Draft) -> str:
    name = d.rng.choice((*TIME_CLAIMS, "exp", "exp", "nbf"))
    text, kind = time_value(d.rng, d.now, d.leeway)
    set_member(d, d.claims, key_text(name), text)
    return f"claim:{name}:{kind}"


def m_claim(d: _Draft) -> str:
    name = d.rng.choice(OTHER_CLAIMS)
    values = AUD_VALUES if name == "aud" and d.rng.random() < 0.6 else GENERIC_VALUES
    set_member(d, d.claims, key_text(name), d.rng.choice(values))
    return f"claim:{name}"


def m_delete(d: _Draft) -> str:
    members = d.header if d.rng.random() < 0.3 else d.claims
    if members:
        k, _ = members.pop(d.rng.randrange(len(members)))
        return f"delete:{k.decode(errors='replace')}"
    return "delete:none"


def m_duplicate(d: _Draft) -> str:
    """A member name twice: at the top of the header or claims, or inside a nested object."""
    where = d.rng.choice(("header", "claims", "claims", "nested"))
    if where == "nested":
        inner = value_text({"a": 1, "b": [{"c": 2}]})
        inner = (
            inner.replace(b'"c":2', b'"c":2,"c":3') if d.rng.random() < 0.5 else b'{"a":1,"a":1}'
        )
        set_member(d, d.claims, b'"limits"', inner)
        return "duplicate:nested"
    members = d.header if where == "header" else d.claims
    if not members:
        return "duplicate:none"
    k, v = d.rng.choice(members)
    name = json.loads(k) if k.startswith(b'"') and k.isascii() else ""
    spelling = escape_key(d.rng, name) if d.rng.random() < 0.3 else k
    if name in TIME_CLAIMS:
        other, _ = time_value(d.rng, d.now, d.leeway)
    else:
        other = d.rng.choice((v, *GENERIC_VALUES[:6], b'"HS256"', b'"none"'))
    members.insert(d.rng.randint(0, len(members)), (spelling, other))
    return f"duplicate:{where}:{name}"


def m_reorder(d: _Draft) -> str:
    d.rng.shuffle(d.header)
    d.rng.shuffle(d.claims)
    return "reorder"


def m_whitespace(d: _Draft) -> str:
    d.header_style = d.rng.choice(STYLES)
    d.claims_style = d.rng.choice(STYLES)
    return "whitespace"


def m_escaped_key(d: _Draft) -> str:
    members = d.header if d.rng.random() < 0.4 else d.claims
    i = d.rng.randrange(len(members)) if members else -1
    if i < 0:
        return "escape:none"
    k, v = members[i]
    name = json.loads(k) if k.isascii() else ""
    members[i] = (escape_key(d.rng, name), v)
    return f"escape:{name}"


def m_non_ascii(d: _Draft) -> str:
    choice = d.rng.randrange(5)
    target = d.rng.choice(("name", "workspace_id", "foo", "sub"))
    if choice == 0:  # raw UTF-8
        set_member(d, d.claims, key_text(target), '"d\u00e9j\u00e0 \U0001f600 \u65e5"'.encode())
        return "non_ascii:raw"
    if choice == 1:  # escaped, including a surrogate pair
        set_member(d, d.claims, key_text(target), b'"d\\u00e9j\\u00e0 \\ud83d\\ude00"')
        return "non_ascii:escaped"
    if choice == 2:  # a lone surrogate escape, in a value or a key
        lone = d.rng.choice((b"\\ud800", b"\\udfff", b"\\ud83d", b"\\ude00x"))
        if d.rng.random() < 0.3:
            d.claims.append((b'"k' + lone + b'"', b"1"))
        else:
            set_member(d, d.claims, key_text(target), b'"a' + lone + b'"')
        return "non_ascii:lone_surrogate"
    if choice == 3:  # bytes that are not UTF-8 (an encoded surrogate among them)
        members = d.header if d.rng.random() < 0.3 else d.claims
        set_member(d, members, key_text(target), b'"a' + d.rng.choice(BAD_UTF8) + b'"')
        return "non_ascii:bad_utf8"
    name = "\u00e9xp" if d.rng.random() < 0.5 else "n\u00e4me"
    d.claims.append((key_text(name).replace(b"\\u00e9", "\u00e9".encode()), b"1"))
    return "non_ascii:key"


def m_nesting(d: _Draft) -> str:
    depth = d.rng.choice(NESTING_DEPTHS)
    members = d.header if d.rng.random() < 0.2 else d.claims
    # The enclosing object is one level: its member's value is depth - 1 deep.
    set_member(
        d,
        members,
        key_text(d.rng.choice(("foo", "scopes", "limits", "x5c"))),
        nested(d.rng, depth - 1),
    )
    return f"nesting:{depth}"


def m_encoding(d: _Draft) -> str:
    kind = d.rng.choice(("bom", "utf-16-le", "utf-16-be", "utf-16", "utf-32-le", "utf-32"))

    def encode(text: bytes) -> bytes:
        if kind == "bom":
            return b"\xef\xbb\xbf" + text
        return text.decode("utf-8", "replace").encode(kind)

    if d.rng.random() < 0.3:
        d.header_text = encode
        return f"encoding:header:{kind}"
    d.claims_text = encode
    return f"encoding:claims:{kind}"


def m_big_number(d: _Draft) -> str:
    value = d.rng.choice((
        b"1e400", b"-1e400", b"9" * 400, b"-" + b"9" * 400, b"1" + b"0" * 25, b"1" + b"0" * 308,
        b"1" + b"0" * 309, b"1.7976931348623157e308", b"1.7976931348623159e308", b"1e-400",
        b"123456789012345678901234567890.5", b"0." + b"0" * 400 + b"1",
    ))  # fmt: skip
    members = d.header if d.rng.random() < 0.2 else d.claims
    set_member(d, members, key_text(d.rng.choice(("foo", "iat", "jti", "limits"))), value)
    return "big_number"


def m_not_object(d: _Draft) -> str:
    kind = d.rng.choice(
        ("array", "trailing", "trailing_comma", "empty", "null", "padded", "string")
    )

    def change(text: bytes) -> bytes:
        return {
            "array": b"[" + text + b"]",
            "trailing": text + b"x",
            "trailing_comma": text[:-1] + b",}",
            "empty": b"",
            "null": b"null",
            "padded": b" \n\t" + text + b"\r\n ",
            "string": b'"' + text.replace(b'"', b"'") + b'"',
        }[kind]

    if d.rng.random() < 0.4:
        d.header_text = change
        return f"text:header:{kind}"
    d.claims_text = change
    return f"text:claims:{kind}"


SEGMENT_DAMAGE = ("pad", "space", "std_alphabet", "trailing_bits", "non_ascii", "junk")
B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def damage_segment(segment: str, kind: str, at: float, pick: int) -> str:
    """`segment` in a spelling PyJWT's base64 decoder reads but strict base64url does not (`at` in
    [0, 1) places an insertion, `pick` chooses among variants)."""
    i = int(at * (len(segment) + 1))
    if kind == "pad":
        return segment + "=" * (1 + pick % 3)
    if kind == "space":
        return segment[:i] + (" ", "\n", "\t", "\r\n")[pick % 4] + segment[i:]
    if kind == "std_alphabet":
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        return base64.b64encode(raw).rstrip(b"=").decode()
    if kind == "trailing_bits" and len(segment) % 4 in (2, 3):
        low = 0b1111 if len(segment) % 4 == 2 else 0b11
        c = B64_ALPHABET.index(segment[-1])
        return segment[:-1] + B64_ALPHABET[(c & ~low) | (1 + pick % low)]
    if kind == "non_ascii":
        return segment[:i] + ("\u00e9", "\u2028", "\x00")[pick % 3] + segment[i:]
    return segment[:i] + "!*$%~="[pick % 6] + segment[i:]


def m_segments(d: _Draft) -> str:
    """Damage to the header or payload segment, signed over."""
    kind = d.rng.choice(("header", "payload", "payload", "extra", "missing", "empty", "prefix"))
    damage = d.rng.choice(SEGMENT_DAMAGE)
    at, pick = d.rng.random(), d.rng.randrange(60)

    def join(h: str, p: str) -> str:
        i = int(at * (len(p) + 1))
        return {
            "header": lambda: f"{damage_segment(h, damage, at, pick)}.{p}",
            "payload": lambda: f"{h}.{damage_segment(p, damage, at, pick)}",
            "extra": lambda: (
                f"{h}.{p[:i]}.{p[i:]}" if pick % 3 else f"{h}.{p}.{('', 'e30')[pick % 2]}"
            ),
            "missing": lambda: (h, p)[pick % 2],
            "empty": lambda: (f"{h}.", f".{p}")[pick % 2],
            "prefix": lambda: (f"p.{h}.{p}", f"{h}.{p}.x")[pick % 2],
        }[kind]()

    d.segments = join
    return f"segments:{kind}:{damage}" if kind in ("header", "payload") else f"segments:{kind}"


def m_signature(d: _Draft) -> str:
    kind = d.rng.choice(
        ("wrong_key", "flip", "truncate", "extend", "empty", "damage", "damage", "none")
    )
    if kind == "wrong_key":
        d.sign_key = OTHER_ADMIN
        return "signature:wrong_key"
    if kind == "none":
        set_member(d, d.header, b'"alg"', b'"none"')

    damage = d.rng.choice(SEGMENT_DAMAGE)
    at, pick = d.rng.random(), d.rng.randrange(60)

    def change(sig: str) -> str:
        if kind == "flip":
            i = int(at * (len(sig) - 1))
            return sig[:i] + ("A" if sig[i] != "A" else "B") + sig[i + 1 :]
        if kind == "truncate":
            return sig[: (0, 4, 40, 42)[pick % 4]]
        if kind == "extend":
            return sig + ("A", "AA", "AAAA", "AAAAAA")[pick % 4]
        if kind in ("empty", "none"):
            return ""
        return damage_segment(sig, damage, at, pick)

    d.signature = change
    return f"signature:{kind}:{damage}" if kind == "damage" else f"signature:{kind}"


def m_leeway(d: _Draft) -> str:
    # Whole seconds only: a fractional leeway is `invalid_argument` (rounding it would change verdicts).
    d.leeway = d.rng.choice((1, 2, 30, 600))
    return f"leeway:{d.leeway}"


def m_now(d: _Draft) -> str:
    d.now = int(d.now) + d.rng.choice((0.5, 0.25, 0.999, 0.001))
    return "now:fraction"


def m_size(d: _Draft) -> str:
    """A claim long enough to put the token just under, at or over the 16,384-byte cap."""
    target = d.rng.choice((16_383, 16_384, 16_385, 16_388, 20_000))
    if d.size_target is None:
        d.size_target = target
    # Sized after rendering (see `generate`): base64 makes 4 characters of 3 bytes.
    d.claims.append((b'"pad"', b'"' + b"a" * max(0, (target - 400) * 3 // 4) + b'"'))
    return f"size:{target}"


MUTATIONS: tuple[tuple[Callable[[_Draft], str], int], ...] = (
    (m_header_param, 4),
    (m_alg, 4),
    (m_crit_b64, 2),
    (m_time, 12),
    (m_claim, 6),
    (m_delete, 3),
    (m_duplicate, 3),
    (m_reorder, 1),
    (m_whitespace, 2),
    (m_escaped_key, 2),
    (m_non_ascii, 3),
    (m_nesting, 2),
    (m_encoding, 2),
    (m_big_number, 2),
    (m_not_object, 2),
    (m_segments, 4),
    (m_signature, 3),
    (m_leeway, 4),
    (m_now, 2),
    (m_size, 1),
)


def base_draft(rng: random.Random) -> _Draft:
    """The header and claims `create_jwt` writes, at a `now` near the reference vectors'."""
    now = NOW + rng.randrange(0, 10**7)
    d = _Draft(rng=rng, now=now)
    d.header = [(b'"alg"', b'"HS256"'), (b'"typ"', b'"JWT"')]
    scopes = rng.sample(SCOPES, rng.randint(1, 3))
    d.claims = [
        (b'"workspace_id"', value_text(WORKSPACE)),
        (b'"name"', value_text(rng.choice(("my_token", "read_events", "t")))),
        (b'"exp"', str(now + rng.choice((1, 60, 600, 3600, 86400))).encode()),
        (b'"scopes"', value_text(scopes)),
    ]
    if rng.random() < 0.5:
        d.claims.append((b'"limits"', value_text({"rps": rng.choice((1, 10, 100))})))
    return d


def fit_size(d: _Draft, token_len: int) -> bool:
    """Resizes the `pad` claim of a size case to its target length; whether it changed."""
    target = d.size_target
    pad = next((i for i, (k, _) in enumerate(d.claims) if k == b'"pad"'), None)
    if target is None or pad is None or token_len == target:
        return False
    length = len(d.claims[pad][1]) - 2 + (target - token_len) * 3 // 4
    d.claims[pad] = (b'"pad"', b'"' + b"a" * max(0, length) + b'"')
    return True


def build(d: _Draft) -> Case:
    header = render(d.header, d.header_style)
    claims = render(d.claims, d.claims_style)
    if d.header_text:
        header = d.header_text(header)
    if d.claims_text:
        claims = d.claims_text(claims)
    h, p = b64url(header), b64url(claims)
    signing_input = d.segments(h, p) if d.segments else f"{h}.{p}"
    signature = b64url(hs256(d.sign_key, signing_input))
    if d.signature:
        signature = d.signature(signature)
    return Case(
        token=f"{signing_input}.{signature}",
        key=ADMIN,
        now=d.now,
        leeway=d.leeway,
        mutations=tuple(d.labels),
        header=header,
        claims=claims,
    )


def generate(seed: int, count: int) -> Iterator[Case]:
    """`count` cases, the same ones for the same seed (one at a time: long runs stay small)."""
    rng = random.Random(seed)
    funcs = [f for f, _ in MUTATIONS]
    weights = [w for _, w in MUTATIONS]
    for _ in range(count):
        d = base_draft(rng)
        for mutate in rng.choices(funcs, weights, k=rng.choice((1, 1, 2, 2, 3))):
            d.labels.append(mutate(d))
        case = build(d)
        for _ in range(3):
            if not fit_size(d, len(case.token.encode("utf-8"))):
                break
            case = build(d)
        yield case
