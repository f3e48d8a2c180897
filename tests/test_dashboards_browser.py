"""Every dashboard page, English and Chinese, opened from disk in a real headless Chromium (Debian's).

Checks: no console error, no failed or non-local request, the expected number of rendered plots and
"no data" panels, working region and period filters, page weight <= 6 MB, one colour per region across
pages. Screenshots go to tmp_path; render times (open -> fully rendered) are printed, not asserted.
Run with -s to see them.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.dashboards.build import MANIFEST, build_all_languages, build_dashboards
from pipelines.dashboards.names_zh import to_chinese
from pipelines.dashboards.registry import PAGE_BY_SLUG, PAGES

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
MAX_PAGE_BYTES = 1_500_000  # 1.5 MB, counted strictly (plotly.js is a file beside the pages)
RENDER_TIMEOUT_S = 60
LANG_DIRS = {"en": "", "zh": "zh"}
NETWORK_SCHEMES = {"http", "https", "ws", "wss", "ftp"}  # a page that works offline asks for none of these
# Foot-traffic page with a study loaded: ranking, daily estimates, typical days, segment mix, target segment,
# method check, sample planner, profile (the ranking, sheet issues and plan are also tables).
FOOTFALL_PLOTS = 8
# (region, colour) of every trace tagged with a region whose colour is a single value.
REGION_COLOURS_JS = """return Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap(p => p.data)
    .filter(t => t.meta && t.meta.region)
    .map(t => [t.meta.region, (t.line && t.line.color) || (t.marker && t.marker.color)])
    .filter(rc => typeof rc[1] === 'string');"""


def _driver(profile: Path):
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        pytest.fail(f"the browser tests need Debian's chromium at {CHROMIUM} and chromedriver at {CHROMEDRIVER} "
                    "(apt-get install chromium chromium-driver); they are not optional", pytrace=False)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1400,1000", f"--user-data-dir={profile}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)


@pytest.fixture(scope="module")
def browser():
    profile = Path(tempfile.mkdtemp(prefix="salesops-chromium-"))
    driver = _driver(profile)
    driver.get("about:blank")  # leave the new-tab page before any test reads the logs
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def sample_pages(built_sample, tmp_path_factory) -> Path:
    """Both editions built from the generated sample company; section errors fail the build (strict)."""
    out = tmp_path_factory.mktemp("dashboards")
    started = time.perf_counter()
    build_all_languages(built_sample.warehouse, out, built_sample.models_dir, strict=True)
    print(f"\nbuilt {2 * (len(PAGES) + 1)} pages (en + zh) from the sample in {time.perf_counter() - started:.1f} s")
    return out


class Opened:
    """A page opened in the browser, with what the browser logged while loading and rendering it."""

    def __init__(self, driver, path: Path, keep_filters: bool = False):
        from selenium.webdriver.support.ui import WebDriverWait

        def load() -> None:
            driver.get(path.as_uri())
            WebDriverWait(driver, RENDER_TIMEOUT_S).until(
                lambda d: d.execute_script("return document.readyState === 'complete' && (!document.getElementById"
                                           "('page-data') || document.body.getAttribute('data-rendered') === '1')"))

        if not keep_filters:  # pages remember the last filters (localStorage); start from the defaults
            driver.get(path.as_uri())
            driver.execute_script("localStorage.clear()")
        driver.get_log("browser")  # drop what earlier pages left
        driver.get_log("performance")
        started = time.perf_counter()
        load()
        self.wall_seconds = time.perf_counter() - started
        self.driver = driver
        self.render_ms = driver.execute_script("return window.salesops ? window.salesops.renderedAt : null")
        self.console = driver.get_log("browser")
        self.requests, self.failed = [], []
        for entry in driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg["method"] == "Network.requestWillBeSent":
                self.requests.append(msg["params"]["request"]["url"])
            elif msg["method"] == "Network.loadingFailed":
                self.failed.append(msg["params"])

    def js(self, script: str):
        return self.driver.execute_script(script)

    @property
    def rendered_plots(self) -> int:
        return self.js("return Array.from(document.querySelectorAll('.js-plotly-plot')).filter(p => "
                       "p.querySelector('svg.main-svg') && p.querySelector('.trace') && p.data.length > 0).length")

    @property
    def errors(self) -> list[str]:
        return [e["message"] for e in self.console if e["level"] == "SEVERE"]

    def screenshot(self, path: Path) -> Path:
        height = self.js("return document.body.scrollHeight")
        self.driver.set_window_size(1400, min(max(height + 40, 800), 6000))
        self.driver.save_screenshot(str(path))
        self.driver.set_window_size(1400, 1000)
        return path


def _check_clean(opened: Opened, name: str) -> None:
    assert not opened.errors, f"{name}: console errors {opened.errors}"
    assert not opened.failed, f"{name}: failed requests {opened.failed}"
    remote = [u for u in opened.requests if u.split(":", 1)[0].lower() in NETWORK_SCHEMES]
    assert not remote, f"{name}: requested network resources {remote}"


@pytest.mark.parametrize("lang", list(LANG_DIRS))
def test_every_page_renders_offline_without_errors(browser, sample_pages, tmp_path, lang):
    edition = sample_pages / LANG_DIRS[lang]
    manifest = json.loads((edition / MANIFEST).read_text(encoding="utf-8"))
    report = []
    colours: dict[str, set[str]] = {}  # region -> every colour its traces have, on any page
    index = Opened(browser, edition / "index.html")
    _check_clean(index, f"{lang}/index.html")
    links = index.js("return Array.from(document.querySelectorAll('.index-list a')).map(a => a.getAttribute('href'))")
    assert links == [p.file_name for p in PAGES]
    index.screenshot(tmp_path / f"{lang}-index.png")
    for page in PAGES:
        path = edition / page.file_name
        entry = manifest["pages"][page.slug]
        assert path.stat().st_size <= MAX_PAGE_BYTES, f"{path} weighs {path.stat().st_size / 1e6:.2f} MB"
        opened = Opened(browser, path)
        _check_clean(opened, f"{lang}/{page.file_name}")
        expected_plots = sum(1 for s in entry["sections"] if s["status"] == "ok" and s["kind"] == "figure")
        expected_nodata = sum(1 for s in entry["sections"] if s["status"] != "ok")
        assert not [s for s in entry["sections"] if s["status"] == "error"]
        assert opened.rendered_plots == expected_plots, page.slug
        if page.slug == "footfall" and all(s["status"] == "ok" for s in entry["sections"]):
            assert opened.rendered_plots == FOOTFALL_PLOTS, f"{lang}/footfall.html"
        assert opened.js("return document.querySelectorAll('.nodata-panel').length") == expected_nodata, page.slug
        assert opened.js("return document.documentElement.lang") == ("zh-CN" if lang == "zh" else "en")
        # A foot-traffic study has no region or month: no filters that would do nothing.
        assert opened.js("return !!document.getElementById('filter-region')") == (page.slug != "footfall")
        for region, colour in opened.js(REGION_COLOURS_JS):
            colours.setdefault(region, set()).add(colour)
        shot = opened.screenshot(tmp_path / f"{lang}-{page.slug}.png")
        report.append(f"{lang}/{page.file_name:<17} {path.stat().st_size / 1e6:5.2f} MB  plots {expected_plots:2d}  "
                      f"render {opened.render_ms or 0:7.0f} ms (page load + render {opened.wall_seconds:5.2f} s)  "
                      f"{shot.name}")
    print("\n" + "\n".join(report) + f"\nscreenshots in {tmp_path}")
    # One colour per region across pages, and different regions in different colours.
    assert len(colours) >= 2
    assert all(len(c) == 1 for c in colours.values()), colours
    assert len({next(iter(c)) for c in colours.values()}) == len(colours)


def test_core_pages_have_data_on_the_sample(sample_pages, built_sample):
    """The generated company delivers every core source, so these sections must not fall back to "no data";
    the foot-traffic sections have data exactly when their footfall_* marts hold rows (the generator writes a
    study, so then the page has all its plots in both languages)."""
    manifest = json.loads((sample_pages / MANIFEST).read_text(encoding="utf-8"))
    status = {s["key"]: s["status"] for p in manifest["pages"].values() for s in p["sections"]}
    for key in ("overview.kpis", "overview.sales_trend", "overview.region_sales", "overview.margin_trend",
                "costs.structure", "costs.approvals", "costs.expense_ratio", "costs.period_comparison",
                "collections.rate_trend", "targets.discipline", "inventory.days_of_inventory",
                "inventory.sell_in_out", "inventory.weeks_of_supply"):
        assert status[key] == "ok", key
    con = duckdb.connect(str(built_sample.warehouse), read_only=True)
    try:
        tables = [t for (t,) in con.execute("SELECT table_name FROM information_schema.tables "
                                            "WHERE table_name LIKE 'footfall%'").fetchall()]
        rows = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()
    assert rows.get("footfall_site_day"), "the sample generator writes a foot-traffic study"
    footfall = PAGE_BY_SLUG["footfall"].sections
    for spec in footfall:
        has_data = all(rows.get(t) for t in spec.tables) and (
            not spec.any_tables or any(rows.get(t) for t in spec.any_tables))
        assert status[spec.key] == ("ok" if has_data else "nodata"), spec.key
    if all(status[spec.key] == "ok" for spec in footfall):
        for edition in ("", "zh"):
            page = json.loads((sample_pages / edition / MANIFEST).read_text(encoding="utf-8"))["pages"]["footfall"]
            assert page["plots"] == FOOTFALL_PLOTS, edition or "en"


def _visible_traces(opened: Opened, section: str) -> list[str]:
    return opened.js(f"""
        const box = document.querySelector('[data-section="{section}"] .js-plotly-plot');
        return box.data.filter(t => t.visible !== false).map(t => t.name);""")


def test_region_and_period_filters_change_what_is_shown(browser, sample_pages):
    opened = Opened(browser, sample_pages / "overview.html")
    regions = opened.js("return Array.from(document.querySelectorAll('#filter-region option')).map(o => o.value)")
    periods = opened.js("return Array.from(document.querySelectorAll('#filter-period option')).map(o => o.value)")
    assert regions[0] == "__all__" and len(regions) >= 3
    assert len(periods) >= 2 and periods[0] > periods[1]  # newest first, the as-of month selected
    before = opened.js("return window.salesops.signature()")
    all_lines = _visible_traces(opened, "overview.region_sales")
    kpi_before = opened.js("return document.querySelector('[data-section=\"overview.kpis\"]').textContent")

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(opened.driver.find_element(By.ID, "filter-region")).select_by_value(regions[1])
    after_region = opened.js("return window.salesops.signature()")
    assert after_region != before
    lines = _visible_traces(opened, "overview.region_sales")
    assert len(lines) == 1 and len(all_lines) > 1  # one region's line instead of all of them
    assert opened.js("return document.querySelector('[data-section=\"overview.kpis\"]').textContent") != kpi_before

    Select(opened.driver.find_element(By.ID, "filter-period")).select_by_value(periods[1])
    assert opened.js("return window.salesops.signature()") != after_region
    x_range = opened.js("return document.querySelector('[data-section=\"overview.region_sales\"] .js-plotly-plot')"
                        ".layout.xaxis.range")
    assert str(x_range[1])[:7] <= periods[1]  # the trend window now ends in the chosen month
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]

    # The filters go along to the next page, through the navigation link (hash) and localStorage.
    link = opened.js("return document.querySelector('nav a[href^=\"costs.html\"]').getAttribute('href')")
    assert link == f"costs.html#r={regions[1]}&p={periods[1]}&m=month"
    costs = Opened(browser, sample_pages / "costs.html", keep_filters=True)
    assert costs.js("return [document.getElementById('filter-region').value, "
                    "document.getElementById('filter-period').value]") == [regions[1], periods[1]]
    before = costs.js("return window.salesops.signature()")
    costs.js(f"return window.salesops.setFilters('{regions[1]}', '{periods[2]}')")
    assert costs.js("return window.salesops.signature()") != before
    assert costs.rendered_plots >= 1
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def _card(opened: Opened, key: str) -> float:
    return float(opened.js(f"return document.querySelector('[data-kpi=\"{key}\"]').getAttribute('data-value')"))


def test_quarter_ytd_and_custom_range_sum_the_months(browser, sample_pages):
    """The cards of a quarter, the year to date and a custom range are the sums of their months; 环比 compares
    with the range just before, 同比 with the same range last year."""
    opened = Opened(browser, sample_pages / "overview.html")
    periods = opened.js("return Array.from(document.querySelectorAll('#filter-period option')).map(o => o.value)")
    end = periods[0]
    months = {}
    for p in periods:
        opened.js(f"return window.salesops.setFilters('__all__', '{p}', 'month')")
        months[p] = _card(opened, "sales_amount.month")
    opened.js(f"return window.salesops.setFilters('__all__', '{end}', 'quarter')")
    quarter = [p for p in periods if p[:4] == end[:4] and (int(p[5:]) - 1) // 3 == (int(end[5:]) - 1) // 3]
    assert _card(opened, "sales_amount.quarter") == pytest.approx(sum(months[p] for p in quarter))
    assert "vs previous period" in opened.js("return document.querySelector('.kpi-deltas').textContent")
    opened.js(f"return window.salesops.setFilters('__all__', '{end}', 'ytd')")
    ytd = _card(opened, "sales_amount.ytd")
    assert ytd == pytest.approx(sum(v for p, v in months.items() if p[:4] == end[:4]), rel=1e-9)
    opened.js(f"return window.salesops.setFilters('__all__', '{end}', 'range', '{periods[3]}')")
    assert _card(opened, "sales_amount.range") == pytest.approx(sum(months[p] for p in periods[:4]))
    assert opened.js("return document.getElementById('filter-from').parentNode.style.display") == ""
    _check_clean(opened, "overview with period modes")


def _trace_totals(opened: Opened, section: str, axis: str) -> dict[str, float]:
    """Each visible trace's bars added up (the value axis), by trace name."""
    return opened.js(f"""const box = document.querySelector('[data-section="{section}"] .js-plotly-plot');
        if (!box || !box.data) return {{}};
        const out = {{}};
        box.data.filter(t => t.visible !== false).forEach(t => {{
            out[t.name] = (t.{axis} || []).reduce((a, b) => a + (b || 0), 0); }});
        return out;""")


