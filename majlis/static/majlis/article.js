// The article page: text size remembered per reader (shown, with a reset), times kept
// current, more comments without a reload, the reply form moved under its comment,
// posting without a reload (bad fields marked for assistive technology), and reporting a
// comment in place.
// Without this script the page still works: the form posts and the server redirects back.
(() => {
  "use strict";
  const KEY = "majlis.textScale";
  const STEPS = [0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];
  const root = document.documentElement;
  const language = root.lang;

  // The size as a percentage in the page's language ("110 %", "%110", "١١٠٪").
  const percent = (scale) => {
    try {
      return new Intl.NumberFormat(language, { style: "percent" }).format(scale);
    } catch (error) {
      return `${Math.round(scale * 100)} %`;
    }
  };

  const sizer = document.querySelector("[data-text-size]");
  if (sizer) {
    // The nearest step to what was stored, so a step list changed by a release still holds.
    const stored = Number(localStorage.getItem(KEY)) || 1;
    let index = STEPS.reduce((best, step, i) =>
      (Math.abs(step - stored) < Math.abs(STEPS[best] - stored) ? i : best), 1);
    const shown = sizer.querySelector("[data-size]");
    const reset = sizer.querySelector("[data-reset]");
    const apply = () => {
      root.style.setProperty("--text-scale", String(STEPS[index]));
      shown.textContent = percent(STEPS[index]);
      sizer.querySelector("[data-step='-1']").disabled = index === 0;
      sizer.querySelector("[data-step='1']").disabled = index === STEPS.length - 1;
      reset.disabled = STEPS[index] === 1;
    };
    apply();
    sizer.hidden = false;
    sizer.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button) return;
      if (button.hasAttribute("data-reset")) index = STEPS.indexOf(1);
      else index = Math.min(STEPS.length - 1, Math.max(0, index + Number(button.dataset.step)));
      localStorage.setItem(KEY, String(STEPS[index]));
      apply();
    });
  }

  // "5 minutes ago", kept current: a cached page may be minutes old. The words come from the
  // server in the page's language; past a month the date the server wrote stays.
  const words = JSON.parse(document.getElementById("relative-times")?.textContent || "null");
  const ago = (iso) => {
    const seconds = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
    if (seconds < 60) return words.now;
    if (seconds < 3600) return words.minutes[Math.floor(seconds / 60) - 1];
    if (seconds < 86400) return words.hours[Math.floor(seconds / 3600) - 1];
    return words.days[Math.floor(seconds / 86400) - 1] || null;
  };
  const refreshTimes = (within) => {
    if (!words) return;
    for (const time of within.querySelectorAll("time[data-relative]")) {
      const text = ago(time.getAttribute("datetime"));
      time.textContent = text || time.title;
    }
  };
  refreshTimes(document);
  setInterval(() => refreshTimes(document), 30_000);

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
          if (!document.getElementById(item.id)) {
            const adopted = document.adoptNode(item);
            refreshTimes(adopted);
            thread.append(adopted);
          }
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
  const respond = document.querySelector("[data-respond]");
  const home = document.querySelector("[data-respond-home]");
  const notice = respond.querySelector("[data-notice]");
  const parent = form.querySelector("[data-parent]");
  const replying = form.querySelector("[data-replying]");
  const text = form.querySelector("textarea");

  // A reply's form stands under the comment it answers, before that comment's replies.
  const setReply = (id, author) => {
    parent.value = id || "";
    replying.hidden = !id;
    replying.querySelector("[data-replying-to]").textContent = author || "";
    const item = id && document.getElementById(`comment-${id}`);
    if (item) item.querySelector(":scope > article").after(respond);
    else home.append(respond);
  };
  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-reply]");
    if (!link) return;
    event.preventDefault();
    setReply(link.dataset.reply, link.dataset.author);
    notice.hidden = true;
    respond.scrollIntoView({ behavior: "smooth", block: "nearest" });
    text.focus();
  });
  replying.querySelector("[data-cancel-reply]").addEventListener("click", (event) => {
    event.preventDefault();
    const id = parent.value;
    setReply("", "");
    document.querySelector(`#comment-${id} [data-reply]`)?.focus();
  });

  const show = (where, message, isError) => {
    where.hidden = false;
    where.replaceChildren();
    const span = document.createElement("span");
    span.textContent = message; // textContent: nothing a server echoes is ever parsed as HTML
    if (isError) span.className = "error";
    where.append(span);
  };

  const clearErrors = () => {
    form.querySelectorAll("[data-error-for]").forEach((slot) => { slot.textContent = ""; });
    form.querySelectorAll(".field.invalid").forEach((field) => field.classList.remove("invalid"));
    form.querySelectorAll("[aria-invalid]").forEach((control) => {
      control.removeAttribute("aria-invalid");
      const described = (control.getAttribute("aria-describedby") || "").split(" ")
        .filter((id) => id && !id.endsWith("_error"));
      if (described.length) control.setAttribute("aria-describedby", described.join(" "));
      else control.removeAttribute("aria-describedby");
    });
  };

  // Each bad field says so to assistive technology, and the first one takes the focus.
  const markErrors = (errors) => {
    let first = null;
    let general = "";
    for (const [name, messages] of Object.entries(errors)) {
      const slot = form.querySelector(`[data-error-for="${name}"]`);
      const control = form.elements[name];
      if (!slot || !control) {
        general += " " + messages.join(" ");
        continue;
      }
      slot.textContent = messages.join(" ");
      slot.closest(".field").classList.add("invalid");
      control.setAttribute("aria-invalid", "true");
      const described = new Set((control.getAttribute("aria-describedby") || "").split(" "));
      described.add(slot.id);
      control.setAttribute("aria-describedby", [...described].filter(Boolean).join(" "));
      first = first || control;
    }
    return { first, general };
  };

  // A page shown again after a refused post (without the script) focuses its first bad field.
  form.querySelector("[aria-invalid=true]")?.focus();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    clearErrors();
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
      });
      const data = await response.json();
      if (response.status === 202) {
        text.value = "";
        const answered = parent.value && document.getElementById(`comment-${parent.value}`);
        if (answered) {
          // Thanked where the reader is; the form goes back to the foot of the thread.
          const thanks = document.createElement("p");
          thanks.className = "notice";
          thanks.setAttribute("role", "status");
          answered.querySelector(":scope > article").after(thanks);
          setReply("", "");
          show(thanks, data.message, false);
        } else {
          setReply("", "");
          show(notice, data.message, false);
        }
      } else {
        const { first, general } = markErrors(data.errors || {});
        show(notice, `${data.detail || ""}${general}`, true);
        (first || notice).focus?.();
      }
    } catch (error) {
      form.submit(); // the network or the script failed: fall back to a plain post
    } finally {
      button.disabled = false;
    }
  });
})();
