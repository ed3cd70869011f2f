"""Random histories of a small book, and the facts the store reads from them on any day.

A `History` is what a salesperson records, in the order it is logged: orders won and lost
(several on one account), deliveries, touchpoints of every kind with moods, problems (some
solved, some said not to be discussed by the contacts logged before them), proposals,
snoozes and hand-offs, dated on any day, weekends and holidays included. `facts_at` is a
plain reading of PRODUCT.md §3 (the facts of a day: nothing dated later), written apart from
the store's SQL; `test_risk_properties.py` holds it to the store (`write` + `load_book`) and
then asks the properties of the doubt risk and the list over many histories and days.
"""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from hypothesis import strategies as st

from nasales.domain.facts import (
    AccountFacts,
    Book,
    Handoff,
    HurdleFacts,
    OrderFacts,
    ProposalFacts,
)
from nasales.domain.vocabulary import PERSONAL_KINDS

NAMES = ("Acme", "Beta")
KINDS = ("call", "visit", "meeting", "agreement", "email", "note")
MOODS = (None, None, "positive", "neutral", "doubt", "negative")


@dataclass(frozen=True)
class Touch:
    account: str
    kind: str
    on: date
    order: str | None = None
    mood: str | None = None


@dataclass(frozen=True)
class Problem:
    id: int
    order: str
    raised: date
    resolved: date | None = None
    # not discussed: the touches logged before this index do not count for it
    after: int | None = None


@dataclass(frozen=True)
class History:
    orders: tuple[OrderFacts, ...]  # delivered_on as recorded; last_agreement unused
    touches: tuple[Touch, ...] = ()  # in the order they were logged (their ids)
    problems: tuple[Problem, ...] = ()
    proposals: tuple[ProposalFacts, ...] = ()
    snoozes: dict[str, date] = field(default_factory=dict)
    handoffs: dict[str, tuple[Handoff, ...]] = field(default_factory=dict)
    accounts: tuple[str, ...] = NAMES

    def logged(self, *touches: Touch) -> "History":
        return replace(self, touches=(*self.touches, *touches))

    def won_on(self, day: date) -> bool:
        return any(o.status == "won" and o.signed_on == day for o in self.orders)

    def touched_on(self, account: str, day: date) -> bool:
        return any(t.account == account and t.on == day for t in self.touches)


def account_of(h: History, ref: str) -> str:
    return next(o.account for o in h.orders if o.ref == ref)


def facts_at(
    h: History, today: date, until: date | None = None, *, logged: date | None = None
) -> Book:
    """The facts of `today` (touchpoints up to today; orders, deliveries, problems and
    proposals up to `until`, the last day of an agenda), as PRODUCT.md §3 reads them.
    `logged`: only the touchpoints dated up to that earlier day count (`today` as it will be
    if nothing is logged after it). A touchpoint keeps its place in the history, its id in
    the store, whatever is left out: a problem not discussed counts the touchpoints logged
    after its mark by their ids."""
    until = max(today, until or today)
    last = min(today, logged or today)
    seen = [(i, t) for i, t in enumerate(h.touches) if t.on <= last]
    accounts = {}
    loose: dict[str, date | None] = {}
    for name in h.accounts:
        mine = [(i, t) for i, t in seen if t.account == name]
        personal = [t.on for _, t in mine if t.kind in PERSONAL_KINDS]
        agreements = [(i, t) for i, t in mine if t.kind == "agreement"]
        latest = max((t.on for _, t in agreements), default=None)
        moods = [
            (t.on, i, t.mood)
            for i, t in mine
            if t.mood
            and t.kind != "note"
            and (latest is None or t.on >= latest)
            and not any(g.on == t.on and j >= i for j, g in agreements)
        ]
        mood = max(moods, default=None)
        accounts[name] = AccountFacts(
            name,
            last_personal_contact=max(personal, default=None),
            mood=mood[2] if mood else None,
            mood_on=mood[0] if mood else None,
        )
        loose[name] = max((t.on for _, t in agreements if t.order is None), default=None)
    orders = []
    for o in h.orders:
        if o.signed_on > until:
            continue
        linked = max(
            (t.on for _, t in seen if t.kind == "agreement" and t.order == o.ref), default=None
        )
        agreed = max((d for d in (linked, loose[o.account]) if d), default=None)
        delivered = o.delivered_on if o.delivered_on and o.delivered_on <= until else None
        orders.append(replace(o, delivered_on=delivered, last_agreement=agreed))
    hurdles = []
    for p in h.problems:
        if p.raised > until:
            continue
        account = account_of(h, p.order)
        told = None
        if p.after is not None:
            told = max(
                (
                    t.on
                    for i, t in seen
                    if i >= p.after
                    and t.account == account
                    and t.kind in PERSONAL_KINDS
                    and t.on >= p.raised
                ),
                default=None,
            )
        resolved = p.resolved if p.resolved and p.resolved <= until else None
        hurdles.append(
            HurdleFacts(
                p.id, p.order, account, p.raised, "late part", resolved, p.after is not None, told
            )
        )
    proposals = tuple(
        replace(
            p,
            agreed_on=p.agreed_on if p.agreed_on and p.agreed_on <= until else None,
            declined_on=p.declined_on if p.declined_on and p.declined_on <= until else None,
        )
        for p in h.proposals
        if p.sent_on <= until
    )
    handoffs = {
        key: kept
        for key, given in h.handoffs.items()
        if (kept := tuple(x for x in given if x.on <= until))
    }
    snoozes = {key: day for key, day in h.snoozes.items() if day > today}
    return Book(accounts, tuple(orders), tuple(hurdles), (), proposals, snoozes, handoffs)


