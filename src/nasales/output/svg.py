"""Charts as inline SVG, for a page that loads nothing: stacked bars (one per week), horizontal
bars (the doubt-risk bands) and the risers' step from one risk to the next.

Each part of a bar is drawn with its own texture as well as its colour — solid, hatched,
dotted, or open (an outline) — so that a chart reads on a black-and-white printout. The
textures are drawn into each shape: an SVG `<pattern>` would need `url(#…)`. Every number a
shape stands for is on it (`data-n`: its place in the review's JSON, `data-value`) and in
its tooltip (`<title>`). Text is escaped: account names are the user's text.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from math import ceil

# outcome -> fill, ink (lines, dots, outline), texture
LOOKS = {
    "good": ("#2e7d4f", "#2e7d4f", "solid"),
    "late": ("#f6d27a", "#7a5a12", "hatch"),
    "silent": ("#e3c8ef", "#5e2a78", "dots"),
    "open": ("#ffffff", "#b3261e", "open"),
}
LOOK_OF = {
    "on_time": "good",
    "agreed": "good",
    "won": "good",
    "late": "late",
    "declined": "late",
    "dropped": "late",
    "silent": "silent",
    "open": "open",
}
FONT = 11  # px: the charts' text, as the page's small print


@dataclass(frozen=True)
class Part:
    """One part of a bar: an outcome, how many, and where the number is in the JSON."""

    outcome: str
    count: int
    key: str | None  # None: a number the JSON does not hold
    words: str  # for the tooltip: "3 on time"


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar (a week's first day)
    title: str  # the tooltip's first line (the week)
    parts: Sequence[Part]

    @property
    def total(self) -> int:
        return sum(p.count for p in self.parts)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def texture(outcome: str, x: float, y: float, w: float, h: float, attrs: str = "") -> str:
    """A rectangle in the outcome's look: its fill, and its hatching, dots or outline."""
    fill, ink, kind = LOOKS[LOOK_OF.get(outcome, outcome)]
    box = f'x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}"'
    if kind == "open":
        inset = f'x="{_n(x + 0.6)}" y="{_n(y + 0.6)}" width="{_n(max(w - 1.2, 0))}" '
        inset += f'height="{_n(max(h - 1.2, 0))}"'
        return f'<rect {inset} fill="{fill}" stroke="{ink}" stroke-width="1.2"{attrs}/>'
    shape = f'<rect {box} fill="{fill}"{attrs}/>'
    if kind == "hatch":
        return shape + _hatch(x, y, w, h, ink)
    if kind == "dots":
        return shape + _dots(x, y, w, h, ink)
    return shape


def _hatch(x: float, y: float, w: float, h: float, ink: str, step: float = 4.0) -> str:
    """Diagonal lines (/) inside the rectangle: each line u + v = c, cut to the box."""
    moves = []
    c = x + y + step / 2
    while c < x + w + y + h:
        low, high = max(x, c - y - h), min(x + w, c - y)
        if low < high:
            moves.append(f"M{_n(low)} {_n(c - low)}L{_n(high)} {_n(c - high)}")
        c += step
    if not moves:
        return ""
    return f'<path d="{"".join(moves)}" stroke="{ink}" stroke-width="1" fill="none"/>'


def _dots(x: float, y: float, w: float, h: float, ink: str, step: float = 3.5) -> str:
    dots = []
    row = 0
    v = y + step / 2
    while v < y + h:
        u = x + (step / 2 if row % 2 else step)
        while u < x + w:
            dots.append(f"M{_n(u - 0.8)} {_n(v)}h1.6")
            u += step
        v += step
        row += 1
    if not dots:
        return ""
    return f'<path d="{"".join(dots)}" stroke="{ink}" stroke-width="1.6" fill="none"/>'


def swatch(outcome: str) -> str:
    """A small sample of the outcome's look, for a legend."""
    return (
        '<svg class="swatch" viewBox="0 0 14 14" width="14" height="14" aria-hidden="true">'
        f"{texture(outcome, 0, 0, 14, 14)}</svg>"
    )


def _nice(top: int) -> tuple[int, int]:
    """A round top for the axis at or above `top`, and its step (at most 4 lines)."""
    top = max(top, 1)
    for scale in (1, 10, 100, 1000, 10_000, 100_000):
        for step in (1, 2, 5):
            if step * scale * 4 >= top:
                return ceil(top / (step * scale)) * step * scale, step * scale
    return top, top


