package dev.relay.gateway.texts;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every text Relay shows a customer (and the few it e-mails agents), by its catalogue key, with the arguments its ICU message may
 * use. The bundled catalogues ({@code texts/<locale>.properties}) and admins' overrides are checked
 * against this list: no unknown key, no argument the code does not pass.
 */
public enum TextKey {
  NOTICE_AGENT_ANSWERS("notice.agentAnswers", "agent"),
  NOTICE_TEAM_AWAY("notice.teamAway"),
  NOTICE_NEW_OWNER("notice.newOwner", "agent"),
  NOTICE_OWNER_AWAY_WAIT("notice.ownerAway.wait", "agent"),
  NOTICE_OWNER_AWAY_TEAMMATE("notice.ownerAway.teammate", "agent"),
  /** {@code minutes}: how long the owner is waited for before a teammate answers. */
  NOTICE_OWNER_AWAY_WITHIN("notice.ownerAway.within", "agent", "minutes"),
  NOTICE_OWNER_AWAY_COVER("notice.ownerAway.cover", "owner", "teammate"),
  /** The first answer is late (the rule's escalation): a teammate answers now, the owner stays the owner. */
  NOTICE_TEAMMATE_ANSWERS("notice.teammateAnswers", "owner", "teammate"),
  /** A supervisor took the conversation over: they answer from now on. */
  NOTICE_TAKEN_OVER("notice.takenOver", "agent"),
  /** The owner is back and answers again, after a teammate covered. */
  NOTICE_OWNER_BACK("notice.ownerBack", "agent"),
  /** The owner is there but at capacity, and a teammate who has room will answer (now, or after {@code minutes}). */
  NOTICE_OWNER_BUSY_TEAMMATE("notice.ownerBusy.teammate", "agent"),
  NOTICE_OWNER_BUSY_WITHIN("notice.ownerBusy.within", "agent", "minutes"),
  /** Nobody is the customer's yet, but someone is there. */
  NOTICE_TEAM_HERE("notice.teamHere"),
  /** The agent is there, at capacity, and too little is measured to say how long. */
  NOTICE_AGENT_BUSY("notice.agentBusy", "agent"),
  /** {@code minutes}: the median of the measured first-response times (the agent's, else the team's). */
  NOTICE_AGENT_BUSY_ABOUT("notice.agentBusyAbout", "agent", "minutes"),
  NOTICE_TEAM_BUSY("notice.teamBusy"),
  NOTICE_TEAM_BUSY_ABOUT("notice.teamBusyAbout", "minutes"),
  /**
   * Out of hours: when the agent starts again. {@code due}, {@code minute}, {@code city} as for a
   * callback; {@code day}: today, tomorrow, week (within six days) or other; {@code own}: yes when
   * {@code due} is in the customer's zone, no when in the agent's ({@code city}); {@code channel}:
   * chat, email or sms, where the answer will come.
   */
  NOTICE_AGENT_BACK("notice.agentBack", "agent", "due", "minute", "city", "day", "own", "channel"),
  NOTICE_TEAM_BACK("notice.teamBack", "due", "minute", "city", "day", "own", "channel"),

  SURVEY_QUESTION("survey.question", "agent"),
  SURVEY_THANKS("survey.thanks"),

  /**
   * {@code due}: the call's date and time in the customer's zone; {@code minute}: its minute (0 on the
   * hour, so a message can say "10 h" rather than "10 h 00"); {@code city}: the zone's city ("Paris");
   * {@code zoneName}: the zone's everyday name ("heure de l’Est").
   */
  CALLBACK_CONFIRMED("callback.confirmed", "agent", "due", "minute", "city", "zoneName"),
  /** {@code named}: "yes" when {@code customer} (their name) is known, "no" otherwise. */
  CALLBACK_MISSED("callback.missed", "named", "customer", "agent"),
  FOLLOW_UP_MISSED("followUp.missed", "named", "customer", "agent"),
  FOLLOW_UP_CHECK_IN("followUp.checkIn", "named", "customer", "agent"),
  /** Spoken (text-to-speech) to the customer as they answer a recorded follow-up call, before {@code agent} is connected. */
  CALL_RECORDING_NOTICE("call.recordingNotice", "agent"),

