// canbo front-end behaviour. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  // The datepicker's own reading is lenient: "31/02/2025" became 03/03/2025 and "abc" today, silently.
  // This one reads only a real day written d/m/yyyy (or yyyy-mm-dd); anything else is left as typed,
  // sent as typed, and the page says "Ngày không hợp lệ (dd/mm/yyyy): …" (core.dates.as_of_or_today).
  var DMY = /^\s*(\d{1,2})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*(\d{4})\s*$/;
  var ISO = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/;

  function readDate(text) {
    if (text instanceof Date) return text;
    var m = DMY.exec(text), day, month, year;
    if (m) { day = +m[1]; month = +m[2]; year = +m[3]; }
    else if ((m = ISO.exec(text))) { year = +m[1]; month = +m[2]; day = +m[3]; }
    else return NaN;
    var date = new Date(year, month - 1, day);
    if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return NaN;
    return date;
  }

  function two(n) { return (n < 10 ? "0" : "") + n; }

  var VN_DATE = {
    toValue: function (text) { return readDate(text); },
    toDisplay: function (date) { return two(date.getDate()) + "/" + two(date.getMonth() + 1) + "/" + date.getFullYear(); },
  };

  // Every date field is written dd/mm/yyyy whatever the browser's language (class "date-vn").
  function initDates(root) {
    if (typeof Datepicker === "undefined") return;
    root.querySelectorAll("input.date-vn:not([data-datepicker-ready])").forEach(function (input) {
      input.setAttribute("data-datepicker-ready", "1");
      var typed = input.value;  // the datepicker empties a field it cannot read: a mistake stays shown
      var picker = new Datepicker(input, {
        format: VN_DATE,
        language: "vi",
        autohide: true,
        todayButton: true,
        todayButtonMode: 1,
        weekStart: 1,
      });
      if (typed && !picker.getDate()) input.value = typed;
      input.addEventListener("changeDate", function () {
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  // Charts read their data from a <script type="application/json"> block (json_script): no inline code.
  // <canvas data-chart="ID"> names the block; the server writes the whole chart there:
  // {type, labels, series: [{label, data, kind: "bar"|"line", color, dashed, points_only}], y_title,
  //  stacked, y_max} — stacked: the bars of one label on top of each other (shares that add up to
  //  100 %); y_max: the axis's top (100 for such shares).
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
          // inside <div class="chart-box"> the chart takes the box's height (readable on a phone)
          maintainAspectRatio: !canvas.closest(".chart-box"),
          scales: {
            x: { stacked: !!d.stacked },
            y: {
              stacked: !!d.stacked, beginAtZero: true, max: d.y_max,
              title: { display: !!d.y_title, text: d.y_title || "" },
            },
          },
        },
      });
    });
  }

  // The menu on a small screen: the button <button data-canbo-toggle="ID"> opens and closes the
  // element ID (Bootstrap's "collapse" class; Bootstrap's own JavaScript is not loaded).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-canbo-toggle]");
    if (!button) return;
    var target = document.getElementById(button.getAttribute("data-canbo-toggle"));
    if (!target) return;
    var open = target.classList.toggle("show");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });

  // Waiting is visible: an element with data-cho="Đang tạo tệp…" — a link to a file, a form, or a
  // form's submit button — shows a spinner and that text and is disabled while the server works.
  //  * a link (<a data-cho>): the file is fetched here; when it comes (Content-Disposition:
  //    attachment) it is saved under its own name and the link comes back; any other answer (a page
  //    asking for a reason, an error page) is opened as the link would have been;
  //  * an htmx form (hx-post/hx-get): until htmx:afterRequest;
  //  * a plain form: until the next page replaces this one (a page back from the browser's cache
  //    has its buttons back).
  var SPINNER = '<span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>';

  function busyStart(el, text) {
    if (el.getAttribute("data-cho-busy")) return false;
    el.setAttribute("data-cho-busy", "1");
    el.setAttribute("data-cho-html", el.innerHTML);
    el.setAttribute("aria-busy", "true");
    el.classList.add("disabled");
    if (el.tagName === "BUTTON" || el.tagName === "INPUT") el.disabled = true;
    else el.setAttribute("aria-disabled", "true");
    var label = document.createElement("span");
    label.textContent = text;
    el.innerHTML = SPINNER;
    el.appendChild(label);
    return true;
  }

  function busyEnd(el) {
    if (!el.getAttribute("data-cho-busy")) return;
    el.innerHTML = el.getAttribute("data-cho-html");
    el.removeAttribute("data-cho-busy");
    el.removeAttribute("data-cho-html");
    el.removeAttribute("aria-busy");
    el.removeAttribute("aria-disabled");
    el.classList.remove("disabled");
    if (el.tagName === "BUTTON" || el.tagName === "INPUT") el.disabled = false;
  }

  function fileName(response) {
    var header = response.headers.get("Content-Disposition") || "";
    var star = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (star) return decodeURIComponent(star[1]);
    var plain = /filename="?([^";]+)"?/i.exec(header);
    return plain ? plain[1] : "tep";
  }

  function download(link, href, text) {
    if (!busyStart(link, text)) return;
    fetch(href, { credentials: "same-origin", headers: { "X-Canbo-Cho": "1" } })
      .then(function (response) {
        var disposition = response.headers.get("Content-Disposition") || "";
        if (!response.ok || disposition.indexOf("attachment") === -1) {
          window.location.assign(href);  // a page, not a file: show it
          return null;
        }
        return response.blob().then(function (blob) {
          var url = URL.createObjectURL(blob);
          var a = document.createElement("a");
          a.href = url;
          a.download = fileName(response);
          document.body.appendChild(a);
          a.click();
          a.remove();
          window.setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
        });
      })
      .catch(function () {
        window.alert("Không tải được tệp. Vui lòng thử lại.");
      })
      .finally(function () { busyEnd(link); });
  }

  function submitButton(form, submitter) {
    if (submitter) return submitter;
    return form.querySelector("button[type=submit], button:not([type]), input[type=submit]");
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-cho]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    download(link, link.getAttribute("href"), link.getAttribute("data-cho"));
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = submitButton(form, event.submitter);
    var text = (button && button.getAttribute("data-cho")) || form.getAttribute("data-cho");
    var htmx = form.hasAttribute("hx-post") || form.hasAttribute("hx-get") || form.hasAttribute("hx-put");
    if (!text || !button || (event.defaultPrevented && !htmx)) return;
    if (button.getAttribute("data-cho-busy")) {  // already running: a second click does nothing
      event.preventDefault();
      return;
    }
    // A plain GET form whose answer is a file (an annual report, an Excel appendix): no page replaces
    // this one, so the file is fetched here as for a link, and the button comes back when it is saved.
    if (!htmx && (form.getAttribute("method") || "get").toLowerCase() === "get" && !event.defaultPrevented) {
      event.preventDefault();
      var query = new URLSearchParams(new FormData(form, button)).toString();
      var action = form.getAttribute("action") || window.location.pathname;
      download(button, action.split("?")[0] + (query ? "?" + query : ""), text);
      return;
    }
    // After the browser has taken the submission (a disabled button would not be sent).
    window.setTimeout(function () { busyStart(button, text); }, 0);
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    if (!form) return;
    form.querySelectorAll("[data-cho-busy]").forEach(busyEnd);
  });

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) document.querySelectorAll("[data-cho-busy]").forEach(busyEnd);
  });

  // Tables scroll inside their box on a small screen: every table.table not already in a
  // .table-responsive gets one, so no page scrolls sideways (pages need not remember it).
  function wrapTables(root) {
    var tables = root.tagName === "TABLE" ? [root] : root.querySelectorAll("table.table");
    Array.prototype.forEach.call(tables, function (table) {
      if (!table.classList.contains("table") || table.closest(".table-responsive")) return;
      var box = document.createElement("div");
      box.className = "table-responsive";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { wrapTables(document); initDates(document); initCharts(document); });
  document.addEventListener("htmx:load", function (event) { wrapTables(event.target); initDates(event.target); initCharts(event.target); });
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
