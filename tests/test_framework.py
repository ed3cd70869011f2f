"""cli/framework.py: each hook into Typer's (and its vendored Click's) internals, held to the
installed Typer. An upgrade past the pin (`typer<0.30`) that moves one fails here, by name."""

import ast
import subprocess
import sys
from enum import StrEnum
from pathlib import Path

import pytest
import typer
import typer.core
import typer.main
from typer.testing import CliRunner

from nasales import i18n
from nasales.cli import app, framework
from nasales.cli import i18n as cli_i18n

TYPER = Path(typer.__file__).parent
runner = CliRunner()


def nasales(args: list[str], lang: str = "en"):
    return runner.invoke(app, args, prog_name="nasales", env={"NASALES_LANG": lang})


def source(file: str) -> str:
    return (TYPER / file).read_text(encoding="utf-8")


def tree():
    i18n.activate("en")
    return typer.main.get_command(app)


def walk(command):
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from walk(sub)


# -- coercion --------------------------------------------------------------------------------


def test_runtime_params_are_built_through_a_lookup_we_can_wrap(empty_book, fresh_command_tree):
    """typer/core.py looks `build_runtime_param` up in its module globals when a parameter
    first coerces: replacing it there is what keeps pydantic out of a plain run."""
    assert "self._runtime_param = build_runtime_param(self.type_descriptor)" in source("core.py")
    seen = []
    original = typer.core.build_runtime_param
    try:
        if getattr(original, "nasales", False):  # installed by an earlier run in this process
            typer.core.build_runtime_param = original.__closure__[0].cell_contents  # type: ignore[union-attr]
        framework.wrap_runtime_params(lambda d, build: seen.append(d) or build(d))
        wrapped = typer.core.build_runtime_param
        framework.wrap_runtime_params(lambda d, build: None)  # once per process
        assert typer.core.build_runtime_param is wrapped
        result = runner.invoke(app, ["agenda", "--on", "2026-06-15", "--days", "3", "-f", "json"])
        assert result.exit_code == 0 and seen
    finally:
        typer.core.build_runtime_param = original


def test_a_choice_is_coerced_as_typer_coerces_it():
    class Colour(StrEnum):
        red = "red"

    assert framework.coerce_choice("red", list(Colour), True, None) is Colour.red
    with pytest.raises(ValueError):
        framework.coerce_choice("blue", list(Colour), True, None)


# -- Typer's own words ------------------------------------------------------------------------


