"""Hostile settings: a named file that is missing, not a regular
file or absurdly large is an error, never ignored and never a hang; every day count and
amount is bounded, so `doctor` and every command say which setting is wrong instead of a
traceback; the file is read once per run."""

import os
import subprocess
import sys

import pytest

import realproc as rp
from nasales.domain.rules import MAX_DAYS, MAX_WORKING_DAYS
from nasales.settings import MAX_BYTES

COMMANDS = [
    "today --on 2026-11-03",
    "agenda --on 2026-11-03 --days 30",
    "show Acme --on 2026-11-03",
    "review --on 2026-11-03",
    "digest --on 2026-11-03",
    "calendar --on 2026-11-03",
    "account add Beta",
    "log Acme call --on 2026-11-03",
]


@pytest.fixture
def acme(cli, isolated):
    cli("account add Acme --owner Eva")
    cli("order won Acme Press --ref P-1 --value 40000 --on 2026-11-02")
    cli("order lost Acme Oven --ref P-2 --on 2026-11-02")
    return isolated


def _refused(cli, acme, args, message) -> None:
    from snapshot import snapshot

    before = snapshot(acme)
    result = cli(args, ok=False)
    assert result.exit_code == 1, result.stdout
    assert result.stderr == f"nasales: {message}\n"
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(acme) == before


@pytest.mark.parametrize(
    ("setting", "reason"),
    [
        (
            "confirm_working_days = 100000000",
            f"confirm_working_days must be at most {MAX_WORKING_DAYS}",
        ),
        (
            "post_delivery_working_days = 261",
            f"post_delivery_working_days must be at most {MAX_WORKING_DAYS}",
        ),
        (
            "lost_followup_stages = [[99999999, 1]]",
            f"lost_followup_stages must be at most {MAX_DAYS}",
        ),
        (
            "lost_followup_stages = [[14, 99999999]]",
            f"lost_followup_stages must be at most {MAX_DAYS}",
        ),
        ("agreement_intervals = [[28, 3661]]", f"agreement_intervals must be at most {MAX_DAYS}"),
        (
            "agreement_intervals = [[99999999, 7]]",
            f"agreement_intervals must be at most {MAX_DAYS}",
        ),
        ("relationship_days = { C = 99999999 }", f"relationship_days must be at most {MAX_DAYS}"),
        ("tier_thresholds = { A = inf }", "tier_thresholds must be amounts of zero or more"),
        ("tier_thresholds = { B = nan }", "tier_thresholds must be amounts of zero or more"),
        ("tier_thresholds = { A = 1e300 }", "tier_thresholds must be at most 1e+15"),
        ("tier_thresholds = { A = 10, B = 20 }", "tier_thresholds: A must be at least B"),
        ("tier_thresholds = { E = 10 }", "tier_thresholds knows the tiers A, B, not 'E'"),
        ("confirm_working_days = 1e3", "confirm_working_days must be a whole number of days"),
    ],
)
def test_an_unbounded_setting_is_named_by_every_command_and_doctor(
    cli, acme, settings_file, setting, reason
):
    path = settings_file(setting + "\n")
    message = f"bad setting in {path}: {reason}"
    for args in COMMANDS:
        _refused(cli, acme, args, message)
    doctor = cli("doctor", ok=False)
    assert doctor.exit_code == 1 and f"fail  {message}" in doctor.stdout


def test_the_largest_settings_still_work(cli, acme, settings_file):
    settings_file(
        f"confirm_working_days = {MAX_WORKING_DAYS}\n"
        f"post_delivery_working_days = {MAX_WORKING_DAYS}\n"
        f"lost_followup_stages = [[{MAX_DAYS}, {MAX_DAYS}]]\n"
        f"agreement_intervals = [[0, {MAX_DAYS}]]\n"
        f"relationship_days = {{ A = {MAX_DAYS}, B = {MAX_DAYS}, C = {MAX_DAYS} }}\n"
        "tier_thresholds = { A = 1e15, B = 1e15 }\n"
    )
    for args in ("today --on 2999-12-31", "agenda --on 2999-12-31 --days 366", "doctor"):
        assert "Traceback" not in cli(args).stdout


