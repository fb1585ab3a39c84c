/*
 * List pages (/person, /organisation, ...): on a narrow screen the facets start folded,
 * so the list comes first; without JavaScript they stay open.
 */
(function () {
  "use strict";
  if (window.matchMedia("(max-width: 50rem)").matches) {
    for (const box of document.querySelectorAll("details.facet-box")) box.open = false;
  }
})();
