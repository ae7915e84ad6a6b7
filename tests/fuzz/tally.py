"""What the fuzzer did in this run, for the one-line summary at the end of the session."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Tally:
    operations: set[str] = field(default_factory=set)
    pairs: set[tuple[str, str]] = field(default_factory=set)
    cases: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)

    def record(self, role: str, operation: str, mode: str, status: int | None) -> None:
        self.operations.add(operation)
        self.pairs.add((role, operation))
        self.cases[mode] += 1
        if status is not None:
            self.statuses[status] += 1

    def fail(self, role: str, operation: str) -> None:
        self.failures[f"{role} {operation}"] += 1

    def line(self) -> str:
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(self.statuses.items()))
        modes = ", ".join(f"{mode} {n}" for mode, n in sorted(self.cases.items()))
        return (
            f"schemathesis: {len(self.operations)} operations, {len(self.pairs)} role x operation "
            f"pairs, {sum(self.cases.values())} cases ({modes}), "
            f"{len(self.failures)} failing role x operation pairs; statuses {{{statuses}}}"
        )


TALLY = Tally()
