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
    paste.addEventListener("submit", (event) => {
      // Say so before sending a body the server would refuse with a 413.
      const files = Array.from(paste.querySelector("input[type=file]").files);
      const size = files.reduce((sum, f) => sum + f.size, 0) + new Blob([paste.text.value]).size;
      if (size > Number(paste.dataset.maxBytes)) {
        event.preventDefault();
        const limit = document.getElementById("limit");
        limit.textContent = `That is ${(size / 1e6).toFixed(1)} MB: ${limit.textContent}`;
        limit.classList.add("error");
        return;
      }
      const button = paste.querySelector("button");
      button.disabled = true;
      button.textContent = "Briefing…";
    });
  }
});
