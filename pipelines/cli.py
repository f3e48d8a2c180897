"""The `salesops` command: a project folder (init), sample data, builds, checks and benchmarks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.cli_data import add_data_commands
from pipelines.settings import Settings


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        raw_dir=getattr(args, "raw_dir", None), warehouse=getattr(args, "warehouse", None),
        dashboards_dir=getattr(args, "dashboards_dir", None), models_dir=getattr(args, "models_dir", None),
        as_of=getattr(args, "as_of", None),
        churn_horizon_days=getattr(args, "churn_horizon_days", None),
        stockout_horizon_days=getattr(args, "stockout_horizon_days", None),
        stuffing_window_days=getattr(args, "stuffing_window_days", None),
        footfall_config=getattr(args, "footfall_config", None),
        lock_wait_seconds=getattr(args, "lock_wait", None),
        lang=getattr(args, "lang", None),
    )


def cmd_generate(args: argparse.Namespace) -> int:
    from pipelines.generator import generate_company

    out = Path(args.out) if args.out else Settings.from_env().raw_dir
    if getattr(args, "style", "standard") == "erp-zh":
        from pipelines.generator.erp_zh import generate_erp_zh

        summary = generate_erp_zh(out, scale=args.scale, seed=args.seed)
    else:
        summary = generate_company(out, scale=args.scale, seed=args.seed)
    total = sum(summary.rows.values())
    print(f"sample company written to {out} ({total:,} rows, {summary.seconds:.1f} s)")
    for source, n in sorted(summary.rows.items()):
        print(f"  {source:<22}{n:>12,}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from pipelines.build_outcome import EXIT_FAILED, render_outcome
    from pipelines.build_progress import ProgressPrinter
    from pipelines.build_summary import summarize
    from pipelines.orchestration.run_build import run_nightly_job

    settings = _settings(args)
    if not settings.raw_dir.is_dir():
        raise FileNotFoundError(f"no raw exports folder at {settings.raw_dir}; run `salesops init DIR` to make a "
                                "project folder and work inside it, or pass --raw-dir")
    print(f"building {settings.warehouse} from {settings.raw_dir} ...", flush=True)
    outcome = run_nightly_job(settings, progress=ProgressPrinter())
    if settings.staging_warehouse.exists():
        print(summarize(settings.staging_warehouse))
    print(render_outcome(outcome, settings), file=sys.stderr if outcome.exit_code == EXIT_FAILED else sys.stdout)
    return outcome.exit_code


def cmd_demo(args: argparse.Namespace) -> int:
    from pipelines.build_outcome import EXIT_FAILED
    from pipelines.ingest.discover import source_files

    settings = _settings(args)
    if getattr(args, "footfall", False):
        _write_footfall_demo(settings.raw_dir, args.seed)
    elif not source_files(settings.raw_dir, "sales_lines"):
        gen_args = argparse.Namespace(out=str(settings.raw_dir), scale=args.scale, seed=args.seed)
        cmd_generate(gen_args)
    code = cmd_build(args)
    if code != EXIT_FAILED:
        print("\nwhere to look:")
        if getattr(args, "footfall", False):
            print(f"  study page  {settings.dashboards_dir / 'footfall.html'}")
        print(f"  dashboards  {settings.dashboards_dir / 'index.html'}")
        print(f"  warehouse   {settings.warehouse}  (duckdb -readonly, or pipelines.analyst.open_warehouse)")
        notebooks = settings.project_dir / "notebooks"
        if notebooks.is_dir():
            print(f"  notebooks   {notebooks}  (salesops lab)")
        print(f"  dagster UI  DAGSTER_HOME={settings.dagster_home} dagster dev -w workspace.yaml")
    return code


def _write_footfall_demo(raw_dir: Path, seed: int) -> None:
    """A foot-traffic study without sales: the sample study and its reference counters, unless sheets exist."""
    from pipelines.footfall.sample_data import write_footfall_sample
    from pipelines.ingest.discover import source_files

    if source_files(raw_dir, "sales_lines"):
        raise ValueError(f"{raw_dir} already holds sales lines; a footfall-only demo needs a project folder without "
                         "them (pass --raw-dir or set SALESOPS_PROJECT_DIR to an empty folder)")
    if source_files(raw_dir, "footfall_counts"):
        return
    rows = write_footfall_sample(raw_dir, seed)
    print(f"sample foot-traffic study (no sales) written to {raw_dir}: "
          + ", ".join(f"{source} {n:,} rows" for source, n in sorted(rows.items())))


def cmd_init(args: argparse.Namespace) -> int:
    from pipelines.project_init import init_project

    result = init_project(Path(args.dir))
    folder = Path(args.dir).expanduser().resolve()
    for path in result.created:
        print(f"  created  {path.relative_to(folder)}")
    for path in result.kept:
        print(f"  kept     {path.relative_to(folder)}")
    print(f"project folder ready: {folder}\nnext: cd {args.dir} && salesops demo   (sample data), or put your exports "
          "in data/raw/<source>/ and run salesops build")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from pipelines.bench import run_benchmark

    if args.footfall_accuracy:
        from pipelines.footfall.accuracy import DEFAULT_SEEDS, run_accuracy

        return run_accuracy(tuple(args.seeds) if args.seeds else DEFAULT_SEEDS)
    if args.footfall:
        from pipelines.footfall.benchmark import run_footfall_benchmark

        return run_footfall_benchmark(Path(args.work_dir) if args.work_dir else None, sheets=args.sheets,
                                      segmented=not args.totals_only)

    return run_benchmark(scales=args.scales, work_dir=Path(args.work_dir) if args.work_dir else None,
                         repeat=args.repeat)


def cmd_lab(args: argparse.Namespace) -> int:
    from pipelines.analyst.lab import run_lab

    folder = Path(args.project_dir).resolve() if args.project_dir else Settings.from_env().project_dir
    return run_lab(folder, args.jupyter_args)


def cmd_docs(args: argparse.Namespace) -> int:
    from pipelines.contracts.docs import render_contracts_markdown

    target = Settings.from_env().raw_dir / "README.md"
    target.write_text(render_contracts_markdown(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


def cmd_dbt_docs(args: argparse.Namespace) -> int:
    from pipelines.dbt_layer.docs_site import generate_docs_site

    settings = Settings.from_env(warehouse=args.warehouse)
    out = Path(args.out) if args.out else settings.warehouse.parent / "dbt_docs"
    site, note = generate_docs_site(settings, out)
    print(f"wrote {site} ({note}); open it by double-click, it needs no network")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="salesops", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="write the deterministic sample company")
    gen.add_argument("--scale", type=float, default=0.05, help="1 = about 1M sales lines (default 0.05)")
    gen.add_argument("--seed", type=int, default=42)
    gen.add_argument("--out", help="folder to write (default: data/raw, env SALESOPS_RAW_DIR)")
    gen.add_argument("--style", choices=("standard", "erp-zh"), default="standard",
                     help="erp-zh: the same company as a Chinese ERP exports it (xlsx and GBK CSV, Chinese headers)")
    gen.set_defaults(func=cmd_generate)

    for name, func, text in (("build", cmd_build, "materialize every asset through Dagster and publish"),
                             ("demo", cmd_demo, "generate the sample if data/raw is empty, then build")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--raw-dir", help="raw exports folder (env SALESOPS_RAW_DIR)")
        p.add_argument("--warehouse", help="published DuckDB file (env SALESOPS_WAREHOUSE); its dashboards, models "
                                           "and quarantine report go beside it")
        p.add_argument("--dashboards-dir", help="where the dashboards are published (env SALESOPS_DASHBOARDS_DIR; "
                                                "default: beside the warehouse)")
        p.add_argument("--models-dir", help="where model files are published (env SALESOPS_MODELS_DIR; default: "
                                            "models/ of the project, or beside another warehouse)")
        p.add_argument("--as-of", help="as-of date YYYY-MM-DD (env SALESOPS_AS_OF; default: last invoice)")
        p.add_argument("--churn-horizon-days", type=int, help="churn horizon (env SALESOPS_CHURN_HORIZON_DAYS; 90)")
        p.add_argument("--stockout-horizon-days", type=int,
                       help="stock-out horizon (env SALESOPS_STOCKOUT_HORIZON_DAYS; 14)")
        p.add_argument("--stuffing-window-days", type=int,
                       help="stuffing look-ahead window (env SALESOPS_STUFFING_WINDOW_DAYS; 60)")
        p.add_argument("--footfall-config",
                       help="a study's foot-traffic settings YAML (env SALESOPS_FOOTFALL_CONFIG; default "
                            "pipelines/config/footfall.yaml)")
        p.add_argument("--lock-wait", type=int, metavar="SECONDS",
                       help="how long to wait for another build of the same warehouse before giving up "
                            "(env SALESOPS_LOCK_WAIT_SECONDS; 3600; 0 = do not wait)")
        p.add_argument("--lang", choices=("en", "zh"),
                       help="zh: the reasons a build stops in Chinese beside the English, and the Chinese dashboards "
                            "as the first edition (env SALESOPS_LANG; en)")
        p.set_defaults(func=func)
        if name == "demo":
            p.add_argument("--scale", type=float, default=0.05)
            p.add_argument("--seed", type=int, default=42)
            p.add_argument("--footfall", action="store_true",
                           help="a foot-traffic study without sales: writes the sample study, builds its marts")

    init = sub.add_parser("init", help="create a project folder (data/raw, data/marts, models, Dagster home)")
    init.add_argument("dir", help="the folder to create or complete (existing files are kept)")
    init.set_defaults(func=cmd_init)

    docs = sub.add_parser("docs", help="regenerate data/raw/README.md from the contracts")
    docs.set_defaults(func=cmd_docs)

    dbt_docs = sub.add_parser("dbt-docs", help="dbt's documentation of the SQL layer (models, tests, lineage) "
                                               "as one offline HTML page beside the warehouse")
    dbt_docs.add_argument("--warehouse", help="published DuckDB file (env SALESOPS_WAREHOUSE)")
    dbt_docs.add_argument("--out", help="folder for static_index.html (default: dbt_docs/ beside the warehouse)")
    dbt_docs.set_defaults(func=cmd_dbt_docs)

    lab = sub.add_parser("lab", help="JupyterLab on the notebooks (jupytext .py files open as notebooks)")
    lab.add_argument("--project-dir", help="folder to start in (default: SALESOPS_PROJECT_DIR, else the current one)")
    lab.set_defaults(func=cmd_lab, jupyter_args=[])  # other options are passed on, e.g. --port 8899

    bench = sub.add_parser("bench", help="benchmark the build at scales 1 and 10")
    bench.add_argument("--scales", type=float, nargs="+", default=[1.0, 10.0])
    bench.add_argument("--work-dir", help="scratch folder (default: a temp dir)")
    bench.add_argument("--repeat", type=int, default=1,
                       help="runs of the foundation with and without Dagster per scale; medians are reported")
    bench.add_argument("--footfall", action="store_true",
                       help="instead: a footfall-only study (1,100 sheets, 20 reference counters), stage times")
    bench.add_argument("--sheets", type=int, default=1100, help="count sheets of the --footfall study")
    bench.add_argument("--totals-only", action="store_true", help="--footfall sheets without segment columns")
    bench.add_argument("--footfall-accuracy", action="store_true",
                       help="instead: the footfall method check's 2-hour error and coverage on simulated counters")
    bench.add_argument("--seeds", type=int, nargs="+", help="simulated cities of --footfall-accuracy (default 11-20)")
    bench.set_defaults(func=cmd_bench)
    add_data_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args, unknown = build_parser().parse_known_args(argv)
    if unknown and args.command != "lab":
        build_parser().error(f"unrecognized arguments: {' '.join(unknown)}")
    if args.command == "lab":  # everything salesops does not know goes on to jupyter lab
        args.jupyter_args = [*unknown, *args.jupyter_args]
    try:
        return args.func(args)
    except (ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
