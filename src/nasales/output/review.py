"""`nasales review`: how after-sales went — JSON with the names of PRODUCT.md §8, plain lines
for a mail (no colour, no box drawing), on a terminal a table and Rich bar charts per week
and per doubt-risk band, or one HTML page for the sales meeting (`output/review_page.py`).
Every human format opens with whose review it is and the period in words."""

from datetime import date, timedelta
from typing import Any

from nasales.domain.review import Period, Review
from nasales.domain.tally import BANDS, Rise, RiskSummary, Tally, band_name
from nasales.i18n import N_, _, date_text, long_date, ngettext
from nasales.output import (
    Format,
    Renderers,
    console_out,
    one_line,
    render,
    say,
    stdout,
    too_narrow,
    write_json,
)
from nasales.output.sentences import label

# The outcomes, as the salesperson says them.
WORDS = {
    "due": N_("due"),
    "raised": N_("raised"),
    "on_time": N_("on time"),
    "late": N_("late"),
    "silent": N_("silent"),
    "open": N_("open"),
    "sent": N_("sent"),
    "agreed": N_("agreed"),
    "declined": N_("declined"),
    "noted": N_("noted"),
    "won": N_("won"),
    "dropped": N_("dropped"),
}
CALLS = ("due", "on_time", "late", "open")
PROBLEMS = ("raised", "on_time", "silent", "late", "open")
PROPOSALS = ("sent", "agreed", "declined", "open")
OPPORTUNITIES = ("noted", "won", "dropped")
# one glyph and colour per outcome, so that a bar reads without colour too
GLYPHS = {
    "on_time": ("█", "green"),
    "agreed": ("█", "green"),
    "won": ("█", "green"),
    "late": ("▓", "yellow"),
    "declined": ("▒", "magenta"),
    "dropped": ("▒", "magenta"),
    "silent": ("▒", "magenta"),
    "open": ("░", "red"),
}
BAND_STYLES = ("green", "yellow", "dark_orange", "red")


# -- JSON --------------------------------------------------------------------------------

BARS_WIDTH = 120  # the widest a chart is drawn


def _numbers(counts: Any, names: tuple[str, ...]) -> dict[str, int]:
    return {name: getattr(counts, name) for name in names}


def tally_json(t: Tally) -> dict[str, Any]:
    return {
        "start": t.start.isoformat(),
        "end": t.end.isoformat(),
        "confirm": _numbers(t.confirm, CALLS),
        "hurdle": _numbers(t.hurdle, PROBLEMS),
        "post_delivery": _numbers(t.post_delivery, CALLS),
        "lost_followup": {
            **_numbers(t.lost_total(), CALLS),
            "stages": [
                {"stage": n, **_numbers(calls, CALLS)}
                for n, calls in sorted(t.lost_followup.items())
            ],
        },
        "proposals": _numbers(t.proposals, PROPOSALS),
        "opportunities": _numbers(t.opportunities, OPPORTUNITIES),
    }


def as_json(review: Review) -> dict[str, Any]:
    total = tally_json(review.total)
    head = {
        "start": total.pop("start"),
        "end": total.pop("end"),
        "owner": review.owner,
        "for": review.person,
    }
    risk = {
        "bands": dict(review.risk.bands),
        "rising": [
            {"account": r.account, "from": r.before, "to": r.after} for r in review.risk.rising
        ],
    }
    return {**head, **total, "risk": risk, "weeks": [tally_json(w) for w in review.weeks]}


# -- words ---------------------------------------------------------------------------------


def whose(review: Review) -> str:
    """Whose review it is: the whole team, one account manager's accounts, or one person's."""
    if review.person is not None:
        return _("After-sales review for {person}").format(person=review.person)
    if review.owner is not None:
        return _("After-sales review, accounts of {owner}").format(owner=review.owner)
    return _("After-sales review, whole team")


def _thursday(day: date) -> date:
    """The Thursday of the 7 days from `day` on: its ISO week holds most of them."""
    return day + timedelta(days=(3 - day.weekday()) % 7)


def period_words(period: Period) -> str:
    """ "weeks 45–48, 2 November – 29 November 2026": the calendar weeks (ISO 8601) and the
    days; weeks of two years name their years, "weeks 25 (2025) – 24 (2026)". A period of N
    weeks names N calendar weeks, each 7-day slice by the one that holds most of it (the one
    of its Thursday): 10 November – 7 December 2026 is weeks 46–49, not 46–50."""
    (year, first, _day), (last_year, last, _day) = (
        _thursday(period.start).isocalendar(),
        _thursday(period.end - timedelta(days=6)).isocalendar(),
    )
    if year != last_year:
        weeks = f"{first} ({year}) – {last} ({last_year})"
    else:
        weeks = str(first) if first == last else f"{first}–{last}"
    text = ngettext("week {weeks}", "weeks {weeks}", 1 if weeks == str(first) else 2)
    start = long_date(period.start, year=period.start.year != period.end.year)
    return f"{text.format(weeks=weeks)}, {start} – {long_date(period.end)}"


