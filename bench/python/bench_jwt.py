"""tinybird-tokens against PyJWT, joserfc and python-jose on Tinybird's JWT payload.

Method: one process, one thread; every contender is warmed up, then timed by each harness asked for
(``--method``), and the median per-call time over the rounds is reported with the ratios to the
reference libraries:

- ``interleaved`` (the default): rounds that run every contender once, in a rotating order, for a fixed
  number of calls with the garbage collector off, each result discarded;
- ``plain``: each contender alone, all its rounds back to back, the garbage collector on as in an
  application, each result discarded (what a loop in a script measures);
- ``keep``: as ``plain``, but every result of a measurement is kept in a list until it ends (what a
  harness that collects its results measures): the collector then runs, and walks everything kept,
  whenever enough container objects have been made.

With the collector on, its runs per 1,000 calls are printed too. ``--clock cpu`` reads the process's
CPU time instead of the wall clock (on a shared machine). The payload is the Tinybird one
(``workspace_id``, ``name``, ``exp``, one ``PIPES:READ`` scope with two fixed params,
``limits.rps``) and the key a 93-byte workspace admin token (longer than SHA-256's 64-byte block, as
real ones are, so HMAC must hash it).

    python bench/python/bench_jwt.py [--rounds 15] [--method interleaved,plain,keep] [--json out.json]
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import jose
import jose.jwt
import joserfc
import jwt
from joserfc import jwt as joserfc_jwt
from joserfc.jwk import OctKey

import tinybird_tokens as tt

# A real static token (tb's format, short ids), so that create_jwt accepts it as the admin token.
KEY = (
    "p.eyJ1IjogInciLCAiaWQiOiAidCIsICJob3N0IjogbnVsbH0.DY9N2AxfHNYja65q-HPC6yOmfoNLFmCQdgUIamDdu9E"
)
WORKSPACE = "11111111-2222-3333-4444-555555555555"
NOW = 1_700_000_000
EXP = 2_000_000_000  # far ahead: the libraries that read the clock accept it
PAYLOAD: dict[str, Any] = {
    "workspace_id": WORKSPACE,
    "name": "tenant_42",
    "exp": EXP,
    "scopes": [
        {
            "type": "PIPES:READ",
            "resource": "top_pages",
            "fixed_params": {"org_id": "acme", "plan": "pro"},
        }
    ],
    "limits": {"rps": 10},
}
REQUEST: dict[str, Any] = {
    "workspace_id": WORKSPACE,
    "name": "tenant_42",
    "expires_at": EXP,
    "scopes": PAYLOAD["scopes"],
    "limits": {"rps": 10},
}


def contenders() -> dict[str, dict[str, Callable[[], object]]]:
    token = jwt.encode(PAYLOAD, KEY, algorithm="HS256")
    signing = tt.SigningKey(KEY)
    verifying = tt.VerifyingKey(KEY)
    oct_key = OctKey.import_key(KEY)
    assert tt.sign_jwt(PAYLOAD, KEY) == token
    assert signing.create_jwt(**REQUEST, now=NOW) == token
    assert joserfc_jwt.decode(token, oct_key).claims == PAYLOAD
    assert jose.jwt.decode(token, KEY, algorithms=["HS256"]) == PAYLOAD
    assert tt.verify_jwt(token, KEY)["claims"] == PAYLOAD
    return {
        "sign": {
            "pyjwt jwt.encode": lambda: jwt.encode(PAYLOAD, KEY, algorithm="HS256"),
            "joserfc jwt.encode": lambda: joserfc_jwt.encode({"alg": "HS256"}, PAYLOAD, oct_key),
            "python-jose jwt.encode": lambda: jose.jwt.encode(PAYLOAD, KEY, algorithm="HS256"),
            "ours sign_jwt(claims, key)": lambda: tt.sign_jwt(PAYLOAD, KEY),
            "ours SigningKey.sign_jwt": lambda: signing.sign_jwt(PAYLOAD),
            "ours SigningKey.create_jwt": lambda: signing.create_jwt(**REQUEST, now=NOW),
        },
        "verify": {
            "pyjwt jwt.decode": lambda: jwt.decode(token, KEY, algorithms=["HS256"]),
            "joserfc jwt.decode + exp check": lambda: joserfc_jwt.JWTClaimsRegistry().validate(
                joserfc_jwt.decode(token, oct_key).claims
            ),
            "python-jose jwt.decode": lambda: jose.jwt.decode(token, KEY, algorithms=["HS256"]),
            "ours verify_jwt(token, key)": lambda: tt.verify_jwt(token, KEY),
            "ours VerifyingKey.verify_jwt": lambda: verifying.verify_jwt(token),
        },
        "decode (unverified)": {
            "python-jose get_unverified_claims": lambda: jose.jwt.get_unverified_claims(token),
            "pyjwt decode(verify_signature=False)": lambda: jwt.decode(
                token, options={"verify_signature": False}
            ),
            "ours decode_jwt": lambda: tt.decode_jwt(token),
        },
    }


def calls_for(fn: Callable[[], object], target_s: float = 0.02) -> int:
    """Calls per measurement so that one measurement takes about `target_s`."""
    n = 1
    while True:
        start = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - start > target_s / 4:
            return max(1, int(n * target_s / (time.perf_counter() - start)))
        n *= 2


# The clock: wall time, or this process's CPU time (`--clock cpu`: on a shared machine, time spent
# descheduled while other processes run is not counted).
CLOCK = time.perf_counter_ns


def measure(fn: Callable[[], object], n: int, *, collector: bool, keep: bool) -> float:
    """Nanoseconds per call over `n` calls; the collector on or off, the results kept or discarded."""
    gc.collect()
    was_enabled = gc.isenabled()
    (gc.enable if collector else gc.disable)()
    try:
        if keep:
            kept: list[object] = []
            append = kept.append
            start = CLOCK()
            for _ in range(n):
                append(fn())
            elapsed = CLOCK() - start
            del kept
        else:
            start = CLOCK()
            for _ in range(n):
                fn()
            elapsed = CLOCK() - start
        return elapsed / n
    finally:
        (gc.enable if was_enabled else gc.disable)()


def collections() -> int:
    return sum(generation["collections"] for generation in gc.get_stats())


METHODS = ("interleaved", "plain", "keep")


def run_group(
    group: dict[str, Callable[[], object]], rounds: int, method: str
) -> tuple[dict[str, float], dict[str, float]]:
    """Median ns per call of each contender, and garbage collections per 1,000 calls."""
    names = list(group)
    calls = {name: calls_for(group[name]) for name in names}
    samples: dict[str, list[float]] = {name: [] for name in names}
    collected = dict.fromkeys(names, 0)
    if method == "interleaved":
        schedule = [
            name
            for r in range(rounds)
            for name in names[r % len(names) :] + names[: r % len(names)]
        ]
    else:
        schedule = [name for name in names for _ in range(rounds)]
    for name in schedule:
        before = collections()
        samples[name].append(
            measure(
                group[name], calls[name], collector=method != "interleaved", keep=method == "keep"
            )
        )
        collected[name] += collections() - before
    medians = {name: statistics.median(samples[name]) for name in names}
    per_1000 = {name: 1000 * collected[name] / (rounds * calls[name]) for name in names}
    return medians, per_1000


def batch_rate(rounds: int, size: int = 10_000) -> dict[str, float]:
    signing = tt.SigningKey(KEY)
    requests = [
        {
            **REQUEST,
            "name": f"tenant_{i}",
            "scopes": [
                {
                    "type": "PIPES:READ",
                    "resource": "top_pages",
                    "fixed_params": {"org_id": f"org_{i}", "plan": "pro"},
                }
            ],
        }
        for i in range(size)
    ]
    payloads = [
        {**PAYLOAD, "name": r["name"], "scopes": r["scopes"]}
        for r in requests  # the same claims, for PyJWT
    ]
    assert signing.create_jwts(requests[:3], now=NOW) == [
        jwt.encode(p, KEY, algorithm="HS256") for p in payloads[:3]
    ]
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(rounds):
        start = time.perf_counter()
        signing.create_jwts(requests, now=NOW)
        ours.append(size / (time.perf_counter() - start))
        start = time.perf_counter()
        for p in payloads[: size // 10]:
            jwt.encode(p, KEY, algorithm="HS256")
        theirs.append((size // 10) / (time.perf_counter() - start))
    return {
        "ours SigningKey.create_jwts (10,000 per call)": statistics.median(ours),
        "pyjwt jwt.encode loop": statistics.median(theirs),
    }


TARGETS = [
    # (group, ours, reference, target ratio): issue 14's, and issue 13's for joserfc
    ("sign", "ours sign_jwt(claims, key)", "pyjwt jwt.encode", 0.07),
    ("sign", "ours sign_jwt(claims, key)", "joserfc jwt.encode", 0.2),
    ("verify", "ours verify_jwt(token, key)", "pyjwt jwt.decode", 0.05),
    ("decode (unverified)", "ours decode_jwt", "python-jose get_unverified_claims", 0.15),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument(
        "--method",
        default="interleaved",
        help=f"comma-separated harnesses, of {', '.join(METHODS)} (default: interleaved)",
    )
    parser.add_argument(
        "--clock", choices=["wall", "cpu"], default="wall", help="what the timings read"
    )
    parser.add_argument("--no-batch", action="store_true", help="skip the batch rate")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    global CLOCK
    if args.clock == "cpu":
        CLOCK = time.process_time_ns
    methods = args.method.split(",")
    if not set(methods) <= set(METHODS):
        parser.error(f"--method takes {', '.join(METHODS)}")

    print(
        f"python {platform.python_version()} on {platform.machine()}, {platform.processor() or '?'}; "
        f"tinybird-tokens {tt.__version__}, PyJWT {jwt.__version__}, joserfc {joserfc.__version__}, "
        f"python-jose {jose.__version__}; key {len(KEY)} bytes, token "
        f"{len(jwt.encode(PAYLOAD, KEY, algorithm='HS256'))} bytes; {args.rounds} rounds; "
        f"methods {', '.join(methods)}; {args.clock} clock"
    )
    # results[method][group][contender] = median ns per call
    results: dict[str, dict[str, dict[str, float]]] = {m: {} for m in methods}
    gc_per_1000: dict[str, dict[str, dict[str, float]]] = {m: {} for m in methods}
    for group_name, group in contenders().items():
        for method in methods:
            results[method][group_name], gc_per_1000[method][group_name] = run_group(
                group, args.rounds, method
            )
        print(
            f"\n{group_name} (median µs per call; with the collector on: its runs per 1,000 calls)"
        )
        print(f"  {'':40s} " + " ".join(f"{m:>12s}" for m in methods))
        for name in group:
            cells = []
            for m in methods:
                cell = f"{results[m][group_name][name] / 1000:.3f}"
                if m != "interleaved":  # the collector is on
                    cell += f" ({gc_per_1000[m][group_name][name]:.1f})"
                cells.append(f"{cell:>12s}")
            print(f"  {name:40s} " + " ".join(cells))
    batch = {} if args.no_batch else batch_rate(max(3, args.rounds // 3))
    if batch:
        print("\nbatch (median tokens per second, one thread)")
        for name, rate in batch.items():
            print(f"  {name:40s} {rate:12,.0f}")

    print("\ntargets (ratio per method)")
    verdicts = []
    for group, ours, ref, target in TARGETS:
        ratios = {m: results[m][group][ours] / results[m][group][ref] for m in methods}
        met = {m: ratio <= target for m, ratio in ratios.items()}
        verdicts.append({"what": f"{ours} / {ref}", "ratio": ratios, "target": target, "met": met})
        cells = ", ".join(
            f"{m} {ratio:.3f} {'met' if met[m] else 'MISSED'}" for m, ratio in ratios.items()
        )
        print(f"  {ours} / {ref} (target ≤ {target}): {cells}")
    if batch:
        rate = batch["ours SigningKey.create_jwts (10,000 per call)"]
        verdicts.append(
            {"what": "batch tokens/s", "ratio": rate, "target": 300_000, "met": rate >= 300_000}
        )
        print(
            f"  batch: {rate:,.0f} tokens/s  (target ≥ 300,000)  "
            f"{'met' if rate >= 300_000 else 'MISSED'}"
        )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(
                {
                    "python": sys.version,
                    "methods": results,
                    "gc_collections_per_1000_calls": gc_per_1000,
                    "batch": batch,
                    "targets": verdicts,
                },
                f,
                indent=2,
            )


if __name__ == "__main__":
    main()
