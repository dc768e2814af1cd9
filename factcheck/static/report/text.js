// Pure text arithmetic for report anchors: code points, canonical text, quote/prefix/suffix.

/* No DOM and no globals: functions take what they need, so the embed widget can reuse
   them on pages whose markup is not ours. Offsets are Unicode code points (DESIGN.md:
   W3C TextPositionSelector), like Python's str indices; browser strings are UTF-16, so
   every DOM offset is converted here. */

/* The code points of `text`, one array element each (an astral character is one). */
export function codePoints(text) {
  return Array.from(text);
}

export function codePointLength(text) {
  let count = 0;
  // for…of walks code points, not UTF-16 units; no array needed just to count.
  for (const _ of text) count++;
  return count;
}

function clamp(value, low, high) {
  return Math.min(Math.max(value, low), high);
}

/* The code-point offset of UTF-16 offset `utf16` in `text`, clamped to the text. An offset
   inside a surrogate pair counts the pair's first half as one (a lone surrogate). */
export function codePointOffset(text, utf16) {
  return codePointLength(text.slice(0, clamp(utf16, 0, text.length)));
}

/* The UTF-16 offset of code-point offset `codePoint` in `text`, clamped to the text. */
export function utf16Offset(text, codePoint) {
  let units = 0;
  let count = 0;
  for (const ch of text) {
    if (count >= codePoint) break;
    units += ch.length;
    count++;
  }
  return units;
}

/* Canonical text as an array of code points, laid out by each block's `start` (code
   points): blocks are joined by "\n\n" as on the server, and a gap left by a block that
   is not on the page is filled with "\n" so later offsets still line up. Blocks are
   {start, text} in document order. */
export function canonicalOf(blocks) {
  const chars = [];
  blocks.forEach((block, index) => {
    if (index > 0) chars.push("\n", "\n");
    while (chars.length < block.start) chars.push("\n");
    chars.length = block.start;
    for (const ch of block.text) chars.push(ch);
  });
  return chars;
}

export function isSpace(ch) {
  return /^\s$/u.test(ch);
}

/* The report anchor {quote, prefix, suffix, start, end} for code-point offsets
   [start, end) of canonical `chars`, with white space trimmed off both ends of the quote;
   null when nothing but white space is left. `limits` is {quote, context} from the server;
   a quote longer than limits.quote gets `error: "too-long"` so the caller can say so. */
export function anchorIn(chars, start, end, limits) {
  start = clamp(start, 0, chars.length);
  end = clamp(end, 0, chars.length);
  while (start < end && isSpace(chars[start])) start++;
  while (end > start && isSpace(chars[end - 1])) end--;
  if (end <= start) return null;
  const anchor = {
    quote: chars.slice(start, end).join(""),
    prefix: chars.slice(Math.max(0, start - limits.context), start).join(""),
    suffix: chars.slice(end, end + limits.context).join(""),
    start,
    end,
  };
  if (end - start > limits.quote) anchor.error = "too-long";
  return anchor;
}

/* What the dialog shows around a quote: the prefix and suffix, with "…" where the
   canonical text (of `total` code points) goes on beyond them. */
export function contextOf(anchor, total, context) {
  return {
    before: anchor.start > context ? "…" + anchor.prefix : anchor.prefix,
    quote: anchor.quote,
    after: anchor.end + context < total ? anchor.suffix + "…" : anchor.suffix,
  };
}

/* A typed or pasted quote (no selection): trimmed, and checked against the server's
   limit in code points. Returns {quote, error} with error null, "missing" or "too-long". */
export function typedQuote(value, maxQuote) {
  const quote = value.trim();
  if (!quote) return { quote, error: "missing" };
  if (codePointLength(quote) > maxQuote) return { quote, error: "too-long" };
  return { quote, error: null };
}
