"""The playbook's numbers come from a TOML file (PRODUCT.md §3, last bullet), read once per
run by nasales.settings and checked by domain/rules.py."""

from datetime import date
from pathlib import Path

import pytest

from nasales.domain.playbook import AccountFacts, Book, OrderFacts, Playbook
from nasales.domain.rules import Rules
from nasales.errors import Invalid
from nasales.settings import config_path, load_rules


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def one_won_order(last_contact: date | None = None, **order: object) -> Book:
    fields: dict = {
        "ref": "O-1",
        "account": "Acme",
        "status": "won",
        "signed_on": date(2026, 11, 27),  # a Friday
        "value": 1000.0,
    }
    fields.update(order)
    return Book(
        accounts={"Acme": AccountFacts("Acme", last_personal_contact=last_contact)},
        orders=(OrderFacts(**fields),),
    )


def due_by_reason(rules: Rules, book: Book, today: date) -> dict[str, date]:
    return {i.reason: i.due for i in Playbook(rules).due_items(book, today)}


# -- defaults --------------------------------------------------------------------------------


def test_defaults_are_those_of_the_product() -> None:
    rules = Rules()
    assert rules.country == "NL"
    assert rules.confirm_working_days == 1
    assert rules.post_delivery_working_days == 2
    assert rules.relationship_days == {"A": 30, "B": 90, "C": 180}
    assert rules.tier_thresholds == {"A": 100_000, "B": 20_000}
    assert rules.lost_followup_stages == ((14, 1), (90, 60))


@pytest.mark.parametrize(
    ("age", "interval"),
    [(0, 7), (1, 7), (27, 7), (28, 14), (29, 14), (90, 14), (91, 30), (365, 30), (5000, 30)],
)
def test_default_agreement_intervals_taper(age: int, interval: int) -> None:
    assert Rules().agreement_interval(age) == interval


@pytest.mark.parametrize(
    ("value", "tier"),
    [
        (0, "C"),
        (19_999.99, "C"),
        (20_000, "B"),
        (99_999.99, "B"),
        (100_000, "A"),
        (1_000_000, "A"),
    ],
)
def test_default_tier_thresholds(value: float, tier: str) -> None:
    assert Rules().tier_for_value(value) == tier


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    assert load_rules(tmp_path / "nope.toml") == Rules()


def test_empty_file_means_defaults(tmp_path: Path) -> None:
    assert load_rules(write(tmp_path, "")) == Rules()


def test_the_documented_defaults_file_loads_to_the_defaults(tmp_path: Path) -> None:
    text = """
country = "NL"
confirm_working_days = 1
post_delivery_working_days = 2
agreement_intervals = [[28, 7], [91, 14], [0, 30]]
lost_followup_stages = [[14, 1], [90, 60]]
relationship_days = { A = 30, B = 90, C = 180 }
tier_thresholds = { A = 100000, B = 20000 }
"""
    assert load_rules(write(tmp_path, text)) == Rules()


# -- where the file is -----------------------------------------------------------------------


def test_nasales_config_env_var_chooses_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "confirm_working_days = 3\n")
    monkeypatch.setenv("NASALES_CONFIG", str(path))
    assert config_path() == path
    assert load_rules().confirm_working_days == 3


def test_without_env_var_the_file_is_in_the_user_config_dir(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NASALES_CONFIG", raising=False)
    path = config_path()
    assert path.name == "config.toml"
    assert "nasales" in path.parts


def test_env_var_pointing_to_a_missing_file_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NASALES_CONFIG", str(tmp_path / "absent.toml"))
    with pytest.raises(Invalid, match=r"absent.toml \(NASALES_CONFIG\) does not exist"):
        load_rules()


# -- overrides change results ----------------------------------------------------------------


def test_partial_file_keeps_other_defaults(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, "post_delivery_working_days = 5\n"))
    assert rules.post_delivery_working_days == 5
    assert rules.confirm_working_days == 1
    assert rules.country == "NL"
    assert rules.relationship_days == {"A": 30, "B": 90, "C": 180}


def test_confirm_working_days_override(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, "confirm_working_days = 3\n"))
    book = one_won_order()
    # default: Friday 27 Nov + 1 working day = Monday 30 Nov
    assert due_by_reason(Rules(), book, date(2026, 11, 30))["confirm"] == date(2026, 11, 30)
    assert "confirm" not in due_by_reason(rules, book, date(2026, 12, 1))
    assert due_by_reason(rules, book, date(2026, 12, 2))["confirm"] == date(2026, 12, 2)


def test_country_override_changes_working_days(tmp_path: Path) -> None:
    # Won on Friday 24 April 2026: in NL Monday 27 April is King's Day.
    book = one_won_order(signed_on=date(2026, 4, 24))
    nl = Playbook(load_rules(write(tmp_path, 'country = "NL"\n')))
    de = Playbook(load_rules(write(tmp_path, 'country = "DE"\n')))
    today = date(2026, 4, 30)
    assert {i.due for i in nl.due_items(book, today) if i.reason == "confirm"} == {
        date(2026, 4, 28)
    }
    assert {i.due for i in de.due_items(book, today) if i.reason == "confirm"} == {
        date(2026, 4, 27)
    }


def test_agreement_intervals_override(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, "agreement_intervals = [[0, 3]]\n"))
    assert rules.agreement_intervals == ((0, 3),)
    # signed Monday 2 Nov, last agreement Monday 2 Nov + 3 days = Thursday 5 Nov
    book = one_won_order(signed_on=date(2026, 11, 2), last_contact=date(2026, 11, 2))
    assert due_by_reason(rules, book, date(2026, 11, 5))["agreement"] == date(2026, 11, 5)
    assert due_by_reason(Rules(), book, date(2026, 11, 9))["agreement"] == date(2026, 11, 9)
    assert "agreement" not in due_by_reason(Rules(), book, date(2026, 11, 6))


