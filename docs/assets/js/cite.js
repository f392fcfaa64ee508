/* "Copy link" and "Cite" on each intervention of a full record and each
 * priority (issue 15): members quote the minutes in letters to the ministry.
 *
 * Everything comes from the page: the hidden <div class="cite-source"> that
 * hooks/cite.py puts at the top of the article (collective, meeting and date,
 * page, in the page's language), the intervention's heading (its text, and
 * its number from the anchor #i12-…), the priority's lead sentence (P3 …),
 * and the page's canonical URL. Nothing of a meeting is written here.
 *
 * The buttons are real <button>s, added after the heading and its "Supports
 * priorities" line (or after the priority's lead sentence), in a box whose
 * data-for names the anchor, so the headings and the contents keep their text. What a
 * button did is said in a polite live region. When the browser refuses the
 * clipboard, a small dialog shows the text selected, to copy by hand.
 * Without JavaScript nothing is added: the heading's permalink (¶) remains.
 * Printing hides the buttons (site.css, its print section); the PDF is made without scripts.
 */
(() => {
  "use strict";
  const source = document.querySelector("article .cite-source");
  if (!source) return;
  const fr = (document.documentElement.lang || "fr").slice(0, 2) !== "en";
  const T = fr ? {
    copy: "Copier le lien", cite: "Citer", copied: "Lien copié", cited: "Référence copiée",
    of_iv: n => `de l’intervention ${n}`, of_p: id => `de la priorité ${id}`,
    cite_iv: n => `l’intervention ${n}`, cite_p: id => `la priorité ${id}`,
    intervention: (n, who) => `intervention ${n} (${who})`, priority: (id, what) => `priorité ${id} (${what})`,
    manual: "Copiez ce texte (Ctrl+C ou ⌘+C) :", close: "Fermer", refused: "Copie refusée : le texte est sélectionné",
  } : {
    copy: "Copy link", cite: "Cite", copied: "Link copied", cited: "Reference copied",
    of_iv: n => `to intervention ${n}`, of_p: id => `to priority ${id}`,
    cite_iv: n => `intervention ${n}`, cite_p: id => `priority ${id}`,
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

  function button(label, name, onclick) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "cite-button";
    b.textContent = label;
    b.setAttribute("aria-label", name);
    b.addEventListener("click", onclick);
    return b;
  }

  function actions(id, reference, of, what) {
    const url = `${base}#${id}`;
    const box = document.createElement("div");
    box.className = "cite-actions";
    box.dataset.for = id;
    box.append(
      button(T.copy, `${T.copy} ${of}`, e => copy(url, T.copied, e.currentTarget)),
      button(T.cite, `${T.cite} ${what}`,
             e => copy(`${data.citeCollective}, ${data.citeMeeting}, ${data.citePage}, ${reference}, ${url}`,
                       T.cited, e.currentTarget)));
    return box;
  }

  for (const h of document.querySelectorAll("article h2[id]")) {
    const m = /^i(\d+)-/.exec(h.id);
    if (!m) continue;
    const n = String(Number(m[1]));
    // after the heading's "Supports priorities" line, which stays next to it (hooks/priorities.py)
    const next = h.nextElementSibling;
    const at = next && next.classList.contains("intervention-priorities") ? next : h;
    at.after(actions(h.id, T.intervention(n, text(h)), T.of_iv(n), T.cite_iv(n)));
  }
  for (const p of document.querySelectorAll("article div.priority[id]")) {
    if (!/^p\d+$/.test(p.id)) continue;
    const id = p.id.toUpperCase();
    const lead = p.querySelector("p");
    const box = actions(p.id, T.priority(id, lead ? text(lead) : id), T.of_p(id), T.cite_p(id));
    if (lead) lead.after(box); else p.prepend(box);
  }
})();
