"""Typer/click in the active language (see nasales/i18n.py for `_`, `N_` and the language).

`setup(root)` is called by the root group's `main()` — the one method both a real run and
`CliRunner.invoke` go through, after Typer has built a fresh click tree for this invocation:

1. `i18n.activate()` — pick the language and load its catalogue;
2. Typer's own words (`Options`, `default: …`) through our catalogue;
3. `localize(root)` — translate `help`, `short_help`, panel names, metavars of the tree in place
   and make every command use `LocalizedContext` ("Usage: ", help-option text).

Usage errors are not patched inside click: the group's error handler renders them with
`error_message(exc)` from their structured fields (class, param, option name, possibilities)
plus `translate_text()` for the free-text parts. What this takes from Typer beyond its
documented API is in cli/framework.py.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import typer

from nasales.cli import framework
from nasales.i18n import N_, _, activate, enumerate_words, ngettext

if TYPE_CHECKING:
    from nasales.cli.framework import Command


def setup(root: Command, lang: str | None = None) -> str:
    """Choose the language for this invocation and translate the command tree."""
    lang = activate(lang)
    framework.translate_typer(_)
    localize(root)
    return lang


# Hard-coded (not gettext) in the vendored click: typer/_click/*.py.
USAGE_PREFIX = N_("Usage: ")
HELP_OPTION_HELP = N_("Show this message and exit.")
OPTIONS_METAVAR = N_("[OPTIONS]")
SUBCOMMAND_METAVAR = N_("COMMAND [ARGS]...")
# TRANSLATORS: the type of an argument in help ("NAME <str>"): text, whole number, path, file.
TYPE_LABELS = (N_("<str>"), N_("<int>"), N_("<path>"), N_("<file>"))


class LocalizedFormatter(framework.HelpFormatter):
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
    """

    formatter_class = LocalizedFormatter

    def __init__(self, command: Command, *args: Any, **kwargs: Any) -> None:
        super().__init__(command, *args, **kwargs)
        help_option = command.get_help_option(self)
        if help_option is not None:
            help_option.help = _(HELP_OPTION_HELP)


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
    so calling this again (another language, the same tree) is safe. A command's summary in
    a list of commands is its first sentence whole (click cuts it at the width, mid-word)."""
    _localize_obj(command, _COMMAND_FIELDS)
    if command._i18n_source["short_help"] is None and command.help:  # type: ignore[attr-defined]
        command.short_help = first_sentence(command.help)
    command.context_class = LocalizedContext
    for param in command.params:
        _localize_obj(param, _PARAM_FIELDS)
        framework.show_types_as(param, _type_label)
        framework.show_ranges_as(param, number_range)
    for sub in getattr(command, "commands", {}).values():
        localize(sub)


def first_sentence(text: str) -> str:
    """The first sentence of a help text (up to a word that ends in a full stop)."""
    words = text.split()
    for i, word in enumerate(words):
        if word.endswith("."):
            return " ".join(words[: i + 1])
    return " ".join(words)


def _type_label(text: str | None) -> str | None:
    """`<str>` is `<tekst>` in Dutch; choices stay as they are typed."""
    return _(text) if text in TYPE_LABELS else text


def number_range(low: Any, high: Any) -> str | None:
    """The values a number option takes, in words: "1 to 366", "at least 1"."""
    if low is None and high is None:
        return None
    if high is None:
        return _("at least {low}").format(low=low)
    if low is None:
        return _("at most {high}").format(high=high)
    return _("{low} to {high}").format(low=low, high=high)


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


def translate_text(text: str) -> str:
    """Translate one free-text message of click/Typer/pydantic (framework.ENGLISH_MESSAGES);
    unknown text is returned as is (English)."""
    text = " ".join(text.split())
    if m := framework.matched(framework.DID_YOU_MEAN, text):
        head = translate_text(m["head"] + ".")
        return f"{head} " + _("Did you mean {suggestions}?").format(suggestions=m["suggestions"])
    if m := framework.matched(framework.EXTRA_ARGUMENTS, text):
        count = len(m["args"].split())
        return ngettext(
            "Got unexpected extra argument ({args}).",
            "Got unexpected extra arguments ({args}).",
            count,
        ).format(args=m["args"])
    for pattern, template in framework.ENGLISH_MESSAGES:
        if m := framework.matched(pattern, text):
            found = m.groupdict()
            if "choices" in found:  # 'table', 'plain', 'json' or 'csv'
                found["choices"] = enumerate_words(re.split(r",\s*", found["choices"]))
            return _(template).format(**found)
    return text


def one_style(message: str) -> str:
    """A usage error in the style of every other error: "missing argument 'ACCOUNT'", as
    "unknown account 'X'" (a first capital that starts a word lowered, no full stop)."""
    message = message.strip()
    if len(message) > 1 and message[0].isupper() and message[1].islower():
        message = message[0].lower() + message[1:]
    return message[:-1] if message.endswith(".") else message


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
    if isinstance(exc, framework.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "parameter")
        text = _(_MISSING.get(kind, _MISSING["parameter"])).format(name=_param_hint(exc))
        extras = [exc.message] if exc.message else []
        if exc.param is not None and (more := exc.param.get_missing_message(ctx=exc.ctx)):
            extras.append(more)
        return " ".join([text, *(translate_text(e) for e in extras)])
    if isinstance(exc, framework.NoSuchOption):
        text = _("No such option: {name}").format(name=_visible(exc.option_name))
        if exc.possibilities:
            options = ", ".join(sorted(exc.possibilities))
            text += " " + _("(Possible options: {options})").format(options=options)
        return text
    if isinstance(exc, framework.BadParameter):
        inner = translate_text(exc.message)
        hint = _param_hint(exc)
        if not hint:
            return _("Invalid value: {message}").format(message=inner)
        return _("Invalid value for {name}: {message}").format(name=hint, message=inner)
    if isinstance(exc, framework.ClickException):
        return translate_text(exc.format_message())
    return str(exc)


# --------------------------------------------------------------------------- prompts


def confirm(
    text: str, default: bool | None = False, abort: bool = False, err: bool = False
) -> bool:
    """`typer.confirm` in the active language: "[j/N]", accepts j/ja/y/yes and n/nee/no.
    (typer/_click/termui.py `confirm` hard-codes "y/N", "Error: invalid input" and y/yes.)
    Reads as Click's prompts read (framework.read_answer), so tests can feed it."""
    # TRANSLATORS: the answer hint of a yes/no question; capital = the default answer.
    choices = _("y/n") if default is None else (_("Y/n") if default else _("y/N"))
    # TRANSLATORS: accepted answers for "yes" / "no", separated by "|" (English always works too).
    yes = {"y", "yes", *_("y|yes").split("|")}
    no = {"n", "no", *_("n|no").split("|")}
    prompt = f"{text} [{choices}]: "
    while True:
        typer.echo(prompt[:-1], nl=False, err=err)
        try:
            value = framework.read_answer(prompt[-1:]).strip().lower()
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