def _gettext_literals(path: Path) -> set[str]:
    calls = ast.walk(ast.parse(path.read_text(encoding="utf-8")))
    return {
        node.args[0].value
        for node in calls
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def test_typers_gettext_strings_are_the_ones_we_translate():
    """typer/core.py passes these through `_` (gettext, looked up per call); a Typer that adds
    or rewords one shows up here, not as English in Dutch help."""
    assert "from gettext import gettext as _" in source("core.py")
    assert _gettext_literals(TYPER / "core.py") == set(framework.TYPER_MSGIDS)
    result = nasales(["backup", "--help"], "nl")
    assert "Opties:" in result.output and "Argumenten:" in result.output


def test_the_usage_line_is_written_by_a_formatter_we_subclass():
    assert 'prefix = "Usage: "' in source("_click/formatting.py")
    assert "formatter_class: type[HelpFormatter] = HelpFormatter" in source("_click/core.py")
    assert issubclass(cli_i18n.LocalizedFormatter, framework.HelpFormatter)
    assert nasales(["show", "--help"], "nl").output.startswith("Gebruik: nasales show [OPTIES]")


def test_an_arguments_type_is_shown_through_display_type_rich():
    assert "def display_type_rich(self, ctx: _click.Context) -> str | None:" in source("core.py")
    assert 'return f"<{label}>"' in source("core.py")
    assert "ACCOUNT <tekst>" in nasales(["show", "--help"], "nl").output
    assert "ACCOUNT <str>" in nasales(["show", "--help"], "en").output


def test_a_numbers_range_is_shown_through_get_number_range_help_str():
    """Typer writes "1<=x<=366"; help says "1 to 366" ("1 t/m 366")."""
    assert source("core.py").count("range_str = self._get_number_range_help_str()") == 2
    en = nasales(["agenda", "--help"], "en").output
    nl = nasales(["agenda", "--help"], "nl").output
    assert "[default: 7; 1 to 366]" in en and "[standaard: 7; 1 t/m 366]" in nl
    assert "<=" not in en + nl
    keep = nasales(["backup", "--help"], "nl").output
    assert "[standaard: 5; minstens 1]" in keep


# -- usage errors -------------------------------------------------------------------------


def test_usage_errors_are_the_exception_classes_we_read():
    """error_message reads their fields (param, option name, possibilities), not their text;
    a bare Typer app raises them as nasales' group then words them."""
    tiny = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

    @tiny.command()
    def one(name: str, days: int = typer.Option(1, min=1)) -> None: ...

    @tiny.command()
    def two() -> None: ...

    command = typer.main.get_command(tiny)
    cases = {
        ("one",): framework.MissingParameter,
        ("one", "x", "--bogus"): framework.NoSuchOption,
        ("one", "x", "--days", "x"): framework.BadParameter,
        ("nope",): framework.ClickException,
        (): framework.NoArgsIsHelpError,
    }
    for args, expected in cases.items():
        with pytest.raises(expected):
            command.main(list(args), prog_name="tiny", standalone_mode=False)


@pytest.mark.parametrize(
    ("args", "english"),
    [
        (["agenda", "--days", "x"], "not a whole number"),
        (["agenda", "--days", "0"], "must be at least 1"),
        (["agenda", "--days", "400"], "must be at most 366"),
        (["today", "--format", "xml"], "is not one of 'table', 'plain', 'json' or 'csv'"),
        (["export", "nope"], "is not one of 'accounts',"),
        (["import", "accounts", "/no/such.csv"], "does not exist"),
        (["today", "--on"], "requires a value"),
        (["show", "X", "Y"], "got unexpected extra argument (Y)"),
        (["tody"], "Did you mean 'today'?"),
    ],
)
def test_the_english_messages_we_translate_are_the_ones_typer_writes(args, english):
    """framework.ENGLISH_MESSAGES matches what the installed Typer, Click and pydantic say:
    each message comes out in our words in English, and with no English left in Dutch."""
    en = nasales(args, "en")
    nl = nasales(args, "nl")
    assert en.exit_code == nl.exit_code == 2
    assert english in en.stderr, en.stderr
    assert nl.stderr != en.stderr and "Input should" not in nl.stderr + en.stderr


def test_a_question_reads_its_answer_as_clicks_prompts_do():
    """cli.i18n.confirm asks in the language and reads through termui.visible_prompt_func,
    which CliRunner (and a terminal) feed."""
    assert "visible_prompt_func: Callable[[str], str] = input" in source("_click/termui.py")
    assert "termui.visible_prompt_func = visible_input" in source("testing.py")
    from nasales.cli.i18n import confirm

    tiny = typer.Typer(rich_markup_mode=None)

    @tiny.command()
    def ask() -> None:
        i18n.activate("nl")
        typer.echo("ja" if confirm("Doorgaan?") else "nee")

    result = runner.invoke(tiny, [], input="misschien\nj\n")
    assert "Doorgaan? [j/N]: " in result.output and "Fout: ongeldige invoer" in result.output
    assert result.output.endswith("ja\n")


# -- what is not patched -------------------------------------------------------------------


def test_help_is_never_rendered_with_rich():
    """rich_markup_mode is None on every command, so nothing of typer.rich_utils is patched:
    a real run of any help does not even import it."""
    assert {getattr(c, "rich_markup_mode", None) for c in walk(tree())} == {None}
    code = (
        "import sys; from nasales.cli import main; sys.argv[0] = 'nasales'\n"
        "for args in (['--help'], ['account', '--help'], ['today', '--help']):\n"
        "    sys.argv[1:] = args\n"
        "    try: main()\n"
        "    except SystemExit: pass\n"
        "print('RICH' if 'typer.rich_utils' in sys.modules else 'PLAIN')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "PLAIN", done.stderr


def test_no_module_but_framework_reaches_into_typer():
    """Every private access to Typer or its Click is in cli/framework.py."""
    src = Path(__file__).resolve().parents[1] / "src" / "nasales"
    private = ("typer._", "typer.core.build_runtime_param", "typer.core._ ", "typer.rich_utils")
    found = {
        str(path.relative_to(src)): line.strip()
        for path in src.rglob("*.py")
        if path.name != "framework.py"
        for line in path.read_text(encoding="utf-8").splitlines()
        if any(p in line for p in private)
        and not line.lstrip().startswith("#")
        and "TYPE_CHECKING" not in line
    }
    assert found == {}
