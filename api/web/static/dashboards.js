// Draws each figure of the dashboards page from the JSON the server wrote beside it; the
// numbers are in the table under it, so the page reads without this script.
(function () {
  "use strict";
  var config = { displaylogo: false, responsive: true };
  var drawn = [];
  document.querySelectorAll("script.plot-data").forEach(function (source) {
    var target = document.getElementById(source.dataset.target);
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(target, figure.data, figure.layout, config).then(function () {
      target.dataset.drawn = "true";
    });
    drawn.push(target);
  });
  // Paper is narrower than the screen: fit each chart to the page before printing.
  window.addEventListener("beforeprint", function () {
    drawn.forEach(function (target) { window.Plotly.Plots.resize(target); });
  });
})();
