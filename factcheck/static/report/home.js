// embed.js on Factcheck's own article pages: the server-rendered dialog, canonical offsets.

/* Imported by embed.js as soon as an own page loads (there is no third party to spare a
   request). The article carries every block's canonical start offset (data-start), so a
   selection maps straight to canonical code points (selection.js); the dialog is the one
   templates/public/_report_dialog.html renders, with the server's limits and, without
   script, the plain form behind its link. */

import { createReportDialog } from "./dialog.js";
import { adaptHints } from "./hint.js";
import { limitsFrom } from "./limits.js";
import { anchorOf, blocksOf } from "./selection.js";
import { canonicalOf, codePointOffset } from "./text.js";

/* {open(range, root, opener), isOpen(), reset()} for embed.js, or null when the page has no
   article and dialog to report on, or the dialog carries no limits. */
export function createHome({ notify }) {
  const doc = document;
  const story = doc.querySelector("article.story[data-slug]");
  const dialogElement = doc.getElementById("report-dialog");
  const limits = dialogElement ? limitsFrom(dialogElement.dataset) : null;

  // For tests/browser and the console: the very functions the widget uses.
  window.factcheckReport = {
    limits,
    codePointOffset,
    canonicalOf,
    blocksOf,
    anchorOf: (range, root) => anchorOf(range, root || story, limits),
  };

  if (!story || !dialogElement || typeof dialogElement.showModal !== "function") return null;
  if (!limits) {
    // Guessing would contradict the server; the "Report an error" link still leads to
    // the plain form page.
    console.error("Factcheck: the report dialog carries no limits (data-max-quote …); widget not started.");
    return null;
  }
  // The dialog's words in the page's language, rendered in by the server (README: Languages).
  let strings = {};
  try {
    strings = JSON.parse(dialogElement.dataset.strings || "{}");
  } catch {
    // English keys it is.
  }
  const dialog = createReportDialog({
    dialog: dialogElement,
    story,
    limits,
    strings,
    textLength: () => canonicalOf(blocksOf(story)).length,
  });
  adaptHints(doc, strings.tap);
  doc.documentElement.classList.add("report-ready");

  function open(range, root, opener) {
    let anchor = null;
    if (range) {
      anchor = anchorOf(range, story, limits);
      if (!anchor) return;
      if (anchor.error === "too-long") {
        notify(String(strings.shorterNotice).replace("{n}", limits.quote));
        return;
      }
    }
    dialog.open(anchor, opener);
  }

  return { open, isOpen: dialog.isOpen, reset: dialog.reset };
}
