// The queue's "select all on this page" box (hidden without script).
(() => {
  const form = document.getElementById("bulk");
  if (!form) return;
  const all = form.querySelector("#select-page");
  const boxes = () => [...form.querySelectorAll("input.row-select")];
  all.closest(".select-all").hidden = false;
  all.addEventListener("change", () => boxes().forEach((box) => { box.checked = all.checked; }));
  form.addEventListener("change", (event) => {
    if (!event.target.classList.contains("row-select")) return;
    const checked = boxes().filter((box) => box.checked).length;
    all.checked = checked === boxes().length;
    all.indeterminate = checked > 0 && checked < boxes().length;
  });
})();
