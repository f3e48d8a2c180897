"""`salesops lab`: the shipped Jupyter config makes JupyterLab open jupytext .py files as notebooks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pipelines.analyst.lab import CONFIG_DIR, lab_command, lab_environment

READ_OVERRIDES = ("import json; from jupyterlab_server.settings_utils import _get_overrides; "
                  "print(json.dumps(_get_overrides('/nonexistent')[0]))")


def test_jupyterlab_reads_the_default_viewer_from_the_shipped_config(tmp_path):
    env = lab_environment(tmp_path, {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                                     "JUPYTER_CONFIG_PATH": "/somewhere/else"})
    assert env["JUPYTER_CONFIG_PATH"].split(":")[0] == str(CONFIG_DIR)  # first, and the user's path kept
    assert env["JUPYTER_CONFIG_PATH"].endswith("/somewhere/else") and env["SALESOPS_PROJECT_DIR"] == str(tmp_path)
    seen = subprocess.run([sys.executable, "-c", READ_OVERRIDES], env=env, capture_output=True, text=True,
                          check=True)
    viewers = json.loads(seen.stdout)["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["python"] == "Jupytext Notebook"
    without = subprocess.run([sys.executable, "-c", READ_OVERRIDES], env={"PATH": "/usr/bin:/bin",
                             "HOME": str(tmp_path)}, capture_output=True, text=True, check=True)
    assert "Jupytext Notebook" not in without.stdout  # it is the shipped folder that does it


def test_lab_starts_in_the_project_folder_on_this_python(tmp_path):
    (tmp_path / "notebooks").mkdir()
    cmd = lab_command(tmp_path, ["--port", "8899"])
    assert cmd[:3] == [sys.executable, "-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={tmp_path}" in cmd and "--ServerApp.default_url=/lab/tree/notebooks" in cmd
    assert cmd[-2:] == ["--port", "8899"]
    assert lab_command(Path("/nonexistent"), [])[4] == "--ServerApp.default_url=/lab"


def test_salesops_lab_passes_jupyter_options_on(monkeypatch, tmp_path):
    import pipelines.analyst.lab as lab
    from pipelines import cli

    calls = []
    monkeypatch.setattr(lab, "run_lab", lambda folder, extra: calls.append((folder, extra)) or 0)
    assert cli.main(["lab", "--project-dir", str(tmp_path), "--no-browser", "--port", "8899"]) == 0
    assert calls == [(tmp_path.resolve(), ["--no-browser", "--port", "8899"])]
