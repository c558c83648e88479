/* While an editor edits, say as soon as someone else saves a newer version (as
   Wagtail 6 does), so nobody types on for an hour over an old copy. It only reads a
   small JSON endpoint and shows a sentence; saving never depends on it: without
   JavaScript the save is refused and merged on the server as before. Same-origin
   file: the CSP allows no other. */
(function () {
  "use strict";
  var notice = document.getElementById("newer-version");
  var opened = document.querySelector("input[name=expected_version]");
  if (!notice || !opened || !notice.dataset.versionUrl || !window.fetch) { return; }
  var base = parseInt(opened.value, 10);
  var every = 15000;

  function check() {
    fetch(notice.dataset.versionUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || !(data.version > base)) { return; }
        notice.firstElementChild.textContent = "Someone else saved a newer version (version " +
          data.version + ") while you were editing. Your save will not overwrite it: " +
          "you will see what changed and keep both.";
        notice.hidden = false;
      })
      .catch(function () { /* offline for a moment: the next check tries again */ });
  }

  window.setInterval(check, every);
  window.addEventListener("focus", check);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { check(); }
  });
})();
