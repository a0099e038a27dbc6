/* Suggestions while typing, as the ARIA combobox pattern (list autocomplete). Progressive
   enhancement: without this script the form submits as usual. Arrow keys move through the list,
   Enter opens the highlighted suggestion, Escape closes the list. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-suggest-url]");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var url = form.getAttribute("data-suggest-url");
  var labels = { glossary: form.getAttribute("data-label-glossary") || "", page: form.getAttribute("data-label-page") || "" };
  var list = document.createElement("ul");
  var status = document.createElement("p");
  var items = [];
  var active = -1;
  var timer = null;
  var lastQuery = "";

  list.id = input.id + "-suggestions";
  list.className = "search-suggest";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", form.getAttribute("data-label-list") || "");
  list.hidden = true;
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  input.parentNode.appendChild(list);
  form.appendChild(status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    active = index;
    Array.prototype.forEach.call(list.children, function (li, i) {
      li.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", list.children[index].id);
      list.children[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function show(suggestions) {
    items = suggestions;
    list.textContent = "";
    suggestions.forEach(function (item, i) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.appendChild(document.createTextNode(item.label));
      kind.className = "search-suggest__kind";
      kind.textContent = labels[item.kind] || "";
      li.appendChild(kind);
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        window.location.href = item.url;
      });
      list.appendChild(li);
    });
    active = -1;
    if (suggestions.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    } else {
      close();
    }
    status.textContent = suggestions.length ? (form.getAttribute("data-label-count") || "").replace("%s", suggestions.length) : "";
  }

  function fetchSuggestions() {
    var query = input.value.trim();
    if (query.length < 2 || query.length > 100) {
      show([]);
      return;
    }
    if (query === lastQuery) return;
    lastQuery = query;
    fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) { if (input.value.trim() === query) show(data.suggestions || []); })
      .catch(function () { show([]); });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    lastQuery = lastQuery === input.value.trim() ? "" : lastQuery;
    timer = window.setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden && event.key === "ArrowDown" && items.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    if (list.hidden) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight(active + 1 < items.length ? active + 1 : 0);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active > 0 ? active - 1 : items.length - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = items[active].url;
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", function () { window.setTimeout(close, 100); });
})();
