/* Staff inbox: "select every signal on this page". Without JavaScript the box stays hidden
   and each signal is ticked on its own. Delegated, so it keeps working after htmx swaps. */
(function () {
  "use strict";

  function reveal(root) {
    var all = root.querySelectorAll("[data-select-all]");
    for (var i = 0; i < all.length; i++) all[i].hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () { reveal(document); });
  document.addEventListener("htmx:afterSettle", function () { reveal(document); });
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-select-all] input[type=checkbox]")) return;
    var form = box.form;
    if (!form) return;
    var picks = form.querySelectorAll("input[type=checkbox][name=ids]");
    for (var i = 0; i < picks.length; i++) picks[i].checked = box.checked;
  });
})();
