// A live page ("En direct"): new posts without reloading. Every few seconds the page
// asks one small document, the same for every reader (kept by the page cache and any
// CDN), for the newest posts. New posts are shown at once while the reader is at the
// top of the stream; further down, a "N nouveaux messages" button shows them instead,
// so the text being read does not move. Edited, deleted and pinned posts follow.
(function () {
  "use strict";
  var live = document.querySelector("[data-live-updates]");
  if (!live || !window.fetch) { return; }
  var url = live.dataset.liveUpdates;
  var interval = Math.max(1, parseInt(live.dataset.livePoll, 10) || 15) * 1000;
  var stream = live.querySelector(".live__posts--stream");
  var keyBox = live.querySelector(".live__key");
  var keyList = live.querySelector(".live__posts--key");
  var button = live.querySelector(".live__news-button");
  var pending = [];
  var delay = interval;
  var timer = null;
  var stopped = false;

  function fromHtml(html) {
    var holder = document.createElement("ol");
    holder.innerHTML = html; // Our own template: the text was sanitized when saved.
    return holder.firstElementChild;
  }

  function postId(element) { return parseInt(element.dataset.post, 10); }

  function streamPosts() {
    return Array.prototype.slice.call(stream.querySelectorAll(":scope > [data-post]"));
  }

  function insertInOrder(element) {
    var id = postId(element);
    var before = streamPosts().find(function (other) { return postId(other) < id; });
    stream.insertBefore(element, before || null);
    var empty = stream.querySelector(".live__empty");
    if (empty) { empty.remove(); }
  }

  function atTop() {
    return stream.getBoundingClientRect().top > -40;
  }

  function showPending() {
    pending.sort(function (a, b) { return postId(a) - postId(b); });
    pending.forEach(insertInOrder);
    pending = [];
    button.hidden = true;
  }

  function announce() {
    if (!pending.length) { button.hidden = true; return; }
    button.textContent = pending.length === 1
      ? button.dataset.one
      : button.dataset.many.replace("{n}", String(pending.length));
    button.hidden = false;
  }

  function setKeyPost(entry) {
    var current = keyList.querySelector("[data-post]");
    if (!entry) {
      if (current) { current.remove(); }
      keyBox.hidden = true;
      return;
    }
    if (current && postId(current) === entry.id && current.dataset.updated === entry.updated) { return; }
    var fresh = fromHtml(entry.html);
    var inStream = stream.querySelector('[data-post="' + entry.id + '"]');
    if (inStream) { inStream.remove(); }
    if (current) { current.remove(); }
    keyList.appendChild(fresh);
    keyBox.hidden = false;
  }

  function apply(doc) {
    setKeyPost(doc.pinned);
    var listed = {};
    var known = streamPosts();
    var newest = known.length ? postId(known[0]) : 0;
    doc.posts.forEach(function (entry) {
      listed[entry.id] = true;
      var existing = stream.querySelector('[data-post="' + entry.id + '"]');
      if (existing) {
        if (existing.dataset.updated !== entry.updated) { existing.replaceWith(fromHtml(entry.html)); }
        return;
      }
      if (pending.some(function (element) { return postId(element) === entry.id; })) { return; }
      var element = fromHtml(entry.html);
      if (entry.id > newest) { pending.push(element); } else { insertInOrder(element); }
    });
    // A post the document should list and does not was deleted (or became the key post).
    if (doc.oldest !== null) {
      streamPosts().forEach(function (element) {
        if (postId(element) >= doc.oldest && !listed[postId(element)]) { element.remove(); }
      });
      pending = pending.filter(function (element) { return listed[postId(element)]; });
    }
    if (pending.length && atTop()) { showPending(); }
    announce();
    if (doc.ended) {
      stopped = true;
      var title = live.querySelector(".live__title");
      if (title) { title.textContent = live.dataset.liveEnded; }
    }
  }

  function schedule() {
    clearTimeout(timer);
    if (stopped || document.hidden) { return; }
    // A little jitter, so that readers who arrived together do not ask together.
    timer = setTimeout(poll, delay * (1 + Math.random() * 0.2));
  }

  function poll() {
    fetch(url, { credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 404) { stopped = true; return null; }
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (doc) {
        if (doc) { apply(doc); }
        delay = interval;
      })
      .catch(function () {
        delay = Math.min(delay * 2, 120000); // the site is busy or away: ask less often
      })
      .then(schedule);
  }

  button.addEventListener("click", function () {
    showPending();
    stream.scrollIntoView({ block: "start" });
    var first = stream.querySelector("[data-post] .live-post__time");
    if (first) { first.focus(); }
  });
  window.addEventListener("scroll", function () {
    if (pending.length && atTop()) { showPending(); }
  }, { passive: true });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { delay = interval; poll(); } else { clearTimeout(timer); }
  });
  schedule();
})();
