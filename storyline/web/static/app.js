// A little progressive enhancement; every page works without it.
"use strict";

// Bring a cited sentence (#s-N or #aK-s-N) to the middle of the screen and flash it.
function showTarget() {
  const id = decodeURIComponent(location.hash.slice(1));
  const el = id && document.getElementById(id);
  if (!el || !el.classList.contains("sentence")) return;
  document.querySelectorAll(".sentence.flash").forEach((s) => s.classList.remove("flash"));
  el.classList.add("flash");
  el.scrollIntoView({ block: "center" });
}
window.addEventListener("hashchange", showTarget);
document.addEventListener("DOMContentLoaded", () => {
  showTarget();
  // "/" focuses the story search, as on many sites.
  const search = document.querySelector("form.search input");
  document.addEventListener("keydown", (event) => {
    if (search && event.key === "/" && document.activeElement !== search) {
      event.preventDefault();
      search.focus();
    }
  });
  // Say that the briefing is under way, and stop double submits.
  const paste = document.querySelector("form.paste");
  if (paste) {
    paste.addEventListener("submit", () => {
      const button = paste.querySelector("button");
      button.disabled = true;
      button.textContent = "Briefing…";
    });
  }
});
