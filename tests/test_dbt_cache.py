"""The dbt project's parse and compile, cached per version of the project: each cache folder whole or absent,
whichever process (parallel test workers, two builds) or cache user comes first."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from pipelines.dbt_layer import compiled_sql, project


def test_compiling_first_does_not_hide_the_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESOPS_DBT_CACHE", str(tmp_path))
    compiled_sql.compiled_nodes.cache_clear()
    try:
        assert "model.salesops.dim_customer" in compiled_sql.compiled_nodes()
        assert project.manifest_path().is_file()
        assert (project.parsed_dir() / project.PARSED_MANIFEST).is_file()
    finally:
        compiled_sql.compiled_nodes.cache_clear()


def test_racing_fills_leave_one_whole_folder_and_no_scratch(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "parsed"
    started = threading.Barrier(3)

    def fill(scratch: Path, who: str) -> None:
        (scratch / "part1").write_text(who)
        time.sleep(0.2)  # the other writers are half way too
        (scratch / "part2").write_text(who)

    def worker(who: str) -> None:
        started.wait()
        project.fill_once(folder, lambda scratch: fill(scratch, who))

    threads = [threading.Thread(target=worker, args=(w,)) for w in "abc"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert (folder / "part1").read_text() == (folder / "part2").read_text()  # one writer's, whole
    assert sorted(p.name for p in folder.parent.iterdir()) == ["parsed"]


def test_a_failed_fill_leaves_nothing_to_be_mistaken_for_a_cache(tmp_path: Path) -> None:
    folder = tmp_path / "parsed"

    def broken(scratch: Path) -> None:
        (scratch / "manifest.json").write_text("{")
        raise RuntimeError("dbt could not parse")

    with pytest.raises(RuntimeError, match="could not parse"):
        project.fill_once(folder, broken)
    assert list(tmp_path.iterdir()) == []
