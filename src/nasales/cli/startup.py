"""What a run of nasales does before its command, kept cheap: each trick here with its why.

A salesperson runs `today`, `show` and `log` many times a day on a few hundred accounts, so
the work is small and start-up is most of the cost (PRODUCT.md §6, round 2; the figures are
in docs/benchmarks.md). The other trick lives where its subject does: the holidays of the
configured country are read from a small cache file, and `holidays` imported (one country of
it) only to write that file (`domain/holiday_dates.py`).
"""

import copy
import gc
import re
from collections.abc import Sequence
from enum import Enum
from typing import Any

import typer

_DIGITS = re.compile(r"[0-9]{1,9}")


def tune_gc() -> None:
    """One short-lived process: the day's facts allocate a few hundred thousand objects that
    live until exit, which the cyclic GC would otherwise walk again and again (a third of
    `today` on a large book). Only `main()` calls this: a test runner is left alone."""
    gc.set_threshold(50_000, 20, 100)


def before_exit() -> None:
    """At exit the interpreter runs the cyclic GC over every object the run made, which it
    frees anyway: 10 ms of `today`'s 100 on a salesperson's book. Frozen objects are left out
    of that last collection; exit handlers and the flushing of output run as always."""
    gc.freeze()


def only_the_named_command(app: typer.Typer, args: Sequence[str]) -> typer.Typer:
    """The app with only the command (or group of commands) `args` name, when they name one
    exactly after the root's own options. Typer builds a click command for each of the ~65
    commands before it runs one (5 ms, a twentieth of `today` on a salesperson's book). A
    typo, `--help`, `--version` or no command keep the whole tree: its list of commands and
    its "did you mean" need it."""
    name = _command_name(args)
    commands = [c for c in app.registered_commands if c.name == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if name is None or len(commands) + len(groups) != 1:
        return app
    pruned = copy.copy(app)
    pruned.registered_commands, pruned.registered_groups = commands, groups
    return pruned


def _command_name(args: Sequence[str]) -> str | None:
    rest = iter(args)
    for arg in rest:
        if arg == "--db":
            next(rest, None)
        elif not arg.startswith("--db="):
            return None if arg.startswith("-") else arg
    return None


def plain_values_without_pydantic() -> None:
    """Typer 0.29 coerces every parameter through a pydantic `TypeAdapter`, built on first
    use: importing pydantic and building the adapters costs about 0.1 s, more than the whole
    of `nasales today` on a salesperson's own book. The common values need none of it: an
    absent option, a string for a `str`, a listed choice for an `Enum`, a plain number in
    range for an `int`. Those are answered here exactly as the adapter would answer them;
    anything else (an error included) goes to Typer's own coercion, built as before."""
    import typer.core

    if getattr(typer.core.build_runtime_param, "nasales", False):
        return
    original = typer.core.build_runtime_param

    def build(descriptor: Any) -> Any:
        return _PlainFirst(descriptor, original)

    build.nasales = True  # type: ignore[attr-defined]
    typer.core.build_runtime_param = build


class _PlainFirst:
    """A Typer runtime parameter (`coerce(value, param, ctx)`) that answers plain values
    itself and builds Typer's own (`AdapterRuntimeParam`…) only for the rest."""

    def __init__(self, descriptor: Any, build: Any) -> None:
        self.descriptor = descriptor
        self._build = build
        self._real: Any = None
        info = descriptor.parameter_info
        self._plain = info.parser is None and descriptor.file_annotation is None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        many = param.multiple or param.nargs == -1
        if value is None:  # as RuntimeParam.coerce
            return () if many else None
        if self._plain and not many and (type(value) in (str, int) or isinstance(value, Enum)):
            found = self._answer(value, ctx)
            if found is not None:
                return found
        if (
            self._plain
            and many
            and self.descriptor.annotation == list[str]
            and type(value) in (tuple, list)
            and all(type(item) is str for item in value)
        ):
            return list(value)  # a repeatable text option (`--map`, `--by`), typed or not
        if self._real is None:
            self._real = self._build(self.descriptor)
        return self._real.coerce(value, param=param, ctx=ctx)

    def _answer(self, value: Any, ctx: Any) -> Any:
        """The adapter's answer for a value it would accept as it is: a string typed on the
        command line, or a default (an `int`, a member of the `Enum`). Else None."""
        descriptor = self.descriptor
        annotation = descriptor.annotation
        if annotation is str and type(value) is str:
            return value  # _adapters._parse_cli_str: str(value)
        if annotation is int and (type(value) is int or _DIGITS.fullmatch(str(value))):
            info = descriptor.parameter_info
            number = int(value)
            low, high = info.min, info.max
            if info.clamp or (low is not None and number < low):
                return None
            return number if high is None or number <= high else None
        choices = descriptor.choices
        if choices is not None and not descriptor.is_list and isinstance(value, str | Enum):
            from typer._param_types import coerce_cli_choice

            try:
                return coerce_cli_choice(
                    value, choices=choices, case_sensitive=descriptor.case_sensitive, ctx=ctx
                )
            except ValueError:
                return None  # Typer's coercion words the error
        return None
