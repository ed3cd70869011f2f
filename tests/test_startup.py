"""cli/startup.py: the values a command line gives are answered as Typer's own coercion
answers them, without pydantic; anything else (errors included) is Typer's."""

from enum import StrEnum
from types import SimpleNamespace
from typing import Any, Literal

import pytest
import typer.core
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param, resolve_type_descriptor
from typer.models import OptionInfo

from nasales.cli.startup import _PlainFirst, plain_values_without_pydantic


class Colour(StrEnum):
    red = "red"
    green = "green"


SINGLE = SimpleNamespace(multiple=False, nargs=1)

CASES: list[tuple[Any, dict[str, Any], list[Any]]] = [
    (str, {}, ["x", "", " two words ", "ÄÖ\u00a0", "\udcff", "--", None]),
    (int, {}, ["0", "7", "007", "123456789", "1234567890", "-3", "+3", " 4", "x", "", None]),
    (int, {}, [0, 7, -3, 10**12, True, 2.0]),  # defaults
    (int, {"min": 1, "max": 366}, ["0", "1", "30", "366", "367", "-1", "3.0", None, 7, 0, 400]),
    (int, {"min": 1, "max": 10, "clamp": True}, ["0", "5", "11", 5, 11]),
    (Colour, {}, ["red", "green", "RED", "blue", "", None, Colour.red, Colour.green]),
    (str, {}, [Colour.red, 5]),
    (Colour, {"case_sensitive": False}, ["RED", "Green", "blue"]),
    (Literal["plain", "json"], {}, ["plain", "json", "csv", Colour.red]),
    (float, {}, ["1.5", "x"]),
    (str, {"parser": str.upper}, ["abc"]),
]


def answer(runtime: Any, value: Any) -> tuple[str, Any]:
    try:
        found = runtime.coerce(value, param=SINGLE, ctx=None)
        return ("value", (type(found), found))
    except BadParameter as exc:
        return ("error", exc.message)


@pytest.mark.parametrize(("annotation", "info", "values"), CASES)
def test_plain_values_are_answered_as_typer_answers_them(annotation, info, values) -> None:
    descriptor = resolve_type_descriptor(annotation, OptionInfo(**info))
    for value in values:
        ours = _PlainFirst(descriptor, build_runtime_param)
        assert answer(ours, value) == answer(build_runtime_param(descriptor), value), value


def test_a_list_of_texts_is_answered_as_typer_answers_it() -> None:
    descriptor = resolve_type_descriptor(list[str], OptionInfo())
    many = SimpleNamespace(multiple=True, nargs=1)
    for value in [(), [], ("a", "b"), ["x"], (1, 2), ("a", None), None]:
        ours = _PlainFirst(descriptor, build_runtime_param)
        theirs = build_runtime_param(descriptor)
        if value is not None and None in value:
            with pytest.raises(BadParameter):
                ours.coerce(value, param=many, ctx=None)
            continue
        found = ours.coerce(value, param=many, ctx=None)
        expected = () if value is None else theirs.coerce(value, param=many, ctx=None)
        assert (type(found), found) == (type(expected), expected), value
    ours = _PlainFirst(descriptor, build_runtime_param)
    assert ours.coerce(("--map", "a=b"), param=many, ctx=None) == ["--map", "a=b"]
    assert ours._real is None  # texts need no pydantic


def test_installed_once_for_every_command() -> None:
    plain_values_without_pydantic()
    installed = typer.core.build_runtime_param
    plain_values_without_pydantic()
    assert typer.core.build_runtime_param is installed
    assert isinstance(installed(resolve_type_descriptor(str, OptionInfo())), _PlainFirst)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ("agenda --on 2026-06-15 --days 0", "must be at least 1"),
        ("agenda --on 2026-06-15 --days 400", "must be at most 366"),
        ("agenda --on 2026-06-15 --days x", "not a whole number"),
        ("today --on 2026-06-15 --format xml", "is not one of"),
    ],
)
def test_bad_values_are_still_refused_in_one_line(cli, args: str, message: str) -> None:
    result = cli(args, ok=False)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_good_values_still_work(cli) -> None:
    assert cli("agenda --on 2026-06-15 --days 030 --format json").stdout.strip() == "[]"
    assert cli("today --on 2026-06-15 -f JSON", ok=False).exit_code == 2  # case matters


@pytest.mark.parametrize(
    ("args", "kept"),
    [
        (["today", "--on", "2026-06-15"], ["today"]),
        (["--db", "x.db", "show", "Acme"], ["show"]),
        (["--db=x.db", "order", "won", "Acme"], ["order"]),
        (["--db", "today", "agenda"], ["agenda"]),  # a database named "today"
        (["tody"], None),  # a typo: the whole tree, for "did you mean"
        (["--help"], None),
        (["--version", "today"], None),
        (["-h"], None),
        ([], None),
        (["--db", "x.db"], None),
        (["--bogus", "today"], None),
    ],
)
def test_only_the_named_command_is_built(args: list[str], kept: list[str] | None) -> None:
    from nasales.cli import app
    from nasales.cli.startup import only_the_named_command

    pruned = only_the_named_command(app, args)
    if kept is None:
        assert pruned is app
        return
    names = [c.name for c in pruned.registered_commands]
    names += [g.name for g in pruned.registered_groups]
    assert names == kept
    assert len(app.registered_commands) > 10  # the app itself is left whole


def test_a_real_run_still_suggests_and_lists(tmp_path) -> None:
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        code = "import sys; from nasales.cli import main; sys.argv[0] = 'nasales'; main()"
        return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)

    typo = run("tody")
    assert typo.returncode == 2 and "Did you mean 'today'?" in typo.stderr
    assert "agenda" in run("--help").stdout
    group = run("--db", str(tmp_path / "x.db"), "order", "--help")
    assert group.returncode == 0 and "delivered" in group.stdout
    today = run("--db", str(tmp_path / "x.db"), "today", "--on", "2026-06-15")
    assert today.returncode == 0 and "nothing due" in today.stdout
