/* "Copy link" and "Cite" on each intervention of a full record and each
 * priority (issue 15): members quote the minutes in letters to the ministry.
 *
 * The buttons are in the page (hooks/cite.py writes them, named for screen
 * readers, in a box whose data-for names the anchor); this script only
 * answers their clicks, with one listener for the article. The reference is
 * made when the button is pressed, from the page: the hidden
 * <div class="cite-source"> at the top of the article (collective, meeting
 * and date, page, in the page's language), the intervention's heading (its
 * text, and its number from the anchor #i12-…), the priority's lead sentence
 * (P3 …), and the page's canonical URL. Nothing of a meeting is written here.
 *
 * What a button did is said in a polite live region. When the browser
 * refuses the clipboard, a small dialog shows the text selected, to copy by
 * hand. Without JavaScript the boxes are hidden (cite.css) and the heading's
 * permalink (¶) remains. Printing hides the buttons (site.css, its print
 * section); the PDF is made without them.
 */
(() => {
  "use strict";
  const source = document.querySelector("article .cite-source");
  if (!source) return;
  const fr = (document.documentElement.lang || "fr").slice(0, 2) !== "en";
  const T = fr ? {
    copied: "Lien copié", cited: "Référence copiée",
    intervention: (n, who) => `intervention ${n} (${who})`, priority: (id, what) => `priorité ${id} (${what})`,
    manual: "Copiez ce texte (Ctrl+C ou ⌘+C) :", close: "Fermer", refused: "Copie refusée : le texte est sélectionné",
  } : {
    copied: "Link copied", cited: "Reference copied",
    intervention: (n, who) => `intervention ${n} (${who})`, priority: (id, what) => `priority ${id} (${what})`,
    manual: "Copy this text (Ctrl+C or ⌘+C):", close: "Close", refused: "Copying refused: the text is selected",
  };
  const data = source.dataset;
  const canonical = document.querySelector('link[rel="canonical"]');
  const base = (canonical ? canonical.href : location.href).split("#")[0];

  /* The visible text of an element, without its permalink or the build's notes. */
  function text(el) {
    const copy = el.cloneNode(true);
    copy.querySelectorAll(".headerlink, .priority-badge, [data-pagefind-ignore]").forEach(x => x.remove());
    return copy.textContent.replace(/\s+/g, " ").trim().replace(/\s*[:.]$/, "");
  }

  let status = null;   // the live region, made on first use
  function say(message) {
    if (!status) {
      status = document.createElement("div");
      status.className = "cite-status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      document.body.append(status);
    }
    status.textContent = "";
    requestAnimationFrame(() => { status.textContent = message; });
  }

  let dialog = null;   // the fallback dialog, made on first use
  function manual(value, button) {
    if (!dialog) {
      dialog = document.createElement("dialog");
      dialog.className = "cite-dialog";
      const label = document.createElement("label");
      label.htmlFor = "cite-dialog-text";
      label.textContent = T.manual;
      const area = document.createElement("textarea");
      area.id = "cite-dialog-text";
      area.readOnly = true;
      area.rows = 4;
      const close = document.createElement("button");
      close.type = "button";
      close.className = "md-button";
      close.textContent = T.close;
      close.addEventListener("click", () => dialog.close());
      dialog.append(label, area, close);
      document.body.append(dialog);
    }
    const area = dialog.querySelector("textarea");
    area.value = value;
    dialog.onclose = () => button.focus();
    dialog.showModal();
    area.focus();
    area.select();
    say(T.refused);
  }

  async function copy(value, done, button) {
    try {
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(value);
      say(done);
    } catch (err) {
      manual(value, button);
    }
  }

  /* The reference to what a box is under, in the page's language. */
  function reference(box) {
    const id = box.dataset.for, el = document.getElementById(id);
    const m = /^i(\d+)-/.exec(id);
    if (m) return T.intervention(String(Number(m[1])), text(el));
    const lead = el.querySelector("p");
    return T.priority(id.toUpperCase(), lead ? text(lead) : id.toUpperCase());
  }

  source.closest("article").addEventListener("click", e => {
    const b = e.target.closest(".cite-actions .cite-button");
    const box = b && b.parentElement;
    if (!box || !document.getElementById(box.dataset.for)) return;
    const url = `${base}#${box.dataset.for}`;
    if (b.dataset.cite === "link") copy(url, T.copied, b);
    else copy(`${data.citeCollective}, ${data.citeMeeting}, ${data.citePage}, ${reference(box)}, ${url}`, T.cited, b);
  });
})();
