"""A sales team shares one PostgreSQL database: the same commands work against it.

Runs where NASALES_TEST_PG_URL names a scratch database (`.ci/run` starts one with
`.ci/postgres`); the tests wipe that database's public schema.
"""

import json

import pytest

pytestmark = pytest.mark.slow  # a PostgreSQL server, real processes


def test_the_daily_loop_on_postgresql(pg_cli):
    pg_cli("account add 'Bouw BV' --owner eva")
    pg_cli("account add Other --owner piet")
    pg_cli("contact add 'bouw bv' Jan --primary --phone '+31 6 1'")
    pg_cli("order won 'Bouw BV' Press --ref P-1 --value 12000 --on 2026-11-20 --decision narrow")
    pg_cli("order won Other Thing --ref O-1 --on 2026-11-20")
    pg_cli("log 'Bouw BV' call --on 2026-11-23 --contact Jan --mood doubt")
    hurdle = pg_cli("hurdle add P-1 'late part' --on 2026-11-26").stdout.strip()
    calls = json.loads(pg_cli("today --on 2026-11-27 --owner eva --format json").stdout)
    assert [c["key"] for c in calls] == [f"hurdle:{hurdle}", "agreement:P-1"]
    assert calls[0]["contact"]["name"] == "Jan" and calls[0]["owner"] == "eva"
    pg_cli(f"done hurdle:{hurdle} --on 2026-11-27")
    pg_cli("done agreement:P-1 --on 2026-11-27")
    # the agreement moment's contact counts for the problem too: a second call would not
    assert pg_cli(f"done hurdle:{hurdle} --on 2026-11-27", ok=False).exit_code == 1
    assert json.loads(pg_cli("today --on 2026-11-27 --owner eva --format json").stdout) == []
    assert "Press" in pg_cli("show 'BOUW BV' --on 2026-11-27").stdout


def test_errors_on_postgresql_change_nothing(pg_cli):
    pg_cli("account add Acme")
    result = pg_cli("order won Acme Thing --ref X --on 31-02-2026", ok=False)
    assert result.exit_code == 1 and "bad date" in result.stderr
    pg_cli("order won Acme Thing --ref X --on 2026-11-20")
    assert pg_cli("order won Acme Other --ref X", ok=False).exit_code == 1
    assert json.loads(pg_cli("today --on 2026-11-23 --format json").stdout)[0]["key"] == "confirm:X"


def test_a_team_logs_at_the_same_moment_while_the_digest_runs(pg_cli, fresh_pg):
    """A dozen people log calls at once against the shared server while cron's digest runs:
    every call is there, nobody sees an error, and no password shows anywhere."""
    import realproc as rp

    people = [f"Person {n}" for n in range(12)]
    for n, person in enumerate(people):
        pg_cli(f"account add 'Klant {n}' --owner '{person}'")
        pg_cli(f"order won 'Klant {n}' Machine --ref O-{n} --on 2026-11-24")
    digest = rp.start(fresh_pg, "digest", "--on", "2026-11-27", "--format", "json")
    logs = [
        rp.start(fresh_pg, "log", f"Klant {n}", "call", "--on", "2026-11-27", "--by", person)
        for n, person in enumerate(people)
    ]
    for proc in logs:
        code, out, err = rp.finish(proc)
        assert (code, err) == (0, ""), err
        assert "nasales:" not in out and "password" not in out.lower()
    code, out, err = rp.finish(digest)
    assert (code, err) == (0, ""), err
    before_or_after = json.loads(out)  # a consistent snapshot: each list whole
    assert set(before_or_after) <= set(people)
    assert json.loads(pg_cli("digest --on 2026-11-27 --format json").stdout) == {}
    page = json.loads(pg_cli("show 'Klant 7' --on 2026-11-27 --format json").stdout)
    assert [(t["kind"], t["by"]) for t in page["touchpoints"]] == [("call", "Person 7")]


def test_a_postgresql_password_never_shows(cli, monkeypatch):
    url = "postgresql://nasales:s3cr3t-pw@localhost:1/nasales_test"
    for args in (["--db", url, "today"], ["--db", url, "doctor"]):
        result = cli(args, ok=False)
        assert result.exit_code == 1
        assert "s3cr3t-pw" not in result.stdout + result.stderr
        assert "cannot connect to the database" in result.stdout + result.stderr
    bad_port = cli(["--db", "postgresql://u:pw@localhost:abc/db", "today"], ok=False)
    assert bad_port.exit_code == 1
    assert bad_port.stderr == "nasales: bad database URL: the port must be a number\n"
