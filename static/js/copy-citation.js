// "Kopiér henvisningen": copies the citation paragraph as plain text. An enhancement only: without this file the
// button stays hidden and the paragraph can be selected and copied by hand.
(function () {
  "use strict";

  function plainText(element) {
    return element.textContent.replace(/\s+/g, " ").trim();
  }

  function selectContents(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copyBySelection(element) {
    // Older browsers and pages not served over HTTPS have no async clipboard: copy the selection instead.
    selectContents(element);
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function setUp(button) {
    var source = document.getElementById(button.getAttribute("data-copy-from"));
    if (!source) {
      return;
    }
    var status = button.parentNode.querySelector(".copy-status");
    function report(copied) {
      if (status) {
        status.textContent = copied ? "Henvisningen er kopieret." : "Markér teksten og kopiér den selv.";
      }
    }
    button.addEventListener("click", function () {
      var text = plainText(source);
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(
          function () {
            selectContents(source);
            report(true);
          },
          function () {
            report(copyBySelection(source));
          }
        );
      } else {
        report(copyBySelection(source));
      }
    });
    button.hidden = false;
  }

  document.querySelectorAll("button[data-copy-from]").forEach(setUp);
})();
