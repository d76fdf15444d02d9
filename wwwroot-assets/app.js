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
