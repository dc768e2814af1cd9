// Node tests of the widget's pure text module: the offsets must agree with Python's str.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  anchorIn,
  canonicalOf,
  codePointLength,
  codePointOffset,
  codePoints,
  contextOf,
  isSpace,
  typedQuote,
  utf16Offset,
} from "../../factcheck/static/report/text.js";

const LIMITS = { quote: 300, context: 32 };
const FAMILY = "👩\u200d👧"; // woman, zero-width joiner, girl: 3 code points, 5 UTF-16 units
const FLAG = "🇮🇹"; // two regional indicators: 2 code points, 4 units
const BOLD = "𝐁𝐨𝐥𝐝"; // mathematical bold letters: 4 code points, 8 units

/* Cut a canonical text into blocks the way factcheck.domain.text.blocks_of does. */
function serverBlocks(text) {
  const blocks = [];
  let position = 0;
  for (const chunk of text.split("\n\n")) {
    blocks.push({ start: position, text: chunk });
    position += codePointLength(chunk) + 2;
  }
  return blocks;
}

function anchorOfQuote(text, quote, limits = LIMITS) {
  const chars = codePoints(text);
  const start = codePointLength(text.slice(0, text.indexOf(quote)));
  return anchorIn(chars, start, start + codePointLength(quote), limits);
}

describe("code points and UTF-16", () => {
  it("counts an astral character as one code point", () => {
    assert.equal(codePointLength("🎉"), 1);
    assert.equal("🎉".length, 2);
    assert.equal(codePointLength(BOLD), 4);
    assert.equal(codePointLength(FLAG), 2);
    assert.equal(codePointLength(FAMILY), 3);
    assert.equal(codePointLength(""), 0);
    assert.deepEqual(codePoints("a🎉b"), ["a", "🎉", "b"]);
  });

  it("counts combining marks as code points of their own, like Python", () => {
    assert.equal(codePointLength("e\u0301"), 2); // decomposed é
    assert.equal(codePointLength("\u00e9"), 1); // precomposed (NFC) é
    assert.equal(codePointLength("بِسْمِ"), 6); // Arabic letters with harakat
    assert.equal(codePointLength("מֹשֶׁה"), 6); // Hebrew letters with niqqud
  });

  it("converts a UTF-16 offset to a code-point offset", () => {
    assert.equal(codePointOffset("a🎉b", 0), 0);
    assert.equal(codePointOffset("a🎉b", 1), 1);
    assert.equal(codePointOffset("a🎉b", 3), 2);
    assert.equal(codePointOffset("a🎉b", 4), 3);
    assert.equal(codePointOffset(FAMILY + "x", 5), 3);
    assert.equal(codePointOffset(FLAG + "!", 4), 2);
    assert.equal(codePointOffset("Hé 🎉 title", 6), 5);
  });

  it("counts half a surrogate pair as one (the browser test relies on it)", () => {
    assert.equal(codePointOffset("🎉", 1), 1);
  });

  it("clamps UTF-16 offsets to the text", () => {
    assert.equal(codePointOffset("a🎉b", -3), 0);
    assert.equal(codePointOffset("a🎉b", 99), 3);
  });

  it("converts a code-point offset to a UTF-16 offset", () => {
    assert.equal(utf16Offset("a🎉b", 0), 0);
    assert.equal(utf16Offset("a🎉b", 1), 1);
    assert.equal(utf16Offset("a🎉b", 2), 3);
    assert.equal(utf16Offset("a🎉b", 3), 4);
    assert.equal(utf16Offset(BOLD + " maths", 4), 8);
    assert.equal(utf16Offset("a🎉b", -1), 0);
    assert.equal(utf16Offset("a🎉b", 10), 4);
  });

  it("round-trips every offset of a mixed string", () => {
    const text = "Fans 🇮🇹 " + FAMILY + " café e\u0301 بِسْمِ " + BOLD + " שָׁלוֹם!";
    const total = codePointLength(text);
    for (let i = 0; i <= total; i++) {
      const units = utf16Offset(text, i);
      assert.equal(codePointOffset(text, units), i, "code point " + i);
      assert.equal(codePointLength(text.slice(0, units)), i);
    }
    assert.equal(utf16Offset(text, total), text.length);
  });
});

