"""Typer/click in the active language (see nasales/i18n.py for `_`, `N_` and the language).

`setup(root)` is called by the root group's `main()` — the one method both a real run and
`CliRunner.invoke` go through, after Typer has built a fresh click tree for this invocation:

1. `i18n.activate()` — pick the language and load its catalogue;
2. patch the English Typer keeps in module globals (`typer.core._`, typer.rich_utils'
   constants; the latter only when help is actually rendered, so Rich stays unimported on the
   normal command path);
3. `localize(root)` — translate `help`, `short_help`, panel names, metavars of the tree in place
   and make every command use `LocalizedContext` ("Usage: ", help-option text).

Usage errors are not patched inside click: the group's error handler renders them with
`error_message(exc)` from their structured fields (class, param, option name, possibilities)
plus `translate_text()` for the free-text parts.
"""

from __future__ import annotations

import re
import sys
from functools import cache, partial
from typing import TYPE_CHECKING, Any

import typer
import typer.core
from typer._click.formatting import HelpFormatter

from nasales.i18n import N_, _, activate, ngettext

if TYPE_CHECKING:
    from typer._click.core import Command


def setup(root: Command, lang: str | None = None) -> str:
    """Choose the language for this invocation and translate the command tree."""
    lang = activate(lang)
    _patch_typer()
    localize(root)
    return lang


# Strings Typer itself passes through `gettext.gettext` (typer/core.py imports it as `_`) and
# the constants typer/rich_utils.py computes from it at import time. Listed here so that
# `pybabel extract` puts them in our catalogue; tests/test_catalog.py checks the list still
# matches the installed Typer.
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
RICH_CONSTANTS = {
    "DEPRECATED_STRING": N_("(deprecated) "),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}
# Hard-coded (not gettext) in the vendored click: typer/_click/*.py.
USAGE_PREFIX = N_("Usage: ")
HELP_OPTION_HELP = N_("Show this message and exit.")
OPTIONS_METAVAR = N_("[OPTIONS]")
SUBCOMMAND_METAVAR = N_("COMMAND [ARGS]...")
# TRANSLATORS: the type of an argument in help ("NAME <str>"): text, whole number, path, file.
TYPE_LABELS = (N_("<str>"), N_("<int>"), N_("<path>"), N_("<file>"))


def _patch_typer() -> None:
    import typer.core

    typer.core._ = _  # typer/core.py:8 `from gettext import gettext as _`, looked up per call
    rich_utils = sys.modules.get("typer.rich_utils")
    if rich_utils is not None:  # otherwise LocalizedContext.get_help() does it when needed
        _patch_rich(rich_utils)


def _patch_rich(rich_utils: Any) -> None:
    for name, msgid in RICH_CONSTANTS.items():
        setattr(rich_utils, name, _(msgid))
    # Cosmetic: the help highlighter colours the literal "Usage: ".
    highlights = rich_utils.OptionHighlighter.highlights
    for i, pattern in enumerate(highlights):
        if "(?P<usage>" in pattern:
            highlights[i] = f"(?P<usage>{re.escape(_(USAGE_PREFIX))})"


def _patch_rich_now() -> None:
    import typer.rich_utils

    _patch_rich(typer.rich_utils)


class LocalizedFormatter(HelpFormatter):
    """Plain-text help and usage lines with a translated "Usage: " (typer/_click/formatting.py
    `HelpFormatter.write_usage` hard-codes it when `prefix` is None)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _(USAGE_PREFIX) if prefix is None else prefix)


class LocalizedContext(typer.Context):
    """Set as `context_class` on every command by `localize()`.

    * `formatter_class` is click's documented hook for the help formatter (usage line).
    * The help option is created lazily per command with the English text
      "Show this message and exit." (typer/_click/decorators.py `help_option`); translate it as
      soon as the context exists, before any help or usage is rendered.
    * Rendering Rich help is the only time typer.rich_utils (and so Rich) gets imported: patch
      its constants right then, so the normal command path (and plain help) never pays for Rich.
    """

    formatter_class = LocalizedFormatter

    def __init__(self, command: Command, *args: Any, **kwargs: Any) -> None:
        super().__init__(command, *args, **kwargs)
        help_option = command.get_help_option(self)
        if help_option is not None:
            help_option.help = _(HELP_OPTION_HELP)

    def get_help(self) -> str:
        # The same test TyperCommand/TyperGroup.format_help make (typer/core.py:1084, :1317).
        if typer.core.HAS_RICH and getattr(self.command, "rich_markup_mode", None) is not None:
            _patch_rich_now()
        return super().get_help()


_COMMAND_FIELDS = (
    "help",
    "short_help",
    "epilog",
    "rich_help_panel",
    "options_metavar",
    "subcommand_metavar",
)
_PARAM_FIELDS = ("help", "rich_help_panel", "metavar", "show_default")


def localize(command: Command) -> None:
    """Translate a click command tree in place. The English originals are kept on each object,
    so calling this again (another language, the same tree) is safe."""
    _localize_obj(command, _COMMAND_FIELDS)
    command.context_class = LocalizedContext
    for param in command.params:
        _localize_obj(param, _PARAM_FIELDS)
        if hasattr(type(param), "display_type_rich") and "display_type_rich" not in vars(param):
            param.display_type_rich = partial(_display_type, param)  # type: ignore[attr-defined]
    for sub in getattr(command, "commands", {}).values():
        localize(sub)


def _display_type(param: Any, ctx: Any) -> str | None:
    """An argument's type in help (typer/core.py `TyperArgument.display_type_rich`), in words
    of the active language: `<str>` is `<tekst>` in Dutch; choices stay as they are typed."""
    text = type(param).display_type_rich(param, ctx)
    return _(text) if text in TYPE_LABELS else text


def _localize_obj(obj: Any, fields: tuple[str, ...]) -> None:
    source = obj.__dict__.get("_i18n_source")
    if source is None:
        source = {f: getattr(obj, f, None) for f in fields}
        obj._i18n_source = source
    for field, value in source.items():
        if isinstance(value, str) and value:
            setattr(obj, field, _(value))


# --------------------------------------------------------------------------- usage errors

_MISSING = {
    "argument": N_("Missing argument {name}."),
    "option": N_("Missing option {name}."),
    "parameter": N_("Missing parameter {name}."),
}

# Free-text messages of the vendored click, Typer and pydantic (they have no structure to
# read), matched whole. Each template is a msgid; the groups fill its {placeholders}.
_RULES: tuple[tuple[str, str], ...] = (
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
_EXTRA_ARGS = r"Got unexpected extra arguments?(?:\(s\))? \((?P<args>.*)\)"
_DID_YOU_MEAN = r"(?P<head>.*)\. Did you mean (?P<suggestions>.*)\?"


@cache
def _compiled(pattern: str) -> re.Pattern[str]:  # only on the error path: ~1 ms for all
    return re.compile(pattern, re.DOTALL)


def translate_text(text: str) -> str:
    """Translate one free-text message of click/Typer/pydantic; unknown text is returned as is
    (English) — tests/test_cli_i18n.py lists the messages that must be covered."""
    text = " ".join(text.split())
    if m := _compiled(_DID_YOU_MEAN).fullmatch(text):
        head = translate_text(m["head"] + ".")
        return f"{head} " + _("Did you mean {suggestions}?").format(suggestions=m["suggestions"])
    if m := _compiled(_EXTRA_ARGS).fullmatch(text):
        count = len(m["args"].split())
        return ngettext(
            "Got unexpected extra argument ({args}).",
            "Got unexpected extra arguments ({args}).",
            count,
        ).format(args=m["args"])
    for pattern, template in _RULES:
        if m := _compiled(pattern).fullmatch(text):
            return _(template).format(**m.groupdict())
    return text


def _visible(value: str) -> str:
    """User input shown in a message, without terminal control characters (as click does)."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m[0]):02x}", value)


