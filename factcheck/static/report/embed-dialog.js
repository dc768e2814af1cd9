// The report dialog on a newsroom's page: dialog.js inside embed.js's shadow root.

/* Imported by embed.js as the reader opens the dialog. The anchor is computed on the
   page text (pagetext.js), not on Factcheck's canonical text: the server anchors the
   quote through its fold. Text reaches the DOM only through textContent; the dialog's
   markup is a constant per language, rendered by the server from its catalogs
   (templates/embed/dialog.html, sent in GET /embed/strings/<lang>.json). */

import { createReportDialog } from "./dialog.js";
import { pageText, locate } from "./pagetext.js";
import { anchorIn } from "./text.js";

const CSS = `
dialog{box-sizing:border-box;width:min(544px,calc(100vw - 32px));max-height:calc(100vh - 32px);padding:0;
border:1px solid var(--rule);border-radius:10px;background:var(--paper);color:var(--ink);overflow:auto;
font:16px/1.5 system-ui,sans-serif;box-shadow:0 12px 40px rgb(0 0 0/.3);overscroll-behavior:contain}
dialog::backdrop{background:rgb(20 20 20/.5)}
*,*::before{box-sizing:border-box}
.head{display:flex;align-items:center;justify-content:space-between;gap:16px;position:sticky;top:0;
background:var(--paper);padding:14px 20px 10px;border-bottom:1px solid var(--rule)}
h2,h3{font:700 19px/1.25 system-ui,sans-serif;margin:0}
h3{font-size:18px;margin:6px 0 10px}
h3:focus{outline:none}
h3:focus-visible{outline:3px solid #f4b400}
.panel{padding:10px 20px 20px}
p{margin:4px 0}
.intro,.hint,.opt{color:var(--muted);font-size:15px;font-weight:400}
figure{margin:8px 0}
figcaption,label{display:block;font-weight:600;font-size:15px;margin:12px 0 4px}
blockquote{margin:0;padding:10px 12px;border-inline-start:4px solid var(--rule);background:var(--soft);
font:16px/1.55 Georgia,serif;white-space:pre-wrap;overflow-wrap:anywhere}
mark{background:var(--mark);color:inherit;font-weight:700;text-decoration:underline 2px;text-underline-offset:.15em}
textarea,input,select{display:block;width:100%;font:16px/1.4 system-ui,sans-serif;color:var(--ink);
background:var(--paper);border:1px solid var(--rule);border-radius:6px;padding:8px 10px}
textarea{resize:vertical;min-height:42px}
[aria-invalid=true]{border:2px solid var(--danger)}
.error{color:var(--danger);font-weight:600;font-size:15px}
.trap{position:absolute;inset-inline-start:-10000px;width:1px;height:1px;overflow:hidden}
.status{min-height:1.4em;margin:14px 0 0;font-size:15px;color:var(--muted)}
.status.is-error{color:var(--danger);font-weight:600;border-inline-start:4px solid var(--danger);padding:7px 11px}
.actions{display:flex;flex-wrap:wrap;gap:10px;margin-top:14px}
button{font:600 16px/1.2 system-ui,sans-serif;padding:10px 16px;min-height:44px;border-radius:6px;cursor:pointer;
border:1px solid var(--accent);background:var(--accent);color:var(--paper)}
button.secondary,.close{background:transparent;color:var(--ink);border-color:var(--rule)}
.close{font-size:24px;line-height:1;padding:4px 10px;min-width:40px;border-color:transparent}
button[disabled]{opacity:.6;cursor:progress}
a{color:var(--accent);font-weight:600}
:focus-visible{outline:3px solid #f4b400;outline-offset:2px}
[hidden]{display:none!important}
@media (max-width:640px){dialog{width:100%;max-width:100%;max-height:92vh;margin:auto 0 0;border-radius:12px 12px 0 0}
.actions button{flex:1 1 auto}}`;

const READER = "factcheck-reader";
let memoryReader = null;

/* The reader's random id, kept in this site's localStorage (never a cookie). */
export function readerId(storage) {
  const fresh = () => {
    const bytes = crypto.getRandomValues(new Uint8Array(18));
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
  };
  try {
    let id = storage.getItem(READER);
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(id || "")) storage.setItem(READER, (id = fresh()));
    return id;
  } catch {
    return memoryReader || (memoryReader = fresh());
  }
}

/* The language of `element`'s text: its own or its nearest ancestor's `lang`. */
export function langOf(element) {
  const at = element && element.closest && element.closest("[lang]");
  return (at && at.getAttribute("lang").trim()) || "";
}

/* Which language the dialog speaks (README: Languages): the script's data-lang, then the
   article root's (or the page's) lang, then the site's default, then the browser's. */
