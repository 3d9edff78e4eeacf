// Comment counts on an article list: <script src="https://MAJLIS/count.js" async></script>
// fills every <span data-majlis-count="KEY"></span> with that article's approved-comment
// count, all in one request. With data-majlis-language="ckb" (on the element or the script)
// it reads "3 comments" in that language, from the server's catalogues; otherwise the number.
// data-majlis-site on the script names the site, else the page's origin tells it.
(() => {
  "use strict";
  const script = document.currentScript;
  const ORIGIN = new URL(script ? script.src : "/", location.href).origin;
  const BATCH = 100; // the most keys the server takes at once

  const fill = async () => {
    const spans = Array.from(document.querySelectorAll("[data-majlis-count]"));
    const language = (script && script.dataset.majlisLanguage) || "";
    // One request per language asked for (usually one), a hundred keys at a time.
    const groups = new Map();
    for (const span of spans) {
      const lang = span.dataset.majlisLanguage || language;
      if (!groups.has(lang)) groups.set(lang, []);
      groups.get(lang).push(span);
    }
    for (const [lang, group] of groups) {
      const keys = [...new Set(group.map((span) => span.dataset.majlisCount))];
      for (let i = 0; i < keys.length; i += BATCH) {
        const url = new URL("/api/v1/embed/counts", ORIGIN);
        url.searchParams.set("keys", keys.slice(i, i + BATCH).join(","));
        if (lang) url.searchParams.set("language", lang);
        if (script && script.dataset.majlisSite) url.searchParams.set("site", script.dataset.majlisSite);
        let counts;
        try {
          const response = await fetch(url.href, { credentials: "omit" });
          if (!response.ok) continue;
          counts = (await response.json()).counts;
        } catch (error) {
          continue; // the list still reads without its counts
        }
        for (const span of group) {
          const found = counts[span.dataset.majlisCount];
          if (found) span.textContent = lang ? found.label : String(found.count);
        }
      }
    }
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fill);
  else fill();
})();
