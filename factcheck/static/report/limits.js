// The report field limits, read from what the server rendered into the page (never copied).

/* The server renders its own constants (factcheck.domain.reports) as data attributes:
   data-max-quote, data-max-suggestion, data-max-comment (code points) and data-context
   (code points of prefix/suffix). A dataset-like object maps those to camelCase keys. */
const ATTRIBUTES = {
  quote: { key: "maxQuote", least: 1 },
  suggestion: { key: "maxSuggestion", least: 1 },
  comment: { key: "maxComment", least: 1 },
  context: { key: "context", least: 0 },
};

/* {quote, suggestion, comment, context} from `dataset` (an element's dataset or a plain
   object), or null when any is missing or not a whole number: a widget guessing limits
   would contradict the server, so the caller should not start instead. */
export function limitsFrom(dataset) {
  const limits = {};
  for (const [name, { key, least }] of Object.entries(ATTRIBUTES)) {
    const raw = dataset ? dataset[key] : undefined;
    if (typeof raw !== "string" || !/^\d+$/.test(raw.trim())) return null;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < least) return null;
    limits[name] = value;
  }
  return Object.freeze(limits);
}
