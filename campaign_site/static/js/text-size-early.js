/* Runs in <head>: applies the reader's saved text size before the first paint (no layout jump). */
(function () {
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");
  try {
    var step = parseInt(window.localStorage.getItem("textSize") || "0", 10);
    if (step >= -2 && step <= 4 && step !== 0) root.style.setProperty("--text-step", String(step));
  } catch (e) { /* storage blocked: default size */ }
})();
