/* corroborate web app: draws the figure timelines and brings the evidence sentence into view.
 * Chart data comes from <script type="application/json"> blocks named by a chart's data-chart
 * attribute; this file only reads them as data, and escapes every text plotly shows. */
(function () {
  "use strict";

  // Tableau 10 (as in the report): one colour per named source; the shared groups get greys.
  var PALETTE = ["#4e79a7", "#e15759", "#59a14f", "#b07aa1", "#f28e2b", "#76b7b2", "#9c755f", "#ff9da7", "#edc948"];
  var GREYS = { "other sources": "#8a94a3", "unattributed": "#c3c8cf" };
  var FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", "Helvetica Neue", Arial, sans-serif';

  function esc(value) {
    return String(value === null || value === undefined ? "" : value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function clip(text, n) {
    text = String(text || "");
    return text.length > n ? text.slice(0, n - 1) + "…" : text;
  }

  function colour(name, i) {
    return GREYS[name] || PALETTE[i % PALETTE.length];
  }

  function symbol(low, high, approx, aggregated) {
    if (aggregated) return "square";
    if (low === null) return "triangle-down";
    if (high === null) return "triangle-up";
    return approx ? "circle-open" : "circle";
  }

  function hover(s, k, aggregated) {
    var t = s.text[k];
    // no <b> or <i>: plotly turns them into style attributes, which the CSP refuses
    var lines = [esc(clip(t[0], 60)) + (t[1] ? " · " + esc(clip(t[1], 50)) : "")];
    lines.push(esc(clip(t[2], 60)) + (t[3] ? " · " + esc(t[3]) : ""));
    lines.push(esc(t[4]) + (t[5] ? " · " + esc(clip(t[5], 50)) : ""));
    if (aggregated) lines.push(esc(s.n[k]) + " claim" + (s.n[k] === 1 ? "" : "s") + " merged");
    return lines.join("<br>");
  }

  function traces(spec, dated, log) {
    return spec.series.map(function (s, i) {
      var a = [], b = [], plus = [], minus = [], symbols = [], sizes = [], text = [], hrefs = [];
      for (var k = 0; k < s.y.length; k++) {
        if (dated && !s.x[k]) continue; // undated claims have no place on a timeline
        var y = s.y[k], low = s.low[k], high = s.high[k];
        if (log && y <= 0) continue;
        a.push(dated ? s.x[k] : y);
        b.push(dated ? y : s.name);
        plus.push(high === null ? 0 : high - y);
        minus.push(low === null ? 0 : y - low);
        symbols.push(symbol(low, high, s.approx[k], spec.aggregated));
        sizes.push(spec.aggregated ? Math.min(14, 5 + Math.sqrt(s.n[k])) : 9);
        text.push(hover(s, k, spec.aggregated));
        hrefs.push(s.href[k]);
      }
      var bars = { type: "data", symmetric: false, array: plus, arrayminus: minus, color: colour(s.name, i), thickness: 1.6, width: 4 };
      var trace = {
        type: "scatter", mode: "markers", name: esc(clip(s.name, 40)), x: a, y: b,
        text: text, hoverinfo: "text", customdata: hrefs,
        marker: { color: colour(s.name, i), symbol: symbols, size: sizes, line: { width: 1.5, color: colour(s.name, i) }, opacity: spec.aggregated ? 0.7 : 0.85 },
        hoverlabel: { align: "left", bgcolor: "#ffffff", bordercolor: "#8a94a3", font: { color: "#1d2430" } }
      };
      if (dated) trace.error_y = bars; else trace.error_x = bars;
      return trace;
    });
  }

  var DAY = 86400000;

  function decades(spec) {
    var values = [];
    spec.series.forEach(function (s) {
      s.low.concat(s.high, s.y).forEach(function (v) { if (v !== null && v > 0) values.push(v); });
    });
    return values.length ? Math.log10(Math.max.apply(null, values) / Math.min.apply(null, values)) : 0;
  }

  // Whole days on the time axis, padded so the first and last claims do not sit on its edges.
  function dateAxis(spec) {
    var times = [];
    spec.series.forEach(function (s) {
      s.x.forEach(function (x) { if (x) times.push(Date.parse(x)); });
    });
    var lo = Math.min.apply(null, times), hi = Math.max.apply(null, times);
    var pad = Math.max(DAY, (hi - lo) * 0.04), axis = {
      type: "date", gridcolor: "#eef1f5", showline: true, linecolor: "#c9d0d8",
      range: [new Date(lo - pad).toISOString().slice(0, 10), new Date(hi + pad).toISOString().slice(0, 10)]
    };
    if (hi - lo <= 60 * DAY) {
      axis.tickformat = "%d %b %Y";
      axis.dtick = Math.max(1, Math.ceil((hi - lo + 2 * pad) / DAY / 8)) * DAY;
    }
    return axis;
  }

  function layout(spec, dated, log) {
    var valueAxis = {
      title: { text: esc(spec.axis) }, type: log ? "log" : "linear", tickformat: ",~r",
      gridcolor: "#eef1f5", zeroline: false, showline: true, linecolor: "#c9d0d8", rangemode: log ? "normal" : "tozero"
    };
    // on a log axis, label 1-2-5 within two decades and only the powers of ten beyond
    if (log) valueAxis.dtick = decades(spec) > 2 ? 1 : "D2";
    var out = {
      margin: { l: dated ? 70 : 160, r: 20, t: 10, b: 50 },
      font: { family: FONT, size: 12, color: "#1d2430" },
      paper_bgcolor: "#ffffff", plot_bgcolor: "#ffffff", hovermode: "closest", showlegend: true,
      legend: { orientation: "h", x: 0, y: -0.18, yanchor: "top", font: { size: 11 } },
      shapes: [], annotations: []
    };
    if (dated) {
      out.xaxis = dateAxis(spec);
      out.yaxis = valueAxis;
    } else {
      out.xaxis = valueAxis;
      out.yaxis = { type: "category", automargin: true, autorange: "reversed" };
    }
    var c = spec.consensus;
    if (c && (c.low !== null || c.high !== null)) {
      var band = { type: "rect", layer: "below", fillcolor: "rgba(89, 161, 79, 0.15)", line: { width: 0 } };
      if (dated) { band.xref = "paper"; band.x0 = 0; band.x1 = 1; band.y0 = c.low; band.y1 = c.high; }
      else { band.yref = "paper"; band.y0 = 0; band.y1 = 1; band.x0 = c.low; band.x1 = c.high; }
      out.shapes.push(band);
    }
    if (c && c.value !== null) {
      var line = { type: "line", line: { color: "#3b7d33", width: 2, dash: "dash" } };
      if (dated) { line.xref = "paper"; line.x0 = 0; line.x1 = 1; line.y0 = c.value; line.y1 = c.value; }
      else { line.yref = "paper"; line.y0 = 0; line.y1 = 1; line.x0 = c.value; line.x1 = c.value; }
      out.shapes.push(line);
      out.annotations.push(dated
        ? { xref: "paper", x: 1, xanchor: "right", y: log ? Math.log10(c.value) : c.value, yanchor: "bottom", text: "consensus", showarrow: false, font: { color: "#3b7d33" } }
        : { yref: "paper", y: 1, yanchor: "bottom", x: log ? Math.log10(c.value) : c.value, text: "consensus", showarrow: false, font: { color: "#3b7d33" } });
    }
    return out;
  }

  function draw(div, spec, log) {
    var dated = spec.series.some(function (s) { return s.x.some(function (x) { return !!x; }); });
    return window.Plotly.react(div, traces(spec, dated, log), layout(spec, dated, log),
      { displayModeBar: false, responsive: true, scrollZoom: false });
  }

  function button(label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  function setup(div) {
    var block = document.getElementById(div.getAttribute("data-chart"));
    if (!block) return;
    var spec = JSON.parse(block.textContent);
    if (!spec.series.length) {
      div.classList.add("chart-empty");
      div.textContent = "No claim with a value to chart.";
      return;
    }
    var log = spec.log, tools = document.createElement("div");
    tools.className = "chart-tools";
    var scale = button(log ? "Linear scale" : "Log scale", function () {
      log = !log;
      scale.textContent = log ? "Linear scale" : "Log scale";
      draw(div, spec, log);
    });
    tools.appendChild(scale);
    tools.appendChild(button("Reset zoom", function () { draw(div, spec, log); }));
    div.parentNode.insertBefore(tools, div);
    draw(div, spec, log).then(function () {
      div.setAttribute("data-rendered", "true");
      div.on("plotly_click", function (event) {
        var href = event.points && event.points[0] && event.points[0].customdata;
        // only our own evidence pages, whatever the data says
        if (typeof href === "string" && /^\/claims\/[\w.:-]+$/.test(href)) window.location.href = href;
      });
    });
  }

  function showEvidence() {
    var box = document.getElementById("article-text");
    var sentence = box && box.querySelector(".evidence");
    if (!sentence) return;
    box.scrollTop = Math.max(0, sentence.offsetTop - box.clientHeight / 3);
  }

  function start() {
    var charts = document.querySelectorAll("div.chart[data-chart]");
    if (charts.length && !window.Plotly) {
      charts.forEach(function (div) { div.textContent = "The chart needs JavaScript and plotly.js."; });
    } else {
      charts.forEach(setup);
    }
    showEvidence();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
