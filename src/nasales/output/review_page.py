"""`nasales review --format html`: the review as one page for the weekly sales meeting
(PRODUCT.md §8), on a screen or on A4.

Self-contained: inline CSS and SVG, no script, no web font, nothing fetched (no `http`, no
`url(`). The numbers are those of the JSON (`as_json`); each one on the page carries its
place in the JSON (`data-n`), so a test can hold the two together. In the language in force;
every text the user typed (account and person names) is escaped.
"""

import os
from collections.abc import Callable
from html import escape
from pathlib import Path

from nasales.domain.review import Review
from nasales.domain.tally import BANDS, Tally, band_name
from nasales.errors import NasalesError
from nasales.i18n import _, language, long_date, short_date
from nasales.output import one_line
from nasales.output.review import (
    CALLS,
    OPPORTUNITIES,
    PROBLEMS,
    PROPOSALS,
    TABLE_COLUMNS,
    WORDS,
    opportunity_counts,
    outcome_rows,
    period_words,
    whose,
)
from nasales.output.review_style import STYLE
from nasales.output.sentences import label as reason_label
from nasales.output.svg import Bar, Part, Row, Step, horizontal_bars, risers, stacked_bars, swatch

THIN = "\u2009"  # a thin space: "5 = 3 + 1 + 1" in a narrow cell
# Marks a file as a review page, so that `--out` may write over it (and over nothing else).
MARK = '<meta name="generator" content="nasales review">'
BAND_FILLS = ("#cfe6d5", "#f6df9a", "#f3a76a", "#d64a3b")


def page(review: Review) -> str:
    """The whole page, as text."""
    title = f"{whose(review)}: {period_words(review.period)}"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{language()}">',
        '<head><meta charset="utf-8">',
        MARK,
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{STYLE}</style></head>",
        "<body><main>",
        _header(review),
        _follow_ups(review),
        _proposals_and_needs(review),
        _risk(review),
        _weeks(review),
        _footer(),
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"


