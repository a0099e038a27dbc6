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

  // The phone menu: a disclosure button (aria-expanded) over the header's panel; Escape closes it.
  function setMenu(toggle, open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.closest(".site-header").classList.toggle("is-open", open);
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-menu-toggle]");
    if (toggle) {
      setMenu(toggle, toggle.getAttribute("aria-expanded") !== "true");
      return;
    }
    var button = event.target.closest("[data-text-size]");
    if (!button) return;
    var action = button.getAttribute("data-text-size");
    var step = currentStep();
    applyStep(action === "up" ? step + 1 : action === "down" ? step - 1 : 0);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var toggle = document.querySelector("[data-menu-toggle][aria-expanded=true]");
    if (!toggle) return;
    setMenu(toggle, false);
    toggle.focus();
  });

  document.addEventListener("DOMContentLoaded", function () {
    applyStep(currentStep());
  });
})();
