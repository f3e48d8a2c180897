/* Sales Ops dashboards: in-page region and period filters (no network, no framework).
   The page data sits in <script id="page-data" type="application/json">; see pipelines/dashboards/html.py. */
(function () {
  "use strict";
  var ALL = "__all__", ANY = "*";
  var started = performance.now();
  var P = JSON.parse(document.getElementById("page-data").textContent);
  var MODES = ["month", "quarter", "ytd", "range"];
  var state = { region: ALL, period: P.default_period, mode: "month", from: null };
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

  /* Axis ticks in 万 / 亿 (zh): as short as the tick allows, "¥500万", "¥1.2亿". */
  function fmtTick(v) {
    var a = Math.abs(v), sign = v < 0 ? "-" : "";
    var short = function (x) { return String(Math.round(x * 100) / 100); };
    if (a >= 1e8) return sign + P.currency + short(a / 1e8) + "\u4ebf";
    if (a >= 1e4) return sign + P.currency + short(a / 1e4) + "\u4e07";
    return sign + P.currency + moneyFmt.format(a);
  }

  /* zh: a hover's "¥%{y:,.0f}" (x, y or customdata[i]) becomes the amount in 万 / 亿, written into customdata. */
  var MONEY_HOVER = /\u00a5%\{(x|y|customdata(?:\[(\d+)\])?)(?::[^}]*)?\}/g;
  function chineseAmounts(t) {
    if (P.lang !== "zh" || typeof t.hovertemplate !== "string" || t.hovertemplate.indexOf(P.currency + "%{") < 0) {
      return t;
    }
    var n = Math.max((t.x || []).length, (t.y || []).length);
    var scalar = Array.isArray(t.customdata) && t.customdata.length && !Array.isArray(t.customdata[0]);
    var rows = [], width = 0;
    for (var i = 0; i < n; i++) {
      var orig = t.customdata ? t.customdata[i] : undefined;
      var row = Array.isArray(orig) ? orig.slice() : orig === undefined ? [] : [orig];
      width = Math.max(width, row.length);
      rows.push(row);
    }
    var template = scalar ? t.hovertemplate.replace(/%\{customdata(?=[:}])/g, "%{customdata[0]") : t.hovertemplate;
    template = template.replace(MONEY_HOVER, function (whole, key, idx) {
      var at = width++;
      rows.forEach(function (row, i) {
        var v = key === "x" ? t.x[i] : key === "y" ? t.y[i] : row[idx === undefined ? 0 : +idx];
        row[at] = isMissing(v) || typeof v !== "number" ? "\u2013" : fmtAmount(v);
      });
      return "%{customdata[" + at + "]}";
    });
    return Object.assign({}, t, { customdata: rows, hovertemplate: template });
  }

  /* Counts (units, passers-by) on a "~s" axis in Chinese: 14万 rather than 140k. */
  function fmtCountTick(v) {
    var a = Math.abs(v), sign = v < 0 ? "-" : "";
    var short = function (x) { return String(Math.round(x * 100) / 100); };
    if (a >= 1e8) return sign + short(a / 1e8) + "\u4ebf";
    if (a >= 1e4) return sign + short(a / 1e4) + "\u4e07";
    return sign + moneyFmt.format(a);
  }

  /* zh: money axes (tickprefix ¥) and count axes (SI ticks) get their ticks in 万 / 亿 once plotly has placed
     them; month axes read 2026年3月. */
  function chineseAxes(box) {
    if (P.lang !== "zh" || !box._fullLayout) return null;
    var update = {};
    Object.keys(box._fullLayout).forEach(function (k) {
      var ax = box._fullLayout[k];
      if (!/^[xy]axis\d*$/.test(k) || !ax || !ax._vals) return;
      var money = ax.tickprefix === P.currency, count = ax.tickformat === "~s";
      if (ax.type === "date" && ax.tickformat === "%Y-%m") {
        update[k + ".tickformat"] = "%Y\u5e74%-m\u6708";
        return;
      }
      if (!money && !count) return;
      var vals = ax._vals.map(function (t) { return t.x; });
      update[k + ".tickmode"] = "array";
      update[k + ".tickvals"] = vals;
      update[k + ".ticktext"] = vals.map(money ? fmtTick : fmtCountTick);
      if (money) update[k + ".tickprefix"] = "";
    });
    return Object.keys(update).length ? Plotly.relayout(box, update) : null;
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

  /* Filters survive moving between pages (and to the other language): kept in the URL's hash, which every
     link in the navigation carries, and in localStorage for the index and a page opened from the folder. */
  var STORE = "salesops.filters";
  function loadFilters() {
    var text = location.hash.slice(1);
    if (!text) { try { text = localStorage.getItem(STORE) || ""; } catch (e) { text = ""; } }
    var got = {};
    text.split("&").forEach(function (kv) { var i = kv.indexOf("="); if (i > 0) got[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1)); });
    if (got.r === ALL || P.regions.some(function (r) { return r.id === got.r; })) state.region = got.r;
    if (P.periods.indexOf(got.p) >= 0) state.period = got.p;
    if (MODES.indexOf(got.m) >= 0) state.mode = got.m;
    if (P.periods.indexOf(got.f) >= 0) state.from = got.f;
  }
  function saveFilters() {
    var text = "r=" + encodeURIComponent(state.region) + "&p=" + (state.period || "") + "&m=" + state.mode
      + (state.mode === "range" && state.from ? "&f=" + state.from : "");
    try { history.replaceState(null, "", "#" + text); } catch (e) { /* some browsers refuse on file:// */ }
    try { localStorage.setItem(STORE, text); } catch (e) { /* storage off: the hash still carries them */ }
    document.querySelectorAll("nav a").forEach(function (a) {
      a.setAttribute("href", a.getAttribute("href").split("#")[0] + "#" + text);
    });
  }
  loadFilters();

  var regionSelect = document.getElementById("filter-region");
  var periodSelect = document.getElementById("filter-period");
  var modeSelect = document.getElementById("filter-mode");
  var fromSelect = document.getElementById("filter-from");
  function changed() { saveFilters(); renderAll(); }
  if (regionSelect) {
    fillSelect(regionSelect, [{ value: ALL, label: P.labels.all_regions }].concat(
      P.regions.map(function (r) { return { value: r.id, label: r.name }; })), state.region);
    regionSelect.addEventListener("change", function () { state.region = regionSelect.value; changed(); });
  }
  if (periodSelect) {
    var periods = P.periods.slice().reverse();
    fillSelect(periodSelect, periods.map(function (p) { return { value: p, label: P.period_labels[p] }; }),
      state.period);
    periodSelect.disabled = periods.length === 0;
    periodSelect.addEventListener("change", function () { state.period = periodSelect.value; changed(); });
  }
  function showFrom() {
    if (fromSelect) fromSelect.parentNode.style.display = state.mode === "range" ? "" : "none";
  }
  if (modeSelect) {
    fillSelect(modeSelect, MODES.map(function (m) { return { value: m, label: P.labels["mode." + m] }; }), state.mode);
    modeSelect.addEventListener("change", function () { state.mode = modeSelect.value; showFrom(); changed(); });
  }
  if (fromSelect) {
    fillSelect(fromSelect, P.periods.map(function (p) { return { value: p, label: P.period_labels[p] }; }),
      state.from || P.periods[0]);
    if (!state.from) state.from = P.periods[0];
    fromSelect.addEventListener("change", function () { state.from = fromSelect.value; changed(); });
    showFrom();
  }

  /* The months the cards sum: the month; the quarter or the year up to it; or from..to (custom range). */
  function rangeMonths() {
    var to = state.period;
    if (!to) return [];
    var from = to;
    if (state.mode === "quarter") {
      from = to.slice(0, 5) + String(Math.floor((+to.slice(5, 7) - 1) / 3) * 3 + 1).padStart(2, "0");
    } else if (state.mode === "ytd") {
      from = to.slice(0, 4) + "-01";
    } else if (state.mode === "range" && state.from && state.from <= to) {
      from = state.from;
    }
    var out = [];
    for (var p = from; p <= to; p = addMonths(p, 1)) out.push(p);
    return out;
  }

  /* The months chosen, as a manager reads them: "Oct 2026", or "Quarter (Oct 2026 – Dec 2026)". */
  function selectionText() {
    var months = rangeMonths();
    if (!months.length) return "";
    if (state.mode === "month") return P.period_labels[months[0]] || months[0];
    var first = P.period_labels[months[0]] || months[0], last = P.period_labels[months[months.length - 1]];
    var span = months.length === 1 ? first : first + " \u2013 " + last;
    return P.labels["mode." + state.mode] + (P.lang === "zh" ? "\uff08" + span + "\uff09" : " (" + span + ")");
  }

  /* ---------- charts of sums: one figure per month, added up over the months chosen ---------- */
  function monthFigures(sec, months) {
    var r = sec.by_region === "variants" ? state.region : ANY;
    return months.map(function (p) { return sec.variants[r + "|" + p]; }).filter(Boolean);
  }

  /* Per trace name, per category: the summed value and, for ratio charts, the summed customdata pair. */
  function addUp(figs, rule, acc, only) {
    var cat = rule.value_axis === "x" ? "y" : "x", val = rule.value_axis;
    figs.forEach(function (fig) {
      fig.data.forEach(function (t) {
        if (only && t.name !== only) return;
        var a = acc.byName[t.name];
        if (!a) { a = acc.byName[t.name] = { proto: t, sum: {}, pair: {} }; acc.traces.push(a); }
        (t[cat] || []).forEach(function (c, i) {
          if (!(c in acc.cats)) { acc.cats[c] = acc.order.length; acc.order.push(c); }
          if (rule.ratio) {
            var cd = (t.customdata || [])[i] || [], p = a.pair[c] || (a.pair[c] = [null, null]);
            [0, 1].forEach(function (k) { if (!isMissing(cd[k])) p[k] = (p[k] || 0) + cd[k]; });
          } else if (!isMissing(t[val][i])) {
            a.sum[c] = (a.sum[c] || 0) + t[val][i];
          }
        });
      });
    });
    return acc;
  }

  function summedFigure(sec) {
    var rule = sec.sum, months = rangeMonths();
    var figs = monthFigures(sec, months);
    if (!figs.length) return null;
    var acc = addUp(figs, rule, { byName: {}, traces: [], cats: {}, order: [] });
    if (rule.roles) {
      // 环比: the current spend of as many months just before; 同比 stays the sum of each month's last year.
      var before = months.map(function (p) { return addMonths(p, -months.length); });
      var prev = addUp(monthFigures(sec, before), rule, { byName: {}, traces: [], cats: acc.cats, order: acc.order },
        rule.roles.current);
      var cur = prev.byName[rule.roles.current];
      var target = acc.byName[rule.roles.previous];
      if (target) target.sum = cur ? cur.sum : {};
    }
    var value = function (a, c) {
      if (!rule.ratio) return isMissing(a.sum[c]) ? null : a.sum[c];
      var p = a.pair[c] || [null, null];
      return !isMissing(p[1]) && p[1] > 0 && !isMissing(p[0]) ? p[0] / p[1] : null;
    };
    var total = function (c) {
      return acc.traces.reduce(function (s, a) {
        if (rule.ratio) return s + ((a.pair[c] || [])[0] || 0);
        return s + (a.sum[c] || 0);
      }, 0);
    };
    var cats = acc.order.slice();
    if (rule.top && cats.length > rule.top) {
      var ranked = function (c) {
        return acc.traces.reduce(function (s, a) {
          return s + ((rule.rank || []).indexOf(a.proto.name) >= 0 ? a.sum[c] || 0 : 0);
        }, 0);
      };
      cats.sort(function (x, y) { return ranked(y) - ranked(x) || total(y) - total(x); });
      cats = cats.slice(0, rule.top);
    }
    if (rule.ratio) {
      // Lowest attainment at the bottom of the list, rows without a target first (as attainment_chart).
      var att = function (c) { var v = value(acc.traces[0], c); return v === null ? -Infinity : v; };
      cats.sort(function (x, y) { return att(x) - att(y); });
    } else if (rule.order) {
      var dir = rule.order === "asc" ? 1 : -1;
      cats.sort(function (x, y) { return dir * (total(x) - total(y)); });
    }
    var cat = rule.value_axis === "x" ? "y" : "x", val = rule.value_axis;
    var last = figs[figs.length - 1];
    var data = acc.traces.map(function (a) {
      var t = Object.assign({}, a.proto);
      t[cat] = cats;
      t[val] = cats.map(function (c) { return value(a, c); });
      if (rule.ratio) {
        var r = rule.ratio;
        t.customdata = cats.map(function (c) { return (a.pair[c] || [null, null]).slice(); });
        t.text = t[val].map(function (v) { return v === null ? r.none : Math.round(v * 100) + "%"; });
        t.marker = Object.assign({}, t.marker, { color: t[val].map(function (v) {
          return v === null ? r.colours[3] : v >= r.good ? r.colours[0] : v >= r.warn * r.good ? r.colours[1]
            : r.colours[2]; }) });
        t[val] = t[val].map(function (v) { return v === null ? 0 : v; });
      }
      return t;
    });
    if (rule.over) {
      var over = acc.byName[rule.over[0]], than = acc.byName[rule.over[1]];
      data.forEach(function (t) {
        if (over && t.name === rule.over[0]) {
          t.marker = Object.assign({}, t.marker, { color: cats.map(function (c) {
            return than && !isMissing(over.sum[c]) && !isMissing(than.sum[c]) && over.sum[c] > than.sum[c]
              ? rule.over[2] : rule.over[3]; }) });
        }
      });
    }
    var layout = Object.assign({}, last.layout);
    if (rule.row_px) layout.height = Math.max(260, 60 + rule.row_px * cats.length);
    if (rule.headline) {
      var a0 = acc.traces[0], sumA = 0, sumT = 0, without = 0;
      cats.forEach(function (c) {
        var p = a0.pair[c] || [null, null];
        sumA += p[0] || 0; sumT += p[1] || 0;
        if (isMissing(p[1]) || p[1] <= 0) without += p[0] || 0;
      });
      if (sumT <= 0) return null;  // no target due in the months chosen: nothing to attain
      // Two lines (the months, then the totals), so a long range stays clear of the chart toolbar.
      var text = selectionText() + "<br>" + rule.headline.template.replace("{actual}", fmtAmount(sumA))
        .replace("{target}", fmtAmount(sumT)).replace("{pct}", fmt(sumA / sumT, "pct"));
      if (Math.abs(without) >= 0.5) text += rule.headline.extra.replace("{amount}", fmtAmount(without));
      layout.title = Object.assign({ x: 0, xanchor: "left", font: { size: 13 } }, layout.title || {}, { text: text });
      layout.margin = Object.assign({}, layout.margin || {}, { t: 70 });
    }
    return { data: data, layout: layout };
  }

  /* ---------- figures ---------- */
  function pickFigure(sec) {
    if (sec.by_period === "sum") return summedFigure(sec);
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
  function windowRange(data, from, to, cap) {
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
    if (cap !== undefined && cap !== null && hi + pad > cap) return [lo < 0 ? lo - pad : 0, cap];
    return [lo < 0 ? lo - pad : 0, hi + pad];
  }

  function renderFigure(sec) {
    var box = document.getElementById(sec.id);
    var fig = pickFigure(sec);
    var data = fig ? fig.data.map(function (t) {
      var copy = chineseAmounts(Object.assign({}, t));
      if (sec.by_region === "traces" && !traceVisible(t)) copy.visible = false;
      return copy;
    }) : [];
    var anyVisible = data.some(function (t) { return t.visible !== false; });
    if (!fig || !anyVisible) return showEmpty(sec, box);
    var nodata = box.querySelector(".nodata-inline");
    if (nodata) box.removeChild(nodata);
    // A deep copy: relayout (zh ticks) must not change the figure kept for the next filter change.
    var layout = Object.assign(JSON.parse(JSON.stringify(fig.layout)), { template: P.template });
    if (sec.by_period === "xrange" && state.period) {
      var end = monthStartMs(addMonths(state.period, 1)) - 12 * 86400000;
      var start = monthStartMs(addMonths(state.period, -(P.trend_months - 1))) - 12 * 86400000;
      layout.xaxis = Object.assign({}, layout.xaxis || {}, { range: [isoDay(start), isoDay(end)], autorange: false });
      var yRange = windowRange(data, isoDay(start), isoDay(end), fig.layout.meta && fig.layout.meta.ycap);
      layout.yaxis = Object.assign({}, layout.yaxis || {}, yRange ? { range: yRange, autorange: false }
        : { autorange: true });
      var ycap = fig.layout.meta && fig.layout.meta.ycap;
      if (ycap && yRange && yRange[1] < ycap && layout.annotations) {
        // Nothing in the window reaches the cap: "the axis stops at X" would describe an axis not shown.
        layout.annotations = layout.annotations.filter(function (a) { return a.name !== "ycap"; });
      }
      var chosen = rangeMonths();
      if (chosen.length > 1) {  // a quarter, the year to date or a range: its months shaded on the trend
        layout.shapes = (layout.shapes || []).concat([{ type: "rect", xref: "x", yref: "paper", y0: 0, y1: 1,
          x0: isoDay(monthStartMs(chosen[0]) - 15 * 86400000), x1: isoDay(monthStartMs(addMonths(state.period, 1))
            - 15 * 86400000), fillcolor: "#90a4ae", opacity: 0.15, line: { width: 0 }, layer: "below",
          name: "selection" }]);
      }
    }
    return Plotly.react(box, data, layout, plotConfig).then(function () { return chineseAxes(box); });
  }

  /* ---------- tables ---------- */
  function rowPasses(sec, row) {
    if (sec.region_col !== null && state.region !== ALL && row[sec.region_col] !== state.region) return false;
    if (sec.period_col !== null && state.period) {
      var p = row[sec.period_col];
      if (sec.period_mode === "eq" && rangeMonths().indexOf(p) < 0) return false;
      if (sec.period_mode === "le" && p > state.period) return false;
    }
    return true;
  }

  /* A table of months shows which month each row is, once the period chosen spans several. */
  function shownColumns(sec) {
    if (sec.period_shown || sec.period_col === null || sec.period_mode !== "eq" || rangeMonths().length < 2) {
      return sec.columns;
    }
    return [{ label: P.labels.period, fmt: "period", index: sec.period_col }].concat(sec.columns);
  }

  function cellClass(kind) {
    return kind === "text" || kind === "date" || kind === "period" || kind === "band" || kind === "region"
      || kind === "path" ? "" : "num";
  }

  /* A table a manager acts on: sort by a header click, filter by text, show every row, export what passes the
     filters (all of it, not only the rows shown) as CSV or as an Excel workbook (SpreadsheetML), offline. */
  var tableState = {};

  function cellText(row, c) {
    var v = row[c.index];
    return c.fmt === "money" || c.fmt === "int" || c.fmt === "num1" || c.fmt === "num2" || c.fmt === "pct"
      ? fmt(v, c.fmt) : isMissing(v) ? "" : fmt(v, c.fmt);
  }

  function tableRows(sec) {
    var st = tableState[sec.id];
    var rows = sec.rows.filter(function (row) { return rowPasses(sec, row); });
    if (st.query) {
      var q = st.query.toLowerCase();
      rows = rows.filter(function (row) {
        return shownColumns(sec).some(function (c) { return cellText(row, c).toLowerCase().indexOf(q) >= 0; });
      });
    }
    if (st.sort !== null) {
      var c = shownColumns(sec)[st.sort], dir = st.desc ? -1 : 1;
      var textual = cellClass(c.fmt) === "";
      rows = rows.slice().sort(function (a, b) {
        var x = a[c.index], y = b[c.index];
        if (isMissing(x)) return isMissing(y) ? 0 : 1;  // missing last either way
        if (isMissing(y)) return -1;
        if (textual) return dir * cellText(a, c).localeCompare(cellText(b, c), P.locale);
        return dir * (x < y ? -1 : x > y ? 1 : 0);
      });
    }
    return rows;
  }

  function exportValue(row, c) {
    var v = row[c.index];
    if (isMissing(v)) return "";
    return cellClass(c.fmt) === "num" ? v : fmt(v, c.fmt);
  }

  function download(name, type, text) {
    var a = el("a");
    a.href = URL.createObjectURL(new Blob([text], { type: type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); document.body.removeChild(a); }, 0);
  }

  function exportName(sec, ext) {
    return (document.title.split(" \u00b7 ")[0] + " - " + sec.title).replace(/[\\/:*?"<>|]/g, "_") + "." + ext;
  }

  function toCsv(sec, rows) {
    var q = function (v) { var s = String(v); return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
    var lines = [shownColumns(sec).map(function (c) { return q(c.label); }).join(",")];
    rows.forEach(function (row) { lines.push(shownColumns(sec).map(function (c) { return q(exportValue(row, c)); }).join(",")); });
    return "\ufeff" + lines.join("\r\n") + "\r\n";  // BOM: Excel reads the Chinese text as UTF-8
  }

  function toSpreadsheetMl(sec, rows) {
    var x = function (s) { return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); };
    var cell = function (v, c) {
      if (v === "") return "<Cell/>";
      var num = typeof v === "number";
      var style = num ? (c.fmt === "pct" ? ' ss:StyleID="pct"' : c.fmt === "money" || c.fmt === "int" ? ' ss:StyleID="int"'
        : ' ss:StyleID="dec"') : "";
      return "<Cell" + style + '><Data ss:Type="' + (num ? "Number" : "String") + '">' + x(v) + "</Data></Cell>";
    };
    var body = ["<Row>" + shownColumns(sec).map(function (c) { return '<Cell ss:StyleID="head"><Data ss:Type="String">'
      + x(c.label) + "</Data></Cell>"; }).join("") + "</Row>"];
    rows.forEach(function (row) {
      body.push("<Row>" + shownColumns(sec).map(function (c) { return cell(exportValue(row, c), c); }).join("") + "</Row>");
    });
    return '<?xml version="1.0" encoding="UTF-8"?><?mso-application progid="Excel.Sheet"?>'
      + '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
      + 'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Styles>'
      + '<Style ss:ID="head"><Font ss:Bold="1"/></Style><Style ss:ID="int"><NumberFormat ss:Format="#,##0"/></Style>'
      + '<Style ss:ID="dec"><NumberFormat ss:Format="#,##0.00"/></Style>'
      + '<Style ss:ID="pct"><NumberFormat ss:Format="0.0%"/></Style></Styles>'
      + '<Worksheet ss:Name="' + x(sec.title.slice(0, 31).replace(/[\\/?*\[\]:]/g, " ")) + '"><Table>'
      + body.join("") + "</Table></Worksheet></Workbook>";
  }

  function tableTools(sec, box, total) {
    var st = tableState[sec.id];
    var bar = el("div", "table-tools");
    var search = el("input", "table-filter");
    search.type = "search";
    search.placeholder = P.labels.table_filter;
    search.value = st.query;
    search.addEventListener("input", function () {
      st.query = search.value; renderTable(sec);
      var again = document.getElementById(sec.id).querySelector(".table-filter");
      again.focus(); again.setSelectionRange(again.value.length, again.value.length);
    });
    bar.appendChild(search);
    if (total > sec.limit) {
      var more = el("button", "show-all", st.all ? P.labels.show_top.replace("{n}", fmt(sec.limit, "int"))
        : P.labels.show_all.replace("{n}", fmt(total, "int")));
      more.type = "button";
      more.addEventListener("click", function () { st.all = !st.all; renderTable(sec); });
      bar.appendChild(more);
    }
    [["csv", "text/csv;charset=utf-8", toCsv, P.labels.export_csv],
     ["xls", "application/vnd.ms-excel", toSpreadsheetMl, P.labels.export_excel]].forEach(function (e) {
      var b = el("button", "export export-" + e[0], e[3]);
      b.type = "button";
      b.addEventListener("click", function () { download(exportName(sec, e[0]), e[1], e[2](sec, tableRows(sec))); });
      bar.appendChild(b);
    });
    box.appendChild(bar);
  }

  function renderTable(sec) {
    var box = document.getElementById(sec.id);
    if (!tableState[sec.id]) tableState[sec.id] = { sort: null, desc: false, query: "", all: false };
    var st = tableState[sec.id];
    box.innerHTML = "";
    var rows = tableRows(sec);
    tableTools(sec, box, rows.length);
    if (rows.length === 0) { box.appendChild(el("div", "nodata-inline", P.labels.no_data_selection)); return; }
    var table = el("table", "data");
    var head = el("tr");
    shownColumns(sec).forEach(function (c, i) {
      var th = el("th", cellClass(c.fmt) + " sortable", c.label + (st.sort === i ? (st.desc ? " \u25bc" : " \u25b2") : ""));
      th.title = P.labels.sort_hint;
      th.addEventListener("click", function () {
        // First click: largest first for numbers, A-Z for text; a second click turns it round.
        if (st.sort === i) st.desc = !st.desc; else { st.sort = i; st.desc = cellClass(c.fmt) === "num"; }
        renderTable(sec);
      });
      head.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var tbody = el("tbody");
    var shown = st.all ? rows.length : Math.min(rows.length, sec.limit);
    rows.slice(0, shown).forEach(function (row) {
      var tr = el("tr");
      shownColumns(sec).forEach(function (c) {
        var td = el("td", cellClass(c.fmt), c.fmt === "path" ? undefined : fmt(row[c.index], c.fmt));
        if (c.fmt === "band") td.className = "band band-" + row[c.index];
        if (c.fmt === "path") td.appendChild(el("code", null, fmt(row[c.index], c.fmt)));
        if (td.textContent.length <= 12) td.className += " nowrap";  // "SITE-A", "2026年9月" stay on one line
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    var scroll = el("div", "table-scroll");
    scroll.appendChild(table);
    box.appendChild(scroll);
    box.appendChild(el("p", "rows-shown", P.labels.rows_shown
      .replace("{shown}", fmt(shown, "int")).replace("{total}", fmt(rows.length, "int"))));
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
    var byKey = {};
    sec.records.forEach(function (rec) { byKey[rec[0] + "|" + rec[1] + "|" + rec[2]] = rec; });
    var months = rangeMonths();
    var previous = months.map(function (p) { return addMonths(p, -months.length); });
    // rec: region, period, metric, month, ytd, ly_month, ly_ytd, target_month, target_ytd, pm_month
    function total(metric, list, idx) {
      var sum = 0, any = false;
      list.forEach(function (p) {
        var rec = byKey[state.region + "|" + p + "|" + metric];
        if (rec && !isMissing(rec[idx])) { sum += rec[idx]; any = true; }
      });
      return any ? sum : null;
    }
    var first = state.mode === "month" ? "month" : state.mode;
    var firstLabel = sec.labels[first] + (state.mode === "range" && months.length
      ? " (" + P.period_labels[months[0]] + " \u2013 " + P.period_labels[months[months.length - 1]] + ")" : "");
    var grid = el("div", "kpi-grid");
    var any = false;
    sec.metrics.forEach(function (m) {
      var card = el("div", "kpi");
      card.appendChild(el("div", "kpi-title", m.label));
      var end = byKey[state.region + "|" + state.period + "|" + m.key];
      if (!end) { card.appendChild(el("div", "kpi-value", "\u2013")); grid.appendChild(card); return; }
      any = true;
      var rows = [[firstLabel, first === "ytd" ? "ytd" : first, total(m.key, months, 3), total(m.key, months, 5),
        total(m.key, months, 7), total(m.key, previous, 3)]];
      if (state.mode !== "ytd") rows.push([sec.labels.ytd, "ytd", end[4], end[6], end[8], null]);
      rows.forEach(function (part) {
        var row = el("div", "kpi-row");
        row.appendChild(el("span", "kpi-label", part[0]));
        var value = el("span", "kpi-value", fmt(part[2], "money"));
        // Machine-readable twins of what is shown: the reconciliation test reads them beside the text.
        value.setAttribute("data-kpi", m.key + "." + part[1]);
        value.setAttribute("data-value", isMissing(part[2]) ? "" : String(part[2]));
        if (m.has_target && !isMissing(part[4])) value.setAttribute("data-target", String(part[4]));
        row.appendChild(value);
        var deltas = el("div", "kpi-deltas");
        if (m.has_target) deltas.appendChild(delta(sec.labels.vs_target, ratio(part[2], part[4]), "attainment"));
        deltas.appendChild(growth(sec.labels.vs_last_year, part[2], part[3], m.lower_is_better));
        if (part === rows[0]) {
          deltas.appendChild(growth(state.mode === "month" ? sec.labels.vs_last_month : sec.labels.vs_previous_period,
            part[2], part[5], m.lower_is_better));
        }
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
          return (t.name || "") + "=" + JSON.stringify([t.x || [], t.y || []]);
        }).join(",") + ";" + JSON.stringify((box.layout.xaxis || {}).range || "");
      }
      return sec.id + ":" + box.textContent;
    }).join("\n");
  }

  window.salesops = {
    state: state, signature: signature,
    /* The rows a table holds after the filters and the sort, as data (tests read them). */
    tableRows: function (key) {
      var box = document.querySelector('[data-section="' + key + '"] .table');
      var sec = P.sections.filter(function (s) { return box && s.id === box.id; })[0];
      return sec ? tableRows(sec).map(function (row) { return sec.columns.map(function (c) { return row[c.index]; }); })
        : null;
    },
    setFilters: function (region, period, mode, from) {
      if (region !== undefined) { state.region = region; if (regionSelect) regionSelect.value = region; }
      if (period !== undefined) { state.period = period; if (periodSelect) periodSelect.value = period; }
      if (mode !== undefined) { state.mode = mode; if (modeSelect) modeSelect.value = mode; showFrom(); }
      if (from !== undefined) { state.from = from; if (fromSelect) fromSelect.value = from; }
      saveFilters();
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
