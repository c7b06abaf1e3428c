/*
 * The focal point of an image: a click on the admin's preview sets the two numeric
 * fields (0..1 from the left and from the top), which stay the way to set it without
 * JavaScript or a pointer. A marker shows the point. No inline code (the CSP).
 */
(function () {
  "use strict";

  function round(value) {
    return Math.min(1, Math.max(0, Math.round(value * 1000) / 1000));
  }

  function setUp(picker) {
    var image = picker.querySelector("img");
    var fieldX = document.getElementById("id_focal_x");
    var fieldY = document.getElementById("id_focal_y");
    if (!image || !fieldX || !fieldY) {
      return;
    }
    var marker = document.createElement("span");
    marker.className = "focal-picker__marker";
    marker.setAttribute("aria-hidden", "true");
    picker.appendChild(marker);

    function show() {
      var x = parseFloat(fieldX.value);
      var y = parseFloat(fieldY.value);
      marker.hidden = isNaN(x) || isNaN(y);
      marker.style.left = (isNaN(x) ? 0.5 : x) * 100 + "%";
      marker.style.top = (isNaN(y) ? 0.5 : y) * 100 + "%";
    }

    image.addEventListener("click", function (event) {
      var box = image.getBoundingClientRect();
      fieldX.value = round((event.clientX - box.left) / box.width);
      fieldY.value = round((event.clientY - box.top) / box.height);
      show();
    });
    fieldX.addEventListener("input", show);
    fieldY.addEventListener("input", show);
    picker.classList.add("focal-picker--ready");
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".focal-picker").forEach(setUp);
  });
})();
