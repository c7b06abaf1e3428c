// Reader site behaviour. Loaded with defer from our own origin (the CSP allows nothing else).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The article page is served from shared caches, so it carries no per-reader data.
  // The comment form's CSRF token and signed timestamp are fetched here instead.
  var form = document.querySelector("[data-comment-form]");
  if (form && form.dataset.tokenUrl) {
    fetch(form.dataset.tokenUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
        if (!csrf) {
          csrf = document.createElement("input");
          csrf.type = "hidden";
          csrf.name = "csrfmiddlewaretoken";
          form.appendChild(csrf);
        }
        csrf.value = data.csrf;
        var ts = form.querySelector("input[name=ts]");
        if (ts) { ts.value = data.ts; }
      })
      .catch(function () { /* The server answers with a clear message if the form is sent without. */ });
  }

  // The "Alerte" banner: never in the cached pages, fetched from a tiny answer that
  // browsers and the CDN keep a few seconds (docs/desk.md), and asked again while open.
  var banner = document.querySelector("[data-alert-url]");
  if (banner && window.fetch) {
    var shownId = null;
    var showAlert = function (alert) {
      if (!alert) {
        banner.hidden = true;
        banner.textContent = "";
        shownId = null;
        return;
      }
      if (alert.id === shownId) { return; }
      shownId = alert.id;
      banner.textContent = "";
      var label = document.createElement("strong");
      label.className = "alert-banner__label";
      label.textContent = banner.dataset.alertLabel;
      var link = document.createElement("a");
      link.className = "alert-banner__link";
      link.href = alert.url;
      link.textContent = alert.text;
      banner.appendChild(label);
      banner.appendChild(document.createTextNode(" "));
      banner.appendChild(link);
      banner.setAttribute("role", "region");
      banner.setAttribute("aria-label", banner.dataset.alertLabel);
      banner.hidden = false;
    };
    var askAlert = function () {
      fetch(banner.dataset.alertUrl, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data) { showAlert(data.alert); } })
        .catch(function () { /* No banner this time; the next poll tries again. */ });
    };
    askAlert();
    var poll = parseInt(banner.dataset.alertPoll, 10);
    if (poll > 0) {
      window.setInterval(function () {
        if (document.visibilityState === "visible") { askAlert(); }
      }, poll * 1000);
    }
  }

  // The report form: the fields of a legal notice only matter for "Contenu illicite".
  var reportForm = document.getElementById("report-form");
  if (reportForm) {
    var illegal = reportForm.querySelector("[data-illegal-fields]");
    var sync = function () {
      var checked = reportForm.querySelector("input[name=reason]:checked");
      if (illegal) { illegal.hidden = !(checked && checked.value === "illegal"); }
    };
    reportForm.addEventListener("change", sync);
    sync();
  }
})();
