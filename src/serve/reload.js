// dossier serve: live reload and build errors for pages in preview. Injected at serve time only;
// built sites never contain it.
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = Number(script && script.dataset.generation) || 0;
  var scrollKey = "dossier-scroll:" + location.pathname;
  var overlay = null;

  // Apply the outcome of the last build: show its errors, or bring the page up to date.
  function apply(status) {
    if (!status.ok) {
      showErrors(status.errors, status.generation > 0);
      return;
    }
    hideErrors();
    if (status.generation === generation) return;
    if (status.css_only && status.generation === generation + 1) {
      generation = status.generation;
      refreshStyles();
    } else {
      reload();
    }
  }

  // Reload, coming back to the same place on the page.
  function reload() {
    try {
      sessionStorage.setItem(scrollKey, window.scrollX + "," + window.scrollY);
    } catch (e) {}
    location.reload();
  }

  function restoreScroll() {
    var saved = null;
    try {
      saved = sessionStorage.getItem(scrollKey);
      sessionStorage.removeItem(scrollKey);
    } catch (e) {}
    if (!saved) return;
    var xy = saved.split(",").map(Number);
    window.scrollTo(xy[0] || 0, xy[1] || 0);
  }

  // Swap every stylesheet for a fresh copy; the old one goes once the new one has loaded, so
  // the page never shows unstyled.
  function refreshStyles() {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("dossier-reload", Date.now());
      var fresh = link.cloneNode(false);
      fresh.href = url.href;
      fresh.onload = fresh.onerror = function () {
        link.remove();
      };
      link.after(fresh);
    });
  }

  // Text only (textContent), never HTML: messages quote the user's files.
  function el(tag, css, text) {
    var node = document.createElement(tag);
    node.style.cssText = css;
    if (text) node.textContent = text;
    return node;
  }

  function showErrors(errors, built) {
    hideErrors();
    overlay = el(
      "div",
      "position:fixed;z-index:2147483647;top:0;left:0;right:0;max-height:70vh;overflow:auto;" +
        "box-sizing:border-box;padding:16px 20px;background:#1b1b1f;color:#f2f2f2;" +
        "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
        "border-bottom:4px solid #e5484d;box-shadow:0 4px 24px rgba(0,0,0,.4);text-align:left"
    );
    overlay.id = "dossier-errors";
    overlay.setAttribute("role", "alert");
    var close = el(
      "button",
      "float:right;background:none;border:1px solid #888;color:inherit;border-radius:4px;cursor:pointer;" +
        "font:inherit;padding:0 8px",
      "×"
    );
    close.setAttribute("aria-label", "Hide the build errors");
    close.onclick = hideErrors;
    overlay.appendChild(close);
    var n = errors.length;
    var title = "dossier: the build failed with " + n + " error" + (n === 1 ? "" : "s") + ". ";
    title += built ? "The page shows the last good build." : "The site has not built yet.";
    overlay.appendChild(el("div", "font-weight:bold;color:#ff9592;margin-bottom:8px", title));
    errors.forEach(function (e) {
      var item = el("div", "margin:8px 0;white-space:pre-wrap");
      item.appendChild(el("span", "color:#7cc4ff", e.path + ":" + e.line + ":" + e.column));
      item.appendChild(el("span", "", ": " + e.message));
      if (e.hint) item.appendChild(el("div", "color:#b4b4b4;padding-left:2ch", "hint: " + e.hint));
      overlay.appendChild(item);
    });
    (document.body || document.documentElement).appendChild(overlay);
  }

  function hideErrors() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  function connect() {
    if (!window.EventSource) return;
    var events = new EventSource("/__dossier/events");
    events.addEventListener("status", function (message) {
      apply(JSON.parse(message.data));
    });
  }

  // The status as the page opens, so a page opened while the build is broken shows why; the
  // event stream also starts with it, but only once the page has loaded (a stream opened earlier
  // would keep some browsers' loading indicator spinning).
  fetch("/__dossier/status", { cache: "no-store" })
    .then(function (r) {
      return r.json();
    })
    .then(apply, function () {});
  function loaded() {
    restoreScroll();
    connect();
  }
  if (document.readyState === "complete") loaded();
  else window.addEventListener("load", loaded);
})();
