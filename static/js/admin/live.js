// The live fast screen: post without reloading, and see everyone's posts as they
// arrive (the list asks the server again every few seconds). Loaded from our own
// origin; the CSP allows no inline script.
(function () {
  "use strict";
  var REFRESH_MS = 4000;
  var screen = document.querySelector(".live-screen");
  if (!screen) { return; }
  var strings = JSON.parse(document.getElementById("live-strings").textContent);
  var list = screen.querySelector(".live-screen__posts");
  var status = screen.querySelector(".live-screen__status");
  var form = screen.querySelector(".live-screen__form");
  var csrf = screen.querySelector("input[name=csrfmiddlewaretoken]");
  var editing = {};
  var timer = null;

  function say(message) { status.textContent = message; }

  function send(url, data) {
    var body = new FormData();
    Object.keys(data).forEach(function (name) { body.append(name, data[name]); });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf ? csrf.value : "", Accept: "application/json" },
    }).then(function (response) {
      return response.json().then(function (json) { return { ok: response.ok, json: json }; });
    });
  }

  function firstError(json) {
    var errors = json.errors || {};
    var messages = errors.text || errors.__all__ || [];
    return messages.length ? messages[0] : strings.failed;
  }

  function button(label, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "button";
    element.textContent = label;
    element.addEventListener("click", onClick);
    return element;
  }

  function badge(text, extra) {
    var element = document.createElement("span");
    element.className = "live-screen__badge" + (extra ? " " + extra : "");
    element.textContent = text;
    return element;
  }

  function startEditing(item, post) {
    editing[post.id] = true;
    var text = item.querySelector(".live-screen__text");
    var area = document.createElement("textarea");
    area.rows = 4;
    area.value = post.text;
    area.setAttribute("aria-label", strings.editText);
    var important = document.createElement("input");
    important.type = "checkbox";
    important.checked = post.important;
    var importantLabel = document.createElement("label");
    importantLabel.appendChild(important);
    importantLabel.appendChild(document.createTextNode(" " + strings.important));
    var error = document.createElement("p");
    error.className = "errornote";
    error.hidden = true;
    var actions = item.querySelector(".live-screen__actions");
    var editor = document.createElement("div");
    editor.appendChild(area);
    editor.appendChild(importantLabel);
    editor.appendChild(error);
    editor.appendChild(button(strings.save, function () {
      send(post.edit_url, { text: area.value, important: important.checked ? "on" : "" })
        .then(function (result) {
          if (!result.ok) { error.textContent = firstError(result.json); error.hidden = false; return; }
          delete editing[post.id];
          say(strings.saved);
          refresh();
        })
        .catch(function () { error.textContent = strings.failed; error.hidden = false; });
    }));
    editor.appendChild(button(strings.cancel, function () { delete editing[post.id]; refresh(); }));
    text.replaceWith(editor);
    actions.hidden = true;
    area.focus();
  }

  function render(post) {
    var item = document.createElement("li");
    item.className = "live-screen__post";
    item.dataset.post = post.id;
    var meta = document.createElement("p");
    meta.className = "live-screen__meta";
    meta.textContent = post.time + " — " + post.author;
    if (post.important) { meta.appendChild(badge(strings.important)); }
    if (post.pinned) { meta.appendChild(badge(strings.pinned, "live-screen__badge--pinned")); }
    var text = document.createElement("div");
    text.className = "live-screen__text";
    text.innerHTML = post.html; // sanitized by the server when it was saved
    var actions = document.createElement("p");
    actions.className = "live-screen__actions";
    if (post.can_change && post.text !== null) {
      actions.appendChild(button(strings.edit, function () { startEditing(item, post); }));
    }
    if (post.can_change) {
      actions.appendChild(button(strings.delete, function () {
        if (!window.confirm(strings.confirmDelete)) { return; }
        send(post.delete_url, {}).then(function (result) {
          say(result.ok ? strings.deleted : firstError(result.json));
          refresh();
        }).catch(function () { say(strings.failed); });
      }));
    }
    if (post.can_pin) {
      actions.appendChild(button(post.pinned ? strings.unpin : strings.pin, function () {
        send(post.pin_url, { pinned: post.pinned ? "0" : "1" }).then(function (result) {
          if (!result.ok) { say(firstError(result.json)); }
          refresh();
        }).catch(function () { say(strings.failed); });
      }));
    }
    if (post.admin_url) {
      var link = document.createElement("a");
      link.href = post.admin_url;
      link.textContent = strings.admin;
      actions.appendChild(link);
    }
    item.appendChild(meta);
    item.appendChild(text);
    item.appendChild(actions);
    return item;
  }

  function show(posts) {
    var kept = {};
    list.querySelectorAll(":scope > [data-post]").forEach(function (item) {
      if (editing[item.dataset.post]) { kept[item.dataset.post] = item; }
    });
    var items = posts.map(function (post) { return kept[post.id] || render(post); });
    if (!items.length) {
      var empty = document.createElement("li");
      empty.textContent = strings.empty;
      items = [empty];
    }
    list.replaceChildren.apply(list, items);
  }

  function refresh() {
    clearTimeout(timer);
    return fetch(screen.dataset.postsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { if (!response.ok) { throw new Error(String(response.status)); } return response.json(); })
      .then(function (doc) { show(doc.posts); })
      .catch(function () { /* the next refresh tries again */ })
      .then(function () { timer = setTimeout(refresh, REFRESH_MS); });
  }

  if (form) {
    var area = form.querySelector("textarea[name=text]");
    var error = form.querySelector(".live-screen__error");
    var submit = form.querySelector("button[type=submit]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submit.disabled = true;
      send(screen.dataset.createUrl, {
        text: area.value,
        important: form.elements.important.checked ? "on" : "",
        pinned: form.elements.pinned.checked ? "on" : "",
      }).then(function (result) {
        if (!result.ok) {
          error.textContent = firstError(result.json);
          error.hidden = false;
          area.setAttribute("aria-invalid", "true");
          area.focus();
          return;
        }
        error.hidden = true;
        area.removeAttribute("aria-invalid");
        form.reset();
        area.focus();
        say(strings.posted);
        return refresh();
      }).catch(function () {
        error.textContent = strings.failed;
        error.hidden = false;
      }).then(function () { submit.disabled = false; });
    });
    area.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { form.requestSubmit(); }
    });
  }
  refresh();
})();
