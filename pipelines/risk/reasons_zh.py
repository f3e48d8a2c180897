"""Why a risk model scored with a stand-in, or not at all, in Simplified Chinese (risk_run_summary.warning).

The English reasons are written where they arise (each model's skip_reason, plan.too_short_message, the
backtest and the estimator's NotEnoughHistory, train._fallback, run.stale_reason). Each sentence shape has
its Chinese twin here, with the same figures; tests build the English through those functions, so a
reworded sentence without a twin fails a test rather than showing English on a Chinese page. A shape still
unknown here becomes a plain Chinese sentence that points to the build log (never English on the page).
"""

from __future__ import annotations

import re

from pipelines.risk.words_zh import MODEL_TITLES, scorer_name
from pipelines.study_kind import NO_SALES_NOTE

TITLES_ZH = dict(MODEL_TITLES.values())
_TITLE = "(?P<title>" + "|".join(re.escape(t) for t in TITLES_ZH) + ")"
_SCORER = r"(?P<scorer>[a-z_]+)"


def _title(m: re.Match) -> str:
    return TITLES_ZH[m["title"]] + "模型"


def _scorer(m: re.Match) -> str:
    return scorer_name(m["scorer"], "zh")


def _n(text: str) -> str:
    return text.replace(",", "")


# (English shape, Chinese), most specific first; each applies to the part of the reason it matches.
RULES: list[tuple[str, object]] = [
    (re.escape(NO_SALES_NOTE), "未提供销售明细：这是一次没有销售数据的人流量调研，销售相关的核心、集市、"
                               "指标和风险数据组已跳过，其表为空；人流量集市已生成"),
    (r"stock-out model skipped: no inventory snapshots were delivered \((?P<path>[^)]*)\); deliver stock counts per "
     r"location and product to get stock-out risk",
     lambda m: f"断货模型已跳过：未提供库存快照（{m['path']}）；提供各地点、各产品的库存盘点即可得到断货风险"),
    (r"channel-stuffing model skipped: no sell-out was delivered \((?P<path>[^)]*)\); without distributors' sales to "
     r"terminals, sell-in cannot be compared with what the channel sold",
     lambda m: f"渠道压货模型已跳过：未提供经销商流向（{m['path']}）；没有经销商对终端的销售，"
               "就无法把进货与渠道实际卖出相比较"),
    (r"channel-stuffing model skipped: neither returns nor distributor stock counts were delivered, so there is no "
     r"outcome \(returns or unsold stock\) to learn from",
     "渠道压货模型已跳过：既没有退货也没有经销商库存盘点，没有可供学习的结果（退货或滞销库存）"),
    (_TITLE + r": (?P<span>\d+) days of history \((?P<first>[\d-]+) to (?P<asof>[\d-]+)\) give (?P<n>\d+) labelled "
     r"snapshots, too few for a time-based backtest with a (?P<h>\d+)-day horizon \(fit, a \d+-day gap, calibrate, "
     r"a \d+-day gap, evaluate at least (?P<m>\d+)\)",
     lambda m: f"{_title(m)}：历史数据只有 {m['span']} 天（{m['first']} 至 {m['asof']}），"
               f"得到 {m['n']} 个带标签的快照，不足以按 {m['h']} 天的预测期做时间回测"
               f"（训练、间隔 {m['h']} 天、校准、间隔 {m['h']} 天、至少评估 {m['m']} 个快照）"),
    (_TITLE + r": only (?P<n>\d+) evaluation snapshots have enough labelled history before them \(at least "
     r"(?P<m>\d+) are needed for an honest backtest\)",
     lambda m: f"{_title(m)}：只有 {m['n']} 个评估快照之前有足够的带标签历史（可信的回测至少需要 {m['m']} 个）"),
    (r"the (?P<slice>\w+) slice has (?P<n>[\d,]+) rows and (?P<e>[\d,]+) events: at least (?P<m>\d+) of each outcome "
     r"are needed",
     lambda m: f"{ {'training': '训练', 'calibration': '校准'}.get(m['slice'], m['slice']) }数据只有 {_n(m['n'])} 行、"
               f"{_n(m['e'])} 个事件：两种结果各至少需要 {m['m']} 个"),
    (r"no feature takes more than one value in the training rows", "训练数据中没有任何特征取值多于一个"),
    (r"; the " + _SCORER + r" fallback cannot be calibrated either \((?P<n>[\d,]+) labelled rows, (?P<e>[\d,]+) "
     r"events: at least (?P<m>\d+) of each outcome are needed\)",
     lambda m: f"；备用的{_scorer(m)}也无法校准（带标签 {_n(m['n'])} 行、{_n(m['e'])} 个事件：两种结果各至少需要 "
               f"{m['m']} 个）"),
    (r"\. " + _SCORER + r" scores instead \(label-free: it needs no labelled history\)",
     lambda m: f"。改由{_scorer(m)}评分（无需带标签的历史）"),
    (r"\. " + _SCORER + r" scores instead \(calibrated on all (?P<n>[\d,]+) labelled rows, (?P<e>[\d,]+) events; not "
     r"checked on a backtest\)",
     lambda m: f"。改由{_scorer(m)}评分（用全部 {_n(m['n'])} 行带标签数据、{_n(m['e'])} 个事件校准，未经回测检验）"),
    (_TITLE + r": not scored \((?P<why>.*)\); run the weekly retraining",
     lambda m: f"{_title(m)}：未评分（{reason_zh(m['why'])}）；请运行每周重新训练"),
    (r"no model file yet", "尚无模型文件"),
    (r"the model file predates the current features and labels", "模型文件早于当前的特征和标签定义"),
    (r"it was trained for a (?P<a>\d+)-day horizon, the setting is (?P<b>\d+)",
     lambda m: f"模型按 {m['a']} 天预测期训练，当前设置为 {m['b']} 天"),
    (r"the delivered sources changed the available features", "提供的数据源变化，可用特征随之改变"),
    (r"it was trained on data up to (?P<a>[\d-]+), after this build's as-of date (?P<b>[\d-]+)",
     lambda m: f"模型使用截至 {m['a']} 的数据训练，晚于本次构建的数据截止日 {m['b']}"),
    (r"a stand-in scored while the history was too short for a backtest, and the history has grown since",
     "此前历史太短无法回测，由替代规则评分；此后历史已增加"),
    (_TITLE + r" failed: .*", lambda m: f"{_title(m)}运行失败，错误详情见构建日志"),
]
_COMPILED = [(re.compile(pattern, re.DOTALL), zh) for pattern, zh in RULES]
# What may stay Latin in a Chinese reason: folder paths, scorer codes in BG/NBD, dates, numbers.
_LEFT_OVER = re.compile(r"[A-Za-z]{2,}")
_KEEP = re.compile(r"data/raw/\w+/|BG/NBD")
UNKNOWN_ZH = "模型未能按设计训练和回测，原因见构建日志（英文）"


def reason_zh(text: str | None) -> str | None:
    """The reason in Chinese: every known shape replaced by its twin; unknown English becomes a pointer to the log."""
    if text is None:
        return None
    out = text
    for pattern, zh in _COMPILED:
        out = pattern.sub(zh if isinstance(zh, str) else zh, out)
    if _LEFT_OVER.search(_KEEP.sub("", out)):
        return UNKNOWN_ZH
    return out.rstrip(".")
