/* Read a question aloud with the phone's own speech synthesis. The button stays hidden
   unless the phone has a voice for the language of the question's text. */
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance === "undefined") return;

  function voiceFor(tag) {
    if (!tag) return null;
    var wanted = tag.toLowerCase().replace("_", "-");
    var primary = wanted.split("-")[0];
    var voices = synth.getVoices() || [];
    var loose = null;
    for (var i = 0; i < voices.length; i++) {
      var lang = (voices[i].lang || "").toLowerCase().replace("_", "-");
      if (lang === wanted) return voices[i];
      if (!loose && lang.split("-")[0] === primary) loose = voices[i];
    }
    return loose;
  }

  function textToRead(button) {
    var scope = button.closest("form") || document.getElementById("main") || document.body;
    var parts = [];
    Array.prototype.forEach.call(scope.querySelectorAll("[data-read]"), function (el) {
      var text = el.textContent.replace(/\s+/g, " ").trim();
      if (text) parts.push(text);
    });
    return parts.join(". ");
  }

  function setUp() {
    var buttons = document.querySelectorAll("[data-read-aloud]");
    Array.prototype.forEach.call(buttons, function (button) {
      var tag = button.getAttribute("data-read-lang");
      var voice = voiceFor(tag);
      button.hidden = !voice;
      if (!voice || button.getAttribute("data-ready")) return;
      button.setAttribute("data-ready", "1");
      var label = button.querySelector("[data-listen-label]");
      var readText = label.textContent;
      var stopText = button.getAttribute("data-label-stop") || readText;
      function show(speaking) {
        label.textContent = speaking ? stopText : readText;
        button.setAttribute("aria-pressed", speaking ? "true" : "false");
      }
      button.addEventListener("click", function () {
        if (synth.speaking) {
          synth.cancel();
          show(false);
          return;
        }
        var utterance = new window.SpeechSynthesisUtterance(textToRead(button));
        utterance.voice = voiceFor(tag);
        utterance.lang = tag;
        utterance.rate = 0.9;
        utterance.onend = utterance.onerror = function () { show(false); };
        show(true);
        synth.speak(utterance);
      });
    });
  }

  setUp();
  // Most phones load their voices after the page: look again when they arrive.
  if (synth.addEventListener) synth.addEventListener("voiceschanged", setUp);
  document.addEventListener("htmx:beforeSwap", function () { synth.cancel(); });
  document.addEventListener("htmx:afterSettle", setUp);
})();
