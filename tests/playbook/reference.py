"""The schedule of PRODUCT.md §3, written a second time from the text alone, apart from the
playbook's code (no WorkingDays, no rule methods): the items due on a day, in list order,
each with its due date and how many working days late. Default settings only.

Round 3 changed two rows, and so does this reading: a problem solved without telling the
customer stays until a personal contact; the relationship clock restarts at a delivery."""

from datetime import date, timedelta

import holidays

from nasales.domain.facts import Book

NL = holidays.country_holidays("NL")
RANKS = (
    "hurdle",
    "manual",
    "proposal",
    "confirm",
    "agreement",
    "post_delivery",
    "lost_followup",
    "relationship",
)
DAY = timedelta(days=1)


def working(day: date) -> bool:
    return day.weekday() < 5 and day not in NL


def next_wd(day: date) -> date:
    while not working(day):
        day += DAY
    return day


def add_wd(day: date, n: int) -> date:
    for _ in range(n):
        day = next_wd(day + DAY)
    return day


def late(due: date, today: date) -> int:
    """Working days after the due date up to and including today."""
    return sum(working(due + DAY * n) for n in range(1, (today - due).days + 1))


def schedule(book: Book, today: date) -> list[tuple[str, date, int]]:
    """(key, due, working days late) of each item due on `today`, in the list's order."""
    found: list[tuple[str, str, date, float]] = []  # key, account, due, value

    def last_contact(account: str) -> date | None:
        return book.accounts[account].last_personal_contact

    def contacted(account: str, since: date) -> bool:
        last = last_contact(account)
        return last is not None and last >= since

    orders = [o for o in book.orders if o.signed_on <= today]
    value = {o.ref: o.value for o in orders}
    for h in book.hurdles:
        if h.raised_on > today:
            continue
        if h.not_discussed:
            told = h.told_on is not None and h.told_on >= h.raised_on
        else:
            told = contacted(h.account, h.raised_on)
        if not told:  # open or solved: until the customer hears of it
            found.append((f"hurdle:{h.id}", h.account, next_wd(h.raised_on), value.get(h.order)))
    for r in book.reminders:
        if r.done_on is None or r.done_on > today:
            found.append((f"manual:{r.id}", r.account, r.due, None))
    open_proposal = set()
    for p in book.proposals:
        answered = [d for d in (p.agreed_on, p.declined_on) if d is not None and d <= today]
        if p.sent_on <= today and not answered:
            open_proposal.add(p.order)
            by = p.answer_by or add_wd(p.sent_on, 3)
            found.append((f"proposal:{p.id}", p.account, next_wd(by), value.get(p.order)))
    for o in orders:
        delivered = o.delivered_on is not None and o.delivered_on <= today
        if o.status == "won":
            if not contacted(o.account, o.signed_on):
                found.append((f"confirm:{o.ref}", o.account, add_wd(o.signed_on, 1), o.value))
            if not delivered and o.ref not in open_proposal:
                agreed = o.last_agreement
                anchor = agreed if agreed is not None and agreed >= o.signed_on else o.signed_on
                age = (anchor - o.signed_on).days
                interval = 7 if age < 28 else 14 if age < 91 else 30
                due = next_wd(anchor + timedelta(days=interval))
                found.append((f"agreement:{o.ref}", o.account, due, o.value))
            if delivered and not contacted(o.account, o.delivered_on):  # type: ignore[arg-type]
                due = add_wd(o.delivered_on, 2)  # type: ignore[arg-type]
                found.append((f"post_delivery:{o.ref}", o.account, due, o.value))
        else:
            stages = [
                (next_wd(o.signed_on + timedelta(days=14)), o.signed_on + DAY),
                (next_wd(o.signed_on + timedelta(days=90)), o.signed_on + timedelta(days=60)),
            ]
            reached = [s for s in stages if s[0] <= today]
            if reached and not contacted(o.account, reached[-1][1]):
                found.append((f"lost_followup:{o.ref}", o.account, reached[-1][0], o.value))
    due = [f for f in found if f[2] <= today]
    busy = {account for _, account, _, _ in due}
    for name, a in book.accounts.items():
        mine = [o for o in orders if o.account == name]
        if not mine or name in busy:
            continue
        won = [o for o in mine if o.status == "won"]
        if any(o.delivered_on is None or o.delivered_on > today for o in won):
            continue
        figure = a.clv if a.clv is not None else sum(o.value or 0 for o in won)
        tier = a.tier or ("A" if figure >= 100_000 else "B" if figure >= 20_000 else "C")
        if not won and tier == "C":
            continue
        dates = [o.signed_on for o in mine]
        dates += [o.delivered_on for o in won if o.delivered_on and o.delivered_on <= today]
        if a.last_personal_contact is not None:
            dates.append(a.last_personal_contact)
        anchor = max(dates)
        days = {"A": 30, "B": 90, "C": 180}[tier]
        when = next_wd(anchor + timedelta(days=days))
        if when <= today:
            due.append((f"relationship:{name}", name, when, sum(o.value or 0 for o in won) or None))
    shown = [f for f in due if not (f[0] in book.snoozes and today < book.snoozes[f[0]])]
    shown.sort(
        key=lambda f: (
            RANKS.index(f[0].split(":", 1)[0]),
            -late(f[2], today),
            -(f[3] or 0),
            f[1].casefold(),
        )
    )
    return [(key, when, late(when, today)) for key, _, when, _ in shown]