def _param_hint(exc: Any) -> str:
    hint = exc.param_hint
    if hint is not None:
        return hint if isinstance(hint, str) else " / ".join(repr(x) for x in hint)
    param = exc.param
    if param is None:
        return ""
    if param.param_type_name == "option":  # TyperOption.get_error_hint, with "env var" Dutch
        text = " / ".join(f"'{x}'" for x in (param.opts or [param.display_name_raw]))
        if param.show_envvar and param.envvar is not None:
            text += " " + _("(env var: {var})").format(var=f"'{param.envvar}'")
        return text
    return f"'{param.display_name_raw}'"


def error_message(exc: Exception) -> str:
    """A click/Typer usage error as one sentence in the active language."""
    from typer._click import exceptions as ce

    if isinstance(exc, ce.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "parameter")
        text = _(_MISSING.get(kind, _MISSING["parameter"])).format(name=_param_hint(exc))
        extras = [exc.message] if exc.message else []
        if exc.param is not None and (more := exc.param.get_missing_message(ctx=exc.ctx)):
            extras.append(more)
        return " ".join([text, *(translate_text(e) for e in extras)])
    if isinstance(exc, ce.NoSuchOption):
        text = _("No such option: {name}").format(name=_visible(exc.option_name))
        if exc.possibilities:
            options = ", ".join(sorted(exc.possibilities))
            text += " " + _("(Possible options: {options})").format(options=options)
        return text
    if isinstance(exc, ce.BadParameter):
        inner = translate_text(exc.message)
        hint = _param_hint(exc)
        if not hint:
            return _("Invalid value: {message}").format(message=inner)
        return _("Invalid value for {name}: {message}").format(name=hint, message=inner)
    if isinstance(exc, ce.ClickException):
        return translate_text(exc.format_message())
    return str(exc)


# --------------------------------------------------------------------------- prompts


def confirm(
    text: str, default: bool | None = False, abort: bool = False, err: bool = False
) -> bool:
    """`typer.confirm` in the active language: "[j/N]", accepts j/ja/y/yes and n/nee/no.
    (typer/_click/termui.py `confirm` hard-codes "y/N", "Error: invalid input" and y/yes.)
    Reads through `termui.visible_prompt_func`, which CliRunner replaces, so tests can feed it."""
    from typer._click import termui

    # TRANSLATORS: the answer hint of a yes/no question; capital = the default answer.
    choices = _("y/n") if default is None else (_("Y/n") if default else _("y/N"))
    # TRANSLATORS: accepted answers for "yes" / "no", separated by "|" (English always works too).
    yes = {"y", "yes", *_("y|yes").split("|")}
    no = {"n", "no", *_("n|no").split("|")}
    prompt = f"{text} [{choices}]: "
    while True:
        typer.echo(prompt[:-1], nl=False, err=err)
        try:
            value = termui.visible_prompt_func(prompt[-1:]).strip().lower()
        except (KeyboardInterrupt, EOFError):
            raise typer.Abort() from None
        if value in yes:
            answer = True
        elif value in no:
            answer = False
        elif default is not None and value == "":
            answer = default
        else:
            typer.echo(_("Error: invalid input"), err=err)
            continue
        if abort and not answer:
            raise typer.Abort()
        return answer
