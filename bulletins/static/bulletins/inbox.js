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

  var progress = document.querySelector("[data-task-status-url]");
  if (!progress) return;
  progress.setAttribute("aria-busy", "true");
  var poll = function () {
    fetch(progress.dataset.taskStatusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.finished) {
          progress.setAttribute("aria-busy", "false");
          progress.textContent = progress.dataset.doneText;
          var reload = document.createElement("a");
          reload.href = window.location.pathname; reload.textContent = " ↻";
          progress.appendChild(reload);
        } else {
          progress.firstChild.textContent = progress.firstChild.textContent.replace(/\s*\(.*\)$/, "") + " (" + data.status + ")";
          setTimeout(poll, 2000);
        }
      })
      .catch(function () { setTimeout(poll, 5000); });
  };
  poll();
})();
