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
