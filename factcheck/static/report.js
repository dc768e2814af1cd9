// Entry module of the reader report widget on Factcheck's own article pages.

/* Select text in an article, press Ctrl+Enter (or tap the floating button, or follow the
   "Report an error" link) and send a correction. Loaded as <script type="module"> with
   no build step; the parts live in ./report/ (text.js is pure and reused by the embed
   widget). The field limits come from the server through the dialog's data attributes. */

import { createReportDialog } from "./report/dialog.js";
import { createFloatButton } from "./report/float.js";
import { adaptHints } from "./report/hint.js";
import { limitsFrom } from "./report/limits.js";
import { createNotice } from "./report/notice.js";
import { anchorOf, blocksOf, rangeOf } from "./report/selection.js";
import { canonicalOf, codePointOffset } from "./report/text.js";

const story = document.querySelector("article.story[data-slug]");
const dialogElement = document.getElementById("report-dialog");
const limits = dialogElement ? limitsFrom(dialogElement.dataset) : null;

// For tests/browser and the console: the very functions the widget uses.
window.factcheckReport = {
  limits,
  codePointOffset,
  canonicalOf,
  blocksOf,
  anchorOf: (range, root) => anchorOf(range, root || story, limits),
};

function selectionAnchor() {
  return anchorOf(rangeOf(window.getSelection()), story, limits);
}

function start() {
  if (!story || !dialogElement || typeof dialogElement.showModal !== "function") return;
  if (!limits) {
    // Guessing would contradict the server; the "Report an error" link still leads to
    // the plain form page.
    console.error("Factcheck: the report dialog carries no limits (data-max-quote …); widget not started.");
    return;
  }
  const tooLong = "Please select a shorter passage — at most " + limits.quote + " characters — and try again.";

  let floating = null;
  const dialog = createReportDialog({
    dialog: dialogElement,
    story,
    limits,
    textLength: () => canonicalOf(blocksOf(story)).length,
    onOpen: () => floating.hide(),
  });
  const notify = createNotice(document);

  function openForSelection(opener) {
    const anchor = selectionAnchor();
    if (!anchor) return false;
    if (anchor.error === "too-long") {
      notify(tooLong);
      return true;
    }
    dialog.open(anchor, opener);
    return true;
  }

  // Ctrl+Enter, and ⌘+Enter on a Mac.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.altKey) return;
    if (dialog.isOpen()) return;
    if (openForSelection()) event.preventDefault();
  });

  floating = createFloatButton(document, {
    selectedRange: () => rangeOf(window.getSelection()),
    anchorFor: (range) => anchorOf(range, story, limits),
    suppressed: () => dialog.isOpen(),
    onChoose: (anchor, opener) => {
      if (anchor.error === "too-long") {
        floating.hide();
        notify(tooLong);
        return;
      }
      dialog.open(anchor, opener);
    },
  });

  // The "Report an error" link: the dialog without a selection (unless there is one).
  document.querySelectorAll("a.report-link").forEach((link) => {
    link.addEventListener("click", (event) => {
      // Modified clicks keep the link's own behaviour: the plain form, in a new tab maybe.
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      let anchor = selectionAnchor();
      if (anchor && anchor.error) anchor = null;
      dialog.open(anchor, link);
    });
  });

  adaptHints(document);
  document.documentElement.classList.add("report-ready");
}

start();