def test_period_choice_drives_the_charts(browser, sample_pages):
    """Quarter, year to date and a custom range redraw the charts of sums with the sums of their months: the
    expense structure, the budget bars and 环比 / 同比 of the period comparison; tables list every month chosen
    and the trend charts shade those months."""
    opened = Opened(browser, sample_pages / "costs.html")
    periods = opened.js("return Array.from(document.querySelectorAll('#filter-period option')).map(o => o.value)")
    end = next(p for p in periods if int(p[5:]) % 3 == 0 and periods.index(p) + 5 < len(periods))  # a quarter's end
    quarter = [end[:5] + f"{m:02d}" for m in range(int(end[5:]) - 2, int(end[5:]) + 1)]
    before = [p for p in periods if p < quarter[0]][:3]  # the three months before the quarter (newest first)
    structure, budget, comparison, months = {}, {}, {}, {}
    overruns = 0
    for p in quarter + before:
        opened.js(f"return window.salesops.setFilters('__all__', '{p}', 'month')")
        structure[p] = sum(_trace_totals(opened, "costs.structure", "x").values())
        budget[p] = _trace_totals(opened, "costs.budget_vs_actual", "x")
        comparison[p] = _trace_totals(opened, "costs.period_comparison", "y")
        if p in quarter:
            overruns += len(opened.js("return window.salesops.tableRows('costs.overruns')"))
            months[p] = opened.js("return window.salesops.signature()")
    assert len(set(months.values())) == 3, "each month draws its own charts"
    assert {"This period", "Previous period", "Same period last year"} <= set(comparison[end])

    opened.js(f"return window.salesops.setFilters('__all__', '{end}', 'quarter')")
    assert opened.js("return window.salesops.signature()") not in months.values()
    assert sum(_trace_totals(opened, "costs.structure", "x").values()) == pytest.approx(
        sum(structure[p] for p in quarter))
    got = _trace_totals(opened, "costs.budget_vs_actual", "x")
    for name in got:
        assert got[name] == pytest.approx(sum(budget[p].get(name, 0) for p in quarter)), name
    got = _trace_totals(opened, "costs.period_comparison", "y")
    assert got["This period"] == pytest.approx(sum(comparison[p]["This period"] for p in quarter))
    assert got["Same period last year"] == pytest.approx(sum(comparison[p]["Same period last year"] for p in quarter))
    # 环比: the quarter against the three months just before it, not against the month before its last month.
    assert got["Previous period"] == pytest.approx(sum(comparison[p]["This period"] for p in before))
    # Tables list every month of the quarter, with the month shown.
    assert len(opened.js("return window.salesops.tableRows('costs.overruns')")) == overruns
    heads = opened.js("return Array.from(document.querySelectorAll('[data-section=\"costs.overruns\"] th'))"
                      ".map(th => th.textContent)")
    assert heads[0].startswith("Period")
    # A custom range and the year to date: the sums of their months too.
    opened.js(f"return window.salesops.setFilters('__all__', '{end}', 'range', '{quarter[1]}')")
    assert sum(_trace_totals(opened, "costs.structure", "x").values()) == pytest.approx(
        sum(structure[p] for p in quarter[1:]))
    ratio_shade = opened.js("return (document.querySelector('[data-section=\"costs.expense_ratio\"] "
                            ".js-plotly-plot').layout.shapes || []).filter(s => s.name === 'selection').length")
    assert ratio_shade == 1, "the trend shades the months chosen"
    targets = Opened(browser, sample_pages / "targets.html")
    targets.js(f"return window.salesops.setFilters('__all__', '{end}', 'month')")
    month_title = targets.js(ATTAINMENT_JS)["title"]
    targets.js(f"return window.salesops.setFilters('__all__', '{end}', 'ytd')")
    ytd_title = targets.js(ATTAINMENT_JS)["title"]
    assert month_title != ytd_title and ytd_title.startswith("Year to date")
    _check_clean(opened, "costs with period modes")
    _check_clean(targets, "targets with period modes")


def test_missing_tables_show_no_data_panels_not_broken_charts(browser, tmp_path):
    """A warehouse with sales but no expenses, inventory or risk tables: panels instead of charts, no errors."""
    warehouse = tmp_path / "partial.duckdb"
    con = duckdb.connect(str(warehouse))
    con.execute("CREATE TABLE build_params AS SELECT DATE '2026-03-31' AS as_of")
    con.execute("CREATE TABLE dim_region AS SELECT * FROM (VALUES ('R1', 'East'), ('R2', 'North')) t(region_id, "
                "region_name)")
    con.execute("CREATE TABLE mart_sales_region_month AS SELECT * FROM (VALUES "
                "('R1', DATE '2026-02-01', 100.0, 80.0, 30.0, 0.0), ('R2', DATE '2026-03-01', 50.0, 10.0, 20.0, 0.0))"
                " t(region_id, month_start, sales_amount, collected_amount, gross_margin, returns_amount)")
    con.execute("CREATE TABLE fct_expenses (region_id VARCHAR, month_start DATE, amount DOUBLE)")  # empty
    con.close()
    out = tmp_path / "dash"
    paths = build_dashboards(warehouse, out, "en", tmp_path / "no-models", strict=True)
    assert {p.name for p in paths} == {"index.html"} | {p.file_name for p in PAGES}
    overview = Opened(browser, out / "overview.html")
    _check_clean(overview, "partial overview")
    assert overview.rendered_plots == 2  # sales trend and sales by region
    panel = overview.js("return document.querySelector('[data-section=\"overview.margin_trend\"] .nodata-panel')"
                        ".textContent")
    assert "data/raw/expenses/" in panel and "fct_expenses" not in panel  # the export to add, not a table
    costs = Opened(browser, out / "costs.html")
    _check_clean(costs, "partial costs")
    assert costs.rendered_plots == 0
    assert costs.js("return document.querySelectorAll('.nodata-panel').length") == len(PAGES[1].sections)
    index = Opened(browser, out / "index.html")
    assert "data/raw/expenses/" in index.js("return document.getElementById('missing-data').textContent")
    assert "2026-03-31" in index.js("return document.getElementById('as-of').textContent")


def test_dagster_run_published_both_editions(built_sample):
    """The nightly job itself (through Dagster) wrote the pages after publishing the warehouse."""
    out = built_sample.dashboards_dir
    for page in ("index.html", *(p.file_name for p in PAGES)):
        assert (out / page).stat().st_size > 0
        assert (out / "zh" / page).stat().st_size > 0
    assert not [p for p in out.parent.iterdir() if "building" in p.name]  # no temp folders left behind


# ---------------------------------------------------------------------------------------------------------
# One truth: the figures a manager reads on several pages agree with each other and with the warehouse.

KPI_JS = """return Array.from(document.querySelectorAll('[data-kpi]')).map(e => ({key: e.getAttribute('data-kpi'),
    value: e.getAttribute('data-value'), target: e.getAttribute('data-target'), text: e.textContent}));"""
ATTAINMENT_JS = """const box = document.querySelector('[data-section="targets.attainment"] .js-plotly-plot');
    const bar = box.data[0];
    return {names: bar.y, att: bar.x, text: bar.text, title: box.layout.title.text};"""


def parse_amount(text: str) -> tuple[float, float]:
    """A shown amount ('¥32,854,362', '¥3,285万', '¥397.6万', '¥1.23亿') as (value, display precision)."""
    t = text.replace("¥", "").replace(",", "").strip()
    sign = -1.0 if t.startswith("-") else 1.0
    t = t.lstrip("-")
    unit = {"万": 1e4, "亿": 1e8}.get(t[-1:], 1.0)
    digits = t[:-1] if unit != 1.0 else t
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return sign * float(digits) * unit, unit * 10 ** -decimals


def _warehouse_truth(warehouse: Path) -> dict:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        as_of = con.execute("SELECT max(as_of) FROM build_params").fetchone()[0]
        year = [as_of.replace(month=1, day=1), as_of]
        one = lambda sql: con.execute(sql, year).fetchone()[0]  # noqa: E731
        truth = {
            "sales_amount.ytd": one("SELECT sum(sales_amount) FROM mart_sales_region_month "
                                    "WHERE month_start BETWEEN ? AND ?"),
            "collected_amount.ytd": one("SELECT sum(collected_amount) FROM mart_collections_region_month "
                                        "WHERE month_start BETWEEN ? AND ?"),
            "expenses.ytd": one("SELECT sum(amount) FROM fct_expenses WHERE month_start BETWEEN ? AND ?"),
        }
        target = con.execute("SELECT sum(target_to_date) FROM mart_target_attainment WHERE level = 'region' AND "
                             "metric = 'sales' AND product_id IS NULL AND year = ?", [as_of.year]).fetchone()[0]
        regions = dict(con.execute(
            "SELECT r.region_name, a.attainment_to_date FROM mart_target_attainment a JOIN dim_region r USING "
            "(region_id) WHERE a.level = 'region' AND a.metric = 'sales' AND a.product_id IS NULL AND a.year = ? "
            "AND a.target_to_date > 0", [as_of.year]).fetchall())
    finally:
        con.close()
    return {"kpis": truth, "sales_target_ytd": target, "region_attainment": regions}


