"""How an import file writes its amounts (PRODUCT.md §7): with a decimal comma or a decimal
point, told by the file itself, never by guessing per cell.

An amount that ends in a mark and one or two digits (`185.000,00`, `12.50`), or four or more
(`1,2345`), shows its decimal mark; so do two kinds of mark (the last is the decimal one) and
one mark used twice (`1.234.567`: that one groups, the other is the decimal mark). An amount
of one mark and three digits (`185.000`, `1,234`) shows nothing: it is ambiguous. A file whose
amounts show both marks is refused, naming the lines. In a file that shows its mark, an
ambiguous amount with that mark (`185.000` beside `12.5`: 185 with three decimals, or
185 000?) is refused too; one with the other mark groups thousands (`1,234` is 1234), and
when the language in force reads it otherwise the summary names it. A file whose amounts
show none but some are ambiguous is read as the language in force writes amounts, and the
summary says so, unless they use both marks (`185,000` and `1.250`: one of them is a
thousand times off either way), which is refused. `import --decimal` decides instead.
Only such a file is held in memory to be read twice: the kinds with amounts (accounts,
orders) are few enough rows.
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
    unsure = _by_mark(lines[AMBIGUOUS])
    if unsure[COMMA] and unsure[POINT]:  # `185,000` and `1.250`: read either way, one is off
        raise Invalid(
            _(
                "this file writes ambiguous amounts with a comma ({comma}) and with a point "
                "({point}): whichever mark is the decimal one, some are a thousand times off; "
                "correct the file, or choose with --decimal , or --decimal ."
            ).format(comma=_where(unsure[COMMA]), point=_where(unsure[POINT]))
        )
    for mark in (COMMA, POINT):
        if lines[mark]:
            return replace(held, decimal=mark), _shown(mark, lines[mark][0], unsure)
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


def _by_mark(found: list[tuple[int, str]]) -> dict[str, list[tuple[int, str]]]:
    """Ambiguous amounts by their one mark: `185.000` by the point, `1,234` by the comma."""
    marks: dict[str, list[tuple[int, str]]] = {COMMA: [], POINT: []}
    for line, text in found:
        marks[COMMA if COMMA in text else POINT].append((line, text))
    return marks


def _shown(
    mark: str, first: tuple[int, str], unsure: dict[str, list[tuple[int, str]]]
) -> str | None:
    """A file that shows its decimal mark (`12.5` on line 3): an ambiguous amount with that
    mark (`185.000`) would have three decimals, a thousandth of what was likely meant, so it
    is refused; one with the other mark (`1,234`) groups thousands, and where the language in
    force reads it otherwise the summary names it."""
    line, example = first
    if unsure[mark]:
        amount, text = unsure[mark][0][1], bare(unguard(unsure[mark][0][1]))
        small, thousands = parse(text, mark), parse(text, COMMA if mark == POINT else POINT)
        template = (
            _(
                "this file writes amounts with a decimal comma (line {line}: {example}), but "
                "three digits follow it in {where}: is {amount} {small} or {thousands}? "
                "correct the file, or read them as decimals with --decimal ,"
            )
            if mark == COMMA
            else _(
                "this file writes amounts with a decimal point (line {line}: {example}), but "
                "three digits follow it in {where}: is {amount} {small} or {thousands}? "
                "correct the file, or read them as decimals with --decimal ."
            )
        )
        raise Invalid(
            template.format(
                line=line,
                example=example,
                where=_where(unsure[mark]),
                amount=amount,
                small=money(float(small or 0)),
                thousands=money(float(thousands or 0)),
            )
        )
    other = unsure[COMMA if mark == POINT else POINT]
    if not other or mark == decimal_mark(language()):
        return None
    template = (
        _("amounts read with a decimal comma (as {example} on line {line}): {read}")
        if mark == COMMA
        else _("amounts read with a decimal point (as {example} on line {line}): {read}")
    )
    read = [
        _("{amount} on line {n} is {value}").format(
            amount=text, n=n, value=money(float(parse(bare(unguard(text)), mark) or 0))
        )
        for n, text in other[:SHOWN]
    ]
    more = len(other) - SHOWN
    return template.format(
        example=example,
        line=line,
        read=", ".join(read) + (" " + _("and {n} more").format(n=more) if more > 0 else ""),
    )


def _where(found: list[tuple[int, str]]) -> str:
    shown = ", ".join(
        _("line {n}: {value}").format(n=line, value=value) for line, value in found[:SHOWN]
    )
    more = len(found) - SHOWN
    return shown + (" " + _("and {n} more").format(n=more) if more > 0 else "")