def _hangs_not(args: list[str], config: str, **extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NASALES_CONFIG": config, **extra}
    return subprocess.run(
        [sys.executable, "-m", "nasales", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=20,
    )


@pytest.mark.parametrize("where", ["/dev/zero", "fifo", "directory", "missing", "large"])
def test_a_named_settings_file_must_be_a_regular_file_of_sane_size(acme, tmp_path, where):
    path = tmp_path / "settings.toml"
    if where == "/dev/zero":  # endless: reading it all would never finish
        config = "/dev/zero"
        reason = "the settings file /dev/zero is not a regular file"
    else:
        config = str(path)
        if where == "fifo":
            os.mkfifo(path)  # opening it to read would wait for a writer forever
            reason = f"the settings file {path} is not a regular file"
        elif where == "directory":
            path.mkdir()
            reason = f"the settings file {path} is not a regular file"
        elif where == "missing":
            reason = f"the settings file {path} (NASALES_CONFIG) does not exist"
        else:
            path.write_text("# " + "x" * MAX_BYTES + "\n")
            size = path.stat().st_size
            reason = f"the settings file {path} is too large ({size} bytes; at most {MAX_BYTES})"
    for args in (["today", "--on", "2026-11-03"], ["account", "add", "Beta"]):
        result = _hangs_not(args, config, NASALES_DB=str(acme))
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr == f"nasales: {reason}\n"
    doctor = _hangs_not(["doctor"], config, NASALES_DB=str(acme))
    assert doctor.returncode == 1 and f"fail  {reason}" in doctor.stdout
    assert rp.query(acme, "SELECT count(*) FROM account") == [(1,)]


def test_a_broken_settings_file_is_reported_in_the_users_language(cli, acme, settings_file):
    path = settings_file('language = "nl"\nconfirm_working_days = 100000000\n')
    result = cli("today --on 2026-11-03", ok=False, env={"LANG": "nl_NL.UTF-8"})
    assert result.stderr == (
        f"nasales: ongeldige instelling in {path}: confirm_working_days mag hoogstens "
        f"{MAX_WORKING_DAYS} zijn\n"
    )


def test_the_settings_file_is_read_once_per_run(cli, acme, settings_file, monkeypatch):
    from nasales import settings

    settings_file('language = "en"\ncountry = "NL"\nconfirm_working_days = 2\n')
    reads = []
    real = settings._text
    monkeypatch.setattr(settings, "_text", lambda *a: reads.append(a) or real(*a))
    for args in ("today --on 2026-11-03", "show Acme --on 2026-11-03", "doctor", "account add Q"):
        reads.clear()
        cli(args)
        assert len(reads) == 1, args


def test_the_run_carries_its_options_and_settings(cli, acme, settings_file):
    """ctx.obj is the run (database and settings), not a bare string."""
    import typer

    from nasales.cli import app
    from nasales.cli.options import Run, run_of

    seen = []

    @app.command("__probe", hidden=True)
    def probe(ctx: typer.Context) -> None:
        seen.append(run_of(ctx))

    try:
        settings_file("confirm_working_days = 2\n")
        cli(f"--db {acme} __probe")
    finally:
        app.registered_commands = [c for c in app.registered_commands if c.name != "__probe"]
    (run,) = seen
    assert isinstance(run, Run) and run.db == str(acme)
    assert run.settings.rules.confirm_working_days == 2


@pytest.mark.parametrize("written", ["nl", "Nl", "NL", "be"])
def test_the_country_is_read_in_any_case(cli, acme, settings_file, written):
    """`country = "nl"` is the Netherlands, as a person writes it (NL, BE: ISO codes)."""
    from nasales.settings import load_rules

    path = settings_file(f'country = "{written}"\n')
    assert load_rules(path).country == written.upper()
    assert cli("doctor").exit_code == 0
    assert cli("today --on 2026-04-27").exit_code == 0


def test_a_setting_in_dutch_is_one_setting(cli, acme, settings_file):
    path = settings_file("confirm_working_days = 1.5\n")
    result = cli("today --on 2026-11-03", ok=False, env={"NASALES_LANG": "nl"})
    assert result.stderr.endswith("confirm_working_days moet een heel aantal dagen zijn\n")
    assert str(path) in result.stderr
