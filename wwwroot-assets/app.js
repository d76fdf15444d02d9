// Marks the page interactive once the Blazor circuit is connected, so browser tests wait for it instead of sleeping.
window.breachConsole = {
  markInteractive: function () { document.body.setAttribute("data-interactive", "true"); }
};
