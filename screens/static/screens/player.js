/* The screen player: plays the feed, polls it with ETag, keeps the last good feed in
   localStorage, keeps playing offline, and reports proof of play. Between feed polls it asks a
   tiny emergency resource every few seconds (304 while unchanged); when the emergency it names
   differs from the one playing, the feed is fetched at once. Plain JS, no framework. */
(function () {
  "use strict";

  var VERSION = "1.0.0";
  var root = document.getElementById("player");
  if (!root) return;
  var cfg = root.dataset;
  var slide = root.querySelector(".player__slide");
  var offlineMark = root.querySelector(".player__offline");
  var isLed = cfg.led === "1";
  var isPreview = cfg.preview === "1";
  var weekdays = (cfg.weekdays || "").split(",");
  var FEED_KEY = "screens-feed-" + cfg.screenId;
  var QUEUE_KEY = "screens-plays-" + cfg.screenId;
  // Poll timings come from the page (screens/polling.py), so the server keeps them in one place.
  var MAX_POLL = Number(cfg.maxPoll);
  var FALLBACK_POLL = Number(cfg.fallbackPoll);
  var FIRST_POLL = Number(cfg.firstPoll);
  var EMERGENCY_POLL = Number(cfg.emergencyPoll) || 4;
  var MAX_CATCH_UP = 5; // feed polls in a row while the feed lags behind the emergency state
  var MAX_QUEUE = 2000;

  var feed = null;
  var etag = cfg.etag || "";
  var index = -1;
  var timer = null;
  var clockTimer = null;
  var offlineSince = null;
  var shownEmergency = null;
  var pollTimer = null;
  var polling = false;
  var pollAgain = false;
  var emergencyTag = "";
  var wantedEmergency; // what the emergency resource last named (undefined: not asked yet)
  var catchUp = 0;

  // --- storage ------------------------------------------------------------------------------
  function readJSON(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }
  function writeJSON(key, value) {
    if (isPreview) return;
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (error) {
      /* storage full or disabled: keep playing from memory */
    }
  }

  // --- time ---------------------------------------------------------------------------------
  function zoned(date) {
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-GB", {
        timeZone: cfg.timeZone, hour12: false, weekday: "short", year: "numeric",
        month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit"
      }).formatToParts(date).forEach(function (p) { parts[p.type] = p.value; });
    } catch (error) {
      parts = { hour: date.getHours(), minute: date.getMinutes(), day: date.getDate(),
                month: date.getMonth() + 1, year: date.getFullYear(), weekday: "" };
    }
    var names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    var dow = names.indexOf(parts.weekday);
    return {
      time: ("0" + parts.hour).slice(-2).replace("24", "00") + ":" + ("0" + parts.minute).slice(-2),
      date: parts.day + "/" + parts.month + "/" + parts.year,
      weekday: dow >= 0 ? weekdays[dow] : ""
    };
  }

  // --- rendering ----------------------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function clear() {
    clearInterval(clockTimer);
    while (slide.firstChild) slide.removeChild(slide.firstChild);
    root.classList.remove("is-emergency");
  }

  function clockText() {
    var now = zoned(new Date());
    return { big: now.time, small: (now.weekday ? now.weekday + ", " : "") + now.date };
  }

  function renderTv(item) {
    slide.appendChild(el("p", "player__kind", item.kind === "emergency" ? cfg.labelEmergency : ""));
    if (item.kind === "clock") {
      var big = el("p", "player__clock");
      var small = el("p", "player__date");
      var tick = function () { var c = clockText(); big.textContent = c.big; small.textContent = c.small; };
      tick();
      clockTimer = setInterval(tick, 1000);
      slide.appendChild(big);
      slide.appendChild(small);
      return;
    }
    var body = el("div", "player__body");
    body.appendChild(el("h1", "player__title", item.title));
    if (item.lines && item.lines.length) {
      var list = el("ul", "player__lines");
      item.lines.forEach(function (line) { list.appendChild(el("li", "", line)); });
      body.appendChild(list);
    } else if (item.text) {
      body.appendChild(el("p", "player__text", item.text));
    }
    slide.appendChild(body);
    var src = item.qr || item.image;
    if (src) {
      var img = el("img", item.qr ? "player__qr" : "player__image");
      img.src = src;
      img.alt = item.qr ? "QR" : (item.image_alt || "");
      slide.appendChild(img);
    }
  }

  function tickerText(item) {
    if (item.kind === "clock") { var c = clockText(); return c.big + "  " + c.small; }
    return item.text ? item.title + " — " + item.text.replace(/\s+/g, " ") : item.title;
  }

  // LED panels: one bold line that starts at the left edge (never a blank panel), holds, scrolls
  // until its end reaches the right edge, holds again: in the item's duration, unless that is faster
  // than MAX_SPEED font sizes a second (screens/ticker.py; the editor was told). Returns the time taken.
  var HOLD_START = Number(cfg.tickerHoldStart) || 1.5;
  var HOLD_END = Number(cfg.tickerHoldEnd) || 1;
  var MAX_SPEED = Number(cfg.tickerMaxSpeed) || 3;

  function renderLed(item) {
    var line = el("p", "player__ticker", tickerText(item));
    slide.appendChild(line);
    var width = slide.clientWidth || Number(cfg.width) || 192;
    var distance = Math.max(0, line.scrollWidth - width);
    var total = item.duration * 1000;
    if (!distance) return total;
    var fontPx = parseFloat(getComputedStyle(line).fontSize) || 16;
    var holds = (HOLD_START + HOLD_END) * 1000;
    var scroll = Math.max(total - holds, (distance / (MAX_SPEED * fontPx)) * 1000);
    total = holds + scroll;
    if (line.animate) {
      var end = "translateX(" + -distance + "px)";
      line.animate(
        [
          { transform: "translateX(0)", offset: 0 },
          { transform: "translateX(0)", offset: (HOLD_START * 1000) / total },
          { transform: end, offset: (HOLD_START * 1000 + scroll) / total },
          { transform: end, offset: 1 }
        ],
        { duration: total, iterations: 1, easing: "linear", fill: "forwards" }
      );
    }
    return total;
  }

  function show(item) {
    clear();
    if (item.kind === "emergency") root.classList.add("is-emergency");
    slide.setAttribute("data-kind", item.kind);
    if (isLed) return renderLed(item);
    renderTv(item);
    return item.duration * 1000;
  }

  // --- playing ------------------------------------------------------------------------------
  function playable() {
    if (!feed) return [];
    var now = Date.now();
    // Filtered again here: offline, a message must still stop when it ends.
    return (feed.items || []).filter(function (item) {
      return !item.ends_at || Date.parse(item.ends_at) > now;
    });
  }

  function next() {
    clearTimeout(timer);
    var items = playable();
    if (!items.length) {
      clear();
      slide.appendChild(el("p", "player__idle", cfg.labelIdle));
      timer = setTimeout(next, 5000);
      return;
    }
    index = (index + 1) % items.length;
    var item = items[index];
    var started = new Date();
    var ms = show(item);
    timer = setTimeout(function () {
      recordPlay(item, started);
      next();
    }, ms);
  }

  function restart() {
    index = -1;
    next();
  }

  function emergencyKey(emergency) {
    return emergency ? emergency.id + "|" + emergency.title : null;
  }

  function applyFeed(data, tag) {
    var before = shownEmergency;
    feed = data;
    etag = tag || etag;
    shownEmergency = emergencyKey(data.emergency);
    writeJSON(FEED_KEY, { etag: etag, feed: data, saved_at: new Date().toISOString() });
    // An emergency starts (or ends) at once, not after the current slide.
    if (before !== shownEmergency || !timer) restart();
  }

  // --- network ------------------------------------------------------------------------------
  function authHeaders(extra) {
    var headers = extra || {};
    headers["X-Player-Version"] = VERSION;
    if (cfg.token) headers.Authorization = "Bearer " + cfg.token;
    return headers;
  }

  function markOnline() {
    offlineSince = null;
    offlineMark.hidden = true;
  }

  function markOffline() {
    if (!offlineSince) offlineSince = new Date();
    offlineMark.textContent = cfg.labelOffline + " " + zoned(offlineSince).time;
    offlineMark.hidden = false;
  }

  function schedulePoll(seconds) {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, seconds * 1000);
  }

  function poll() {
    clearTimeout(pollTimer);
    if (polling) {
      pollAgain = true;
      return;
    }
    polling = true;
    var headers = authHeaders({ Accept: "application/json" });
    if (etag) headers["If-None-Match"] = etag;
    fetch(cfg.feedUrl, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 304) return markOnline();
        if (!response.ok) throw new Error("HTTP " + response.status);
        var tag = response.headers.get("ETag");
        return response.json().then(function (data) {
          applyFeed(data, tag);
          markOnline();
        });
      })
      .catch(markOffline)
      .then(function () {
        polling = false;
        flushPlays();
        var seconds = feed && feed.next_poll_seconds ? feed.next_poll_seconds : FALLBACK_POLL;
        // The emergency resource already names another emergency state: the feed is a moment
        // behind (cached until that very second); ask again shortly, a few times at most.
        var behind = wantedEmergency !== undefined && wantedEmergency !== shownEmergency;
        catchUp = behind ? catchUp + 1 : 0;
        if (pollAgain || (behind && catchUp <= MAX_CATCH_UP)) seconds = pollAgain ? 0 : 1;
        pollAgain = false;
        schedulePoll(Math.min(seconds, MAX_POLL));
      });
  }

  function pollEmergency() {
    var headers = authHeaders({ Accept: "application/json" });
    if (emergencyTag) headers["If-None-Match"] = emergencyTag;
    fetch(cfg.emergencyUrl, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 304) return;
        if (!response.ok) throw new Error("HTTP " + response.status);
        var tag = response.headers.get("ETag") || "";
        return response.json().then(function (data) {
          emergencyTag = tag;
          wantedEmergency = emergencyKey(data.emergency);
          if (wantedEmergency !== shownEmergency) {
            catchUp = 0;
            poll(); // an emergency started or ended: the feed now, not at the next interval
          }
        });
      })
      .catch(function () { /* offline: the feed poll says so; keep playing */ })
      .then(function () {
        setTimeout(pollEmergency, EMERGENCY_POLL * 1000);
      });
  }

  // --- proof of play ------------------------------------------------------------------------
  function playId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function recordPlay(item, started) {
    if (isPreview) return;
    var seconds = Math.round((Date.now() - started.getTime()) / 1000);
    if (seconds < 1) return;
    var queue = readJSON(QUEUE_KEY) || [];
    queue.push({ id: playId(), item: item.id, started_at: started.toISOString(), duration: Math.min(seconds, 3600) });
    writeJSON(QUEUE_KEY, queue.slice(-MAX_QUEUE));
  }

  function flushPlays() {
    if (isPreview || !cfg.playsUrl) return;
    var queue = readJSON(QUEUE_KEY) || [];
    var batch = queue.slice(0, 200);
    var body = JSON.stringify({
      player_version: VERSION,
      feed_version: feed && feed.version ? feed.version : "",
      plays: batch
    });
    fetch(cfg.playsUrl, {
      method: "POST",
      headers: authHeaders({ "Content-Type": "application/json" }),
      body: body,
      credentials: "omit"
    }).then(function (response) {
      // Stored (200) or refused as malformed (4xx): either way, do not send these again.
      if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 401 && response.status !== 403)) {
        var sent = {};
        batch.forEach(function (play) { sent[play.id] = true; });
        writeJSON(QUEUE_KEY, (readJSON(QUEUE_KEY) || []).filter(function (play) { return !sent[play.id]; }));
      }
    }).catch(function () { /* offline: the queue waits */ });
  }

  // --- start --------------------------------------------------------------------------------
  var initial = null;
  var script = document.getElementById("player-feed");
  try {
    initial = script ? JSON.parse(script.textContent) : null;
  } catch (error) {
    initial = null;
  }
  if (!initial) {
    var stored = readJSON(FEED_KEY);
    if (stored && stored.feed) {
      initial = stored.feed;
      etag = stored.etag || "";
    }
  }
  if (initial) applyFeed(initial, etag);
  else next();
  var firstPoll = initial && initial.next_poll_seconds ? initial.next_poll_seconds : FIRST_POLL;
  schedulePoll(Math.min(firstPoll, MAX_POLL));
  if (cfg.emergencyUrl) setTimeout(pollEmergency, EMERGENCY_POLL * 1000);
})();
