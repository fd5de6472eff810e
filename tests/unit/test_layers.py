"""The layers in docs/architecture.md are enforced by import-linter's contracts (pyproject.toml):
this shows the contracts hold today and that breaking one on purpose fails `make lint`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _copy_of_the_code(into: Path) -> Path:
    for package in ("bot", "handlers", "jobs"):
        shutil.copytree(
            ROOT / package, into / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", into / "pyproject.toml")
    return into


def _lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy_of_the_code(tmp_path_factory.mktemp("code"))


def test_the_code_keeps_every_contract(tree: Path) -> None:
    result = _lint_imports(tree)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("bot/domain/errors.py", "import slack_sdk", "The domain knows nothing of Slack"),
        ("bot/views/text.py", "import handlers.errors", "Views render"),
        ("handlers/home.py", "import handlers.offers", "Listener modules don't import each other"),
    ],
)
def test_breaking_a_contract_on_purpose_fails(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    tree = _copy_of_the_code(tmp_path)
    with (tree / module).open("a") as source:
        source.write(f"\n{line}  # noqa\n")
    result = _lint_imports(tree)
    assert result.returncode == 1
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout
