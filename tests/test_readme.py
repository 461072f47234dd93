"""The README's commands and example are the ones that work."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_the_python_example_runs(capsys):
    block = re.search(r"```python\n(.*?)```", README, re.S).group(1)
    exec(compile(block, "README.md", "exec"), {})
    assert "backprop matches" in capsys.readouterr().out


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    test_command = next(c for c in commands if "pytest" in c)
    ci = (ROOT / ".ci" / "run").read_text()
    assert test_command in ci.splitlines()


def test_the_open_command_names_a_lesson_that_exists():
    commands = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    lesson = re.search(r"jupyter lab (\S+\.ipynb)", commands[0]).group(1)
    assert (ROOT / lesson).exists()
