"""The database file: a read never creates one, a typo never grows directories, a damaged one
is called damaged, a read-only one is read without leaving files behind."""

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

import realproc as rp

READS = [
    "today --on 2026-11-03",
    "today --quiet --on 2026-11-03",
    "today --format json --on 2026-11-03",
    "agenda --on 2026-11-03",
    "show Acme --on 2026-11-03",
    "review --on 2026-11-03",
    "digest --quiet --on 2026-11-03",
    "pipeline --on 2026-11-03",
    "calendar --on 2026-11-03",
    "export accounts",
    "export touchpoints --format json",
    "contact export Jan",
    "contact forget Jan --yes",
]


@pytest.mark.parametrize("args", READS)
def test_a_read_at_a_path_without_a_database_says_so_and_creates_nothing(cli, tmp_path, args):
    typo = tmp_path / "nasales.dbb"
    result = cli(f"--db {typo} {args}", ok=False)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        f"nasales: no nasales database at {typo}; check the path (--db, NASALES_DB), or start "
        "one by recording something (nasales account add NAME) or with: nasales demo\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_dry_run_import_at_a_new_path_checks_the_file_and_creates_no_database(cli, tmp_path):
    new = tmp_path / "nasales.db"
    good, bad = tmp_path / "accounts.csv", tmp_path / "bad.csv"
    good.write_text("name,tier\nAcme,A\n")
    bad.write_text("name,tier\nAcme,A\nBeta,Z\n")
    result = cli(f"--db {new} import accounts {good} --dry-run")
    assert result.stdout.splitlines() == [
        f"no database at {new} yet: the file is checked against an empty book",
        "accounts: 1 row read, would import 1 (1 new, 0 updated, 0 unchanged)",
        "dry run: nothing written",
    ]
    result = cli(f"--db {new} import accounts {bad} --dry-run", ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        "line 3: bad tier 'Z': use one of A, B or C\nnasales: 1 invalid row; nothing imported\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accounts.csv", "bad.csv"]


FAILING_WRITES = [
    "done manual:1 --on 2026-11-03",
    "done confirm:W1 --on 2026-11-03",
    "log Nope call --on 2026-11-03",
    "hand manual:1 --to Eva --on 2026-11-03",
    "order delivered X --on 2026-11-03",
    "hurdle add X 'Late part' --on 2026-11-03",
    "import accounts {bad}",
]


@pytest.mark.parametrize("args", FAILING_WRITES)
def test_a_write_that_fails_leaves_no_new_database(cli, tmp_path, args):
    typo = tmp_path / "typo.db"
    (tmp_path / "bad.csv").write_text("name,tier\nAcme,Z\n")
    result = cli(f"--db {typo} " + args.format(bad=tmp_path / "bad.csv"), ok=False)
    assert (result.exit_code, result.stderr.count("\n") >= 1) == (1, True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]
    # and the cron job on that path goes on saying there is no database
    result = cli(f"--db {typo} today --quiet --on 2026-11-03", ok=False)
    assert result.stderr.startswith(f"nasales: no nasales database at {typo}; ")


def test_a_failing_write_removes_only_a_file_it_created(cli, tmp_path, isolated):
    from nasales.errors import NasalesError
    from nasales.store.db import transaction

    empty = tmp_path / "empty.db"
    empty.touch()  # given as the database by the user: not this command's to remove
    assert cli(f"--db {empty} log Nope call --on 2026-11-03", ok=False).exit_code == 1
    assert empty.exists()
    new = tmp_path / "new.db"
    with pytest.raises(NasalesError), transaction(str(new), write=True):
        assert new.exists()  # created, migrated
        raise NasalesError("refused")
    assert not any(tmp_path.glob("new.db*"))
    with transaction(str(new), write=True) as db:  # a write that succeeds keeps it
        db.execute("INSERT INTO account (name, name_key) VALUES ('Acme', 'acme')")
    with pytest.raises(NasalesError), transaction(str(new), write=True):
        raise NasalesError("refused")  # an existing database stays, of course
    assert rp.query(new, "SELECT name FROM account") == [("Acme",)]
    real = tmp_path / "real.db"
    cli(f"--db {real} account add Acme")
    cli(f"--db {real} log Nope call --on 2026-11-03", ok=False)
    assert real.exists()


def test_the_cron_job_on_a_typo_fails_loudly(tmp_path, isolated):
    typo = tmp_path / "nasales.bd"
    result = rp.run(typo, "today", "--quiet", "--on", "2026-11-03")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith(f"nasales: no nasales database at {typo}; ")
    assert result.stderr.count("\n") == 1
    assert not typo.exists() and not isolated.exists()


