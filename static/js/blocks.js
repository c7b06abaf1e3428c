// The article body's blocks, in the reader's browser (templates/articles/blocks/).
//
// Embeds: the page holds the provider's frame in an inert <template>; nothing is
// asked of the provider until the reader presses "Charger le contenu". Without
// JavaScript the placeholder's link leads to the content on the provider's site.
//
// Galleries: without JavaScript, a plain list of photos. With it, one photo at a
// time in a horizontal strip that a finger swipes (CSS scroll snapping), with
// previous/next buttons, the arrow keys, Home and End, and the position announced.
(function () {
  "use strict";

  document.querySelectorAll("[data-embed]").forEach(function (figure) {
    var button = figure.querySelector("[data-embed-load]");
    var content = figure.querySelector("[data-embed-content]");
    var placeholder = figure.querySelector("[data-embed-placeholder]");
    if (!button || !content || !placeholder) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("div");
      frame.className = "embed__frame";
      frame.appendChild(content.content.cloneNode(true));
      figure.replaceChild(frame, placeholder);
      var iframe = frame.querySelector("iframe");
      if (iframe) {
        iframe.setAttribute("tabindex", "0");
        iframe.focus();
      }
    });
  });

  document.querySelectorAll("[data-gallery]").forEach(function (gallery) {
    var list = gallery.querySelector("[data-gallery-list]");
    var items = Array.prototype.slice.call(gallery.querySelectorAll("[data-gallery-item]"));
    if (!list || items.length < 2) { return; }
    // The buttons' labels come translated from the template.
    var labels = {
      previous: gallery.getAttribute("data-label-previous"),
      next: gallery.getAttribute("data-label-next"),
    };
    var current = 0;

    gallery.classList.add("gallery--enhanced");
    list.setAttribute("tabindex", "0");
    list.setAttribute("aria-roledescription", "carrousel");
    var title = gallery.querySelector(".gallery__title");
    if (title) { list.setAttribute("aria-labelledby", title.id); }

    var controls = document.createElement("div");
    controls.className = "gallery__controls";
    function control(name, label, text) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "gallery__button gallery__button--" + name;
      button.setAttribute("aria-label", label);
      button.textContent = text;
      controls.appendChild(button);
      return button;
    }
    var previous = control("previous", labels.previous, "‹");
    var status = document.createElement("p");
    status.className = "gallery__status";
    status.setAttribute("aria-live", "polite");
    controls.appendChild(status);
    var next = control("next", labels.next, "›");
    gallery.appendChild(controls);

    // Where show() is scrolling the strip to, until it gets there: the scroll events on
    // the way are not a swipe (read as one, a slow frame mid-way made the photo passed
    // the current one and stopped the strip there).
    var target = null;

    function show(index, smooth) {
      current = Math.max(0, Math.min(items.length - 1, index));
      target = items[current].offsetLeft - list.offsetLeft;
      list.scrollTo({ left: target, behavior: smooth ? "smooth" : "auto" });
      update();
    }

    function update() {
      items.forEach(function (item, i) {
        item.setAttribute("aria-hidden", String(i !== current));
        item.classList.toggle("gallery__item--current", i === current);
      });
      var position = items[current].querySelector(".gallery__position");
      status.textContent = position ? position.textContent.trim() : "";
      previous.disabled = current === 0;
      next.disabled = current === items.length - 1;
    }

    previous.addEventListener("click", function () { show(current - 1, true); });
    next.addEventListener("click", function () { show(current + 1, true); });
    gallery.addEventListener("keydown", function (event) {
      var moves = { ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0, End: items.length - 1 };
      if (!(event.key in moves) || event.target.tagName === "INPUT") { return; }
      event.preventDefault();
      show(moves[event.key], true);
    });

    // A swipe scrolls the strip: the photo nearest its left edge becomes the current one.
    var settle = null;
    list.addEventListener("scroll", function () {
      window.clearTimeout(settle);
      settle = window.setTimeout(function () {
        if (target !== null) {
          if (Math.abs(list.scrollLeft - target) < 2) { target = null; }
          return;
        }
        var width = list.clientWidth || 1;
        var index = Math.round(list.scrollLeft / width);
        if (index !== current) {
          current = Math.max(0, Math.min(items.length - 1, index));
          update();
        }
      }, 100);
    }, { passive: true });
    // A reader's own swipe, wheel or drag takes over from show()'s scroll.
    ["pointerdown", "touchstart", "wheel"].forEach(function (name) {
      list.addEventListener(name, function () { target = null; }, { passive: true });
    });

    update();
  });
})();
