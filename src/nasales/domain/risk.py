"""Doubt risk: an explainable 0–100 estimate of post-purchase doubt for one account.

Each factor adds points, and says why; the score is their sum, clamped to 0–100.

| factor | points |
| --- | --- |
| a recent win (doubt peaks right after the decision) | up to 20, fading to 0 at 90 days |
| no personal contact for a while | up to 25, reached at 60 days (25 when never contacted) |
| open hurdles nobody has called about yet | 15 each, at most 30 |
| an order in delivery with no agreement for a while | up to 15, reached at 30 days |
| a recent or delivering order chosen between close alternatives (`narrow`) | 10 |
| the mood of the latest touchpoint | doubt +15, negative +20, positive −10 |
| at stake: value won in the last year | up to 10 (log scale, 10 at 1 000 000) |
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from nasales.domain.playbook import AccountFacts, HurdleFacts, OrderFacts, in_delivery

MOOD_POINTS = {"doubt": 15, "negative": 20, "positive": -10, "neutral": 0}


@dataclass(frozen=True)
class Risk:
    score: int
    factors: list[tuple[int, str]] = field(default_factory=list)

    def explain(self) -> str:
        if not self.factors:
            return "no sign of doubt"
        return "; ".join(f"{points:+d} {reason}" for points, reason in self.factors)


def doubt_risk(
    account: AccountFacts,
    orders: list[OrderFacts],
    open_hurdles: list[HurdleFacts],
    today: date,
) -> Risk:
    factors: list[tuple[int, str]] = []
    won = [o for o in orders if o.status == "won"]
    if won:
        latest_win = max(o.signed_on for o in won)
        age = (today - latest_win).days
        if (points := round(20 * max(0.0, 1 - age / 90))) > 0:
            factors.append((points, f"won an order {age} days ago"))
    last = account.last_personal_contact
    if last is None:
        factors.append((25, "never contacted personally"))
    elif (points := round(25 * min(1.0, (today - last).days / 60))) > 0:
        factors.append((points, f"no personal contact for {(today - last).days} days"))
    undiscussed = [h for h in open_hurdles if last is None or last < h.raised_on]
    if undiscussed:
        factors.append(
            (min(30, 15 * len(undiscussed)), f"{len(undiscussed)} open hurdle(s) not discussed")
        )
    delivering = [o for o in won if in_delivery(o, today)]
    if delivering:
        anchors = [max(o.signed_on, o.last_agreement or o.signed_on) for o in delivering]
        quiet = (today - max(anchors)).days
        if (points := round(15 * min(1.0, quiet / 30))) > 0:
            factors.append((points, f"in delivery, {quiet} days without an agreement"))
    recent = [o for o in won if o in delivering or (today - o.signed_on).days <= 90]
    if any(o.decision == "narrow" for o in recent):
        factors.append((10, "a narrow decision between close alternatives"))
    if mood_points := MOOD_POINTS.get(account.latest_mood or "", 0):
        factors.append((mood_points, f"latest mood: {account.latest_mood}"))
    recent_value = sum(o.value or 0 for o in won if o.signed_on > today - timedelta(days=365))
    if recent_value > 0 and (points := round(10 * min(1.0, math.log10(recent_value) / 6))) > 0:
        factors.append((points, f"{recent_value:,.0f} won in the last year"))
    score = max(0, min(100, sum(points for points, _ in factors)))
    return Risk(score, factors)
