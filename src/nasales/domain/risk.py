# ruff: noqa: E501  (the factor table is read as a table)
"""Doubt risk: an explainable 0–100 estimate of a customer's post-purchase doubt (PRODUCT.md §3).

Each factor adds points and says why; the score is their sum, capped at 100. It is doubt,
not value: order value, tier and CLV are not in it. An account without a won order has no
doubt risk (None): its aftercare is the lost-order follow-up.

Two kinds of points. Points of a *call on the list* come with an item that stays due until
a personal contact; only they can take the score to 50 or more:

| factor (the item it names) | points |
| --- | --- |
| a problem the customer has not heard about, open or solved (`hurdle`) | 20 each, +5 for every working day nobody calls after it fell due |
| a confirmation call not made (`confirm`, once due) | 10 each, +3 for every working day it is late |
| an after-delivery check not made (`post_delivery`, once due) | 10 each, +2 for every working day it is late |

Points of *quiet doubt* name no such item; together they stop at 45, below 50:

| factor | points |
| --- | --- |
| silence: days without personal contact, while it counts (below) | ¼ a day, without end (the 45 stops it) |
| time since the last agreement (or the win), of an order in aftercare; frozen at delivery | ⅙ a day, up to 10 (at 60 days) |
| the first weeks after a win (a win while the last one is still fresh restarts nothing) | 10 on the day, fading to 0 at 90 days |
| a narrow decision, on an order in aftercare | 5 |
| the customer's latest mood, for 90 days | doubt 5, negative 8, fading to 0 at 90 days |

*Aftercare* is an order's time from the win to the after-delivery check: in delivery, or
delivered with no personal contact since. *Silence counts* while an order is in aftercare,
and while the customer's latest mood is doubt or negative (since the day they voiced it):
the days since the last personal contact, or since the start of that (the earliest such
win, the day of the mood), whichever is later. The *mood* is that of the latest
customer-facing touchpoint (call, visit, meeting, agreement, e-mail; never a note) dated
after the latest agreement; an agreement, and a won order (the first agreement), dissolve
what came before it. The *fresh-win clock* starts at a win and is not restarted by another
win within its 90 days (a €45 spare order signed while the big order is fresh), so doubt
does not "peak right after the decision" again for it.

Every point is exact (counted in whole units of 1/180 point: a quarter, a sixth, a 90th);
the score is their sum rounded once. Each factor shows its whole points (rounded down, so
that a factor that only grows never shows fewer points the next day, and one that only fades
never more: rounding each to the nearest, or sharing out the remainder, made "won an order"
read +5, +4, +5 on three days), and the fractions of them all, rounded together, are one
line of their own (`fractions`): the lines add up to the score. docs/risk.md says all this
for a salesperson.

Why it holds together (PRODUCT.md §3, "Round 3"; each is a property over random histories
in `tests/test_risk_properties.py`, the factors' edges are in `tests/test_risk.py`):
- 50 or more only from a call on the list: quiet doubt stops at 45. A problem raised on a
  weekend or holiday counts its 20 points from that day, before its call is due; so that
  the list still names every such score, the score is held at 49 until a call with points
  is due ("held below 50"), the one case where a new problem adds fewer than 20 points.
- Silence never lowers doubt: with nothing logged the silence grows by ¼ a day, more than
  the fresh win (1/9) and a mood (at most 8/90) fade together; the agreement clock freezes at
  delivery and the narrow decision stays until the after-delivery check, so a delivery takes
  nothing away. After 30 days of silence quiet doubt is at most 40.5 (7.5 + 10 + 10 + 5 +
  8), so 90 days always score more.
- Never contacted since the win scores more than a call and an agreement since: the missed
  confirmation call alone (10 or more) outweighs any mood that call may bring (8 at most).
- A call about a problem takes its 20 or more points away and brings at most 8 (a mood);
  an agreement resets clocks, dissolves moods and satisfies calls, and its own mood may not
  be doubt or negative (`agreement_mood`), so it never raises the score.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from nasales.domain.facts import AccountFacts, HurdleFacts, OrderFacts, in_aftercare

if TYPE_CHECKING:
    from fractions import Fraction  # 5 ms to import: only where asked for (the tests)

    from nasales.domain.playbook import Playbook

PROBLEM_POINTS, PROBLEM_DAILY = 20, 5  # per working day after it fell due
CONFIRM_POINTS, CONFIRM_DAILY = 10, 3  # per working day late
CHECK_POINTS, CHECK_DAILY = 10, 2  # per working day late
# Points are counted exactly in units of 1/180 point (a quarter, a sixth and a 90th of a
# point are whole units): integers, rounded once.
UNIT = 180
QUIET_MOST = 45  # quiet doubt, all together
SILENCE_DAILY = UNIT // 4  # a quarter point a day
AGREEMENT_DAILY, AGREEMENT_MOST = UNIT // 6, 10  # a sixth of a point a day, up to 10
WIN_POINTS, WIN_DAYS = 10, 90
NARROW_POINTS = 5
MOOD_POINTS, MOOD_DAYS = {"doubt": 5, "negative": 8}, 90
HELD = 49  # the score without a call with points due (see the docstring)
DOUBTFUL = tuple(MOOD_POINTS)

CALLS = ("problem", "confirm", "check")  # points of a call on the list
# quiet doubt: no item stays for it (the calls' points are whole: the fractions are quiet)
QUIET = ("silence", "agreement", "win", "narrow", "mood", "fractions")


@dataclass(frozen=True)
class Factor:
    points: int  # whole: the factors' points add up to the score (before its cap)
    code: str  # problem | confirm | check | silence | agreement | win | narrow | mood
    detail: dict = field(default_factory=dict)
    units: int = 0  # the points before rounding, in units of 1/UNIT point (fractions: 0)

    @property
    def exact(self) -> "Fraction":
        from fractions import Fraction

        return Fraction(self.units, UNIT)


@dataclass(frozen=True)
class Risk:
    score: int
    factors: tuple[Factor, ...] = ()
    total: int | None = None  # what the factors add up to, when more than the score
    held_until: date | None = None  # held at 49 until the first call with points is due
    held_for: str | None = None  # the key of that call's item

    @property
    def capped(self) -> bool:
        return self.total is not None and self.total > self.score


def agreement_mood(kind: str, mood: str | None) -> bool:
    """Whether a touchpoint may carry this mood: an agreement dissolves doubt, so it carries
    no doubtful or negative mood (it could raise the doubt risk); log that as a call."""
    return not (kind == "agreement" and mood in DOUBTFUL)


def doubt_risk(
    account: AccountFacts,
    orders: list[OrderFacts],
    hurdles: list[HurdleFacts],
    today: date,
    playbook: "Playbook",
) -> Risk | None:
    """The account's doubt risk on `today`, from its orders and hurdles dated by then (and
    the touchpoints the facts were read with: a later day is that day if nothing is logged).
    The playbook says which calls are due: its points are those of the list's items."""
    won = sorted((o for o in orders if o.status == "won" and o.signed_on <= today), key=_signed)
    if not won:
        return None
    found = _calls(account, won, hurdles, today, playbook) + _quiet(account, won, today)
    factors = tuple(
        Factor(units // UNIT, code, detail, units)
        for units, (code, detail) in found
        if units > 0  # less than a point: in the fractions (show lists whole points only)
    )
    total = _rounded(sum(units for units, _ in found))
    if (rest := total - sum(f.points for f in factors)) > 0:  # exact: in the factors above
        factors += (Factor(rest, "fractions", {}, 0),)
    score = min(100, total)
    held_until = held_for = None
    called = [f for f in factors if f.code in CALLS]  # quiet doubt alone stays below HELD
    if score > HELD and not any(f.detail["due"] <= today for f in called):
        score = HELD
        first = min(called, key=lambda f: (f.detail["due"], f.detail["key"]))
        held_until, held_for = first.detail["due"], first.detail["key"]
    return Risk(score, factors, total if total > score else None, held_until, held_for)


Exact = tuple[int, tuple[str, dict]]  # units of 1/UNIT point, and the factor's code and detail


def _calls(
    account: AccountFacts,
    won: list[OrderFacts],
    hurdles: list[HurdleFacts],
    today: date,
    pb: "Playbook",
) -> list[Exact]:
    """The points of the calls the list asks for: each undiscussed problem (from the day it
    was raised), each confirmation call and after-delivery check once due."""
    found: list[Exact] = []
    by_ref = {o.ref: o for o in won}
    for h in sorted(hurdles, key=lambda h: (h.raised_on, h.id)):
        item = pb.hurdle(h, account, by_ref.get(h.order), today)
        if item is None:
            continue
        late = pb.days.between(item.due, today)
        detail = {
            "key": item.key,
            "due": item.due,
            "text": h.description,
            "order": h.order,
            "days": late,
            "solved": h.solved_by(today),
        }
        found.append((UNIT * (PROBLEM_POINTS + PROBLEM_DAILY * late), ("problem", detail)))
    for o in won:
        for code, item, first, daily in (
            ("confirm", pb.confirm(o, account, today), CONFIRM_POINTS, CONFIRM_DAILY),
            ("check", pb.post_delivery(o, account, today), CHECK_POINTS, CHECK_DAILY),
        ):
            if item is None or item.due > today:
                continue
            late = pb.days.between(item.due, today)
            detail = {"key": item.key, "due": item.due, "order": o.ref, "days": late}
            found.append((UNIT * (first + daily * late), (code, detail)))
    return found


def _quiet(account: AccountFacts, won: list[OrderFacts], today: date) -> list[Exact]:
    """Quiet doubt: silence, the time since an agreement, a fresh win, a narrow decision and
    a mood, together at most QUIET_MOST (the silence gives way: it is the one without end)."""
    aftercare = [o for o in won if in_aftercare(o, account, today)]
    mood, mood_on = _mood(account, won, today)
    found: list[Exact] = []
    starts = [o.signed_on for o in aftercare]
    if mood in DOUBTFUL and mood_on is not None:
        starts.append(mood_on)
    if starts:
        start = min(starts)
        last = account.last_personal_contact
        quiet = (today - max(start, last or start)).days
        if any(o.delivered_on is None or o.delivered_on > today for o in aftercare):
            why = "delivery"
        else:
            why = "check" if aftercare else "doubt"
        silence = SILENCE_DAILY * quiet
        found.append((silence, ("silence", {"days": quiet, "while": why})))
    if aftercare:
        waited, agreed, delivered = max(_since_agreement(o, today) for o in aftercare)
        units = min(UNIT * AGREEMENT_MOST, AGREEMENT_DAILY * waited)
        detail = {"days": waited, "agreed": agreed, "delivered": delivered}
        found.append((units, ("agreement", detail)))
    clock = _fresh_win(won)
    age = (today - clock).days
    if age < WIN_DAYS:
        units = UNIT * WIN_POINTS * (WIN_DAYS - age) // WIN_DAYS
        found.append((units, ("win", {"days": age})))
    if any(o.decision == "narrow" for o in aftercare):
        found.append((UNIT * NARROW_POINTS, ("narrow", {})))
    if mood in DOUBTFUL and mood_on is not None and (age := (today - mood_on).days) < MOOD_DAYS:
        units = UNIT * MOOD_POINTS[mood] * (MOOD_DAYS - age) // MOOD_DAYS
        found.append((units, ("mood", {"mood": mood, "days": age})))
    excess = sum(units for units, _ in found) - UNIT * QUIET_MOST
    if excess > 0:  # the silence gives way (the others add up to less than QUIET_MOST)
        found = [
            (units - excess if code == "silence" else units, (code, detail))
            for units, (code, detail) in found
        ]
    return found


def _mood(
    account: AccountFacts, won: list[OrderFacts], today: date
) -> tuple[str | None, date | None]:
    """The latest mood, unless a win dated after it dissolved it (the order is the first
    agreement; a mood on the day of the win is the first after-sales word and counts)."""
    mood, on = account.mood, account.mood_on
    if mood is None or (on is not None and any(on < o.signed_on <= today for o in won)):
        return None, None
    return mood, on


def _fresh_win(won: list[OrderFacts]) -> date:
    """The start of the fresh-win clock: the latest win that came after the clock of the one
    before it had run out (a win while a win is fresh restarts nothing)."""
    clock = won[0].signed_on
    for o in won[1:]:
        if (o.signed_on - clock).days >= WIN_DAYS:
            clock = o.signed_on
    return clock


def _since_agreement(order: OrderFacts, today: date) -> tuple[int, bool, bool]:
    """Days from the order's last agreement (or win) to today, or to its delivery: the
    agreement moment stops there. Whether it ever was agreed, and whether it is delivered."""
    anchor, agreed = order.agreement_anchor()
    delivered = order.delivered_on is not None and order.delivered_on <= today
    end = order.delivered_on if delivered and order.delivered_on else today
    return max(0, (end - anchor).days), agreed, delivered


def _signed(order: OrderFacts) -> tuple[date, str]:
    return order.signed_on, order.ref


def _rounded(units: int) -> int:
    """Exact points (in units) as a whole number, half up: the score is rounded once."""
    return (units + UNIT // 2) // UNIT
