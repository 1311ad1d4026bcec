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
  function initCharts() {
    var data = document.getElementById("under40-data");
    var canvas = document.getElementById("under40-chart");
    if (!data || !canvas || typeof Chart === "undefined") return;
    var d = JSON.parse(data.textContent);
    var line = function (value, label, color) {
      return { type: "line", label: label, data: d.labels.map(function () { return value; }),
               borderColor: color, borderDash: [6, 4], pointRadius: 0, fill: false };
    };
    new Chart(canvas, {
      data: {
        labels: d.labels,
        datasets: [
          { type: "bar", label: "Lãnh đạo dưới 40 tuổi (%)", data: d.shares, backgroundColor: "#0d6efd" },
          line(d.targets["2025"], "Chỉ tiêu 2025 (" + d.targets["2025"] + " %)", "#fd7e14"),
          line(d.targets["2030"], "Chỉ tiêu 2030 (" + d.targets["2030"] + " %)", "#dc3545"),
        ],
      },
      options: { animation: false, scales: { y: { beginAtZero: true, title: { display: true, text: "%" } } } },
    });
  }

  function initForecast() {
    var data = document.getElementById("forecast-data");
    var canvas = document.getElementById("forecast-chart");
    if (!data || !canvas || typeof Chart === "undefined") return;
    var d = JSON.parse(data.textContent);
    var target = function (year) { return d.years.map(function (y) { return y >= year ? d.targets[String(year)] : null; }); };
    new Chart(canvas, {
      type: "line",
      data: {
        labels: d.years,
        datasets: [
          { label: "Tỷ lệ lãnh đạo dưới 40 tuổi dự báo (%)", data: d.shares, borderColor: "#0d6efd", spanGaps: true },
          { label: "Chỉ tiêu 2025", data: target(2025).map(function (v, i) { return d.years[i] === 2025 ? v : null; }),
            borderColor: "#fd7e14", pointRadius: 6, showLine: false },
          { label: "Chỉ tiêu 2030", data: target(2030).map(function (v, i) { return d.years[i] === 2030 ? v : null; }),
            borderColor: "#dc3545", pointRadius: 6, showLine: false },
        ],
      },
      options: { animation: false, scales: { y: { beginAtZero: true, title: { display: true, text: "%" } } } },
    });
  }

  document.addEventListener("DOMContentLoaded", function () { initDates(document); initCharts(); initForecast(); });
  document.addEventListener("htmx:load", function (event) { initDates(event.target); });
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
