// The group page: the typed-correction box shows only while "Type a correction" is chosen.
// Without this script the box is always shown, and choosing it still works.
(function () {
  "use strict";
  var form = document.querySelector("fieldset.candidates");
  var box = document.querySelector(".typed-box");
  if (!form || !box) return;
  function sync() {
    var chosen = form.querySelector('input[name="choice"]:checked');
    box.hidden = !(chosen && chosen.value === "custom");
  }
  form.addEventListener("change", function (event) {
    sync();
    if (event.target.value === "custom") {
      var area = box.querySelector("textarea");
      if (area) area.focus();
    }
  });
  sync();
})();