def test_doctor_fails_without_a_database_and_creates_nothing(cli, tmp_path):
    typo = tmp_path / "sub" / "nasales.db"
    result = cli(f"--db {typo} doctor", ok=False)
    assert result.exit_code == 1
    assert f"fail  no nasales database at {typo}; " in result.stdout
    assert not typo.parent.exists()


def test_a_read_in_dutch_says_it_in_dutch(cli, tmp_path):
    result = cli(f"--db {tmp_path / 'x.db'} today", ok=False, env={"NASALES_LANG": "nl"})
    assert result.stderr.startswith(f"nasales: geen nasales-database in {tmp_path / 'x.db'}; ")


def test_an_empty_file_is_no_database_to_read_and_an_owner_only_one_once_written(cli, tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    empty.chmod(0o644)
    result = cli(f"--db {empty} today --on 2026-11-03", ok=False)
    assert result.stderr.startswith(f"nasales: no nasales database at {empty}; ")
    assert empty.stat().st_size == 0 and stat.S_IMODE(empty.stat().st_mode) == 0o644
    cli(f"--db {empty} account add Acme")
    assert stat.S_IMODE(empty.stat().st_mode) == 0o600  # it holds personal data now
    assert "nothing due" in cli(f"--db {empty} today --on 2026-11-03").stdout


@pytest.mark.parametrize("via", ["--db", "NASALES_DB", "sqlite:///"])
def test_a_write_never_creates_the_directories_of_a_typed_path(cli, tmp_path, via):
    typo = tmp_path / "no" / "such" / "dir" / "x.db"
    if via == "--db":
        result = cli(f"--db {typo} account add Acme", ok=False)
    elif via == "NASALES_DB":
        result = cli("account add Acme", ok=False, env={"NASALES_DB": str(typo)})
    else:
        result = cli(f"--db sqlite:///{typo} account add Acme", ok=False)
    assert result.exit_code == 1
    assert result.stderr == (
        f"nasales: there is no directory {typo.parent} for the database {typo}; check the "
        "path, or create the directory first\n"
    )
    assert not (tmp_path / "no").exists()


def test_the_default_place_is_created_owner_only(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("NASALES_DB")
    cli("account add Acme")
    default = tmp_path / "data" / "nasales"  # XDG_DATA_HOME/nasales
    assert (default / "nasales.db").is_file()
    assert stat.S_IMODE(default.stat().st_mode) == 0o700


# -- a damaged database ------------------------------------------------------------------


@pytest.fixture
def book_with_a_backup(cli, isolated, tmp_path):
    """A book of 200 touchpoints and a dated backup next to it; returns that backup."""
    cli("account add Acme --owner Eva")
    rows = "\n".join(f"Acme,call,2026-11-02,,,note {i} {'x' * 200}" for i in range(200))
    (tmp_path / "t.csv").write_text(f"account,kind,date,order,contact,note\n{rows}\n")
    cli(f"import touchpoints {tmp_path / 't.csv'}")
    out = cli("backup").stdout
    return Path(out.removeprefix("backed up to ").split(" (integrity")[0])


def _damaged(result, db, backup) -> None:
    assert result.exit_code == 1
    assert result.stderr.startswith(f"nasales: the database {db} is damaged (")
    assert "not a nasales database" not in result.stderr
    assert result.stderr.endswith(f"the newest next to it is {backup}\n")
    assert "(how: nasales backup --help)" in result.stderr  # found in any language


def test_backup_help_says_how_to_restore_in_the_users_language(cli):
    english = cli("backup --help").stdout
    assert "To restore a copy:" in english and "nasales doctor" in english
    dutch = cli("backup --help", env={"NASALES_LANG": "nl"}).stdout
    assert "Een kopie terugzetten:" in dutch and "cp KOPIE nasales.db" in dutch


@pytest.mark.parametrize("keep", [10, 50, 4096, 20000])
def test_a_truncated_database_is_damaged_and_names_the_backup(cli, book_with_a_backup, keep):
    db = book_with_a_backup.with_name("nasales.db")
    rp.query(db, "PRAGMA wal_checkpoint(TRUNCATE)")
    with db.open("r+b") as f:
        f.truncate(keep)
    before = db.read_bytes()
    for args in ("today --on 2026-11-03", "show Acme", "account add Beta"):
        _damaged(cli(args, ok=False), db, book_with_a_backup)
    assert db.read_bytes() == before


def test_a_database_damaged_inside_is_damaged_when_read(cli, book_with_a_backup):
    db = book_with_a_backup.with_name("nasales.db")
    rp.query(db, "PRAGMA wal_checkpoint(TRUNCATE)")
    size = db.stat().st_size
    with db.open("r+b") as f:  # the last pages (touchpoints) overwritten; the schema intact
        f.seek(size - 10 * 4096)
        f.write(b"Z" * 10 * 4096)
    _damaged(cli("export touchpoints", ok=False), db, book_with_a_backup)
    doctor = cli("doctor", ok=False)
    assert doctor.exit_code == 1
    assert f"fail  the database {db} is damaged (" in doctor.stdout
    assert f"the newest next to it is {book_with_a_backup}" in doctor.stdout


def test_another_file_is_still_not_a_nasales_database(cli, tmp_path):
    other = tmp_path / "notes.db"
    other.write_bytes(b"just some notes, not SQLite at all")
    result = cli(f"--db {other} today", ok=False)
    assert "is not a nasales database" in result.stderr and "damaged" not in result.stderr


# -- a read-only database, read as another user than root ---------------------------------


def _as_nobody() -> list[str] | None:
    """The command that runs this nasales as user `nobody`, or None where it cannot."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        return None
    package = Path(__file__).resolve().parent.parent / "src"
    paths = [str(package), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for python in (sys.executable, f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
        command = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", python]
        probe = subprocess.run(
            [*command, "-c", "import nasales.cli"],
            env={"PYTHONPATH": os.pathsep.join(paths), "PATH": "/usr/bin:/bin"},
            capture_output=True,
        )
        if probe.returncode == 0:
            return command
    return None


@pytest.mark.slow  # real processes as another user
def test_a_read_only_database_is_read_without_leaving_files(cli):
    command = _as_nobody()
    if command is None:
        pytest.skip("needs root, setpriv and a Python that the user nobody can run")
    folder = Path(tempfile.mkdtemp(dir="/tmp"))
    try:
        folder.chmod(0o777)
        db = folder / "nasales.db"
        cli(f"--db {db} account add Acme")
        cli(f"--db {db} order won Acme Press --ref P-1 --on 2026-11-02")
        shutil.chown(db, "nobody")
        db.chmod(0o444)
        home = folder / "home"
        home.mkdir(mode=0o777)
        package = Path(__file__).resolve().parent.parent / "src"
        paths = [str(package), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
        env = {
            "PYTHONPATH": os.pathsep.join(paths),
            "PATH": "/usr/bin:/bin",
            "NASALES_DB": str(db),
            "HOME": str(home),
            "XDG_DATA_HOME": str(home),
            "XDG_CONFIG_HOME": str(home),
            "XDG_CACHE_HOME": str(home),
        }

        def run(*args: str) -> subprocess.CompletedProcess:
            return subprocess.run(
                [*command, "-m", "nasales", *args], env=env, capture_output=True, text=True
            )

        for args in (["today", "--on", "2026-11-03"], ["export", "accounts"], ["doctor"]):
            result = run(*args)
            assert "Traceback" not in result.stderr
            assert sorted(p.name for p in folder.iterdir()) == ["home", "nasales.db"], args
        assert "confirm:P-1" in run("today", "--on", "2026-11-03").stdout
        assert "journal_mode=wal" in run("doctor").stdout
        refused = run("account", "add", "Beta")
        assert refused.returncode == 1
        assert refused.stderr == (
            f"nasales: cannot save: {db} is read-only; make it writable with: chmod u+w '{db}'\n"
        )
        assert sorted(p.name for p in folder.iterdir()) == ["home", "nasales.db"]
        db.chmod(0o644)  # the mode restored: nothing left behind blocks a write
        assert run("account", "add", "Beta").returncode == 0
    finally:
        shutil.rmtree(folder)


def test_a_read_leaves_a_writable_database_as_it_was(cli, isolated):
    cli("account add Acme")
    conn = sqlite3.connect(isolated)
    rows = conn.execute("SELECT * FROM account").fetchall()
    conn.close()
    cli("today --on 2026-11-03")
    assert sorted(p.name for p in isolated.parent.iterdir() if p.name.startswith("nasales")) == [
        "nasales.db"
    ]
    assert rp.query(isolated, "SELECT * FROM account") == rows


def test_a_failing_cron_write_at_a_typo_leaves_nothing_in_a_real_process(tmp_path):
    typo = tmp_path / "typo.sqlite"
    result = rp.run(typo, "done", "manual:1", "--on", "2026-11-03")
    assert (result.returncode, result.stderr) == (1, "nasales: unknown promise 1\n")
    assert list(tmp_path.iterdir()) == []
