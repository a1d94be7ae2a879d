/* Signal form, with JavaScript: phone photos made smaller before they are sent, a
   thumbnail of each chosen file with a button to remove it, and a button that says the
   form is being sent (and cannot be pressed twice). Without JavaScript the form works as
   before, and the server checks every file either way. The words come from the page's
   data attributes, so they are in the reader's language. */
(function () {
  "use strict";

  var MAX_SIDE = 1600; // pixels, the longer side
  var QUALITY = 0.8; // JPEG quality
  var THUMB = 96; // pixels, the longer side of a thumbnail
  var SHRINK = /^image\/(jpeg|png|webp)$/;
  var NAME = "{name}";

  function canReplaceFiles() {
    try {
      return typeof DataTransfer === "function" && !!new DataTransfer().items;
    } catch (e) {
      return false;
    }
  }

  // createImageBitmap reads the file itself; a blob: URL in an <img> would need the
  // content security policy to allow blob: images, a data: URL is the fallback.
  function decode(file) {
    if (typeof createImageBitmap === "function") return createImageBitmap(file);
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () {
        var img = new Image();
        img.onload = function () {
          resolve(img);
        };
        img.onerror = reject;
        img.src = reader.result;
      };
      reader.onerror = reject;
      reader.readAsDataURL(file);
    });
  }

  function sizeOf(img) {
    return { w: img.naturalWidth || img.width, h: img.naturalHeight || img.height };
  }

  function draw(img, side) {
    var size = sizeOf(img);
    var scale = Math.min(1, side / Math.max(size.w, size.h));
    var canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(size.w * scale));
    canvas.height = Math.max(1, Math.round(size.h * scale));
    var ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff"; // a transparent PNG becomes a JPEG on white, not on black
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return canvas;
  }

  function jpegName(name) {
    return name.replace(/\.(jpe?g|png|webp|heic)$/i, "") + ".jpg";
  }

  // A smaller JPEG of a photo, or the file itself when it cannot be made smaller.
  function shrink(file) {
    if (!SHRINK.test(file.type)) return Promise.resolve({ file: file, thumb: null });
    return decode(file).then(
      function (img) {
        var thumb = draw(img, THUMB).toDataURL("image/jpeg", 0.7);
        var size = sizeOf(img);
        var big = Math.max(size.w, size.h) > MAX_SIDE;
        if (!big && file.size < 500 * 1024) return { file: file, thumb: thumb };
        return new Promise(function (resolve) {
          draw(img, MAX_SIDE).toBlob(
            function (blob) {
              if (!blob || blob.size >= file.size) {
                resolve({ file: file, thumb: thumb });
                return;
              }
              var smaller = new File([blob], jpegName(file.name), {
                type: "image/jpeg",
                lastModified: file.lastModified,
              });
              resolve({ file: smaller, thumb: thumb });
            },
            "image/jpeg",
            QUALITY
          );
        });
      },
      function () {
        return { file: file, thumb: null }; // not readable here: the server decides
      }
    );
  }

  function setFiles(input, files) {
    var transfer = new DataTransfer();
    files.forEach(function (file) {
      transfer.items.add(file);
    });
    input.files = transfer.files;
    // Let the size warning (signal-files.js) look at the files as they are now.
    input.dataset.stemSelf = "1";
    input.dispatchEvent(new Event("change", { bubbles: true }));
    delete input.dataset.stemSelf;
  }

  function sentence(template, name) {
    return template.split(NAME).join(name);
  }

  function showPreviews(list, input, chosen) {
    list.textContent = "";
    chosen.forEach(function (item, index) {
      var li = document.createElement("li");
      li.className = "stem-file-preview";
      if (item.thumb) {
        var img = document.createElement("img");
        img.src = item.thumb;
        img.alt = "";
        img.className = "stem-file-preview__image";
        li.appendChild(img);
      }
      var name = document.createElement("bdi");
      name.className = "stem-file-preview__name";
      name.textContent = item.file.name;
      li.appendChild(name);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "utrecht-button utrecht-button--subtle stem-file-preview__remove";
      remove.textContent = list.getAttribute("data-remove");
      remove.setAttribute(
        "aria-label",
        sentence(list.getAttribute("data-remove-name"), item.file.name)
      );
      remove.addEventListener("click", function () {
        chosen.splice(index, 1);
        setFiles(
          input,
          chosen.map(function (c) {
            return c.file;
          })
        );
        showPreviews(list, input, chosen);
        var status = document.getElementById(list.getAttribute("data-status"));
        if (status) status.textContent = sentence(list.getAttribute("data-removed"), item.file.name);
        input.focus();
      });
      li.appendChild(remove);
      list.appendChild(li);
    });
  }

  function watch(form) {
    var input = form.querySelector("input[type=file][data-previews]");
    var button = form.querySelector("button[type=submit]");
    var pending = null; // the photos being made smaller
    var sending = false;

    if (input && canReplaceFiles()) {
      var list = document.getElementById(input.getAttribute("data-previews"));
      input.addEventListener("change", function () {
        if (input.dataset.stemSelf) return;
        var files = Array.prototype.slice.call(input.files || []);
        var work = Promise.all(files.map(shrink)).then(function (chosen) {
          var changed = chosen.some(function (c, i) {
            return c.file !== files[i];
          });
          if (changed) setFiles(input, chosen.map(function (c) { return c.file; }));
          if (list) showPreviews(list, input, chosen);
        });
        pending = work;
        work.then(function () {
          if (pending === work) pending = null;
        });
      });
    }

    form.addEventListener("submit", function (event) {
      if (sending) {
        event.preventDefault(); // a second press sends nothing twice
        return;
      }
      sending = true;
      if (button) {
        button.dataset.label = button.textContent;
        button.textContent = form.getAttribute("data-sending");
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      }
      form.setAttribute("aria-busy", "true");
      if (pending) {
        event.preventDefault();
        pending.then(function () {
          form.submit();
        });
      }
    });

    // Back to the page from the browser's cache: the form can be sent again.
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted || !button) return;
      sending = false;
      button.disabled = false;
      button.removeAttribute("aria-disabled");
      if (button.dataset.label) button.textContent = button.dataset.label;
      form.removeAttribute("aria-busy");
    });
  }

  var forms = document.querySelectorAll("form[data-sending]");
  for (var i = 0; i < forms.length; i++) watch(forms[i]);
})();