def test_figures_agree_across_pages_editions_and_the_warehouse(browser, sample_pages, built_sample):
    truth = _warehouse_truth(built_sample.warehouse)
    seen: dict[str, list[tuple[str, float]]] = {}
    targets: list[tuple[str, float]] = []
    report = []
    for lang, sub in LANG_DIRS.items():
        for page in PAGES:
            opened = Opened(browser, sample_pages / sub / page.file_name)
            for kpi in opened.js(KPI_JS):
                where = f"{lang}/{page.file_name} {kpi['key']}"
                if not kpi["value"]:
                    continue
                value = float(kpi["value"])
                shown, precision = parse_amount(kpi["text"])
                # What is shown is the value, rounded as the language's format says (yuan, 万 or 亿).
                assert abs(shown - value) <= precision / 2 + 0.5, f"{where}: shows {kpi['text']} for {value}"
                seen.setdefault(kpi["key"], []).append((where, value))
                if kpi["key"] == "sales_amount.ytd" and kpi["target"]:
                    targets.append((where, float(kpi["target"])))
            if page.slug == "targets":
                opened.js("return window.salesops.setFilters('__all__', undefined, 'ytd')")  # as the warehouse
                bars = opened.js(ATTAINMENT_JS)
                shown = {n: a for n, a in zip(bars["names"], bars["att"], strict=True)}
                for region, attainment in truth["region_attainment"].items():
                    region = to_chinese(region) if lang == "zh" else region
                    assert shown.get(region) == pytest.approx(attainment, abs=0.006), \
                        f"{lang} targets page: {region} attainment {shown.get(region)} != warehouse {attainment}"
                report.append(f"{lang}/targets.html attainment chart: {bars['title']}")
    for key in ("sales_amount.ytd", "collected_amount.ytd", "expenses.ytd"):
        pages = seen.get(key, [])
        assert len({w.split()[0] for w, _ in pages}) >= 4, f"{key} is on at least two pages in both editions: {pages}"
        for where, value in pages:
            assert value == pytest.approx(truth["kpis"][key], rel=1e-9), f"{where}: {value} != warehouse"
        report.append(f"{key}: {truth['kpis'][key]:,.0f} on {len(pages)} pages/editions")
    assert len(targets) >= 4, "the sales target is shown on the overview and the targets page in both editions"
    for where, value in targets:
        assert value == pytest.approx(truth["sales_target_ytd"], rel=1e-9), f"{where}: target {value} != warehouse"
    print("\n" + "\n".join(report))


