/* Sales Ops dashboards: in-page region and period filters (no network, no framework).
   The page data sits in <script id="page-data" type="application/json">; see pipelines/dashboards/html.py. */
(function () {
  "use strict";
  var ALL = "__all__", ANY = "*";
  var started = performance.now();
  var P = JSON.parse(document.getElementById("page-data").textContent);
  var state = { region: ALL, period: P.default_period };
  var moneyFmt = new Intl.NumberFormat(P.locale, { maximumFractionDigits: 0 });
  var num1Fmt = new Intl.NumberFormat(P.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var num2Fmt = new Intl.NumberFormat(P.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var regionNames = P.region_names || {};
  var plotConfig = { displaylogo: false, responsive: true, displayModeBar: "hover",
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"] };
  if (P.plotly_locale) plotConfig.locale = P.plotly_locale;

  function isMissing(v) { return v === null || v === undefined || (typeof v === "number" && isNaN(v)); }

  /* Amounts as a manager reads them: ¥1,234,567 in English; ¥123.5万 / ¥1.23亿 in Chinese (as theme.fmt_amount). */
  var wan1 = new Intl.NumberFormat(P.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  var yi2 = new Intl.NumberFormat(P.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  function fmtAmount(v) {
    var sign = v < 0 ? "-" : "", a = Math.abs(v);
    if (P.lang !== "zh") return sign + P.currency + moneyFmt.format(a);
    if (a >= 1e8) return sign + P.currency + yi2.format(a / 1e8) + "\u4ebf";
    if (a >= 1e7) return sign + P.currency + moneyFmt.format(a / 1e4) + "\u4e07";
    if (a >= 1e4) return sign + P.currency + wan1.format(a / 1e4) + "\u4e07";
    return sign + P.currency + moneyFmt.format(a);
  }

  function fmt(v, kind) {
    if (isMissing(v)) return "\u2013";
    switch (kind) {
      case "money": return fmtAmount(v);
      case "int": return moneyFmt.format(v);
      case "num1": return num1Fmt.format(v);
      case "num2": return num2Fmt.format(v);
      case "pct": return num1Fmt.format(v * 100) + "%";
      case "band": return (P.bands && P.bands[v]) || String(v);
      case "period": return P.period_labels[v] || String(v);
      case "region": return regionNames[v] || String(v);
      default: return String(v);
    }
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function addMonths(period, n) {
    var y = parseInt(period.slice(0, 4), 10), m = parseInt(period.slice(5, 7), 10) - 1 + n;
    y += Math.floor(m / 12); m = ((m % 12) + 12) % 12;
    return y + "-" + String(m + 1).padStart(2, "0");
  }

  function monthStartMs(period) { return Date.UTC(+period.slice(0, 4), +period.slice(5, 7) - 1, 1); }

  /* ---------- filters ---------- */
  function fillSelect(select, options, value) {
    options.forEach(function (o) {
      var opt = el("option", null, o.label);
      opt.value = o.value;
      select.appendChild(opt);
    });
    select.value = value;
  }

  var regionSelect = document.getElementById("filter-region");
  var periodSelect = document.getElementById("filter-period");
  if (regionSelect) {
    fillSelect(regionSelect, [{ value: ALL, label: P.labels.all_regions }].concat(
      P.regions.map(function (r) { return { value: r.id, label: r.name }; })), ALL);
    regionSelect.addEventListener("change", function () { state.region = regionSelect.value; renderAll(); });
  }
  if (periodSelect) {
    var periods = P.periods.slice().reverse();
    fillSelect(periodSelect, periods.map(function (p) { return { value: p, label: P.period_labels[p] }; }),
      state.period);
    periodSelect.disabled = periods.length === 0;
    periodSelect.addEventListener("change", function () { state.period = periodSelect.value; renderAll(); });
  }

  /* ---------- figures ---------- */
  function pickFigure(sec) {
    if (!sec.variants) return sec.fig;
    var r = sec.by_region === "variants" ? state.region : ANY;
    var p = sec.by_period === "variants" ? state.period : ANY;
    return sec.variants[r + "|" + p] || null;
  }

  function traceVisible(trace) {
    if (!trace.meta) return true;
    if (trace.meta.total) return state.region === ALL;
    if (trace.meta.region === undefined) return true;
    return state.region === ALL || trace.meta.region === state.region;
  }

  function showEmpty(sec, box) {
    if (box.classList.contains("js-plotly-plot")) Plotly.purge(box);
    box.innerHTML = "";
    box.appendChild(el("div", "nodata-inline", P.labels.no_data_selection));
    return Promise.resolve();
  }

  function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }

  /* The y range of what is visible inside the trend window, so a spike outside it does not flatten the lines. */
  function windowRange(data, from, to) {
    var lo = 0, hi = null;
    data.forEach(function (t) {
      if (t.visible === false || (t.yaxis && t.yaxis !== "y") || !t.x || !t.y) return;
      for (var i = 0; i < t.x.length; i++) {
        var x = String(t.x[i]).slice(0, 10), y = t.y[i];
        if (x < from || x > to || isMissing(y)) continue;
        lo = Math.min(lo, y);
        hi = hi === null ? y : Math.max(hi, y);
      }
    });
    if (hi === null) return null;
    var pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1;
    return [lo < 0 ? lo - pad : 0, hi + pad];
  }

  function renderFigure(sec) {
    var box = document.getElementById(sec.id);
    var fig = pickFigure(sec);
    var data = fig ? fig.data.map(function (t) {
      var copy = Object.assign({}, t);
      if (sec.by_region === "traces" && !traceVisible(t)) copy.visible = false;
      return copy;
    }) : [];
    var anyVisible = data.some(function (t) { return t.visible !== false; });
    if (!fig || !anyVisible) return showEmpty(sec, box);
    var nodata = box.querySelector(".nodata-inline");
    if (nodata) box.removeChild(nodata);
    var layout = Object.assign({}, fig.layout, { template: P.template });
    if (sec.by_period === "xrange" && state.period) {
      var end = monthStartMs(addMonths(state.period, 1)) - 12 * 86400000;
      var start = monthStartMs(addMonths(state.period, -(P.trend_months - 1))) - 12 * 86400000;
      layout.xaxis = Object.assign({}, layout.xaxis || {}, { range: [isoDay(start), isoDay(end)], autorange: false });
      var yRange = windowRange(data, isoDay(start), isoDay(end));
      layout.yaxis = Object.assign({}, layout.yaxis || {}, yRange ? { range: yRange, autorange: false }
        : { autorange: true });
    }
    return Plotly.react(box, data, layout, plotConfig);
  }

  /* ---------- tables ---------- */
  function rowPasses(sec, row) {
    if (sec.region_col !== null && state.region !== ALL && row[sec.region_col] !== state.region) return false;
    if (sec.period_col !== null && state.period) {
      var p = row[sec.period_col];
      if (sec.period_mode === "eq" && p !== state.period) return false;
      if (sec.period_mode === "le" && p > state.period) return false;
    }
    return true;
  }

  function cellClass(kind) {
    return kind === "text" || kind === "date" || kind === "period" || kind === "band" || kind === "region"
      ? "" : "num";
  }

  function renderTable(sec) {
    var box = document.getElementById(sec.id);
    box.innerHTML = "";
    var rows = sec.rows.filter(function (row) { return rowPasses(sec, row); });
    if (rows.length === 0) { box.appendChild(el("div", "nodata-inline", P.labels.no_data_selection)); return; }
    var table = el("table", "data");
    var head = el("tr");
    sec.columns.forEach(function (c) { head.appendChild(el("th", cellClass(c.fmt), c.label)); });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var tbody = el("tbody");
    rows.slice(0, sec.limit).forEach(function (row) {
      var tr = el("tr");
      sec.columns.forEach(function (c) {
        var td = el("td", cellClass(c.fmt), fmt(row[c.index], c.fmt));
        if (c.fmt === "band") td.className = "band band-" + row[c.index];
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    box.appendChild(table);
    box.appendChild(el("p", "rows-shown", P.labels.rows_shown
      .replace("{shown}", fmt(Math.min(rows.length, sec.limit), "int")).replace("{total}", fmt(rows.length, "int"))));
  }

  /* ---------- KPI cards ---------- */
  function ratio(a, b) { return isMissing(a) || isMissing(b) || b === 0 ? null : a / b; }

  /* Growth against a base too small to mean anything (zero or negative, or under a tenth of the current value,
     i.e. more than +900%) is "n/a (base < X)", not "-3,556%". */
  function growthText(current, base) {
    if (isMissing(current) || isMissing(base)) return null;
    if (base <= 0) return P.labels.na_base_nonpositive;
    var floor = Math.abs(current) / 10;
    if (base < floor) return P.labels.na_base_small.replace("{base}", fmt(floor, "money"));
    return null;
  }

  function delta(text, value, kind, lowerIsBetter) {
    var span = el("span", "delta");
    if (isMissing(value)) { span.textContent = text + " \u2013"; return span; }
    if (kind === "attainment") {
      span.textContent = text + " " + fmt(value, "pct");
      span.className += value >= 1 ? " good" : value >= 0.9 ? " warn" : " bad";
    } else {
      var change = value - 1;
      span.textContent = text + " " + (change >= 0 ? "+" : "") + fmt(change, "pct");
      span.className += (change >= 0) !== Boolean(lowerIsBetter) ? " good" : " bad";
    }
    return span;
  }

  function growth(text, current, base, lowerIsBetter) {
    var na = growthText(current, base);
    if (na) { var span = el("span", "delta na", text + " " + na); return span; }
    return delta(text, ratio(current, base), "growth", lowerIsBetter);
  }

  function renderKpis(sec) {
    var box = document.getElementById(sec.id);
    box.innerHTML = "";
    var found = {};
    sec.records.forEach(function (rec) {
      if (rec[0] === state.region && rec[1] === state.period) found[rec[2]] = rec;
    });
    var grid = el("div", "kpi-grid");
    var any = false;
    sec.metrics.forEach(function (m) {
      var rec = found[m.key];
      var card = el("div", "kpi");
      card.appendChild(el("div", "kpi-title", m.label));
      if (!rec) { card.appendChild(el("div", "kpi-value", "\u2013")); grid.appendChild(card); return; }
      any = true;
      // rec: region, period, metric, month, ytd, ly_month, ly_ytd, target_month, target_ytd, pm_month
      [["month", 3, 5, 7, 9], ["ytd", 4, 6, 8, null]].forEach(function (part) {
        var row = el("div", "kpi-row");
        row.appendChild(el("span", "kpi-label", sec.labels[part[0]]));
        var value = el("span", "kpi-value", fmt(rec[part[1]], "money"));
        // Machine-readable twins of what is shown: the reconciliation test reads them beside the text.
        value.setAttribute("data-kpi", m.key + "." + part[0]);
        value.setAttribute("data-value", isMissing(rec[part[1]]) ? "" : String(rec[part[1]]));
        if (m.has_target && !isMissing(rec[part[3]])) value.setAttribute("data-target", String(rec[part[3]]));
        row.appendChild(value);
        var deltas = el("div", "kpi-deltas");
        if (m.has_target) deltas.appendChild(delta(sec.labels.vs_target, ratio(rec[part[1]], rec[part[3]]), "attainment"));
        deltas.appendChild(growth(sec.labels.vs_last_year, rec[part[1]], rec[part[2]], m.lower_is_better));
        if (part[4] !== null) deltas.appendChild(growth(sec.labels.vs_last_month, rec[part[1]], rec[part[4]],
          m.lower_is_better));
        row.appendChild(deltas);
        card.appendChild(row);
      });
      grid.appendChild(card);
    });
    if (!any) { box.appendChild(el("div", "nodata-inline", P.labels.no_data_selection)); return; }
    box.appendChild(grid);
  }

  /* ---------- all ---------- */
  function renderAll() {
    var pending = [];
    P.sections.forEach(function (sec) {
      try {
        if (sec.kind === "figure") pending.push(renderFigure(sec));
        else if (sec.kind === "table") renderTable(sec);
        else if (sec.kind === "kpis") renderKpis(sec);
      } catch (err) {
        console.error("section " + sec.id + ": " + err);
        throw err;
      }
    });
    return Promise.all(pending);
  }

  function signature() {
    /* What is on screen, as text: lets a test see that a filter changed something. */
    return P.sections.map(function (sec) {
      var box = document.getElementById(sec.id);
      if (!box) return "";
      if (sec.kind === "figure" && box.data) {
        return sec.id + ":" + box.data.filter(function (t) { return t.visible !== false; }).map(function (t) {
          return (t.name || "") + "=" + JSON.stringify(t.y || t.x || []).length;
        }).join(",") + ";" + JSON.stringify((box.layout.xaxis || {}).range || "");
      }
      return sec.id + ":" + box.textContent;
    }).join("\n");
  }

  window.salesops = {
    state: state, signature: signature,
    setFilters: function (region, period) {
      if (region !== undefined) { state.region = region; if (regionSelect) regionSelect.value = region; }
      if (period !== undefined) { state.period = period; if (periodSelect) periodSelect.value = period; }
      return renderAll();
    },
  };
  renderAll().then(function () {
    // From navigation start (time origin) to every section drawn: what a manager waits for.
    window.salesops.renderedAt = performance.now();
    window.salesops.renderMs = performance.now() - started;
    document.body.setAttribute("data-rendered", "1");
  }, function (err) {
    console.error("rendering failed: " + err);
  });
})();