def heading(review: Review) -> str:
    return f"{whose(review)}: {period_words(review.period)}"


def counted(counts: Any, names: tuple[str, ...]) -> str:
    """ "5 due, 3 on time, 1 late, 1 open"."""
    return ", ".join(f"{getattr(counts, n)} {_(WORDS[n])}" for n in names)


def _all_calls(t: Tally) -> str:
    calls = t.all_calls()
    return ", ".join(
        f"{calls[n]} {_(WORDS[n])}" for n in ("due", "on_time", "late", "silent", "open")
    )


def bands_text(risk: RiskSummary) -> str:
    return ", ".join(f"{name}: {n}" for name, n in risk.bands.items())


def rising_text(risk: RiskSummary, since: Any) -> str:
    if not risk.rising:
        return _("no account's doubt risk rose since {day}").format(day=date_text(since))
    rises = "; ".join(f"{one_line(r.account)} {_from(r)} → {r.after}" for r in risk.rising)
    return _("doubt risk rose most since {day}: {accounts}").format(
        day=date_text(since), accounts=rises
    )


def _from(rise: Rise) -> str:
    return "–" if rise.before is None else str(rise.before)


def _stages(t: Tally) -> str:
    return "; ".join(
        _("stage {n}: {counts}").format(n=n, counts=counted(calls, CALLS))
        for n, calls in sorted(t.lost_followup.items())
    )


def plain_lines(review: Review) -> list[str]:
    t, risk, eve = review.total, review.risk, review.period.eve
    out = [
        heading(review),
        f"{label('confirm')}: {counted(t.confirm, CALLS)}",
        f"{label('hurdle')}: {counted(t.hurdle, PROBLEMS)}",
        f"{label('post_delivery')}: {counted(t.post_delivery, CALLS)}",
        f"{label('lost_followup')}: {counted(t.lost_total(), CALLS)} ({_stages(t)})",
        _("proposals: {counts}").format(counts=counted(t.proposals, PROPOSALS)),
        _("opportunities: {counts}").format(counts=counted(t.opportunities, OPPORTUNITIES)),
        _("doubt risk on {day} (accounts with a won order): {bands}").format(
            day=date_text(t.end), bands=bands_text(risk)
        ),
        rising_text(risk, eve),
    ]
    for week in review.weeks:
        out += [
            "",
            _("Week {start} to {end}").format(start=date_text(week.start), end=date_text(week.end)),
            "  " + _("follow-up calls: {counts}").format(counts=_all_calls(week)),
            "  " + _("proposals: {counts}").format(counts=counted(week.proposals, PROPOSALS)),
            "  "
            + _("opportunities: {counts}").format(
                counts=counted(week.opportunities, OPPORTUNITIES)
            ),
        ]
    return out


def print_review(review: Review, fmt: Format | None) -> None:
    render(RENDERERS, fmt, review)


def _json(review: Review) -> None:
    write_json(as_json(review))


def _plain(review: Review) -> None:
    say(*plain_lines(review))


def _html(review: Review) -> None:
    from nasales.output.review_page import page

    stdout().write(page(review))


# -- a terminal: a table and bar charts ----------------------------------------------------