describe("canonical text from blocks", () => {
  it("joins the headline and paragraphs with blank lines", () => {
    const blocks = [
      { start: 0, text: "Headline" },
      { start: 10, text: "First paragraph." },
      { start: 28, text: "Second." },
    ];
    assert.equal(canonicalOf(blocks).join(""), "Headline\n\nFirst paragraph.\n\nSecond.");
  });

  it("lays out blocks by code-point starts, past astral characters", () => {
    const text = "Emoji 🎉 headline\n\nFans waved " + FLAG + " flags.\n\n" + BOLD + " maths";
    const blocks = serverBlocks(text);
    assert.deepEqual(
      blocks.map((b) => b.start),
      [0, 18, 40]
    );
    const chars = canonicalOf(blocks);
    assert.equal(chars.join(""), text);
    assert.equal(chars.length, 50);
    assert.equal(chars[40], "𝐁");
  });

  it("fills a gap left by a block missing from the page with newlines", () => {
    // The paragraph at 7..14 ("Missing") is not on the page.
    const chars = canonicalOf([
      { start: 0, text: "Title" },
      { start: 16, text: "Later" },
    ]);
    assert.equal(chars.join(""), "Title" + "\n".repeat(11) + "Later");
    assert.equal(chars.slice(16, 21).join(""), "Later");
  });

  it("pads before a first block that does not start at 0", () => {
    assert.equal(canonicalOf([{ start: 3, text: "abc" }]).join(""), "\n\n\nabc");
  });

  it("is empty without blocks", () => {
    assert.deepEqual(canonicalOf([]), []);
  });

  it("keeps right-to-left text in logical order", () => {
    const text = "Report\n\nقال رئيس الوزراء\n\nראש הממשלה אמרה";
    const chars = canonicalOf(serverBlocks(text));
    assert.equal(chars.join(""), text);
    assert.equal(chars[8], "ق");
    assert.equal(chars.slice(26, 29).join(""), "ראש");
  });
});

describe("quote, prefix and suffix", () => {
  const SENTENCE =
    "Rome — Prime Minister Georgia Maloney said on Tuesday that the government would act quickly.";

  it("takes 32 code points of context on each side", () => {
    const anchor = anchorOfQuote(SENTENCE, "government");
    assert.deepEqual(anchor, {
      quote: "government",
      prefix: "aloney said on Tuesday that the ",
      suffix: " would act quickly.",
      start: 63,
      end: 73,
    });
    assert.equal(codePointLength(anchor.prefix), 32);
  });

  it("gets a short prefix at the start of the text and a short suffix at its end", () => {
    const start = anchorOfQuote(SENTENCE, "Rome");
    assert.equal(start.prefix, "");
    assert.equal(start.start, 0);
    assert.equal(start.suffix, " — Prime Minister Georgia Malone");
    const end = anchorOfQuote(SENTENCE, "quickly.");
    assert.equal(end.suffix, "");
    assert.equal(end.end, codePointLength(SENTENCE));
    assert.equal(end.prefix, "y that the government would act ");
  });

  it("counts context in code points, not UTF-16 units", () => {
    const text = "🎉".repeat(40) + "wrong" + FAMILY.repeat(12);
    const anchor = anchorOfQuote(text, "wrong");
    assert.equal(anchor.start, 40);
    assert.equal(anchor.end, 45);
    assert.equal(anchor.prefix, "🎉".repeat(32));
    assert.equal(anchor.prefix.length, 64);
    assert.equal(codePointLength(anchor.suffix), 32);
    assert.equal(anchor.suffix, FAMILY.repeat(10) + "👩\u200d");
  });

  it("takes the context size from the server's limits", () => {
    const anchor = anchorOfQuote(SENTENCE, "Georgia Maloney", { quote: 300, context: 5 });
    assert.equal(anchor.prefix, "ster ");
    assert.equal(anchor.suffix, " said");
  });

  it("trims white space off both ends of the quote", () => {
    const chars = codePoints(SENTENCE);
    // " Georgia Maloney " with its spaces.
    assert.deepEqual(anchorIn(chars, 21, 38, LIMITS), anchorOfQuote(SENTENCE, "Georgia Maloney"));
    const paragraphs = codePoints("One.\n\n  Two.");
    const anchor = anchorIn(paragraphs, 0, 8, LIMITS);
    assert.equal(anchor.quote, "One.");
    assert.equal(anchor.end, 4);
    assert.equal(anchor.suffix, "\n\n  Two.");
  });

  it("keeps a quote across paragraphs, separator included", () => {
    const text = "Fans cheered.\n\n" + BOLD + " maths";
    const anchor = anchorOfQuote(text, "cheered.\n\n" + BOLD);
    assert.equal(anchor.quote, "cheered.\n\n𝐁𝐨𝐥𝐝");
    assert.equal(anchor.start, 5);
    assert.equal(anchor.end, 19);
    assert.equal(anchor.suffix, " maths");
  });

  it("finds nothing in white space or an empty range", () => {
    const chars = codePoints("One.\n\nTwo.");
    assert.equal(anchorIn(chars, 4, 6, LIMITS), null);
    assert.equal(anchorIn(chars, 2, 2, LIMITS), null);
    assert.equal(anchorIn(chars, 3, 1, LIMITS), null);
    assert.equal(anchorIn([], 0, 0, LIMITS), null);
  });

  it("clamps offsets outside the text", () => {
    const chars = codePoints("  Short text. ");
    assert.deepEqual(anchorIn(chars, -10, 999, LIMITS), {
      quote: "Short text.",
      prefix: "  ",
      suffix: " ",
      start: 2,
      end: 13,
    });
    assert.equal(anchorIn(chars, 50, 60, LIMITS), null);
  });

  it("marks a quote longer than the limit, counted in code points", () => {
    const fits = codePoints("🎉".repeat(300) + " tail");
    const ok = anchorIn(fits, 0, 300, LIMITS);
    assert.equal(ok.quote.length, 600);
    assert.equal("error" in ok, false);
    const over = anchorIn(codePoints("a".repeat(301)), 0, 301, LIMITS);
    assert.equal(over.error, "too-long");
    assert.equal(anchorIn(codePoints("a".repeat(301)), 0, 301, { quote: 301, context: 32 }).error, undefined);
  });

  it("may split a letter from its combining marks, exactly as Python slices", () => {
    // Python: "بِسْمِ اللَّهِ"[2:6] == "سْمِ", prefix [0:2] == "بِ", suffix [6:] == " اللَّهِ"
    const text = "بِسْمِ اللَّهِ";
    const anchor = anchorIn(codePoints(text), 2, 6, LIMITS);
    assert.equal(anchor.quote, "سْمِ");
    assert.equal(anchor.prefix, "بِ");
    assert.equal(anchor.suffix, " اللَّهِ");
    const accent = anchorIn(codePoints("cafe\u0301 noir"), 0, 4, LIMITS);
    assert.equal(accent.quote, "cafe");
    assert.equal(accent.suffix, "\u0301 noir");
  });

  it("anchors right-to-left quotes in logical order", () => {
    const arabic = "قال رئيس الوزراء جورجيا ميلوني يوم الثلاثاء إن الحكومة ستتحرك";
    const a = anchorOfQuote(arabic, "جورجيا ميلوني");
    assert.equal(a.start, 17);
    assert.equal(a.end, 30);
    assert.equal(a.prefix, "قال رئيس الوزراء ");
    assert.equal(a.suffix, " يوم الثلاثاء إن الحكومة ستتحرك");

    const hebrew = "ראש הממשלה ג׳ורג׳יה מלוני אמרה ביום שלישי";
    const h = anchorOfQuote(hebrew, "מלוני", { quote: 300, context: 8 });
    assert.equal(h.start, 20);
    assert.equal(h.end, 25);
    assert.equal(h.prefix, "׳ורג׳יה ");
    assert.equal(h.suffix, " אמרה בי");
  });

  it("keeps bidi marks, which are not white space", () => {
    const text = "\u200fשלום\u200f";
    const anchor = anchorIn(codePoints(text), 0, 6, LIMITS);
    assert.equal(anchor.quote, text);
    assert.equal(isSpace("\u200f"), false);
  });
});

