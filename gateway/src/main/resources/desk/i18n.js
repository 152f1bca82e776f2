/* The desk in the agent's own language: French or English, from the browser's languages unless the
 * agent chose one (kept in localStorage). Static text is marked data-i18n (textContent),
 * data-i18n-placeholder and data-i18n-label (aria-label); desk.js asks window.deskText(key, args).
 * Other desk pages (the board) add their own words through window.relayPageTexts.
 * The page's lang follows, so screen readers and spell checkers read it right. */
(function () {
  'use strict';
  var KEY = 'relay.deskLanguage';
  var TEXTS = {
    en: {
      title: 'Relay — agent desk', heading: 'Relay desk', language: 'Language', status: 'Status', yourStatus: 'Your status',
      online: 'Online', away: 'Away', offline: 'Offline', signOut: 'Sign out', signIn: 'Sign in',
      email: 'E-mail', password: 'Password', badPassword: 'That e-mail and password do not match.',
      tooManyAttempts: 'Too many attempts from here; wait a minute and try again.', board: 'Board',
      myConversations: 'My conversations',
      tabOpen: 'Open', tabResolved: 'Resolved', empty: 'No conversations yet.', conversation: 'Conversation',
      resolve: 'Resolve', reopen: 'Reopen', reply: 'Reply', yourReply: 'Your reply', replyPlaceholder: 'Write your reply…',
      sendBy: 'Send by', send: 'Send', customer: 'Customer', upcoming: 'Upcoming', scheduleCallback: 'Schedule a callback',
      callbackAt: 'Call back at (your time)', scheduleButton: 'Schedule callback',
      justNow: 'just now', minutes: '{n} min', hours: '{n} h', days: '{n} d', waiting: 'waiting {since}',
      updated: 'updated {ago} ago', updatedNow: 'updated just now', answerBy: ' · answer by {time}',
      unread: '{n} unread', firstResponse: 'first response by {time}', name: 'Name', timezone: 'Time zone',
      locale: 'Writes in', localeUnknown: 'not known yet (the company’s language)', tags: 'Tags',
      satisfaction: 'Satisfaction', asked: 'asked, no answer yet', owner: 'Owner', nothingPlanned: 'nothing planned',
      callbackPlanned: 'Callback planned for {time}; the customer was told.', live: 'Live', reconnecting: 'Reconnecting…',
      theCustomer: 'The customer', typing: '{who} is typing…', localeSaved: 'Relay now writes to them in {locale}.',
      setLocale: 'Language Relay writes to the customer in',
      'state.open': 'open', 'state.resolved': 'resolved', 'status.queued': 'queued', 'status.sent': 'sent',
      'status.delivered': 'delivered', 'status.failed': 'failed', 'job.follow-up': 'follow-up', 'job.callback': 'callback',
      'job.owner-wait': 'owner away', 'job.outbound-retry': 'resend',
      targetAtRisk: 'Answer {customer} by {time}', targetMissed: 'The first answer to {customer} is late (due {time})'
    },
    fr: {
      title: 'Relay — poste agent', heading: 'Poste Relay', language: 'Langue', status: 'Statut', yourStatus: 'Votre statut',
      online: 'En ligne', away: 'Indisponible', offline: 'Hors ligne', signOut: 'Se déconnecter', signIn: 'Connexion',
      email: 'Adresse e-mail', password: 'Mot de passe', badPassword: 'Cette adresse et ce mot de passe ne correspondent pas.',
      tooManyAttempts: 'Trop de tentatives depuis ce poste\u00a0; attendez une minute avant de réessayer.', board: 'Tableau de bord',
      myConversations: 'Mes conversations',
      tabOpen: 'Ouvertes', tabResolved: 'Résolues', empty: 'Aucune conversation pour l’instant.', conversation: 'Conversation',
      resolve: 'Résoudre', reopen: 'Rouvrir', reply: 'Réponse', yourReply: 'Votre réponse',
      replyPlaceholder: 'Écrivez votre réponse…', sendBy: 'Envoyer par', send: 'Envoyer', customer: 'Client',
      upcoming: 'À venir', scheduleCallback: 'Planifier un rappel', callbackAt: 'Rappeler le (votre heure)',
      scheduleButton: 'Planifier le rappel', justNow: 'à l’instant', minutes: '{n} min', hours: '{n} h', days: '{n} j',
      waiting: 'en attente depuis {since}', updated: 'mise à jour il y a {ago}', updatedNow: 'mise à jour à l’instant',
      answerBy: ' · à répondre avant {time}', unread: 'non lus\u00a0: {n}', firstResponse: 'première réponse avant {time}',
      name: 'Nom', timezone: 'Fuseau horaire', locale: 'Langue', localeUnknown: 'pas encore connue (celle de l’entreprise)',
      tags: 'Étiquettes', satisfaction: 'Satisfaction', asked: 'demandée, pas encore de réponse', owner: 'Responsable',
      nothingPlanned: 'rien de prévu', callbackPlanned: 'Rappel prévu le {time}\u00a0; le client en a été informé.',
      live: 'En direct', reconnecting: 'Reconnexion…', theCustomer: 'Le client', typing: '{who} écrit…',
      localeSaved: 'Relay lui écrit désormais en {locale}.', setLocale: 'Langue dans laquelle Relay écrit au client',
      'state.open': 'ouverte', 'state.resolved': 'résolue', 'status.queued': 'en file', 'status.sent': 'envoyé',
      'status.delivered': 'remis', 'status.failed': 'échec', 'job.follow-up': 'suivi', 'job.callback': 'rappel',
      'job.owner-wait': 'agent absent', 'job.outbound-retry': 'nouvel envoi',
      targetAtRisk: 'Répondez à {customer} avant {time}', targetMissed: 'La première réponse à {customer} est en retard (prévue {time})'
    }
  };

  // A page with words of its own (the board) lists them in window.relayPageTexts, loaded before this file.
  Object.keys(window.relayPageTexts || {}).forEach(function (language) {
    if (TEXTS[language]) Object.assign(TEXTS[language], window.relayPageTexts[language]);
  });

  function pick() {
    var chosen = localStorage.getItem(KEY);
    if (TEXTS[chosen]) return chosen;
    var wanted = navigator.languages || [navigator.language];
    for (var i = 0; i < wanted.length; i++) {
      var language = String(wanted[i] || '').toLowerCase().split('-')[0];
      if (TEXTS[language]) return language;
    }
    return 'en';
  }

  var language = pick();

  window.deskLanguage = function () { return language; };

  window.deskText = function (key, args) {
    var text = TEXTS[language][key] != null ? TEXTS[language][key] : TEXTS.en[key] != null ? TEXTS.en[key] : key;
    Object.keys(args || {}).forEach(function (name) { text = text.split('{' + name + '}').join(args[name]); });
    return text;
  };

  function apply() {
    document.documentElement.lang = language;
    document.title = window.deskText('title');
    document.querySelectorAll('[data-i18n]').forEach(function (node) { node.textContent = window.deskText(node.dataset.i18n); });
    document.querySelectorAll('[data-i18n-placeholder]').forEach(function (node) {
      node.placeholder = window.deskText(node.dataset.i18nPlaceholder);
    });
    document.querySelectorAll('[data-i18n-label]').forEach(function (node) {
      node.setAttribute('aria-label', window.deskText(node.dataset.i18nLabel));
    });
  }

  apply();
  var select = document.getElementById('language');
  select.value = language;
  select.addEventListener('change', function () {
    localStorage.setItem(KEY, select.value);
    location.reload();
  });
})();
