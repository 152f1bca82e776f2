/* The working-hours form the admin page (company, teams) and the desk (an agent's own) share:
 * a time zone, the ranges of each weekday ("09:00-12:00, 13:00-17:00"; empty: a day off) and the
 * holidays, one date or range per line ("2026-12-24..2026-12-31"). The gateway checks everything
 * and answers every problem at once; this only turns fields into the API's JSON and back. */
(function () {
  'use strict';
  var DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

  /** The weekday's name in the page's language, capitalised as a label: "Monday", "Lundi". */
  function dayName(index) {
    var name = new Intl.DateTimeFormat(document.documentElement.lang || 'en', { weekday: 'long', timeZone: 'UTC' })
      .format(new Date(Date.UTC(2024, 0, 1 + index)));
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  function field(container, id, label, input) {
    var l = document.createElement('label');
    l.htmlFor = id;
    l.textContent = label;
    input.id = id;
    container.append(l, input);
    return input;
  }

  /** Labels in the page's words (the desk's i18n.js, on the desk and the admin page alike). */
  window.relayHoursForm = function (container, prefix) {
    var t = window.deskText;
    var zone = document.createElement('input');
    zone.placeholder = 'Europe/Paris';
    field(container, prefix + '-timezone', t('hoursTimezone'), zone);
    var days = {};
    DAYS.forEach(function (day, index) {
      var input = document.createElement('input');
      input.placeholder = day === 'sat' || day === 'sun' ? t('hoursDayOff') : '09:00-12:00, 13:00-18:00';
      days[day] = field(container, prefix + '-' + day, dayName(index), input);
    });
    var holidays = document.createElement('textarea');
    holidays.rows = 3;
    holidays.placeholder = '2026-12-25\n2026-12-24..2026-12-31';
    field(container, prefix + '-holidays', t('hoursHolidays'), holidays);

    return {
      fill: function (hours) {
        zone.value = hours && hours.timezone || '';
        DAYS.forEach(function (day) {
          days[day].value = hours && hours.week && hours.week[day] ? hours.week[day].join(', ') : '';
        });
        holidays.value = hours && hours.holidays ? hours.holidays.join('\n') : '';
      },
      read: function () {
        var week = {};
        DAYS.forEach(function (day) {
          var ranges = days[day].value.split(',').map(function (r) { return r.trim(); }).filter(Boolean);
          if (ranges.length) week[day] = ranges;
        });
        return {
          timezone: zone.value.trim(),
          week: week,
          holidays: holidays.value.split('\n').map(function (h) { return h.trim(); }).filter(Boolean)
        };
      }
    };
  };
})();
