/* Poll boxes on cached pages: fetch a fresh CSRF token, then post the vote. Without this script
   the form sends the citizen to the (never cached) vote page, which carries its own token. */
(function () {
  "use strict";
  if (window.__pollBoxes) return;  // several boxes load this file; bind once
  window.__pollBoxes = true;

  function enableExtras(form) {
    form.querySelectorAll("[data-js-only]").forEach(function (el) {
      el.hidden = false;
      el.querySelectorAll("textarea, input, select").forEach(function (field) { field.disabled = false; });
    });
  }

  function say(form, text) {
    var status = form.querySelector("[data-poll-status]");
    if (status) status.textContent = text;
  }

  function submitVote(form) {
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    fetch(form.getAttribute("data-csrf-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var body = new FormData(form);
        body.append("csrfmiddlewaretoken", data.csrfToken);
        return fetch(form.getAttribute("data-vote-url"), {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { "Accept": "application/json", "X-CSRFToken": data.csrfToken }
        });
      })
      .then(function (response) { return response.json(); })
      .then(function (result) {
        say(form, result.message || "");
        if (result.ok) {
          form.querySelectorAll("input, textarea, button").forEach(function (el) { el.disabled = true; });
          if (result.results_url) {
            var link = document.createElement("a");
            link.href = result.results_url;
            link.textContent = form.getAttribute("data-results-label") || "→";
            form.querySelector("[data-poll-status]").appendChild(document.createTextNode(" "));
            form.querySelector("[data-poll-status]").appendChild(link);
          }
        } else if (button) {
          button.disabled = false;
        }
      })
      .catch(function () {
        // Network or script trouble: fall back to the vote page, which works without JavaScript.
        form.submit();
      });
  }

  function init() {
    document.querySelectorAll("form[data-poll-form]").forEach(function (form) {
      enableExtras(form);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (!form.checkValidity()) { form.reportValidity(); return; }
        submitVote(form);
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
