package dev.relay.connector.spi;

import java.util.Locale;

/**
 * Why a connector refused inbound input. {@link #code} is the metric tag and, on chat, the
 * {@code error} frame's code the widget switches on, so a constant's name is part of the protocol.
 */
public enum RejectReason {
  /** A webhook whose provider signature is missing or wrong. */
  BAD_SIGNATURE,
  TOO_LARGE,
  /** An e-mail that cannot be parsed. */
  MALFORMED,
  /** An e-mail the server would not hand over. */
  UNREADABLE,
  /** An auto-reply or bounce: answering it would start a mail loop. */
  AUTOMATIC,
  /** The gateway could not store it; the channel retries. */
  NOT_STORED,
  BAD_JSON,
  BAD_FRAME,
  UNKNOWN_TYPE,
  ALREADY_GREETED,
  HELLO_REQUIRED,
  INVALID_TOKEN,
  IDENTITY_NOT_ENABLED,
  INVALID_IDENTITY,
  RATE_LIMITED,
  /** A number to call that cannot be read (the chat's callback form): the message says why, in the visitor's language. */
  INVALID_PHONE,
  /** A file a chat visitor sent that is not of a kind Relay takes (read from its bytes, not its name). */
  FILE_TYPE,
  /** A file a chat visitor sent that is empty, or whose name cannot be used. */
  BAD_FILE,
  UNAVAILABLE;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
