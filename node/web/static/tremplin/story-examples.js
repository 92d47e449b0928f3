// Switches the example sentences under the story fields when the kind of experience
// changes. Without it the page shows the examples of the saved kind (or general ones).
(function () {
  "use strict";
  var kind = document.getElementById("id_kind");
  var data = document.getElementById("story-examples");
  if (!kind || !data) { return; }
  var examples = JSON.parse(data.getAttribute("data-examples"));

  function hintOf(field) {
    return document.getElementById(field.id + "_helptext") ||
      (field.parentNode && field.parentNode.querySelector(".helptext"));
  }

  kind.addEventListener("change", function () {
    var chosen = examples[kind.value] || examples[""] || {};
    Object.keys(chosen).forEach(function (part) {
      var field = document.getElementById("id_" + part);
      var hint = field && hintOf(field);
      if (hint) { hint.textContent = chosen[part]; }
    });
  });
})();
