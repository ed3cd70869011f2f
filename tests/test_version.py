"""The version is written once, in `nasales/__init__.py`: the package build, the catalogue and
`nasales --version` read it there (issue 20 item 9)."""

import re
import tomllib
from pathlib import Path

import nasales

ROOT = Path(__file__).resolve().parents[1]


def test_the_build_reads_the_version_from_the_source() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in config["project"]
    assert "version" in config["project"]["dynamic"]
    assert config["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "nasales.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", nasales.__version__)


def test_the_catalogue_reads_the_version_from_the_source() -> None:
    script = (ROOT / "tools" / "catalog.sh").read_text(encoding="utf-8")
    assert re.search(r"--version=\d", script) is None
    assert "src/nasales/__init__.py" in script


def test_version_prints_the_one_version(cli) -> None:
    assert cli("--version").stdout == f"nasales {nasales.__version__}\n"
