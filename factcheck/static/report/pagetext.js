// The page-text rule and the matching fold, as factcheck/domain/pagetext.py defines them.

/* The embed widget reads a newsroom's page with these rules, and the server compares with
   the same ones: keep both files in step (tests/fixtures/fold_cases.json and
   pagetext_cases.json are the shared expectations; README "Page text and the matching fold").
   No globals: every function works on what it is given (a root element, a Range), so the
   module runs on third-party pages, in Node and in other frames. Offsets are code points. */

const INVISIBLE = new Set(["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]);
const REPLACE = new Map();
for (const ch of "\u2018\u2019\u201a\u201b\u2032\u2039\u203a") REPLACE.set(ch, "'");
for (const ch of "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb") REPLACE.set(ch, '"');
for (const ch of "\u2010\u2011\u2012\u2013\u2014\u2015\u2212") REPLACE.set(ch, "-");
REPLACE.set("\u2026", "...");
// Python's str.isspace(), which canonical text folds (not JS's \s: it differs in a few).
const WHITESPACE = new Set(
  "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005" +
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000",
);

export function isWhiteSpace(ch) {
  return WHITESPACE.has(ch);
}

/* NFC of code points `chars` (with `sources`, their source indices), cluster by cluster: a
   cluster starts at every ASCII code point, so the clusters' NFC joined is the whole's. */
function nfcWithSpans(chars, sources) {
  const joined = chars.join("");
  if (joined.normalize("NFC") === joined) {
    return { chars, starts: sources, ends: sources.map((s) => s + 1) };
  }
  const out = [];
  const starts = [];
  const ends = [];
  let a = 0;
  while (a < chars.length) {
    let b = a + 1;
    while (b < chars.length && chars[b].codePointAt(0) >= 0x80) b++;
    const cluster = chars.slice(a, b);
    const composed = Array.from(cluster.join("").normalize("NFC"));
    if (composed.join("") === cluster.join("")) {
      for (let i = a; i < b; i++) {
        out.push(chars[i]);
        starts.push(sources[i]);
        ends.push(sources[i] + 1);
      }
    } else {
      for (const ch of composed) {
        out.push(ch);
        starts.push(sources[a]);
        ends.push(sources[b - 1] + 1);
      }
    }
    a = b;
  }
  return { chars: out, starts, ends };
}

/* Every run of white space to one space whose span is the run's; `trim` drops the ends. */
function collapseSpaces(input, trim) {
  const chars = [];
  const starts = [];
  const ends = [];
  for (let i = 0; i < input.chars.length; i++) {
    const ch = input.chars[i];
    if (WHITESPACE.has(ch)) {
      if (chars.length && chars[chars.length - 1] === " " && WHITESPACE.has(input.chars[i - 1])) {
        ends[ends.length - 1] = input.ends[i];
        continue;
      }
      chars.push(" ");
    } else {
      chars.push(ch);
    }
    starts.push(input.starts[i]);
    ends.push(input.ends[i]);
  }
  if (trim) {
    while (chars.length && chars[chars.length - 1] === " ") chars.pop(), starts.pop(), ends.pop();
    let lead = 0;
    while (lead < chars.length && chars[lead] === " ") lead++;
    chars.splice(0, lead), starts.splice(0, lead), ends.splice(0, lead);
  }
  return { chars, starts, ends };
}

/* The fold with, for each folded code point, the span [starts[i], ends[i]) of `text` (code
   points) it came from. */
export function foldSpans(text) {
  const kept = [];
  const sources = [];
  Array.from(text).forEach((ch, i) => {
    if (!INVISIBLE.has(ch)) {
      kept.push(ch);
      sources.push(i);
    }
  });
  const composed = nfcWithSpans(kept, sources);
  const replaced = { chars: [], starts: [], ends: [] };
  composed.chars.forEach((ch, i) => {
    for (const out of REPLACE.get(ch) ?? ch) {
      replaced.chars.push(out);
      replaced.starts.push(composed.starts[i]);
      replaced.ends.push(composed.ends[i]);
    }
  });
  const folded = collapseSpaces(replaced, false);
  return { text: folded.chars.join(""), starts: folded.starts, ends: folded.ends };
}

/* The comparison-only fold: never stored, never shown. */
export function fold(text) {
  return foldSpans(text).text;
}

/* The fold and, for each folded code point, the code-point index of `text` it came from,
   plus one last entry: the length of `text` in code points (Python's fold_with_map). */
export function foldWithMap(text) {
  const { text: folded, starts } = foldSpans(text);
  return { text: folded, map: [...starts, Array.from(text).length] };
}

/* One block folded as canonical text is (text.normalise_block: NFC, white space runs to one
   space, trimmed), with the source index (code points of `text`) of each result code point. */
export function normaliseBlockWithMap(text) {
  const chars = Array.from(text);
  const composed = nfcWithSpans(
    chars,
    chars.map((_, i) => i),
  );
  const block = collapseSpaces(composed, true);
  return { text: block.chars.join(""), starts: block.starts };
}

export function normaliseBlock(text) {
  return normaliseBlockWithMap(text).text;
}

// ------------------------------------------------------------------------------------------
// The page-text rule.

const SKIPPED_TAGS = new Set(
  (
    "script style noscript template iframe frame frameset object embed canvas svg math " +
    "audio video picture map head title meta link base button input select option optgroup " +
    "datalist textarea output progress meter dialog figure figcaption aside nav"
  ).split(" "),
);
const BLOCK_TAGS = new Set(
  (
    "p h1 h2 h3 h4 h5 h6 li blockquote pre td th caption dt dd dl div section article main " +
    "header footer address ul ol menu table thead tbody tfoot tr hr body html form fieldset " +
    "legend details summary hgroup center"
  ).split(" "),
);
const SKIPPED_NAME_PARTS = new Set(
  (
    "ad ads adv advert adverts advertisement advertising adsense adsbygoogle adslot dfp " +
    "sponsor sponsored promo promoted related relatedposts readalso seealso alsoread share " +
    "sharing sharedaddy addtoany social newsletter outbrain taboola " +
    // Factcheck's own correction note, written into a post with a fix (htmlsource.py).
    "factcheck"
  ).split(" "),
);
const SKIPPED_NAME_PAIRS = new Set(["read also", "see also", "also read"]);
const IGNORED_CLASS_PREFIXES = ["category-", "tag-"];
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

export function skippedName(name) {
  const parts = name
    .toLowerCase()
    .split(/[-_]+/)
    .filter((part) => part);
  if (parts.some((part) => SKIPPED_NAME_PARTS.has(part))) return true;
  for (let i = 0; i + 1 < parts.length; i++) {
    if (SKIPPED_NAME_PAIRS.has(parts[i] + " " + parts[i + 1])) return true;
  }
  return false;
}

/* Whether the rule leaves out `element` and everything in it (pagetext.skipped_element). */
export function skippedElement(element) {
  const tag = element.localName.toLowerCase();
  if (SKIPPED_TAGS.has(tag) || element.hasAttribute("hidden")) return true;
  if ((element.getAttribute("aria-hidden") || "").trim().toLowerCase() === "true") return true;
  if (HIDDEN_STYLE.test(element.getAttribute("style") || "")) return true;
  if (skippedName(element.getAttribute("id") || "")) return true;
  return (element.getAttribute("class") || "")
    .split(/\s+/)
    .filter((name) => name && !IGNORED_CLASS_PREFIXES.some((p) => name.toLowerCase().startsWith(p)))
    .some(skippedName);
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/* The page text under `root` (an element or a document): {text, blocks}. `text` is the blocks
   joined by "\n\n"; each block is {text, start, end} in code points of `text`, plus what
   locate() needs: `pieces` (each text node read, {node, rawStart, length} in code points of
   the block's raw text) and `starts` (for each block code point, its raw index).
   `options.skip(element)` may leave out more (the widget's own elements). */
export function pageText(root, options = {}) {
  const skip = options.skip || (() => false);
  const blocks = [];
  let raw = [];
  let pieces = [];

  function flush() {
    const block = normaliseBlockWithMap(raw.join(""));
    if (block.text) blocks.push({ text: block.text, starts: block.starts, pieces });
    raw = [];
    pieces = [];
  }

  function walk(parent) {
    for (let child = parent.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) {
        const chars = Array.from(child.data);
        pieces.push({ node: child, rawStart: raw.length, length: chars.length });
        for (const ch of chars) raw.push(ch);
      } else if (child.nodeType === ELEMENT_NODE) {
        const tag = child.localName.toLowerCase();
        if (tag === "br") raw.push(" ");
        else if (skippedElement(child) || skip(child)) continue;
        else if (BLOCK_TAGS.has(tag)) {
          flush();
          walk(child);
          flush();
        } else walk(child);
      }
    }
  }

  walk(root);
  flush();
  let position = 0;
  for (const block of blocks) {
    block.start = position;
    block.end = position + block.starts.length;
    position = block.end + 2;
  }
  return { text: blocks.map((block) => block.text).join("\n\n"), blocks };
}

/* How many of `starts` (sorted) are below `index`: where a raw offset falls in a block. */
function countBelow(starts, index) {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (starts[middle] < index) low = middle + 1;
    else high = middle;
  }
  return low;
}

function utf16ToCodePoints(text, units) {
  let count = 0;
  for (const ch of text.slice(0, Math.max(0, Math.min(units, text.length)))) count++;
  return count;
}

/* The page-text offset of DOM point (node, offset). A point outside the text read (in a
   skipped box, between blocks) moves forward to the next text for "start" and back to the
   previous text for "end"; null when there is none on that side. */
export function pointOffset(result, node, offset, side) {
  for (const block of result.blocks) {
    for (const piece of block.pieces) {
      if (piece.node === node) {
        const raw = piece.rawStart + utf16ToCodePoints(node.data, offset);
        return block.start + countBelow(block.starts, raw);
      }
    }
  }
  const range = (node.ownerDocument || node).createRange();
  range.setStart(node, offset);
  range.collapse(true);
  if (side === "start") {
    for (const block of result.blocks) {
      for (const piece of block.pieces) {
        if (range.comparePoint(piece.node, 0) >= 0) {
          return block.start + countBelow(block.starts, piece.rawStart);
        }
      }
    }
    return null;
  }
  for (let b = result.blocks.length - 1; b >= 0; b--) {
    const block = result.blocks[b];
    for (let p = block.pieces.length - 1; p >= 0; p--) {
      const piece = block.pieces[p];
      if (range.comparePoint(piece.node, piece.node.data.length) <= 0) {
        return block.start + countBelow(block.starts, piece.rawStart + piece.length);
      }
    }
  }
  return null;
}

/* A DOM Range as code-point offsets {start, end} in the page text of `result` (pageText's
   answer), or null when it selects none of it. */
export function locate(result, range) {
  if (!range || range.collapsed) return null;
  const start = pointOffset(result, range.startContainer, range.startOffset, "start");
  const end = pointOffset(result, range.endContainer, range.endOffset, "end");
  if (start === null || end === null || end <= start) return null;
  return { start, end };
}