# ---------------------------------------------------------------------------------------------------------
# The Chinese edition is Chinese: no English word a manager would have to read.

# Latin that may stay: codes and ids (C00012, SKU0101, WH01, SITE-A), file paths and identifiers in <code>,
# units and pack sizes (mg, ml, x12),
# technical terms a Chinese report keeps (DSO, ROC AUC, PR AUC, Brier, BG/NBD), the link to the English edition
# and the time zone of the build time.
ZH_ALLOWED = {"mg", "ml", "kg", "DSO", "ROC", "AUC", "PR", "Brier", "BG", "NBD", "English", "UTC", "PNG", "JSON",
              "CSV", "Excel"}
ZH_CODE = r"^([A-Z][A-Z0-9]*\d[A-Z0-9]*|[A-Z0-9]+([-_][A-Z0-9]+)+|x\d+)$"
VISIBLE_TEXT_JS = """const parts = {};
    const add = (key, el) => {
        // <code> holds file paths and identifiers (data/raw/expenses/), which stay as they are.
        let text = el.innerText;
        el.querySelectorAll('code').forEach(c => { text = text.split(c.innerText).join(' '); });
        parts[key] = (parts[key] || '') + '\\n' + text + '\\n' +
            Array.from(el.querySelectorAll('svg text')).map(t => t.textContent).join('\\n'); };
    document.querySelectorAll('header, nav, .filters').forEach(e => add('page', e));
    document.querySelectorAll('[data-section]').forEach(e => add(e.getAttribute('data-section'), e));
    if (!document.querySelector('[data-section]')) add('page', document.querySelector('main'));
    return parts;"""


def latin_words(text: str) -> list[str]:
    import re

    words = re.findall(r"[A-Za-z][A-Za-z0-9_'\-]*", text)
    si = re.findall(r"\b\d+(?:\.\d+)?[kMGB]\b", text)  # "140k" on an axis: a Chinese reader expects 14万
    return sorted({w for w in words if len(w) > 1 and w not in ZH_ALLOWED and not re.match(ZH_CODE, w)} | set(si))


