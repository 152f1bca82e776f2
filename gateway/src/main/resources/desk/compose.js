/* Writing in a conversation: a reply or an internal note (marked, for colleagues only), a canned
 * reply filled in for this customer, a file attached, and a draft kept per conversation: switching
 * conversations, a dropped connection or a reload loses nothing typed. Drafts live in this tab's
 * sessionStorage (gone when the tab closes or the agent signs out), never on the server. */
(function () {
  'use strict';
  var desk = window.relayDesk;
  var t = desk.t;
  var $ = function (id) { return document.getElementById(id); };
  var PREFIX = 'relay.draft.';
  var agentId = null;
  var MAX_FILE = 10 * 1024 * 1024;

  function key(conversationId) { return PREFIX + agentId + '.' + conversationId; }

  function isNote() { return $('mode-note').checked; }

  function showMode() {
    var note = isNote();
    $('reply').classList.toggle('note-mode', note);
    $('note-hint').hidden = !note;
    $('send').textContent = note ? t('addNote') : t('send');
    $('reply-text').placeholder = note ? t('notePlaceholder') : t('replyPlaceholder');
    $('reply-channel').disabled = note;
    $('reply-file').disabled = note;
  }

  // ---- drafts ----

  function saveDraft() {
    var id = desk.selected();
    if (!id || !agentId) return;
    var text = $('reply-text').value;
    try {
      if (text) sessionStorage.setItem(key(id), JSON.stringify({ text: text, note: isNote() }));
      else sessionStorage.removeItem(key(id));
    } catch (err) { /* storage full or off: the draft stays in the box */ }
    $('draft-status').textContent = text ? t('draftKept') : '';
  }

  function restoreDraft(id) {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(key(id)) || 'null'); } catch (err) { saved = null; }
    $('reply-text').value = saved ? saved.text : '';
    $('mode-note').checked = !!(saved && saved.note);
    $('mode-reply').checked = !$('mode-note').checked;
    $('draft-status').textContent = saved ? t('draftKept') : '';
    showMode();
  }

  var shownFor = null;
  desk.hooks.entered.push(function (session) { agentId = session.agent.id; });
  desk.hooks.leaving.push(saveDraft);
  desk.hooks.signingOut.push(function () {
    // Nothing typed stays behind in this browser.
    Object.keys(sessionStorage).filter(function (k) { return k.indexOf(PREFIX) === 0; })
      .forEach(function (k) { sessionStorage.removeItem(k); });
  });
  desk.hooks.opened.push(function (detail) {
    // Filled in afresh each time: the customer's name may just have been set.
    loadCanned(detail.conversation.id);
    // The same conversation shown again (a new message, a reconnect): what is being typed stays as it is.
    if (shownFor === detail.conversation.id) return;
    shownFor = detail.conversation.id;
    restoreDraft(detail.conversation.id);
    $('reply-file').value = '';
  });
  desk.hooks.sent.push(function (id) {
    try { sessionStorage.removeItem(key(id)); } catch (err) { /* nothing kept */ }
    $('draft-status').textContent = '';
    $('reply-file').value = '';
    $('mode-reply').checked = true;
    showMode();
  });
  $('reply-text').addEventListener('input', saveDraft);
  ['mode-reply', 'mode-note'].forEach(function (id) {
    $(id).addEventListener('change', function () { showMode(); saveDraft(); });
  });

  // ---- sending: a note, or a reply with its file ----

  function readFile(file) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(String(reader.result).replace(/^data:[^,]*,/, '')); };
      reader.onerror = function () { reject({ message: t('fileUnreadable', { name: file.name }) }); };
      reader.readAsDataURL(file);
    });
  }

  desk.send = function (conversationId, text, channel) {
    var path = '/api/conversations/' + encodeURIComponent(conversationId);
    if (isNote()) return desk.api('POST', path + '/notes', { text: text });
    var file = $('reply-file').files[0];
    if (!file) return desk.api('POST', path + '/messages', { text: text, channel: channel });
    if (file.size > MAX_FILE) return Promise.reject({ message: t('fileTooLarge', { name: file.name }) });
    return readFile(file).then(function (content) {
      return desk.api('POST', path + '/messages', { text: text, channel: channel,
        attachments: [{ filename: file.name, content: content }] });
    });
  };

  // ---- canned replies ----

  function loadCanned(conversationId) {
    var select = $('canned');
    select.replaceChildren(desk.el('option', null, t('cannedPick')));
    select.firstChild.value = '';
    desk.api('GET', '/api/conversations/' + encodeURIComponent(conversationId) + '/canned-replies').then(function (answer) {
      if (desk.selected() !== conversationId) return;
      answer.items.forEach(function (reply) {
        var option = desk.el('option', null, reply.title);
        option.value = reply.id;
        option.dataset.text = reply.text;
        select.appendChild(option);
      });
      select.disabled = !answer.items.length;
      if (!answer.items.length) select.firstChild.textContent = t('cannedNone');
    }).catch(function (error) {
      // Said in the list itself: an empty, disabled list would look like "no canned replies".
      if (desk.selected() !== conversationId) return;
      select.disabled = true;
      select.firstChild.textContent = desk.problem(error);
    });
  }

  $('canned').addEventListener('change', function () {
    var option = $('canned').selectedOptions[0];
    if (!option || !option.value) return;
    var box = $('reply-text');
    // Inserted where the cursor is, so the agent can keep what they wrote and edit the rest.
    var at = box.selectionStart != null ? box.selectionStart : box.value.length;
    box.value = box.value.slice(0, at) + option.dataset.text + box.value.slice(box.selectionEnd || at);
    $('canned').value = '';
    box.focus();
    box.selectionStart = box.selectionEnd = at + option.dataset.text.length;
    saveDraft();
  });

  showMode();
})();
