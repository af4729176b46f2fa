"""Cold start: ``import tinybird_tokens`` against ``import jwt`` (PyJWT), each in a fresh interpreter.

Every sample is a new ``python -I -c ...`` process that imports one library and, for the first-call
contenders, makes its first token or verifies one. The child reports the wall and CPU time of the
import and first call (``perf_counter_ns``, ``process_time_ns``) and its CPU time since it started;
the parent also times the whole process (spawn to exit) and subtracts an interpreter that imports
nothing. CPU times move least with the load of a shared machine. Contenders are interleaved sample by sample in a
rotating order, so load from other processes on the machine falls on all of them alike; each run
reports medians, and ``--runs`` repeats the whole measurement to give the range of every ratio.

PyJWT imports ``cryptography`` when it is installed (for RSA / EC keys; HS256 needs none of it). The
``pyjwt`` rows hide it (``sys.modules["cryptography"] = None`` before the clock starts), as in an
install with PyJWT alone; the ``pyjwt+crypto`` rows let it load, as in an environment that has it
(joserfc, python-jose and the Tinybird CLI bring it). Those rows appear only if it is importable.

    python bench/python/bench_coldstart.py [--runs 3] [--rounds 20] [--json out.json]
    python bench/python/bench_coldstart.py --importtime   # where our import's time goes
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from typing import Any

import jwt

import tinybird_tokens as tt

# A real static token (tb's format, short ids), so that create_jwt accepts it as the admin token.
KEY = (
    "p.eyJ1IjogInciLCAiaWQiOiAidCIsICJob3N0IjogbnVsbH0.DY9N2AxfHNYja65q-HPC6yOmfoNLFmCQdgUIamDdu9E"
)
PAYLOAD: dict[str, Any] = {
    "workspace_id": "11111111-2222-3333-4444-555555555555",
    "name": "tenant_42",
    "exp": 2_000_000_000,  # far ahead: PyJWT reads the clock
    "scopes": [
        {
            "type": "PIPES:READ",
            "resource": "top_pages",
            "fixed_params": {"org_id": "acme", "plan": "pro"},
        }
    ],
    "limits": {"rps": 10},
}
REQUEST = {
    "workspace_id": PAYLOAD["workspace_id"],
    "name": PAYLOAD["name"],
    "expires_at": PAYLOAD["exp"],
    "scopes": PAYLOAD["scopes"],
    "limits": PAYLOAD["limits"],
}
TOKEN = tt.sign_jwt(PAYLOAD, KEY)

# What each child does: (code run before the clock starts, the import, the first call or "").
HIDE_CRYPTO = "sys.modules['cryptography'] = None"
CONTENDERS: dict[str, tuple[str, str, str]] = {
    "python (empty)": ("", "", ""),
    "ours import": ("", "import tinybird_tokens as m", ""),
    "ours import + create_jwt": (
        "",
        "import tinybird_tokens as m",
        f"m.create_jwt({KEY!r}, **{REQUEST!r})",
    ),
    "ours import + sign_jwt": (
        "",
        "import tinybird_tokens as m",
        f"m.sign_jwt({PAYLOAD!r}, {KEY!r})",
    ),
    "ours import + verify_jwt": (
        "",
        "import tinybird_tokens as m",
        f"m.verify_jwt({TOKEN!r}, {KEY!r})",
    ),
    "pyjwt import": (HIDE_CRYPTO, "import jwt as m", ""),
    "pyjwt import + encode": (
        HIDE_CRYPTO,
        "import jwt as m",
        f"m.encode({PAYLOAD!r}, {KEY!r}, algorithm='HS256')",
    ),
    "pyjwt import + decode": (
        HIDE_CRYPTO,
        "import jwt as m",
        f"m.decode({TOKEN!r}, {KEY!r}, algorithms=['HS256'])",
    ),
}
CRYPTO = importlib.util.find_spec("cryptography") is not None
if CRYPTO:
    for name in ("pyjwt import", "pyjwt import + encode", "pyjwt import + decode"):
        _, imp, call = CONTENDERS[name]
        CONTENDERS[name.replace("pyjwt", "pyjwt+crypto")] = ("", imp, call)

# (ours, theirs): the comparisons the table reports.
PAIRS = [
    ("ours import", "pyjwt import"),
    ("ours import + create_jwt", "pyjwt import + encode"),
    ("ours import + sign_jwt", "pyjwt import + encode"),
    ("ours import + verify_jwt", "pyjwt import + decode"),
]
if CRYPTO:
    PAIRS += [(ours, theirs.replace("pyjwt", "pyjwt+crypto")) for ours, theirs in PAIRS]

# The first token must be the same bytes in every library, or the comparison is not like for like.
assert tt.create_jwt(KEY, **REQUEST) == TOKEN == jwt.encode(PAYLOAD, KEY, algorithm="HS256")


def child_source(before: str, imp: str, call: str) -> str:
    """The child's program: it prints the wall and CPU ns of the import and first call, and the CPU
    ns since the process started (all threads)."""
    return (
        "import sys, time\n"
        f"{before}\n"
        "c0 = time.process_time_ns()\n"
        "t0 = time.perf_counter_ns()\n"
        f"{imp}\n"
        f"{call}\n"
        "t1 = time.perf_counter_ns()\n"
        "c1 = time.process_time_ns()\n"
        "print(t1 - t0, c1 - c0, c1)\n"
    )


SOURCES = {name: child_source(*parts) for name, parts in CONTENDERS.items()}


def sample(name: str) -> tuple[float, float, float, float]:
    """One fresh interpreter, in ms: wall spawn to exit; wall and CPU of the import and first call;
    CPU from the process's start to the first result."""
    start = time.perf_counter_ns()
    out = subprocess.run(
        [sys.executable, "-I", "-c", SOURCES[name]], capture_output=True, text=True, check=True
    ).stdout
    wall = time.perf_counter_ns() - start
    inproc, cpu, cpu_total = (int(x) / 1e6 for x in out.split())
    return wall / 1e6, inproc, cpu, cpu_total


