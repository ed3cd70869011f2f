"""The numbers of a review (PRODUCT.md §8): how many items came due and how each ended,
for the period and for each of its weeks; the doubt-risk bands and the accounts whose risk
rose most."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

BANDS = ((0, 24), (25, 49), (50, 74), (75, 100))  # doubt risk, as in "0-24"
RISING = 5  # the review names at most this many accounts whose risk rose most


@dataclass
class Calls:
    due: int = 0
    on_time: int = 0
    late: int = 0
    open: int = 0

    def add(self, outcome: str) -> None:
        self.due += 1
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass
class Problems:
    raised: int = 0
    on_time: int = 0
    silent: int = 0
    late: int = 0
    open: int = 0

    def add(self, outcome: str) -> None:
        self.raised += 1
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass
class Proposals:
    sent: int = 0
    agreed: int = 0
    declined: int = 0
    open: int = 0


@dataclass
class Opportunities:
    noted: int = 0
    won: int = 0
    dropped: int = 0


@dataclass(frozen=True)
class Rise:
    account: str
    before: int | None  # None: no won order yet (a new customer's doubt starts from nothing)
    after: int

    @property
    def points(self) -> int:
        return self.after - (self.before or 0)


@dataclass
class RiskSummary:
    """Accounts with a won order by their doubt risk at the end, and the accounts whose
    risk rose most since the start."""

    bands: dict[str, int] = field(default_factory=lambda: {band_name(b): 0 for b in BANDS})
    rising: list[Rise] = field(default_factory=list)


@dataclass
class Tally:
    """The counts of §8 for one stretch of days (the period, or one of its weeks)."""

    start: date
    end: date
    confirm: Calls = field(default_factory=Calls)
    hurdle: Problems = field(default_factory=Problems)
    post_delivery: Calls = field(default_factory=Calls)
    lost_followup: dict[int, Calls] = field(default_factory=dict)  # by stage
    proposals: Proposals = field(default_factory=Proposals)
    opportunities: Opportunities = field(default_factory=Opportunities)

    def lost_total(self) -> Calls:
        total = Calls()
        for calls in self.lost_followup.values():
            for name in ("due", "on_time", "late", "open"):
                setattr(total, name, getattr(total, name) + getattr(calls, name))
        return total

    def all_calls(self) -> dict[str, int]:
        """Every follow-up call of the stretch together (confirm, problem, after delivery,
        lost order), by outcome: the chart's bar."""
        parts = (self.confirm, self.post_delivery, self.lost_total())
        out = {name: sum(getattr(c, name) for c in parts) for name in ("due", "on_time", "late")}
        out["due"] += self.hurdle.raised
        out["on_time"] += self.hurdle.on_time
        out["late"] += self.hurdle.late
        out["silent"] = self.hurdle.silent
        out["open"] = sum(c.open for c in parts) + self.hurdle.open
        return out


def band_name(band: tuple[int, int]) -> str:
    return f"{band[0]}-{band[1]}"


def band_of(score: int) -> str:
    return band_name(next(b for b in BANDS if score <= b[1]))


def risk_summary(
    before: Mapping[str, int | None], after: Mapping[str, int | None], most: int = RISING
) -> RiskSummary:
    """Bands of the risks `after`; the accounts whose risk rose most (a risk that did not
    exist `before`, no order won yet, rose from nothing), largest rise first, then highest
    risk, then name."""
    summary = RiskSummary()
    for score in after.values():
        if score is not None:
            summary.bands[band_of(score)] += 1
    rises = [
        rise
        for name, now in after.items()
        if now is not None and (rise := Rise(name, before.get(name), now)).points > 0
    ]
    rises.sort(key=lambda r: (-r.points, -r.after, r.account.casefold()))
    summary.rising = rises[:most]
    return summary
