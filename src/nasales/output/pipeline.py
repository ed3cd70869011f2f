"""`nasales pipeline`: the open opportunities — next needs noted in after-sales — oldest
first, one line or row each; JSON and CSV one record each, with its `id`."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from nasales.domain.review import Need
from nasales.domain.vocabulary import shown_key
from nasales.i18n import _, date_text, ngettext
from nasales.output import (
    SEP,
    Format,
    Renderers,
    console_out,
    one_line,
    render,
    say,
    too_narrow,
    write_csv,
    write_json,
)
from nasales.output.sentences import days

COLUMNS = ("id", "account", "owner", "text", "noted_on", "source", "age_days")


def record(need: Need, today: date) -> dict[str, Any]:
    return {
        "id": need.id,
        "account": need.account,
        "owner": need.owner,
        "text": need.text,
        "noted_on": need.noted_on.isoformat(),
        "source": need.source,
        "age_days": need.age(today),
    }


def heading(needs: list[Need], today: date) -> str:
    if not needs:
        return _("Pipeline on {day}: no open opportunities.").format(day=date_text(today))
    return ngettext(
        "Pipeline on {day}: {n} open opportunity",
        "Pipeline on {day}: {n} open opportunities",
        len(needs),
    ).format(day=date_text(today), n=len(needs))


def line(need: Need, today: date) -> str:
    """ "#3 · De Vries Kunststoffen · A second robot … · noted 2026-10-13, 45 days ago, from
    relationship:De Vries Kunststoffen": the fields of a plain line apart, as in the call list."""
    noted = _("noted {day}, {age} ago").format(
        day=date_text(need.noted_on), age=days(need.age(today))
    )
    source = _("from {key}").format(key=shown_key(need.source)) if need.source else ""
    parts = [f"#{need.id}", need.account, need.text, noted + (", " if source else "") + source]
    return one_line(SEP.join(parts))


@dataclass(frozen=True)
class Pipeline:
    """The open needs on a day."""

    needs: list[Need]
    today: date


def print_pipeline(needs: list[Need], today: date, fmt: Format | None) -> None:
    render(RENDERERS, fmt, Pipeline(needs, today))


def _json(p: Pipeline) -> None:
    write_json([record(n, p.today) for n in p.needs])


def _csv(p: Pipeline) -> None:
    write_csv(COLUMNS, (record(n, p.today) for n in p.needs))


def _plain(p: Pipeline) -> None:
    say(heading(p.needs, p.today), *(line(n, p.today) for n in p.needs))


def print_table(p: Pipeline) -> None:
    if too_narrow():  # a table would split names: whole lines
        _plain(p)
        return
    needs, today = p.needs, p.today
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = console_out()
    console.print(Text(heading(needs, today), style="bold"))
    if not needs:
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)  # as wide as its content
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(_("customer"), ratio=2, overflow="fold")
    table.add_column(_("need"), ratio=3, overflow="fold")
    table.add_column(_("noted"), no_wrap=True)
    table.add_column(_("open for"), justify="right", no_wrap=True)
    for need in needs:
        what = Text(one_line(need.text))
        if need.source:
            what.append(
                "\n" + _("from {key}").format(key=one_line(shown_key(need.source))), style="dim"
            )
        table.add_row(
            str(need.id),
            Text(one_line(need.account), style="bold"),
            what,
            date_text(need.noted_on),
            days(need.age(today)),
        )
    console.print(table)


RENDERERS: Renderers[Pipeline] = {
    Format.table: print_table,
    Format.plain: _plain,
    Format.json: _json,
    Format.csv: _csv,
}
