/* Front Door web chat: progressive enhancement of the plain HTML form.
 *
 * Without this file the page works with ordinary form posts. With it, messages
 * go to /api/chat and replies are appended to the transcript (an ARIA live
 * log), and Quick exit also works by pressing Esc twice. In the message box Enter sends and
 * Shift+Enter adds a new line; on a phone the privacy note is folded to one line. The conversation id
 * lives only in the page: no cookies, no localStorage, no sessionStorage.
 * Every message is inserted as text (textContent), never as HTML.
 */
(function () {
  "use strict";

  var ESC_WINDOW_MS = 2000;

  /* --- Quick exit ------------------------------------------------------------ */
  var quickExit = document.getElementById("quick-exit");
  if (quickExit) {
    var leave = function () {
      var target = quickExit.href;
      try {
        document.title = "";
        document.body.textContent = "";
      } catch (ignore) { /* leave anyway */ }
      window.location.replace(target);
    };
    quickExit.addEventListener("click", function (event) {
      event.preventDefault();
      leave();
    });
    var lastEscape = 0;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" && event.key !== "Esc") { return; }
      var now = Date.now();
      if (now - lastEscape <= ESC_WINDOW_MS) {
        leave();
      }
      lastEscape = now;
    });
    var hint = quickExit.querySelector(".quick-exit__hint");
    if (hint) { hint.hidden = false; }
  }

  /* --- The privacy note on a phone ------------------------------------------------ */
  /* The sticky header keeps to about a tenth of a phone's screen: the note is folded to one line
   * with a button that unfolds it (and it unfolds when a link in it gets the focus). */
  var note = document.getElementById("privacy-note");
  var noteText = note && note.querySelector("p");
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 30em)") : null;
  if (noteText && narrow) {
    noteText.id = noteText.id || "privacy-note-text";
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "privacy-note__toggle";
    toggle.setAttribute("aria-controls", noteText.id);
    var toggleWord = document.createElement("span");
    var toggleMore = document.createElement("span");
    toggleMore.className = "visually-hidden";
    toggleMore.textContent = " about privacy";
    toggle.appendChild(toggleWord);
    toggle.appendChild(toggleMore);
    note.appendChild(toggle);
    var fold = function (folded) {
      note.classList.toggle("is-folded", folded);
      toggle.setAttribute("aria-expanded", folded ? "false" : "true");
      toggleWord.textContent = folded ? "More" : "Less";
    };
    var fit = function () {
      toggle.hidden = !narrow.matches;
      fold(narrow.matches);
    };
    toggle.addEventListener("click", function () { fold(!note.classList.contains("is-folded")); });
    noteText.addEventListener("focusin", function () { fold(false); });
    fit();
    if (narrow.addEventListener) { narrow.addEventListener("change", fit); } else if (narrow.addListener) { narrow.addListener(fit); }
  }

  /* --- Chat -------------------------------------------------------------------- */
  var form = document.getElementById("chat-form");
  var transcript = document.getElementById("transcript");
  if (!form || !transcript || !window.fetch || !window.JSON) { return; }

  var box = document.getElementById("message");
  var sessionField = document.getElementById("session");
  var tokenField = document.getElementById("form-token");
  var errorBox = document.getElementById("message-error");
  var api = form.getAttribute("data-api") || "/api/chat";
  var maxLength = parseInt(form.getAttribute("data-max-length"), 10) || 2000;
  /* What the chat says itself comes with the page (web/chat/conversation.py page_wording), so the
   * safety wording and the numbers have one home (frontdoor/data/safety.yaml). */
  var OFFLINE = form.getAttribute("data-offline") || "";
  var EMPTY = form.getAttribute("data-empty") || "";
  var TOO_LONG = form.getAttribute("data-too-long") || "";
  var SHORT_NUMBERS = (form.getAttribute("data-short-numbers") || "").split(" ").filter(Boolean);
  var busy = false;

  function characters(text) {
    return Array.from ? Array.from(text).length : text.length;
  }

  function showError(text) {
    errorBox.textContent = "";
    var prefix = document.createElement("span");
    prefix.className = "visually-hidden";
    prefix.textContent = "Error: ";
    errorBox.appendChild(prefix);
    errorBox.appendChild(document.createTextNode(text));
    errorBox.hidden = false;
    box.setAttribute("aria-invalid", "true");
    box.focus();
  }

  function clearError() {
    errorBox.textContent = "";
    errorBox.hidden = true;
    box.removeAttribute("aria-invalid");
  }

  function removeReplyButtons() {
    var forms = transcript.querySelectorAll(".reply-form");
    for (var i = 0; i < forms.length; i += 1) {
      forms[i].parentNode.removeChild(forms[i]);
    }
  }

  function reveal(element) {
    if (!element.scrollIntoView) { return; }
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    element.scrollIntoView({ block: "nearest", behavior: reduce ? "auto" : "smooth" });
  }

  /* Phone numbers as the bot writes them: the short emergency numbers, or 0 and groups of digits
   * ("020 7946 0123"); the same pattern as phone_pattern() in web/chat/conversation.py.
   * Each becomes a tap-to-call link. */
  var PHONE = new RegExp("(?<![\\w\\/-])(?:" + SHORT_NUMBERS.concat(["0\\d{2,4}(?: ?\\d{2,4}){1,3}"]).join("|") +
    ")(?![\\w\\/-])", "g");

  /* The text with each phone number as a tap-to-call link, as a fragment of text nodes and links. */
  function phoneFragment(text) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    var match;
    PHONE.lastIndex = 0;
    while ((match = PHONE.exec(text)) !== null) {
      var digits = match[0].replace(/\D/g, "");
      if (SHORT_NUMBERS.indexOf(digits) < 0 && (digits.length < 8 || digits.length > 11)) { continue; }
      if (match.index > last) { fragment.appendChild(document.createTextNode(text.slice(last, match.index))); }
      var link = document.createElement("a");
      link.className = "tel";
      link.href = "tel:" + digits;
      link.textContent = match[0];
      fragment.appendChild(link);
      last = match.index + match[0].length;
    }
    if (last < text.length || !fragment.firstChild) { fragment.appendChild(document.createTextNode(text.slice(last))); }
    return fragment;
  }

  function fillText(element, text, linkPhones) {
    element.textContent = "";
    element.appendChild(linkPhones ? phoneFragment(text) : document.createTextNode(text));
  }

  /* The numbers the page itself shows (the privacy note in the header, the safety line in the footer)
   * become tap-to-call links too; text already inside a link is left alone. */
  function linkPhonesIn(root) {
    if (!root || !document.createTreeWalker) { return; }
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, null);
    var texts = [];
    while (walker.nextNode()) {
      if (!walker.currentNode.parentNode.closest("a, button, textarea, script")) { texts.push(walker.currentNode); }
    }
    texts.forEach(function (node) {
      var fragment = phoneFragment(node.nodeValue);
      if (fragment.querySelector && fragment.querySelector("a.tel")) { node.parentNode.replaceChild(fragment, node); }
    });
  }
  linkPhonesIn(document.getElementById("privacy-note"));
  linkPhonesIn(document.querySelector(".site-footer"));

  function appendMessage(speaker, text, buttons, kind) {
    var safety = speaker === "bot" && kind === "safety";
    var message = document.createElement("div");
    message.className = "msg msg-" + speaker + (safety ? " msg-safety" : "");
    if (safety) { message.setAttribute("role", "alert"); }
    var who = document.createElement("p");
    who.className = "msg-who";
    who.textContent = speaker === "user" ? "You" : "Front Door";
    if (safety) {
      var label = document.createElement("span");
      label.className = "msg-label";
      label.textContent = "Emergency advice";
      who.appendChild(document.createTextNode(" "));
      who.appendChild(label);
    }
    var body = document.createElement("p");
    body.className = "msg-text";
    body.dir = "auto";
    fillText(body, text, speaker === "bot");
    message.appendChild(who);
    message.appendChild(body);
    if (buttons && buttons.length) {
      var replyForm = document.createElement("form");
      replyForm.className = "reply-form";
      replyForm.method = "post";
      replyForm.action = form.action;
      [["session", sessionField.value], ["token", tokenField.value]].forEach(function (pair) {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = pair[0];
        hidden.value = pair[1];
        replyForm.appendChild(hidden);
      });
      var group = document.createElement("div");
      group.className = "reply-buttons";
      buttons.forEach(function (button) {
        if (!button || typeof button.title !== "string" || typeof button.payload !== "string") { return; }
        var element = document.createElement("button");
        element.type = "submit";
        element.className = "reply-button";
        element.name = "message";
        element.value = button.payload;
        element.textContent = button.title;
        group.appendChild(element);
      });
      replyForm.appendChild(group);
      message.appendChild(replyForm);
    }
    transcript.appendChild(message);
    reveal(message);
    return message;
  }

  function send(text, shownAs) {
    if (busy) { return; }
    var trimmed = text.replace(/^\s+|\s+$/g, "");
    if (!trimmed) { showError(EMPTY); return; }
    if (characters(trimmed) > maxLength) { showError(TOO_LONG); return; }
    clearError();
    busy = true;
    removeReplyButtons();
    var mine = appendMessage("user", shownAs || trimmed, []);
    if (!shownAs) { box.value = ""; }
    /* Focus goes back to the message box, ready for the next message (also after a reply button). */
    box.focus();
    transcript.setAttribute("aria-busy", "true");

    fetch(api, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ session: sessionField.value || null, message: text }),
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer"
    }).then(function (response) {
      return response.json().then(function (data) {
        return { status: response.status, data: data };
      });
    }).then(function (result) {
      var data = result.data || {};
      if (result.status === 400 && typeof data.error === "string") {
        transcript.removeChild(mine);
        if (!shownAs) { box.value = text; }
        showError(data.error);
        return;
      }
      if (typeof data.session === "string" && data.session !== sessionField.value) {
        sessionField.value = data.session;
      }
      var messages = Array.isArray(data.messages) ? data.messages : [];
      if (!messages.length) { messages = [{ text: OFFLINE, buttons: [] }]; }
      messages.forEach(function (message) {
        if (message && typeof message.text === "string") {
          appendMessage("bot", message.text, message.buttons, message.kind);
        }
      });
    }).catch(function () {
      appendMessage("bot", OFFLINE, []);
      if (!shownAs && !box.value) { box.value = text; }
    }).then(function () {
      busy = false;
      transcript.setAttribute("aria-busy", "false");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send(box.value);
  });

  /* Enter sends; Shift+Enter adds a new line (and Enter while an input method is composing is its own). */
  box.setAttribute("enterkeyhint", "send");
  box.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.shiftKey || event.isComposing || event.keyCode === 229) { return; }
    event.preventDefault();
    send(box.value);
  });
  var keysHint = document.getElementById("message-hint");
  if (keysHint) { keysHint.appendChild(document.createTextNode(" Press Enter to send, or Shift+Enter for a new line.")); }

  transcript.addEventListener("click", function (event) {
    var target = event.target;
    while (target && target !== transcript && !(target.classList && target.classList.contains("reply-button"))) {
      target = target.parentNode;
    }
    if (!target || target === transcript) { return; }
    event.preventDefault();
    send(target.value, target.textContent);
  });
})();
