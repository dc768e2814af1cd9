// The report dialog: opens on an anchor (or none), keeps the draft, sends it, shows errors.

/* Works on the server-rendered <dialog id="report-dialog"> (templates/public/
   _report_dialog.html). Page text reaches the DOM only through textContent. */

import { contextOf, typedQuote } from "./text.js";

function retryText(response, t) {
  const seconds = parseInt(response.headers.get("Retry-After") || "", 10);
  if (isNaN(seconds)) return t("later");
  return seconds < 90 ? t("seconds", seconds) : t("minutes", Math.ceil(seconds / 60));
}

/* Ctrl+Enter (⌘+Enter on a Mac) sends from any field, the comment box and the kind menu
   included; Alt and Shift combinations and a key pressed while composing (an IME) do not. */
export function isSendKey(event) {
  return event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && !event.isComposing;
}

function keyOf(anchor) {
  return anchor ? anchor.start + ":" + anchor.end + ":" + anchor.quote : "no-selection";
}

/* Wires up `dialog` for the article `story`. `limits` come from limitsFrom(); `onOpen`
   runs as the dialog opens (the page hides its floating button then); `textLength()` is
   the length in code points of the text the anchors count in. The embed widget
   (report/embed-dialog.js) passes the rest: `endpoint`, `base` (what status links are
   relative to), `extra()` (fields added to every report) and `explainFailure()` (a
   message when the server cannot be reached). `strings` are its words in the page's
   language (GET /embed/strings/<lang>.json; data-strings on an own page). The dialog may
   live in a shadow root.
   Returns {open(anchor, opener), close(), reset(), isOpen()}. */
