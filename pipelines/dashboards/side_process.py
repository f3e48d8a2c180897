"""A language edition of the dashboards built by a second Python process, beside the caller's own edition.

An edition is single-threaded Python (plotly figures, HTML), so with two cores the second language costs
the time of a Python start instead of a whole edition. A plain child interpreter (`python -m` this module),
not multiprocessing: a forked child would copy the caller's DuckDB threads, and a spawned one re-imports
the caller's main module, which in a Dagster run worker is all of Dagster. The child only reads the
warehouse, which DuckDB allows beside the caller's read-only connection.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pipelines.dashboards.build import EditionResult, PageResult, build_edition


def start_edition(warehouse: Path | str, out_dir: Path | str, lang: str, models_dir: Path | str | None,
                  **options: object) -> subprocess.Popen:
    """Start building one edition (build_edition's arguments) in a child process; finish_edition waits for it."""
    request = {"warehouse": str(warehouse), "out_dir": str(out_dir), "lang": lang,
               "models_dir": str(models_dir) if models_dir else None, "options": options}
    return subprocess.Popen([sys.executable, "-m", __name__, json.dumps(request)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")


def finish_edition(child: subprocess.Popen, lang: str) -> EditionResult:
    out, err = child.communicate()
    if child.returncode != 0:
        raise RuntimeError(f"the {lang} dashboards edition failed in its process (exit {child.returncode}): "
                           f"{err.strip()[-2000:]}")
    return _result_from_json(json.loads(out.strip().splitlines()[-1]))


def _result_to_json(result: EditionResult) -> dict:
    return {"lang": result.lang, "directory": str(result.directory), "index": str(result.index),
            "seconds": result.seconds, "pages": [{"slug": p.slug, "path": str(p.path), "seconds": p.seconds,
                                                  "sections": p.sections} for p in result.pages]}


def _result_from_json(data: dict) -> EditionResult:
    pages = [PageResult(p["slug"], Path(p["path"]), p["seconds"], p["sections"]) for p in data["pages"]]
    return EditionResult(data["lang"], Path(data["directory"]), pages, Path(data["index"]), data["seconds"])


def main(request_json: str) -> None:
    request = json.loads(request_json)
    result = build_edition(request["warehouse"], request["out_dir"], request["lang"], request["models_dir"],
                           **request["options"])
    print(json.dumps(_result_to_json(result), ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