def test_lost_followup_stages_override(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, "lost_followup_stages = [[7, 1]]\n"))
    book = one_won_order(status="lost", signed_on=date(2026, 11, 2))
    assert due_by_reason(rules, book, date(2026, 11, 9))["lost_followup"] == date(2026, 11, 9)
    assert "lost_followup" not in due_by_reason(Rules(), book, date(2026, 11, 9))


def test_relationship_and_tier_overrides(tmp_path: Path) -> None:
    text = (
        "relationship_days = { A = 10, B = 20, C = 40 }\ntier_thresholds = { A = 500, B = 100 }\n"
    )
    rules = load_rules(write(tmp_path, text))
    assert rules.relationship_days == {"A": 10, "B": 20, "C": 40}
    assert rules.tier_for_value(500) == "A"
    assert rules.tier_for_value(499) == "B"
    # delivered long ago, last contact Monday 2 Nov; won value 1000 is tier A with these rules
    book = one_won_order(
        signed_on=date(2026, 1, 5),
        delivered_on=date(2026, 2, 2),
        last_contact=date(2026, 11, 2),
    )
    assert due_by_reason(rules, book, date(2026, 11, 12)) == {"relationship": date(2026, 11, 12)}
    assert due_by_reason(Rules(), book, date(2026, 11, 12)) == {}


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "country = ",
        "country = NL",
        "[unclosed",
        "confirm_working_days = 1\nconfirm_working_days = 2\n",
        "relationship_days = { A = 30, B = 90, C = 180 ",
    ],
)
def test_bad_toml_raises_invalid(tmp_path: Path, text: str) -> None:
    with pytest.raises(Invalid, match="configuration"):
        load_rules(write(tmp_path, text))


def test_non_utf8_file_raises_invalid(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'country = "\xff\xfe"\n')
    with pytest.raises(Invalid):
        load_rules(path)


def test_a_directory_instead_of_a_file_raises_invalid(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.mkdir()
    with pytest.raises(Invalid):
        load_rules(path)


@pytest.mark.parametrize("key", ["contry", "confirm_days", "colour", "relationship"])
def test_unknown_key_raises_invalid_and_names_it(tmp_path: Path, key: str) -> None:
    with pytest.raises(Invalid, match=key):
        load_rules(write(tmp_path, f"{key} = 1\n"))


@pytest.mark.parametrize("country", ["XX", "Netherlands", "", "ZZ"])
def test_unknown_country_raises_invalid(tmp_path: Path, country: str) -> None:
    with pytest.raises(Invalid, match="country"):
        load_rules(write(tmp_path, f'country = "{country}"\n'))


@pytest.mark.parametrize(
    "text",
    [
        # C missing
        "relationship_days = { A = 30, B = 90, C = 180, D = 365 }",
        "confirm_working_days = -1",
        "post_delivery_working_days = -2",
        "agreement_intervals = []",
        "agreement_intervals = [[28, -7]]",
        "agreement_intervals = [[28, 7, 1]]",
        "agreement_intervals = [[28]]",
        "agreement_intervals = 7",
        'agreement_intervals = [["a", 7]]',
        "lost_followup_stages = [[14, -1]]",
        "lost_followup_stages = [[14]]",
        'confirm_working_days = "one"',
        "country = 5",
        "relationship_days = 30",
        "tier_thresholds = 100000",
        # the types of the numbers themselves
        'relationship_days = { A = "30", B = 90, C = 180 }',
        "relationship_days = { A = -30, B = 90, C = 180 }",
        'tier_thresholds = { A = "lots", B = 20000 }',
        "tier_thresholds = { A = true, B = 20000 }",
        "confirm_working_days = 1.5",
        "post_delivery_working_days = true",
    ],
)
def test_bad_values_raise_invalid(tmp_path: Path, text: str) -> None:
    with pytest.raises(Invalid):
        load_rules(write(tmp_path, text + "\n"))


def test_lost_followup_stages_in_any_order_mean_the_same(tmp_path: Path) -> None:
    rules = load_rules(write(tmp_path, "lost_followup_stages = [[90, 60], [14, 1]]\n"))
    assert rules.lost_followup_stages == ((14, 1), (90, 60))
    # lost Monday 2 March 2026: stage 2 is due Monday 1 June, stage 1 must not linger
    book = one_won_order(status="lost", signed_on=date(2026, 3, 2))
    assert due_by_reason(rules, book, date(2026, 6, 1)) == {"lost_followup": date(2026, 6, 1)}
    assert due_by_reason(rules, book, date(2026, 5, 29)) == {"lost_followup": date(2026, 3, 16)}


@pytest.mark.parametrize(
    "setting",
    ["agreement_intervals = [[28, 0], [0, 30]]", "relationship_days = { A = 0, B = 90, C = 180 }"],
)
def test_an_interval_of_zero_days_is_refused(tmp_path: Path, setting: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(setting + "\n", encoding="utf-8")
    with pytest.raises(Invalid, match="1 day or more"):
        load_rules(path)


def test_a_table_may_name_only_some_tiers(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("relationship_days = { A = 7 }\ntier_thresholds = { B = 5000 }\n")
    rules = load_rules(path)
    assert rules.relationship_days == {"A": 7, "B": 90, "C": 180}
    assert rules.tier_thresholds == {"A": 100_000, "B": 5000}
