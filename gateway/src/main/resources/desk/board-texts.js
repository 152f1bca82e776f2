/* The supervisor board's own words, in English and French; i18n.js adds them to the desk's. */
window.relayPageTexts = {
  en: {
    title: 'Relay — supervisor board', boardHeading: 'Relay board', myDesk: 'My desk', firstAnswers: 'First answers',
    missed: '{n} missed', atRisk: '{n} at risk', onTime: '{n} on time', waitingTitle: 'Customers waiting',
    colCustomer: 'Customer', colWaiting: 'Waiting', colAgent: 'Agent', colChannel: 'Channel', colFirstAnswer: 'First answer',
    colActions: 'Actions', nobodyYet: 'nobody yet', nobodyWaits: 'Nobody is waiting.',
    'target.missed': 'missed', 'target.at_risk': 'at risk', 'target.on_time': 'on time', 'target.none': '—',
    takeOver: 'Take over', takeOverLabel: 'Take over the conversation with {customer}', reassign: 'Reassign',
    reassignTo: 'Reassign {customer} to', takenOver: 'You answer {customer} now.',
    reassigned: '{customer} now has {agent} as their agent.', todayTitle: 'Calls due today',
    todayCounts: '{callbacks} callbacks · {followUps} follow-ups', colWhen: 'When', colCall: 'Call',
    'kind.callback': 'callback', 'kind.follow-up': 'follow-up', late: 'late', nothingToday: 'No calls due today.',
    agentsTitle: 'Agents', colTeam: 'Team', colStatus: 'Status', colLoad: 'Load',
    'reach.here': 'reachable', 'reach.away': 'away', 'reach.closed': 'out of hours',
    boardUpdated: 'Updated {time}', signInFirst: 'Sign in on your desk first.',
    forbidden: 'The board is for supervisors and admins.', minutesShort: '{n} min', hoursMinutes: '{h} h {m} min'
  },
  fr: {
    title: 'Relay — tableau de bord', boardHeading: 'Tableau de bord Relay', myDesk: 'Mon poste',
    firstAnswers: 'Premières réponses', missed: 'manquées\u00a0: {n}', atRisk: 'à risque\u00a0: {n}',
    onTime: 'dans les temps\u00a0: {n}', waitingTitle: 'Clients en attente', colCustomer: 'Client', colWaiting: 'Attente',
    colAgent: 'Agent', colChannel: 'Canal', colFirstAnswer: 'Première réponse', colActions: 'Actions',
    nobodyYet: 'personne pour l’instant', nobodyWaits: 'Personne n’attend.',
    'target.missed': 'manquée', 'target.at_risk': 'à risque', 'target.on_time': 'dans les temps', 'target.none': '—',
    takeOver: 'Reprendre', takeOverLabel: 'Reprendre la conversation avec {customer}', reassign: 'Réattribuer',
    reassignTo: 'Réattribuer {customer} à', takenOver: 'Vous répondez désormais à {customer}.',
    reassigned: 'Le dossier de {customer} est désormais confié à {agent}.', todayTitle: 'Appels prévus aujourd’hui',
    todayCounts: 'rappels\u00a0: {callbacks} · suivis\u00a0: {followUps}', colWhen: 'Heure', colCall: 'Appel',
    'kind.callback': 'rappel', 'kind.follow-up': 'suivi', late: 'en retard', nothingToday: 'Aucun appel prévu aujourd’hui.',
    agentsTitle: 'Agents', colTeam: 'Équipe', colStatus: 'Statut', colLoad: 'Charge',
    'reach.here': 'joignable', 'reach.away': 'indisponible', 'reach.closed': 'hors horaires',
    boardUpdated: 'Mis à jour à {time}', signInFirst: 'Connectez-vous d’abord sur votre poste.',
    forbidden: 'Le tableau de bord est réservé aux superviseurs et aux administrateurs.', minutesShort: '{n} min',
    hoursMinutes: '{h} h {m} min'
  }
};
