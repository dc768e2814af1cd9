// The hint under the article, worded for the reader's device: ⌘ on a Mac, "tap" on touch.

/* Rewrites every .report-hint in `doc` in place (text nodes only, never markup); `tap` is
   the touch wording in the page's language. */
export function adaptHints(doc, tap) {
  const view = doc.defaultView;
  if (view.matchMedia("(hover: none) and (pointer: coarse)").matches) {
    doc.querySelectorAll(".report-hint").forEach((hint) => {
      hint.textContent = tap;
    });
  }

  const navigator = view.navigator;
  const platform = (navigator.userAgentData && navigator.userAgentData.platform) || navigator.platform || "";
  if (!/mac|iphone|ipad/i.test(platform)) return;
  doc.querySelectorAll(".report-hint kbd").forEach((key) => {
    if (/^ctrl$/i.test(key.textContent.trim())) key.textContent = "⌘";
  });
  doc.querySelectorAll(".report-hint").forEach((hint) => {
    const walker = doc.createTreeWalker(hint, view.NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      if (node.parentNode.nodeName !== "KBD") node.nodeValue = node.nodeValue.replace(/\bCtrl\b/g, "⌘");
    }
  });
}
