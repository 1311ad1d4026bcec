// canbo front-end behaviour. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  // Every date field is written dd/mm/yyyy whatever the browser's language (class "date-vn").
  function initDates(root) {
    if (typeof Datepicker === "undefined") return;
    root.querySelectorAll("input.date-vn:not([data-datepicker-ready])").forEach(function (input) {
      input.setAttribute("data-datepicker-ready", "1");
      new Datepicker(input, {
        format: "dd/mm/yyyy",
        language: "vi",
        autohide: true,
        todayButton: true,
        todayButtonMode: 1,
        weekStart: 1,
      });
      input.addEventListener("changeDate", function () {
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  // Charts read their data from a <script type="application/json"> block (json_script): no inline code.
  // <canvas data-chart="ID"> names the block; the server writes the whole chart there:
  // {type, labels, series: [{label, data, kind: "bar"|"line", color, dashed, points_only}], y_title}.
  function initCharts(root) {
    if (typeof Chart === "undefined") return;
    root.querySelectorAll("canvas[data-chart]:not([data-chart-ready])").forEach(function (canvas) {
      var block = document.getElementById(canvas.getAttribute("data-chart"));
      if (!block) return;
      canvas.setAttribute("data-chart-ready", "1");
      var d = JSON.parse(block.textContent);
      new Chart(canvas, {
        type: d.type || "bar",
        data: {
          labels: d.labels,
          datasets: d.series.map(function (s) {
            return {
              type: s.kind || d.type || "bar",
              label: s.label,
              data: s.data,
              backgroundColor: s.color,
              borderColor: s.color,
              borderDash: s.dashed ? [6, 4] : undefined,
              pointRadius: s.points_only ? 6 : (s.dashed ? 0 : 3),
              showLine: !s.points_only,
              spanGaps: true,
              fill: false,
            };
          }),
        },
        options: {
          animation: false,
          scales: { y: { beginAtZero: true, title: { display: !!d.y_title, text: d.y_title || "" } } },
        },
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { initDates(document); initCharts(document); });
  document.addEventListener("htmx:load", function (event) { initDates(event.target); initCharts(event.target); });
  // The upload progress bar of import forms (a <progress id="upload-progress"> in the form).
  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = event.target.querySelector && event.target.querySelector("#upload-progress");
    if (bar && event.detail.lengthComputable) {
      bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
    }
  });
  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr.status === 400) return;  // a form with errors: its fragment says why
    window.alert("Có lỗi khi tải dữ liệu (mã " + event.detail.xhr.status + "). Vui lòng thử lại.");
  });
})();
