"""`salesops lab`: JupyterLab in the project folder, opening the jupytext notebooks as notebooks.

The shipped config folder (jupyter_config/, added to JUPYTER_CONFIG_PATH, so the user's own ~/.jupyter stays
in force) makes "Jupytext Notebook" the default viewer of .py files: a double click opens a notebook. The
server runs on this Python, so its python3 kernel is the interpreter the project is installed in.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parent / "jupyter_config"


def lab_environment(project_dir: Path, environ: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for JupyterLab: the project's config folder first on JUPYTER_CONFIG_PATH, and the
    project folder as SALESOPS_PROJECT_DIR (unless set) so notebooks read the data of the folder Lab shows."""
    env = dict(os.environ if environ is None else environ)
    env.setdefault("SALESOPS_PROJECT_DIR", str(project_dir))
    paths = [str(CONFIG_DIR), *(p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p)]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def lab_command(project_dir: Path, extra: list[str]) -> list[str]:
    start = "/lab/tree/notebooks" if (project_dir / "notebooks").is_dir() else "/lab"
    return [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={project_dir}",
            f"--ServerApp.default_url={start}", *extra]


def run_lab(project_dir: Path, extra: list[str]) -> int:
    """Become JupyterLab (POSIX: exec, so Ctrl-C and signals reach the server itself), or run it and wait."""
    cmd, env = lab_command(project_dir, extra), lab_environment(project_dir)
    if os.name == "posix":
        os.chdir(project_dir)
        os.execve(cmd[0], cmd, env)
    return subprocess.call(cmd, env=env, cwd=project_dir)
