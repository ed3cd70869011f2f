"""Accounts have e-mail domains (PRODUCT.md §9): set on the command line, shown, imported
and exported; capture links mail and meetings at them to the account."""

import json

import pytest

from snapshot import snapshot


@pytest.fixture
def account(cli):
    cli("account add 'Bouw BV' --owner Eva")


def test_domains_are_added_and_removed_one_by_one(cli, account):
    out = cli("account set 'Bouw BV' --domain Bouw.NL --domain @bouwgroep.nl").stdout
    assert out.strip().endswith("domains bouw.nl, bouwgroep.nl")
    cli("account set 'bouw bv' --domain bouw.nl")  # again: nothing new
    out = cli("account set 'Bouw BV' --no-domain BOUW.nl --domain bouw.be").stdout
    assert out.strip().endswith("domains bouwgroep.nl, bouw.be")
    shown = json.loads(cli("show 'Bouw BV' --on 2026-11-27 --format json").stdout)
    assert shown["domains"] == ["bouwgroep.nl", "bouw.be"]
    plain = cli("show 'Bouw BV' --on 2026-11-27 --format plain").stdout
    assert "  E-mail domains: bouwgroep.nl, bouw.be" in plain.splitlines()


def test_a_domain_another_account_or_we_have_is_set_with_a_note(
    cli, account, settings_file, isolated
):
    """A group's companies may share a domain (each gets its mail); our own domain never
    names a customer: both are said, one line each, and the change stands."""
    settings_file('own_domains = ["mijnbedrijf.nl"]\n')
    cli("account add 'Bouw Groep' --owner Eva")
    cli("account set 'Bouw Groep' --domain bouwgroep.nl --domain groep.bouw.nl")
    result = cli("account set 'Bouw BV' --domain BouwGroep.nl --domain sales.mijnbedrijf.nl")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "note: Bouw Groep has the domain bouwgroep.nl too: its mail and meetings are logged "
        "on both",
        "note: sales.mijnbedrijf.nl is your own organisation's (own_domains): mail and "
        "meetings there are your colleagues', never logged on Bouw BV",
    ]
    assert result.stdout.strip().endswith("domains bouwgroep.nl, sales.mijnbedrijf.nl")
    again = cli("account set 'Bouw BV' --domain bouw.nl --domain bouwgroep.nl")
    assert again.stderr == ""  # only what is added now is told; bouw.nl is nobody's
    assert cli("account set 'Bouw BV' --domain groep.nl").stderr == ""  # a whole domain only
    dutch = cli("account set 'Bouw Groep' --domain bouw.nl", env={"NASALES_LANG": "nl"})
    assert "Bouw BV heeft het domein bouw.nl ook" in dutch.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("--domain jan@bouw.nl", "'jan@bouw.nl' is not a domain: give only what follows the @"),
        ("--domain gmail.com", "gmail.com is a free-mail domain: it never names a company"),
        ("--domain bouw", "'bouw' is not an e-mail domain such as bouw.nl"),
        ("--domain ok.nl --no-domain bouw.nl", "Bouw BV has no domain 'bouw.nl'"),
    ],
)
def test_a_bad_domain_is_one_line_and_changes_nothing(cli, account, isolated, options, message):
    before = snapshot(isolated)
    result = cli(f"account set 'Bouw BV' {options}", ok=False)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"nasales: {message}") and result.stderr.count("\n") == 1
    assert snapshot(isolated) == before


def test_domains_travel_through_export_and_import(cli, account, tmp_path):
    cli("account set 'Bouw BV' --domain bouw.nl --domain bouwgroep.nl")
    exported = cli("export accounts").stdout
    assert exported == "name,owner,tier,clv,notes,domain\nBouw BV,Eva,,,,bouw.nl bouwgroep.nl\n"
    (tmp_path / "accounts.csv").write_text(
        "name;domain\nBouw BV;bouw.nl, Bouw.BE\nNieuw BV;nieuw.nl;\n", encoding="utf-8"
    )
    out = cli(f"import accounts {tmp_path / 'accounts.csv'}").stdout
    assert "imported 2 (1 new, 1 updated, 0 unchanged)" in out
    assert cli("export accounts").stdout.splitlines()[1:] == [
        "Bouw BV,Eva,,,,bouw.nl bouw.be",
        "Nieuw BV,,,,,nieuw.nl",
    ]
    again = cli(f"import accounts {tmp_path / 'accounts.csv'}").stdout
    assert "imported 2 (0 new, 0 updated, 2 unchanged)" in again


def test_an_imported_free_mail_domain_is_an_invalid_row(cli, empty_book, tmp_path):
    (tmp_path / "accounts.csv").write_text("name,domain\nA BV,a.nl\nB BV,hotmail.com\n")
    result = cli(f"import accounts {tmp_path / 'accounts.csv'}", ok=False)
    assert result.exit_code == 1
    assert "line 3: domain: hotmail.com is a free-mail domain" in result.stderr
    assert cli("export accounts").stdout == "name,owner,tier,clv,notes,domain\n"


def test_dutch(cli, account, monkeypatch):
    monkeypatch.setenv("NASALES_LANG", "nl")
    result = cli("account set 'Bouw BV' --domain piet@bouw.nl", ok=False)
    assert result.stderr == (
        "nasales: 'piet@bouw.nl' is geen domein: geef alleen wat na de @ komt, bijvoorbeeld "
        "bouw.nl\n"
    )
    out = cli("account set 'Bouw BV' --domain bouw.nl").stdout
    assert out.strip().endswith("domeinen bouw.nl")


def test_a_shared_domain_is_noted_on_postgresql(pg_cli):
    pg_cli("account add 'Bouw BV' --owner Eva")
    pg_cli("account add 'Bouw Groep' --owner Eva")
    pg_cli("account set 'Bouw Groep' --domain bouw.nl")
    result = pg_cli("account set 'Bouw BV' --domain bouw.nl")
    assert result.stderr.startswith("note: Bouw Groep has the domain bouw.nl too")
