// Majlis on the newsroom's own page: <script src="https://MAJLIS/embed.js" async
// data-majlis-article="KEY" ...> draws the article's moderated thread into #majlis-comments
// (or right after the script), inside a shadow root, so neither page's CSS reaches the other.
// Every word comes from the server, in the article's language; comments are built with
// textContent only, never parsed as HTML. No inline script or style: a page whose CSP allows
// only Majlis's origin can host it. window.Majlis.render(element, options) draws it again,
// for another article, on a single-page site.
(() => {
  "use strict";
  const script = document.currentScript;
  const ORIGIN = new URL(script ? script.src : "/", location.href).origin;
  const TEXT_SCALE = "majlis.textScale";
  const STEPS = [0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];
  // The one sentence said before the server has answered, when it cannot be reached at all.
  const UNREACHABLE = "The comments could not be loaded.";
  const renders = new WeakMap(); // element -> the render in progress, so an older one stops

  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name === "class") node.className = value;
      else if (name === "hidden") node.hidden = true;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    node.append(...children.filter(Boolean));
    return node;
  };

  // Plain text as paragraphs, as the article page's linebreaks filter shows it.
  const paragraphs = (text) =>
    text.split(/\n\s*\n/).filter((p) => p.trim()).map((p) => {
      const para = el("p");
      p.split("\n").forEach((line, i) => { if (i) para.append(el("br")); para.append(line); });
      return para;
    });

  const api = (path, query = {}) => {
    const url = new URL(`/api/v1/${path}`, ORIGIN);
    for (const [name, value] of Object.entries(query)) if (value) url.searchParams.set(name, value);
    return url.href;
  };

  const getJSON = async (url, init = {}) => {
    const response = await fetch(url, { credentials: "omit", ...init });
    let data = {};
    try { data = await response.json(); } catch (error) { /* no JSON: the status says it */ }
    return { status: response.status, ok: response.ok, data };
  };

  const postJSON = (url, body, headers = {}) => getJSON(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", ...headers },
    body: JSON.stringify(body),
  });

  // A key for each submission attempt: a retry of the same request stores one comment.
  const newKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)),
    (b) => b.toString(16).padStart(2, "0")).join("");

  // The reader's name from a sign-in token's payload, for display only: the server checks it.
  const ssoName = (token) => {
    try {
      const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      const binary = atob(part + "===".slice((part.length + 3) % 4));
      const name = JSON.parse(new TextDecoder().decode(
        Uint8Array.from(binary, (c) => c.charCodeAt(0)))).name;
      return typeof name === "string" ? name : "";
    } catch (error) {
      return "";
    }
  };

  const canonical = () => {
    const link = document.querySelector("link[rel=canonical][href]");
    return link ? link.href : "";
  };

  // The article's thread, then the registration if the site lets articles register.
  const loadArticle = async (options) => {
    try {
      return await askForArticle(options);
    } catch (error) {
      throw error instanceof Refusal ? error : new Refusal(UNREACHABLE);
    }
  };

  class Refusal extends Error {}

  const askForArticle = async (options) => {
    const query = { site: options.site, language: options.language };
    let answer = await getJSON(api(`embed/articles/${encodeURIComponent(options.article)}`, query),
      { headers: { Accept: "application/json" } });
    if (answer.status === 404 && answer.data.registers) {
      const url = options.url || canonical() || location.href.split("#")[0];
      answer = await postJSON(api("embed/articles", { site: options.site }), {
        key: options.article,
        title: options.title || document.title || options.article,
        url,
        language: options.language || null,
      });
    }
    if (!answer.ok) throw new Refusal(answer.data.detail || UNREACHABLE);
    return answer.data;
  };

  const sheet = (path) => el("link", { rel: "stylesheet", href: new URL(path, ORIGIN).href });

  async function render(element, options) {
    const me = {};
    renders.set(element, me);
    const current = () => renders.get(element) === me;
    const shadow = element.shadowRoot || element.attachShadow({ mode: "open" });
    const sheets = [sheet("/static/majlis/site.css"), sheet("/static/embed/embed.css")];
    const frame = el("div", { class: "majlis-reset", hidden: true });
    // Shown once styled, so the reader never sees the bare markup flash by.
    Promise.all(sheets.map((link) => new Promise((done) => {
      link.addEventListener("load", done);
      link.addEventListener("error", done);
    }))).then(() => { frame.hidden = false; });
    shadow.replaceChildren(...sheets, frame);
    let data;
    try {
      data = await loadArticle(options);
    } catch (error) {
      if (!current()) return;
      frame.replaceChildren(el("div", { class: "majlis" },
        el("p", { class: "notice refused", role: "alert" },
          el("span", { class: "error", text: error.message || UNREACHABLE }))));
      return;
    }
    if (!current()) return;
    frame.replaceChildren(thread(data, options, current));
  }

  function thread(data, options, current) {
    const s = data.strings;
    const article = data.article;
    const root = el("div", { class: "majlis", lang: article.language, dir: data.dir });
    const commentsUrl = `articles/${encodeURIComponent(article.key)}/comments`;
    let order = "oldest";
    let page = 0;

    // Text size, remembered on this page's origin as on Majlis's own pages: the nearest step
    // to what was stored, shown as a percentage, with a way back to 100 %.
    const stored = Number(safeStorage(() => localStorage.getItem(TEXT_SCALE))) || 1;
    let step = STEPS.reduce((best, value, i) =>
      (Math.abs(value - stored) < Math.abs(STEPS[best] - stored) ? i : best), 1);
    const smaller = el("button", { type: "button", "data-step": -1, "aria-label": s.smaller, text: "A-" });
    const larger = el("button", { type: "button", "data-step": 1, "aria-label": s.larger, text: "A+" });
    const shown = el("span", { class: "size", "aria-live": "polite" });
    const reset = el("button", { type: "button", "data-reset": true, text: s.reset });
    const applySize = () => {
      root.style.setProperty("--text-scale", String(STEPS[step]));
      shown.textContent = percent(article.language, STEPS[step]);
      smaller.disabled = step === 0;
      larger.disabled = step === STEPS.length - 1;
      reset.disabled = STEPS[step] === 1;
    };
    const sizer = el("div", { class: "text-size", role: "group", "aria-label": s.text_size },
      smaller, shown, larger, reset);
    applySize();
    sizer.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button) return;
      if (button === reset) step = STEPS.indexOf(1);
      else step = Math.min(STEPS.length - 1, Math.max(0, step + Number(button.dataset.step)));
      safeStorage(() => localStorage.setItem(TEXT_SCALE, String(STEPS[step])));
      applySize();
    });

    const list = el("ol", { class: "thread" });
    const more = el("button", { type: "button", class: "load-more", text: s.load_more, hidden: true });
    const orderLine = el("p", { class: "order" });
    const heading = el("h2", { text: s.heading });
    const when = timeFormat(article.language, data.relative_times);
    const form = article.comments_open ? commentForm(data, options) : null;
    const report = reporter(data, options);

    const load = async () => {
      more.disabled = true;
      const answer = await getJSON(api(commentsUrl, { site: article.site, order, page: page + 1 }));
      if (!current()) return;
      more.disabled = false;
      if (!answer.ok) { more.hidden = false; more.textContent = s.failed; return; }
      page = answer.data.page;
      appendEntries(list, answer.data.items, s, when.date, form, report);
      when.refresh(list);
      more.textContent = s.load_more;
      more.hidden = page >= answer.data.pages;
    };
    more.addEventListener("click", load);

    const showOrder = () => {
      const choice = (name, label) => (order === name
        ? el("strong", { text: label })
        : el("button", { type: "button", class: "link", "data-order": name, text: label }));
      orderLine.replaceChildren(choice("oldest", s.oldest_first), " · ", choice("newest", s.newest_first));
    };
    orderLine.addEventListener("click", (event) => {
      const button = event.target.closest("[data-order]");
      if (!button) return;
      order = button.dataset.order;
      page = 0;
      list.replaceChildren();
      showOrder();
      load();
    });
    showOrder();
    orderLine.hidden = article.comment_count < 2;

    const guidelines = el("div", { class: "guidelines" },
      el("p", { class: "moderated" }, el("strong", { text: s.moderated })),
      data.guidelines ? el("div", { class: "guideline-text", dir: "auto" }, ...paragraphs(data.guidelines)) : null);

    root.append(
      el("section", { class: "comments" }, heading, sizer, orderLine, list,
        el("nav", { class: "pager", "aria-label": s.pages }, more)),
      el("section", { class: "respond" }, el("h2", { text: s.join }), guidelines,
        form ? form.node : el("p", { class: "closed", text: s.closed })));
    load();
    const ticking = setInterval(() => {
      if (!root.isConnected && !current()) clearInterval(ticking);
      else when.refresh(list);
    }, 30_000);
    return root;
  }

  const percent = (language, scale) => {
    try {
      return new Intl.NumberFormat(language, { style: "percent" }).format(scale);
    } catch (error) {
      return `${Math.round(scale * 100)} %`;
    }
  };

  // "5 minutes ago" in the server's words for the article's language (the same as the article
  // page's: Chromium's Intl has no Kurmanji or Sorani), the date past a month; kept current.
  const timeFormat = (language, words) => {
    const date = dateFormat(language);
    const ago = (iso) => {
      const seconds = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
      if (!words) return null;
      if (seconds < 60) return words.now;
      if (seconds < 3600) return words.minutes[Math.floor(seconds / 60) - 1];
      if (seconds < 86400) return words.hours[Math.floor(seconds / 3600) - 1];
      return words.days[Math.floor(seconds / 86400) - 1] || null;
    };
    const refresh = (within) => {
      for (const time of within.querySelectorAll("time[datetime]")) {
        time.textContent = ago(time.getAttribute("datetime")) || time.title;
      }
    };
    return { date, refresh };
  };

  const safeStorage = (run) => { try { return run(); } catch (error) { return null; } };

  const dateFormat = (language) => {
    let format;
    try {
      format = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" });
    } catch (error) {
      format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
    }
    return (iso) => format.format(new Date(iso));
  };

  // A page of the API's thread (each comment with its depth, replies after their parent)
  // as nested lists, indented down to three levels as on the article page.
  function appendEntries(list, items, s, when, form, report) {
    const lists = [list];
    let previous = null;
    let skipping = false;
    for (const comment of items) {
      // Newest first, a thread approved meanwhile shifts the pages: skip threads shown.
      if (comment.depth === 0) skipping = Boolean(list.querySelector(`[data-id="${comment.id}"]`));
      if (skipping) continue;
      if (comment.depth >= lists.length && previous) {
        const nested = el("ol", { class: comment.depth <= 3 ? "thread nested" : "thread" });
        previous.append(nested);
        lists.push(nested);
      }
      lists.length = Math.min(lists.length, comment.depth + 1);
      const reply = form
        ? el("button", { type: "button", class: "reply", text: s.reply })
        : null;
      if (reply) reply.addEventListener("click", () => form.replyTo(comment, reply));
      previous = el("li", { class: "comment", "data-id": comment.id },
        el("article", {},
          el("header", {},
            el("span", { class: "author", dir: "auto", text: comment.author_name }),
            el("time", { class: "permalink", datetime: comment.created_at, title: when(comment.created_at), text: when(comment.created_at) })),
          el("div", { class: "comment-body", dir: "auto", lang: comment.language || null },
            ...paragraphs(comment.body)),
          reply, report(comment)));
      lists[lists.length - 1].append(previous);
    }
  }

  // The random id this browser keeps for Majlis on this page's origin, so that readers
  // behind one address can each report a comment once (the server keeps only a digest).
  const READER_ID = "majlis.readerId";
  const readerId = () => {
    let id = safeStorage(() => localStorage.getItem(READER_ID));
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(id || "")) {
      id = newKey();
      safeStorage(() => localStorage.setItem(READER_ID, id));
    }
    return id;
  };

  // "Report" under each comment: a small form opened in place, posted to
  // /api/v1/comments/{id}/reports. The notice fields show for illegal content only.
  function reporter(data, options) {
    const s = data.strings;
    const r = s.report_form;
    return (comment) => {
      const toggle = el("button", { type: "button", class: "link report", text: s.report });
      const holder = el("div", { class: "report-holder" }, toggle);
      toggle.addEventListener("click", () => {
        const open = holder.querySelector("form, .notice");
        if (open) { open.remove(); return; }
        const node = reportForm(comment, r, s, options);
        holder.append(node);
        node.querySelector("input").focus();
      });
      return holder;
    };
  }

  function reportForm(comment, r, s, options) {
    const id = (field) => `majlis-report-${comment.id}-${field}`;
    const slot = (key) => el("div", { class: "error", "data-error-for": key });
    const field = (key, label, control, help) => el("div", { class: "field" },
      el("label", { for: id(key), text: label }), control,
      help ? el("small", { class: "help", text: help }) : null, slot(key));
    const check = (key, label) => el("div", { class: "field" },
      el("label", {}, el("input", { type: "checkbox", id: id(key), name: key }), " ", label), slot(key));
    const reasons = el("fieldset", { class: "field" }, el("legend", { text: r.legend }),
      ...r.reasons.map((reason) => el("label", { class: "choice" },
        el("input", { type: "radio", name: "reason", value: reason.value }), " ", reason.label)),
      slot("reason"));
    const notice = el("fieldset", { class: "notice-fields", hidden: true },
      el("legend", { text: r.notice_legend }), el("p", { class: "help", text: r.notice_help }),
      field("notifier_name", r.name, el("input", { type: "text", id: id("notifier_name"), name: "notifier_name", autocomplete: "name", dir: "auto", maxlength: 120 })),
      field("notifier_email", r.email, el("input", { type: "email", id: id("notifier_email"), name: "notifier_email", autocomplete: "email", dir: "ltr" }), r.email_help),
      check("concerns_child_abuse", r.child_abuse), check("good_faith", r.good_faith));
    const honeypot = el("input", { type: "text", id: id("website"), name: "website", tabindex: -1, autocomplete: "off" });
    const submit = el("button", { type: "submit", text: r.send });
    const message = el("div", { class: "notice", role: "status", "aria-live": "polite", hidden: true });
    const node = el("form", { class: "report-form", novalidate: true }, message, reasons,
      field("note", r.note, el("textarea", { id: id("note"), name: "note", rows: 3, dir: "auto", maxlength: 1000 })),
      notice,
      el("div", { class: "hp", "aria-hidden": "true" }, el("label", { for: id("website"), text: s.honeypot }), honeypot),
      submit);
    node.addEventListener("change", () => { notice.hidden = node.elements.reason.value !== "illegal"; });
    const show = (text, isError) => {
      message.hidden = false;
      message.replaceChildren(el("span", { class: isError ? "error" : null, text }));
    };
    node.addEventListener("submit", async (event) => {
      event.preventDefault();
      node.querySelectorAll("[data-error-for]").forEach((e) => { e.textContent = ""; });
      const f = node.elements;
      const body = {
        reason: f.reason.value, note: f.note.value, website: honeypot.value, reader_id: readerId(),
        notifier_name: f.notifier_name.value, notifier_email: f.notifier_email.value,
        concerns_child_abuse: f.concerns_child_abuse.checked, good_faith: f.good_faith.checked,
      };
      if (options.sso) body.sso = options.sso;
      submit.disabled = true;
      try {
        const answer = await postJSON(api(`comments/${comment.id}/reports`), body);
        if (answer.status === 202) {
          node.replaceWith(el("p", { class: "notice", role: "status", text: answer.data.message || r.thanks }));
          return;
        }
        const general = [answer.data.detail || s.failed];
        for (const [key, messages] of Object.entries(answer.data.errors || {})) {
          const target = node.querySelector(`[data-error-for="${key}"]`);
          if (target) target.textContent = messages.join(" ");
          else general.push(messages.join(" "));
        }
        show(general.join(" "), true);
      } catch (error) {
        show(s.failed, true);
      } finally {
        submit.disabled = false;
      }
    });
    return node;
  }

  function commentForm(data, options) {
    const s = data.strings;
    const article = data.article;
    const name = ssoName(options.sso || "");
    const id = (field) => `majlis-${field}`;
    const field = (key, label, control, help) => el("div", { class: "field" },
      el("label", { for: id(key), text: label }), control,
      help ? el("small", { class: "help", text: help }) : null,
      el("div", { class: "error", id: id(`${key}-error`), "data-error-for": key }));
    const input = (key, attrs) => el("input", { id: id(key), name: key, ...attrs });

    const nameField = field("author_name", s.name,
      input("author_name", { type: "text", autocomplete: "name", dir: "auto", maxlength: 80 }));
    const emailField = field("author_email", s.email,
      input("author_email", { type: "email", autocomplete: "email", dir: "ltr" }), s.email_help);
    const text = el("textarea", { id: id("body"), name: "body", rows: 6, dir: "auto" });
    const honeypot = input("website", { type: "text", tabindex: -1, autocomplete: "off" });
    const notice = el("div", { class: "notice", role: "status", "aria-live": "polite", hidden: true });
    const replyingTo = el("span", { dir: "auto" });
    const cancel = el("button", { type: "button", text: s.cancel });
    const replying = el("p", { class: "replying", hidden: true }, s.replying_to, " ", replyingTo, " ", cancel);
    const submit = el("button", { type: "submit", text: s.post });
    const signedIn = options.sso
      ? el("p", { class: "commenting-as", text: name ? s.commenting_as.split("%(name)s").join(name) : "" })
      : null;
    if (options.sso) { nameField.hidden = true; emailField.hidden = true; }
    const node = el("form", { class: "comment-form", novalidate: true },
      notice, replying, el("div", { class: "error", "data-error-for": "parent_id" }),
      signedIn, nameField, emailField, field("body", s.comment, text),
      el("div", { class: "hp", "aria-hidden": "true" },
        el("label", { for: id("website"), text: s.honeypot }), honeypot),
      submit);
    let parent = null;

    // A reply's form stands under the comment it answers; otherwise at the foot, its home.
    let home = null;
    let replyButton = null;
    const setReply = (comment, button) => {
      parent = comment ? comment.id : null;
      replying.hidden = !comment;
      replyingTo.textContent = comment ? comment.author_name : "";
      if (!home) home = node.parentNode;
      const item = button && button.closest("li");
      if (item) item.querySelector(":scope > article").after(node);
      else if (home) home.append(node);
      replyButton = button || null;
    };
    cancel.addEventListener("click", () => {
      const button = replyButton;
      setReply(null);
      button?.focus();
    });

    const show = (message, isError) => {
      notice.hidden = false;
      notice.replaceChildren(el("span", { class: isError ? "error" : null, text: message }));
    };

    node.addEventListener("submit", async (event) => {
      event.preventDefault();
      node.querySelectorAll("[data-error-for]").forEach((slot) => { slot.textContent = ""; });
      node.querySelectorAll(".field.invalid").forEach((f) => f.classList.remove("invalid"));
      node.querySelectorAll("[aria-invalid]").forEach((control) => {
        control.removeAttribute("aria-invalid");
        control.removeAttribute("aria-describedby");
      });
      const body = { body: text.value, parent_id: parent, token: data.form_token, website: honeypot.value };
      if (options.sso) body.sso = options.sso;
      else {
        body.author_name = node.elements.author_name.value;
        body.author_email = node.elements.author_email.value;
      }
      submit.disabled = true;
      try {
        const url = api(`articles/${encodeURIComponent(article.key)}/comments`, { site: article.site });
        const answer = await postJSON(url, body, { "Idempotency-Key": newKey() });
        if (answer.status === 202) {
          text.value = "";
          const answered = replyButton && replyButton.closest("li");
          setReply(null);
          if (answered) {
            // Thanked where the reader is; the form went back to the foot of the thread.
            answered.querySelector(":scope > article").after(
              el("p", { class: "notice", role: "status", text: s.thanks }));
          } else {
            show(s.thanks, false);
          }
        } else if (answer.status === 400 && answer.data.errors) {
          const general = [s.correct_form];
          let first = null;
          for (const [key, messages] of Object.entries(answer.data.errors)) {
            const slot = node.querySelector(`[data-error-for="${key}"]`);
            const control = node.elements[key];
            if (slot && !slot.closest("[hidden]")) {
              slot.textContent = messages.join(" ");
              slot.closest(".field")?.classList.add("invalid");
              if (control) {
                // Said to assistive technology too; the first bad field takes the focus.
                control.setAttribute("aria-invalid", "true");
                control.setAttribute("aria-describedby", slot.id);
                first = first || control;
              }
            } else {
              general.push(messages.join(" "));
            }
          }
          show(general.join(" "), true);
          first?.focus();
        } else {
          show(answer.data.detail || s.failed, true);
        }
      } catch (error) {
        show(s.failed, true);
      } finally {
        submit.disabled = false;
      }
    });

    const replyTo = (comment, button) => {
      setReply(comment, button);
      node.scrollIntoView({ behavior: "smooth", block: "nearest" });
      text.focus();
    };
    return { node, replyTo };
  }

  window.Majlis = { render: (element, options) => render(element, { ...options }) };

  // The script tag's own data attributes draw the thread where the page asks for it.
  const tag = script && script.dataset;
  if (!tag || !tag.majlisArticle) return;
  const options = {
    article: tag.majlisArticle,
    title: tag.majlisTitle,
    url: tag.majlisUrl,
    language: tag.majlisLanguage,
    site: tag.majlisSite,
    sso: tag.majlisSso,
  };
  const start = () => {
    let target = document.getElementById("majlis-comments");
    if (!target) {
      target = el("div", { id: "majlis-comments" });
      script.after(target);
    }
    render(target, options);
  };
  if (document.readyState === "loading" && !document.getElementById("majlis-comments")) {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
