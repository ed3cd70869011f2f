"""`nasales demo`: a realistic book of business in its own database, never the user's.

The book is data: a list of steps, each the record a salesperson would enter, dated
relative to the demo's day (`Ago(n)` calendar days, `WorkdaysAgo(n)` working days, or
`Ahead(n)`), with its texts in the user's language. Around any day, every rule has an item
due.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nasales.i18n import N_, _

if TYPE_CHECKING:
    from nasales.domain.workdays import WorkingDays


@dataclass(frozen=True)
class Ago:
    days: int


@dataclass(frozen=True)
class WorkdaysAgo:
    days: int


@dataclass(frozen=True)
class Ahead:
    days: int


TODAY = Ago(0)
VD, BJ, GH, ML = (
    "Van Dijk Machinebouw",
    "Bakkerij Jansen",
    "Groenhuis Installatietechniek",
    "Meijer Logistiek",
)
BB, HM, DV, SA, KV, VT = (
    "Brouwer Bouw",
    "Hendriks Metaal",
    "De Vries Kunststoffen",
    "Smit Agri",
    "Kok Verpakkingen",
    "Visser Techniek",
)

# (what, fields): each step is the store function of that name (see `build_demo`) called with
# these fields. Texts (roles, titles, notes) are in the user's language.
# fmt: off
BOOK: list[tuple[str, dict[str, Any]]] = [
    # A fresh win, decided narrowly: nobody has called to confirm the choice yet.
    ("account", {"name": VD, "owner": "Eva", "clv": 400_000}),
    ("contact", {"account_name": VD, "name": "Sanne van Dijk", "role": N_("buyer"),
                 "phone": "+31 6 1234 5678", "email": "sanne@vandijk.example", "primary": True}),
    ("won", {"account_name": VD, "title": N_("CNC milling centre DMU 50"), "ref": "VD-2041",
             "signed_on": WorkdaysAgo(2), "value": 185_000, "decision": "narrow"}),
    ("team", {"account_name": VD, "person": "Piet", "role": N_("service")}),
    # In delivery: agreed the start-up plan three weeks ago, then a worried e-mail.
    ("account", {"name": BJ, "owner": "Eva"}),
    ("contact", {"account_name": BJ, "name": "Piet Jansen", "role": N_("decision maker"),
                 "phone": "+31 6 2233 4455", "primary": True}),
    ("contact", {"account_name": BJ, "name": "Kees Bos", "role": N_("finance"),
                 "do_not_call": True}),
    ("won", {"account_name": BJ, "title": N_("Tunnel oven line"), "ref": "BJ-77",
             "signed_on": Ago(24), "value": 42_000, "decision": "narrow"}),
    ("log", {"account_name": BJ, "kind": "call", "on": Ago(23), "order_ref": "BJ-77",
             "contact_name": "Piet Jansen", "note": N_("Confirmed: they chose well"),
             "mood": "positive"}),
    ("proposal", {"ref": "BJ-77", "text": N_("Start-up plan for the oven line"), "on": Ago(19)}),
    ("agreed", {"proposal_id": 1, "on": Ago(17)}),
    ("log", {"account_name": BJ, "kind": "email", "on": Ago(3), "order_ref": "BJ-77",
             "note": N_("Asked about the price of spare parts"), "mood": "doubt"}),
    # Have a problem? Call the customer: a part is late, and service takes the call. A
    # commissioning plan waits for the customer's answer.
    ("account", {"name": GH, "owner": "Eva", "tier": "B"}),
    ("contact", {"account_name": GH, "name": "Fatima El Amrani", "role": N_("user"),
                 "phone": "+31 6 9988 7766", "email": "f.elamrani@groenhuis.example"}),
    ("won", {"account_name": GH, "title": N_("Heat pump installation"), "ref": "GH-310",
             "signed_on": Ago(40), "value": 68_000}),
    ("log", {"account_name": GH, "kind": "call", "on": Ago(39), "order_ref": "GH-310",
             "contact_name": "Fatima El Amrani"}),
    ("log", {"account_name": GH, "kind": "agreement", "on": Ago(6), "order_ref": "GH-310",
             "contact_name": "Fatima El Amrani", "note": N_("Agreed the installation schedule"),
             "mood": "positive"}),
    ("hurdle", {"ref": "GH-310", "on": WorkdaysAgo(1),
                "description": N_("Pump delivery delayed three weeks at the supplier")}),
    ("team", {"account_name": GH, "person": "Piet", "role": N_("service")}),
    ("hand", {"key": "hurdle:1", "person": "Piet", "on": TODAY,
              "note": N_("Piet knows the pump supplier")}),
    ("proposal", {"ref": "GH-310", "text": N_("Commissioning plan for the heat pumps"),
                  "on": WorkdaysAgo(5)}),
    # Delivered: check that it landed well, and ask about the next need. A problem on the way
    # was called the same day.
    ("account", {"name": ML, "owner": "Daan"}),
    ("contact", {"account_name": ML, "name": "Joris Meijer", "role": N_("buyer"),
                 "phone": "+31 6 5566 7788", "primary": True}),
    ("won", {"account_name": ML, "title": N_("Forklift fleet (6)"), "ref": "ML-12",
             "signed_on": Ago(75), "value": 96_000}),
    ("log", {"account_name": ML, "kind": "visit", "on": Ago(74), "order_ref": "ML-12",
             "contact_name": "Joris Meijer"}),
    ("log", {"account_name": ML, "kind": "agreement", "on": Ago(30), "order_ref": "ML-12",
             "contact_name": "Joris Meijer", "note": N_("Agreed the delivery date")}),
    ("hurdle", {"ref": "ML-12", "on": WorkdaysAgo(8),
                "description": N_("One forklift's mast was damaged in transport")}),
    ("log", {"account_name": ML, "kind": "call", "on": WorkdaysAgo(8), "order_ref": "ML-12",
             "contact_name": "Joris Meijer",
             "note": N_("Told them the same day; a new mast is on order")}),
    ("delivered", {"ref": "ML-12", "on": WorkdaysAgo(3)}),
    # Lost, narrowly: keep the relationship, they may come to doubt the competitor.
    ("account", {"name": BB, "owner": "Daan", "tier": "B"}),
    ("contact", {"account_name": BB, "name": "Lotte Brouwer", "role": N_("decision maker"),
                 "phone": "+31 6 1122 3344", "primary": True}),
    ("lost", {"account_name": BB, "title": N_("Tower crane rental"), "ref": "BB-5",
              "signed_on": Ago(20), "value": 55_000, "competitor": "Kuipers Techniek",
              "decision": "narrow"}),
    # A promise made: call back about the nipple that should have been a nopple.
    ("account", {"name": HM, "owner": "Eva"}),
    ("contact", {"account_name": HM, "name": "Anouk Hendriks", "role": N_("user"),
                 "phone": "+31 6 4455 6677"}),
    ("won", {"account_name": HM, "title": N_("Press brake"), "ref": "HM-9",
             "signed_on": Ago(150), "value": 23_500}),
    ("delivered", {"ref": "HM-9", "on": Ago(100)}),
    ("log", {"account_name": HM, "kind": "call", "on": Ago(149), "order_ref": "HM-9"}),
    ("log", {"account_name": HM, "kind": "call", "on": Ago(98), "order_ref": "HM-9"}),
    ("log", {"account_name": HM, "kind": "call", "on": Ago(4), "order_ref": "HM-9",
             "contact_name": "Anouk Hendriks", "mood": "negative",
             "note": N_("The machine has a nipple instead of the promised nopple")}),
    ("remind", {"account_name": HM, "text": N_("Call back about the nipple/nopple fix"),
                "due": TODAY, "order_ref": "HM-9"}),
    # A top customer gone quiet: a relationship call. The last meeting found a next need.
    ("account", {"name": DV, "owner": "Eva", "tier": "A", "clv": 1_200_000}),
    ("contact", {"account_name": DV, "name": "Marco de Vries", "role": N_("decision maker"),
                 "phone": "+31 6 7788 9900", "primary": True}),
    ("won", {"account_name": DV, "title": N_("Injection moulding robot"), "ref": "DV-1",
             "signed_on": Ago(260), "value": 310_000}),
    ("delivered", {"ref": "DV-1", "on": Ago(200)}),
    ("log", {"account_name": DV, "kind": "call", "on": Ago(259), "order_ref": "DV-1"}),
    ("log", {"account_name": DV, "kind": "visit", "on": Ago(198), "order_ref": "DV-1"}),
    ("log", {"account_name": DV, "kind": "meeting", "on": Ago(45),
             "contact_name": "Marco de Vries", "note": N_("Annual review"), "mood": "positive"}),
    ("opportunity", {"account_name": DV, "on": Ago(45), "source": f"relationship:{DV}",
                     "text": N_("A second robot for the new hall, next spring")}),
    # Nothing due: contacted recently (a problem heard about late, at the visit, which also
    # brought a next need).
    ("account", {"name": SA, "owner": "Daan"}),
    ("contact", {"account_name": SA, "name": "Bram Smit", "role": N_("buyer"),
                 "phone": "+31 6 3344 5566", "primary": True}),
    ("won", {"account_name": SA, "title": N_("Milking robot"), "ref": "SA-3",
             "signed_on": Ago(100), "value": 150_000}),
    ("delivered", {"ref": "SA-3", "on": Ago(60)}),
    ("log", {"account_name": SA, "kind": "call", "on": Ago(99), "order_ref": "SA-3"}),
    ("log", {"account_name": SA, "kind": "call", "on": Ago(58), "order_ref": "SA-3"}),
    ("hurdle", {"ref": "SA-3", "on": WorkdaysAgo(9),
                "description": N_("The spare-parts kit has not arrived")}),
    ("log", {"account_name": SA, "kind": "visit", "on": Ago(10), "order_ref": "SA-3",
             "contact_name": "Bram Smit", "note": N_("All running"), "mood": "positive"}),
    ("opportunity", {"account_name": SA, "on": Ago(10),
                     "text": N_("A second milking robot when the herd grows")}),
    # A fresh win whose confirmation call was made from the desk phone on the day of the
    # win: nobody typed it, the call log did (`capture_demo`), so it is not on the list.
    ("account", {"name": VT, "owner": "Eva"}),
    ("contact", {"account_name": VT, "name": "Lars Visser", "role": N_("buyer"),
                 "phone": "+31 6 3456 7890", "email": "lars@visser-techniek.example",
                 "primary": True}),
    ("domain", {"name": VT, "add_domains": ["visser-techniek.example"]}),
    ("won", {"account_name": VT, "title": N_("Laser cutter"), "ref": "VT-18",
             "signed_on": WorkdaysAgo(1), "value": 95_000}),
    # Lost and snoozed: the buyer is on holiday until next week.
    ("account", {"name": KV, "owner": "Daan", "tier": "A"}),
    ("lost", {"account_name": KV, "title": N_("Packaging line"), "ref": "KV-8",
              "signed_on": Ago(18), "value": 120_000, "competitor": "Pack Partners"}),
    ("snooze", {"key": "lost_followup:KV-8", "until": Ahead(7)}),
]
# fmt: on
TRANSLATED = ("role", "title", "note", "text", "description")


def demo_path() -> Path:
    from nasales.store.db import default_path

    return default_path().with_name("demo.db")


def build_demo(path: Path, today: date, days: "WorkingDays") -> None:
    """(Re)build the demo book around `today`, so that every rule has something due."""
    from nasales.store import customers, followup, orders
    from nasales.store.db import companions, transaction

    for file in (path, *companions(path)):
        file.unlink(missing_ok=True)

    def value(name: str, given: Any) -> Any:
        if isinstance(given, Ago):
            return today - timedelta(days=given.days)
        if isinstance(given, Ahead):
            return today + timedelta(days=given.days)
        if isinstance(given, WorkdaysAgo):
            return days.back_wd(today, given.days)
        return _(given) if name in TRANSLATED and isinstance(given, str) else given

    steps: dict[str, Callable[..., object]] = {
        "account": customers.add_account,
        "domain": customers.set_account,
        "contact": customers.add_contact,
        "team": customers.add_team_member,
        "won": partial(orders.add_order, status="won"),
        "lost": partial(orders.add_order, status="lost"),
        "delivered": orders.deliver_order,
        "hurdle": orders.add_hurdle,
        "proposal": partial(orders.add_proposal, answer_by=None),
        "agreed": followup.agree_proposal,
        "opportunity": orders.note_opportunity,
        "log": followup.log_touchpoint,
        "remind": followup.add_reminder,
        "snooze": followup.snooze,
        "hand": followup.hand,
    }
    with transaction(str(path), write=True) as db:
        for what, fields in BOOK:
            steps[what](db, **{name: value(name, given) for name, given in fields.items()})
