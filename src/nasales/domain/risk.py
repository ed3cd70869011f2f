# ruff: noqa: E501  (the factor table is read as a table)
"""Doubt risk: an explainable 0–100 estimate of a customer's post-purchase doubt (PRODUCT.md §3).

Each factor adds points and says why; the score is their sum, capped at 100. It is doubt,
not value: order value, tier and CLV are not in it. An account without a won order has no
doubt risk (None): its aftercare is the lost-order follow-up.

| factor | points |
| --- | --- |
| a problem the customer has not heard about (no personal contact since it was raised, solved or not) | 20 each, +5 for every working day nobody calls after it fell due |
| silence during delivery: days since the last personal contact (or the win) | up to 20, reached at 30 days |
| no agreement moment: days since an order in delivery was last agreed (or won) | up to 15, reached at 30 days |
| the first weeks after a win | 15 on the day, fading to 0 at 90 days |
| a narrow decision, on an order won in the last 90 days or in delivery | 10 |
| the customer's mood after the latest agreement (calls, visits, meetings, e-mails) | doubt 10, negative 15 |

Why it holds together: a new undiscussed problem adds at least 20 points and nothing else; a
personal contact after a problem takes its points away (more than any mood it brings can
add); an agreement only resets clocks and dissolves earlier moods, so it never raises the
score; an internal note has no mood.
"""

from dataclasses import dataclass, field
from datetime import date

from nasales.domain.facts import AccountFacts, HurdleFacts, OrderFacts, in_delivery
from nasales.domain.workdays import WorkingDays

PROBLEM_POINTS, PROBLEM_DAILY = 20, 5
SILENCE_MAX, SILENCE_DAYS = 20, 30
AGREEMENT_MAX, AGREEMENT_DAYS = 15, 30
WIN_MAX, WIN_DAYS = 15, 90
NARROW_POINTS, NARROW_DAYS = 10, 90
MOOD_POINTS = {"doubt": 10, "negative": 15}


@dataclass(frozen=True)
class Factor:
    points: int
    code: str  # problem | silence | agreement | win | narrow | mood
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Risk:
    score: int
    factors: tuple[Factor, ...] = ()


def doubt_risk(
    account: AccountFacts,
    orders: list[OrderFacts],
    hurdles: list[HurdleFacts],
    today: date,
    days: WorkingDays,
) -> Risk | None:
    """The account's doubt risk on `today`, from its orders and hurdles dated by then."""
    won = [o for o in orders if o.status == "won" and o.signed_on <= today]
    if not won:
        return None
    factors: list[Factor] = []
    last = account.last_personal_contact
    for h in sorted(hurdles, key=lambda h: (h.raised_on, h.id)):
        if h.raised_on <= today and (last is None or last < h.raised_on):
            silent_days = days.between(days.next_wd(h.raised_on), today)
            points = PROBLEM_POINTS + PROBLEM_DAILY * silent_days  # the score stops at 100
            solved = h.resolved_on is not None and h.resolved_on <= today
            factors.append(
                Factor(
                    points,
                    "problem",
                    {
                        "text": h.description,
                        "order": h.order,
                        "days": silent_days,
                        "solved": solved,
                    },
                )
            )
    delivering = [o for o in won if in_delivery(o, today)]
    if delivering:
        start = min(o.signed_on for o in delivering)
        quiet = (today - max(start, last or start)).days
        if points := _scaled(SILENCE_MAX, quiet, SILENCE_DAYS):
            factors.append(Factor(points, "silence", {"days": quiet}))
        waits = [_since_agreement(o, today) for o in delivering]
        waiting, agreed = max(waits)
        if points := _scaled(AGREEMENT_MAX, waiting, AGREEMENT_DAYS):
            factors.append(Factor(points, "agreement", {"days": waiting, "agreed": agreed}))
    latest_win = max(o.signed_on for o in won)
    age = (today - latest_win).days
    if points := WIN_MAX - _scaled(WIN_MAX, age, WIN_DAYS):
        factors.append(Factor(points, "win", {"days": age}))
    refs = {o.ref for o in delivering}
    recent = [o for o in won if o.ref in refs or (today - o.signed_on).days <= NARROW_DAYS]
    if any(o.decision == "narrow" for o in recent):
        factors.append(Factor(NARROW_POINTS, "narrow"))
    if points := MOOD_POINTS.get(account.mood or "", 0):
        factors.append(Factor(points, "mood", {"mood": account.mood}))
    return Risk(min(100, sum(f.points for f in factors)), tuple(factors))


def _since_agreement(order: OrderFacts, today: date) -> tuple[int, bool]:
    """Days since the order was last agreed (or won), and whether it ever was agreed."""
    anchor, agreed = order.agreement_anchor()
    return (today - anchor).days, agreed


def _scaled(most: int, days: int, full_at: int) -> int:
    """`most` points reached linearly at `full_at` days (0 at 0 days or before)."""
    return round(most * min(1.0, max(0, days) / full_at))
