"""Every test runs against its own temporary database, config and data directory."""

import os
import shlex

import pytest
from typer.testing import CliRunner

from nasales.cli import app


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Point nasales at a temp database (NASALES_DB) and temp user directories (data,
    config, cache). No settings file: a test that wants one names it with NASALES_CONFIG
    (`settings_file`), which must then exist."""
    db = tmp_path / "nasales.db"
    monkeypatch.setenv("NASALES_DB", str(db))
    monkeypatch.delenv("NASALES_CONFIG", raising=False)
    for variable in ("COLUMNS", "LINES"):  # pytest-xdist's workers set COLUMNS=80
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("NASALES_DEBUG", raising=False)
    for variable in ("COLUMNS", "LINES"):  # pytest-xdist's workers set them (80x24)
        monkeypatch.delenv(variable, raising=False)
    return db


@pytest.fixture
def empty_book(isolated):
    """The test database, created and migrated, with nothing in it: a command that only
    reads needs a database to exist (it never creates one)."""
    from nasales.store.db import transaction

    with transaction(str(isolated), write=True):
        pass
    return isolated


@pytest.fixture
def settings_file(tmp_path, monkeypatch):
    """Write the settings file this test's commands read (NASALES_CONFIG names it)."""
    path = tmp_path / "config.toml"
    monkeypatch.setenv("NASALES_CONFIG", str(path))

    def write(text: str):
        path.write_text(text, encoding="utf-8")
        return path

    return write


LANGUAGE_VARIABLES = ("NASALES_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """The suite runs in English unless a test asks for Dutch: the developer's shell (a Dutch
    LANG) decides nothing, and a test that switched language leaves the process in English."""
    from nasales import i18n

    for variable in LANGUAGE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    i18n.activate("en")  # also before: a module-scoped fixture may have run nasales in Dutch
    yield
    i18n.activate("en")


@pytest.fixture
def cli():
    """Run `nasales ARGS` in-process; a string is split like a shell would."""
    runner = CliRunner()

    def run(args, input=None, ok=True, env=None):
        argv = shlex.split(args) if isinstance(args, str) else list(args)
        result = runner.invoke(app, argv, input=input, catch_exceptions=False, env=env)
        if ok and result.exit_code != 0:
            raise AssertionError(
                f"nasales {args} exited {result.exit_code}\n{result.stdout}\n{result.stderr}"
            )
        return result

    return run


@pytest.fixture
def press_in_delivery(cli):
    """Bouw BV (Eva's) won the press line P-1 (EUR 40 000) on Mon 2 Nov 2026 and was called
    that day: its first agreement moment is due Mon 9 Nov."""
    cli("account add 'Bouw BV' --owner Eva")
    cli("order won 'Bouw BV' 'Press line' --ref P-1 --value 40000 --on 2026-11-02")
    cli("log 'Bouw BV' call --on 2026-11-02")


PG_URL = os.environ.get("NASALES_TEST_PG_URL", "")


@pytest.fixture
def fresh_pg() -> str:
    """The URL of a scratch PostgreSQL database, its public schema wiped (`.ci/run` starts
    one with `.ci/postgres`); the test is skipped, saying why, where there is none."""
    if not PG_URL:
        pytest.skip("no PostgreSQL: set NASALES_TEST_PG_URL (see .ci/postgres)")
    import psycopg

    with psycopg.connect(PG_URL.replace("+psycopg", "", 1), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return PG_URL


@pytest.fixture
def pg_cli(monkeypatch, cli, fresh_pg):
    """`cli` against the scratch PostgreSQL database (skipped where there is none)."""
    monkeypatch.setenv("NASALES_DB", fresh_pg)
    return cli
