package io.streamroom.chat;

/** Stable error codes of the chat service; each adapter renders them in its own protocol. */
public enum ErrorCode {
  BAD_REQUEST("That request is malformed."),
  UNKNOWN_COMMAND("Unknown command."),
  NOT_CONNECTED("Choose a nickname first."),
  BAD_NICK("A nickname is 2-20 characters: letters, digits, _ or -, starting with a letter."),
  NICK_TAKEN("That nickname is in use."),
  NICK_REGISTERED("That nickname belongs to an account."),
  LOGIN_FAILED("Wrong name or password."),
  ALREADY_REGISTERED("You already have an account."),
  BAD_PASSWORD("A password needs at least 8 characters."),
  BAD_CHANNEL("A channel name is # followed by 1-32 letters, digits, _ or -."),
  NO_SUCH_CHANNEL("No such channel."),
  NOT_IN_CHANNEL("You are not in that channel."),
  USER_NOT_IN_CHANNEL("That user is not in that channel."),
  USER_IN_CHANNEL("That user is in that channel already."),
  BAD_CHANNEL_KEY("That channel needs a key: join it with the right one."),
  CHANNEL_FULL("That channel is full."),
  INVITE_ONLY("That channel is invite-only: a member has to invite you."),
  BAD_MODE("That mode's value is not valid."),
  NO_SUCH_USER("No such user online."),
  NOT_ADMIN("Only admins can do that."),
  NOT_OWNER("Only the channel's owner or an admin can do that."),
  NOT_MODERATOR("Only the channel's moderators, its owner or an admin can do that."),
  PROTECTED_USER("You cannot do that to someone who moderates this channel at your rank or above."),
  TIMED_OUT("You are timed out in this channel."),
  BANNED("You are banned from there."),
  SLOW_MODE("Slow mode is on in this channel."),
  NO_SUCH_MESSAGE("No such message."),
  NO_SUCH_MEDIA("No such recording."),
  BAD_KEY("That is not a valid public key."),
  TOO_MANY_DEVICES("Too many devices: remove one of your old devices first."),
  NO_SUCH_KEY("No such key."),
  NO_KEYS("That user has no device keys yet: they need to sign in on the web page once."),
  DEVICES_CHANGED("The devices of this conversation changed: fetch the keys again and re-encrypt."),
  READ_ONLY("You can read here but not send."),
  CHANNEL_EXISTS("That channel exists already."),
  NOT_LIVE("Nothing that can be stopped is live there."),
  NOT_PEER("You are not connected to that peer."),
  ALREADY_LIVE("That channel is live already."),
  WRONG_STREAM_KEY("That stream key is not valid: get a new one from the channel's page."),
  NO_SUCH_RECORDING("No such recording."),
  NO_SUCH_WEBHOOK("No such webhook."),
  NOT_STREAMER("Only the streamer, the channel's owner or an admin can delete a recording."),
  NO_SUCH_VIDEO("No such video."),
  BAD_VIDEO("That video cannot be played."),
  EMPTY_MESSAGE("Nothing to send."),
  TOO_LONG("Message too long."),
  TOO_LARGE("Too large."),
  UNSUPPORTED_MEDIA("That file is not a recording the server takes."),
  QUOTA_EXCEEDED("Your storage quota is used up."),
  RATE_LIMITED("You are sending too fast."),
  TOO_MANY_ATTEMPTS("Too many login attempts; try again later."),
  BUSY("The server is overloaded; nothing was sent. Try again shortly."),
  TOO_MANY_SIGNUPS("Too many new accounts from your address; try again later."),
  DATABASE_DOWN("The chat database is unavailable right now; nothing was sent. Try again shortly."),
  UNCONFIRMED("Not confirmed yet: the database is slow. If it was stored it will appear; sending the same again will not post it twice."),
  INTERNAL("The server could not do that right now; nothing was sent. Try again shortly.");

  private final String defaultMessage;

  ErrorCode(String defaultMessage) {
    this.defaultMessage = defaultMessage;
  }

  public String defaultMessage() {
    return defaultMessage;
  }
}
