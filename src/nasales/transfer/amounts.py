"""How an import file writes its amounts (PRODUCT.md §7): with a decimal comma or a decimal
point, told by the file itself, never by guessing per cell.

An amount that ends in a mark and one or two digits (`185.000,00`, `12.50`), or four or more
(`1,2345`), shows its decimal mark; so do two kinds of mark (the last is the decimal one) and
one mark used twice (`1.234.567`: that one groups, the other is the decimal mark). An amount
of one mark and three digits (`185.000`, `1,234`) shows nothing: it is ambiguous. A file whose
amounts show both marks is refused, naming the lines; one whose amounts show none but some
are ambiguous is read as the language in force writes amounts, and the summary says so.
`import --decimal` decides instead. Only such a file is held in memory to be read twice: the
kinds with amounts (accounts, orders) are few enough rows.
"""

from dataclasses import replace

from nasales.domain.values import COMMA, POINT, ambiguous, bare, decimal_mark, parse
from nasales.errors import Invalid
from nasales.i18n import _, language, money
from nasales.output.csvsafe import unguard
from nasales.transfer.cells import AMOUNT
from nasales.transfer.kinds import Kind
from nasales.transfer.reading import NUL_ROW, Table

AMBIGUOUS = "?"
SHOWN = 3  # lines named per mark when a file has both


def shown_mark(text: str) -> str | None:
    """The decimal mark an amount shows (`,` or `.`), AMBIGUOUS, or None (no mark at all,
    or not a number: reading it will say so)."""
    number = bare(unguard(text) if text.startswith("'") else text).lstrip("+-")
    commas, points = number.count(COMMA), number.count(POINT)
    if not commas and not points:
        return None
    if commas and points:
        return COMMA if number.rfind(COMMA) > number.rfind(POINT) else POINT
    mark = COMMA if commas else POINT
    if commas + points > 1:
        return POINT if mark == COMMA else COMMA  # `1.234.567`: the dots group
    if ambiguous(number):
        return AMBIGUOUS
    return mark


def decide(table: Table, kind: Kind, decimal: str | None) -> tuple[Table, str | None]:
    """`table` with its decimal mark decided (its rows unread, or held in memory to read
    again), and what the summary says about it (None: nothing to say)."""
    columns = [i for name, i in table.columns.items() if kind.field(name).reader is AMOUNT]
    if decimal is not None or not columns:
        return replace(table, decimal=decimal or decimal_mark(language())), None
    rows = list(table.rows)
    lines: dict[str | None, list[tuple[int, str]]] = {COMMA: [], POINT: [], AMBIGUOUS: []}
    for line, cells in rows:
        if cells is NUL_ROW:
            continue
        for i in columns:
            if i < len(cells) and (mark := shown_mark(cells[i])) is not None:
                lines[mark].append((line, cells[i].strip()))
    held = replace(table, rows=iter(rows))
    if lines[COMMA] and lines[POINT]:
        raise Invalid(
            _(
                "this file writes amounts with a decimal comma ({comma}) and with a decimal "
                "point ({point}); correct the file, or choose with --decimal , or --decimal ."
            ).format(comma=_where(lines[COMMA]), point=_where(lines[POINT]))
        )
    for mark in (COMMA, POINT):
        if lines[mark]:
            return replace(held, decimal=mark), None
    mark = decimal_mark(language())
    if not lines[AMBIGUOUS]:
        return replace(held, decimal=mark), None
    line, example = lines[AMBIGUOUS][0]
    value = parse(bare(example), mark)
    note = (
        _(
            "amounts read with a decimal comma, as in Dutch: line {line}: {example} is "
            "{value}; if not, import again with --decimal ."
        )
        if mark == COMMA
        else _(
            "amounts read with a decimal point, as in English: line {line}: {example} is "
            "{value}; if not, import again with --decimal ,"
        )
    )
    shown = money(float(value)) if value is not None else example
    return replace(held, decimal=mark), note.format(example=example, value=shown, line=line)


def _where(found: list[tuple[int, str]]) -> str:
    shown = ", ".join(
        _("line {n}: {value}").format(n=line, value=value) for line, value in found[:SHOWN]
    )
    more = len(found) - SHOWN
    return shown + (" " + _("and {n} more").format(n=more) if more > 0 else "")
