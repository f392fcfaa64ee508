/* Acronym tooltips: the expansion of an <abbr title="…"> (hooks/glossary.py),
 * shown on hover, on keyboard focus and on tap.
 *
 * Replaces Material's content.tooltips, which builds one tooltip component per
 * acronym when the page loads (44 on a record page: a quarter of a second of
 * blocked main thread on a phone). Here nothing runs at load: this script is
 * fetched on the first hover, focus or tap of an acronym (assets/js/site.js,
 * which then hands that event over), and makes one tooltip element.
 *
 * WCAG 1.4.13 (content on hover or focus): Esc hides the tooltip without moving
 * the pointer or the focus; the pointer can move onto it; it stays until the
 * pointer or the focus leaves. Screen readers: the title stays on the <abbr>
 * (its description) and, while the tooltip shows, moves to the tooltip, which
 * the <abbr> names with aria-describedby; the browser's own title tooltip does
 * not show on top of ours. On a phone the tooltip stays inside the screen.
 * An acronym is explained once a page (its first use and its keyboard stop
 * carry the title): a later, bare <abbr> shows the first one's expansion.
 */
(() => {
  "use strict";
  const MARGIN = 8;   // px kept free between the tooltip and the screen's edges
  const GAP = 4;      // px between the acronym and the tooltip
  let tip = null;     // the tooltip element, made on first use
  let host = null;    // the <abbr> it explains now
  let pinned = false; // shown by focus or a tap: the pointer leaving does not hide it
  let timer = 0;

  /* What an acronym stands for: its own title, the title the tooltip holds
     for it now, or the title of the same acronym's first use on the page. */
  function expansion(el) {
    if (el.hasAttribute("title")) return el.getAttribute("title");
    if (el.dataset.title) return el.dataset.title;
    for (const other of document.querySelectorAll("abbr[title], abbr[data-title]")) {
      if (other.textContent === el.textContent) return other.getAttribute("title") || other.dataset.title;
    }
    return null;
  }

  /* The acronym a node is in, if the page explains it. */
  function abbrOf(node) {
    const el = node instanceof Element ? node.closest("abbr") : null;
    return el && (el === host || expansion(el)) ? el : null;
  }

  function show(el, pin) {
    clearTimeout(timer);
    if (el !== host) {
      hide();
      const text = expansion(el);
      if (!text) return;
      if (!tip) {
        tip = document.createElement("div");
        tip.id = "abbr-tooltip";
        tip.className = "abbr-tooltip";
        tip.setAttribute("role", "tooltip");
        (document.querySelector("main") || document.body).append(tip);  // in a landmark
      }
      host = el;
      tip.textContent = text;
      if (el.hasAttribute("title")) {   // held by the tooltip meanwhile
        el.dataset.title = text;
        el.removeAttribute("title");
      }
      el.setAttribute("aria-describedby", tip.id);
      tip.hidden = false;
      place();
    }
    pinned = pinned || pin;
  }

  function hide() {
    clearTimeout(timer);
    if (!host) return;
    if (host.dataset.title) {
      host.setAttribute("title", host.dataset.title);
      delete host.dataset.title;
    }
    host.removeAttribute("aria-describedby");
    tip.hidden = true;
    host = null;
    pinned = false;
  }

  /* Below the acronym (above it when there is no room below), centred on it,
     moved sideways to stay inside the screen. Positioned in the page, not the
     screen, so that it follows the text when the page scrolls. */
  function place() {
    tip.style.left = tip.style.top = "0px";
    const origin = tip.getBoundingClientRect();   // where (0, 0) is on the screen
    const r = host.getClientRects()[0] || host.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    const w = origin.width, h = origin.height;
    const left = Math.max(MARGIN, Math.min(r.left + r.width / 2 - w / 2, width - MARGIN - w));
    let top = r.bottom + GAP;
    if (top + h > window.innerHeight - MARGIN && r.top - GAP - h >= MARGIN) top = r.top - GAP - h;
    tip.style.left = `${left - origin.left}px`;
    tip.style.top = `${top - origin.top}px`;
  }

  const on = {
    mouseover(e) {
      const el = abbrOf(e.target);
      if (el) show(el, false);
      else if (tip && tip.contains(e.target)) clearTimeout(timer);
      else if (host && !pinned) {           // a short delay: time to reach the tooltip
        clearTimeout(timer);
        timer = setTimeout(hide, 300);
      }
    },
    focusin(e) {
      const el = abbrOf(e.target);
      if (el) show(el, true);
      else hide();
    },
    focusout(e) {
      if (e.target === host) hide();
    },
    click(e) {
      const el = abbrOf(e.target);
      if (el) show(el, true);
      else hide();                          // a tap elsewhere, or on the tooltip itself
    },
  };
  for (const [type, handle] of Object.entries(on)) document.addEventListener(type, handle);
  /* The event that had this script fetched (assets/js/site.js), if it still holds. */
  document.addEventListener("tooltips:replay", (e) => {
    const first = e.detail;
    if (first.type === "focusin" && first.target !== document.activeElement) return;
    if (first.type === "mouseover" && !first.target.matches(":hover")) return;
    on[first.type]?.(first);
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && host) hide();
  });
  window.addEventListener("resize", () => host && place());
})();
