/* Signal form: say at once when a chosen file is too big or there are too many files,
   instead of after a long upload on a slow connection. The server checks the same; the
   sentences come from the page, so they are in the reader's language. */
(function () {
  "use strict";

  var NAME = "{name}";

  function shortName(name) {
    return name.length > 60 ? name.slice(0, 57) + "\u2026" : name;
  }

  // One warning as the form macros show an error: a hidden "Error:" for screen readers,
  // then the sentence, with the file name isolated so it reads well on right-to-left pages.
  function warning(box, sentence, name) {
    var line = document.createElement("p");
    line.className = "utrecht-form-field-error-message";
    var prefix = document.createElement("span");
    prefix.className = "stem-visually-hidden";
    prefix.textContent = box.getAttribute("data-error-prefix") + " ";
    line.appendChild(prefix);
    var at = sentence.indexOf(NAME);
    if (at < 0 || name === null) {
      line.appendChild(document.createTextNode(sentence));
      return line;
    }
    var isolated = document.createElement("bdi");
    isolated.textContent = shortName(name);
    line.appendChild(document.createTextNode(sentence.slice(0, at)));
    line.appendChild(isolated);
    line.appendChild(document.createTextNode(sentence.slice(at + NAME.length)));
    return line;
  }

  function check(input, box) {
    var files = input.files || [];
    var maxFiles = parseInt(box.getAttribute("data-max-files"), 10);
    var maxBytes = parseInt(box.getAttribute("data-max-bytes"), 10);
    var lines = [];
    if (files.length > maxFiles) {
      lines.push(warning(box, box.getAttribute("data-too-many"), null));
    }
    for (var i = 0; i < files.length; i++) {
      if (files[i].size > maxBytes) {
        lines.push(warning(box, box.getAttribute("data-too-big"), files[i].name));
      }
    }
    box.textContent = "";
    for (var j = 0; j < lines.length; j++) box.appendChild(lines[j]);
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-file-warning]")) return;
    var box = document.getElementById(input.getAttribute("data-file-warning"));
    if (box) check(input, box);
  });
})();
