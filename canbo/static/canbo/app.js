// canbo front-end behaviour. No inline scripts: the Content-Security-Policy forbids them.
document.addEventListener("htmx:responseError", function (event) {
  alert("Có lỗi khi tải dữ liệu (mã " + event.detail.xhr.status + "). Vui lòng thử lại.");
});
