// The article page: text size remembered per reader, more comments without a reload,
// replies, and posting without a reload.
// Without this script the page still works: the form posts and the server redirects back.
(() => {
  "use strict";
  const KEY = "majlis.textScale";
  const STEPS = [0.875, 1, 1.125, 1.25, 1.5, 1.75];
  const root = document.documentElement;

  const sizer = document.querySelector("[data-text-size]");
  if (sizer) {
    let index = STEPS.indexOf(Number(localStorage.getItem(KEY)));
    if (index < 0) index = 1;
    const apply = () => root.style.setProperty("--text-scale", String(STEPS[index]));
    apply();
    sizer.hidden = false;
    sizer.addEventListener("click", (event) => {
      const step = Number(event.target.closest("button")?.dataset.step || 0);
      index = Math.min(STEPS.length - 1, Math.max(0, index + step));
      localStorage.setItem(KEY, String(STEPS[index]));
      apply();
    });
  }

  // "Load more comments": fetch the next page (the same address the plain link goes to, so
  // the cached page serves it) and append its threads to this one.
  const next = document.querySelector("[data-next]");
  const thread = document.querySelector("[data-thread]");
  if (next && thread) {
    const more = document.createElement("button");
    more.type = "button";
    more.className = "load-more";
    more.textContent = next.dataset.loadMore;
    next.hidden = true;
    next.after(more);
    more.addEventListener("click", async () => {
      more.disabled = true;
      try {
        const response = await fetch(next.href, { headers: { Accept: "text/html" } });
        if (!response.ok) throw new Error(String(response.status));
        // Parsed as an inert document: nothing in it runs, and its comments arrive escaped
        // exactly as on a page load.
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        for (const item of page.querySelectorAll("[data-thread] > li")) {
          // Newest first, a thread approved meanwhile shifts the pages: skip what is shown.
          if (!document.getElementById(item.id)) thread.append(document.adoptNode(item));
        }
        const following = page.querySelector("[data-next]");
        if (following) {
          next.href = new URL(following.getAttribute("href"), response.url).href;
          more.disabled = false;
        } else {
          more.remove();
        }
      } catch (error) {
        window.location.href = next.href; // the fetch failed: follow the plain link instead
      }
    });
  }

  const form = document.querySelector("[data-comment-form]");
  if (!form) return;
  const notice = document.querySelector("[data-notice]");
  const parent = form.querySelector("[data-parent]");
  const replying = form.querySelector("[data-replying]");

  const setReply = (id, author) => {
    parent.value = id || "";
    replying.hidden = !id;
    replying.querySelector("[data-replying-to]").textContent = author || "";
  };
  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-reply]");
    if (!link) return;
    event.preventDefault();
    setReply(link.dataset.reply, link.dataset.author);
    form.scrollIntoView({ behavior: "smooth" });
    form.querySelector("textarea").focus();
  });
  replying.querySelector("[data-cancel-reply]").addEventListener("click", () => setReply("", ""));

  const show = (text, isError) => {
    notice.hidden = false;
    notice.replaceChildren();
    const span = document.createElement("span");
    span.textContent = text; // textContent: nothing a server echoes is ever parsed as HTML
    if (isError) span.className = "error";
    notice.append(span);
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    form.querySelectorAll("[data-error-for]").forEach((el) => { el.textContent = ""; });
    form.querySelectorAll(".field.invalid").forEach((el) => el.classList.remove("invalid"));
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
      });
      const data = await response.json();
      if (response.status === 202) {
        form.querySelector("textarea").value = "";
        setReply("", "");
        show(data.message, false);
      } else {
        const errors = data.errors || {};
        let general = data.detail || "";
        for (const [name, messages] of Object.entries(errors)) {
          const slot = form.querySelector(`[data-error-for="${name}"]`);
          if (slot) {
            slot.textContent = messages.join(" ");
            slot.closest(".field").classList.add("invalid");
          } else {
            general += " " + messages.join(" ");
          }
        }
        show(general, true);
      }
    } catch (error) {
      form.submit(); // the network or the script failed: fall back to a plain post
    } finally {
      button.disabled = false;
    }
  });
})();