export function createReportDialog({
  dialog,
  story,
  limits,
  strings = {},
  onOpen = () => {},
  endpoint: givenEndpoint = null,
  base = null,
  textLength,
  extra = null,
  explainFailure = null,
}) {
  const doc = dialog.ownerDocument;
  const t = (key, n) => String(strings[key] || key).replace("{n}", n);
  const lang = (dialog.closest("[lang]") || doc.documentElement).lang || "en";
  const view = doc.defaultView;
  // The document, or the shadow root the dialog lives in: where focus is to be read.
  const root = dialog.getRootNode();
  const form = dialog.querySelector("form.report-form");
  const fields = {
    quote: form.elements.namedItem("quote"),
    suggestion: form.elements.namedItem("suggestion"),
    comment: form.elements.namedItem("comment"),
    kind: form.elements.namedItem("kind"),
    email: form.elements.namedItem("email"),
    website: form.elements.namedItem("website"),
  };
  const quoteField = dialog.querySelector('[data-field="quote"]');
  const context = dialog.querySelector('[data-role="context"]');
  const preview = dialog.querySelector('[data-role="quote-preview"]');
  const statusArea = dialog.querySelector('[data-role="status"]');
  const formPanel = dialog.querySelector('[data-panel="form"]');
  const donePanel = dialog.querySelector('[data-panel="done"]');
  const doneTitle = donePanel.querySelector(".report-done-title");
  const statusLink = dialog.querySelector('[data-role="status-link"]');
  const sendButton = form.querySelector('button[type="submit"]');
  const endpoint =
    givenEndpoint ||
    dialog.getAttribute("data-endpoint") ||
    "/api/v1/articles/" + encodeURIComponent(story.getAttribute("data-slug")) + "/reports";

  const state = {
    anchor: null, // null when opened without a selection
    draftKey: null, // what the form's contents belong to, kept after an error or cancel
    returnFocus: null,
    savedRange: null,
    sent: false,
    sending: false,
    suggestionEdited: false,
  };

  function setStatus(message, kind) {
    statusArea.textContent = message || "";
    statusArea.classList.toggle("is-error", kind === "error");
  }

  function clearErrors() {
    dialog.querySelectorAll("[data-error-for]").forEach((slot) => {
      slot.textContent = "";
      slot.hidden = true;
    });
    Object.keys(fields).forEach((name) => {
      const field = fields[name];
      if (!field) return;
      field.removeAttribute("aria-invalid");
      const slotId = "report-" + name + "-error";
      const described = (field.getAttribute("aria-describedby") || "")
        .split(/\s+/)
        .filter((id) => id && id !== slotId);
      if (described.length) field.setAttribute("aria-describedby", described.join(" "));
      else field.removeAttribute("aria-describedby");
    });
    setStatus("");
  }

  /* Show `message` next to field `name`; false when that field has no visible slot. */
  function showFieldError(name, message) {
    const field = fields[name];
    const slot = dialog.querySelector('[data-error-for="' + name + '"]');
    if (!field || !slot || (name === "quote" && quoteField.hidden)) return false;
    slot.textContent = message;
    slot.hidden = false;
    field.setAttribute("aria-invalid", "true");
    const described = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (described.indexOf(slot.id) < 0) described.push(slot.id);
    field.setAttribute("aria-describedby", described.join(" "));
    return true;
  }

  function renderPreview(anchor) {
    preview.replaceChildren();
    if (!anchor) return;
    const total = textLength();
    const parts = contextOf(anchor, total, limits.context);
    const mark = doc.createElement("mark");
    mark.className = "report-mark";
    mark.textContent = parts.quote;
    preview.append(doc.createTextNode(parts.before), mark, doc.createTextNode(parts.after));
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

  function currentRange() {
    const selection = view.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    return selection.getRangeAt(0);
  }

  function open(anchor, opener) {
    if (dialog.open) return;
    state.returnFocus = opener || root.activeElement || doc.activeElement;
    const range = anchor ? currentRange() : null;
    state.savedRange = range ? range.cloneRange() : null;
    const key = keyOf(anchor);
    if (state.sent || state.draftKey !== key) resetForm(anchor);
    state.anchor = anchor;
    state.draftKey = key;
    state.sent = false;
    clearErrors();
    showPanel(false);
    context.hidden = !anchor;
    quoteField.hidden = !!anchor;
    renderPreview(anchor);
    onOpen();
    dialog.showModal();
    const first = anchor ? fields.suggestion : fields.quote;
    first.focus();
    if (first.setSelectionRange) first.setSelectionRange(first.value.length, first.value.length);
  }

  function close() {
    if (dialog.open) dialog.close();
  }

  dialog.addEventListener("close", () => {
    const target = state.returnFocus;
    state.returnFocus = null;
    // Cancelling gives the reader their selection back; after sending it is done with.
    if (!state.sent && state.savedRange) {
      const selection = view.getSelection();
      selection.removeAllRanges();
      selection.addRange(state.savedRange);
    }
    if (target && target !== doc.body && target.isConnected && !target.closest("[hidden]")) {
      target.focus();
    }
  });

  dialog.addEventListener("click", (event) => {
    const action = event.target.closest("[data-action]");
    if (action && action.getAttribute("data-action") === "close") close();
  });

  // A modal dialog makes the page inert; this also keeps Tab cycling inside it
  // instead of escaping to the browser's own toolbar.
  dialog.addEventListener("keydown", (event) => {
    if (isSendKey(event)) {
      if (!formPanel.hidden && form.contains(event.target)) {
        event.preventDefault();
        form.requestSubmit(sendButton);
      }
      return;
    }
    if (event.key !== "Tab") return;
    const focusable = Array.from(dialog.querySelectorAll("a[href], button, input, select, textarea")).filter(
      (element) => !element.disabled && element.tabIndex >= 0 && element.getClientRects().length > 0
    );
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && root.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && root.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });

  fields.suggestion.addEventListener("input", () => {
    state.suggestionEdited = true;
  });
  // Without a selection, the correction starts as a copy of the pasted wrong words.
  fields.quote.addEventListener("input", () => {
    if (!state.suggestionEdited) fields.suggestion.value = fields.quote.value;
  });

  function payload(quote) {
    const anchor = state.anchor;
    const revision = parseInt((story && story.getAttribute("data-revision")) || dialog.getAttribute("data-revision"), 10);
    const body = {
      quote,
      prefix: anchor ? anchor.prefix : "",
      suffix: anchor ? anchor.suffix : "",
      start: anchor ? anchor.start : null,
      end: anchor ? anchor.end : null,
      suggestion: fields.suggestion.value,
      comment: fields.comment.value,
      kind: fields.kind.value,
    };
    if (!isNaN(revision)) body.revision = revision;
    if (fields.email.value.trim()) body.email = fields.email.value.trim();
    if (fields.website.value) body.website = fields.website.value;
    return extra ? Object.assign(body, extra()) : body;
  }

  function showServerError(response, data) {
    const error = (data && data.error) || {};
    const loose = [];
    let firstInvalid = null;
    const fieldErrors = error.fields || {};
    Object.keys(fieldErrors).forEach((name) => {
      if (showFieldError(name, fieldErrors[name])) {
        if (!firstInvalid) firstInvalid = fields[name];
      } else {
        loose.push(fieldErrors[name]);
      }
    });
    let message;
    if (response.status === 429) {
      message = t("many") + " " + retryText(response, t);
    } else if (response.status === 413) {
      message = t("tooLarge");
    } else if (response.status >= 500) {
      message = t("server");
    } else {
      message = error.message || t("notSent");
    }
    if (loose.length) message += " " + loose.join(" ");
    setStatus(message, "error");
    if (firstInvalid) firstInvalid.focus();
  }

  function showSent(data) {
    state.sent = true;
    state.draftKey = null;
    const url = data.status_url ? new URL(data.status_url, base || view.location.href).href : null;
    // A reader who reports an error somebody already reported hears about it too.
    const repeat = donePanel.querySelector('[data-role="repeat"]');
    if (repeat) repeat.hidden = !data.repeat;
    if (url) {
      statusLink.href = url;
      statusLink.parentNode.hidden = false;
    } else {
      statusLink.parentNode.hidden = true;
    }
    showPanel(true);
    doneTitle.focus();
  }

  async function send(body) {
    state.sending = true;
    sendButton.disabled = true;
    form.setAttribute("aria-busy", "true");
    setStatus(t("sending"));
    try {
      const response = await view.fetch(endpoint, {
        method: "POST",
        credentials: "same-origin",
        // The server's messages in the dialog's language (README: Languages).
        headers: { "Content-Type": "application/json", Accept: "application/json", "Accept-Language": lang },
        body: JSON.stringify(body),
      });
      const data = await response.json().catch(() => null);
      if (response.ok && data) {
        setStatus("");
        showSent(data);
      } else {
        showServerError(response, data);
      }
    } catch {
      const message = explainFailure && (await explainFailure());
      setStatus(
        message || t("offline"),
        "error"
      );
    } finally {
      state.sending = false;
      sendButton.disabled = false;
      form.removeAttribute("aria-busy");
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (state.sending) return;
    clearErrors();
    const typed = typedQuote(state.anchor ? state.anchor.quote : fields.quote.value, limits.quote);
    if (typed.error === "missing") {
      showFieldError("quote", t("missing"));
      fields.quote.focus();
      return;
    }
    if (typed.error === "too-long") {
      if (!showFieldError("quote", t("quoteMax", limits.quote))) {
        setStatus(t("shorter", limits.quote), "error");
      }
      return;
    }
    send(payload(typed.quote));
  });

  /* Close, and forget the draft (a single-page app moved on to another article). */
  function reset() {
    close();
    state.draftKey = null;
  }

  return { open, close, reset, isOpen: () => dialog.open };
}
