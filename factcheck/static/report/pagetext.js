// STAND-IN by the embed-widget branch: a minimal page-text walker with the contract's
// interface (pageText, locate, fold), to be replaced by embed-text's pagetext.js on merge.

const SKIP = /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|IFRAME|SVG|BUTTON|INPUT|SELECT|TEXTAREA|FIGURE|FIGCAPTION|ASIDE)$/;
const BOXES = /(^|[\s_-])(ad|ads|advert|advertisement|related|read-also|share|newsletter)($|[\s_-])/i;
const BLOCK = /^(P|H[1-6]|LI|BLOCKQUOTE|PRE|TD|TH|DIV|ARTICLE|SECTION|HEADER|FOOTER|MAIN|UL|OL|TABLE|TR|DL|DT|DD)$/;

function skipped(element, skip) {
  return (
    SKIP.test(element.nodeName.toUpperCase()) ||
    element.hidden ||
    element.getAttribute("aria-hidden") === "true" ||
    BOXES.test((element.getAttribute("class") || "") + " " + (element.id || "")) ||
    (skip && skip(element))
  );
}

export function fold(text) {
  return text
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/\u2026/g, "...")
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, "")
    .replace(/\s+/g, " ")
    .normalize("NFC");
}

/* The page text under `root`: blocks joined by "\n\n", white space folded to one space.
   `chars` maps each code point of `text` to the DOM point {node, offset} it came from. */
export function pageText(root, { skip } = {}) {
  const chars = [];
  const blocks = [];
  let block = null;
  let space = false;
  function breakBlock() {
    if (block && block.text) blocks.push(block);
    block = null;
    space = false;
  }
  function push(ch, node, offset) {
    if (/\s/.test(ch)) {
      space = !!block;
      return;
    }
    if (!block) {
      if (blocks.length) for (let i = 0; i < 2; i++) chars.push({ ch: "\n", node, offset });
      block = { text: "", start: chars.length };
    } else if (space) {
      chars.push({ ch: " ", node, offset });
      block.text += " ";
    }
    space = false;
    chars.push({ ch, node, offset });
    block.text += ch;
  }
  (function walk(node) {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        let offset = 0;
        for (const ch of child.data) {
          push(ch, child, offset);
          offset += ch.length;
        }
      } else if (child.nodeType === 1 && !skipped(child, skip)) {
        if (child.nodeName === "BR") space = !!block;
        const isBlock = BLOCK.test(child.nodeName.toUpperCase());
        if (isBlock) breakBlock();
        walk(child);
        if (isBlock) breakBlock();
      }
    }
  })(root);
  breakBlock();
  return { text: chars.map((c) => c.ch).join(""), chars, blocks };
}

/* Code-point offsets {start, end} in `page.text` of DOM `range` (clamped to the text). */
export function locate(page, range) {
  function index(container, offset, side) {
    const point = range.cloneRange();
    point.setStart(container, offset);
    point.collapse(true);
    const cache = new Map();
    const after = (c) => {
      if (c.node === container) return c.offset >= offset;
      if (!cache.has(c.node)) cache.set(c.node, point.comparePoint(c.node, 0) >= 0);
      return cache.get(c.node);
    };
    const { chars } = page;
    if (side === "start") {
      for (let i = 0; i < chars.length; i++) if (after(chars[i])) return i;
      return chars.length;
    }
    for (let i = chars.length - 1; i >= 0; i--) if (!after(chars[i])) return i + 1;
    return 0;
  }
  const start = index(range.startContainer, range.startOffset, "start");
  const end = index(range.endContainer, range.endOffset, "end");
  return { start, end: Math.max(start, end) };
}
