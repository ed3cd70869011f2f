"""`nasales demo`: a realistic book of business in its own database, never the user's."""

from datetime import date, timedelta
from pathlib import Path

from nasales.domain.workdays import WorkingDays
from nasales.store import session_scope
from nasales.store.records import (
    add_account,
    add_contact,
    add_hurdle,
    add_order,
    add_reminder,
    deliver_order,
    log_touchpoint,
    snooze,
)


def demo_path() -> Path:
    from nasales.store import default_path

    return default_path().with_name("demo.db")


def build_demo(path: Path, today: date) -> None:
    """(Re)build the demo book around `today`, so that every rule has something due."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    wd = WorkingDays()

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    def wd_ago(n: int) -> date:
        day = today
        for _ in range(n):
            day -= timedelta(days=1)
            while not wd.is_working_day(day):
                day -= timedelta(days=1)
        return day

    with session_scope(str(path), write=True) as s:
        # A fresh win: nobody has called to confirm the choice yet.
        add_account(s, "Van Dijk Machinebouw", owner="Eva", clv=400_000)
        add_contact(
            s,
            "Van Dijk Machinebouw",
            "Sanne van Dijk",
            role="buyer",
            phone="+31 6 1234 5678",
            email="sanne@vandijk.example",
            primary=True,
        )
        add_order(
            s,
            "Van Dijk Machinebouw",
            "CNC milling centre DMU 50",
            "won",
            wd_ago(2),
            ref="VD-2041",
            value=185_000,
            decision="narrow",
        )

        # In delivery: the last agreement was more than a week ago.
        add_account(s, "Bakkerij Jansen", owner="Eva")
        add_contact(
            s,
            "Bakkerij Jansen",
            "Piet Jansen",
            role="decision maker",
            phone="+31 6 2233 4455",
            primary=True,
        )
        add_contact(s, "Bakkerij Jansen", "Kees Bos", role="finance", do_not_call=True)
        add_order(
            s,
            "Bakkerij Jansen",
            "Tunnel oven line",
            "won",
            ago(24),
            ref="BJ-77",
            value=42_000,
            decision="narrow",
        )
        log_touchpoint(
            s,
            "Bakkerij Jansen",
            "call",
            ago(23),
            "BJ-77",
            "Piet Jansen",
            "Confirmed: they chose well",
            "positive",
        )
        log_touchpoint(
            s,
            "Bakkerij Jansen",
            "agreement",
            ago(17),
            "BJ-77",
            "Piet Jansen",
            "Agreed the start-up plan",
            "neutral",
        )
        log_touchpoint(
            s,
            "Bakkerij Jansen",
            "email",
            ago(3),
            "BJ-77",
            note="Asked about the price of spare parts",
            mood="doubt",
        )

        # Have a problem? Call the customer: a part is late.
        add_account(s, "Groenhuis Installatietechniek", owner="Eva", tier="B")
        add_contact(
            s,
            "Groenhuis Installatietechniek",
            "Fatima El Amrani",
            role="user",
            phone="+31 6 9988 7766",
            email="f.elamrani@groenhuis.example",
        )
        add_order(
            s,
            "Groenhuis Installatietechniek",
            "Heat pump installation",
            "won",
            ago(40),
            ref="GH-310",
            value=68_000,
        )
        log_touchpoint(
            s, "Groenhuis Installatietechniek", "call", ago(39), "GH-310", "Fatima El Amrani"
        )
        log_touchpoint(
            s,
            "Groenhuis Installatietechniek",
            "agreement",
            ago(6),
            "GH-310",
            "Fatima El Amrani",
            "Agreed the installation schedule",
            "positive",
        )
        add_hurdle(s, "GH-310", "Pump delivery delayed three weeks at the supplier", wd_ago(1))

        # Delivered: check that it landed well.
        add_account(s, "Meijer Logistiek", owner="Daan")
        add_contact(
            s,
            "Meijer Logistiek",
            "Joris Meijer",
            role="buyer",
            phone="+31 6 5566 7788",
            primary=True,
        )
        add_order(
            s, "Meijer Logistiek", "Forklift fleet (6)", "won", ago(75), ref="ML-12", value=96_000
        )
        log_touchpoint(s, "Meijer Logistiek", "visit", ago(74), "ML-12", "Joris Meijer")
        log_touchpoint(
            s,
            "Meijer Logistiek",
            "agreement",
            ago(30),
            "ML-12",
            "Joris Meijer",
            "Agreed the delivery date",
        )
        deliver_order(s, "ML-12", wd_ago(3))

        # Lost: keep the relationship, they may come to doubt the competitor.
        add_account(s, "Brouwer Bouw", owner="Daan", tier="B")
        add_contact(
            s,
            "Brouwer Bouw",
            "Lotte Brouwer",
            role="decision maker",
            phone="+31 6 1122 3344",
            primary=True,
        )
        add_order(
            s,
            "Brouwer Bouw",
            "Tower crane rental",
            "lost",
            ago(20),
            ref="BB-5",
            value=55_000,
            competitor="Kuipers Techniek",
        )

        # A promise made: call back about the nipple that should have been a nopple.
        add_account(s, "Hendriks Metaal", owner="Eva")
        add_contact(s, "Hendriks Metaal", "Anouk Hendriks", role="user", phone="+31 6 4455 6677")
        add_order(s, "Hendriks Metaal", "Press brake", "won", ago(150), ref="HM-9", value=23_500)
        deliver_order(s, "HM-9", ago(100))
        log_touchpoint(
            s,
            "Hendriks Metaal",
            "call",
            ago(4),
            "HM-9",
            "Anouk Hendriks",
            "The machine has a nipple instead of the promised nopple",
            "negative",
        )
        add_reminder(s, "Hendriks Metaal", "Call back about the nipple/nopple fix", today, "HM-9")

        # A top customer gone quiet: relationship call.
        add_account(s, "De Vries Kunststoffen", owner="Eva", tier="A", clv=1_200_000)
        add_contact(
            s,
            "De Vries Kunststoffen",
            "Marco de Vries",
            role="decision maker",
            phone="+31 6 7788 9900",
            primary=True,
        )
        add_order(
            s,
            "De Vries Kunststoffen",
            "Injection moulding robot",
            "won",
            ago(260),
            ref="DV-1",
            value=310_000,
        )
        deliver_order(s, "DV-1", ago(200))
        log_touchpoint(
            s,
            "De Vries Kunststoffen",
            "meeting",
            ago(45),
            None,
            "Marco de Vries",
            "Annual review",
            "positive",
        )

        # Nothing due: contacted recently.
        add_account(s, "Smit Agri", owner="Daan")
        add_contact(
            s, "Smit Agri", "Bram Smit", role="buyer", phone="+31 6 3344 5566", primary=True
        )
        add_order(s, "Smit Agri", "Milking robot", "won", ago(100), ref="SA-3", value=150_000)
        deliver_order(s, "SA-3", ago(60))
        log_touchpoint(
            s, "Smit Agri", "visit", ago(10), "SA-3", "Bram Smit", "All running", "positive"
        )

        # Lost and snoozed: the buyer is on holiday until next week.
        add_account(s, "Kok Verpakkingen", owner="Daan", tier="A")
        add_order(
            s,
            "Kok Verpakkingen",
            "Packaging line",
            "lost",
            ago(18),
            ref="KV-8",
            value=120_000,
            competitor="Pack Partners",
        )
        snooze(s, "lost_followup:KV-8", today + timedelta(days=7))
