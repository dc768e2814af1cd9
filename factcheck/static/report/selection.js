// DOM selections to canonical code-point offsets, through each text block's data-start.

import { anchorIn, canonicalOf, codePointLength, codePointOffset } from "./text.js";

/* The text blocks under `root`: elements carrying `attribute` (their start offset in the
   canonical text, in code points), in document order, as {element, text, start, end}. */
export function blocksOf(root, attribute = "data-start") {
  const blocks = [];
  root.querySelectorAll("[" + attribute + "]").forEach((element) => {
    const start = parseInt(element.getAttribute(attribute), 10);
    if (isNaN(start) || start < 0) return;
    const text = element.textContent;
    blocks.push({ element, text, start, end: start + codePointLength(text) });
  });
  return blocks;
}

/* Where a DOM point falls among the blocks: a canonical offset, clamped to the nearest
   block boundary when it lies outside every block. `side` is "start" or "end" and decides
   which way to clamp. Returns null when nothing is left on that side. */
export function offsetOfPoint(blocks, node, offset, side) {
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    // The block's own document, not the global one: the root may live in another frame.
    const range = block.element.ownerDocument.createRange();
    range.selectNodeContents(block.element);
    const position = range.comparePoint(node, offset);
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

/* A report anchor {quote, prefix, suffix, start, end} for DOM `range` within `root`
   (with `error: "too-long"` past limits.quote), or null when the range is not a usable
   selection there. `limits` is {quote, context} as limitsFrom() reads them. */
export function anchorOf(range, root, limits) {
  if (!range || range.collapsed || !root || !range.intersectsNode(root)) return null;
  const blocks = blocksOf(root);
  if (!blocks.length) return null;
  const start = offsetOfPoint(blocks, range.startContainer, range.startOffset, "start");
  const end = offsetOfPoint(blocks, range.endContainer, range.endOffset, "end");
  if (start === null || end === null || end <= start) return null;
  return anchorIn(canonicalOf(blocks), start, end, limits);
}

/* The first range of a Selection, or null when nothing is selected. */
export function rangeOf(selection) {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  return selection.getRangeAt(0);
}
