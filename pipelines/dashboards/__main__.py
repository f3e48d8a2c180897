"""`python -m pipelines.dashboards [--lang zh] [--warehouse ...] [--out ...]`: rebuild the dashboards by hand.

Without --lang both editions are built (the primary language, SALESOPS_LANG or en, in the dashboards folder,
the other in a sub-folder); with --lang only that edition.
"""

from __future__ import annotations

import argparse
import sys
import time

from pipelines.dashboards.build import build_all_languages, build_edition
from pipelines.dashboards.labels import LANGS
from pipelines.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.dashboards", description=__doc__)
    parser.add_argument("--lang", choices=LANGS, help="build only this language edition")
    parser.add_argument("--warehouse", help="published DuckDB file (env SALESOPS_WAREHOUSE)")
    parser.add_argument("--out", help="dashboards folder (env SALESOPS_DASHBOARDS_DIR)")
    parser.add_argument("--models-dir", help="model cards folder (env SALESOPS_MODELS_DIR)")
    parser.add_argument("--pages", nargs="+", help="only these pages (e.g. overview costs)")
    args = parser.parse_args(argv)
    s = Settings.from_env(warehouse=args.warehouse, dashboards_dir=args.out, models_dir=args.models_dir)
    started = time.perf_counter()
    try:
        if args.lang:
            editions = {args.lang: build_edition(s.warehouse, s.dashboards_dir, args.lang, s.models_dir,
                                                 pages=args.pages, primary_lang=s.lang)}
        else:
            editions = build_all_languages(s.warehouse, s.dashboards_dir, s.models_dir, pages=args.pages,
                                           primary_lang=s.lang)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for lang, edition in editions.items():
        print(f"{lang}: {edition.index}")
        for page in edition.pages:
            size = page.path.stat().st_size / 1e6
            ok = sum(1 for sec in page.sections if sec["status"] == "ok")
            print(f"  {page.path.name:<18}{size:6.2f} MB  {page.seconds:5.2f} s  {ok}/{len(page.sections)} sections")
    print(f"built in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] if len(sys.argv) > 1 else None))
