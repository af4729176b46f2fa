"""Our verdicts against Tinybird's verifier on generated tokens (README: "Verification compared with
Tinybird's verifier").

Tinybird's verifier is PyJWT 2.9.0 called as Tinybird's server calls it (HS256, the admin token as
key, ``exp`` required, ``verify_iat`` off, no audience or issuer) with its clock pinned; any exception
is a refusal (a 403 or a 500: refused either way). For every case from ``_token_mutations``:

- both accept: the same header and claims (same types, same key order), and ``inspect_token``'s
  ``expires_at`` is PyJWT's ``int(exp)`` saturated into 64 bits;
- PyJWT refuses and we accept: a failure, always (never laxer);
- we refuse and PyJWT accepts: ``_stricter_rows`` must name a row of the table whose code is ours;
- both refuse: where PyJWT's exception names one reason, our code must be that reason's, unless a
  row of the table with our code explains it (our stricter check ran first).

And the agreement of ``decode_jwt`` and ``inspect_token`` with ``verify_jwt`` on everything but the
signature and the clock: with the signature right, decode fails iff verify fails with a code other
than the two time codes, with the same code; inspect's first ``verification: true`` problem is
verify's code (at leeway 0), and there is none when verify accepts.

Allowances, each counted in the summary:

- both refuse with different codes: a row of the table with our code explains it (our stricter check
  came first in our order);
- decode refuses with ``invalid_claims`` while verify has a time error: verify stops at the time error
  (PyJWT's order: ``nbf``, ``exp``, ``aud``) before the claim decode judges (``exp``'s type after a
  future ``nbf``, a truthy ``aud`` after either);
- a token starting with ``p.``: verify refuses it as a JWT (``malformed_token``), inspect explains it
  as a static token.

Options: ``--cases N`` and ``--seed S`` size the run (conftest.py; 5,000 cases by default, a few
seconds); the end-of-run summary counts what was found. Long mode, about 8 minutes on 2 cores::

    target/py-venv/bin/python -m pytest bindings/python/tests/test_differential.py --cases 1000000

A failure lists each disagreement class with its shortest reproductions (token, key, now, leeway, both
verdicts); ``generate(seed, n)`` rebuilds case ``i`` of a run exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jwt
import pytest
from _differential_report import DifferentialReport
from _stricter_rows import ROWS, stricter_rows
from _support import ADMIN, REPO
from _tinybird_verifier import tinybird_decode
from _token_mutations import Case, b64url, generate, hs256

import tinybird_tokens as tt

# PyJWT's exceptions that name one reason, and the code of ours for that reason.
UNAMBIGUOUS = {
    jwt.ExpiredSignatureError: "token_expired",
    jwt.ImmatureSignatureError: "token_not_yet_valid",
    jwt.MissingRequiredClaimError: "missing_claim",
    jwt.InvalidAlgorithmError: "algorithm_not_allowed",
    jwt.InvalidSignatureError: "invalid_signature",
    jwt.InvalidAudienceError: "invalid_claims",
}
TIME_CODES = ("token_expired", "token_not_yet_valid")
I64 = (-(2**63), 2**63 - 1)


@dataclass(frozen=True)
class Verdict:
    """Accepted with a header and claims, or refused with a code (ours) or an exception (PyJWT's)."""

    header: dict[str, Any] | None = None
    claims: dict[str, Any] | None = None
    code: str | None = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.code is None and self.error is None

    def describe(self) -> str:
        if self.ok:
            return f"accepts, claims {self.claims!r}"[:400]
        if self.error is not None:
            return f"refuses: {type(self.error).__name__}: {self.error}"[:400]
        return f"refuses: {self.code}"


def tinybird(case: Case) -> Verdict:
    """Tinybird's verdict on the case: any exception is a refusal (a 403 or a 500)."""
    try:
        got = tinybird_decode(case.token, case.key, case.now, case.leeway)
    except Exception as e:
        return Verdict(error=e)
    return Verdict(header=got["header"], claims=got["payload"])


def ours(case: Case, leeway: float | None = None) -> Verdict:
    lw = case.leeway if leeway is None else leeway
    try:
        got = tt.verify_jwt(case.token, case.key, now=case.now, leeway=lw)
    except tt.TinybirdTokenError as e:
        return Verdict(code=e.code, error=e)
    except Exception as e:  # a crash is a verdict too, and a disagreement with any of PyJWT's
        return Verdict(code=f"crash ({type(e).__name__})", error=e)
    return Verdict(header=got["header"], claims=got["claims"])


def same_json(a: Any, b: Any) -> bool:
    """Equal with the same types (1 is not 1.0, 0.0 is not -0.0) and the same key order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return repr(a) == repr(b)
    return bool(a == b)


def first_difference(a: Any, b: Any, path: str = "") -> tuple[str, Any, Any]:
    """Where two JSON values first differ (`.limits`, `.scopes[0].n`), and the two values there."""
    if isinstance(a, dict) and isinstance(b, dict) and list(a) == list(b):
        key = next(k for k in a if not same_json(a[k], b[k]))
        return first_difference(a[key], b[key], f"{path}.{key}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        i = next(i for i, (x, y) in enumerate(zip(a, b)) if not same_json(x, y))
        return first_difference(a[i], b[i], f"{path}[{i}]")
    return path or ".", a, b


def difference_kind(a: Any, b: Any) -> str:
    """A difference's class: the two types, and for an integer read as a float, which integers."""
    kind = f"{type(a).__name__} / {type(b).__name__}"
    if type(a) is int and type(b) is float:
        if a == 0:
            return f"{kind}, -0"
        if not -(2**63) <= a < 2**64:
            return f"{kind}, an integer beyond 64 bits"
    return kind


def hidden_by_the_clock(verdict: Verdict) -> bool:
    """Whether a time error's claims hold a claim verify would refuse after it: a non-number `exp`
    after a future `nbf`, or a truthy `aud` after either."""
    if verdict.code not in TIME_CODES:
        return False
    claims = getattr(verdict.error, "claims", None) or {}
    bad_exp = verdict.code == "token_not_yet_valid" and type(claims.get("exp")) not in (int, float)
    return bad_exp or bool(claims.get("aud"))


def saturated(n: int) -> int:
    return max(I64[0], min(I64[1], n))


class Judge:
    """Compares one case's verdicts and files each disagreement in the report."""

    def __init__(self, report: DifferentialReport, seed: int, index: int, case: Case) -> None:
        self.report, self.seed, self.index, self.case = report, seed, index, case

    def fail(self, kind: str, theirs: Verdict | None, mine: Verdict | None, note: str = "") -> None:
        c = self.case
        token = c.token if len(c.token) <= 1500 else f"{c.token[:1500]}… ({len(c.token)} chars)"
        lines = [
            f"--- case {self.index} of seed {self.seed} (mutations: {', '.join(c.mutations)})",
            f"token: {token}",
            f"key: {'_support.ADMIN' if c.key == ADMIN else c.key!r}  now: {c.now!r}  leeway: {c.leeway!r}",
            f"header text: {c.header[:300]!r}",
            f"claims text: {c.claims[:600]!r}",
        ]
        if theirs is not None:
            lines.append(f"PyJWT 2.9.0: {theirs.describe()}")
        if mine is not None:
            lines.append(f"verify_jwt: {mine.describe()}")
        if note:
            lines.append(note)
        self.report.disagree(kind, len(c.token), "\n".join(lines))

    def verdicts(self) -> Verdict:
        theirs, mine = tinybird(self.case), ours(self.case)
        if theirs.ok and mine.ok:
            self.report.both_accept += 1
            for part, a, b in (
                ("header", theirs.header, mine.header),
                ("claims", theirs.claims, mine.claims),
            ):
                if not same_json(a, b):
                    path, x, y = first_difference(a, b)
                    self.fail(
                        f"both accept, {part} differ (PyJWT / ours: {difference_kind(x, y)})",
                        theirs,
                        mine,
                        f"{part} differ at {path}: PyJWT {x!r:.60}, ours {y!r:.60}",
                    )
        elif theirs.ok:
            rows = stricter_rows(self.case.token)
            named = [row for row in rows if ROWS[row] == mine.code]
            if named:
                self.report.ours_only += 1
                self.report.stricter.update(named)
            else:
                self.fail(
                    f"we refuse ({mine.code}), PyJWT accepts, no row names it (rows: {rows})",
                    theirs,
                    mine,
                )
        elif mine.ok:
            self.fail(
                f"LAXER: PyJWT refuses ({type(theirs.error).__name__}), we accept", theirs, mine
            )
        else:
            self.report.both_refuse += 1
            expected = next(
                (code for exc, code in UNAMBIGUOUS.items() if isinstance(theirs.error, exc)), None
            )
            if expected and mine.code != expected:
                if any(ROWS[r] == mine.code for r in stricter_rows(self.case.token)):
                    # Allowance: a stricter row with our code explains it (our check ran first).
                    self.report.allowed["both refuse, a stricter check of ours came first"] += 1
                else:
                    self.fail(
                        f"both refuse: PyJWT {type(theirs.error).__name__}, we {mine.code}",
                        theirs,
                        mine,
                    )
        return mine

    def agreement(self, mine: Verdict) -> None:
        """decode_jwt and inspect_token against verify_jwt (the contract's agreement property)."""
        case = self.case
        if mine.code == "invalid_signature":
            return
        self.report.agreement_checked += 1
        try:
            decoded = tt.decode_jwt(case.token)
            d = Verdict(header=decoded["header"], claims=decoded["claims"])
        except tt.TinybirdTokenError as e:
            d = Verdict(code=e.code, error=e)
        except Exception as e:
            d = Verdict(code=f"crash ({type(e).__name__})", error=e)
        if mine.ok or mine.code in TIME_CODES:
            if d.code == "invalid_claims" and hidden_by_the_clock(mine):
                # Allowance: verify stops at a time error (PyJWT's order: nbf, then exp's type and
                # value, then aud) before it judges a later claim; decode, with no clock, judges it.
                self.report.allowed[
                    "decode judges a claim that verify's time error comes before"
                ] += 1
            elif not d.ok:
                self.fail(
                    f"decode_jwt refuses ({d.code}), verify_jwt {mine.code or 'accepts'}",
                    None,
                    mine,
                    d.describe(),
                )
            elif mine.ok and not (
                same_json(d.header, mine.header) and same_json(d.claims, mine.claims)
            ):
                self.fail(
                    "decode_jwt and verify_jwt read different claims", None, mine, d.describe()
                )
        elif d.code != mine.code:
            self.fail(f"decode_jwt {d.code or 'accepts'}, verify_jwt {mine.code}", None, mine)

        # The signature is judged before the clock: at leeway 0 it is still right.
        at_zero = mine if case.leeway == 0 else ours(case, leeway=0)
        inspection = tt.inspect_token(case.token, now=case.now)
        problems = inspection["problems"]
        if any("verification" not in p for p in problems):
            self.fail("inspect_token problems have no `verification` field", None, at_zero)
            return
        flagged = [p["code"] for p in problems if p["verification"]]
        if inspection["kind"] == "static" and at_zero.code == "malformed_token" and not flagged:
            # Allowance: a token starting with `p.` is a static token, never a JWT; inspect explains it
            # as one (none of its problems is verification's), verify_jwt refuses it as a JWT.
            self.report.allowed["inspect reads a p. token as a static token"] += 1
        elif at_zero.ok and flagged:
            self.fail(f"inspect_token flags {flagged}, verify_jwt accepts", None, at_zero)
        elif not at_zero.ok and flagged[:1] != [at_zero.code]:
            self.fail(
                f"inspect_token's first verification problem {flagged[:1]}, verify_jwt {at_zero.code}",
                None,
                at_zero,
            )

    def times(self, claims: dict[str, Any]) -> None:
        """Both accepted: inspect's `expires_at` and `not_before` are PyJWT's int() of the claims,
        saturated into 64 bits."""
        inspection = tt.inspect_token(self.case.token, now=self.case.now)
        for claim, field in (("exp", "expires_at"), ("nbf", "not_before")):
            if claim in claims:
                got, want = inspection[field], saturated(int(claims[claim]))  # type: ignore[literal-required]
                if got != want:
                    self.fail(
                        f"inspect_token {field} is not int({claim}) saturated",
                        None,
                        None,
                        f"{got} != {want}",
                    )


def test_verdicts_match_tinybird(
    differential_report: DifferentialReport, request: pytest.FixtureRequest
) -> None:
    seed, count = request.config.getoption("--seed"), request.config.getoption("--cases")
    report = differential_report
    for index, case in enumerate(generate(seed, count)):
        report.cases += 1
        judge = Judge(report, seed, index, case)
        mine = judge.verdicts()
        judge.agreement(mine)
        if mine.ok and mine.claims is not None:
            judge.times(mine.claims)
    if report.disagreements:
        pytest.fail(
            f"{sum(report.disagreements.values())} disagreements\n{report.failure_text()}",
            pytrace=False,
        )
    # A run of the default size reaches every row of the table, so the test sees a row go wrong.
    if count >= 2000:
        assert set(report.stricter) == set(ROWS), (
            f"rows never reached: {set(ROWS) - set(report.stricter)}"
        )


def readme_table_ids() -> list[str]:
    """The id column of the README's "Verification compared with Tinybird's verifier" table."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = re.search(r"^#+ Verification compared with Tinybird's verifier\s*$", text, re.M)
    assert start, 'README.md has no section "Verification compared with Tinybird\'s verifier"'
    ids: list[str] = []
    for line in text[start.end() :].splitlines():
        if ids and not line.startswith("|"):
            break
        m = re.match(r"\|\s*`([a-z0-9_]+)`\s*\|", line)
        if m:
            ids.append(m.group(1))
    return ids


def test_classifier_knows_the_readme_table() -> None:
    assert readme_table_ids() == list(ROWS)


def signed(header: bytes, claims: bytes, join: str = "{h}.{p}") -> str:
    signing_input = join.format(h=b64url(header), p=b64url(claims))
    return f"{signing_input}.{b64url(hs256(ADMIN, signing_input))}"


HS256 = b'{"alg":"HS256","typ":"JWT"}'


@pytest.mark.parametrize(
    ("token", "rows"),
    [
        (signed(HS256, b'{"exp":1700000600}'), []),
        (signed(HS256, b'{"exp":1700000600.5,"a":-0,"b":"\\u00e9"}'), []),
        (signed(HS256, b'{"exp":1700000600}', "{h}.{p}.e30"), ["segments", "base64"]),
        (signed(HS256, b'{"exp":1700000600}', "{h}.{p}=="), ["base64"]),
        (signed(HS256, b'{"exp":1700000600}', "{h} .{p}"), ["base64"]),
        (signed(HS256, b'\xef\xbb\xbf{"exp":1700000600}'), ["json_text"]),
        (signed(HS256, '{"exp":1700000600}'.encode("utf-16")), ["json_text"]),
        (signed(HS256, b'{"exp":1700000600,"a":NaN}'), ["json_text"]),
        (signed(HS256, b'{"exp":1700000600,"a":"\\udc00"}'), ["json_text"]),
        (signed(HS256, b'{"exp":1700000600,"a":"\xed\xa0\x80"}'), ["json_text"]),
        (signed(HS256, b'{"exp":1,"a":{"b":1,"b":2},"exp":1700000600}'), ["duplicate_members"]),
        (signed(HS256, b'{"exp":1700000600,"a":1e400}'), ["number_range"]),
        (signed(HS256, b'{"exp":1700000600,"a":' + b"9" * 400 + b"}"), ["number_range"]),
        (signed(HS256, b'{"exp":1700000600,"a":' + b"[" * 126 + b"]" * 126 + b"}"), []),
        (signed(HS256, b'{"exp":1700000600,"a":' + b"[" * 127 + b"]" * 127 + b"}"), ["nesting"]),
        (signed(HS256, b'{"exp":1700000600,"a":"' + b"a" * 13_000 + b'"}'), ["size"]),
        (signed(b'{"alg":"HS256","crit":["exp"]}', b'{"exp":1700000600}'), ["crit"]),
        (signed(b'{"alg":"HS256","b64":true}', b'{"exp":1700000600}'), ["b64"]),
        (signed(HS256, b'{"exp":"1700000600"}'), ["numeric_date_type"]),
        (signed(HS256, b'{"exp":1700000600,"nbf":true}'), ["numeric_date_type"]),
    ],
)
def test_classifier_names_rows(token: str, rows: list[str]) -> None:
    assert stricter_rows(token) == rows


def test_generator_is_seeded() -> None:
    first = [c.token for c in generate(7, 200)]
    assert first == [c.token for c in generate(7, 200)]
    assert first != [c.token for c in generate(8, 200)]
