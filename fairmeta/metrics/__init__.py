"""The FAIR metric catalogue (``catalogue.toml``): metrics, their tests, points and maturity."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fairmeta.model import Principle, Severity

CATALOGUE = Path(__file__).resolve().parent / "catalogue.toml"


@dataclass(frozen=True)
class MetricTest:
    """One test of a metric: a check over the record graph worth ``points`` at ``maturity``."""

    id: str
    check: str
    points: float
    maturity: int
    rule: str
    name: str
    severity: Severity
    summary: str
    why: str
    message: str
    fix: str
    failing: str
    fixed: str
    metric: str
    principle: Principle
    finding: bool = True
    needs: str = ""  # "harvest": assessed only on a record harvested from its DOI or URL (docs/harvest.md)


@dataclass(frozen=True)
class Metric:
    """A FAIR metric: an id (F-UJI's where it is theirs), the principle it serves, and its tests."""

    id: str
    name: str
    principle: Principle
    mechanism: str  # "cumulative" | "alternative"
    tests: tuple[MetricTest, ...]

    @property
    def total(self) -> float:
        """Points when every test passes."""
        points = [t.points for t in self.tests]
        return sum(points) if self.mechanism == "cumulative" else max(points, default=0)


@dataclass(frozen=True)
class Catalogue:
    """The versioned metric catalogue."""

    version: str
    based_on: str
    metrics: tuple[Metric, ...]

    def tests(self) -> tuple[MetricTest, ...]:
        """Every test of every metric, in catalogue order."""
        return tuple(t for m in self.metrics for t in m.tests)


@cache
def load_catalogue(path: Path = CATALOGUE) -> Catalogue:
    """Read and check the catalogue (every check exists, rule codes match principles).

    The parsed catalogue is cached on disk keyed by the file's bytes: Python's TOML parser takes
    ~25 ms for it, a noticeable share of a pre-commit run.
    """
    from fairmeta._version import __version__
    from fairmeta.cache import cached
    from fairmeta.metrics.tests import TESTS

    text = path.read_bytes()
    kind = f"catalogue {__version__} {','.join(sorted(TESTS))}"  # a renamed check invalidates the cache
    return cached(text, kind, lambda: _parse(path, text.decode("utf-8")))


def _parse(path: Path, text: str) -> Catalogue:
    import tomllib  # only when the cache misses

    from fairmeta.metrics.tests import TESTS

    data = tomllib.loads(text)
    metrics = []
    for raw in data["metric"]:
        principle = Principle(raw["principle"])
        tests = []
        for t in raw["test"]:
            if t["check"] not in TESTS:
                raise ValueError(f"{path}: test {t['id']} names unknown check {t['check']!r}")
            if t["rule"].split("-")[1] != principle.value:
                raise ValueError(f"{path}: rule {t['rule']} of {t['id']} is not under {principle.value}")
            tests.append(
                MetricTest(
                    id=t["id"],
                    check=t["check"],
                    points=float(t["points"]),
                    maturity=int(t["maturity"]),
                    rule=t["rule"],
                    name=t["name"],
                    severity=Severity(t["severity"]),
                    summary=t["summary"],
                    why=t["why"],
                    message=t["message"],
                    fix=t["fix"],
                    failing=t["failing"],
                    fixed=t["fixed"],
                    metric=raw["id"],
                    principle=principle,
                    finding=bool(t.get("finding", True)),
                    needs=str(t.get("needs", "")),
                )
            )
        metrics.append(Metric(raw["id"], raw["name"], principle, raw["mechanism"], tuple(tests)))
    return Catalogue(data["version"], data["based_on"], tuple(metrics))
