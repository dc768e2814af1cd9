// A short notice outside the dialog (e.g. "select a shorter passage"), read out politely.

/* Appends one status paragraph to `doc`'s body; returns notify(message), which shows the
   message for `timeout` milliseconds. Text goes in through textContent only. */
export function createNotice(doc, timeout = 6000) {
  const view = doc.defaultView;
  const toast = doc.createElement("p");
  toast.className = "report-toast";
  toast.setAttribute("role", "status");
  toast.hidden = true;
  doc.body.appendChild(toast);
  let timer = null;
  return function notify(message) {
    toast.textContent = message;
    toast.hidden = false;
    view.clearTimeout(timer);
    timer = view.setTimeout(() => {
      toast.hidden = true;
    }, timeout);
  };
}
