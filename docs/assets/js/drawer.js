/* The navigation drawer (phones, and wide screens at 200 % zoom) by keyboard.
 *
 * Material opens it with a <label for="__drawer">, which only a pointer can
 * use. overrides/partials/header.html has a <button> instead (its state in
 * aria-expanded); here it opens the drawer (by keyboard, with the focus on
 * the drawer's first link), Esc closes it and gives the focus back to the
 * button. Closed, the drawer is hidden (site.css), so Tab never lands on its
 * links off screen.
 */
(() => {
  "use strict";
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
