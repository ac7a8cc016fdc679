"""The examples in docs/model-format.md are real: the YAML model validates, converts to a
CSV folder and back unchanged, and every example error line is one graphkit prints."""

from __future__ import annotations

import re
from pathlib import Path

from graphkit.loaders import load, save

DOC = Path(__file__).resolve().parents[2] / "docs" / "model-format.md"
BAD = Path(__file__).resolve().parent / "bad"


def test_yaml_example_loads_and_round_trips(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(version: 1\n.*?)```", text, re.S)
    assert example is not None
    path = tmp_path / "model.yaml"
    path.write_text(example.group(1), encoding="utf-8")
    model = load(path)
    assert [p.id for p in model.people] == ["alice", "bob", "tom", "carol", "dave"]
    assert model.delegations[0].scope == "duty:access-review"
    save(model, tmp_path / "csv")
    assert load(tmp_path / "csv") == model


def test_error_examples_are_golden_lines() -> None:
    golden = {line for case in BAD.iterdir() if (case / "expected.txt").exists()
              for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines()}
    examples = re.findall(r"^\| [^|]+ \| `(error: [^`]+)`", DOC.read_text(encoding="utf-8"),
                          re.M)
    assert len(examples) >= 17
    # abbreviated examples ("...") match a golden line's beginning
    for example in examples:
        if "..." in example:
            head = example.split("...")[0]
            assert any(line.startswith(head) for line in golden), example
        else:
            assert example in golden, example
