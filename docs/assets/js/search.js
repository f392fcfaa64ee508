/* Search box: Material's header search, answered by Pagefind.
 *
 * Loaded when the reader goes to the search box (assets/js/site.js), not with
 * every page: it takes over from there, with what was typed meanwhile. The
 * index (site/pagefind/, built by hooks/search.py) is loaded on first use, in
 * the page's own language: Pagefind picks the index from <html lang>.
 * Keyboard: Tab reaches the field (or, on a phone, the header's button: Enter
 * opens); arrows move between the results; Enter opens one; Esc closes. No
 * single-key shortcut (WCAG 2.1.4, RGAA 12.10): a key typed outside a field
 * does nothing here. The field's own strings come from the page
 * (overrides/partials/search.html); the rest (messages, filters, "more") is
 * below, in both languages, and built here: kept out of every page (issue 15,
 * the markup around the text).
 */
(() => {
  "use strict";
  const box = document.querySelector("[data-search]");
  const toggle = document.getElementById("__search");
  if (!box || !toggle) return;

  const input = box.querySelector("[data-search-input]");
  const meta = box.querySelector("[data-search-meta]");
  const list = box.querySelector("[data-search-results]");
  const opener = document.querySelector("[data-search-open]");
  const BATCH = 3; // results whose text is fetched at a time (see README, search budget)

  const MESSAGES = {
    fr: {
      loading: "Chargement de la recherche…",
      none: "Aucun résultat pour « {q} »",
      one: "1 résultat pour « {q} »",
      other: "{n} résultats pour « {q} »",
      filtered: "{m} (filtres : {f})",
      preview: "La recherche n’est pas disponible dans l’aperçu local : « make build » la construit.",
      error: "La recherche n’a pas pu être chargée.",
      more: "Afficher plus de résultats",
      filters: "Filtrer les résultats",
      legend: "Ne montrer que",
      organisation: "Organisation",
      year: "Année de la réunion",
      kind: "Type de document",
      any: "Toutes",
    },
    en: {
      loading: "Loading search…",
      none: "No results for “{q}”",
      one: "1 result for “{q}”",
      other: "{n} results for “{q}”",
      filtered: "{m} (filters: {f})",
      preview: "Search is not available in the live preview: “make build” builds it.",
      error: "Search could not be loaded.",
      more: "Show more results",
      filters: "Filter the results",
      legend: "Show only",
      organisation: "Organisation",
      year: "Year of the meeting",
      kind: "Kind of document",
      any: "All",
    },
  };
  const strings = { ...MESSAGES[document.documentElement.lang.startsWith("en") ? "en" : "fr"],
                    start: meta.textContent };   // the box's first message, from the page
  const t = (key, vars = {}) => strings[key].replace(/\{(\w+)\}/g, (_, k) => vars[k]);

  /* Built here, not in every page: the filters (organisation, year, kind:
     hooks/search_filters.py; their values load when opened), above the
     result count, and "show more", below the results. */
  const el = (tag, props = {}, ...children) => {
    const e = Object.assign(document.createElement(tag), props);
    e.append(...children);
    return e;
  };
  const FILTERS = ["organisation", "year", "kind"];
  const selects = FILTERS.map((key) => {
    const s = el("select", { id: `search-filter-${key}`, name: key }, new Option(t("any"), ""));
    s.setAttribute("data-search-filter", "");
    return s;
  });
  const filterBox = el("details", { className: "search-filters" }, el("summary", {}, t("filters")),
    el("fieldset", {}, el("legend", { className: "search-visually-hidden" }, t("legend")),
      ...FILTERS.flatMap((key, i) => [el("label", { htmlFor: selects[i].id }, t(key)), selects[i]])));
  filterBox.setAttribute("data-search-filters", "");
  meta.before(filterBox);
  const more = el("button", { type: "button", className: "search-more", hidden: true }, t("more"));
  more.setAttribute("data-search-more", "");
  list.after(more);

  /* Pagefind, loaded once, on first use. */
  let engine = null;
  function load() {
    if (!engine) {
      const bundle = box.getAttribute("data-search-bundle");
      if (!bundle) {
        engine = Promise.reject(new Error("preview"));
      } else {
        const url = new URL(bundle, document.baseURI);
        engine = import(new URL("pagefind.js", url).href).then(async (pf) => {
          // Result URLs are relative to the site root, wherever it is served.
          // An organisation's page carries its name as metadata (hooks/search_filters.py):
          // a search for the name lists that page first.
          await pf.options({ baseUrl: new URL("..", url).pathname, excerptLength: 22, noWorker: true,
                             ranking: { metaWeights: { organisation: 10 } } });
          await pf.init();
          return pf;
        });
      }
      engine.catch(() => {});
    }
    return engine;
  }

  /* Opening and closing: Material's own toggle drives the styles, and its
     "change" event the scroll lock on phones. */
  let returnFocus = null;
  function setOpen(on) {
    if (toggle.checked === on) return;
    toggle.checked = on;
    toggle.dispatchEvent(new Event("change"));
  }
  function open() {
    if (!toggle.checked) returnFocus = document.activeElement;
    setOpen(true);
  }
  const close = () => setOpen(false);
  toggle.addEventListener("change", () => {
    if (toggle.checked) {
      if (document.activeElement !== input) input.focus();
      prepare();
    } else {
      input.blur();
      if (returnFocus && returnFocus !== input && document.contains(returnFocus)) returnFocus.focus();
      returnFocus = null;
    }
  });
  function prepare() {
    if (!input.value) meta.textContent = t("loading");
    load().then(
      () => { if (!input.value) meta.textContent = t("start"); },
      (err) => { meta.textContent = t(err.message === "preview" ? "preview" : "error"); },
    );
  }

  input.addEventListener("focus", () => setOpen(true));
  opener?.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      e.stopPropagation(); // Material would click the label too
      open();
    }
  });
  input.form.addEventListener("submit", (e) => {
    e.preventDefault();
    list.querySelector("a")?.click();
  });
  input.form.addEventListener("reset", () => {
    selects.forEach((s) => { s.value = ""; });
    setTimeout(() => { render(null, ""); input.focus(); });
  });

  /* Searching. */
  let results = [];
  let shown = 0;
  let latest = 0;
  /* Filters: their values are fetched when the reader opens them, not with
     the first search. */
  const chosen = () => Object.fromEntries(selects.filter((s) => s.value).map((s) => [s.name, s.value]));
  let filling = null;
  filterBox.addEventListener("toggle", () => {
    if (!filterBox.open || filling) return;
    filling = load().then((pf) => pf.filters()).then((all) => {
      const collator = new Intl.Collator(document.documentElement.lang);
      for (const select of selects) {
        const values = Object.keys(all[select.name] || {});
        values.sort(select.name === "year" ? (a, b) => b.localeCompare(a) : collator.compare);
        select.append(...values.map((v) => new Option(v, v)));
      }
      filterBox.setAttribute("data-ready", "");
    }, () => { filling = null; });
  });
  selects.forEach((s) => s.addEventListener("change", () => search()));

  async function search() {
    const query = input.value.trim();
    const id = ++latest;
    const filters = chosen();
    const any = Object.keys(filters).length > 0;
    if (!query && !any) return render(null, "");
    let pf;
    try { pf = await load(); } catch (err) { return; }
    const found = await pf.debouncedSearch(query || null, { filters }, 300);
    if (found === null || id !== latest) return; // a newer query is on its way
    render(found.results, query, any ? Object.values(filters).join(", ") : "");
  }
  input.addEventListener("input", search);

  async function render(found, query, filtered = "") {
    const id = latest;
    results = found || [];
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    if (!found) { meta.textContent = t("start"); return; }
    const n = results.length;
    const message = t(n === 0 ? "none" : n === 1 ? "one" : "other", { n, q: query || "…" });
    meta.textContent = filtered ? t("filtered", { m: message, f: filtered }) : message;
    await showMore(id);
  }

  async function showMore(id = latest) {
    const batch = results.slice(shown, shown + BATCH);
    const data = await Promise.all(batch.map((r) => r.data()));
    if (id !== latest) return [];
    shown += batch.length;
    const items = data.map(item);
    list.append(...items);
    more.hidden = shown >= results.length;
    return items;
  }
  more.addEventListener("click", async () => {
    const items = await showMore();
    items[0]?.querySelector("a")?.focus();
  });

  function item(data) {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    li.append(link(data.url, data.meta.title, data.excerpt, "search-result__title", true));
    const page = data.url.split("#")[0];
    data.sub_results
      .filter((sub) => sub.url !== page && sub.anchor?.element !== "h1")
      .slice(0, 2)
      // A section whose excerpt is the page's own shows its heading only.
      .forEach((sub) => li.append(link(sub.url, sub.title, sub.excerpt === data.excerpt ? "" : sub.excerpt,
                                       "search-result__section")));
    return li;
  }

  /* The index splits French elisions (« l’ urgence », hooks/search.py) so that
     « urgence » finds « l’urgence »: join them again for the reader. */
  const ELIDED = /(^|[^\p{L}])((?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)[’']) (?=(?:<mark>)?\p{L})/giu;
  const french = document.documentElement.lang.startsWith("fr");
  const joined = (text) => (french && text ? text.replace(ELIDED, "$1$2") : text);

  function link(href, title, excerpt, titleClass, icon = false) {
    const a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = href;
    const article = document.createElement("div");
    article.className = "md-search-result__article md-typeset";
    if (icon) {
      const i = document.createElement("div");
      i.className = "md-search-result__icon md-icon";
      article.append(i);
    }
    const p = document.createElement("p");
    p.className = titleClass;
    p.textContent = joined(title);
    article.append(p);
    if (excerpt) {
      const teaser = document.createElement("p");
      teaser.className = "search-result__teaser";
      teaser.innerHTML = joined(excerpt); // Pagefind escapes the text and adds <mark>
      article.append(teaser);
    }
    a.append(article);
    return a;
  }

  /* Same-page results: close the box so the reader sees the section. */
  list.addEventListener("click", (e) => {
    const a = e.target.closest("a");
    if (a && a.pathname === location.pathname) close();
  });

  /* Keyboard. */
  const focusables = () => [input, ...list.querySelectorAll("a"), ...(more.hidden ? [] : [more])];
  box.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { e.preventDefault(); close(); return; }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const all = focusables();
    const at = all.indexOf(document.activeElement);
    if (at < 0) return;
    const next = at + (e.key === "ArrowDown" ? 1 : -1);
    if (next < 0 || next >= all.length) return;
    e.preventDefault();
    all[next].focus();
    all[next].scrollIntoView({ block: "nearest" });
  });

  /* Esc closes the box wherever the focus is (its overlay, the page behind).
     No other key outside a field: no single-key shortcut (RGAA 12.10). */
  document.addEventListener("keydown", (e) => {
    if (toggle.checked && e.key === "Escape" && !e.defaultPrevented) close();
  });

  /* What the reader did before this script arrived (assets/js/site.js): the
     box opened from the header's button (focus goes back there on close), or
     the field focused, with what they typed so far. */
  if (toggle.checked) {
    returnFocus = opener;
    if (document.activeElement !== input) input.focus();
    prepare();
  } else if (document.activeElement === input) {
    setOpen(true);
  }
  if (input.value.trim()) search();
  box.setAttribute("data-search-ready", "");
})();
