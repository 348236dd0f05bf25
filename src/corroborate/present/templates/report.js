/* corroborate report: draws one chart of claimed ranges per measure, and per figure one with
 * the consensus band of each period behind the claims.
 * Each chart's data sits in a <script type="application/json"> block named by the chart's
 * data-chart attribute; this script only reads those blocks, it never receives data as code. */
(function () {
  "use strict";

  // Tableau 10: distinct, print-safe colours, one per article or period (the report keeps to ten).
  var PALETTE = ["#4e79a7", "#e15759", "#59a14f", "#b07aa1", "#f28e2b", "#76b7b2", "#9c755f", "#ff9da7", "#edc948", "#bab0ac"];
  var FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", "Helvetica Neue", Arial, sans-serif';

  // Plotly reads a few HTML tags in labels; article text must stay text.
  function esc(value) {
    return String(value === null || value === undefined ? "" : value)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function clip(text, n) {
    text = String(text || "");
    return text.length > n ? text.slice(0, n - 1) + "…" : text;
  }

  // Break long text into lines for the hover box.
  function wrap(text, width) {
    var words = String(text || "").split(/\s+/), lines = [], line = "";
    words.forEach(function (w) {
      if (line && (line + " " + w).length > width) { lines.push(line); line = w; } else { line = line ? line + " " + w : w; }
    });
    if (line) lines.push(line);
    return lines.map(esc).join("<br>");
  }

  function hoverText(c, spec) {
    var doc = spec.documents[c.doc];
    var lines = ["<b>" + esc(c.bounds) + "</b> " + esc(clip(c.counted, 60))];
    lines.push(esc(clip(spec.sources[c.source], 70)) + " · " + esc(c.modality) + (c.time ? " · " + esc(c.time) : ""));
    lines.push("“" + wrap(clip(c.quote, 300), 70) + "”");
    lines.push('<span style="color:#5f6b7a">' + esc(clip(doc.name, 60)) + (doc.date ? " · " + esc(doc.date) : "") + "</span>");
    return lines.join("<br>");
  }

  // Vertical position of every claim: each source gets a band tall enough for its claims.
  function rows(spec) {
    var perSource = spec.sources.map(function () { return []; });
    spec.claims.forEach(function (c, i) { perSource[c.source].push(i); });
    var ys = new Array(spec.claims.length), ticks = [], edges = [], top = 0;
    perSource.forEach(function (members) {
      var h = Math.max(1, members.length * 0.32);
      members.forEach(function (ci, k) { ys[ci] = top + (k + 0.5) * h / members.length; });
      ticks.push(top + h / 2);
      top += h;
      edges.push(top);
    });
    return { ys: ys, ticks: ticks, edges: edges.slice(0, -1), total: top };
  }

  function xRange(spec, log) {
    var values = [];
    spec.claims.forEach(function (c) {
      if (c.low !== null) values.push(c.low);
      if (c.high !== null) values.push(c.high);
    });
    var min = Math.min.apply(null, values), max = Math.max.apply(null, values);
    if (!isFinite(max)) { min = 0; max = 1; }
    if (log) {
      var positive = values.filter(function (v) { return v > 0; });
      var lo = positive.length ? Math.min.apply(null, positive) / 3 : 1;
      return [lo, Math.max(max, lo) * 3];
    }
    return [Math.min(0, min), max * 1.12 || 1];
  }

  // A chart may name its own colours (a figure's chart colours claims by what they do).
  function colour(spec, group) {
    return spec.colors && spec.colors[group] ? spec.colors[group] : PALETTE[group % PALETTE.length];
  }

  // Consensus bands of a figure's chart: a shaded range over the rows of its period, and a line
  // at its value; dashed and grey when the evidence is too thin to call it.
  function bandTraces(spec, r, lo, hi) {
    var traces = [];
    (spec.bands || []).forEach(function (b, k) {
      var first = b.rows[0], last = b.rows[1];
      if (last < first) return;
      var y0 = first > 0 ? r.edges[first - 1] : 0, y1 = last < r.edges.length ? r.edges[last] : r.total;
      var x0 = b.low === null ? lo : Math.max(b.low, lo), x1 = b.high === null ? hi : Math.min(b.high, hi);
      var sure = b.status === "determined";
      traces.push({
        type: "scatter", mode: "lines", x: [x0, x1, x1, x0, x0], y: [y0, y0, y1, y1, y0], fill: "toself",
        fillcolor: sure ? "rgba(78,121,167,0.16)" : "rgba(138,148,163,0.12)", hoverinfo: "skip",
        line: { color: sure ? "rgba(78,121,167,0.6)" : "#8a94a3", width: 1, dash: sure ? "solid" : "dash" },
        name: "consensus", legendgroup: "consensus", showlegend: k === 0
      });
      if (b.point !== null) {
        var x = Math.max(b.point, lo);
        traces.push({
          type: "scatter", mode: "lines", x: [x, x], y: [y0, y1], hoverinfo: "skip", showlegend: false,
          legendgroup: "consensus", line: { color: "#1d2430", width: 2 }
        });
      }
    });
    return traces;
  }

  function figure(spec, log) {
    var r = rows(spec), range = xRange(spec, log), lo = range[0], hi = range[1];
    var lines = {}, order = [], points = {}, hover = { x: [], y: [], text: [] };
    spec.claims.forEach(function (c, i) {
      var y = r.ys[i], color = colour(spec, c.group);
      var x0 = c.low === null ? lo : c.low, x1 = c.high === null ? hi : c.high;
      var dashed = c.approx || c.vague, key = c.group + "|" + dashed + "|" + c.faded;
      // a line trace only for ranges: an empty one would take the group's legend entry and show none
      if (!lines[key] && x0 !== x1) {
        lines[key] = { group: c.group, color: color, dashed: dashed, faded: c.faded, x: [], y: [] };
        order.push(key);
      }
      if (!points[c.group]) points[c.group] = { x: [], y: [], symbol: [], size: [], opacity: [] };
      var p = points[c.group], alpha = c.faded ? 0.4 : 1, text = hoverText(c, spec);
      if (x0 === x1) {
        p.x.push(x0); p.y.push(y); p.symbol.push(dashed ? "diamond-open" : "diamond"); p.size.push(11); p.opacity.push(alpha);
      } else {
        lines[key].x.push(x0, x1, null);
        lines[key].y.push(y, y, null);
        p.x.push(x0, x1); p.y.push(y, y);
        p.symbol.push(c.low === null ? "triangle-left" : "line-ns-open", c.high === null ? "triangle-right" : "line-ns-open");
        p.size.push(c.low === null ? 10 : 12, c.high === null ? 10 : 12);
        p.opacity.push(alpha, alpha);
      }
      hover.x.push(x0 === x1 ? x0 : (log ? Math.sqrt(Math.max(x0, 1e-9) * x1) : (x0 + x1) / 2), x0, x1);
      hover.y.push(y, y, y);
      hover.text.push(text, text, text);
    });
    var traces = bandTraces(spec, r, lo, hi), shown = {};
    order.forEach(function (key) {
      var g = lines[key];
      traces.push({
        type: "scatter", mode: "lines", x: g.x, y: g.y, hoverinfo: "skip", opacity: g.faded ? 0.4 : 1,
        line: { color: g.color, width: 4, dash: g.dashed ? "dot" : "solid" },
        name: esc(clip(spec.groups[g.group], 48)), legendgroup: "g" + g.group, showlegend: !shown[g.group]
      });
      shown[g.group] = true;
    });
    Object.keys(points).forEach(function (g) {
      var p = points[g], color = colour(spec, +g);
      traces.push({
        type: "scatter", mode: "markers", x: p.x, y: p.y, hoverinfo: "skip", legendgroup: "g" + g,
        name: esc(clip(spec.groups[g], 48)), showlegend: !shown[g],
        marker: { symbol: p.symbol, size: p.size, opacity: p.opacity, color: color, line: { color: color, width: 2 } }
      });
      shown[g] = true;
    });
    // Invisible points spread along each line, so hovering anywhere on a claim shows its quote.
    traces.push({
      type: "scatter", mode: "markers", x: hover.x, y: hover.y, text: hover.text, hoverinfo: "text",
      marker: { size: 14, opacity: 0 }, showlegend: false, hoverlabel: { align: "left", bgcolor: "#ffffff", bordercolor: "#8a94a3", font: { color: "#1d2430" } }
    });
    var legendRows = Math.ceil(spec.groups.length / 2);
    var layout = {
      height: Math.min(1600, 130 + r.total * 38 + legendRows * 22),
      margin: { l: 10, r: 20, t: 30, b: 50 },
      font: { family: FONT, size: 12, color: "#1d2430" },
      paper_bgcolor: "#ffffff", plot_bgcolor: "#ffffff",
      hovermode: "closest",
      showlegend: true,
      // Above the plot, so it never collides with the axis title below.
      legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom", font: { size: 11 }, title: { text: esc(spec.group_title) } },
      xaxis: {
        title: { text: esc(spec.axis) }, type: log ? "log" : "linear",
        range: log ? [Math.log10(lo), Math.log10(hi)] : [lo, hi],
        tickformat: ",~r", gridcolor: "#eef1f5", zeroline: false, showline: true, linecolor: "#c9d0d8"
      },
      yaxis: {
        tickvals: r.ticks, ticktext: spec.sources.map(function (s) { return esc(clip(s, 42)); }),
        range: [r.total, 0], automargin: true, showgrid: false, zeroline: false, fixedrange: true
      },
      shapes: r.edges.map(function (y) {
        return { type: "line", xref: "paper", x0: 0, x1: 1, y0: y, y1: y, line: { color: "#eef1f5", width: 1 } };
      })
    };
    return { data: traces, layout: layout };
  }

  function draw(div, spec, log) {
    var f = figure(spec, log);
    window.Plotly.react(div, f.data, f.layout, { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] });
  }

  function setup(div) {
    var block = document.getElementById(div.getAttribute("data-chart"));
    if (!block) return;
    var spec = JSON.parse(block.textContent);
    if (!spec.claims.length) return;
    var log = false, tools = document.createElement("div"), button = document.createElement("button");
    tools.className = "chart-tools";
    button.type = "button";
    button.textContent = "Log scale";
    button.addEventListener("click", function () {
      log = !log;
      button.textContent = log ? "Linear scale" : "Log scale";
      draw(div, spec, log);
    });
    tools.appendChild(button);
    div.parentNode.insertBefore(tools, div);
    draw(div, spec, log);
  }

  function start() {
    var charts = document.querySelectorAll("div.chart[data-chart]");
    if (!window.Plotly) {
      charts.forEach(function (div) { div.textContent = "Charts need JavaScript and the embedded plotly.js."; });
      return;
    }
    charts.forEach(setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
