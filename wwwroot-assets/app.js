// Marks the page interactive once the Blazor circuit is connected, so browser tests wait for it instead of sleeping.
window.breachConsole = {
  markInteractive: function () { document.body.setAttribute("data-interactive", "true"); }
};

// Saves a file the server streams over the circuit (the UI never calls the API over HTTP).
window.breachConsole.download = async function (fileName, contentType, streamRef) {
  const buffer = await streamRef.arrayBuffer();
  const url = URL.createObjectURL(new Blob([buffer], { type: contentType }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = fileName;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  URL.revokeObjectURL(url);
};

// Dark mode: the person's saved choice, else the operating system's setting.
window.breachConsole.theme = {
  prefersDark: function () {
    try {
      const saved = localStorage.getItem("breachConsole.theme");
      if (saved === "dark" || saved === "light") { return saved === "dark"; }
    } catch { /* storage blocked: fall back to the OS */ }
    return window.matchMedia("(prefers-color-scheme: dark)").matches;
  },
  save: function (dark) {
    try { localStorage.setItem("breachConsole.theme", dark ? "dark" : "light"); } catch { /* storage blocked */ }
  }
};

// The person's IANA time zone, so the console shows times in it (with UTC beside).
window.breachConsole.timeZone = function () {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch { return "UTC"; }
};

// A table or code block that scrolls sideways (phones) must be reachable by keyboard (WCAG 2.1.1; axe
// scrollable-region-focusable): such a region becomes a named tab stop while it overflows, and stops being one when
// the content fits again.
window.breachConsole.scrollRegions = (function () {
  const selector = ".mud-table-container, .bc-scroll-x, .mud-tabs-tabbar-wrapper";
  function refresh() {
    document.querySelectorAll(selector).forEach(function (el) {
      const overflows = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      const style = getComputedStyle(el);
      const scrolls = overflows && (/(auto|scroll)/.test(style.overflowX) || /(auto|scroll)/.test(style.overflowY));
      const hasFocusable = el.querySelector("a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])") !== null;
      if (scrolls && !hasFocusable) {
        if (!el.hasAttribute("tabindex")) {
          el.setAttribute("tabindex", "0");
          el.setAttribute("role", "region");
          const table = el.querySelector("table");
          const label = el.closest("[aria-label]")?.getAttribute("aria-label") || table?.getAttribute("aria-label") || "Scrollable table";
          el.setAttribute("aria-label", label);
          el.dataset.bcScrollRegion = "true";
        }
      } else if (el.dataset.bcScrollRegion === "true") {
        el.removeAttribute("tabindex");
        el.removeAttribute("role");
        el.removeAttribute("aria-label");
        delete el.dataset.bcScrollRegion;
      }
    });
  }
  let pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    requestAnimationFrame(function () { pending = false; refresh(); });
  }
  new MutationObserver(schedule).observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener("resize", schedule);
  document.addEventListener("DOMContentLoaded", schedule);
  return { refresh: refresh };
})();

// Moves keyboard focus to an element by id (e.g. "see the checks"), scrolling it into view.
window.breachConsole.focusElement = function (id) {
  const el = document.getElementById(id);
  if (el) { el.scrollIntoView({ block: "start" }); el.focus({ preventScroll: true }); }
};
