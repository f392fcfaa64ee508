/* The site's script on every page, kept small (issue 15: what a first visit
 * downloads beyond the text):
 *  1. assets/js/search.js, fetched when the reader goes to the search box:
 *     focus, a pointer or a finger on the field or on the header's button, or
 *     the box opened. What they type meanwhile stays in the field, and
 *     search.js takes it from there; until then, opening the box from the
 *     header's button (tap, Enter or Space) puts the focus in the field here;
 *  2. assets/js/tooltips.js, fetched on the first hover, focus or tap of an
 *     acronym (hooks/glossary.py), and handed that first event;
 *  3. the navigation drawer by keyboard.
 */
(() => {
  "use strict";
  const here = document.currentScript.src;
  const loading = {};
  const load = (name) => (loading[name] ||= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL(name, here).href;
    script.addEventListener("load", resolve);
    script.addEventListener("error", () => { delete loading[name]; reject(new Error(name)); });
    document.head.append(script);
  }));

  /* 1. Search. */
  const box = document.querySelector("[data-search]");
  const toggle = document.getElementById("__search");
  const input = box?.querySelector("[data-search-input]");
  const opener = document.querySelector("[data-search-open]");
  if (box && toggle && input) {
    const ready = () => box.hasAttribute("data-search-ready");   // search.js is running
    const wake = () => { if (!ready()) load("search.js").catch(() => {}); };
    for (const el of [input, opener]) {
      for (const type of ["focusin", "pointerdown", "mouseover"]) el?.addEventListener(type, wake, { passive: true });
    }
    toggle.addEventListener("change", () => {
      if (ready() || !toggle.checked) return;
      input.focus();
      wake();
    });
    opener?.addEventListener("keydown", (e) => {
      if (ready() || (e.key !== "Enter" && e.key !== " ")) return;
      e.preventDefault();
      e.stopPropagation();   // Material would click the label too
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    });
  }

  /* 2. Acronym tooltips. */
  const EVENTS = ["mouseover", "focusin", "click"];
  function acronym(e) {
    if (!(e.target instanceof Element && e.target.closest("abbr"))) return;
    EVENTS.forEach((type) => document.removeEventListener(type, acronym));
    load("tooltips.js").then(() => document.dispatchEvent(new CustomEvent("tooltips:replay", { detail: e })),
                             () => EVENTS.forEach((type) => document.addEventListener(type, acronym)));
  }
  EVENTS.forEach((type) => document.addEventListener(type, acronym));

  /* 3. The navigation drawer (phones, and wide screens at 200 % zoom) by keyboard.
   *
   * Material opens it with a <label for="__drawer">, which only a pointer can
   * use. overrides/partials/header.html has a <button> instead (its state in
   * aria-expanded); here it opens the drawer (by keyboard, with the focus on
   * the drawer's first link), Esc closes it and gives the focus back to the
   * button. Closed, the drawer is hidden (site.css), so Tab never lands on its
   * links off screen.
   */
  (() => {
    const toggle = document.getElementById("__drawer");
    const button = document.querySelector("[data-drawer-open]");
    const drawer = document.querySelector(".md-sidebar--primary");
    if (!toggle || !button || !drawer) return;

    function set(open) {
      if (toggle.checked === open) return;
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change"));
      button.setAttribute("aria-expanded", String(open));
    }
    button.setAttribute("aria-expanded", String(toggle.checked));
    button.addEventListener("click", (e) => {
      const open = !toggle.checked;
      set(open);
      // opened from the keyboard (Enter, Space: a click at 0, 0): focus into the drawer
      if (open && e.detail === 0) drawer.querySelector("a[href], label[tabindex], button")?.focus();
    });
    toggle.addEventListener("change", () => button.setAttribute("aria-expanded", String(toggle.checked)));
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && toggle.checked) {
        set(false);
        button.focus();
      }
    });
  })();
})();
