"""`review --format html [--out FILE]` (PRODUCT.md §8, round 3): one self-contained page for
the sales meeting. Its numbers are the JSON's, it loads nothing, it reads without colour,
it speaks the user's language, and names typed by users print as text."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nasales.output import svg
from test_review import MONTH, T, month, month_book  # noqa: F401  (fixtures)


class Numbers(HTMLParser):
    """Every number the page shows with its place in the JSON (`data-n`): the text of a
    table cell's span, the `data-value` of a chart's shape. Also every text node."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.texts: list[str] = []
        self._open: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        key = attrs.get("data-n")
        if key is not None and "data-value" in attrs:
            self.found.append((key, attrs["data-value"]))
            key = None
        if tag not in ("rect", "circle", "path", "line", "meta", "br", "img"):
            self._open.append(key)

    def handle_startendtag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-n" in attrs:
            self.found.append((attrs["data-n"], attrs["data-value"]))

    def handle_endtag(self, tag):
        if tag not in ("rect", "circle", "path", "line", "meta", "br", "img") and self._open:
            self._open.pop()

    def handle_data(self, data):
        if self._open and self._open[-1] is not None:
            self.found.append((self._open[-1], data))
        if data.strip() and self.lasttag != "style":
            self.texts.append(data.strip())


def parsed(page: str) -> Numbers:
    parser = Numbers()
    parser.feed(page)
    return parser


def at(data, key: str):
    for part in key.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