def test_chinese_pages_show_no_english_words(browser, sample_pages):
    assert latin_words("华东 ¥3,285万 阿莫西林 125mg x12 SKU0101 SITE-A 维生素C") == []
    assert latin_words("最近 last rep visit") == ["last", "rep", "visit"]
    assert latin_words("0 20k 140k 14万") == ["140k", "20k"]
    found = {}
    for page in ("index.html", *(p.file_name for p in PAGES)):
        opened = Opened(browser, sample_pages / "zh" / page)
        for section, text in opened.js(VISIBLE_TEXT_JS).items():
            if words := latin_words(text):
                found[f"{page} {section}"] = words[:12]
    assert not found, f"English words on the Chinese pages: {found}"


# ---------------------------------------------------------------------------------------------------------
# Tables a manager acts on: sort, filter, show all, export (CSV and Excel) from the page, offline.

def _table_rows(opened: Opened, section: str) -> list[list[str]]:
    return opened.js(f"""return Array.from(document.querySelectorAll('[data-section="{section}"] tbody tr'))
        .map(tr => Array.from(tr.children).map(td => td.textContent));""")


def _wait_for_file(folder: Path, suffix: str) -> Path:
    deadline = time.time() + 20
    while time.time() < deadline:
        done = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size > 0]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} file was downloaded into {folder}")


def test_tables_sort_filter_show_all_and_export(browser, sample_pages, tmp_path):
    import csv
    import xml.etree.ElementTree as ET

    section = "collections.overdue_watchlist"
    opened = Opened(browser, sample_pages / "collections.html")
    box = f'[data-section="{section}"]'
    total = opened.js(f"return window.salesops.tableRows('{section}').length")
    shown = _table_rows(opened, section)
    limit = len(shown)
    assert total > limit > 0, "the sample has more overdue customers than the table shows at first"
    # Show all, and back.
    opened.js(f"document.querySelector('{box} button.show-all').click()")
    assert len(_table_rows(opened, section)) == total
    # Sort by the overdue amount (4th column): largest first, then smallest first.
    opened.js(f"document.querySelectorAll('{box} th')[3].click()")
    amounts = opened.js(f"return window.salesops.tableRows('{section}').map(r => r[3])")
    assert amounts == sorted(amounts, reverse=True)
    opened.js(f"document.querySelectorAll('{box} th')[3].click()")
    assert opened.js(f"return window.salesops.tableRows('{section}').map(r => r[3])") == sorted(amounts)
    # Filter by a customer's name: only rows that mention it.
    name = _table_rows(opened, section)[0][2]
    opened.js(f"""const i = document.querySelector('{box} input.table-filter'); i.value = {json.dumps(name)};
        i.dispatchEvent(new Event('input'));""")
    filtered = _table_rows(opened, section)
    assert 0 < len(filtered) < total and all(name in " ".join(r) for r in filtered)
    opened.js(f"""const i = document.querySelector('{box} input.table-filter'); i.value = '';
        i.dispatchEvent(new Event('input'));""")
    # Export every row that passes the filters, as CSV and as an Excel workbook, without network.
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    opened.js(f"document.querySelector('{box} button.export-csv').click()")
    with _wait_for_file(downloads, ".csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == total + 1 and rows[0][2] == opened.js(f"return document.querySelectorAll('{box} th')[2]"
                                                              ".textContent")
    assert sorted(float(r[3]) for r in rows[1:]) == pytest.approx(sorted(amounts))  # full values, not "¥1.2万"
    opened.js(f"document.querySelector('{box} button.export-xls').click()")
    sheet = ET.parse(_wait_for_file(downloads, ".xls")).getroot()
    ns = {"ss": "urn:schemas-microsoft-com:office:spreadsheet"}
    assert len(sheet.findall(".//ss:Row", ns)) == total + 1
    _check_clean(opened, "collections.html after table use")
