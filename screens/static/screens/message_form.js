/* The screen message form: a live character counter against each targeted display profile's
   limits, and the frame each profile will show, while typing. Progressive enhancement: the panel
   is server-rendered, and saving checks the limits again (screens/models/messages.py). */
(function () {
  "use strict";

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  function start() {
    var panel = document.querySelector("[data-screens-fit]");
    var dataNode = document.getElementById("screens-targeting");
    if (!panel || !dataNode) return;
    var form = panel.closest("form");
    if (!form) return;
    var map = JSON.parse(dataNode.textContent);
    var cfg = panel.dataset;
    var table = panel.querySelector(".screens-fit__table");
    var body = table.querySelector("tbody");
    var none = panel.querySelector(".screens-fit__none");
    var alert = panel.querySelector(".screens-fit__alert");
    var field = function (name) { return form.elements.namedItem(name); };
    var frames = {}; // profile id -> {key, url}
    var previewTimer = null;
    var WHITESPACE = /\s+/g;

    // As the server stores them (campaign_site.text.clean_line / nfc), counted in code points.
    function cleanLine(value) { return (value || "").normalize("NFC").replace(WHITESPACE, " ").trim(); }
    function cleanText(value) { return (value || "").normalize("NFC").trim(); }
    function length(value) { return Array.from(value).length; }

    // {profile id: how many targeted screens have it}: one screen, or a unit (with those under it).
    function targetedProfiles() {
      var screen = field("target_screen") && field("target_screen").value;
      var unit = field("target_unit") && field("target_unit").value;
      var below = field("include_subunits") && field("include_subunits").checked;
      var counts = {};
      if (screen && !unit && map.screens[screen]) counts[map.screens[screen]] = 1;
      if (unit && !screen && map.units[unit]) counts = map.units[unit][below ? "all" : "own"];
      return counts;
    }

    function bySize(a, b) {
      var pa = map.profiles[a].size.split("×").map(Number);
      var pb = map.profiles[b].size.split("×").map(Number);
      return pa[0] - pb[0] || pa[1] - pb[1];
    }

    function el(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text !== undefined) node.textContent = text;
      return node;
    }

    function countCell(used, limit) {
      var over = used > limit;
      var cell = el("td", "screens-fit__count" + (over ? " screens-fit__count--over" : ""));
      cell.appendChild(document.createTextNode(used + "/" + limit + " " + cfg.labelChars));
      if (over) {
        cell.appendChild(el("br"));
        cell.appendChild(el("strong", "", cfg.labelOver + " " + (used - limit)));
      }
      return cell;
    }

    function render() {
      var counts = targetedProfiles();
      var ids = Object.keys(counts).filter(function (id) { return map.profiles[id]; }).sort(bySize);
      var title = cleanLine(field("title").value);
      var text = cleanText(field("text").value);
      var problems = [];
      var existing = {};
      Array.prototype.forEach.call(body.querySelectorAll("img"), function (img) {
        existing[img.closest("tr").dataset.profile] = img;
      });
      while (body.firstChild) body.removeChild(body.firstChild);
      ids.forEach(function (id) {
        var profile = map.profiles[id];
        var row = el("tr");
        row.dataset.profile = id;
        var head = el("th", "", profile.name);
        head.scope = "row";
        head.appendChild(el("br"));
        head.appendChild(el("small", "", profile.size + " · " + counts[id] + " " + cfg.labelScreens));
        row.appendChild(head);
        row.appendChild(countCell(length(title), profile.title));
        row.appendChild(countCell(length(text), profile.text));
        var cell = el("td");
        var img = existing[id] || el("img", "screens-fit__frame" + (profile.led ? " screens-fit__frame--led" : ""));
        img.alt = cfg.labelPreview + " " + profile.name;
        if (!img.getAttribute("src")) img.hidden = true;
        cell.appendChild(img);
        row.appendChild(cell);
        body.appendChild(row);
        if (length(title) > profile.title) problems.push(cfg.labelTitleOver + " " + profile.name);
        if (length(text) > profile.text) problems.push(cfg.labelTextOver + " " + profile.name);
      });
      table.hidden = !body.children.length;
      none.hidden = !!body.children.length;
      var message = problems.join(". ");
      if (alert.textContent !== message) alert.textContent = message; // announced only when it changes
      clearTimeout(previewTimer);
      previewTimer = setTimeout(refreshFrames, 500);
    }

    function refreshFrames() {
      var token = field("csrfmiddlewaretoken");
      Array.prototype.forEach.call(body.querySelectorAll("tr"), function (row) {
        var id = row.dataset.profile;
        var img = row.querySelector("img");
        var data = new FormData();
        data.append("profile", id);
        data.append("kind", field("kind") ? field("kind").value : "announcement");
        data.append("title", field("title").value);
        data.append("text", field("text").value);
        var key = [data.get("kind"), data.get("title"), data.get("text")].join("\u0000");
        if (frames[id] && frames[id].key === key && img.getAttribute("src")) return;
        fetch(cfg.previewUrl, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: token ? { "X-CSRFToken": token.value } : {}
        })
          .then(function (response) {
            if (!response.ok) throw new Error("HTTP " + response.status);
            return response.blob();
          })
          .then(function (blob) {
            if (frames[id] && frames[id].url) URL.revokeObjectURL(frames[id].url);
            frames[id] = { key: key, url: URL.createObjectURL(blob) };
            img.src = frames[id].url;
            img.hidden = false;
          })
          .catch(function () { /* the counter still works; the server checks on saving */ });
      });
    }

    ["title", "text", "kind", "target_screen", "target_unit", "include_subunits"].forEach(function (name) {
      var input = field(name);
      if (!input) return;
      input.addEventListener("input", render);
      input.addEventListener("change", render);
    });
    render();
  }
})();
