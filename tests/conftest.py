"""Every test runs against its own temporary database, config and data directory."""

import os
import shlex

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner

import nasales.cli.i18n
import nasales.i18n
from nasales.cli import app

# -- the run: in parallel, in memory ---------------------------------------------------------


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """Run in parallel by default (pytest-xdist, one worker per core); `-n N` or `-n 0`
    chooses, `-p no:xdist` runs in this process. A worker takes the next test when it is
    free (worksteal): the long tests do not queue behind each other."""
    if not config.pluginmanager.has_plugin("xdist") or hasattr(config, "workerinput"):
        return  # a worker runs its tests itself (xdist sets its numprocesses to None)
    if config.option.numprocesses is None and not config.option.collectonly:
        config.option.numprocesses = "auto"
        if config.option.dist == "no":
            config.option.dist = "worksteal"


SERVER_FIXTURES = {"pg_url", "fresh_pg", "pg_cli"}


@pytest.hookimpl(tryfirst=True)  # before `-m` selects
def pytest_collection_modifyitems(config, items):
    """The default run (`pytest`, nothing named) leaves out the tests marked `slow`: the big
    property runs, the CRM reference, crashes, concurrency and the tests that need a server
    (PostgreSQL, IMAP). `-m slow` runs just those (`.ci/run` runs both); naming a file, a
    test, `-m` or `-k` runs what it names, slow or not."""
    for item in items:
        params = getattr(item, "callspec", None)
        on_postgresql = params is not None and "postgresql" in params.params.values()
        if on_postgresql or SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    if not _default_run(config):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


def _default_run(config) -> bool:
    """Nothing named on the command line: no path or test, no `-m`, no `-k`. A pytest-xdist
    worker is always given paths, so it asks its controller (`pytest_configure_node`)."""
    if hasattr(config, "workerinput"):
        return config.workerinput.get("nasales_default_run", False)
    named = config.args_source is not pytest.Config.ArgsSource.TESTPATHS
    return not (named or config.option.markexpr or config.option.keyword)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    node.workerinput["nasales_default_run"] = _default_run(node.config)


def pytest_configure(config):
    """Temporary directories in memory where there is /dev/shm: every command commits with
    `synchronous=FULL`, and an fsync on a disk costs more than the command. pytest keeps its
    own numbering and locking there (PYTEST_DEBUG_TEMPROOT), so runs side by side are safe."""
    shm = "/dev/shm"
    if (
        not config.option.basetemp
        and "PYTEST_DEBUG_TEMPROOT" not in os.environ
        and os.path.isdir(shm)
        and os.access(shm, os.W_OK | os.X_OK)
    ):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = shm


_BUILT: dict[tuple, object] = {}


def _command(typer_app):
    """Typer builds the click tree of every command for each invocation (20 ms); the tests
    build it once per shape of the app (a test may register a command of its own). `setup`
    translates the tree in place at the start of every run, so a tree that served a Dutch
    run serves an English one as a fresh one would (test_i18n.py)."""
    shape = (
        id(typer_app),
        *(id(c) for c in typer_app.registered_commands),
        *(id(g) for g in typer_app.registered_groups),
    )
    if shape not in _BUILT:
        _BUILT[shape] = typer.main.get_command(typer_app)
    return _BUILT[shape]


typer.testing._get_command = _command  # CliRunner.invoke's own lookup of the tree


@pytest.fixture
def fresh_command_tree():
    """The next invocation builds the click tree anew, as every real run does (a test of
    what happens when a parameter first coerces)."""
    _BUILT.clear()


def _localize_once(command):
    """`setup` translates the whole tree at the start of every run (a fresh tree in a real
    process); a tree the tests keep is translated again only when the language changed."""
    translations = nasales.i18n._active
    if command.__dict__.get("_tests_translated_by") is not translations:
        _localize(command)
        command._tests_translated_by = translations


_localize, nasales.cli.i18n.localize = nasales.cli.i18n.localize, _localize_once


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
def acme(cli, isolated):
    """A book with one person's data in it (Zoë Janssen at Acme, order P-1): for the tests of
    what happens to the database file (backup, doctor, pipes and files)."""
    cli("account add Acme --owner Eva")
    cli("contact add Acme 'Zoë Janssen' --email zoe@acme.example --phone '+31 6 5555 1234'")
    cli("order won Acme Press --ref P-1 --on 2026-11-20")
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


@pytest.fixture(scope="session")
def pg_url() -> str:
    """This run's scratch PostgreSQL database: NASALES_TEST_PG_URL itself, or under
    pytest-xdist one database per worker beside it (`…_gw0`), created on first use."""
    if not PG_URL:
        pytest.skip("no PostgreSQL: set NASALES_TEST_PG_URL (see .ci/postgres)")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return PG_URL
    import psycopg
    from psycopg import sql

    base, _, name = PG_URL.rpartition("/")
    name, query = name.partition("?")[::2]
    mine = f"{name}_{worker}"
    with psycopg.connect(PG_URL.replace("+psycopg", "", 1), autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (mine,)).fetchone()
        if not found:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(mine)))
    return f"{base}/{mine}" + (f"?{query}" if query else "")


@pytest.fixture
def fresh_pg(pg_url) -> str:
    """The URL of a scratch PostgreSQL database, its public schema wiped (`.ci/run` starts
    one with `.ci/postgres`); the test is skipped, saying why, where there is none."""
    import psycopg

    with psycopg.connect(pg_url.replace("+psycopg", "", 1), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return pg_url


@pytest.fixture
def pg_cli(monkeypatch, cli, fresh_pg):
    """`cli` against the scratch PostgreSQL database (skipped where there is none)."""
    monkeypatch.setenv("NASALES_DB", fresh_pg)
    return cli
