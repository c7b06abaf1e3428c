// Reader site behaviour. Loaded with defer from our own origin (the CSP allows nothing else).
(function () {
  "use strict";
  document.documentElement.classList.add("js");
})();
