"""The docs cannot drift from the program: the CLI reference and the README's command table
are generated from `--help`, every command has help, and CI runs what the README says."""

import importlib.util
import re
from pathlib import Path

import typer

ROOT = Path(__file__).resolve().parents[1]


def _reference():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "tools/cli_reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_cli_reference_and_the_readme_table_are_current() -> None:
    assert _reference().main(check=True) == 0, "run: python tools/cli_reference.py"


def test_the_schema_page_is_printed_from_the_models() -> None:
    spec = importlib.util.spec_from_file_location("schema_doc", ROOT / "tools/schema_doc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(check=True) == 0, "run: python tools/schema_doc.py"


def test_every_command_and_option_has_help() -> None:
    missing = []
    for path, command in _reference().commands():
        name = " ".join(["nasales", *path])
        if not command.help:
            missing.append(name)
        for param in command.params:
            if not getattr(param, "help", None) and param.name != "help":
                missing.append(f"{name} {param.name}")
    assert missing == []


def test_the_readme_opens_with_the_two_commands_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```bash\n(.*?)```", readme, re.S)
    assert first_block is not None
    run, test = first_block.group(1).strip().splitlines()
    assert run.endswith("nasales demo") and "pip install ." in run
    assert test.endswith("python -m pytest")
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readme_names_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path, command in _reference().commands():
        if path and not isinstance(command, typer.core.TyperGroup):
            assert f"`nasales {' '.join(path)}`" in readme, path
