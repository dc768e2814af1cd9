// The editor's navigation folds behind one "Menu" button on narrow screens. Without
// JavaScript the links simply wrap; with it, the masthead gets `js-nav` and the CSS hides
// the links under 700 pixels until the button opens them. Escape closes the menu.
(() => {
  const masthead = document.querySelector(".masthead");
  const button = masthead && masthead.querySelector(".nav-toggle");
  const nav = masthead && masthead.querySelector("nav");
  if (!button || !nav) return;
  masthead.classList.add("js-nav");
  const setOpen = (open) => {
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("open", open);
  };
  button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
  masthead.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && nav.classList.contains("open")) {
      setOpen(false);
      button.focus();
    }
  });
})();
