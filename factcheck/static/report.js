/* Factcheck reader reports: select text in an article, press Ctrl+Enter (or tap the
   floating button, or follow the "Report an error" link) and send a correction.

   Offsets sent to the server are Unicode code points into the canonical text
   (headline + "\n\n" + paragraphs joined by "\n\n"); browser strings are UTF-16,
   so every offset is converted here. No framework, no innerHTML: page text is
   only ever inserted with textContent. */
(function () {
  "use strict";

  var MAX_QUOTE = 300; // code points, as the server validates (DESIGN.md)
  var CONTEXT = 32; // code points of prefix/suffix

  var story = document.querySelector("article.story[data-slug]");
  var dialog = document.getElementById("report-dialog");

  /* ---- pure helpers (also exposed for the browser tests) ---- */

  function codePoints(text) {
    return Array.from(text);
  }

  /* The code-point offset of UTF-16 offset `utf16` in `text`. */
  function codePointOffset(text, utf16) {
    return Array.from(text.slice(0, utf16)).length;
  }

  function isSpace(ch) {
    return /^\s$/u.test(ch);
  }

  /* ---- the article's blocks and canonical text ---- */

  function blocksOf(root) {
    var blocks = [];
    root.querySelectorAll("[data-start]").forEach(function (element) {
      var text = element.textContent;
      var start = parseInt(element.getAttribute("data-start"), 10);
      if (isNaN(start)) return;
      blocks.push({
        element: element,
        text: text,
        start: start,
        end: start + codePoints(text).length,
      });
    });
    return blocks;
  }

  /* Canonical text as an array of code points, laid out by each block's data-start. */
  function canonicalOf(blocks) {
    var chars = [];
    blocks.forEach(function (block, index) {
      if (index > 0) chars.push("\n", "\n");
      while (chars.length < block.start) chars.push("\n");
      chars.length = block.start;
      Array.prototype.push.apply(chars, codePoints(block.text));
    });
    return chars;
  }

  /* Where a DOM point falls among the blocks: a canonical offset, clamped to the
     nearest block boundary when it lies outside every block. `side` is "start" or
     "end" and decides which way to clamp. Returns null when nothing is left. */
  function offsetOfPoint(blocks, node, offset, side) {
    var i, block, range, position;
    for (i = 0; i < blocks.length; i++) {
      block = blocks[i];
      range = document.createRange();
      range.selectNodeContents(block.element);
      position = range.comparePoint(node, offset);
      if (position === 0) {
        range.setEnd(node, offset);
        return block.start + codePointOffset(block.text, range.toString().length);
      }
      if (position < 0) {
        // The point is before this block (and after the previous one).
        if (side === "start") return block.start;
        return i > 0 ? blocks[i - 1].end : null;
      }
    }
    // After every block.
    if (side === "end" && blocks.length) return blocks[blocks.length - 1].end;
    return null;
  }

  /* A report anchor {quote, prefix, suffix, start, end} for a DOM range, or an
     object with `error` when the range is not a usable selection in the article. */
  function anchorOf(range, root) {
    root = root || story;
    if (!range || range.collapsed || !root || !range.intersectsNode(root)) return null;
    var blocks = blocksOf(root);
    if (!blocks.length) return null;
    var start = offsetOfPoint(blocks, range.startContainer, range.startOffset, "start");
    var end = offsetOfPoint(blocks, range.endContainer, range.endOffset, "end");
    if (start === null || end === null || end <= start) return null;
    var chars = canonicalOf(blocks);
    while (start < end && isSpace(chars[start])) start++;
    while (end > start && isSpace(chars[end - 1])) end--;
    if (end <= start) return null;
    var anchor = {
      quote: chars.slice(start, end).join(""),
      prefix: chars.slice(Math.max(0, start - CONTEXT), start).join(""),
      suffix: chars.slice(end, end + CONTEXT).join(""),
      start: start,
      end: end,
    };
    if (end - start > MAX_QUOTE) anchor.error = "too-long";
    return anchor;
  }

  function currentRange() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    return selection.getRangeAt(0);
  }

  function selectionAnchor() {
    return anchorOf(currentRange(), story);
  }

  var api = { codePointOffset: codePointOffset, anchorOf: anchorOf, canonicalOf: canonicalOf, blocksOf: blocksOf };
  window.factcheckReport = api;

  if (!story || !dialog || typeof dialog.showModal !== "function") return;

  /* ---- the dialog ---- */

  var form = dialog.querySelector("form.report-form");
  var fields = {
    quote: form.elements.namedItem("quote"),
    suggestion: form.elements.namedItem("suggestion"),
    comment: form.elements.namedItem("comment"),
    kind: form.elements.namedItem("kind"),
    email: form.elements.namedItem("email"),
    website: form.elements.namedItem("website"),
  };
  var quoteField = dialog.querySelector('[data-field="quote"]');
  var context = dialog.querySelector('[data-role="context"]');
  var preview = dialog.querySelector('[data-role="quote-preview"]');
  var statusArea = dialog.querySelector('[data-role="status"]');
  var formPanel = dialog.querySelector('[data-panel="form"]');
  var donePanel = dialog.querySelector('[data-panel="done"]');
  var doneTitle = donePanel.querySelector(".report-done-title");
  var statusLink = dialog.querySelector('[data-role="status-link"]');
  var sendButton = form.querySelector('button[type="submit"]');
  var endpoint =
    dialog.getAttribute("data-endpoint") ||
    "/api/v1/articles/" + encodeURIComponent(story.getAttribute("data-slug")) + "/reports";

  var state = {
    anchor: null, // null when opened without a selection
    draftKey: null, // what the form's contents belong to, kept after an error or cancel
    returnFocus: null,
    savedRange: null,
    sent: false,
    sending: false,
    suggestionEdited: false,
  };

  function keyOf(anchor) {
    return anchor ? anchor.start + ":" + anchor.end + ":" + anchor.quote : "no-selection";
  }

  function setStatus(message, kind) {
    statusArea.textContent = message || "";
    statusArea.classList.toggle("is-error", kind === "error");
  }

  function clearErrors() {
    dialog.querySelectorAll("[data-error-for]").forEach(function (slot) {
      slot.textContent = "";
      slot.hidden = true;
    });
    Object.keys(fields).forEach(function (name) {
      var field = fields[name];
      if (!field) return;
      field.removeAttribute("aria-invalid");
      var slotId = "report-" + name + "-error";
      var described = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
        return id && id !== slotId;
      });
      if (described.length) field.setAttribute("aria-describedby", described.join(" "));
      else field.removeAttribute("aria-describedby");
    });
    setStatus("");
  }

  /* Show `message` next to field `name`; false when that field has no visible slot. */
  function showFieldError(name, message) {
    var field = fields[name];
    var slot = dialog.querySelector('[data-error-for="' + name + '"]');
    if (!field || !slot || (name === "quote" && quoteField.hidden)) return false;
    slot.textContent = message;
    slot.hidden = false;
    field.setAttribute("aria-invalid", "true");
    var described = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (described.indexOf(slot.id) < 0) described.push(slot.id);
    field.setAttribute("aria-describedby", described.join(" "));
    return true;
  }

  function renderPreview(anchor) {
    while (preview.firstChild) preview.removeChild(preview.firstChild);
    if (!anchor) return;
    var before = anchor.start > CONTEXT ? "…" + anchor.prefix : anchor.prefix;
    var after = anchor.suffix;
    var total = canonicalOf(blocksOf(story)).length;
    if (anchor.end + CONTEXT < total) after += "…";
    preview.appendChild(document.createTextNode(before));
    var mark = document.createElement("mark");
    mark.className = "report-mark";
    mark.textContent = anchor.quote;
    preview.appendChild(mark);
    preview.appendChild(document.createTextNode(after));
  }

  function resetForm(anchor) {
    form.reset();
    state.suggestionEdited = false;
    fields.suggestion.value = anchor ? anchor.quote : "";
  }

  function showPanel(done) {
    formPanel.hidden = done;
    donePanel.hidden = !done;
  }

  function open(anchor, opener) {
    if (dialog.open) return;
    state.returnFocus = opener || document.activeElement;
    state.savedRange = anchor ? currentRange() : null;
    if (state.savedRange) state.savedRange = state.savedRange.cloneRange();
    var key = keyOf(anchor);
    if (state.sent || state.draftKey !== key) resetForm(anchor);
    state.anchor = anchor;
    state.draftKey = key;
    state.sent = false;
    clearErrors();
    showPanel(false);
    context.hidden = !anchor;
    quoteField.hidden = !!anchor;
    renderPreview(anchor);
    hideFloat();
    dialog.showModal();
    var first = anchor ? fields.suggestion : fields.quote;
    first.focus();
    if (first.setSelectionRange) first.setSelectionRange(first.value.length, first.value.length);
  }

  function close() {
    if (dialog.open) dialog.close();
  }

  dialog.addEventListener("close", function () {
    var target = state.returnFocus;
    state.returnFocus = null;
    if (!state.sent && state.savedRange) {
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(state.savedRange);
    }
    if (target && target !== document.body && target.isConnected && !target.closest("[hidden]")) {
      target.focus();
    }
  });

  dialog.addEventListener("click", function (event) {
    var action = event.target.closest("[data-action]");
    if (action && action.getAttribute("data-action") === "close") close();
  });

  // A modal dialog makes the page inert; this also keeps Tab cycling inside it
  // instead of escaping to the browser's own toolbar.
  dialog.addEventListener("keydown", function (event) {
    if (event.key !== "Tab") return;
    var focusable = Array.prototype.filter.call(
      dialog.querySelectorAll("a[href], button, input, select, textarea"),
      function (element) {
        return !element.disabled && element.tabIndex >= 0 && element.getClientRects().length > 0;
      }
    );
    if (!focusable.length) return;
    var first = focusable[0];
    var last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });

  fields.suggestion.addEventListener("input", function () {
    state.suggestionEdited = true;
  });
  // Without a selection, the correction starts as a copy of the pasted wrong words.
  fields.quote.addEventListener("input", function () {
    if (!state.suggestionEdited) fields.suggestion.value = fields.quote.value;
  });

  function payload() {
    var anchor = state.anchor;
    var body = {
      revision: parseInt(story.getAttribute("data-revision") || dialog.getAttribute("data-revision"), 10),
      quote: anchor ? anchor.quote : fields.quote.value.trim(),
      prefix: anchor ? anchor.prefix : "",
      suffix: anchor ? anchor.suffix : "",
      start: anchor ? anchor.start : null,
      end: anchor ? anchor.end : null,
      suggestion: fields.suggestion.value,
      comment: fields.comment.value,
      kind: fields.kind.value,
    };
    if (fields.email.value.trim()) body.email = fields.email.value.trim();
    if (fields.website.value) body.website = fields.website.value;
    return body;
  }

  function retryText(response) {
    var seconds = parseInt(response.headers.get("Retry-After") || "", 10);
    if (isNaN(seconds)) return "Please try again later.";
    if (seconds < 90) return "Please try again in " + seconds + " second" + (seconds === 1 ? "" : "s") + ".";
    return "Please try again in " + Math.ceil(seconds / 60) + " minutes.";
  }

  function showServerError(response, data) {
    var error = (data && data.error) || {};
    var loose = [];
    var firstInvalid = null;
    var fieldErrors = error.fields || {};
    Object.keys(fieldErrors).forEach(function (name) {
      if (showFieldError(name, fieldErrors[name])) {
        if (!firstInvalid) firstInvalid = fields[name];
      } else {
        loose.push(fieldErrors[name]);
      }
    });
    var message;
    if (response.status === 429) {
      message = "You have sent many reports in a short time. " + retryText(response);
    } else if (response.status === 413) {
      message = "The report is too long. Please shorten the correction or the comment.";
    } else if (response.status >= 500) {
      message = "Something went wrong on our side. Your text is still here; please try again later.";
    } else {
      message = error.message || "The report could not be sent.";
    }
    if (loose.length) message += " " + loose.join(" ");
    setStatus(message, "error");
    if (firstInvalid) firstInvalid.focus();
  }

  function showSent(data) {
    state.sent = true;
    state.draftKey = null;
    var url = data.status_url ? new URL(data.status_url, window.location.href).href : null;
    if (url) {
      statusLink.href = url;
      statusLink.parentNode.hidden = false;
    } else {
      statusLink.parentNode.hidden = true;
    }
    showPanel(true);
    doneTitle.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (state.sending) return;
    clearErrors();
    var body = payload();
    if (!body.quote) {
      showFieldError("quote", "Copy or type the words that are wrong.");
      fields.quote.focus();
      return;
    }
    if (codePoints(body.quote).length > MAX_QUOTE) {
      if (!showFieldError("quote", "Please quote at most " + MAX_QUOTE + " characters.")) {
        setStatus("Please select a shorter passage (at most " + MAX_QUOTE + " characters).", "error");
      }
      return;
    }
    state.sending = true;
    sendButton.disabled = true;
    form.setAttribute("aria-busy", "true");
    setStatus("Sending…");
    fetch(endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return null;
          })
          .then(function (data) {
            if (response.ok && data) {
              setStatus("");
              showSent(data);
            } else {
              showServerError(response, data);
            }
          });
      })
      .catch(function () {
        setStatus("Could not reach the server. Your text is still here; check your connection and try again.", "error");
      })
      .then(function () {
        state.sending = false;
        sendButton.disabled = false;
        form.removeAttribute("aria-busy");
      });
  });

  /* ---- a short notice outside the dialog (e.g. "select less text") ---- */

  var toast = document.createElement("p");
  toast.className = "report-toast";
  toast.setAttribute("role", "status");
  toast.hidden = true;
  document.body.appendChild(toast);
  var toastTimer = null;

  function notify(message) {
    toast.textContent = message;
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () {
      toast.hidden = true;
    }, 6000);
  }

  function openForSelection(opener) {
    var anchor = selectionAnchor();
    if (!anchor) return false;
    if (anchor.error === "too-long") {
      notify("Please select a shorter passage — at most " + MAX_QUOTE + " characters — and try again.");
      return true;
    }
    open(anchor, opener);
    return true;
  }

  /* ---- Ctrl+Enter / Cmd+Enter ---- */

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.altKey) return;
    if (dialog.open) return;
    if (openForSelection()) event.preventDefault();
  });

  /* ---- the floating "Report error" button ---- */

  var lastInput = "pointer";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Control" && event.key !== "Meta") lastInput = "keyboard";
  }, true);
  document.addEventListener("pointerdown", function () {
    lastInput = "pointer";
  }, true);

  var coarse = window.matchMedia("(pointer: coarse)");
  var floatButton = document.createElement("button");
  floatButton.type = "button";
  floatButton.className = "report-float";
  floatButton.textContent = "Report error";
  floatButton.hidden = true;
  document.body.appendChild(floatButton);
  var floatAnchor = null;

  function hideFloat() {
    floatButton.hidden = true;
    floatAnchor = null;
  }

  function placeFloat() {
    var range = currentRange();
    var anchor = range ? anchorOf(range, story) : null;
    if (!anchor || dialog.open || lastInput === "keyboard") {
      hideFloat();
      return;
    }
    floatAnchor = anchor;
    var rects = range.getClientRects();
    var rect = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
    floatButton.hidden = false;
    var width = floatButton.offsetWidth;
    var viewport = document.documentElement.clientWidth;
    var left = Math.min(Math.max(8, rect.right - width / 2), viewport - width - 8);
    // Below the selection: on phones the system's own selection menu sits above it,
    // and the selection handles hang just below, so leave them room.
    var gap = coarse.matches ? 30 : 10;
    floatButton.style.left = Math.round(left + window.scrollX) + "px";
    floatButton.style.top = Math.round(rect.bottom + window.scrollY + gap) + "px";
  }

  var placeTimer = null;
  document.addEventListener("selectionchange", function () {
    if (window.getSelection().isCollapsed) {
      hideFloat();
      return;
    }
    clearTimeout(placeTimer);
    placeTimer = setTimeout(placeFloat, 120);
  });
  document.addEventListener("pointerup", function (event) {
    if (event.target === floatButton) return;
    clearTimeout(placeTimer);
    placeTimer = setTimeout(placeFloat, 30);
  });
  window.addEventListener("resize", function () {
    if (!floatButton.hidden) placeFloat();
  });

  // Keep the selection (and the page's focus) when the button is pressed.
  floatButton.addEventListener("mousedown", function (event) {
    event.preventDefault();
  });
  floatButton.addEventListener("click", function () {
    var anchor = selectionAnchor() || floatAnchor;
    if (!anchor) return;
    if (anchor.error === "too-long") {
      hideFloat();
      notify("Please select a shorter passage — at most " + MAX_QUOTE + " characters — and try again.");
      return;
    }
    open(anchor, document.activeElement === floatButton ? null : document.activeElement);
  });

  /* ---- the "Report an error" link: a dialog without a selection ---- */

  document.querySelectorAll("a.report-link").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      var anchor = selectionAnchor();
      if (anchor && anchor.error) anchor = null;
      open(anchor, link);
    });
  });

  /* ---- the hint under the article: say ⌘ on a Mac, and "tap" on a touch screen ---- */

  if (window.matchMedia("(hover: none) and (pointer: coarse)").matches) {
    document.querySelectorAll(".report-hint").forEach(function (hint) {
      hint.textContent =
        "If you notice an error, select the text and tap “Report error” to report it to the editors.";
    });
  }

  var platform = (navigator.userAgentData && navigator.userAgentData.platform) || navigator.platform || "";
  if (/mac|iphone|ipad/i.test(platform)) {
    document.querySelectorAll(".report-hint kbd").forEach(function (key) {
      if (/^ctrl$/i.test(key.textContent.trim())) key.textContent = "⌘";
    });
    document.querySelectorAll(".report-hint").forEach(function (hint) {
      var walker = document.createTreeWalker(hint, NodeFilter.SHOW_TEXT);
      var node;
      while ((node = walker.nextNode())) {
        if (node.parentNode.nodeName !== "KBD") node.nodeValue = node.nodeValue.replace(/\bCtrl\b/g, "⌘");
      }
    });
  }
  document.documentElement.classList.add("report-ready");
})();
