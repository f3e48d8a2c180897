"""Name pools (people, customers, places) and vectorised id formatting.

Names never contain commas or quotes, so CSVs can be written without quoting.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

SURNAMES = (
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma",
    "Zhu", "Hu", "Guo", "He", "Gao", "Lin", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han",
    "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan", "Cai", "Jiang",
)
GIVEN_NAMES = (
    "Wei", "Fang", "Na", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang", "Yong", "Yan", "Jie",
    "Tao", "Ming", "Chao", "Xiuying", "Xia", "Ping", "Gang", "Hui", "Hao", "Yu", "Lin", "Peng",
    "Bin", "Dan", "Ting", "Xin", "Kai", "Lihua", "Jianguo", "Haiyan", "Xiaoming", "Yuxuan", "Zihan",
)
BRANDS = (
    "Kangda", "Jiahe", "Huaxin", "Ruikang", "Tianrun", "Yikang", "Shengshi", "Baixin", "Hengtai",
    "Minsheng", "Dexin", "Fuyuan", "Jinhui", "Anning", "Yongfeng", "Xinda", "Huamei", "Zhongjian",
    "Renhe", "Taiping", "Guoyao", "Jiuzhou", "Kangmei", "Haiwang", "Yixin", "Runtian", "Hongxiang",
    "Shunfeng", "Lianhe", "Boan", "Jiankang", "Tongren", "Yuanda", "Huarun", "Qianjin", "Ciming",
)

# Regions: (name, province, cities, relative size of the department).
REGION_SPECS: tuple[tuple[str, str, tuple[str, ...], float], ...] = (
    ("East China / 华东", "Zhejiang", ("Hangzhou", "Ningbo", "Wenzhou", "Shaoxing", "Jinhua", "Taizhou"),
     0.19),
    ("South China / 华南", "Guangdong", ("Guangzhou", "Shenzhen", "Dongguan", "Foshan", "Shantou"), 0.16),
    ("North China / 华北", "Hebei", ("Shijiazhuang", "Tangshan", "Baoding", "Handan", "Langfang"), 0.12),
    ("Central China / 华中", "Hubei", ("Wuhan", "Yichang", "Xiangyang", "Jingzhou", "Huangshi"), 0.12),
    ("Southwest / 西南", "Sichuan", ("Chengdu", "Mianyang", "Deyang", "Nanchong", "Yibin"), 0.12),
    ("Northeast / 东北", "Liaoning", ("Shenyang", "Dalian", "Anshan", "Jinzhou", "Dandong"), 0.08),
    ("Northwest / 西北", "Shaanxi", ("Xi'an", "Baoji", "Xianyang", "Yulin", "Hanzhong"), 0.08),
    ("Jiangsu / 江苏", "Jiangsu", ("Nanjing", "Suzhou", "Wuxi", "Changzhou", "Nantong", "Xuzhou"), 0.13),
)


def person_names(rng: np.random.Generator, n: int) -> list[str]:
    s = rng.integers(0, len(SURNAMES), n)
    g = rng.integers(0, len(GIVEN_NAMES), n)
    return [f"{SURNAMES[a]} {GIVEN_NAMES[b]}" for a, b in zip(s.tolist(), g.tolist(), strict=True)]


def format_ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """prefix + zero-padded number, e.g. ("C", [17], 5) -> "C00017"; widens instead of truncating."""
    numbers = np.asarray(numbers, dtype=np.int64)
    if len(numbers):
        width = max(width, len(str(int(numbers.max()))))
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers), pa.string()), width=width, padding="0")
    return pc.binary_join_element_wise(prefix, digits, "")


def sequential_ids(prefix: str, n: int, width: int) -> pa.Array:
    return format_ids(prefix, np.arange(1, n + 1), width)
