"""A plain `pip install .` (not editable) into a fresh venv, then `salesops init x && cd x && salesops demo`.

The venv sees the already-installed dependencies (--system-site-packages) and installs only this package,
from a copy of the source tree, so it leaves no build files in the checkout; the build backend comes from
pip's configured index (a local one on the CI machine).
It runs in CI like any other test (marker `install` only names it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tiny_company import write_tiny_company

from pipelines.settings import REPO_ROOT


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode in (0, 3), f"{' '.join(cmd)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.mark.install
def test_pip_install_then_init_and_demo_work_outside_the_checkout(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(REPO_ROOT / "pipelines", source / "pipelines", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(REPO_ROOT / name, source / name)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=300)
    python, salesops = venv / "bin" / "python", venv / "bin" / "salesops"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("SALESOPS_") and k not in ("PYTHONPATH", "DAGSTER_HOME")}
    # Build isolation fetches the build backend pyproject asks for from the configured (local) index.
    run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(source)], tmp_path, env)
    installed = run([str(python), "-c", "import pipelines; print(pipelines.__file__)"], tmp_path, env).stdout
    assert installed.startswith(str(venv)), f"the venv imports {installed}, not its own copy"
    shutil.rmtree(source)  # nothing may still read the source tree

    work = tmp_path / "work"
    work.mkdir()
    run([str(salesops), "init", "x"], work, env)
    project = work / "x"
    for path in ("data/raw/README.md", "data/raw/mapping_templates/sales_lines.yaml", "data/marts", "models",
                 ".dagster_home/dagster.yaml", "workspace.yaml"):
        assert (project / path).exists(), path
    # The generator runs from the installed package; the demo then builds the small hand-made company
    # (a generated one would spend a minute training risk models, which other tests cover).
    run([str(salesops), "generate", "--scale", "0.001", "--out", str(tmp_path / "sample")], project, env)
    assert (tmp_path / "sample" / "sales_lines").is_dir()
    write_tiny_company(project / "data" / "raw")
    demo = run([str(salesops), "demo"], project, env)
    assert (project / "data" / "marts" / "warehouse.duckdb").is_file()
    assert (project / "data" / "marts" / "dashboards" / "index.html").is_file()
    assert f"dashboards        {project / 'data' / 'marts' / 'dashboards'}" in demo.stdout
    site = Path(installed).parent.parent
    assert not (site / "data").exists() and not (site / "models").exists(), "outputs went next to the package"