  /**
   * A number to be called on that cannot be read (the widget's callback form, "rappelez-moi au …" by
   * SMS). {@code phone}: as typed; {@code problem}: why, one of {@code needs_country_code},
   * {@code too_short}, {@code too_long}, {@code no_such_number}, {@code not_a_number}, {@code empty},
   * {@code unknown_country_code}; {@code example}: a number of the customer's region as written there.
   */
  PHONE_UNREADABLE("phone.unreadable", "phone", "problem", "example"),
  /** The customer asked to be called, and no call can be arranged (no phone to ring, calls off): the agent writes. */
  CALLBACK_NOT_POSSIBLE("callback.notPossible", "agent"),
  /** The answer to ARRET, the one text still sent after it (Twilio answers STOP itself, in English). */
  SMS_OPTED_OUT("sms.optedOut"),
  /** The answer to AIDE (Twilio answers HELP itself, in English). */
  SMS_HELP("sms.help"),

  /** The subject of an e-mail that starts a thread; {@code company}: the support domain. */
  EMAIL_SUBJECT("email.subject", "company"),
  /** Below every e-mail an agent sends, after "-- ". */
  EMAIL_SIGNATURE("email.signature", "agent", "company"),

  /** The subject of the e-mail that carries an agent's password reset link (agents read it, in their language). */
  SIGNIN_RESET_SUBJECT("signin.resetSubject"),
  /** Its text: {@code agent} their name, {@code link} the one-time link, {@code minutes} how long it works. */
  SIGNIN_RESET_MAIL("signin.resetMail", "agent", "link", "minutes"),

