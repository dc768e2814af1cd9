// The floating "Report error" button beside a mouse or touch selection.

/* Keyboard users get no button: they already have Ctrl+Enter, and a button appearing
   under the caret would only be in the way. Options:
     selectedRange()   the page's current Range, or null
     anchorFor(range)  the report anchor for that range, or null when it is not usable
     suppressed()      true while the button must stay hidden (the dialog is open)
     onChoose(anchor, opener)  the reader pressed the button
   Returns {hide()}. */
export function createFloatButton(doc, { selectedRange, anchorFor, suppressed, onChoose }) {
  const view = doc.defaultView;
  let lastInput = "pointer";
  doc.addEventListener(
    "keydown",
    (event) => {
      if (event.key !== "Control" && event.key !== "Meta") lastInput = "keyboard";
    },
    true
  );
  doc.addEventListener(
    "pointerdown",
    () => {
      lastInput = "pointer";
    },
    true
  );

  const coarse = view.matchMedia("(pointer: coarse)");
  const button = doc.createElement("button");
  button.type = "button";
  button.className = "report-float";
  button.textContent = "Report error";
  button.hidden = true;
  doc.body.appendChild(button);
  // The anchor the button was placed for, in case the selection is gone by the click.
  let placedAnchor = null;

  function hide() {
    button.hidden = true;
    placedAnchor = null;
  }

  function place() {
    const range = selectedRange();
    const anchor = range ? anchorFor(range) : null;
    if (!anchor || suppressed() || lastInput === "keyboard") {
      hide();
      return;
    }
    placedAnchor = anchor;
    const rects = range.getClientRects();
    const rect = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
    button.hidden = false;
    const width = button.offsetWidth;
    const viewport = doc.documentElement.clientWidth;
    const left = Math.min(Math.max(8, rect.right - width / 2), viewport - width - 8);
    // Below the selection: on phones the system's own selection menu sits above it,
    // and the selection handles hang just below, so leave them room.
    const gap = coarse.matches ? 30 : 10;
    button.style.left = Math.round(left + view.scrollX) + "px";
    button.style.top = Math.round(rect.bottom + view.scrollY + gap) + "px";
  }

  // Selections change many times a second while dragging: place once things settle.
  let timer = null;
  doc.addEventListener("selectionchange", () => {
    if (view.getSelection().isCollapsed) {
      hide();
      return;
    }
    view.clearTimeout(timer);
    timer = view.setTimeout(place, 120);
  });
  doc.addEventListener("pointerup", (event) => {
    if (event.target === button) return;
    view.clearTimeout(timer);
    timer = view.setTimeout(place, 30);
  });
  view.addEventListener("resize", () => {
    if (!button.hidden) place();
  });

  // Keep the selection (and the page's focus) when the button is pressed.
  button.addEventListener("mousedown", (event) => {
    event.preventDefault();
  });
  button.addEventListener("click", () => {
    const range = selectedRange();
    const anchor = (range && anchorFor(range)) || placedAnchor;
    if (!anchor) return;
    onChoose(anchor, doc.activeElement === button ? null : doc.activeElement);
  });

  return { hide };
}
