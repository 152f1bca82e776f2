/* The desk in the agent's own language: French or English, from the browser's languages unless the
 * agent chose one (kept in localStorage). Static text is marked data-i18n (textContent),
 * data-i18n-placeholder and data-i18n-label (aria-label); desk.js asks window.deskText(key, args).
 * Other pages (the board, the quality page, the admin pages) add their own words through window.relayPageTexts.
 * The page's lang follows, so screen readers and spell checkers read it right; numbers, dates and the API's
 * refusals are written in that language too (deskNumber, deskDateTime, deskProblem). Every page's header ends
 * with the language picker this file adds. */
(function () {
  'use strict';
  var KEY = 'relay.deskLanguage';
  var TEXTS = {
    en: {
      title: 'Relay — agent desk', heading: 'Relay desk', language: 'Language', status: 'Status', yourStatus: 'Your status',
      online: 'Online', away: 'Away', offline: 'Offline', signOut: 'Sign out', signIn: 'Sign in',
      email: 'E-mail', password: 'Password', badPassword: 'That e-mail and password do not match.',
      tooManyAttempts: 'Too many attempts from here; wait a minute and try again.', board: 'Board', quality: 'Quality',
      forgotPassword: 'Forgot your password?', sendLink: 'E-mail me a link',
      linkSent: 'If {email} is a Relay agent’s address, a link to choose a new password is on its way. It works once, within {minutes} minutes.',
      newPasswordTitle: 'Choose a new password', newPassword: 'New password (at least 12 characters)',
      setPassword: 'Save and sign in', weakPassword: 'Choose at least 12 characters: a few words make a good password.',
      'reset.reset_link_used': 'This link was already used. Ask for a new one: “Forgot your password?” below.',
      'reset.reset_link_expired': 'This link has expired. Ask for a new one: “Forgot your password?” below.',
      'reset.reset_link_void': 'This link no longer works: the password was changed since. Ask for a new one below.',
      signInWith: 'Sign in with {provider}', 'oidc.cancelled': 'Signing in with {provider} was cancelled.',
      'oidc.state': 'That sign-in could not be verified. Please try again.', 'oidc.token': 'That sign-in could not be verified. Please try again.',
      'oidc.nonce': 'That sign-in could not be verified. Please try again.', 'oidc.expired': 'The sign-in took too long. Please try again.',
      'oidc.unverified_email': '{provider} did not confirm your e-mail address. Ask your administrator.',
      'oidc.not_an_agent': 'Your {provider} account is not a Relay agent’s. Ask a Relay admin to add your e-mail address.',
      'oidc.deactivated': 'Your Relay account was deactivated. Ask a Relay admin if this is a mistake.',
      'oidc.unavailable': '{provider} cannot be reached right now. Try again in a moment, or sign in with your password.',
      'oidc.limited': 'Too many attempts from here; wait a minute and try again.',
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
      timeline: 'Timeline', notifyOn: 'Turn on notifications', searchLabel: 'Search customers and conversations',
      searchPlaceholder: 'Search: name, e-mail, phone, text (/)', searchMore: 'Search older conversations',
      searching: 'Searching…', searchFound: '{n} found', searchNone: 'Nothing found.',
      searchNoneYet: 'Nothing in the most recent conversations.', 'matched.name': 'name matches',
      'matched.email': 'e-mail matches', 'matched.phone': 'phone number matches', 'matched.text': 'a message matches',
      transferHeading: 'Transfer to a teammate or a team',
      transferRules: 'They become the customer’s dedicated agent: the open conversation and the calls you promised go with it, the customer hears the new name when they next write, and you no longer see this customer.',
      transferTo: 'To', transferNote: 'Note for them (internal)', cancel: 'Cancel', transferButton: 'Transfer',
      transferOpen: 'Transfer…', transferPeople: 'Teammates', transferTeams: 'Teams (least loaded agent)',
      transferMate: '{name} — {state}, {open}/{capacity} open', transferTeam: 'Team {team}',
      transferDone: 'Transferred to {name}.', 'reach.here': 'reachable', 'reach.away': 'away', 'reach.closed': 'out of hours',
      'reach.null': 'away', writeMode: 'What you write', modeReply: 'Reply to the customer', modeNote: 'Internal note (Alt+N)',
      noteHint: 'Internal note: only your colleagues see it; it is never sent to the customer.',
      notePlaceholder: 'Write a note for your colleagues…', addNote: 'Add note', internalNote: 'Internal note',
      transferredTo: 'Transferred to {name}', cannedLabel: 'Canned reply', cannedPick: 'Insert a canned reply…',
      cannedNone: 'No canned reply in this language', attachFile: 'Attach a file', draftKept: 'Draft kept.',
      notSent: 'Not sent.', sendAgain: 'Send again',
      fileTooLarge: '{name} is larger than 10 MB.', fileUnreadable: '{name} could not be read.',
      fileNotKept: '{name} (too large, not kept)', editProfile: 'Edit name, time zone and tags',
      tagsComma: 'Tags (separated by commas)', save: 'Save', profileSaved: 'Saved.',
      shortcuts: 'Keyboard shortcuts (?)', keySearch: 'search', keyNext: 'next / previous conversation',
      keyReply: 'write a reply', keyNote: 'internal note / reply', keyCanned: 'canned replies', keyTransfer: 'transfer',
      keySend: 'send', keyEscape: 'close the search or the transfer',
      notifyMessage: 'New message from {who}', notifyAssigned: 'New conversation for you: {who}',
      targetAtRisk: 'Answer {customer} by {time}', targetMissed: 'The first answer to {customer} is late (due {time})',
      myHours: 'My working hours', saveMyHours: 'Save my hours', useTeamHours: 'Use my team’s (or the company’s)',
      hoursTimezone: 'Time zone', hoursDayOff: 'day off', hoursHolidays: 'Holidays and leave (one date or range a line)',
      hoursSaved: 'Saved.', 'hoursSource.agent': 'Your own hours.',
      'hoursSource.team': 'Your team’s hours (save to keep your own).',
      'hoursSource.company': 'The company’s hours (save to keep your own).',
      'hoursSource.any-time': 'No hours are set: you can be reached any time.',
      'myReach.here': 'Reachable', 'myReach.away': 'Not reachable (away or desk closed)',
      'myReach.closed': 'Out of your hours', myReachBack: ' — back {time}', visitor: 'Visitor',
      fileSize: '{kb} KB', 'problem.with': '{problem}: {details}', 'problem.separator': '; ',
      'problem.network': 'Relay cannot be reached; check the connection and try again.'
    },
    fr: {
      title: 'Relay — poste agent', heading: 'Poste Relay', language: 'Langue', status: 'Statut', yourStatus: 'Votre statut',
      online: 'En ligne', away: 'Indisponible', offline: 'Hors ligne', signOut: 'Se déconnecter', signIn: 'Connexion',
      email: 'Adresse e-mail', password: 'Mot de passe', badPassword: 'Cette adresse et ce mot de passe ne correspondent pas.',
      tooManyAttempts: 'Trop de tentatives depuis ce poste\u00a0; attendez une minute avant de réessayer.', board: 'Tableau de bord', quality: 'Qualité',
      forgotPassword: 'Mot de passe oublié\u202f?', sendLink: 'Recevoir un lien par e-mail',
      linkSent: 'Si {email} est l’adresse d’un agent Relay, un lien pour choisir un nouveau mot de passe vient de partir. Il ne sert qu’une fois, dans les {minutes} minutes.',
      newPasswordTitle: 'Choisissez un nouveau mot de passe', newPassword: 'Nouveau mot de passe (12 caractères au moins)',
      setPassword: 'Enregistrer et se connecter', weakPassword: 'Choisissez au moins 12 caractères\u00a0: quelques mots font un bon mot de passe.',
      'reset.reset_link_used': 'Ce lien a déjà servi. Demandez-en un nouveau\u00a0: «\u00a0Mot de passe oublié\u202f?\u00a0» ci-dessous.',
      'reset.reset_link_expired': 'Ce lien a expiré. Demandez-en un nouveau\u00a0: «\u00a0Mot de passe oublié\u202f?\u00a0» ci-dessous.',
      'reset.reset_link_void': 'Ce lien ne fonctionne plus\u00a0: le mot de passe a changé depuis. Demandez-en un nouveau ci-dessous.',
      signInWith: 'Se connecter avec {provider}', 'oidc.cancelled': 'La connexion avec {provider} a été annulée.',
      'oidc.state': 'Cette connexion n’a pas pu être vérifiée. Réessayez.', 'oidc.token': 'Cette connexion n’a pas pu être vérifiée. Réessayez.',
      'oidc.nonce': 'Cette connexion n’a pas pu être vérifiée. Réessayez.', 'oidc.expired': 'La connexion a pris trop de temps. Réessayez.',
      'oidc.unverified_email': '{provider} n’a pas confirmé votre adresse e-mail. Adressez-vous à votre administrateur.',
      'oidc.not_an_agent': 'Votre compte {provider} n’est pas celui d’un agent Relay. Demandez à un administrateur Relay d’ajouter votre adresse e-mail.',
      'oidc.deactivated': 'Votre compte Relay a été désactivé. Adressez-vous à un administrateur Relay en cas d’erreur.',
      'oidc.unavailable': '{provider} est injoignable pour le moment. Réessayez dans un instant, ou connectez-vous avec votre mot de passe.',
      'oidc.limited': 'Trop de tentatives depuis ce poste\u00a0; attendez une minute avant de réessayer.',
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
      timeline: 'Fil de la conversation', notifyOn: 'Activer les notifications', searchLabel: 'Rechercher clients et conversations',
      searchPlaceholder: 'Rechercher\u00a0: nom, e-mail, téléphone, texte (/)', searchMore: 'Chercher dans les conversations plus anciennes',
      searching: 'Recherche…', searchFound: 'Résultats\u00a0: {n}', searchNone: 'Aucun résultat.',
      searchNoneYet: 'Rien dans les conversations les plus récentes.', 'matched.name': 'le nom correspond',
      'matched.email': 'l’adresse e-mail correspond', 'matched.phone': 'le numéro correspond', 'matched.text': 'un message correspond',
      transferHeading: 'Transférer à un collègue ou à une équipe',
      transferRules: 'Il ou elle devient l’agent attitré du client\u00a0: la conversation ouverte et les rappels promis suivent, le client apprend le nouveau nom à son prochain message, et vous ne voyez plus ce client.',
      transferTo: 'À', transferNote: 'Note pour lui ou elle (interne)', cancel: 'Annuler', transferButton: 'Transférer',
      transferOpen: 'Transférer…', transferPeople: 'Collègues', transferTeams: 'Équipes (l’agent le moins chargé)',
      transferMate: '{name} — {state}, {open}/{capacity} ouvertes', transferTeam: 'Équipe {team}',
      transferDone: 'Transférée à {name}.', 'reach.here': 'joignable', 'reach.away': 'indisponible', 'reach.closed': 'hors horaires',
      'reach.null': 'indisponible', writeMode: 'Ce que vous écrivez', modeReply: 'Réponse au client', modeNote: 'Note interne (Alt+N)',
      noteHint: 'Note interne\u00a0: seuls vos collègues la voient\u00a0; elle n’est jamais envoyée au client.',
      notePlaceholder: 'Écrivez une note pour vos collègues…', addNote: 'Ajouter la note', internalNote: 'Note interne',
      transferredTo: 'Transférée à {name}', cannedLabel: 'Réponse type', cannedPick: 'Insérer une réponse type…',
      cannedNone: 'Aucune réponse type dans cette langue', attachFile: 'Joindre un fichier', draftKept: 'Brouillon conservé.',
      notSent: 'Non envoyé.', sendAgain: 'Renvoyer',
      fileTooLarge: '{name} dépasse 10 Mo.', fileUnreadable: '{name} n’a pas pu être lu.',
      fileNotKept: '{name} (trop volumineux, non conservé)', editProfile: 'Modifier le nom, le fuseau horaire et les étiquettes',
      tagsComma: 'Étiquettes (séparées par des virgules)', save: 'Enregistrer', profileSaved: 'Enregistré.',
      shortcuts: 'Raccourcis clavier (?)', keySearch: 'rechercher', keyNext: 'conversation suivante / précédente',
      keyReply: 'écrire une réponse', keyNote: 'note interne / réponse', keyCanned: 'réponses types', keyTransfer: 'transférer',
      keySend: 'envoyer', keyEscape: 'fermer la recherche ou le transfert',
      notifyMessage: 'Nouveau message de {who}', notifyAssigned: 'Nouvelle conversation pour vous\u00a0: {who}',
      targetAtRisk: 'Répondez à {customer} avant {time}', targetMissed: 'La première réponse à {customer} est en retard (prévue {time})',
      myHours: 'Mes horaires de travail', saveMyHours: 'Enregistrer mes horaires',
      useTeamHours: 'Reprendre ceux de mon équipe (ou de l’entreprise)', hoursTimezone: 'Fuseau horaire',
      hoursDayOff: 'repos', hoursHolidays: 'Congés et absences (une date ou une période par ligne)',
      hoursSaved: 'Enregistré.', 'hoursSource.agent': 'Vos propres horaires.',
      'hoursSource.team': 'Les horaires de votre équipe (enregistrez pour garder les vôtres).',
      'hoursSource.company': 'Les horaires de l’entreprise (enregistrez pour garder les vôtres).',
      'hoursSource.any-time': 'Aucun horaire n’est défini\u00a0: vous êtes joignable à tout moment.',
      'myReach.here': 'Joignable', 'myReach.away': 'Injoignable (indisponible ou poste fermé)',
      'myReach.closed': 'En dehors de vos horaires', myReachBack: ' — de retour {time}', visitor: 'Visiteur',
      fileSize: '{kb} Ko', 'problem.with': '{problem}\u00a0: {details}',
      'problem.separator': '\u202f; ', 'problem.network': 'Relay est injoignable\u00a0; vérifiez la connexion et réessayez.',
      // The API's refusals by code; a code not listed here is shown with the API's own (English) message.
      'problem.invalid.one': '{n} erreur à corriger', 'problem.invalid.other': '{n} erreurs à corriger',
      'problem.unauthorized': 'connexion requise ou expirée', 'problem.forbidden': 'action non autorisée pour ce compte',
      'problem.not_found': 'introuvable (supprimé entre-temps\u202f?)',
      'problem.rate_limited': 'trop de demandes\u00a0; attendez un instant avant de réessayer',
      'problem.too_large': 'la demande est trop volumineuse', 'problem.bad_request': 'la demande est mal formée',
      'problem.malformed_json': 'la demande est mal formée', 'problem.empty_body': 'le jeu de règles est vide',
      'problem.csrf_failed': 'la session n’a pas pu être vérifiée\u00a0; rechargez la page',
      'problem.agent_exists': 'un agent a déjà cette adresse e-mail',
      'problem.team_empty': 'cette équipe n’a aucun agent actif',
      'problem.internal': 'une erreur s’est produite de notre côté\u00a0; elle a été consignée',
      'problem.unavailable': 'service momentanément indisponible\u00a0; réessayez dans un instant'
    }
  };

  // A page with words of its own (board-texts.js, quality-texts.js) lists them in window.relayPageTexts, loaded before this file.
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

  window.deskNumber = function (value) { return Number(value).toLocaleString(language); };

  window.deskDateTime = function (iso) {
    return new Date(iso).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' });
  };

  /** What the API refused, in the page's language: by its code (a 422 with how many problems it lists);
   * English, or a code without words here, keeps the API's own message. No status: the network failed. */
  window.deskRefusal = function (error) {
    if (!error.status) return window.deskText('problem.network');
    var n = (error.details || []).length;
    var key = 'problem.' + error.code + (error.code === 'invalid' ? '.' + new Intl.PluralRules(language).select(n) : '');
    return language !== 'en' && TEXTS[language][key] != null ? window.deskText(key, { n: window.deskNumber(n) }) : error.message;
  };

  /** The refusal with the API's details (which name fields and values, and are the API's words). */
  window.deskProblem = function (error) {
    var details = error.details || [];
    return details.length ? window.deskText('problem.with', { problem: window.deskRefusal(error),
      details: details.join(window.deskText('problem.separator')) }) : window.deskRefusal(error);
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

  /** The language picker that ends every desk page's header, made here once for all of them. */
  function picker() {
    var label = document.createElement('label');
    label.className = 'language';
    var name = document.createElement('span');
    name.dataset.i18n = 'language';
    var select = document.createElement('select');
    select.id = 'language';
    [['en', 'English'], ['fr', 'Français']].forEach(function (offered) {
      var option = new Option(offered[1], offered[0]);
      option.lang = offered[0];
      select.appendChild(option);
    });
    label.append(name, select);
    document.querySelector('header').appendChild(label);
    return select;
  }

  var select = picker();
  apply();
  select.value = language;
  select.addEventListener('change', function () {
    localStorage.setItem(KEY, select.value);
    location.reload();
  });
})();
