/* Factcheck's reader widget, on a newsroom's pages and on Factcheck's own. The snippet:
     <script src="https://factcheck.example/embed.js" data-site="KEY" defer></script>
   Without data-site it is on Factcheck's own article pages, where report/home.js opens the
   server-rendered dialog on canonical offsets; elsewhere report/embed-dialog.js opens one
   in the shadow root on the page's text.
   A classic script: until the reader opens the dialog it only listens (Ctrl/⌘+Enter, a
   selection, a [data-factcheck-report-link] click) and shows its button in a shadow
   root; the dialog's modules (static/report/) are imported from <factcheck>/embed/ as it opens.
   No cookies, no network request before then, host text nodes never touched. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.Factcheck) return;
  // GET /embed.js writes the server's report limits here (factcheck.domain.reports).
  var limits = /*@limits*/ null;
  // ...and its words before the dialog opens, {lang: {button, link, failed}}, from the
  // catalogs (README: Languages); the dialog's own come with it from /embed/strings/.
  var words = /*@strings*/ null;
  var base = new URL(".", script.src).href;
  var site = script.getAttribute("data-site");
  var lang = script.getAttribute("data-lang");
  var home = !site;
  if (!limits || !words) {
    console.error("Factcheck: embed.js lacks the limits and words GET /embed.js writes in; widget not started.");
    return;
  }

  var CSS =
    ":host{all:initial!important;display:block!important}" +
    ":host([data-factcheck-widget]){position:absolute!important;top:0!important;left:0!important}" +
    ".fc{all:initial;font:16px/1.5 system-ui,sans-serif;color:#1c1c1c;--ink:#1c1c1c;--paper:#fff;" +
    "--rule:#c9c6bd;--muted:#5a5a5a;--mark:#ffe58a;--danger:#a61b1b;--accent:#0b57a4;--soft:#f6f5f1}" +
    "@media (prefers-color-scheme:dark){.fc{color:#eee;--ink:#eee;--paper:#1f1f1f;--rule:#555;--muted:#bbb;" +
    "--mark:#6b5600;--danger:#ff8a80;--accent:#8ab4f8;--soft:#2b2b2b}}" +
    ".report-float{position:absolute;z-index:2147483646;font:600 15px/1.2 system-ui,sans-serif;padding:10px 14px;" +
    "min-height:44px;border:0;border-radius:999px;background:var(--accent);color:var(--paper);cursor:pointer;" +
    "box-shadow:0 4px 14px rgb(0 0 0/.3);user-select:none;touch-action:manipulation}" +
    ".report-toast{position:fixed;left:50%;bottom:20px;transform:translateX(-50%);z-index:2147483647;margin:0;" +
    "max-width:calc(100vw - 32px);padding:10px 16px;border-radius:8px;background:var(--ink);color:var(--paper);" +
    "font:15px/1.4 system-ui,sans-serif}[hidden]{display:none!important}" +
    ".report-link{font:600 16px/1.5 system-ui,sans-serif;color:var(--accent);background:none;border:0;" +
    "padding:8px 0;text-decoration:underline;cursor:pointer}";

  var host = null;
  var shadow = null;
  var wrap = null;
  var button = null;
  var toast = null;
  var widget = null; // the dialog module's answer, once it has been loaded
  var loading = null;
  var placed = null; // {range, root} the button was shown for
  var lastInput = "pointer";
  var timer = null;
  var toastTimer = null;

  /* The words for `node`'s language: data-lang, else the nearest lang attribute, else the
     browser's languages; English when none is shipped. */
  function say(key, node) {
    var at = node && node.closest && node.closest("[lang]");
    var tags = lang ? [lang] : at ? [at.getAttribute("lang")] : navigator.languages || [navigator.language];
    for (var i = 0; i < tags.length; i++) {
      var tag = String(tags[i] || "").toLowerCase();
      // Own keys only: data-lang="constructor" or "__proto__" names no language.
      var found = own(words, tag) ? words[tag] : own(words, tag.split("-")[0]) ? words[tag.split("-")[0]] : null;
      if (found) return found[key];
    }
    return words.en[key];
  }

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function element(name, className, text) {
    var made = document.createElement(name);
    made.className = className;
    if (text) made.textContent = text;
    return made;
  }

  var sheet = null;
  function styles() {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    return sheet;
  }

  /* The shadow root everything of ours lives in, (re)attached to the page on demand. */
  function ui() {
    if (!host) {
      host = document.createElement("div");
      host.setAttribute("data-factcheck-widget", "");
      shadow = host.attachShadow({ mode: "open" });
      shadow.adoptedStyleSheets = [styles()];
      wrap = element("div", "fc");
      button = element("button", "report-float");
      button.type = "button";
      button.hidden = true;
      toast = element("p", "report-toast");
      toast.setAttribute("role", "status");
      toast.hidden = true;
      wrap.append(button, toast);
      shadow.append(wrap);
      button.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the page's selection
      });
      button.addEventListener("click", function () {
        var range = selectedRange();
        var root = range ? rootOf(range) : null;
        if (!root && placed) {
          range = placed.range;
          root = placed.root;
        }
        if (root) open(range, root, null);
      });
    }
    if (!host.isConnected) document.body.appendChild(host);
    return shadow;
  }

  function notify(message) {
    ui();
    toast.textContent = message;
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () {
      toast.hidden = true;
    }, 6000);
  }

  function articleUrl(href) {
    var url = new URL(href, location.href);
    url.hash = "";
    return url.href;
  }

  /* The article roots on the page now: [{element, article}]. Looked up every time, so
     live blogs, infinite scroll and single-page apps need nothing from the site. */
  function roots() {
    var marked = document.querySelectorAll("[data-factcheck-article]");
    if (marked.length) {
      return Array.prototype.map.call(marked, function (root) {
        return { element: root, article: root.getAttribute("data-factcheck-article") };
      });
    }
    var link = document.querySelector('link[rel~="canonical"][href]');
    var root = document.querySelector("article") || document.querySelector("main");
    return link && root ? [{ element: root, article: articleUrl(link.getAttribute("href")) }] : [];
  }

  function rootOf(range) {
    var all = roots();
    for (var i = all.length - 1; i >= 0; i--) {
      var root = all[i].element;
      if (root.contains(range.startContainer) || root.contains(range.endContainer)) return all[i];
    }
    return null;
  }

  function selectedRange() {
    var selection = window.getSelection();
    if (!selection || !selection.rangeCount || selection.isCollapsed || !selection.toString().trim()) return null;
    return selection.getRangeAt(0);
  }

  function isOpen() {
    return !!(widget && widget.isOpen());
  }

  // On an own page whose dialog did not start, the link leads to the plain form.
  function off() {
    return home && !widget;
  }

  function hide() {
    if (button) button.hidden = true;
    placed = null;
  }

  function load() {
    if (!loading) {
      loading = import(new URL(home ? "embed/home.js" : "embed/embed-dialog.js", base).href).then(
        function (module) {
          if (home) return (widget = module.createHome({ notify: notify }));
          widget = module.createEmbed({
            shadow: ui(),
            container: wrap,
            base: base,
            site: site,
            lang: lang,
            limits: limits,
            notify: notify,
            notice: function (key) {
              return say(key, document.documentElement);
            },
            skip: function (node) {
              return node === host;
            },
          });
          return widget;
        },
        function (error) {
          loading = null;
          throw error;
        }
      );
    }
    return loading;
  }

  /* Open the dialog for `range` (or none) in article `root`; `opener` gets focus back. */
  function open(range, root, opener) {
    hide();
    var saved = range && range.cloneRange();
    load().then(
      function (loaded) {
        if (loaded) loaded.open(saved, root, opener);
      },
      function () {
        notify(say("failed", root.element));
      }
    );
  }

  function place() {
    var range = selectedRange();
    var root = range && rootOf(range);
    if (!root || isOpen() || off() || lastInput === "keyboard") return hide();
    ui();
    placed = { range: range.cloneRange(), root: root };
    var rects = range.getClientRects();
    var rect = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
    var start = range.startContainer;
    var text = start.nodeType === 1 ? start : start.parentElement;
    button.textContent = say("button", text);
    button.dir = getComputedStyle(text).direction;
    button.hidden = false;
    var width = button.offsetWidth;
    // At the selection's end: its right edge, or its left one in right-to-left text.
    var end = button.dir === "rtl" ? rect.left : rect.right;
    var left = Math.min(Math.max(8, end - width / 2), document.documentElement.clientWidth - width - 8);
    // Below the selection: a phone's own selection menu sits above it. The host sits at
    // the top left of whatever contains it, so place relative to where it really is
    // (through the CSSOM, which a CSP without 'unsafe-inline' allows).
    var gap = matchMedia("(pointer: coarse)").matches ? 30 : 10;
    var origin = host.getBoundingClientRect();
    button.style.left = Math.round(left - origin.left) + "px";
    button.style.top = Math.round(rect.bottom + gap - origin.top) + "px";
  }

  function later(delay) {
    clearTimeout(timer);
    timer = setTimeout(place, delay);
  }

  document.addEventListener(
    "keydown",
    function (event) {
      if (event.key !== "Control" && event.key !== "Meta") lastInput = "keyboard";
    },
    true
  );
  document.addEventListener(
    "pointerdown",
    function () {
      lastInput = "pointer";
    },
    true
  );
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.altKey || isOpen() || off()) return;
    var range = selectedRange();
    var root = range && rootOf(range);
    if (!root) return;
    event.preventDefault();
    open(range, root, document.activeElement);
  });
  document.addEventListener("selectionchange", function () {
    if (!selectedRange()) hide();
    else later(120);
  });
  document.addEventListener("pointerup", function (event) {
    if (host && event.target === host) return;
    later(30);
  });
  window.addEventListener("resize", function () {
    if (button && !button.hidden) place();
  });

  // A link the site places: the dialog without a selection (unless there is one).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-factcheck-report-link]");
    if (!link || off() || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    var range = selectedRange();
    var root = (range && rootOf(range)) || null;
    if (!root) {
      range = null;
      var all = roots();
      var around = linkRoots.get(link) || link.closest("[data-factcheck-article]");
      root = all.filter(function (r) {
        return r.element === around;
      })[0] || all[0];
    }
    if (!root) return;
    event.preventDefault();
    open(range, root, link.shadowRoot ? link.shadowRoot.querySelector("button") : link);
  });

  /* With data-report-link on the script, a "Report an error" link after every article root,
     in a shadow root of its own (an element added after the root: the text is not touched). */
  var linkRoots = new WeakMap();
  function insertLinks() {
    if (!script.hasAttribute("data-report-link")) return;
    roots().forEach(function (root) {
      var next = root.element.nextElementSibling;
      if (next && linkRoots.get(next) === root.element) return;
      var holder = document.createElement("div");
      holder.setAttribute("data-factcheck-report-link", "");
      var inner = holder.attachShadow({ mode: "open" });
      inner.adoptedStyleSheets = [styles()];
      var wrapper = element("div", "fc");
      var link = element("button", "report-link", say("link", root.element));
      link.type = "button";
      wrapper.append(link);
      inner.append(wrapper);
      linkRoots.set(holder, root.element);
      root.element.after(holder);
    });
  }

  /* Single-page apps: a new page forgets the last one's draft and button. */
  var canonical = null;
  function refresh() {
    hide();
    if (widget) widget.reset();
    insertLinks();
    var link = document.querySelector('link[rel~="canonical"][href]');
    canonical = link && link.href;
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var result = original.apply(this, arguments);
      refresh();
      return result;
    };
  });
  window.addEventListener("popstate", refresh);
  new MutationObserver(function () {
    var link = document.querySelector('link[rel~="canonical"][href]');
    if ((link && link.href) !== canonical) refresh();
  }).observe(document.head || document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["href", "rel"],
  });
  refresh();
  // Factcheck's own page: nothing to spare, and the page's hooks (report-ready) now.
  if (home) load().catch(function () {});

  window.Factcheck = {
    refresh: refresh,
    // What the widget would report from now (for a site's own checks and the tests).
    articles: function () {
      return roots().map(function (root) {
        return root.article;
      });
    },
  };
})();