def save(review: Review, path: Path) -> None:
    """Write the page to `path`: a new file, or over an earlier review page, never over any
    other file. Written whole to a file beside it, then renamed: an interrupted run leaves
    the earlier page as it was."""
    refuse_to_overwrite(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("x", encoding="utf-8", newline="\n") as out:
            out.write(page(review))
        os.replace(temporary, path)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    finally:
        temporary.unlink(missing_ok=True)


def cannot_write(path: Path, exc: OSError) -> NasalesError:
    """The page cannot be written there: say where, and why."""
    return NasalesError(
        _("cannot write the review to {path} ({reason})").format(
            path=path, reason=exc.strerror or exc
        )
    )


def refuse_to_overwrite(path: Path) -> None:
    """An error unless `path` is free or holds an earlier review page."""
    try:
        ours = not path.exists() or is_review_page(path)
    except OSError as exc:  # a folder, a file we may not read
        raise cannot_write(path, exc) from None
    if not ours:
        raise NasalesError(
            _("{path} exists and is not a review page: not overwritten").format(path=path)
        )


def is_review_page(path: Path) -> bool:
    """An empty file, or one this module wrote (its mark in the first lines)."""
    with path.open("rb") as f:
        head = f.read(4096)
    return not head or MARK.encode() in head


def label(reason: str) -> str:
    """A reason's label as a heading: `Confirm the choice`."""
    text = reason_label(reason)
    return text[:1].upper() + text[1:]


def _e(text: object) -> str:
    """User text for the page: one line, escaped (a `<script>` in a name prints as text)."""
    return escape(one_line(text))


def _n(key: str, value: int) -> str:
    return f'<span data-n="{key}">{value}</span>'


def _header(review: Review) -> str:
    as_of = _("Outcomes as of {day}.").format(day=long_date(review.period.end))
    return (
        '<header><p class="kicker">nasales</p>'
        f"<h1>{_e(whose(review))}</h1>"
        f'<p class="period">{_e(period_words(review.period))}</p>'
        f'<p class="as-of">{_e(as_of)}</p></header>'
    )


def _legend(outcomes: tuple[str, ...]) -> str:
    items = "".join(f"<span>{swatch(o)}{_e(_(WORDS[o]))}</span>" for o in outcomes)
    return f'<p class="legend">{items}</p>'


Counts = Callable[[Tally], dict[str, int]]


def _of(reason: str) -> Counts:
    """The counts of one of the tally's parts (`confirm`, `hurdle`, …), by name."""

    def of(t: Tally) -> dict[str, int]:
        found = t.lost_total() if reason == "lost_followup" else getattr(t, reason)
        return {n: getattr(found, n) for n in (*CALLS, *PROBLEMS, *PROPOSALS, *OPPORTUNITIES)
                if hasattr(found, n)}  # fmt: skip

    return of


def _needs(t: Tally) -> dict[str, int]:
    return _of("opportunities")(t) | opportunity_counts(t)  # + "open"


# What the page shows of each part of a week and of the period: where it is in the JSON,
# its counts with the whole first (a chart stacks the others), and how to take them.
Group = tuple[str, tuple[str, ...], Counts]
CALL_GROUPS: tuple[Group, ...] = (
    ("confirm", ("due", "on_time", "late", "open"), _of("confirm")),
    ("hurdle", ("raised", "on_time", "silent", "late", "open"), _of("hurdle")),
    ("post_delivery", ("due", "on_time", "late", "open"), _of("post_delivery")),
    ("lost_followup", ("due", "on_time", "late", "open"), _of("lost_followup")),
)
PIPELINE_GROUPS: tuple[Group, ...] = (
    ("proposals", ("sent", "agreed", "declined", "open"), _of("proposals")),
    ("opportunities", ("noted", "won", "dropped", "open"), _needs),
)


def _name(key: str) -> str:
    return {"proposals": _("Proposals"), "opportunities": _("Opportunities")}.get(key) or label(key)


def _json_key(key: str) -> str | None:
    """Where a number is in the JSON; None for the opportunities still open (not in it)."""
    return None if key.endswith("opportunities.open") else key


def _chart(review: Review, group: Group, legend: bool = False) -> str:
    """A group's figure: its caption ("3 of 5 on time"), a stacked bar per week, and its own
    legend when its parts are not the follow-up calls' (shared above their charts)."""
    key, (whole, first, *rest), counts = group
    total = counts(review.total)
    summary = _("{part} of {whole} {what}").format(
        part=total[first], whole=total[whole], what=_(WORDS[first])
    )
    if key == "hurdle":
        summary += f" · {total['silent']} {_(WORDS['silent'])}"
    bars = []
    for n, week in enumerate(review.weeks):
        found = counts(week)
        title = f"{long_date(week.start, year=False)} – {long_date(week.end)}"
        parts = [
            Part(p, found[p], _json_key(f"weeks.{n}.{key}.{p}"), f"{found[p]} {_(WORDS[p])}")
            for p in (first, *rest)
        ]
        bars.append(Bar(short_date(week.start), title, parts))
    width = 700 if len(review.weeks) > 13 else 340
    return (
        f'<figure><figcaption>{_e(_name(key))} <span class="sum">{_e(summary)}</span>'
        f"</figcaption>{stacked_bars(bars, _name(key), width)}"
        f"{_legend((first, *rest)) if legend else ''}</figure>"
    )


def _charts(review: Review, groups: tuple[Group, ...], legends: bool = False) -> str:
    wide = " wide" if len(review.weeks) > 13 else ""
    charts = "".join(_chart(review, g, legends) for g in groups)
    return f'<div class="charts{wide}">{charts}</div>'


def _follow_ups(review: Review) -> str:
    heading = _("Follow-up calls")
    head = "".join(f"<th>{_e(_(WORDS[c]))}</th>" for c in TABLE_COLUMNS)
    rows = []
    for key, text, counts in outcome_rows(review.total):
        cells = "".join(
            f"<td>{_n(f'{key}.{c}', counts[c])}</td>" if c in counts else '<td class="blank">·</td>'
            for c in TABLE_COLUMNS
        )
        stage = ' class="stage"' if key.startswith("lost_followup.") else ""
        text = text.strip()
        rows.append(f"<tr><td{stage}>{_e(text[:1].upper() + text[1:])}</td>{cells}</tr>")
    return (
        f"<section><h2>{_e(heading)}</h2><table><thead><tr><th></th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"{_legend(('on_time', 'late', 'silent', 'open'))}"
        f"{_charts(review, CALL_GROUPS)}</section>"
    )


def _proposals_and_needs(review: Review) -> str:
    heading = _("Proposals and opportunities")
    return (
        f'<section class="keep"><h2>{_e(heading)}</h2>'
        f"{_charts(review, PIPELINE_GROUPS, legends=True)}</section>"
    )


def _risk(review: Review) -> str:
    risk, end, eve = review.risk, review.period.end, review.period.eve
    rows = [
        Row(
            band_name(b).replace("-", "–"),
            risk.bands[band_name(b)],
            fill,
            f"risk.bands.{band_name(b)}",
        )
        for b, fill in zip(BANDS, BAND_FILLS, strict=True)
    ]
    bands = horizontal_bars(rows, _("Doubt risk"), 700)
    title = _("Doubt risk on {day}, accounts with a won order").format(day=long_date(end))
    rose = _("Doubt risk rose most since {day}").format(day=long_date(eve))
    if risk.rising:
        steps = [
            Step(one_line(r.account), r.before, r.after, f"risk.rising.{n}")
            for n, r in enumerate(risk.rising)
        ]
        shaded = [(low, high, fill) for (low, high), fill in zip(BANDS, BAND_FILLS, strict=True)]
        how = _(
            "Open circle: the risk on {eve}; filled: on {end}. “–”: no order won yet on {eve}."
        ).format(eve=long_date(eve), end=long_date(end))
        rising = (
            f"<figure><figcaption>{_e(rose)}</figcaption>{risers(steps, rose, shaded)}"
            f'<p class="counts">{_e(how)}</p></figure>'
        )
    else:
        words = _("No account's doubt risk rose since {day}.").format(day=long_date(eve))
        rising = f'<p class="none">{_e(words)}</p>'
    return f'<section class="keep"><h2>{_e(title)}</h2><figure>{bands}</figure>{rising}</section>'


def _sum(key: str, counts: dict[str, int], parts: tuple[str, ...]) -> str:
    """ "5 = 3 + 1 + 1": the whole and its parts, each number with its place in the JSON."""
    shown = [
        _n(json_key, counts[p]) if (json_key := _json_key(f"{key}.{p}")) else str(counts[p])
        for p in parts
    ]
    return f"{shown[0]}{THIN}={THIN}{f'{THIN}+{THIN}'.join(shown[1:])}"


def _equation(parts: tuple[str, ...]) -> str:
    return f"{_(WORDS[parts[0]])} = {' + '.join(_(WORDS[p]) for p in parts[1:])}"


def _weeks(review: Review) -> str:
    """Every week's numbers in two tables (the follow-up calls; proposals and
    opportunities), each cell "whole = parts", and the period's total under them."""
    how = _(
        "Each cell: {calls}; problems: {problems}; proposals: {proposals}; "
        "opportunities: {opportunities}."
    ).format(
        calls=_equation(CALL_GROUPS[0][1]),
        problems=_equation(CALL_GROUPS[1][1]),
        proposals=_equation(PIPELINE_GROUPS[0][1]),
        opportunities=_equation(PIPELINE_GROUPS[1][1]),
    )
    heading = _("Week by week")
    tables = "".join(_week_table(review, groups) for groups in (CALL_GROUPS, PIPELINE_GROUPS))
    return f'<section><h2>{_e(heading)}</h2><p class="counts">{_e(how)}</p>{tables}</section>'


def _week_table(review: Review, groups: tuple[Group, ...]) -> str:
    def cells(key: str, t: Tally) -> str:
        return "".join(
            f"<td>{_sum(f'{key}{name}', counts(t), parts)}</td>" for name, parts, counts in groups
        )

    week, total = _("Week"), _("Total")
    top = "".join(f"<th>{_e(_name(name))}</th>" for name, _parts, _counts in groups)
    rows = "".join(
        f"<tr><td>{_e(short_date(w.start))} – {_e(short_date(w.end))}</td>"
        f"{cells(f'weeks.{n}.', w)}</tr>"
        for n, w in enumerate(review.weeks)
    )
    return (
        f'<table class="weeks"><thead><tr><th>{_e(week)}</th>{top}</tr></thead>'
        f"<tbody>{rows}</tbody><tfoot><tr><td>{_e(total)}</td>{cells('', review.total)}</tr>"
        "</tfoot></table>"
    )


def _footer() -> str:
    lines = [
        _(
            "A personal contact is a call, visit, meeting or agreement with the customer, "
            "made by anyone. On time: by the day it was due (a problem: by the working day "
            "after it was raised). Late: after that day. Silent: a problem solved before "
            "anyone called the customer. Open: no contact yet."
        ),
        _(
            "Calls count in the week they fell due; problems in the week they were raised, "
            "proposals sent, opportunities noted. Every outcome is as of the last day, so the "
            "weeks add up to the total."
        ),
    ]
    return "<footer>" + "".join(f"<p>{_e(line)}</p>" for line in lines) + "</footer>"