@st.composite
def histories(draw: st.DrawFn) -> tuple[History, date]:
    """A history over about 200 days from `start`, and that first day."""
    start = draw(st.dates(min_value=date(2025, 6, 1), max_value=date(2027, 6, 1)))

    def day(lo: int = 0, hi: int = 200) -> date:
        return start + timedelta(days=draw(st.integers(lo, hi)))

    orders = []
    for n in range(draw(st.integers(1, 4))):
        status = "won" if n == 0 else draw(st.sampled_from(("won", "won", "lost")))
        signed = day(0, 150)
        delivered = None
        if status == "won" and draw(st.booleans()):
            delivered = signed + timedelta(days=draw(st.integers(0, 100)))
        orders.append(
            OrderFacts(
                f"O-{n}",
                draw(st.sampled_from(NAMES)),
                status,
                signed,
                value=draw(st.sampled_from((None, 45.0, 185_000.0))),
                delivered_on=delivered,
                decision=draw(st.sampled_from((None, "clear", "narrow"))),
            )
        )
    touches = []
    for _ in range(draw(st.integers(0, 12))):
        account = draw(st.sampled_from(NAMES))
        kind = draw(st.sampled_from(KINDS))
        mine = [o.ref for o in orders if o.account == account]
        mood = draw(st.sampled_from(MOODS))
        if kind == "agreement" and mood in ("doubt", "negative"):
            mood = None  # refused by `log` (an agreement dissolves doubt)
        order = draw(st.sampled_from((None, *mine)))
        touches.append(Touch(account, kind, day(), order, mood))
    won = [o for o in orders if o.status == "won"]
    problems = []
    for n in range(draw(st.integers(0, 3))):
        o = draw(st.sampled_from(won))
        raised = o.signed_on + timedelta(days=draw(st.integers(0, 120)))
        resolved = None
        if draw(st.booleans()):
            resolved = raised + timedelta(days=draw(st.integers(0, 30)))
        after = draw(st.integers(0, len(touches))) if draw(st.booleans()) else None
        problems.append(Problem(n + 1, o.ref, raised, resolved, after))
    proposals = []
    for n in range(draw(st.integers(0, 2))):
        o = draw(st.sampled_from(won))
        sent = o.signed_on + timedelta(days=draw(st.integers(0, 60)))
        answer = sent + timedelta(days=draw(st.integers(0, 20)))
        how = draw(st.sampled_from(("open", "agreed", "declined")))
        proposals.append(
            ProposalFacts(
                n + 1,
                o.ref,
                o.account,
                sent,
                "start-up plan",
                None,
                answer if how == "agreed" else None,
                answer if how == "declined" else None,
            )
        )
    keys = [f"{r}:{o.ref}" for o in orders for r in ("confirm", "agreement", "post_delivery")]
    keys += [f"hurdle:{p.id}" for p in problems] + [f"relationship:{n}" for n in NAMES]
    snoozes = {k: day() for k in draw(st.lists(st.sampled_from(keys), max_size=2))}
    handoffs = {
        k: (Handoff(day(), draw(st.sampled_from(("Piet", "Cor")))),)
        for k in draw(st.lists(st.sampled_from(keys), max_size=2))
    }
    history = History(
        tuple(orders), tuple(touches), tuple(problems), tuple(proposals), snoozes, handoffs
    )
    return history, start
