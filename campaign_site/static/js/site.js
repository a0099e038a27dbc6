/* Site-wide behaviour, no framework. Everything here is an enhancement: the site works without it. */
(function () {
  "use strict";
  var root = document.documentElement;
  var MIN = -2, MAX = 4;

  function currentStep() {
    var value = parseInt(getComputedStyle(root).getPropertyValue("--text-step") || "0", 10);
    return isNaN(value) ? 0 : value;
  }

  function applyStep(step) {
    step = Math.max(MIN, Math.min(MAX, step));
    root.style.setProperty("--text-step", String(step));
    try { window.localStorage.setItem("textSize", String(step)); } catch (e) { /* ignore */ }
    document.querySelectorAll("[data-text-size]").forEach(function (button) {
      var action = button.getAttribute("data-text-size");
      button.disabled = (action === "down" && step <= MIN) || (action === "up" && step >= MAX);
      if (action === "reset") button.setAttribute("aria-pressed", step === 0 ? "true" : "false");
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-text-size]");
    if (!button) return;
    var action = button.getAttribute("data-text-size");
    var step = currentStep();
    applyStep(action === "up" ? step + 1 : action === "down" ? step - 1 : 0);
  });

  document.addEventListener("DOMContentLoaded", function () {
    applyStep(currentStep());
  });
})();