export function pickLanguage({ dataLang, root, siteLanguage, browser }) {
  return dataLang || langOf(root) || siteLanguage || (browser && browser[0]) || "en";
}

/* {open(range, root, opener), isOpen(), reset()} for embed.js. `root` is {element,
   article}; `skip(node)` leaves embed.js's own elements out of the page text. */
export function createEmbed({ shadow, container, base, site, lang, limits, notify, notice, skip }) {
  const doc = container.ownerDocument;
  const view = doc.defaultView;
  const sheet = new view.CSSStyleSheet();
  sheet.replaceSync(CSS);
  shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
  const current = { article: null, length: 0, lang: "en" };
  let built = null; // {lang, element, dialog, words}

  // The dialog's words, one cached JSON per language; a tag with none shipped tries its
  // primary subtag (pt-BR → pt), then English.
  const fetched = new Map();
  function wordsFor(tag) {
    const tags = [tag, tag.split("-")[0], "en"].map((t) => t.toLowerCase());
    const tryFrom = (i) =>
      view
        .fetch(base + "embed/strings/" + encodeURIComponent(tags[i]) + ".json", { credentials: "omit" })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .catch((error) => (i + 1 < tags.length ? tryFrom(i + 1) : Promise.reject(error)));
    if (!fetched.has(tag)) {
      const pending = tryFrom(0);
      pending.catch(() => fetched.delete(tag));
      fetched.set(tag, pending);
    }
    return fetched.get(tag);
  }

  function build(words) {
    if (built && built.lang === words.lang) return built;
    if (built) built.element.remove(); // another language now: a fresh dialog
    const template = doc.createElement("template");
    template.innerHTML = words.markup;
    container.append(template.content);
    const element = container.lastElementChild;
    element.setAttribute("lang", words.lang);
    const dialog = createReportDialog({
      dialog: element,
      story: null,
      limits,
      strings: words.strings,
      endpoint: base + "api/v1/sites/" + encodeURIComponent(site) + "/reports",
      base,
      textLength: () => current.length,
      extra: () => ({
        article: current.article,
        page_url: view.location.href.split("#")[0],
        reader: readerId(view.localStorage),
        language: current.lang,
      }),
      async explainFailure() {
        // A refused origin fails CORS, which a script cannot tell from a network error;
        // an opaque request says whether Factcheck itself answers.
        try {
          await view.fetch(base + "healthz", { mode: "no-cors", cache: "no-store" });
        } catch {
          return null;
        }
        return words.strings.unregistered;
      },
    });
    built = { lang: words.lang, element, dialog, words };
    return built;
  }

  // The site as an admin registered it: its CSS selector for the article body, its
  // language. Read once, as the dialog first opens; a page it refuses reads nothing.
  let siteInfo = null;
  function loadSite() {
    siteInfo =
      siteInfo ||
      view
        .fetch(base + "api/v1/sites/" + encodeURIComponent(site), { headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : null))
        .catch(() => null);
    return siteInfo;
  }

  /* The element whose page text counts: within the root, the match of the site's selector
     around the selection (else the first match); the root itself without one. */
  function bodyOf(root, range, selector) {
    let matches = [];
    try {
      matches = selector ? Array.from(root.querySelectorAll(selector)) : [];
    } catch {
      // Not a selector this browser reads: the root it is.
    }
    const around = range && matches.find((match) => match.contains(range.startContainer));
    return around || (range ? root : matches[0] || root);
  }

  async function open(range, root, opener) {
    const info = await loadSite();
    current.lang = pickLanguage({
      dataLang: lang,
      root: root.element,
      siteLanguage: info && info.language,
      browser: view.navigator.languages || [view.navigator.language],
    });
    let words;
    try {
      words = await wordsFor(current.lang);
    } catch {
      notify(notice("failed"));
      return;
    }
    const { element, dialog } = build(words);
    // Right to left when the article's text is (README: Languages, Right to left).
    element.setAttribute("dir", view.getComputedStyle(root.element).direction === "rtl" ? "rtl" : words.dir);
    const s = words.strings;
    let anchor = null;
    current.article = root.article;
    const page = pageText(bodyOf(root.element, range, info && info.selector), { skip });
    const chars = Array.from(page.text);
    current.length = chars.length;
    if (range) {
      const at = locate(page, range);
      anchor = at && anchorIn(chars, at.start, at.end, limits);
      if (!anchor) {
        // Only a caption, an ad or a box of links was selected: not the article's text.
        notify(s.ownText);
        return;
      }
      if (anchor.error === "too-long") {
        notify(s.shorter.replace("{n}", limits.quote));
        return;
      }
    }
    dialog.open(anchor, opener);
  }

  return {
    open,
    isOpen: () => !!built && built.dialog.isOpen(),
    reset: () => built && built.dialog.reset(),
  };
}
