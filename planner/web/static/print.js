/* Print buttons: the Content-Security-Policy forbids inline onclick, so buttons marked data-print get their handler here. */
(function () {
  "use strict";
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
}());