def leaves(data, prefix=""):
    """Every number of the JSON, by its place (`weeks.0.confirm.due`)."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from leaves(v, f"{prefix}{k}.")
    elif isinstance(data, list):
        for n, v in enumerate(data):
            yield from leaves(v, f"{prefix}{n}.")
    elif isinstance(data, int) and not isinstance(data, bool):
        yield prefix[:-1], data


def both(cli, *args):
    common = ["review", "--on", T, *args]
    got = json.loads(cli([*common, "--format", "json"]).stdout)
    return got, cli([*common, "--format", "html"]).stdout


@pytest.mark.parametrize("args", [(), ("--weeks", "1"), ("--weeks", "13"), ("--for", "piet")])
def test_the_pages_numbers_are_the_jsons(month, args):  # noqa: F811
    got, page = both(month, *args)
    shown = parsed(page).found
    assert len(shown) > 50
    for key, text in shown:
        assert int(text) == at(got, key), key
    on_page = {key for key, _text in shown}
    # every number of the JSON is on the page, but the lost orders' stages per week
    missing = {
        key
        for key, _n in leaves(got)
        if key not in on_page and ".lost_followup.stages." not in key and key[-6:] != ".stage"
    }
    assert missing == set()


def test_the_page_is_self_contained_and_prints_on_a4(month):  # noqa: F811
    _got, page = both(month)
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") >= 9
    lowered = page.lower()
    for banned in ("<script", "http", "url(", "@import", "<link", "<img", "src=", "@font-face"):
        assert banned not in lowered, banned
    assert "@page { size: A4" in page and "@media print" in page
    assert '<html lang="en">' in page


def test_readable_without_colour():
    """Each outcome has its own texture, so black-and-white prints keep them apart."""
    looks = {o: svg.texture(o, 0, 0, 20, 20) for o in ("on_time", "late", "silent", "open")}
    assert "<path" not in looks["on_time"] and "stroke" not in looks["on_time"]
    assert re.search(r'<path d="(M[\d. ]+L[\d. ]+)+"', looks["late"])  # hatched
    assert "h1.6" in looks["silent"]  # dotted
    assert 'fill="#ffffff"' in looks["open"] and 'stroke="#b3261e"' in looks["open"]  # outline
    assert len({re.sub(r'fill="#\w+"|stroke="#\w+"', "", m) for m in looks.values()}) == 4


def test_the_page_says_whose_review_and_when(month):  # noqa: F811
    _got, team = both(month)
    assert "<h1>After-sales review, whole team</h1>" in team
    assert "weeks 45–48, 31 October – 27 November 2026" in team  # the weeks of its Thursdays
    _got, eva = both(month, "--owner", "eva")
    assert "<h1>After-sales review, accounts of eva</h1>" in eva
    _got, piet = both(month, "--for", "piet", "--weeks", "1")
    assert "<h1>After-sales review for piet</h1>" in piet
    assert "week 48, 21 November – 27 November 2026" in piet  # Saturday to Friday: one week
    sunday = month("review --on 2026-11-29 --weeks 1 --format plain").stdout
    assert sunday.startswith("After-sales review, whole team: week 48, 23 November – 29 November")
    new_year = month("review --on 2027-01-03 --weeks 2 --format plain").stdout
    assert new_year.startswith("After-sales review, whole team: weeks 52–53, 21 December 2026 – 3")


def test_the_page_in_dutch(month, monkeypatch):  # noqa: F811
    _got, english = both(month)
    monkeypatch.setenv("NASALES_LANG", "nl")
    _got, page = both(month)
    assert '<html lang="nl">' in page
    assert "week 45–48, 31 oktober – 27 november 2026" in page
    assert "Twijfelrisico op 27 november 2026" in page and "31 okt" in page
    # numbers as in English; every phrase translated (names, codes and "open" are the same)
    assert sorted(parsed(page).found) == sorted(parsed(english).found)
    same = set(parsed(english).texts) & set(parsed(page).texts)
    words = {t for t in same if re.search(r"[A-Za-z]{3}", t)}
    accounts = {c.split("account add ")[1].split(" --")[0] for c in MONTH if "account add" in c}
    assert words - accounts - {"open", "Week", "nasales"} == set()


def test_names_print_as_text(cli):
    name = "<script>alert('x')</script> & Co"
    cli(["account", "add", name, "--owner", "<b>eva</b>"])
    cli(["order", "won", name, "Press", "--ref", "P-1", "--on", "2026-11-20"])
    page = cli(["review", "--on", T, "--owner", "<b>eva</b>", "--format", "html"]).stdout
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co" in page
    assert "accounts of &lt;b&gt;eva&lt;/b&gt;" in page


def test_a_year_is_one_wide_chart_per_row_and_a_row_per_week(month):  # noqa: F811
    _got, page = both(month, "--weeks", "52")
    assert 'class="charts wide"' in page and 'class="charts"' not in page
    # every chart of proposals and opportunities has its own legend, under it
    pipeline = page.split("Proposals and opportunities</h2>", 1)[1].split("</section>", 1)[0]
    figures = re.findall(r"<figure>.*?</figure>", pipeline, re.S)
    assert len(figures) == 2 and all('<p class="legend">' in f for f in figures)
    assert "agreed" in figures[0] and "dropped" in figures[1] and "dropped" not in figures[0]
    assert '<p class="legend">' not in pipeline.replace("".join(figures), "")
    assert len(re.findall(r"<tr><td>\d+ \w+ – \d+ \w+</td>", page)) == 2 * 52  # two tables
    assert "weeks 49 (2025) – 48 (2026), 29 November 2025 – 27 November 2026" in page


# -- --out --------------------------------------------------------------------------------------


def test_out_writes_the_page_and_replaces_only_an_earlier_page(month, tmp_path):  # noqa: F811
    target = tmp_path / "review.html"
    result = month(f"review --on {T} --out {target}")
    assert result.stdout == "" and "wrote the review to" in result.stderr
    first = target.read_text(encoding="utf-8")
    assert first == month(f"review --on {T} --format html").stdout
    month(f"review --on 2026-11-20 --format html --out {target}")  # over the earlier page
    assert target.read_text(encoding="utf-8") != first
    assert [p.name for p in tmp_path.glob("*.html*")] == ["review.html"]  # no temporary file
    assert not list(tmp_path.glob(".*"))
    empty = tmp_path / "empty.html"
    empty.touch()
    month(f"review --on {T} --out {empty}")
    assert empty.read_text(encoding="utf-8") == first


@pytest.mark.parametrize("content", ["<html><body>my notes</body></html>", "\x00SQLite"])
def test_out_refuses_to_overwrite_any_other_file(month, tmp_path, content):  # noqa: F811
    other = tmp_path / "notes.html"
    other.write_text(content, encoding="utf-8")
    result = month(f"review --on {T} --out {other}", ok=False)
    assert result.exit_code == 1 and "not a review page" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert other.read_text(encoding="utf-8") == content


def test_out_refuses_the_database_and_other_formats(month, isolated, tmp_path):  # noqa: F811
    before = Path(isolated).read_bytes()
    result = month(f"review --on {T} --out {isolated}", ok=False)
    assert result.exit_code == 1 and Path(isolated).read_bytes() == before
    result = month(f"review --on {T} --format json --out {tmp_path / 'r.json'}", ok=False)
    assert result.exit_code == 2 and "--format html" in result.stderr
    assert not (tmp_path / "r.json").exists()
    result = month(f"review --on {T} --out {tmp_path / 'no' / 'such' / 'dir.html'}", ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_out_names_the_file_it_cannot_write(month, tmp_path):  # noqa: F811
    missing = tmp_path / "no such folder" / "review.html"
    result = month(["review", "--on", T, "--out", str(missing)], ok=False)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        f"nasales: cannot write the review to {missing} (No such file or directory)\n"
    )
    dutch = month(
        ["review", "--on", T, "--out", str(missing)], ok=False, env={"NASALES_LANG": "nl"}
    )
    assert dutch.stderr.startswith(f"nasales: kan de review niet schrijven naar {missing} (")
    assert not missing.parent.exists()


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Chromium to print")
@pytest.mark.parametrize(("on", "lang"), [("2026-11-30", "en"), ("2026-12-07", "nl")])
def test_four_weeks_of_the_demo_print_on_two_a4_sheets(tmp_path, on, lang):
    """docs/review.md: printed by headless Chromium (tools/review_screenshot.py), the
    demo's four weeks are two A4 sheets."""
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "tools"))
    import review_screenshot as tool

    page = tool.build_page(tmp_path, lang, 4, on)
    pdf = tmp_path / "review.pdf"
    tool.chromium("/usr/bin/chromium", tmp_path / "profile", f"--print-to-pdf={pdf}", page)
    assert tool.pdf_pages(pdf.read_bytes()) == ["210×297 mm"] * 2
