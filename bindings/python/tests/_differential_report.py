"""What the differential test found, kept for the end-of-run summary (``conftest.py`` prints it)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# Examples kept per disagreement class: the shortest tokens, as the most readable reproductions.
EXAMPLES_PER_CLASS = 3


@dataclass
class DifferentialReport:
    seed: int
    cases: int = 0
    both_accept: int = 0
    both_refuse: int = 0
    ours_only: int = 0
    # Per row of the stricter table; a token may be named by several rows.
    stricter: Counter[str] = field(default_factory=Counter)
    agreement_checked: int = 0
    allowed: Counter[str] = field(default_factory=Counter)
    disagreements: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    def disagree(self, kind: str, token_len: int, repro: str) -> None:
        self.disagreements[kind] += 1
        kept = self.examples.setdefault(kind, [])
        kept.append((token_len, repro))
        kept.sort(key=lambda e: e[0])
        del kept[EXAMPLES_PER_CLASS:]

    def summary_lines(self) -> list[str]:
        lines = [
            f"differential test against PyJWT 2.9.0 (seed {self.seed}): {self.cases} cases, "
            f"{self.both_accept} accepted by both, {self.both_refuse} refused by both, "
            f"{self.ours_only} refused by us only (by {sum(self.stricter.values())} stricter-table rows), "
            f"{self.agreement_checked} decode/inspect agreement checks, "
            f"{sum(self.disagreements.values())} disagreements",
        ]
        lines += [f"  stricter row {row}: {n}" for row, n in sorted(self.stricter.items())]
        lines += [f"  allowed {n:>6} x {why}" for why, n in sorted(self.allowed.items())]
        lines += [f"  DISAGREEMENT {n:>6} x {kind}" for kind, n in self.disagreements.most_common()]
        return lines

    def failure_text(self) -> str:
        parts = []
        for kind, n in self.disagreements.most_common():
            parts.append(f"=== {n} x {kind}")
            parts += [repro for _, repro in self.examples[kind]]
        return "\n".join(parts)
