"""An empty cell in a re-imported file keeps what is stored (review of round 3): a CRM
export re-imported every week never wipes what the salesperson typed since. Yes/no flags
are the exception the docs name: there an empty cell is no."""

import json

from nasales.store.db import transaction
from nasales.transfer.importer import import_csv
from nasales.transfer.kinds import KINDS


def _write(folder, name: str, text: str):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _export(cli, kind: str) -> list[dict]:
    return json.loads(cli(f"export {kind} --format json").stdout)


def test_an_empty_cell_keeps_what_the_salesperson_typed(cli, isolated, tmp_path):
    cli("account add Acme --owner Eva --tier A --clv 50000 --notes 'key account'")
    cli("order won Acme Press --ref W1 --value 40000 --on 2026-11-02")
    cli("order delivered W1 --on 2026-11-20")
    cli("contact add Acme Jan --role buyer --phone '+31 6 1234 5678' --primary")
    orders = _write(
        tmp_path,
        "o.csv",
        "ref,account,status,signed_on,delivered_on,value\nW1,Acme,won,02-11-2026,,\n",
    )
    result = cli(f"import orders {orders}")
    assert "0 new, 0 updated, 1 unchanged" in result.stdout
    [order] = _export(cli, "orders")
    assert (order["delivered_on"], order["value"], order["title"]) == ("2026-11-20", 40000, "Press")
    accounts = _write(tmp_path, "a.csv", "name,owner,tier,clv,notes\nAcme,Eva,,,\n")
    assert "0 new, 0 updated, 1 unchanged" in cli(f"import accounts {accounts}").stdout
    [account] = _export(cli, "accounts")
    assert (account["tier"], account["clv"], account["notes"]) == ("A", 50000, "key account")
    # a cell with a value still updates; an empty yes/no cell is no, as documented
    contacts = _write(tmp_path, "c.csv", "account,name,role,phone,primary\nAcme,Jan,,06 1,\n")
    assert "0 new, 1 updated, 0 unchanged" in cli(f"import contacts {contacts}").stdout
    [jan] = _export(cli, "contacts")
    assert (jan["role"], jan["phone"], jan["primary"]) == ("buyer", "06 1", False)


def test_reimporting_keeps_every_field_at_the_store(cli, isolated, tmp_path):
    cli("account add Acme --owner Eva --clv 50000 --notes 'key account'")
    cli("order won Acme Press --ref W1 --on 2026-11-02")
    cli("order delivered W1 --on 2026-11-20")
    cli("hurdle add W1 'Late part' --on 2026-11-03")
    cli("hurdle resolve 1 --on 2026-11-05")
    files = {
        "accounts": "name,owner,tier,clv,notes,domain\nAcme,,,,,\n",
        "orders": "ref,account,title,value,status,signed_on,delivered_on,competitor,decision\n"
        "W1,Acme,,,won,2026-11-02,,,\n",
        "hurdles": "order,description,raised_on,resolved_on\nW1,Late part,2026-11-03,\n",
    }
    before = {kind: _export(cli, kind) for kind in files}
    db = str(isolated)
    for kind, text in files.items():
        with transaction(db, write=True) as conn:
            summary = import_csv(conn, kind, _write(tmp_path, f"{kind}.csv", text), {})
        assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 1), kind
    assert {kind: _export(cli, kind) for kind in files} == before


def test_which_fields_an_empty_cell_leaves_alone():
    assert KINDS["orders"].kept_when_empty == [
        ("title", "title"),
        ("value", "value"),
        ("delivered_on", "delivered_on"),
        ("competitor", "competitor"),
        ("decision", "decision"),
    ]
    kept = [name for name, _column in KINDS["contacts"].kept_when_empty]
    assert kept == ["role", "phone", "email"]  # not the key, not the yes/no flags
