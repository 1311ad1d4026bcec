// The briefing's "In / lưu PDF" button (issue 13.8): the browser's print dialog, no inline script.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-canbo-print]");
  if (button) { window.print(); }
});
