"""One output format type (`nasales.output.Format`): each command offers its own subset, its
`--help` names exactly that subset, and its view has a renderer for each format offered."""

import json
import re

import pytest
import typer

from nasales.cli import app
from nasales.output import Format, account, calls, digest, person, pipeline, review
from nasales.transfer import exporter

# the view each command with --format prints, by its renderers
VIEWS = {
    "today": calls.RENDERERS,
    "agenda": calls.RENDERERS,
    "demo": calls.RENDERERS,
    "digest": digest.RENDERERS,
    "show": account.RENDERERS,
    "pipeline": pipeline.RENDERERS,
    "review": review.RENDERERS,
    "contact export": person.RENDERERS,
    "export": exporter.WRITERS,
}


def formats_offered() -> dict[str, tuple[tuple[Format, ...], str]]:
    """Each command with a --format option: the formats its parameter type offers, and the
    help text of the option."""
    from nasales.cli.i18n import localize
    from nasales.i18n import activate

    activate("en")
    root = typer.main.get_command(app)
    localize(root)
    found = {}

    def walk(path: list[str], command: object) -> None:
        for param in getattr(command, "params", []):
            if "--format" in getattr(param, "opts", ()):
                choices = param.type_descriptor.choices
                found[" ".join(path)] = (tuple(choices), param.help)
        for name in getattr(command, "list_commands", lambda ctx: [])(None):
            walk([*path, name], command.commands[name])  # type: ignore[attr-defined]

    walk([], root)
    return found


OFFERED = formats_offered()


def test_every_format_option_offers_members_of_the_one_format_type():
    assert set(OFFERED) == set(VIEWS)
    for command, (choices, _help) in OFFERED.items():
        assert choices and all(type(c) is Format for c in choices), command


@pytest.mark.parametrize("command", sorted(VIEWS))
def test_help_names_exactly_the_formats_offered_and_each_has_a_renderer(command):
    choices, help_text = OFFERED[command]
    named = {f for f in Format if re.search(rf"\b{f.value}\b", help_text)}
    assert named == set(choices), (command, help_text)
    assert set(choices) <= set(VIEWS[command]), command


def test_no_other_format_type_and_no_format_compared_as_a_string():
    """The round-2 enums (PageFormat, TextFormat, DataFormat) and `fmt == "json"` are gone."""
    from pathlib import Path

    import nasales

    for path in Path(nasales.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"class \w*Format\(", text) or path.name == "__init__.py", path
        assert not re.search(r"fmt(\.value)? == ['\"]", text), path


def _book(cli):
    cli("account add Acme --owner eva")
    cli("contact add Acme 'Jan de Boer' --phone '+31 6 1234 5678' --primary")
    cli("order won Acme Press --ref P-1 --value 185000 --on 2026-11-02")


@pytest.mark.parametrize("command", sorted(VIEWS))
def test_each_command_prints_each_format_it_offers(cli, command):
    """Through the command line: every offered format prints, the others are a usage error."""
    _book(cli)
    args = {
        "today": "today --on 2026-11-27",
        "agenda": "agenda --on 2026-11-27",
        "demo": "demo --on 2026-11-27",
        "digest": "digest --on 2026-11-27",
        "show": "show Acme --on 2026-11-27",
        "pipeline": "pipeline --on 2026-11-27",
        "review": "review --on 2026-11-27",
        "contact export": "contact export 'Jan de Boer'",
        "export": "export orders",
    }[command]
    choices, _help = OFFERED[command]
    for fmt in Format:
        result = cli(f"{args} --format {fmt.value}", ok=fmt in choices)
        if fmt not in choices:
            assert result.exit_code == 2 and "--format" in result.stderr, (command, fmt)
            continue
        assert result.stdout.strip(), (command, fmt)
        if fmt is Format.json:
            json.loads(result.stdout)
        if fmt is Format.html:
            assert result.stdout.lstrip().startswith("<!DOCTYPE html>")