def stacked_bars(bars: Sequence[Bar], label: str, width: int = 340, height: int = 170) -> str:
    """One stacked bar per week, the parts bottom up, the total above the bar."""
    left, right, top_margin, bottom = 30, 6, 16, 22
    plot_w, plot_h = width - left - right, height - top_margin - bottom
    top, step = _nice(max((b.total for b in bars), default=0))
    pitch = plot_w / max(len(bars), 1)
    bar_w = min(pitch * 0.72, 40.0)
    scale = plot_h / top
    base = top_margin + plot_h
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}">'
    ]
    for value in range(0, top + 1, step):
        y = base - value * scale
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{_n(y)}" y2="{_n(y)}" '
            f'class="{"axis" if value == 0 else "grid"}"/>'
            f'<text x="{left - 4}" y="{_n(y + 3.5)}" class="tick" text-anchor="end">{value}</text>'
        )
    every = max(1, ceil(44 / pitch))  # a label needs about 44 px
    for n, bar in enumerate(bars):
        x = left + n * pitch + (pitch - bar_w) / 2
        y = base
        tip = [bar.title, *(p.words for p in bar.parts)]
        out.append(f"<g><title>{escape(chr(10).join(tip))}</title>")
        for part in bar.parts:
            if part.count:
                h = part.count * scale
                y -= h
                attrs = f' data-n="{part.key}" data-value="{part.count}"' if part.key else ""
                out.append(texture(part.outcome, x, y, bar_w, h, attrs))
        if pitch >= 13 and bar.total:
            out.append(
                f'<text x="{_n(x + bar_w / 2)}" y="{_n(y - 3)}" class="total" '
                f'text-anchor="middle">{bar.total}</text>'
            )
        out.append("</g>")
        if n % every == 0:
            out.append(
                f'<text x="{_n(x + bar_w / 2)}" y="{base + 14}" class="tick" '
                f'text-anchor="middle">{escape(bar.label)}</text>'
            )
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True)
class Row:
    """One horizontal bar: its label, how many, its fill and where the number is."""

    label: str
    count: int
    fill: str
    key: str


def horizontal_bars(rows: Sequence[Row], label: str, width: int = 340) -> str:
    """A bar per row, labelled on the left, its number on the right (the doubt-risk bands)."""
    left, right, pitch = 52, 34, 24
    height = pitch * len(rows) + 6
    most = max((r.count for r in rows), default=0) or 1
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}">'
    ]
    for n, row in enumerate(rows):
        y = 4 + n * pitch
        w = (width - left - right) * row.count / most
        out.append(
            f'<text x="{left - 6}" y="{y + 14}" class="label" text-anchor="end">'
            f"{escape(row.label)}</text>"
            f'<rect x="{left}" y="{y + 2}" width="{_n(max(w, 1))}" height="{pitch - 8}" '
            f'fill="{row.fill}" stroke="#555" stroke-width="0.6" '
            f'data-n="{escape(row.key)}" data-value="{row.count}"/>'
            f'<text x="{_n(left + max(w, 1) + 5)}" y="{y + 14}" class="total">{row.count}</text>'
        )
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True)
class Step:
    """An account whose doubt risk rose: from (None: no won order yet) and to."""

    account: str
    before: int | None
    after: int
    key: str  # "risk.rising.0"


def risers(steps: Sequence[Step], label: str, bands: Sequence[tuple[int, int, str]]) -> str:
    """Each riser on a 0–100 scale: an open circle where it was, an arrow to a filled one
    where it is now, the numbers beside it; the bands shaded behind."""
    width, name_w, right, pitch = 700, 230, 70, 26
    height = pitch * len(steps) + 22
    scale = (width - name_w - right) / 100
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}">'
    ]
    for low, high, fill in bands:
        x = name_w + low * scale
        w = (min(high + 1, 100) - low) * scale
        out.append(
            f'<rect x="{_n(x)}" y="0" width="{_n(w)}" height="{height - 18}" fill="{fill}" '
            'opacity="0.35"/>'
            f'<text x="{_n(x + 2)}" y="{height - 6}" class="tick">{low}</text>'
        )
    out.append(f'<text x="{_n(name_w + 100 * scale)}" y="{height - 6}" class="tick">100</text>')
    for n, step in enumerate(steps):
        y = 13 + n * pitch
        name = step.account if len(step.account) <= 34 else step.account[:33] + "…"
        to_x = name_w + step.after * scale
        out.append(f"<g><title>{escape(step.account)}</title>")
        out.append(
            f'<text x="{name_w - 8}" y="{y + 4}" class="label" text-anchor="end">'
            f"{escape(name)}</text>"
        )
        if step.before is not None:
            from_x = name_w + step.before * scale
            out.append(
                f'<line x1="{_n(from_x)}" x2="{_n(to_x - 5)}" y1="{y}" y2="{y}" '
                'class="rise"/>'
                f'<path d="M{_n(to_x - 5)} {y - 4}l5 4l-5 4z" class="rise-head"/>'
                f'<circle cx="{_n(from_x)}" cy="{y}" r="4" class="was" '
                f'data-n="{step.key}.from" data-value="{step.before}"/>'
            )
        out.append(
            f'<circle cx="{_n(to_x)}" cy="{y}" r="5" class="now" '
            f'data-n="{step.key}.to" data-value="{step.after}"/>'
        )
        was = "–" if step.before is None else str(step.before)
        out.append(
            f'<text x="{width - right + 8}" y="{y + 4}" class="total">{was} → {step.after}</text>'
        )
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)
