// /dev/mail: follow an e-mail until the worker has read it and its reply is sent, showing the page again
// each time its status changes (the page itself says what became of it; without this script, "check again").
(function () {
  "use strict";
  var panel = document.getElementById("outcome");
  if (!panel || panel.dataset.settled === "true") {
    return;
  }
  var started = Date.now();
  var every = 1500;
  var giveUpAfter = 120000;

  function later() {
    if (Date.now() - started < giveUpAfter) {
      window.setTimeout(check, every);
    }
  }

  function check() {
    fetch(panel.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (progress) {
        if (progress && (progress.settled || progress.status !== panel.dataset.status)) {
          window.location.replace(panel.dataset.pageUrl);
        } else {
          later();
        }
      })
      .catch(later);
  }

  later();
})();
