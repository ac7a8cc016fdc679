"""The built wheel works on its own: installed into a fresh virtual environment (no system
site-packages, no editable checkout), ``graphkit`` runs and ``graphkit.loaders`` imports;
and the wheel installs no top-level module but ``graphkit``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
_NOT_SOURCE = (".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
               ".hypothesis", ".mypy_cache", ".ruff_cache", "out", ".ipynb_checkpoints")


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=900, check=False)


@pytest.mark.slow
def test_wheel_in_a_fresh_venv(tmp_path: Path) -> None:
    # build from a copy, so the build leaves nothing in the working tree
    src = tmp_path / "src"
    shutil.copytree(REPO, src, ignore=shutil.ignore_patterns(*_NOT_SOURCE))
    dist = tmp_path / "dist"
    built = _run(sys.executable, "-m", "build", "--wheel", "--outdir", dist, src, cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("graphkit-*.whl")

    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    top = {name.split("/", 1)[0] for name in names}
    assert {t for t in top if not t.endswith(".dist-info")} == {"graphkit"}
    # every module of the source tree is in the wheel, where it installs
    for folder, package in (("graphkit", "graphkit"), ("loaders", "graphkit/loaders"),
                            ("queries", "graphkit/queries")):
        for module in (src / folder).rglob("*.py"):
            assert f"{package}/{module.relative_to(src / folder).as_posix()}" in names
    assert "graphkit/py.typed" in names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    installed = _run(python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                     wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    helped = _run(bin_dir / "graphkit", "--help", cwd=tmp_path)
    assert helped.returncode == 0, helped.stderr
    assert "validate" in helped.stdout and "convert" in helped.stdout

    # run from tmp_path: from the repository, `python -c` would import its graphkit/ folder
    imported = _run(python, "-c", "import graphkit.loaders, graphkit; "
                                  "print(graphkit.loaders.__file__); print(graphkit.load)",
                    cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith(str(env_dir))

    model = tmp_path / "m.yaml"
    model.write_text("people:\n  - {id: alice}\nroles:\n  - {id: ism}\nassignments:\n"
                     "  - {person: alice, role: ism}\n")
    checked = _run(bin_dir / "graphkit", "validate", model, cwd=tmp_path)
    assert (checked.returncode, checked.stderr) == (0, "")
    assert checked.stdout.startswith("ok: 1 person, 1 role, 1 assignment")
