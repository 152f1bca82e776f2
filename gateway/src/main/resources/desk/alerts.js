/* Telling the agent something new came: a browser notification (once they allowed it; the header's
 * button asks), a short sound, and the unread count in the tab's title, for new messages and for
 * conversations given to them. Nothing of the message's text goes into a notification: the
 * lock screen may show it. */
(function () {
  'use strict';
  var desk = window.relayDesk;
  var t = desk.t;
  var $ = function (id) { return document.getElementById(id); };
  var title = document.title;
  var assigned = 0;
  var audio = null;

  function canNotify() { return 'Notification' in window; }

  function offerPermission() {
    // Only to a signed-in agent: before that there is nothing to be told about.
    $('notify-on').hidden = $('desk').hidden || !canNotify() || Notification.permission !== 'default';
  }

  $('notify-on').addEventListener('click', function () {
    Notification.requestPermission().then(offerPermission, offerPermission);
  });

  /** Two short tones, made here: no sound file to fetch. Browsers allow it once the agent used the page. */
  function chime() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      [660, 880].forEach(function (frequency, i) {
        var tone = audio.createOscillator();
        var gain = audio.createGain();
        tone.frequency.value = frequency;
        gain.gain.value = 0.08;
        tone.connect(gain).connect(audio.destination);
        tone.start(audio.currentTime + i * 0.15);
        tone.stop(audio.currentTime + i * 0.15 + 0.12);
      });
    } catch (err) { /* no audio here: the notification and the title still tell */ }
  }

  function showCount() {
    var n = desk.unread() + assigned;
    document.title = n ? '(' + n + ') ' + title : title;
  }

  function notify(text, conversationId) {
    if (!canNotify() || Notification.permission !== 'granted') return;
    var shown = new Notification(t('heading'), { body: text, tag: 'relay-' + conversationId, lang: desk.language });
    shown.onclick = function () { window.focus(); desk.open(conversationId); shown.close(); };
  }

  desk.hooks.event.push(function (frame) {
    if (frame.type === 'seen') { showCount(); return; }
    var data = frame.data || {};
    var id = data.conversationId || (data.conversation && data.conversation.id);
    var elsewhere = document.hidden || id !== desk.selected();
    if (frame.event === 'message.received' && elsewhere) {
      var author = data.message && data.message.author;
      var who = author && author.name ? author.name : t('theCustomer');
      notify(t('notifyMessage', { who: who }), id);
      chime();
    } else if (frame.event === 'conversation.assigned') {
      if (document.hidden) assigned++;
      var name = data.customer && data.customer.name ? data.customer.name : t('theCustomer');
      notify(t('notifyAssigned', { who: name }), id);
      chime();
    }
    // The list reloads after an event: count once it has.
    setTimeout(showCount, 0);
  });

  document.addEventListener('visibilitychange', function () {
    if (!document.hidden) { assigned = 0; showCount(); }
  });
  desk.hooks.opened.push(showCount);
  desk.hooks.entered.push(offerPermission);
  // A permission given from the browser's own settings shows here within seconds, too.
  window.setInterval(function () { showCount(); offerPermission(); }, 2000);
})();
