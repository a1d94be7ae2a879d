/* Stem: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // After htmx replaces #main, a screen reader would otherwise stay on a control that
  // no longer exists: move focus to the new page heading, unless the new content
  // already took focus itself (an autofocus error summary, for instance).
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id !== "main") return;
    var main = document.getElementById("main");
    if (!main) return;
    var active = document.activeElement;
    if (active && active !== document.body && active !== main && main.contains(active)) return;
    var heading = main.querySelector("h1");
    if (!heading) return;
    if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: false });
  });
})();
