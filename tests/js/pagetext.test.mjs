// Node tests of the matching fold: the same table as Python's (tests/fixtures/fold_cases.json).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

import {
  fold,
  foldSpans,
  foldWithMap,
  isWhiteSpace,
  normaliseBlock,
  skippedName,
} from "../../factcheck/static/report/pagetext.js";

const CASES = JSON.parse(
  readFileSync(new URL("../fixtures/fold_cases.json", import.meta.url), "utf-8"),
);

describe("the matching fold, case by case as in Python", () => {
  for (const c of CASES) {
    it(c.name, () => {
      assert.equal(fold(c.text), c.folded);
      assert.deepEqual(foldWithMap(c.text), { text: c.folded, map: c.map });
    });
  }
});

describe("fold laws", () => {
  const samples = [
    "“Hi”\u00a0\u00a0it’s — ok… soft\u00adhyphen e\u0301",
    "😀\u00ad𝔘 \u200b a\u0301\u0302 — «x»",
    "  \n\n a\u2009\u2009b  ",
    "de\u0301\u00ad\u0301",
  ];
  for (const text of samples) {
    it("is idempotent and maps back: " + JSON.stringify(text), () => {
      assert.equal(fold(fold(text)), fold(text));
      const { text: folded, starts, ends } = foldSpans(text);
      const chars = Array.from(text);
      const out = Array.from(folded);
      assert.equal(out.length, starts.length);
      for (let i = 0; i < out.length; i++) {
        const source = chars.slice(starts[i], ends[i]).join("");
        assert.ok(fold(source).includes(out[i]) || fold(source).normalize("NFC").includes(out[i]));
      }
      const inserted = text.slice(0, 1) + "\u200b\u00ad" + text.slice(1);
      assert.equal(fold(inserted), fold(text));
    });
  }
});

describe("page text helpers", () => {
  it("uses Python's white space, not JavaScript's \\s", () => {
    assert.ok(isWhiteSpace("\x1c") && isWhiteSpace("\x85") && isWhiteSpace("\u00a0"));
    assert.ok(!isWhiteSpace("\ufeff") && !isWhiteSpace("\u200b"));
  });

  it("folds a block as canonical text does", () => {
    assert.equal(normaliseBlock("  de\u0301clare\u0301\u00a0 \n à  "), "déclaré à");
  });

  it("reads class names by their parts", () => {
    assert.ok(skippedName("td-ad-box") && skippedName("ALSO_READ") && skippedName("readAlso"));
    assert.ok(!skippedName("shadow") && !skippedName("header") && !skippedName("read-more"));
  });

  it("skips Factcheck's own correction note", () => {
    assert.ok(skippedName("factcheck-correction") && !skippedName("fact-check-box"));
  });
});
