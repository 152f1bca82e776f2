/* The quality page's own words, in English and French; i18n.js adds them to the desk's. */
window.relayPageTexts = {
  en: {
    title: 'Relay — quality', heading: 'Quality', myDesk: 'My desk', board: 'Board', language: 'Language',
    report: 'Report', from: 'From', to: 'To', team: 'Team', allTeams: 'All teams', show: 'Show',
    responseChart: 'Median first response (minutes)', followUpChart: 'Follow-ups', who: 'Agent or team',
    answered: 'First answers', median: 'Median', waitingCol: 'Waiting', csat: 'Satisfaction',
    followUps: 'Follow-ups done / not answered / cancelled / reopened', callbacks: 'Callbacks on time',
    reviews: 'Reviews', noReviews: 'No reviews.', done: 'Done', notAnswered: 'Not answered', cancelled: 'Cancelled',
    reopened: 'Reopened a problem', minutesAxis: 'minutes', teamRow: 'Team {team}', noAnswers: '—',
    csatValue: '{average} / 5 ({answered} of {asked})', onTime: '{onTime} of {due}',
    weekOf: 'Week of {week}: {agent}', conversation: 'Conversation {id}', pending: 'to review',
    reviewed: 'Reviewed by {who}: {score} / 5', score: 'Score', notes: 'Notes', save: 'Save review',
    saved: 'Review saved.', recording: 'Recorded call, {seconds} s', signInFirst: 'Sign in on your desk first.'
  },
  fr: {
    title: 'Relay — qualité', heading: 'Qualité', myDesk: 'Mon poste', board: 'Tableau de bord', language: 'Langue',
    report: 'Rapport', from: 'Du', to: 'Au', team: 'Équipe', allTeams: 'Toutes les équipes', show: 'Afficher',
    responseChart: 'Première réponse, médiane (minutes)', followUpChart: 'Suivis', who: 'Agent ou équipe',
    answered: 'Premières réponses', median: 'Médiane', waitingCol: 'En attente', csat: 'Satisfaction',
    followUps: 'Suivis faits / sans réponse / annulés / problème revenu', callbacks: 'Rappels à l’heure',
    reviews: 'Évaluations', noReviews: 'Aucune évaluation.', done: 'Faits', notAnswered: 'Sans réponse',
    cancelled: 'Annulés', reopened: 'Problème revenu', minutesAxis: 'minutes', teamRow: 'Équipe {team}',
    noAnswers: '—', csatValue: '{average} / 5 ({answered} sur {asked})', onTime: '{onTime} sur {due}',
    weekOf: 'Semaine du {week}\u00a0: {agent}', conversation: 'Conversation {id}', pending: 'à évaluer',
    reviewed: 'Évaluée par {who}\u00a0: {score} / 5', score: 'Note', notes: 'Remarques', save: 'Enregistrer l’évaluation',
    saved: 'Évaluation enregistrée.', recording: 'Appel enregistré, {seconds} s',
    signInFirst: 'Connectez-vous d’abord sur votre poste.'
  }
};
