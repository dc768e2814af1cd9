// Node tests of the report dialog's send shortcut (Ctrl/⌘+Enter from inside the dialog).

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { isSendKey } from "../../factcheck/static/report/dialog.js";

const key = (init) => ({ key: "Enter", ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, isComposing: false, ...init });

describe("the send shortcut", () => {
  it("is Ctrl+Enter", () => {
    assert.equal(isSendKey(key({ ctrlKey: true })), true);
  });

  it("is ⌘+Enter on a Mac", () => {
    assert.equal(isSendKey(key({ metaKey: true })), true);
  });

  it("is not a plain Enter, which keeps a new line in the comment", () => {
    assert.equal(isSendKey(key({})), false);
  });

  it("is not Ctrl+Alt+Enter or Ctrl+Shift+Enter", () => {
    assert.equal(isSendKey(key({ ctrlKey: true, altKey: true })), false);
    assert.equal(isSendKey(key({ ctrlKey: true, shiftKey: true })), false);
  });

  it("is not pressed while an input method is composing", () => {
    assert.equal(isSendKey(key({ ctrlKey: true, isComposing: true })), false);
  });

  it("is not Ctrl with another key", () => {
    assert.equal(isSendKey(key({ key: "a", ctrlKey: true })), false);
  });
});
