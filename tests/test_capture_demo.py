"""`nasales demo` shows capture working (PRODUCT.md §9): the confirmation call made from the
desk phone is off the list without anyone typing it."""

import json

from nasales.demo import demo_path

T = "2026-11-27"


def test_the_demos_desk_phone_call_leaves_the_list(cli):
    result = cli(f"demo --on {T} --format json")
    assert result.stderr.startswith(
        "Captured demo-Master.csv: read 6, logged 1, already logged 0, skipped 4 "
        "(1 internal, 1 short, 2 unanswered), not on file 1, unreadable 0\n"
        "Captured demo-agenda.ics: read "
    )
    keys = {item["key"] for item in json.loads(result.stdout)}
    assert "confirm:VD-2041" in keys  # Sanne's voicemail was too short to count
    assert not any(key.endswith("VT-18") for key in keys)
    db = ["--db", str(demo_path())]
    shown = cli([*db, "show", "Visser Techniek", "--on", T, "--format", "plain"]).stdout
    assert "2026-11-26 call with Lars Visser by Eva (outgoing, 6:12, from the call log)" in shown
    assert "meeting with Lars Visser by Eva (from the calendar): Quotation meeting: laser" in shown
    again = cli([*db, "capture", "calls", str(demo_path().with_name("demo-Master.csv")), "--on", T])
    assert "logged 0, already logged 1" in again.stdout
    agenda = cli(
        [*db, "capture", "calendar", str(demo_path().with_name("demo-agenda.ics")), "--on", T]
    )
    assert "logged 0, already logged 1" in agenda.stdout
