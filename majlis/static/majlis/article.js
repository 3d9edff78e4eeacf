// The article page: text size remembered per reader, more comments without a reload,
// replies, posting without a reload, and reporting a comment in place.
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

  // "Report": the comment's report form, fetched from its own page (the link's address,
  // which a reader without this script simply opens) and shown under the comment; it posts
  // in the background. The fields of a notice of illegal content show for that reason only.
  const note = (text, isError) => {
    const p = document.createElement("p");
    p.className = "notice";
    p.setAttribute("role", isError ? "alert" : "status");
    const span = document.createElement("span");
    span.textContent = text; // textContent: nothing a server echoes is ever parsed as HTML
    if (isError) span.className = "error";
    p.append(span);
    return p;
  };
  const reportForm = (report) => {
    const notice = report.querySelector("[data-notice-fields]");
    const sync = () => { notice.hidden = report.elements.reason.value !== "illegal"; };
    report.addEventListener("change", sync);
    sync();
    report.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = report.querySelector("button[type=submit]");
      report.querySelectorAll("[data-error-for]").forEach((el) => { el.textContent = ""; });
      report.querySelectorAll(".invalid").forEach((el) => el.classList.remove("invalid"));
      report.querySelector(":scope > .notice")?.remove();
      button.disabled = true;
      try {
        const response = await fetch(report.action, {
          method: "POST", body: new FormData(report), headers: { Accept: "application/json" },
        });
        const data = await response.json();
        if (response.status === 202) {
          report.replaceWith(note(data.message, false));
          return;
        }
        let general = data.detail || "";
        for (const [name, messages] of Object.entries(data.errors || {})) {
          const slot = report.querySelector(`[data-error-for="${name}"]`);
          if (slot) {
            slot.textContent = messages.join(" ");
            slot.closest(".field")?.classList.add("invalid");
          } else {
            general += " " + messages.join(" ");
          }
        }
        report.prepend(note(general, true));
      } catch (error) {
        report.submit(); // the network or the script failed: fall back to a plain post
      } finally {
        button.disabled = false;
      }
    });
  };
  document.querySelectorAll("[data-report-form]").forEach(reportForm);
  document.addEventListener("click", async (event) => {
    const link = event.target.closest("[data-report]");
    if (!link) return;
    event.preventDefault();
    const shown = link.parentElement.querySelector("[data-report-form], .notice");
    if (shown) { shown.remove(); return; } // a second click closes it
    try {
      const response = await fetch(link.href, { headers: { Accept: "text/html" } });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const report = page.querySelector("[data-report-form]");
      if (!report) {
        const refusal = page.querySelector(".notice");
        link.after(note(refusal ? refusal.textContent.trim() : String(response.status), true));
        return;
      }
      link.after(document.adoptNode(report));
      reportForm(report);
      report.querySelector("input[name=reason]").focus();
    } catch (error) {
      window.location.href = link.href; // the fetch failed: open the report page instead
    }
  });

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
