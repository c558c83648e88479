/* The headline inbox's keyboard shortcuts: j/k move between stories, c claims,
   a approves, r rejects, d marks a duplicate, s opens the summary, o the story itself,
   Ctrl+Enter sends the form being typed in, Esc closes it, ? shows the list. Every
   action is an ordinary form in the page (they all work without this file); this only
   moves the focus, opens the right form, and says where the focus went in a live
   region for screen readers. After a decision the page comes back at the next story
   (the form's "next" address ends in #story-N), and the focus starts there.
   Same-origin file: the CSP allows no other. */
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

  function select(index) {
    if (!stories.length) { return null; }
    index = Math.max(0, Math.min(stories.length - 1, index));
    if (current >= 0) { stories[current].classList.remove("current"); }
    current = index;
    stories[current].classList.add("current");
    return stories[current];
  }

  function go(index, before) {
    var story = select(index);
    if (!story) { return; }
    story.focus();
    say((before ? before + " " : "") + "Story " + (current + 1) + " of " + stories.length + ": " + headline(story));
  }

  // The story the keys act on: the selected one, or the first.
  function story() {
    if (current < 0) { go(0); }
    return stories[current];
  }

  function toggleHelp() {
    if (!help) { return; }
    help.hidden = !help.hidden;
    if (helpButton) { helpButton.setAttribute("aria-expanded", String(!help.hidden)); }
    say(help.hidden ? "Keyboard shortcuts hidden." : "Keyboard shortcuts shown.");
  }

  function open(kind) {
    var row = story();
    var details = row && row.querySelector('details[data-act="' + kind + '"]');
    if (!details) { return; }
    details.open = true;
    var field = details.querySelector("textarea, input[type=text]");
    if (field) { field.focus(); }
    say((kind === "approve" ? "Approve: write the context for " : "Reject: give a reason for ") +
      headline(row) + ". Ctrl+Enter sends it.");
  }

  function press(kind, words) {
    var row = story();
    var button = row && row.querySelector('button[data-act="' + kind + '"]');
    if (button) { say(words + headline(row)); button.click(); }
  }

  function toggleSummary() {
    var row = story();
    var details = row && row.querySelector("details[data-summary]");
    if (!details) { return; }
    details.open = !details.open;
    say((details.open ? "Summary shown: " : "Summary hidden: ") + headline(row));
  }

  function openStory() {
    var row = story();
    var link = row && row.querySelector("a[data-open]");
    if (link) { say("Opening in a new tab: " + headline(row)); link.click(); }
  }

  // Where the page was left: after a decision the address ends in #story-N, the story
  // that came after the one decided. The admin's message (published, refused) is read
  // out with it.
  var start = stories.findIndex(function (s) { return "#" + s.id === window.location.hash; });
  if (start >= 0) {
    var message = document.querySelector(".messagelist li");
    go(start, message ? message.textContent.trim() : "");
  }

  if (helpButton) { helpButton.addEventListener("click", toggleHelp); }

  // A click or Tab into a story makes it the one the keys act on.
  list.addEventListener("focusin", function (event) {
    var row = event.target.closest("[data-story]");
    var index = stories.indexOf(row);
    if (index >= 0 && index !== current) { select(index); }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var form = target && target.closest && target.closest("[data-inbox] form");
    if (form && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();  // the browser still checks required fields first
      return;
    }
    if (form && event.key === "Escape") {
      var details = form.closest("details.act");
      if (details) { details.open = false; }
      go(current);
      return;
    }
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var actions = { j: function () { go(current + 1); }, k: function () { go(current - 1); },
      c: function () { press("claim", "Claiming "); },
      a: function () { open("approve"); }, r: function () { open("reject"); },
      d: function () { press("duplicate", "Marking a duplicate: "); },
      s: toggleSummary, o: openStory, "?": toggleHelp };
    var act = actions[event.key];
    if (act) { event.preventDefault(); act(); }
  });
})();
