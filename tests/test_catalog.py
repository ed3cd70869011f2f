"""The catalogues are complete, current, agree with the code, and with the installed Typer.

These tests import Babel; the command line imports it only to read an amount a person typed
with a mark (domain/values.py), never for its language (tests/test_formats.py checks that).
"""

import gettext
import io
import string
from pathlib import Path

import pytest
import typer
import typer.main
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from nasales import i18n
from nasales.cli import app
from nasales.cli import i18n as cli_i18n

ROOT = Path(__file__).resolve().parents[1]
LOCALE = i18n.LOCALE_DIR
PO_FILES = sorted(LOCALE.glob("*/LC_MESSAGES/nasales.po"))
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
}  # = tools/catalog.sh -k _ -k N_ -k ngettext:1,2


def _read(po: Path):
    with po.open("rb") as f:
        return read_po(f, locale=po.parts[-3])


def _ids(catalog) -> set:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


def _nl() -> gettext.GNUTranslations:
    with (LOCALE / "nl/LC_MESSAGES/nasales.mo").open("rb") as f:
        return gettext.GNUTranslations(f)


def test_there_is_a_dutch_catalogue_for_every_language_but_english():
    assert [p.parts[-3] for p in PO_FILES] == [lang for lang in i18n.LANGUAGES if lang != "en"]


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: p.parts[-3])
def test_committed_mo_is_compiled_from_the_po(po):
    """`pybabel compile` is deterministic: recompile in memory and compare the bytes. Fails
    when the .po was edited without `sh tools/catalog.sh compile` (the .mo is what ships)."""
    buf = io.BytesIO()
    write_mo(buf, _read(po), use_fuzzy=False)
    assert po.with_suffix(".mo").read_bytes() == buf.getvalue(), "run: sh tools/catalog.sh compile"


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: p.parts[-3])
def test_no_untranslated_fuzzy_or_obsolete_entries(po):
    catalog = _read(po)
    assert not catalog.fuzzy, "the header is marked fuzzy"
    problems = []
    for m in catalog:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy:
            problems.append(f"fuzzy: {m.id!r}")
        if not all(strings) or len(strings) != (catalog.num_plurals if m.pluralizable else 1):
            problems.append(f"untranslated: {m.id!r}")
    problems += [f"obsolete: {msgid!r}" for msgid in catalog.obsolete]
    assert not problems, "\n".join(problems)


def _in_code() -> set:
    """What `pybabel extract -F babel.cfg … src` finds, in memory."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    return {
        msg if isinstance(msg, str) else tuple(msg)
        for _file, _line, msg, _comments, _context in extract_from_dir(
            str(ROOT / "src"), method_map, options_map, keywords=KEYWORDS
        )
    }


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: p.parts[-3])
def test_po_has_exactly_the_msgids_in_the_code(po):
    """A new or changed string in the code fails here until `sh tools/catalog.sh extract`
    and a translation; a string removed from the code, until the .po drops it too."""
    in_code = _in_code()
    in_po = _ids(_read(po))
    assert not in_code - in_po, f"not in {po.name}: {sorted(map(str, in_code - in_po))}"
    assert not in_po - in_code, f"no longer in the code: {sorted(map(str, in_po - in_code))}"
    assert _ids(_read(LOCALE / "nasales.pot")) == in_code


def _fields(text: str) -> list[tuple[str, str, str]]:
    return sorted(
        (name, conv or "", spec or "")
        for _literal, name, spec, conv in string.Formatter().parse(text)
        if name is not None
    )


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: p.parts[-3])
def test_brace_placeholders_survive_translation(po):
    """Babel flags brace msgids `python-brace-format` but checks only %-formats: the msgstr
    must use the same {fields}, with the same !conversion and :spec, as the msgid (a plural
    form may leave out the count), and none where the msgid has none."""
    problems = []
    for m in _read(po):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strs = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = {f for i in ids for f in _fields(i)}
        for s in strs:
            try:
                got = set(_fields(s))
            except ValueError as exc:  # unbalanced braces
                problems.append(f"{m.id!r}: {exc}")
                continue
            if not got <= wanted or (len(ids) == 1 and got != wanted):
                problems.append(f"{m.id!r}: {sorted(got)} != {sorted(wanted)}")
    assert not problems, "\n".join(problems)


def test_answers_keep_their_separator_and_english_hints_their_shape():
    nl = _nl()
    assert nl.gettext("y|yes").split("|") == ["j", "ja"]
    assert nl.gettext("n|no").split("|") == ["n", "nee"]
    assert (nl.gettext("y/N"), nl.gettext("Y/n")) == ("j/N", "J/n")


def test_plural_forms_and_the_fixed_labels():
    nl = _nl()
    one, many = "{n} working day late", "{n} working days late"
    assert nl.ngettext(one, many, 1).format(n=1) == "1 werkdag te laat"
    assert nl.ngettext(one, many, 2).format(n=2) == "2 werkdagen te laat"
    assert nl.ngettext(one, many, 0).format(n=0) == "0 werkdagen te laat"
    fixed = {  # PRODUCT.md §7
        "problem": "probleem",
        "promise": "toezegging",
        "proposal": "voorstel",
        "confirm the choice": "keuze bevestigen",
        "agreement moment": "instemmingsmoment",
        "after delivery": "na levering",
        "lost order": "verloren order",
        "relationship": "relatie",
        "due today": "vandaag",
    }
    assert {msgid: nl.gettext(msgid) for msgid in fixed} == fixed


def _tree_strings(command):
    for field in cli_i18n._COMMAND_FIELDS:
        yield getattr(command, field, None)
    for param in command.params:
        for field in cli_i18n._PARAM_FIELDS:
            yield getattr(param, field, None)
    for sub in getattr(command, "commands", {}).values():
        yield from _tree_strings(sub)


def test_every_string_in_the_command_tree_is_in_the_catalogue():
    """Catches help that bypassed N_() (a docstring used as help, an f-string, a typo'd
    keyword): Typer would show it in English forever."""
    i18n.activate("en")
    tree = typer.main.get_command(app)  # fresh, untranslated
    translated = {m.id for m in _read(LOCALE / "nl/LC_MESSAGES/nasales.po") if m.id and m.string}
    shown = {s for s in _tree_strings(tree) if isinstance(s, str) and s}
    assert shown - translated == set()
    assert len(shown) > 150  # the walk does reach the help of every command


# --------------------------------------------------------------------------- the installed Typer
# (each hook into Typer's internals is held to it in tests/test_framework.py)


def test_every_argument_type_in_help_is_translated_or_a_list_of_choices():
    """The `<str>` of `NAME <str>` is translated from TYPE_LABELS; a Typer that labels a type
    differently (or an argument of a new type) fails here rather than show English."""
    i18n.activate("en")
    tree = typer.main.get_command(app)
    ctx = typer.Context(tree)

    def arguments(command):
        yield from (p for p in command.params if p.param_type_name == "argument")
        for sub in getattr(command, "commands", {}).values():
            yield from arguments(sub)

    labels = {type(p).display_type_rich(p, ctx) for p in arguments(tree)}
    assert {label for label in labels if "|" not in label} <= set(cli_i18n.TYPE_LABELS)
    assert "<str>" in labels
