/* The headline inbox's keyboard shortcuts: j/k move between stories, c claims,
   a approves, r rejects, ? shows the list. Every action is an ordinary form in the
   page; this only moves the focus and opens the right one, and says where the focus
   went in a live region for screen readers. Same-origin file: the CSP allows no other. */
(function () {
  "use strict";
  var list = document.querySelector("[data-inbox]");
  var status = document.getElementById("inbox-status");
  var help = document.getElementById("inbox-keys");
  var helpButton = document.querySelector("[data-inbox-help]");
  if (!list) { return; }
  var stories = Array.prototype.slice.call(list.querySelectorAll("[data-story]"));
  var current = -1;

  function say(text) { if (status) { status.textContent = text; } }

  function headline(story) {
    var summary = story.querySelector(".story-headline");
    return summary ? summary.textContent.trim() : "";
  }

  function go(index) {
    if (!stories.length) { return; }
    index = Math.max(0, Math.min(stories.length - 1, index));
    if (current >= 0) { stories[current].classList.remove("current"); }
    current = index;
    var story = stories[current];
    story.classList.add("current");
    story.focus();
    say("Story " + (current + 1) + " of " + stories.length + ": " + headline(story));
  }

  function toggleHelp() {
    if (!help) { return; }
    help.hidden = !help.hidden;
    if (helpButton) { helpButton.setAttribute("aria-expanded", String(!help.hidden)); }
    say(help.hidden ? "Keyboard shortcuts hidden." : "Keyboard shortcuts shown.");
  }

  function open(kind) {
    if (current < 0) { go(0); }
    var story = stories[current];
    var details = story && story.querySelector('details[data-act="' + kind + '"]');
    if (!details) { return; }
    details.open = true;
    var field = details.querySelector("textarea, input[type=text]");
    if (field) { field.focus(); }
    say((kind === "approve" ? "Approve: write the context for " : "Reject: give a reason for ") + headline(story));
  }

  function claim() {
    if (current < 0) { go(0); }
    var button = stories[current] && stories[current].querySelector('[data-act="claim"]');
    if (button) { say("Claiming " + headline(stories[current])); button.click(); }
  }

  // Where the page was left (after an action the address ends in #story-N).
  var start = stories.findIndex(function (s) { return "#" + s.id === window.location.hash; });
  if (start >= 0) { go(start); }

  if (helpButton) { helpButton.addEventListener("click", toggleHelp); }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var actions = { j: function () { go(current + 1); }, k: function () { go(current - 1); },
      c: claim, a: function () { open("approve"); }, r: function () { open("reject"); },
      "?": toggleHelp };
    var act = actions[event.key];
    if (act) { event.preventDefault(); act(); }
  });
})();
