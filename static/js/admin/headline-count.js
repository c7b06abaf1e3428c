// The headline's live character count, and a warning past the advised length.
// Advice only: the article can still be published (the server never refuses it).
(function () {
  "use strict";
  function attach(input) {
    var advised = parseInt(input.dataset.advisedLength, 10);
    var counter = document.createElement("p");
    counter.className = "headline-count";
    counter.id = input.id + "-count";
    counter.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", counter);
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    var template = input.dataset.countTemplate || "";
    function update() {
      var length = Array.from(input.value.trim()).length;
      var over = length > advised;
      counter.textContent = (over ? input.dataset.warnTemplate : template)
        .replace("%(length)s", length).replace("%(advised)s", advised);
      counter.classList.toggle("headline-count--over", over);
    }
    input.addEventListener("input", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-advised-length]").forEach(attach);
  });
})();
