"""The `nasales` command line: parse, call, format.

The commands live in modules named for what the salesperson does (`daily`, `book`,
`people`, `proposals`, `review`, `transfer`, `capture`, `care`); each imports what it needs
inside the command, so that `--help` and shell completion stay instant.
"""

import os
import sys
from contextlib import suppress

import typer
from typer.core import TyperGroup

from nasales import __version__
from nasales.errors import NasalesError
from nasales.i18n import N_

COMMITTED = "nasales.committed"  # ctx.meta: this command's change is saved
ANSWERING = "nasales.answering"  # ctx.meta: the work is done, the answer is being written


class NasalesGroup(TyperGroup):
    """Speaks the user's language, and turns every error a user can cause into one line on
    stderr: exit 1 for bad input or a missing record, exit 2 for a command line that does
    not parse. A change that was saved is reported as saved (exit 0), even when its
    confirmation cannot be written."""

    def main(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        from nasales.cli.i18n import setup
        from nasales.cli.startup import plain_values_without_pydantic
        from nasales.i18n import language_choice
        from nasales.settings import Settings, use

        plain_values_without_pydantic()
        # The settings, read once for this run: the language first (a broken file is
        # reported by the command, in the language chosen without it), then `main_options`.
        settings = use(Settings.read())
        setup(self, language_choice(settings.language).language)  # a real run and a test
        kwargs["obj"] = settings  # runner's invocation both come through here
        argv = kwargs.get("args", args[0] if args else None)
        _check_text(sys.argv[1:] if argv is None else argv)
        return super().main(*args, **kwargs)

    def make_context(self, info_name, args, parent=None, **extra):  # type: ignore[no-untyped-def]
        """The root's own options are parsed here, before `invoke`: one line for them too."""
        try:
            return super().make_context(info_name, args, parent, **extra)
        except typer.TyperException as exc:
            if parent is not None or _no_args_help(exc):
                raise
            _usage_failed(exc)

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            result = super().invoke(ctx)
            if sys.stdout is not None:
                sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
            return result
        except NasalesError as exc:
            _fail(str(exc), exc.exit_code)
        except typer.TyperException as exc:
            if not hasattr(exc, "format_message") or _no_args_help(exc):
                raise
            _usage_failed(exc)
        except typer.Abort:
            from nasales.i18n import _

            _fail(_("Aborted!"), 1)
        except typer.Exit:
            raise
        except OSError as exc:
            from nasales.output import OutputClosed

            if ctx.meta.get(ANSWERING) or isinstance(exc, (BrokenPipeError, OutputClosed)):
                _output_failed(ctx, exc)
            if os.environ.get("NASALES_DEBUG"):
                raise
            _fail(_describe(exc, _database(ctx)), 1)
        except Exception as exc:
            if os.environ.get("NASALES_DEBUG"):
                raise
            _fail(_describe(exc, _database(ctx)), 1)


def _database(ctx: typer.Context) -> str | None:
    """The database the run names, however far the run got (see `cli.options.Run`)."""
    obj = ctx.find_root().obj
    return obj if obj is None or isinstance(obj, str) else getattr(obj, "db", None)


def _check_text(argv: list[str]) -> None:
    """An argument that is not valid text (bytes the terminal could not decode as UTF-8)
    is refused in one line, before anything is read or written."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            from nasales.i18n import _
            from nasales.output import say

            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            message = _("'{argument}' is not valid UTF-8 text: type it again in a UTF-8 terminal")
            say(f"nasales: {message.format(argument=shown)}", err=True)
            raise SystemExit(1) from None  # not yet inside click, which handles typer.Exit


def _no_args_help(exc: Exception) -> bool:
    """A group named without a command: Click prints its help (and exits 2) itself."""
    from nasales.cli.framework import NoArgsIsHelpError

    return isinstance(exc, NoArgsIsHelpError)


def _usage_failed(exc: Exception) -> None:
    """A command line that does not parse: one line, in the user's language and in the style
    of every other error, exit 2."""
    from nasales.cli.i18n import error_message, one_style
    from nasales.i18n import _

    path = getattr(getattr(exc, "ctx", None), "command_path", None) or "nasales"
    message = _("{message} (see '{command} --help')").format(
        message=one_style(error_message(exc)), command=path
    )
    _fail(message, getattr(exc, "exit_code", 2))


def _output_failed(ctx: typer.Context, exc: OSError) -> None:
    """Standard output could not be written: a closed pipe (`| head`), a full disk, or no
    standard output at all. A saved change stays reported as saved."""
    from nasales.i18n import _

    _silence_stdout()
    if ctx.meta.get(COMMITTED):
        _note(_("the change is saved, but its confirmation could not be written ({reason})"), exc)
        raise typer.Exit(0)
    if isinstance(exc, BrokenPipeError):
        raise typer.Exit(1)  # the reader stopped reading: nothing to report
    _note(_("cannot write the output ({reason})"), exc)
    raise typer.Exit(1)


def _note(template: str, exc: OSError) -> None:
    from nasales.output import say

    say(f"nasales: {template.format(reason=exc.strerror or str(exc))}", err=True)


def _silence_stdout() -> None:
    """Point this process's standard output at /dev/null, so that the interpreter's last
    flush at exit does not fail again (not so under a test runner's captured output)."""
    try:
        if sys.stdout is None or sys.stdout.fileno() != 1:
            return
    except (OSError, ValueError):  # not a real file
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
    finally:
        os.close(devnull)


def _describe(exc: Exception, db: str | None = None) -> str:
    """A database or OS error in one line, without the SQL parameters (personal data)."""
    from nasales.i18n import _
    from nasales.store.db import describe, said

    text = describe(exc)
    if type(exc).__name__ == "DatabaseError" and ("malformed" in text or "not a database" in text):
        from nasales.store.db import damaged, locate

        with suppress(NasalesError):
            if (path := locate(db).path) is not None:
                return damaged(path, said(exc))
    if "locked" in text or "busy" in text:
        return _("the database is busy ({reason}); try again").format(reason=said(exc))
    if "readonly" in text or "read-only" in text:
        return _read_only(said(exc), db)
    shown = said(exc)
    return shown if shown != text else f"{type(exc).__name__}: {text}"


def _read_only(text: str, db: str | None) -> str:
    from nasales.i18n import _
    from nasales.store.db import cannot_save, locate, read_only_file

    try:
        found = read_only_file(locate(db).path)
    except NasalesError:
        found = None
    if found is None:
        return _("the database is read-only ({reason})").format(reason=text)
    return cannot_save(found)


def _fail(message: str, code: int) -> None:
    from nasales.output import say

    say(f"nasales: {message}", err=True)
    raise typer.Exit(code)


app = typer.Typer(
    cls=NasalesGroup,
    help=N_("Whom to call today, and why: a follow-up tracker for B2B salespeople."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"nasales {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: str = typer.Option(
        None,
        "--db",
        metavar=N_("PATH|URL"),
        envvar="NASALES_DB",
        show_envvar=True,
        help=N_(
            "Database: a SQLite file path or a PostgreSQL URL (postgresql://USER@HOST/DB). "
            "Default: nasales.db in your data directory."
        ),
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help=N_("Show the version.")
    ),
) -> None:
    from nasales.cli.options import Run
    from nasales.errors import Invalid
    from nasales.settings import Settings, current

    settings = ctx.obj if isinstance(ctx.obj, Settings) else current()
    ctx.obj = Run(db, settings)
    if settings.problem is not None and ctx.invoked_subcommand != "doctor":
        raise Invalid(settings.problem)  # every command; doctor reports it among its checks


# The commands register on `app` as their modules load; `--help` lists them in this order:
# the daily job first, then keeping the book, then how after-sales went, then data in and
# out (capture too), then looking after it.
# isort: off
from nasales.cli import daily, book, people, proposals, review, transfer, capture, care  # noqa: E402,F401
# isort: on


def main() -> None:
    from nasales.cli.startup import before_exit, only_the_named_command, tune_gc

    os.umask(0o077)  # whatever nasales writes (database, backups, exports) is owner-only
    tune_gc()
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # a bare cron locale never crashes output
    try:
        only_the_named_command(app, sys.argv[1:])(prog_name="nasales")
    finally:
        before_exit()
