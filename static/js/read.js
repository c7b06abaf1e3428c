// Reports one read of the article to the audience beacon ("Sujets les + lus").
// The article page may come from a shared cache or a CDN, so the read is counted
// here rather than when the HTML is made. Sent once, and only when the page is
// actually seen: not while it is prerendered or opened in a background tab.
// No cookie is needed and nothing waits for the answer.
(function () {
  "use strict";
  var element = document.querySelector("[data-read-url]");
  if (!element) { return; }
  var url = element.getAttribute("data-read-url");
  var sent = false;

  function seen() {
    return document.visibilityState === "visible" && !document.prerendering;
  }

  function send() {
    if (sent || !seen()) { return; }
    sent = true;
    document.removeEventListener("visibilitychange", send);
    document.removeEventListener("prerenderingchange", send);
    var queued = false;
    if (navigator.sendBeacon) {
      try { queued = navigator.sendBeacon(url); } catch (error) { queued = false; }
    }
    if (!queued && window.fetch) {
      fetch(url, { method: "POST", keepalive: true, credentials: "omit" })
        .catch(function () { /* A lost read is better than an error shown to the reader. */ });
    }
  }

  document.addEventListener("visibilitychange", send);
  document.addEventListener("prerenderingchange", send);
  send();
})();