  WIDGET_LAUNCHER("widget.launcher"),
  WIDGET_DIALOG("widget.dialog"),
  WIDGET_CLOSE("widget.close"),
  WIDGET_FORGET("widget.forget"),
  WIDGET_FORGET_LABEL("widget.forgetLabel"),
  WIDGET_FORGOTTEN("widget.forgotten"),
  WIDGET_SUPPORT("widget.support"),
  WIDGET_CONNECTING("widget.connecting"),
  WIDGET_RECONNECTING("widget.reconnecting"),
  WIDGET_YOUR_AGENT("widget.yourAgent"),
  /** The header, from what the gateway knows (never a promise it cannot keep): the agent's state or the team's. */
  WIDGET_HERE("widget.here", "agent"),
  WIDGET_TEAM_HERE("widget.teamHere"),
  WIDGET_BUSY("widget.busy", "agent"),
  /** {@code minutes}: the median measured first-response time. */
  WIDGET_BUSY_ABOUT("widget.busyAbout", "agent", "minutes"),
  WIDGET_TEAM_BUSY("widget.teamBusy"),
  WIDGET_TEAM_BUSY_ABOUT("widget.teamBusyAbout", "minutes"),
  WIDGET_AGENT_AWAY("widget.agentAway"),
  WIDGET_TEAM_AWAY("widget.teamAway"),
  /** {@code time}: the opening time, {@code day}: its weekday (and date beyond a week), both in the visitor's zone. */
  WIDGET_BACK_TODAY("widget.backToday", "agent", "time"),
  WIDGET_BACK_TOMORROW("widget.backTomorrow", "agent", "time"),
  WIDGET_BACK_ON("widget.backOn", "agent", "day", "time"),
  WIDGET_TEAM_BACK_TODAY("widget.teamBackToday", "time"),
  WIDGET_TEAM_BACK_TOMORROW("widget.teamBackTomorrow", "time"),
  WIDGET_TEAM_BACK_ON("widget.teamBackOn", "day", "time"),
  WIDGET_TYPING("widget.typing", "agent"),
  WIDGET_INPUT_LABEL("widget.inputLabel"),
  WIDGET_PLACEHOLDER("widget.placeholder"),
  WIDGET_SEND("widget.send"),
  WIDGET_SENDING("widget.sending"),
  WIDGET_SENT("widget.sent"),
  WIDGET_SEEN("widget.seen"),
  WIDGET_CALL_TOGGLE("widget.call.toggle"),
  WIDGET_CALL_FORM("widget.call.form"),
  WIDGET_CALL_PHONE("widget.call.phone"),
  WIDGET_CALL_PHONE_EXAMPLE("widget.call.phoneExample"),
  WIDGET_CALL_WHEN("widget.call.when"),
  WIDGET_CALL_NOW("widget.call.now"),
  /** Out of hours, naming the visitor's agent. */
  WIDGET_CALL_LATER("widget.call.later", "agent"),
  /** Out of hours, before the visitor has an agent. */
  WIDGET_CALL_LATER_TEAM("widget.call.laterTeam"),
  WIDGET_CALL_SEND("widget.call.send"),
  /** What the visitor's callback request reads as in the conversation: now, or at a time they chose. */
  WIDGET_CALL_REQUEST("widget.call.request", "phone"),
  WIDGET_CALL_REQUEST_AT("widget.call.requestAt", "phone", "at"),
  WIDGET_ERROR_BAD_FRAME("widget.error.bad_frame"),
  WIDGET_ERROR_TOO_LARGE("widget.error.too_large"),
  WIDGET_ERROR_RATE_LIMITED("widget.error.rate_limited"),
  WIDGET_ERROR_UNAVAILABLE("widget.error.unavailable"),
  WIDGET_ERROR_NOT_STORED("widget.error.not_stored"),
  WIDGET_ERROR_INVALID_IDENTITY("widget.error.invalid_identity"),
  /** A callback number the gateway could not read, when its frame does not say why (it usually does). */
  WIDGET_ERROR_INVALID_PHONE("widget.error.invalid_phone"),
  /** Any refusal without a text of its own. */
  WIDGET_ERROR_OTHER("widget.error.other"),
  /** The first words a visitor reads, when the admins' brand has no greeting in the language. */
  WIDGET_GREETING("widget.greeting"),
  /** The launcher's badge, for screen readers: replies that came while the chat was closed. */
  WIDGET_UNREAD("widget.unread", "count"),
  /** Under the input near and past the limit; the message is never cut, it stays to be shortened. */
  WIDGET_COUNT("widget.count", "length", "max"),
  WIDGET_TOO_LONG("widget.tooLong", "length", "max"),
  /** On a message the gateway refused for now (too many at once): sent again by itself after {@code seconds}. */
  WIDGET_RATE_LIMITED("widget.rateLimited", "seconds"),
  /** On a message not stored (the gateway failed, or no answer): the visitor may send it again. */
  WIDGET_NOT_SENT("widget.notSent"),
  WIDGET_RETRY("widget.retry"),
  WIDGET_EARLIER("widget.earlier"),
  /** Under the earlier conversations shown so far, when older ones are still in the store. */
  WIDGET_EARLIER_MORE("widget.earlierMore"),
  /** The satisfaction survey's score buttons: the group, and each button. */
  WIDGET_SURVEY("widget.survey"),
  WIDGET_SURVEY_SCORE("widget.surveyScore", "score"),
  /** Asked before the first message when the admins want it. */
  WIDGET_NAME_LABEL("widget.nameLabel"),
  /** The conversation's scrolling region, for screen readers (it takes the keyboard's focus to scroll). */
  WIDGET_LOG("widget.log"),
  /** The paperclip button (its accessible name) and what the panel says while a file is dragged over it. */
  WIDGET_ATTACH("widget.attach"),
  WIDGET_DROP("widget.drop"),
  /** A file in the chat: a picture's alt text, and a download chip's name for screen readers ({@code size}: "120 kB"). */
  WIDGET_FILE_IMAGE("widget.file.image", "name"),
  WIDGET_FILE_DOWNLOAD("widget.file.download", "name", "size"),
  /** A file refused, by the widget before sending or by the gateway ({@code max}: "10 MB", in the visitor's language). */
  WIDGET_FILE_TOO_LARGE("widget.file.tooLarge", "name", "max"),
  WIDGET_FILE_TYPE("widget.file.type", "name"),
  WIDGET_FILE_EMPTY("widget.file.empty", "name"),
  WIDGET_FILE_NAME("widget.file.badName", "name"),
  /** More files dropped at once than a reply of the agent's may carry: none is sent. */
  WIDGET_FILE_TOO_MANY("widget.file.tooMany", "max");

  /** What the chat widget asks for: its labels and the error texts it shows for a frame's code. */
  public static final String WIDGET_PREFIX = "widget.";

  private static final Map<String, TextKey> BY_KEY = Arrays.stream(values())
      .collect(Collectors.toUnmodifiableMap(TextKey::key, Function.identity()));

  private final String key;
  private final Set<String> arguments;

  TextKey(String key, String... arguments) {
    this.key = key;
    this.arguments = Set.of(arguments);
  }

  public String key() {
    return key;
  }

  /** The arguments the code passes; a message may use fewer, never others. */
  public Set<String> arguments() {
    return arguments;
  }

  public boolean isWidget() {
    return key.startsWith(WIDGET_PREFIX);
  }

  public static Optional<TextKey> of(String key) {
    return Optional.ofNullable(BY_KEY.get(key));
  }
}
