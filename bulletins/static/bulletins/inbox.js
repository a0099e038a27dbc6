// The inbox: say "working…" on long actions, and follow a background fetch until it ends.
(function () {
  "use strict";
  document.querySelectorAll("[data-busy-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter || form.querySelector("button[type=submit]");
      if (!button || button.getAttribute("aria-busy") === "true") return;
      if (button.dataset.busyText) {
        // Keep the clicked action in the submission, then show progress on the button.
        if (button.name) {
          var hidden = document.createElement("input");
          hidden.type = "hidden"; hidden.name = button.name; hidden.value = button.value;
          form.appendChild(hidden);
        }
        button.textContent = button.dataset.busyText;
      }
      button.setAttribute("aria-busy", "true");
      setTimeout(function () { button.disabled = true; }, 0);
    });
  });

  // A background fetch: show its state (in the words the server sends) and, once it has ended,
  // load the inbox again, which then says how it went and lists the new items.
  var progress = document.querySelector("[data-task-status-url]");
  if (!progress) return;
  var text = progress.querySelector("[data-progress-text]");
  var poll = function () {
    fetch(progress.dataset.taskStatusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.text && text.textContent !== data.text) text.textContent = data.text;
        progress.classList.toggle("help-warning", !!data.worker_missing);
        if (data.finished) {
          progress.setAttribute("aria-busy", "false");
          window.location.replace(progress.dataset.doneUrl);
        } else {
          setTimeout(poll, 1500);
        }
      })
      .catch(function () { setTimeout(poll, 5000); });
  };
  setTimeout(poll, 500);
})();
