/* Answer pages: a big play button for recorded questions, and a language switch that
   follows htmx. Every answer page works without this file. */
(function () {
  "use strict";

  // The language switch sits outside #main, which htmx swaps: point its "come back
  // here" field at the page now shown, or switching language would go back in time.
  function followHistory() {
    var next = document.querySelector("form.stem-lang-switch input[name=next]");
    if (next) next.value = location.pathname + location.search;
  }
  document.addEventListener("htmx:pushedIntoHistory", followHistory);
  document.addEventListener("htmx:replacedInHistory", followHistory);

  // The switch also sits outside what htmx swaps, so it may have been drawn for another
  // step. On a question, a language button sends the answer form with the language
  // (the server keeps the draft answer and shows the question again, in a full page
  // load so the header follows); on any other step it is the plain language form.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".stem-lang-switch__button");
    if (!button) return;
    var form = document.getElementById("answer-form");
    if (!form) {
      button.removeAttribute("form");
      return;
    }
    event.preventDefault();
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = "locale";
    field.value = button.value;
    form.appendChild(field);
    HTMLFormElement.prototype.submit.call(form);
  }, true);

  // A recorded clip: without script the <audio controls> player shows; with script one
  // big button plays and stops it.
  function setUpClips() {
    var boxes = document.querySelectorAll("[data-listen]");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.getAttribute("data-ready")) return;
      var audio = box.querySelector("audio");
      var button = box.querySelector("[data-listen-play]");
      if (!audio || !button || typeof audio.play !== "function") return;
      box.setAttribute("data-ready", "1");
      var label = button.querySelector("[data-listen-label]");
      var playText = label.textContent;
      var stopText = button.getAttribute("data-label-stop") || playText;
      function show(playing) {
        label.textContent = playing ? stopText : playText;
        button.setAttribute("aria-pressed", playing ? "true" : "false");
      }
      audio.removeAttribute("controls");
      audio.hidden = true;
      button.hidden = false;
      button.addEventListener("click", function () {
        if (!audio.paused) {
          audio.pause();
          audio.currentTime = 0;
          return;
        }
        var started = audio.play();
        if (started && started.catch) started.catch(function () { show(false); });
      });
      audio.addEventListener("play", function () { show(true); });
      audio.addEventListener("pause", function () { show(false); });
      audio.addEventListener("ended", function () { show(false); });
    });
  }
  setUpClips();
  document.addEventListener("htmx:afterSettle", setUpClips);
})();
