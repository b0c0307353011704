/* Indicator trend charts on the report page (Chart.js, vendored in static/vendor).
 *
 * Reads the chart specifications from the json_script block #report-charts — a list of
 * {id, name, unit, labels, values, targets, outcome_label, target_label} — and draws a line
 * chart of the outcomes (utfall) with the årsmål as a dashed line on each <canvas id>.
 * Numbers are written the Swedish way (Intl sv-SE: "4,8 %"). Every canvas carries its text
 * alternative (aria-label) and its values as a table next to it, so nothing depends on
 * the chart being seen. */
(function () {
  "use strict";

  function suffix(unit) {
    if (!unit || unit === "antal" || unit === "st") { return ""; }
    return "\u00a0" + unit;
  }

  function draw() {
    var block = document.getElementById("report-charts");
    if (!block || typeof window.Chart === "undefined") { return; }
    var specs = JSON.parse(block.textContent);
    var number = new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 2 });
    specs.forEach(function (spec) {
      var canvas = document.getElementById(spec.id);
      if (!canvas) { return; }
      var unit = suffix(spec.unit);
      var show = function (value) { return number.format(value) + unit; };
      new window.Chart(canvas, {
        type: "line",
        data: {
          labels: spec.labels,
          datasets: [
            { label: spec.outcome_label, data: spec.values, borderColor: "#0b4f8a", backgroundColor: "#0b4f8a",
              borderWidth: 2, pointRadius: 4, spanGaps: true, tension: 0 },
            { label: spec.target_label, data: spec.targets, borderColor: "#5a5a5a", backgroundColor: "#5a5a5a",
              borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, stepped: "middle", spanGaps: true }
          ]
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          plugins: {
            legend: { position: "bottom" },
            tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ": " + show(ctx.parsed.y); } } }
          },
          scales: { y: { ticks: { callback: function (value) { return show(value); } } } }
        }
      });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
}());