# Per sample: what the child measured and what the parent saw. The ratios use the first, second and
# last; "cpu_total" (CPU from the process's start, interpreter included) is less disturbed by other
# processes on a loaded machine than any wall time.
METRICS = {
    "load": "import + first call, wall",
    "load_cpu": "import + first call, CPU",
    "cpu_total": "CPU since process start",
    "wall": "wall, spawn to exit",
    "wall_minus_empty": "wall - empty python",
}
RATIO_METRICS = ("load", "load_cpu", "wall_minus_empty")


def one_run(rounds: int) -> dict[str, dict[str, float]]:
    names = list(CONTENDERS)
    for name in names:  # warm-up: .pyc files written, files in the page cache
        sample(name)
    samples: dict[str, list[tuple[float, float, float, float]]] = {n: [] for n in names}
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            samples[name].append(sample(name))
    empty = statistics.median(s[0] for s in samples["python (empty)"])
    result = {}
    for name in names:
        wall, load, load_cpu, cpu_total = (
            statistics.median(column) for column in zip(*samples[name])
        )
        result[name] = {
            "load": load,
            "load_cpu": load_cpu,
            "cpu_total": cpu_total,
            "wall": wall,
            "wall_minus_empty": wall - empty,
        }
    return result


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def report(runs: list[dict[str, dict[str, float]]]) -> None:
    print("\nmedian ms (median over the runs)\n")
    print("| contender | " + " | ".join(METRICS.values()) + " |")
    print("| --- |" + " ---: |" * len(METRICS))
    for name in CONTENDERS:
        cells = [f"{statistics.median(run[name][k] for run in runs):.2f}" for k in METRICS]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\nratios ours / theirs: median of the runs' ratios (range over the runs)\n")
    print("| ours | theirs | " + " | ".join(METRICS[k] for k in RATIO_METRICS) + " |")
    print("| --- | --- |" + " ---: |" * len(RATIO_METRICS))
    for ours, theirs in PAIRS:
        cells = [spread([run[ours][k] / run[theirs][k] for run in runs]) for k in RATIO_METRICS]
        print(f"| {ours} | {theirs} | " + " | ".join(cells) + " |")


def importtime() -> None:
    """`python -X importtime -c "import tinybird_tokens"`, the slowest modules by cumulative time."""
    for name in ("tinybird_tokens", "jwt"):
        lines = subprocess.run(
            [sys.executable, "-I", "-X", "importtime", "-c", f"import {name}"],
            capture_output=True,
            text=True,
            check=True,
        ).stderr.splitlines()
        rows = []
        for line in lines[1:]:  # header: "import time: self [us] | cumulative | imported package"
            self_us, cumulative_us, module = line.removeprefix("import time:").split("|")
            rows.append((int(cumulative_us), int(self_us), module.rstrip()))
        print(f"\nimport {name}: slowest 15 by cumulative µs (self µs)")
        for cumulative, self_us, module in sorted(rows, reverse=True)[:15]:
            print(f"  {cumulative:8d} {self_us:8d}  {module}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=20, help="fresh processes per contender")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--importtime", action="store_true", help="profile the imports instead")
    args = parser.parse_args()
    if args.importtime:
        importtime()
        return

    load = os.getloadavg()[0]
    print(
        f"python {platform.python_version()}, tinybird-tokens {tt.__version__}, PyJWT "
        f"{jwt.__version__}, cryptography {'installed' if CRYPTO else 'absent'}; "
        f"{args.runs} runs x {args.rounds} processes per contender; load {load:.1f}"
    )
    runs = []
    for i in range(args.runs):
        runs.append(one_run(args.rounds))
        print(f"  run {i + 1}/{args.runs} done, load {os.getloadavg()[0]:.1f}", flush=True)
    report(runs)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"python": sys.version, "runs": runs}, f, indent=2)


if __name__ == "__main__":
    main()
