"""The morning list a salesperson works from: one call per customer, words instead of codes,
readable at any width (PRODUCT.md §3 Calls and §7 labels)."""

import json
from pathlib import Path

import pytest

ON = "2026-11-27"  # a Friday
CRM = Path(__file__).parent / "data" / "crm-sample" / "sales_pipeline.csv"


@pytest.fixture
def busy_customer(cli):
    """Bouw BV has three items due on the 27th: a problem, a promise, an agreement moment;
    Klein BV one: a confirm call. Eva owns both."""
    cli("account add 'Bouw BV' --owner Eva")
    cli("contact add 'Bouw BV' 'Jan de Vries' --role buyer --phone '+31 6 1234 5678' --primary")
    cli("order won 'Bouw BV' 'Press line' --ref P-1 --value 185000 --on 2026-11-13")
    cli("log 'Bouw BV' call --on 2026-11-16")
    cli("hurdle add P-1 'Spindle two weeks late' --on 2026-11-25")
    cli("remind 'Bouw BV' 'Send the spare parts price list' --due 2026-11-26")
    cli("account add 'Klein Installatietechniek Noord-Holland BV' --owner Eva")
    cli("contact add 'Klein Installatietechniek Noord-Holland BV' 'Anna-Maria van der Berg-Smit'")
    cli("order won 'Klein Installatietechniek Noord-Holland BV' Pump --ref K-1 --on 2026-11-25")
    return cli


def plain(cli, *args: str, columns: int | None = None) -> list[str]:
    env = {"COLUMNS": str(columns)} if columns else {}
    out = cli(["today", "--on", ON, "--format", "plain", *args], env=env).stdout
    return out.splitlines()


def test_one_line_per_call_with_every_item_folded_in(busy_customer):
    lines = plain(busy_customer)
    assert len(lines) == 2
    bouw = next(line for line in lines if "Bouw BV" in line)
    assert bouw.startswith("2026-11-25, 2 working days late · Bouw BV · Jan de Vries, buyer,")
    assert "problem [hurdle:1]: Spindle two weeks late (P-1, since 2026-11-25)" in bouw
    assert " · +2: promise [manual:1], agreement moment [agreement:P-1] · risk " in bouw
    assert lines.index(bouw) == 0  # calls in the order of their most urgent item


def test_json_and_csv_stay_one_record_per_item(busy_customer):
    out = busy_customer(["today", "--on", ON, "--format", "json"]).stdout
    items = json.loads(out)
    assert [i["key"] for i in items] == ["hurdle:1", "manual:1", "confirm:K-1", "agreement:P-1"]
    assert all(i["handed_to"] is None for i in items)
    csv = busy_customer(["today", "--on", ON, "--format", "csv"]).stdout.splitlines()
    assert len(csv) == 1 + 4 and "handed_to" in csv[0]


def test_words_not_codes_in_the_human_formats(cli):
    cli("account add Meijer --owner Eva")
    cli("order won Meijer Forklifts --ref M-1 --on 2026-10-01")
    cli("log Meijer call --on 2026-10-02")
    cli("order delivered M-1 --on 2026-11-20")
    lines = plain(cli)
    assert lines == [
        "2026-11-24, 3 working days late · Meijer · no contact person on file · after delivery "
        "[post_delivery:M-1]: Delivered Forklifts on 2026-11-20: check that it landed well, "
        "and ask about their next need. · risk 42"
    ]
    assert "(+3wd)" not in lines[0] and " post_delivery " not in lines[0]


def test_sentences_are_true_on_the_day(cli):
    cli("account add Bakker")
    cli("order won Bakker Oven --ref B-1 --on 2026-10-01")
    cli("log Bakker agreement --order B-1 --on 2026-11-10")
    (line,) = plain(cli)
    # on the 27th it has been 17 days, whatever the interval that made the item due
    assert "17 days since the last agreement (2026-11-10)" in line


def test_one_day_is_one_day():
    from datetime import date

    from nasales.domain.playbook import Item
    from nasales.output.sentences import lateness, why

    item = Item(
        "agreement:B-1",
        "agreement",
        "Bakker",
        date(2026, 11, 27),
        order="B-1",
        detail={"title": "Oven", "days": 1, "anchor": date(2026, 11, 26), "agreed": True},
    )
    assert "Oven is in delivery, 1 day since the last agreement (2026-11-26)" in why(item)
    assert lateness(1) == "1 working day late" and lateness(2) == "2 working days late"


def test_a_table_fits_any_width_and_never_splits_a_name(busy_customer):
    names = ["Bouw BV", "Klein Installatietechniek Noord-Holland BV", "Jan de Vries"]
    keys = ["[hurdle:1]", "[manual:1]", "[agreement:P-1]", "[confirm:K-1]"]
    for columns in (80, 120, 200):
        out = busy_customer(
            ["today", "--on", ON, "--format", "table"], env={"COLUMNS": str(columns)}
        ).stdout
        lines = out.splitlines()
        assert max(len(line) for line in lines) <= columns, (columns, out)
        for name in names:
            assert any(name in line for line in lines), (columns, name, out)
        for key in keys:
            assert key in out or key.strip("[]") in out, (columns, key, out)
        assert "Anna-Maria van der Berg-Smit" in out


def test_narrow_terminals_get_two_lines_per_call_then_why(busy_customer):
    out = busy_customer(
        ["today", "--on", ON, "--format", "table"], env={"COLUMNS": "80"}
    ).stdout.splitlines()
    start = out.index(next(line for line in out if line.startswith("Bouw BV — Jan de Vries")))
    assert out[start + 1].startswith("    2026-11-25, 2 working days late · problem [hurdle:1]")
    assert "risk " in out[start + 1] or "risk " in out[start + 2]


@pytest.mark.parametrize("columns", [40, 80, 120])
@pytest.mark.parametrize("command", ["today", "agenda", "today --format plain"])
def test_plain_output_is_one_line_per_call_whatever_the_width(busy_customer, command, columns):
    """Piped, in cron mail or to a file, a line is a call, even when COLUMNS is set."""
    unwrapped = plain(busy_customer)
    assert max(len(line) for line in unwrapped) > 120  # long enough to be wrapped
    args = [*command.split(), "--on", ON]
    env = {"COLUMNS": str(columns)}
    out = busy_customer(args, env=env).stdout.splitlines()
    assert not any(line.startswith(" ") for line in out)  # no continuation lines
    if command.startswith("today"):
        assert out == unwrapped
    else:
        assert out == busy_customer(args).stdout.splitlines()


def test_many_items_of_one_customer_are_counted_not_listed(cli):
    cli("account add Groot --owner Eva")
    for n in range(10):
        cli(f"order won Groot 'Machine {n}' --ref G-{n} --on 2026-11-02")
    (line,) = plain(cli)
    assert "+19: confirm the choice ×9, agreement moment ×10:" in line
    assert "and 13 more (all keys: --format json)" in line
    assert len(json.loads(cli(["today", "--on", ON, "--format", "json"]).stdout)) == 20


def test_the_crm_sample_is_one_line_per_customer(cli, tmp_path):
    maps = [
        "opportunity_id=ref",
        "close_date=signed_on",
        "close_value=value",
        "deal_stage=status",
        "product=title",
        "sales_agent=owner",
    ]
    args = ["import", "orders", str(CRM), "--skip-invalid"]
    for pair in maps:
        args += ["--map", pair]
    cli(args)
    lines = cli(["today", "--on", "2017-12-29", "--owner", "Darcel Schlecht"]).stdout
    customers = [line.split(" · ")[1] for line in lines.splitlines()]
    assert len(customers) == len(set(customers)) == 8
