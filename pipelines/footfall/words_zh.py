"""The sheet-quality findings in Simplified Chinese, beside the English ones (footfall_sheet_issues.message_zh).

Same facts and figures as the English sentence in pipelines/footfall/quality.py, so the zh edition of the
pages never translates on its own. 人流量调研 terms: 调研批次, 选址, 观察员, 计数表, 时段.
"""

from __future__ import annotations


def where_zh(r: dict[str, object], observer: bool = True) -> str:
    who = f"，观察员 {r['observer_id']}" if observer else ""
    return f"调研批次 {r['study_id']}，选址 {r['site_id']}{who}，{r['count_date']}"


def overlapping_intervals(r: dict[str, object], interval: str, earlier: str) -> str:
    return (f"{where_zh(r)}：时段 {interval} 与同一计数表上的 {earlier} 重叠，过往人数可能被重复计算，"
            "整张计数表已隔离。请更正表中的时段后重新提交。")


def missing_intervals(r: dict[str, object], gap_from: str, gap_to: str, minutes: int) -> str:
    return (f"{where_zh(r)}：计数时段内 {gap_from} 至 {gap_to}（{minutes} 分钟）没有计数；"
            "这段时间不计为已计数时间，日估计只按实际覆盖的时间推算。")


def impossible_count(r: dict[str, object], interval: str, total: int, minutes: int, rate: float,
                     limit: float) -> str:
    return (f"{where_zh(r)}：时段 {interval} 在 {minutes} 分钟内记录 {total:,} 人次，即每分钟 {rate:.1f} 人次，"
            f"超过一名观察员每分钟最多能计数的 {limit:g} 人次，整张计数表已隔离。请检查是否录入错误（如多打一位数）"
            "后重新提交。")


def observer_disagreement(r: dict[str, object], a: str, b: str, interval: str, total_a: int, total_b: int,
                          z: float, limit: float) -> str:
    return (f"{where_zh(r, observer=False)}：观察员 {a} 与 {b} 都计数了 {interval}，分别为 {total_a:,} 与 "
            f"{total_b:,} 人次，相差 {z:.1f} 个泊松噪声标准差（上限 {limit:g}），该时段对所有观察员剔除。"
            "请核对两张计数表并更正错误的一张。")


def overlapping_observers(r: dict[str, object], names: str) -> str:
    return (f"{where_zh(r, observer=False)}：不同观察员的时段相互重叠但不相同（{names}），无法合并，已剔除。"
            "请统一观察员的计数时段划分。")