def print_table(review: Review) -> None:
    from rich.text import Text

    if too_narrow():  # bars and a table would split the labels: the plain page instead
        say(*plain_lines(review))
        return
    console = console_out()
    t, risk = review.total, review.risk
    console.print(Text(one_line(heading(review)), style="bold"))
    console.print(_outcomes_table(t))
    for title, names, of in (
        (_("proposals"), PROPOSALS, t.proposals),
        (_("opportunities"), OPPORTUNITIES, t.opportunities),
    ):
        console.print(Text(f"{title}: ", style="bold") + Text(counted(of, names)))
    width = min(console.width, BARS_WIDTH)  # COLUMNS=100000 draws no 100 000-character bars
    weeks = review.weeks
    labels = [f"{date_text(w.start)} – {date_text(w.end)}" for w in weeks]
    charts = (
        (_("Follow-up calls per week"), ("on_time", "late", "silent", "open"), Tally.all_calls),
        (_("Proposals per week"), ("agreed", "declined", "open"), proposal_counts),
        (_("Opportunities per week"), ("won", "dropped", "open"), opportunity_counts),
    )
    for title, parts, counts in charts:
        console.print()
        console.print(Text(title, style="bold") + Text("   ") + _legend(parts))
        rows = [
            (text, [(p, counted[p]) for p in parts])
            for text, counted in zip(labels, map(counts, weeks), strict=True)
        ]
        for line in _bars(rows, width):
            console.print(line, no_wrap=True, overflow="ellipsis", crop=True)
    console.print()
    console.print(
        Text(
            _("Doubt risk on {day}, accounts with a won order").format(day=date_text(t.end)),
            style="bold",
        )
    )
    bands = [
        (band_name(b), [(style, risk.bands[band_name(b)])])
        for b, style in zip(BANDS, BAND_STYLES, strict=True)
    ]
    for line in _bars(bands, width, styled=True):
        console.print(line, no_wrap=True, overflow="ellipsis", crop=True)
    eve = review.period.eve
    if not risk.rising:
        console.print(Text(rising_text(risk, eve)))
        return
    console.print()
    title = _("Doubt risk rose most since {day}").format(day=date_text(eve))
    console.print(Text(title, style="bold"))
    widest = max(len(one_line(r.account)) for r in risk.rising)
    for r in risk.rising:
        line = Text(one_line(r.account).ljust(widest) + "  ")
        line.append(f"{_from(r)} → {r.after}", style="red")
        console.print(line, no_wrap=True, overflow="ellipsis", crop=True)


def proposal_counts(t: Tally) -> dict[str, int]:
    return _numbers(t.proposals, ("agreed", "declined", "open"))


def opportunity_counts(t: Tally) -> dict[str, int]:
    o = t.opportunities
    return {"won": o.won, "dropped": o.dropped, "open": o.noted - o.won - o.dropped}


def _legend(parts: tuple[str, ...]) -> Any:
    from rich.text import Text

    legend = Text()
    for n, part in enumerate(parts):
        glyph, style = GLYPHS[part]
        legend.append(("  " if n else "") + glyph, style=style)
        legend.append(f" {_(WORDS[part])}")
    return legend


def _bars(
    rows: list[tuple[str, list[tuple[str, int]]]], width: int, styled: bool = False
) -> list[Any]:
    """One line per row: its label, a bar with a segment per part (at least one character
    for any part that is not zero), and the total. `styled`: the parts are colours."""
    from rich.text import Text

    totals = [sum(n for _part, n in parts) for _label, parts in rows]
    label_width = max((len(text) for text, _parts in rows), default=0)
    number_width = len(str(max(totals, default=0)))
    room = max(10, width - label_width - number_width - 3 - 4)  # 4: the segments' minimum
    scale = room / max(max(totals, default=0), 1)
    lines = []
    for (text, parts), total in zip(rows, totals, strict=True):
        line = Text(text.ljust(label_width) + " ")
        for part, n in parts:
            if n:
                glyph, style = ("█", part) if styled else GLYPHS[part]
                line.append(glyph * max(1, round(n * scale)), style=style)
        line.append(f" {total}")
        lines.append(line)
    return lines


def _outcomes_table(t: Tally) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("")
    for name in TABLE_COLUMNS:
        table.add_column(_(WORDS[name]), justify="right")
    for _key, text, counts in outcome_rows(t):
        table.add_row(text, *(str(counts[n]) if n in counts else "" for n in TABLE_COLUMNS))
    return table


# The follow-up calls in one table: a call is counted when it fell due, a problem when it
# was raised (its own column, so that it never reads as "due"), silence only for problems.
TABLE_COLUMNS = ("due", "raised", "on_time", "late", "silent", "open")


def outcome_rows(t: Tally) -> list[tuple[str, str, dict[str, int]]]:
    """The rows of the follow-up table: where each is in the JSON, its label, and its counts
    by column."""
    rows = [
        ("confirm", label("confirm"), _numbers(t.confirm, CALLS)),
        ("hurdle", label("hurdle"), _numbers(t.hurdle, PROBLEMS)),
        ("post_delivery", label("post_delivery"), _numbers(t.post_delivery, CALLS)),
        ("lost_followup", label("lost_followup"), _numbers(t.lost_total(), CALLS)),
    ]
    if len(t.lost_followup) > 1:
        rows += [
            (
                f"lost_followup.stages.{n - 1}",
                "  " + _("stage {n}").format(n=n),
                _numbers(calls, CALLS),
            )
            for n, calls in sorted(t.lost_followup.items())
        ]
    return rows


RENDERERS: Renderers[Review] = {
    Format.table: print_table,
    Format.plain: _plain,
    Format.json: _json,
    Format.html: _html,
}
