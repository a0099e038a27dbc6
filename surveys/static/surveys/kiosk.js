/* Kiosk reset timer: after a thank-you (or when a citizen walks away mid-vote) go back to the start.
   The thank-you page also resets without JavaScript (meta refresh). */
(function () {
  "use strict";
  var body = document.body;
  var url = body.getAttribute("data-reset-url");
  var seconds = parseInt(body.getAttribute("data-reset-seconds") || "60", 10);
  var step = body.getAttribute("data-kiosk-step");
  if (!url || step === "error") return;

  var left = seconds;
  var countdown = document.querySelector("[data-countdown]");
  var template = countdown ? countdown.textContent : "";

  function tick() {
    left -= 1;
    if (countdown) countdown.textContent = template.replace(String(seconds), String(Math.max(left, 0)));
    if (left <= 0) {
      if (step === "choose") { left = seconds; return; }  // the start screen needs no reset
      window.location.replace(url);
    }
  }
  ["pointerdown", "keydown", "input"].forEach(function (name) {
    document.addEventListener(name, function () { if (step !== "thanks") left = seconds; }, { passive: true });
  });
  window.setInterval(tick, 1000);
})();
