"""Subcommands about the raw exports themselves: `salesops check` and `salesops map`."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from pipelines.settings import Settings


def cmd_check(args: argparse.Namespace) -> int:
    from pipelines.ingest.check import check_sources, render

    settings = Settings.from_env(raw_dir=args.raw_dir)
    lang = args.lang or os.environ.get("SALESOPS_LANG") or settings.lang
    checks = check_sources(settings.raw_dir)
    print(render(checks, settings.quarantine_threshold, lang))
    return 1 if any(c.stops_build(settings.quarantine_threshold) for c in checks) else 0


def cmd_map(args: argparse.Namespace) -> int:
    from pipelines.contracts import get_contract
    from pipelines.ingest.propose_mapping import propose

    contract = get_contract(args.source)
    path = Path(args.file)
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    proposal = propose(contract, path)
    text = proposal.yaml_text(contract.name, path.name)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        print(text, end="")
    return 1 if proposal.missing_required else 0


def cmd_bench_exports(args: argparse.Namespace) -> int:
    from pipelines.bench_exports import run_export_benchmark

    return run_export_benchmark(args.scales, args.repeat, args.baseline,
                                Path(args.work_dir) if args.work_dir else None, formats=not args.no_xlsx,
                                xlsx_scale=args.xlsx_scale)


def add_data_commands(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser("check", help="validate every source without building (exit 1 when a build would stop)")
    check.add_argument("--raw-dir", help="raw exports folder (env SALESOPS_RAW_DIR)")
    check.add_argument("--lang", choices=("en", "zh"), help="language of the report (env SALESOPS_LANG)")
    check.set_defaults(func=cmd_check)

    mapping = sub.add_parser("map", help="propose a mapping.yaml for an export from its header and first rows")
    mapping.add_argument("file", help="the export (CSV, text or Excel)")
    mapping.add_argument("--source", required=True, help="which source it is, e.g. sales_lines")
    mapping.add_argument("--out", help="write the proposal here instead of printing it")
    mapping.set_defaults(func=cmd_map)

    bench = sub.add_parser("bench-exports", help="benchmark reading real exports: xlsx vs CSV, mapping overhead")
    bench.add_argument("--scales", type=float, nargs="*", default=[10.0],
                       help="scales for the mapping-overhead comparison (default 10)")
    bench.add_argument("--repeat", type=int, default=3, help="alternated runs per variant; medians are reported")
    bench.add_argument("--baseline", default="b7d0ade", help="git revision to compare the ingest against")
    bench.add_argument("--xlsx-scale", type=float, default=1.0, help="scale of the xlsx-against-CSV comparison")
    bench.add_argument("--no-xlsx", action="store_true", help="skip the scale-1 xlsx-against-CSV comparison")
    bench.add_argument("--work-dir", help="scratch folder (default: a temp dir)")
    bench.set_defaults(func=cmd_bench_exports)
