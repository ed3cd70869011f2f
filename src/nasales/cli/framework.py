"""Every place nasales reaches into Typer (0.29) or the Click it vendors beyond their
documented API, in one module: each hook says why it exists. These are the reasons for the
pin `typer<0.30` (pyproject.toml); tests/test_framework.py holds each hook to the installed
Typer, so an upgrade fails there, by name, rather than as English in Dutch output or a slow
start-up.

| hook | for |
| --- | --- |
| `typer.core.build_runtime_param` | plain values without pydantic (cli/startup.py) |
| `typer._param_types.coerce_cli_choice` | a choice answered as Typer answers it |
| `typer.core._` and its msgids (`TYPER_MSGIDS`) | Typer's own help words in Dutch |
| `typer._click.formatting.HelpFormatter` | a translated "Usage: " |
| `typer._click.exceptions` | usage errors read from their fields, not their English |
| `ENGLISH_MESSAGES` | the free-text messages of Click, Typer and pydantic, translated |
| `typer._click.termui.visible_prompt_func` | a yes/no question in Dutch (`confirm`) |
| `display_type_rich` | an argument's type in help, in words (`<tekst>`) |
| `_get_number_range_help_str` | a number's range in help, in words (`1 t/m 366`) |

Help is never rendered with Rich (`rich_markup_mode=None`), so nothing of `typer.rich_utils`
is patched.
"""

import re
from collections.abc import Callable
from functools import partial
from typing import Any

import typer.core
from typer._click import exceptions
from typer._click.core import Command
from typer._click.formatting import HelpFormatter

from nasales.i18n import N_

__all__ = ["Command", "HelpFormatter", "exceptions"]

MissingParameter = exceptions.MissingParameter
NoSuchOption = exceptions.NoSuchOption
BadParameter = exceptions.BadParameter
ClickException = exceptions.ClickException
NoArgsIsHelpError = exceptions.NoArgsIsHelpError  # `nasales` alone: the help, exit 2


# -- coercion (cli/startup.py) ---------------------------------------------------------------


def wrap_runtime_params(wrap: Callable[[Any, Callable[[Any], Any]], Any]) -> None:
    """Typer builds each parameter's runtime coercion with `typer.core.build_runtime_param`
    (looked up per call); make it `wrap(descriptor, original)`. Done once per process."""
    if getattr(typer.core.build_runtime_param, "nasales", False):
        return
    original = typer.core.build_runtime_param

    def build(descriptor: Any) -> Any:
        return wrap(descriptor, original)

    build.nasales = True  # type: ignore[attr-defined]
    typer.core.build_runtime_param = build


def coerce_choice(value: Any, choices: Any, case_sensitive: bool, ctx: Any) -> Any:
    """A value of a choice (an Enum) as Typer's own coercion answers it; ValueError if not."""
    from typer._param_types import coerce_cli_choice

    return coerce_cli_choice(value, choices=choices, case_sensitive=case_sensitive, ctx=ctx)


# -- Typer's own words ----------------------------------------------------------------------

# Strings typer/core.py passes through `gettext.gettext` (it imports it as `_`, looked up per
# call). Listed here so that `pybabel extract` puts them in our catalogue.
TYPER_MSGIDS = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Aborted!"),
    N_("Missing command."),
    N_("No such command {name!r}."),
)


def translate_typer(gettext: Callable[[str], str]) -> None:
    """Typer's own words (`Options`, `default: …`) through our catalogue."""
    typer.core._ = gettext  # type: ignore[assignment]


def show_types_as(param: Any, label: Callable[[str | None], str | None]) -> None:
    """An argument's type in help (`NAME <str>`) as `label` says it; choices stay."""
    if hasattr(type(param), "display_type_rich") and "display_type_rich" not in vars(param):
        shown = type(param).display_type_rich
        param.display_type_rich = lambda ctx: label(shown(param, ctx))


def show_ranges_as(param: Any, words: Callable[[Any, Any], str | None]) -> None:
    """A number's range in help (`[default: 7; 1<=x<=366]`) as `words(min, max)` says it."""
    if hasattr(param, "_get_number_range_help_str") and hasattr(param, "min"):
        param._get_number_range_help_str = partial(_range, param, words)


def _range(param: Any, words: Callable[[Any, Any], str | None]) -> str | None:
    if getattr(param, "count", False) and param.min == 0 and param.max is None:
        return None  # as Typer: a counting flag has no range to show
    return words(param.min, param.max)


def read_answer(prompt: str) -> str:
    """One line typed after `prompt`, read as Click's prompts read it (and as CliRunner feeds
    them in tests)."""
    from typer._click import termui

    return str(termui.visible_prompt_func(prompt))


# -- the free text of Click's, Typer's and pydantic's messages ------------------------------

# They have no structure to read: matched whole. Each template is a msgid; the groups fill
# its {placeholders}.
ENGLISH_MESSAGES: tuple[tuple[str, str], ...] = (
    (
        r"(?:Value error, )?(?P<value>'.*') is not one of (?P<choices>.*)\.",
        N_("{value} is not one of {choices}."),
    ),
    (r"Input should be a valid integer\b.*", N_("not a whole number.")),
    (r"Input should be a valid number\b.*", N_("not a number.")),
    (r"Input should be a valid boolean\b.*", N_("not yes or no.")),
    (r"Input should be a valid (?:datetime|date)\b.*", N_("not a valid date.")),
    (r"Input should be greater than or equal to (?P<limit>\S+)", N_("must be at least {limit}.")),
    (r"Input should be less than or equal to (?P<limit>\S+)", N_("must be at most {limit}.")),
    (r"Input should be greater than (?P<limit>\S+)", N_("must be more than {limit}.")),
    (r"Input should be less than (?P<limit>\S+)", N_("must be less than {limit}.")),
    (r"(?:file|directory|path) (?P<path>'.*') does not exist\.", N_("{path} does not exist.")),
    (r"(?:file|directory|path) (?P<path>'.*') is a directory\.", N_("{path} is a directory.")),
    (r"(?:file|directory|path) (?P<path>'.*') is a file\.", N_("{path} is a file.")),
    (r"(?:file|directory|path) (?P<path>'.*') is not readable\.", N_("{path} is not readable.")),
    (r"(?:file|directory|path) (?P<path>'.*') is not writable\.", N_("{path} is not writable.")),
    (r"Option (?P<name>'.*') requires an argument\.", N_("Option {name} requires a value.")),
    (r"Option (?P<name>'.*') does not take a value\.", N_("Option {name} does not take a value.")),
    (r"No such command (?P<name>'.*')\.", N_("No such command {name}.")),
    (r"Missing command\.", N_("Missing command.")),
    (r"Choose from:\s*(?P<choices>.*)", N_("Choose from: {choices}.")),
)
EXTRA_ARGUMENTS = r"Got unexpected extra arguments?(?:\(s\))? \((?P<args>.*)\)"
DID_YOU_MEAN = r"(?P<head>.*)\. Did you mean (?P<suggestions>.*)\?"


def matched(pattern: str, text: str) -> re.Match[str] | None:
    """`text` matched whole (compiled on the error path only: ~1 ms for all)."""
    return re.fullmatch(pattern, text, re.DOTALL)
