// "Print" buttons (the CV page): shown only when JavaScript can print, since the
// Content-Security-Policy forbids inline handlers.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
