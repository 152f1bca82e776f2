/* The working-hours form the admin page (company, teams) and the desk (an agent's own) share:
 * a time zone, the ranges of each weekday ("09:00-12:00, 13:00-17:00"; empty: a day off) and the
 * holidays, one date or range per line ("2026-12-24..2026-12-31"). The gateway checks everything
 * and answers every problem at once; this only turns fields into the API's JSON and back. */
(function () {
  'use strict';
  var DAYS = [['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'],
    ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday']];

  function field(container, id, label, input) {
    var l = document.createElement('label');
    l.htmlFor = id;
    l.textContent = label;
    input.id = id;
    container.append(l, input);
    return input;
  }

  window.relayHoursForm = function (container, prefix) {
    var zone = document.createElement('input');
    zone.placeholder = 'Europe/Paris';
    field(container, prefix + '-timezone', 'Time zone', zone);
    var days = {};
    DAYS.forEach(function (day) {
      var input = document.createElement('input');
      input.placeholder = day[0] === 'sat' || day[0] === 'sun' ? 'day off' : '09:00-12:00, 13:00-18:00';
      days[day[0]] = field(container, prefix + '-' + day[0], day[1], input);
    });
    var holidays = document.createElement('textarea');
    holidays.rows = 3;
    holidays.placeholder = '2026-12-25\n2026-12-24..2026-12-31';
    field(container, prefix + '-holidays', 'Holidays and leave (one date or range a line)', holidays);

    return {
      fill: function (hours) {
        zone.value = hours && hours.timezone || '';
        DAYS.forEach(function (day) {
          days[day[0]].value = hours && hours.week && hours.week[day[0]] ? hours.week[day[0]].join(', ') : '';
        });
        holidays.value = hours && hours.holidays ? hours.holidays.join('\n') : '';
      },
      read: function () {
        var week = {};
        DAYS.forEach(function (day) {
          var ranges = days[day[0]].value.split(',').map(function (r) { return r.trim(); }).filter(Boolean);
          if (ranges.length) week[day[0]] = ranges;
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
