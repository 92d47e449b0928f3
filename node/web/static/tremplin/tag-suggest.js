// Suggests vocabulary concepts while a tag is typed. The page works without it:
// suggestions from the story are also offered as checkboxes after saving.
(function () {
  "use strict";
  var input = document.getElementById("id_tags");
  var box = document.getElementById("tag-suggestions");
  if (!input || !box) { return; }
  var timer = null;
  var lang = document.getElementById("id_language");

  function lastPart() {
    var parts = input.value.split(",");
    return parts[parts.length - 1].trim();
  }

  function choose(label) {
    var parts = input.value.split(",");
    parts[parts.length - 1] = " " + label;
    input.value = parts.map(function (p) { return p.trim(); }).filter(Boolean).join(", ") + ", ";
    box.textContent = "";
    input.focus();
  }

  function show(suggestions) {
    box.textContent = "";
    suggestions.forEach(function (s) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button small secondary suggestion";
      button.textContent = s.label;
      button.addEventListener("click", function () { choose(s.label); });
      box.appendChild(button);
    });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var typed = lastPart();
    if (typed.length < 2) { box.textContent = ""; return; }
    timer = setTimeout(function () {
      var url = box.dataset.url + "?q=" + encodeURIComponent(typed) +
        (lang ? "&lang=" + encodeURIComponent(lang.value) : "");
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) { show(data.suggestions || []); })
        .catch(function () { box.textContent = ""; });
    }, 150);
  });
})();
