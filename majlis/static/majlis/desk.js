// The desk from the keyboard: j/k move, a approves, r starts a rejection (1–7 pick
// categories, Enter confirms, Esc cancels). Decisions post in the background and the comment
// leaves the queue; without this script every button still works as a plain form.
(() => {
  "use strict";
  const queue = document.querySelector("[data-queue]");
  if (!queue) return;
  const items = () => [...queue.querySelectorAll("[data-comment]")];
  let current = items()[0] || null;
  let rejecting = false;

  const reasons = (item) => item.querySelector("[data-reasons]");
  const stopRejecting = () => {
    if (current && rejecting) reasons(current).classList.remove("active", "missing");
    rejecting = false;
  };
  const focus = (item) => {
    stopRejecting();
    if (current) current.classList.remove("current");
    current = item;
    if (!item) return;
    item.classList.add("current");
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest", behavior: "smooth" });
  };
  const move = (step) => {
    const all = items();
    const index = all.indexOf(current);
    focus(all[Math.min(all.length - 1, Math.max(0, index + step))] || null);
  };

  const decide = async (item, verdict) => {
    if (item.dataset.busy) return; // one decision per comment, however fast the keys
    const form = item.querySelector("[data-decide]");
    const body = new FormData(form);
    // The buttons name the verdict ("approve", or "dismiss" on the Reported queue, …).
    body.set("verdict", form.querySelector(verdict === "reject" ? "[data-reject]" : "[data-approve]").value);
    if (verdict === "reject" && !body.getAll("categories").length) {
      // No category yet: point at them instead of interrupting with a dialog.
      const fieldset = reasons(item);
      fieldset.classList.remove("missing");
      void fieldset.offsetWidth; // restart the nudge animation
      fieldset.classList.add("active", "missing");
      if (item === current) rejecting = true;
      return;
    }
    item.dataset.busy = "1";
    item.setAttribute("aria-busy", "true");
    let response;
    let data = {};
    try {
      response = await fetch(form.action, {
        method: "POST", body, headers: { Accept: "application/json" }, credentials: "same-origin",
      });
      data = await response.json().catch(() => ({}));
    } finally {
      delete item.dataset.busy;
      item.removeAttribute("aria-busy");
    }
    if (!response.ok) {
      alert(data.detail || response.statusText);
      return;
    }
    if (item === current) stopRejecting();
    const next = items()[items().indexOf(item) + 1] || items()[items().indexOf(item) - 1];
    item.remove();
    const counter = document.querySelector("[data-pending-count]");
    const count = Number((counter?.textContent || "").replace(/\D/g, ""));
    if (counter && count) counter.textContent = `(${count - 1})`;
    focus(next || null);
  };

  queue.addEventListener("click", (event) => {
    const item = event.target.closest("[data-comment]");
    if (item && item !== current) focus(item);
  });
  queue.addEventListener("submit", (event) => {
    event.preventDefault();
    const item = event.target.closest("[data-comment]");
    decide(item, event.submitter?.matches("[data-reject]") ? "reject" : "approve");
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const typing = event.target.matches("input[type=text], textarea, select");
    if (typing && event.key !== "Escape") return;
    if (!current) return;
    const boxes = [...current.querySelectorAll("[data-reasons] input[type=checkbox]")];
    if (rejecting) {
      if (/^[1-9]$/.test(event.key) && boxes[Number(event.key) - 1]) {
        boxes[Number(event.key) - 1].checked = !boxes[Number(event.key) - 1].checked;
      } else if (event.key === "Enter") {
        decide(current, "reject");
      } else if (event.key === "Escape") {
        boxes.forEach((box) => { box.checked = false; });
        stopRejecting();
      } else {
        return;
      }
      event.preventDefault();
      return;
    }
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a": decide(current, "approve"); break;
      case "r":
        rejecting = true;
        reasons(current).classList.add("active");
        reasons(current).scrollIntoView({ block: "nearest", behavior: "smooth" });
        break;
      default: return;
    }
    event.preventDefault();
  });

  focus(current);
})();
