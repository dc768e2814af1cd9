// The queue's article field as you type: fills its <datalist> from the server's suggestions
// (slug and headline), newest first. Without script the field is a plain text filter.
(function () {
  "use strict";
  var field = document.querySelector("input[data-suggest]");
  if (!field) return;
  var list = document.getElementById(field.getAttribute("list"));
  var timer = null;
  var asked = null;

  function fill(articles) {
    while (list.firstChild) list.removeChild(list.firstChild);
    articles.forEach(function (article) {
      var option = document.createElement("option");
      option.value = article.slug;
      option.textContent = article.title;
      list.appendChild(option);
    });
  }

  function ask() {
    var text = field.value.trim();
    if (text === asked) return;
    asked = text;
    var url = field.getAttribute("data-suggest") + "?q=" + encodeURIComponent(text);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (answer) { return answer.ok ? answer.json() : { articles: [] }; })
      .then(function (body) { if (field.value.trim() === text) fill(body.articles || []); })
      .catch(function () {});
  }

  field.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });
  field.addEventListener("focus", ask);
})();