describe("white space", () => {
  it("is what Python's canonical folding treats as white space", () => {
    for (const ch of [" ", "\n", "\t", "\u00a0", "\u2009", "\u3000"]) assert.equal(isSpace(ch), true, ch);
    for (const ch of ["a", "\u200b", "\u200d", "🎉", ""]) assert.equal(isSpace(ch), false, ch);
  });
});

describe("the dialog's context preview", () => {
  it("adds an ellipsis only where the text goes on beyond the context", () => {
    const text = "x".repeat(40) + "wrong" + "y".repeat(40);
    const anchor = anchorOfQuote(text, "wrong");
    const total = codePointLength(text);
    assert.deepEqual(contextOf(anchor, total, 32), {
      before: "…" + "x".repeat(32),
      quote: "wrong",
      after: "y".repeat(32) + "…",
    });
    const short = anchorOfQuote("Short wrong text", "wrong");
    assert.deepEqual(contextOf(short, 16, 32), { before: "Short ", quote: "wrong", after: " text" });
  });

  it("adds none when the context reaches exactly to the edge", () => {
    const text = "x".repeat(32) + "wrong" + "y".repeat(32);
    const parts = contextOf(anchorOfQuote(text, "wrong"), codePointLength(text), 32);
    assert.equal(parts.before, "x".repeat(32));
    assert.equal(parts.after, "y".repeat(32));
  });
});

describe("a typed quote (no selection)", () => {
  it("is trimmed", () => {
    assert.deepEqual(typedQuote("  Georgia Maloney \n", 300), { quote: "Georgia Maloney", error: null });
  });

  it("is missing when empty or blank", () => {
    assert.equal(typedQuote("", 300).error, "missing");
    assert.equal(typedQuote(" \n\t ", 300).error, "missing");
  });

  it("is limited in code points, not UTF-16 units", () => {
    assert.equal(typedQuote("🎉".repeat(300), 300).error, null);
    assert.equal(typedQuote("🎉".repeat(301), 300).error, "too-long");
    assert.equal(typedQuote("a".repeat(301), 300).error, "too-long");
    assert.equal(typedQuote("a".repeat(301), 301).error, null);
  });
});
