// kansou's only script: draws the title page's charts with Chart.js from the
// non-executing JSON block #chart-data. Everything shown is data, never markup.
(function () {
  "use strict";
  var block = document.getElementById("chart-data");
  if (!block || typeof Chart === "undefined") { return; }
  var data = JSON.parse(block.textContent);
  var accent = "#b3263a", muted = "#8a8f98";
  Chart.defaults.font.family = "system-ui, sans-serif";
  Chart.defaults.animation = false;

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) { new Chart(canvas, config); canvas.dataset.drawn = "true"; }
  }
  function scale(max) { return { beginAtZero: true, suggestedMax: max }; }

  draw("chart-distribution", {
    type: "bar",
    data: {
      labels: data.histogram.map(function (b) { return b.low + "–" + b.high; }),
      datasets: [{ label: "reviews", data: data.histogram.map(function (b) { return b.count; }),
                   backgroundColor: accent }]
    },
    options: { plugins: { legend: { display: false } },
               scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });

  var rows = data.episodes.filter(function (e) { return e.scores.length > 0; });
  draw("chart-episodes", {
    type: "line",
    data: {
      labels: rows.map(function (e) { return "Ep " + e.number; }),
      datasets: [{
        label: "episode score",
        data: rows.map(function (e) {
          var s = e.scores.map(function (x) { return x.normalized; });
          return s.reduce(function (a, b) { return a + b; }, 0) / s.length;
        }),
        borderColor: accent, backgroundColor: accent, tension: 0.2
      }]
    },
    options: { plugins: { legend: { display: false },
                          tooltip: { callbacks: { title: function (items) {
                            var e = rows[items[0].dataIndex];
                            return "Episode " + e.number + (e.title ? ": " + e.title : "");
                          } } } },
               scales: { y: { min: 0, max: 100 } } }
  });

  // One bar per aspect, every bar labelled: the chart is as tall as its bars need.
  var aspectCanvas = document.getElementById("chart-aspects");
  if (aspectCanvas) { aspectCanvas.parentNode.style.height = (data.aspects.length * 30 + 40) + "px"; }
  draw("chart-aspects", {
    type: "bar",
    data: {
      labels: data.aspects.map(function (a) { return a.label || a.name; }),
      datasets: [{ label: "aspect score", data: data.aspects.map(function (a) { return a.score; }),
                   backgroundColor: muted }]
    },
    options: { indexAxis: "y", maintainAspectRatio: false, plugins: { legend: { display: false } },
               scales: { x: { min: 0, max: 100 }, y: { ticks: { autoSkip: false } } } }
  });

  if (data.site_distribution) {
    var keys = Object.keys(data.site_distribution).sort(function (a, b) { return a - b; });
    draw("chart-site-distribution", {
      type: "bar",
      data: { labels: keys, datasets: [{ label: "votes",
              data: keys.map(function (k) { return data.site_distribution[k]; }),
              backgroundColor: muted }] },
      options: { plugins: { legend: { display: false } }, scales: scale(undefined) }
    });
  }
})();
