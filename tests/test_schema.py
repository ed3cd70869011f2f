"""One declaration of each table (issue 20 item 2): `store/models.py`. The migrations are held
to it by tests/test_migrate.py; here the others: the store's row types (their SELECT lists
are their fields, `store.db.select`) and the fields of import and export (`transfer/kinds.py`),
where every column is carried or named, with its reason, in `NOT_EXPORTED`. A new column
fails here until it is given a place."""

from dataclasses import fields

import pytest
from sqlmodel import SQLModel

import nasales.store.models  # noqa: F401  (registers the tables)
from nasales.store import customers, orders
from nasales.store.db import ROWS, select
from nasales.transfer.kinds import KINDS, NOT_EXPORTED

TABLES = SQLModel.metadata.tables

# Columns of a table that its row type leaves out, each with why.
NOT_IN_ROW = {
    "account": {"name_key"},  # the casefolded name: how a name is looked up, never shown
}


def columns(table: str) -> list[str]:
    return [c.name for c in TABLES[table].columns]


def test_every_row_type_is_its_tables_columns_in_the_models() -> None:
    assert set(ROWS.values()) >= {"account", "contact", "orders", "hurdle", "proposal"}
    for row, table in ROWS.items():
        names = [f.name for f in fields(row)]
        assert set(names) <= set(columns(table)), (row.__name__, table)
        missing = set(columns(table)) - set(names)
        assert missing == NOT_IN_ROW.get(table, set()), (row.__name__, table)


def test_a_row_types_select_list_is_its_fields() -> None:
    assert customers.ACCOUNT == ("SELECT id, name, owner, tier, clv, notes, domains FROM account")
    assert orders.HURDLE.startswith("SELECT id, order_id, description, raised_on, resolved_on")
    assert select(orders.Proposal, "proposal") == orders.PROPOSAL


@pytest.mark.parametrize("kind", list(KINDS.values()), ids=list(KINDS))
def test_every_field_of_a_kind_is_a_column_of_its_table(kind) -> None:
    assert set(kind.columns) <= set(columns(kind.table)), kind.name


@pytest.mark.parametrize("table", list(TABLES))
def test_every_column_is_exported_or_said_why_not(table) -> None:
    """Export it (a field of its kind in transfer/kinds.py), or name it in NOT_EXPORTED."""
    carried = {c for kind in KINDS.values() if kind.table == table for c in kind.columns}
    left_out = NOT_EXPORTED.get(table, {})
    if "*" in left_out:
        assert not carried, table
        return
    assert set(columns(table)) == carried | set(left_out), table
    assert not carried & set(left_out), table


def test_every_reason_names_a_column_there_is() -> None:
    for table, reasons in NOT_EXPORTED.items():
        assert table in TABLES, table
        assert set(reasons) - {"*"} <= set(columns(table)), table
