// Let htmx show refusals in place: 403 (not allowed) and 409 (plan decided, or someone else
// saved first) answers carry a Swedish message or the form with the user's input kept.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  if (status === 403 || status === 409) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
