"""The `nasales` command line: parse, call, format.

The database stack (SQLModel/SQLAlchemy) is imported inside the commands, never at module
level, so that `--help` and shell completion stay instant.
"""

import gc
import os
import sys

import typer
from typer.core import TyperGroup

from nasales import __version__
from nasales.errors import NasalesError, first_line


class NasalesGroup(TyperGroup):
    """Turns every error a user can cause into one line on stderr: exit 1 for bad input or
    a missing record, exit 2 for a command line that does not parse."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except NasalesError as exc:
            _fail(str(exc), exc.exit_code)
        except typer.TyperException as exc:
            usage = getattr(exc, "format_message", None)
            if usage is None or type(exc).__name__ == "NoArgsIsHelpError":
                raise
            path = getattr(getattr(exc, "ctx", None), "command_path", "nasales")
            message = " ".join(usage().split())
            _fail(f"{message} (see '{path} --help')", getattr(exc, "exit_code", 2))
        except (typer.Exit, typer.Abort):
            raise
        except BrokenPipeError:
            # The reader stopped reading (`nasales today | head`): nothing to report.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(1) from None
        except Exception as exc:
            if os.environ.get("NASALES_DEBUG"):
                raise
            _fail(_describe(exc), 1)


def _describe(exc: Exception) -> str:
    """A database or OS error in one line, without the SQL parameters (personal data)."""
    text = first_line(exc)
    if "locked" in text or "busy" in text:
        return f"the database is busy ({text}); try again"
    return f"{type(getattr(exc, 'orig', None) or exc).__name__}: {text}"


def _fail(message: str, code: int) -> None:
    typer.echo(f"nasales: {message}", err=True)
    raise typer.Exit(code)


app = typer.Typer(
    cls=NasalesGroup,
    help="Whom to call today, and why: a follow-up tracker for B2B salespeople.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
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
        envvar="NASALES_DB",
        show_envvar=True,
        help="Database: a SQLite file path or an SQLAlchemy URL (postgresql+psycopg://…). "
        "Default: nasales.db in your data directory.",
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    ctx.obj = db


from nasales.cli import book, care, daily, transfer  # noqa: E402,F401  (they register on `app`)


def main() -> None:
    from nasales.cli import options as common

    os.umask(0o077)  # whatever nasales writes (database, backups, exports) is owner-only
    # One short-lived process: the database stack's import and the day's facts allocate a few
    # hundred thousand objects that live until exit, which the cyclic GC would otherwise walk
    # again and again (a quarter of `nasales today`). Cycles are still collected, just rarely.
    gc.set_threshold(50_000, 20, 100)
    common.ONE_SHOT = True  # and freeze what the database stack's import allocated
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # a bare cron locale never crashes output
    app(prog_name="nasales")
