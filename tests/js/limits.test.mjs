// Node tests of reading the server's report limits from data attributes.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { limitsFrom } from "../../factcheck/static/report/limits.js";

// What the dialog's dataset holds for data-max-quote="300" … data-context="32".
const RENDERED = { maxQuote: "300", maxSuggestion: "300", maxComment: "2000", context: "32" };

describe("limits from the page", () => {
  it("reads every limit as a number", () => {
    assert.deepEqual(limitsFrom(RENDERED), { quote: 300, suggestion: 300, comment: 2000, context: 32 });
  });

  it("takes whatever the server rendered, not numbers of its own", () => {
    const limits = limitsFrom({ maxQuote: "12", maxSuggestion: "34", maxComment: "56", context: "7" });
    assert.deepEqual(limits, { quote: 12, suggestion: 34, comment: 56, context: 7 });
  });

  it("cannot be changed afterwards", () => {
    const limits = limitsFrom(RENDERED);
    assert.equal(Object.isFrozen(limits), true);
    // Modules are strict, so writing to a frozen object throws.
    assert.throws(() => {
      limits.quote = 5000;
    }, TypeError);
  });

  it("is null when any limit is missing", () => {
    for (const key of Object.keys(RENDERED)) {
      const partial = { ...RENDERED };
      delete partial[key];
      assert.equal(limitsFrom(partial), null, key);
    }
    assert.equal(limitsFrom({}), null);
    assert.equal(limitsFrom(undefined), null);
  });

  it("is null when a limit is not a whole number", () => {
    for (const bad of ["", " ", "abc", "-1", "1.5", "3e2", "0x10", "300px"]) {
      assert.equal(limitsFrom({ ...RENDERED, maxQuote: bad }), null, JSON.stringify(bad));
    }
    // An unrendered Jinja variable leaves the attribute empty.
    assert.equal(limitsFrom({ ...RENDERED, context: "" }), null);
  });

  it("allows no context but never a zero-length field", () => {
    assert.equal(limitsFrom({ ...RENDERED, context: "0" }).context, 0);
    assert.equal(limitsFrom({ ...RENDERED, maxQuote: "0" }), null);
    assert.equal(limitsFrom({ ...RENDERED, maxComment: "0" }), null);
  });
});
