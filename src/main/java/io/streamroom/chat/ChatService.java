package io.streamroom.chat;

import io.streamroom.auth.AdminRules;
import io.streamroom.auth.LoginThrottle;
import io.streamroom.auth.PasswordHasher;
import io.streamroom.auth.SignupThrottle;
import io.streamroom.config.Config;
import io.streamroom.config.Setting;
import io.streamroom.store.ChatStore;
import io.streamroom.store.ChatStore.Account;
import io.streamroom.store.ChatStore.Channel;
import io.streamroom.store.ChatStore.NewMessage;
import io.streamroom.store.ChatStore.StoredMessage;
import io.streamroom.store.MessageWriter;
import io.streamroom.store.StoreFailures;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The rules of the chat: who may say what where, presence, moderation and history. The only code that
 * writes chat data. Adapters talk to it with {@link CommandType commands} on {@link Addresses#COMMANDS};
 * it answers every command and publishes {@link EventType events}. A message is stored before it is
 * published, and the reply to a send means it is in Postgres. Runs as a single instance, so its state
 * needs no locks.
 */
public final class ChatService extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ChatService.class);
  /** Most history one request may read; a page of a scroll-back. */
  public static final int MAX_HISTORY = 100;
  /** Joins, parts, status and mode changes per user per rate window: plenty for a person, few for a flood. */
  private static final int MAX_ACTIONS = 30;

  private interface Handler {
    Future<JsonObject> handle(Session session, JsonObject args);
  }

  private record Identity(String name, Session.Role role, boolean accountAdmin) {}

  private final ChatStore store;
  private final PasswordHasher hasher;
  private final AdminRules adminRules;
  private final int historyOnJoin;
  private final int rateMessages;
  private final long rateWindowMillis;
  private final LoginThrottle loginThrottle;
  private final long loginWindowMillis;
  private final SignupThrottle signupThrottle;
  private final BooleanSupplier databaseUp;

  private final Presence presence = new Presence();
  private final Map<CommandType, Handler> handlers = new EnumMap<>(CommandType.class);
  /** Commands that act for no connection: web sign-up and sign-in, channel creation, reading. */
  private final Map<CommandType, Function<JsonObject, Future<JsonObject>>> sessionless = new EnumMap<>(CommandType.class);
  /** Chosen status per online user (all their sessions share it); absent means online. */
  private final Map<String, Status> statuses = new HashMap<>();
  private final Map<String, Channel> channelCache = new HashMap<>();
  private final Map<String, RateLimiter> limiters = new HashMap<>();
  private final Map<String, RateLimiter> actionLimiters = new HashMap<>();
  private MessageWriter writer;
  private EventBus bus;
  /** Highest message id published; history on join stops here, and newer messages arrive live. */
  private long lastPublishedId;

  public ChatService(Config config, ChatStore store, PasswordHasher hasher, AdminRules adminRules, BooleanSupplier databaseUp) {
    this.store = store;
    this.hasher = hasher;
    this.adminRules = adminRules;
    this.historyOnJoin = config.integer(Setting.HISTORY_ON_JOIN);
    this.rateMessages = config.integer(Setting.RATE_MESSAGES);
    this.rateWindowMillis = config.integer(Setting.RATE_WINDOW_SECONDS) * 1000L;
    this.loginWindowMillis = config.integer(Setting.LOGIN_WINDOW_MINUTES) * 60_000L;
    this.loginThrottle = new LoginThrottle(config.integer(Setting.LOGIN_MAX_FAILURES), loginWindowMillis);
    this.signupThrottle = new SignupThrottle(config.integer(Setting.SIGNUPS_PER_HOUR));
    this.databaseUp = databaseUp;
  }

  @Override
  public Future<?> start() {
    bus = vertx.eventBus();
    writer = new MessageWriter(vertx, store, databaseUp);
    handlers.put(CommandType.HELLO, (session, args) -> Future.succeededFuture(describe(session)));
    handlers.put(CommandType.DISCONNECT, this::disconnect);
    handlers.put(CommandType.STATUS, this::status);
    handlers.put(CommandType.MODE, this::mode);
    handlers.put(CommandType.MEMBER, (session, args) -> Future.succeededFuture(new JsonObject()
        .put("member", session.channels.contains(Names.channel(Args.string(args, "channel", null))))));
    handlers.put(CommandType.LOGIN, this::login);
    handlers.put(CommandType.REGISTER, this::register);
    handlers.put(CommandType.JOIN, this::join);
    handlers.put(CommandType.PART, this::part);
    handlers.put(CommandType.SAY, this::say);
    handlers.put(CommandType.PRIVATE, this::privateMessage);
    handlers.put(CommandType.USERS, this::users);
    handlers.put(CommandType.ADMINS, this::admins);
    handlers.put(CommandType.WHO, this::who);
    sessionless.put(CommandType.CHANNELS, this::channels);
    sessionless.put(CommandType.HISTORY, this::history);
    sessionless.put(CommandType.CREATE_ACCOUNT, this::createAccount);
    sessionless.put(CommandType.CHECK_PASSWORD, this::checkPassword);
    sessionless.put(CommandType.CREATE_CHANNEL, this::createChannel);
    sessionless.put(CommandType.CAN_STREAM, this::canStream);
    handlers.put(CommandType.STOP_STREAM, this::stopStream);
    handlers.put(CommandType.PLAY, this::play);
    handlers.put(CommandType.KICK, this::kick);
    handlers.put(CommandType.ADD_ADMIN, this::addAdmin);
    vertx.setPeriodic(rateWindowMillis, id -> forgetIdleLimiters());
    vertx.setPeriodic(loginWindowMillis, id -> loginThrottle.forgetIdle(System.currentTimeMillis()));
    vertx.setPeriodic(SignupThrottle.WINDOW_MILLIS, id -> signupThrottle.forgetIdle(System.currentTimeMillis()));
    // Streams are started by capture and ingest; the channel's members hear about it from here.
    bus.<JsonObject>consumer(Addresses.LIVE_ANNOUNCE, m -> publish(m.body().getString("channel"),
        event(EventType.STREAM, m.body().getString("channel")).put("live", m.body().getBoolean("live"))
            .put("source", m.body().getString("source"))));
    return store.lastMessageId()
        .onSuccess(id -> lastPublishedId = id)
        .compose(id -> channel(Names.LOBBY)) // cached, so users land in it even while the database is away
        .compose(id -> bus.<Object>consumer(Addresses.COMMANDS, this::onCommand).completion());
  }

  private void onCommand(Message<Object> message) {
    Future<JsonObject> result;
    try {
      if (!(message.body() instanceof JsonObject body)) throw new ChatException(ErrorCode.BAD_REQUEST);
      CommandType type = CommandType.fromWire(body.getString("type"));
      if (type == null) throw new ChatException(ErrorCode.UNKNOWN_COMMAND);
      String sessionId = message.headers().get(Addresses.SESSION_HEADER);
      if (type == CommandType.CONNECT) {
        result = connect(sessionId, body);
      } else if (sessionless.containsKey(type)) {
        result = sessionless.get(type).apply(body);
      } else {
        Session session = presence.session(sessionId);
        if (session == null) throw new ChatException(ErrorCode.NOT_CONNECTED);
        result = handlers.get(type).handle(session, body);
      }
    } catch (ChatException e) {
      result = Future.failedFuture(e);
    } catch (ClassCastException e) {
      result = Future.failedFuture(new ChatException(ErrorCode.BAD_REQUEST)); // a field of the wrong JSON type
    } catch (RuntimeException e) {
      result = Future.failedFuture(e); // a bug: answered INTERNAL with one log line, never left unanswered
    }
    result.onComplete(done -> message.reply(done.succeeded() ? done.result() : errorReply(message.body(), done.cause())));
  }

  private JsonObject errorReply(Object command, Throwable failure) {
    if (failure instanceof ChatException e) return e.toReply();
    if (!databaseUp.getAsBoolean() || StoreFailures.unreachable(failure)) return new ChatException(ErrorCode.DATABASE_DOWN).toReply();
    // One line, no stack trace: a database outage would otherwise flood the log once per message.
    log.error("Command {} failed: {}", command instanceof JsonObject c ? c.getString("type") : "?", failure.toString());
    return new ChatException(ErrorCode.INTERNAL).toReply();
  }

  // ---- sessions and accounts

  private Future<JsonObject> connect(String sessionId, JsonObject args) {
    if (sessionId == null || presence.session(sessionId) != null) throw new ChatException(ErrorCode.BAD_REQUEST);
    String name = Names.nick(Args.string(args, "name", null));
    String transport = Args.string(args, "transport", "unknown");
    String ip = Args.string(args, "ip", null);
    // The original telnet server's admins-by-address rule; web users are admins by account only.
    boolean ipAdmin = "telnet".equals(transport) && adminRules.isAdminAddress(ip);
    Session session = new Session(sessionId, ip, ipAdmin);
    Future<Identity> identity = Boolean.TRUE.equals(Args.bool(args, "authenticated"))
        ? trusted(name, "visitor".equals(Args.string(args, "role", null)))
        : authenticate(name, Args.string(args, "password", null), ip);
    return identity.map(who -> {
      if (who.role() != Session.Role.USER && presence.isOnline(who.name())) throw new ChatException(ErrorCode.NICK_TAKEN);
      if (who.role() == Session.Role.USER && presence.sessionsOf(who.name()).stream().anyMatch(s -> !s.hasAccount())) {
        throw new ChatException(ErrorCode.NICK_TAKEN, "A guest is using the name " + who.name() + " right now.");
      }
      session.name = who.name();
      applyIdentity(session, who);
      presence.add(session);
      return describe(session);
    });
  }

  /** An identity an adapter has verified itself (a signed token); the account is read for its current role. */
  private Future<Identity> trusted(String name, boolean visitor) {
    return store.findAccount(name).map(found -> {
      if (visitor) {
        if (found.isPresent()) throw new ChatException(ErrorCode.NICK_REGISTERED, name + " belongs to an account.");
        return new Identity(name, Session.Role.VISITOR, false);
      }
      Account account = found.orElseThrow(() -> new ChatException(ErrorCode.LOGIN_FAILED, "No account named " + name + "."));
      return new Identity(account.name(), Session.Role.USER, account.admin());
    });
  }

  /** A guest name must be free of accounts; an account name needs its password (attempts are throttled). */
  private Future<Identity> authenticate(String name, String password, String ip) {
    if (password != null) {
      long wait = loginThrottle.tryAttempt(Names.key(name), ip, System.currentTimeMillis());
      if (wait > 0) {
        long seconds = (wait + 999) / 1000;
        throw new ChatException(ErrorCode.TOO_MANY_ATTEMPTS, "Too many login attempts; try again in " + seconds + " s.", seconds);
      }
    }
    return store.findAccount(name).compose(found -> {
      if (password == null) {
        if (found.isPresent()) {
          throw new ChatException(ErrorCode.NICK_REGISTERED,
              name + " belongs to an account: log in with /login " + name + " <password>, or pick another nickname.");
        }
        return Future.succeededFuture(new Identity(name, Session.Role.GUEST, false));
      }
      if (found.isEmpty()) throw new ChatException(ErrorCode.LOGIN_FAILED);
      Account account = found.get();
      return hasher.verify(account.passwordHash(), password).map(ok -> {
        if (!ok) throw new ChatException(ErrorCode.LOGIN_FAILED);
        loginThrottle.succeeded(Names.key(name), ip); // only failures count
        return new Identity(account.name(), Session.Role.USER, account.admin());
      });
    });
  }

  private void applyIdentity(Session session, Identity identity) {
    session.role = identity.role();
    session.admin = session.ipAdmin || (identity.role() == Session.Role.USER
        && (identity.accountAdmin() || adminRules.isAdminAccount(identity.name())));
  }

  private JsonObject describe(Session session) {
    return new JsonObject().put("session", session.id).put("name", session.name).put("role", session.roleName())
        .put("account", session.hasAccount()).put("admin", session.admin).put("status", statusOf(session).wire());
  }

  private Future<JsonObject> disconnect(Session session, JsonObject args) {
    boolean visible = statusOf(session) != Status.INVISIBLE;
    for (String channel : presence.remove(session)) {
      if (visible) publish(channel, event(EventType.PART, channel).put("user", session.name).put("reason", "quit"));
    }
    if (!presence.isOnline(session.name)) {
      statuses.remove(session.key());
      bus.publish(Addresses.LIVE_USER_GONE, new JsonObject().put("name", session.name));
    }
    return Future.succeededFuture(new JsonObject());
  }

  private Future<JsonObject> login(Session session, JsonObject args) {
    String name = Names.nick(Args.string(args, "name", null));
    String password = Args.string(args, "password", null);
    if (password == null) throw new ChatException(ErrorCode.LOGIN_FAILED);
    return authenticate(name, password, session.ip).map(identity -> {
      requireLive(session);
      String oldName = session.name;
      if (!Names.key(oldName).equals(Names.key(identity.name()))) {
        for (String channel : presence.rename(session, identity.name())) {
          publish(channel, event(EventType.RENAME, channel).put("from", oldName).put("to", identity.name()));
        }
        if (!presence.isOnline(oldName)) statuses.remove(Names.key(oldName));
      }
      applyIdentity(session, identity);
      return describe(session);
    });
  }

  private Future<JsonObject> register(Session session, JsonObject args) {
    if (session.role == Session.Role.USER) throw new ChatException(ErrorCode.ALREADY_REGISTERED);
    if (session.role == Session.Role.VISITOR) throw new ChatException(ErrorCode.READ_ONLY);
    String name = session.name;
    return newAccount(name, Args.string(args, "password", ""), session.ip).map(admin -> {
      requireLive(session);
      applyIdentity(session, new Identity(name, Session.Role.USER, admin));
      return describe(session);
    });
  }

  private Future<JsonObject> createAccount(JsonObject args) {
    String name = Names.nick(Args.string(args, "name", null));
    if (presence.isOnline(name)) throw new ChatException(ErrorCode.NICK_TAKEN, name + " is in use right now.");
    return newAccount(name, Args.string(args, "password", ""), Args.string(args, "ip", null))
        .map(admin -> new JsonObject().put("name", name).put("role", admin ? "admin" : "user"));
  }

  /** @return whether the new account is an admin */
  private Future<Boolean> newAccount(String name, String password, String ip) {
    if (password.length() < 8) throw new ChatException(ErrorCode.BAD_PASSWORD);
    long wait = signupThrottle.tryAttempt(ip, System.currentTimeMillis()); // each costs a password hash
    if (wait > 0) {
      long minutes = (wait + 59_999) / 60_000;
      throw new ChatException(ErrorCode.TOO_MANY_SIGNUPS, "Too many new accounts from your address; try again in "
          + minutes + " min.", (wait + 999) / 1000);
    }
    boolean admin = adminRules.isAdminAccount(name);
    return hasher.hash(password)
        .compose(hash -> store.createAccount(name, hash, admin))
        .map(created -> {
          if (!created) throw new ChatException(ErrorCode.NICK_REGISTERED, name + " is already an account.");
          return admin;
        });
  }

  private Future<JsonObject> checkPassword(JsonObject args) {
    String name = Names.nick(Args.string(args, "name", null));
    String password = Args.string(args, "password", null);
    if (password == null) throw new ChatException(ErrorCode.LOGIN_FAILED);
    return authenticate(name, password, Args.string(args, "ip", null)).map(identity -> new JsonObject().put("name", identity.name())
        .put("role", identity.accountAdmin() || adminRules.isAdminAccount(identity.name()) ? "admin" : "user"));
  }

  private Future<JsonObject> status(Session session, JsonObject args) {
    Status status = Status.of(Args.string(args, "status", null));
    checkActionRate(session.key());
    Status before = statusOf(session);
    if (status == Status.ONLINE) statuses.remove(session.key());
    else statuses.put(session.key(), status);
    if (!before.shown().equals(status.shown())) {
      for (String channel : session.channels) {
        publish(channel, event(EventType.STATUS, channel).put("user", session.name).put("status", status.shown()));
      }
    }
    return Future.succeededFuture(new JsonObject().put("status", status.wire()));
  }

  private Status statusOf(Session session) {
    return statuses.getOrDefault(session.key(), Status.ONLINE);
  }

  private boolean visibleTo(Session viewer, Session user) {
    return statusOf(user) != Status.INVISIBLE || viewer != null && viewer.key().equals(user.key());
  }

  // ---- channels

  private Future<Channel> channel(String name) {
    Channel known = channelCache.get(name);
    if (known != null) return Future.succeededFuture(known);
    return store.findChannel(name).map(found -> {
      Channel channel = found.orElseThrow(() -> new ChatException(ErrorCode.NO_SUCH_CHANNEL, "No such channel: " + name));
      // Once cached, only mode() changes an entry: a read that started before a mode change must not undo it.
      return channelCache.computeIfAbsent(name, n -> channel);
    });
  }

  /** Joining a channel that does not exist creates it: owned and registered-only for an account, open for a guest. */
  private Future<Channel> channelForJoin(Session session, String name) {
    return channel(name).recover(missing -> {
      if (!(missing instanceof ChatException e) || e.code() != ErrorCode.NO_SUCH_CHANNEL) return Future.failedFuture(missing);
      if (session.role == Session.Role.VISITOR) {
        throw new ChatException(ErrorCode.READ_ONLY, "Visitors cannot create channels; " + name + " does not exist.");
      }
      boolean account = session.hasAccount();
      return store.createChannel(name, "", account ? session.name : null, account).compose(created -> channel(name));
    });
  }

  private Future<JsonObject> createChannel(JsonObject args) {
    String name = Names.channel(Args.string(args, "name", null));
    String topic = Names.topic(Args.string(args, "topic", ""));
    String owner = Names.nick(Args.string(args, "owner", null));
    checkActionRate(Names.key(owner));
    return store.createChannel(name, topic, owner, true).compose(created -> {
      if (!created) throw new ChatException(ErrorCode.CHANNEL_EXISTS, name + " exists already.");
      return channel(name);
    }).map(this::describe);
  }

  private JsonObject describe(Channel channel) {
    return new JsonObject().put("name", channel.name()).put("topic", channel.topic())
        .put("members", visibleMembers(null, channel.name()).size())
        .put("owner", channel.owner()).put("registeredOnly", channel.registeredOnly());
  }

  private Future<JsonObject> join(Session session, JsonObject args) {
    String name = Names.channel(Args.string(args, "channel", null));
    // A session in no channel is not flooding anyone: its first join (the automatic #lobby) is free, so
    // quick reconnects never leave a user outside every channel.
    if (!session.channels.isEmpty()) checkActionRate(session.key());
    return channelForJoin(session, name).compose(channel -> {
      requireLive(session);
      long historyBefore = lastPublishedId + 1;
      if (presence.join(session, name) && statusOf(session) != Status.INVISIBLE) {
        publish(name, event(EventType.JOIN, name).put("user", session.name));
      }
      toSession(session, event(EventType.JOINED, name));
      // The join has happened; history that cannot be read now does not undo it.
      return store.history(channel.id(), historyBefore, historyOnJoin).map(ChatService::oldestFirst)
          .otherwise(failure -> null)
          .map(history -> new JsonObject()
              .put("channel", name)
              .put("topic", channel.topic())
              .put("registeredOnly", channel.registeredOnly())
              .put("members", new JsonArray(visibleMembers(session, name).stream().map(s -> s.name).toList()))
              .put("history", history == null ? new JsonArray() : history)
              .put("historyUnavailable", history == null));
    });
  }

  private Future<JsonObject> part(Session session, JsonObject args) {
    String channel = memberChannel(session, args);
    checkActionRate(session.key());
    if (presence.part(session, channel) && statusOf(session) != Status.INVISIBLE) {
      publish(channel, event(EventType.PART, channel).put("user", session.name).put("reason", "part"));
    }
    toSession(session, event(EventType.PARTED, channel));
    return Future.succeededFuture(new JsonObject().put("channel", channel));
  }

  private String memberChannel(Session session, JsonObject args) {
    String channel = Names.channel(Args.string(args, "channel", null));
    if (!session.channels.contains(channel)) {
      throw new ChatException(ErrorCode.NOT_IN_CHANNEL, "You are not in " + channel + ".");
    }
    return channel;
  }

  private List<Session> visibleMembers(Session viewer, String channel) {
    return presence.memberSessions(channel).stream().filter(s -> visibleTo(viewer, s)).toList();
  }

  private Future<JsonObject> who(Session session, JsonObject args) {
    String channel = Names.channel(Args.string(args, "channel", null));
    JsonArray members = new JsonArray();
    visibleMembers(session, channel).forEach(s -> members.add(new JsonObject().put("name", s.name)
        .put("status", statusOf(s).wire())));
    return Future.succeededFuture(new JsonObject().put("channel", channel).put("members", members));
  }

  private Future<JsonObject> channels(JsonObject args) {
    return store.channels().map(all -> {
      JsonArray out = new JsonArray();
      for (Channel channel : all) {
        out.add(describe(channelCache.computeIfAbsent(channel.name(), n -> channel)));
      }
      return new JsonObject().put("channels", out);
    });
  }

  private Future<JsonObject> mode(Session session, JsonObject args) {
    String name = Names.channel(Args.string(args, "channel", null));
    Boolean registeredOnly = Args.bool(args, "registeredOnly");
    if (registeredOnly == null) throw new ChatException(ErrorCode.BAD_REQUEST, "Say whether the channel is registeredOnly.");
    checkActionRate(session.key());
    return ownedOrAdmin(session, name).compose(channel -> {
      return store.setRegisteredOnly(name, registeredOnly).map(v -> {
        channelCache.put(name, new Channel(channel.id(), name, channel.topic(), channel.owner(), registeredOnly));
        publish(name, event(EventType.MODE, name).put("registeredOnly", registeredOnly).put("by", session.name));
        return new JsonObject().put("channel", name).put("registeredOnly", registeredOnly);
      });
    });
  }

  private Future<JsonObject> history(JsonObject args) {
    String name = Names.channel(Args.string(args, "channel", null));
    long limit = Args.number(args, "limit", historyOnJoin);
    if (limit < 1 || limit > MAX_HISTORY) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "History size must be 1-" + MAX_HISTORY + ".");
    }
    long before = Args.number(args, "before", Long.MAX_VALUE);
    return channel(name)
        .compose(channel -> store.history(channel.id(), before, (int) limit))
        .map(history -> new JsonObject().put("channel", name).put("messages", oldestFirst(history)));
  }

  private static JsonArray oldestFirst(List<StoredMessage> newestFirst) {
    JsonArray out = new JsonArray();
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      StoredMessage m = newestFirst.get(i);
      out.add(new JsonObject().put("id", m.id()).put("from", m.sender()).put("text", m.body())
          .put("at", m.created().toInstant().toEpochMilli()));
    }
    return out;
  }

  // ---- messages

  private Future<JsonObject> say(Session session, JsonObject args) {
    String name = memberChannel(session, args);
    Channel channel = channelCache.get(name);
    if (session.role == Session.Role.VISITOR) {
      throw new ChatException(ErrorCode.READ_ONLY, "Visitors can read and watch but not send; sign up to talk.");
    }
    if (channel.registeredOnly() && !session.hasAccount()) {
      throw new ChatException(ErrorCode.READ_ONLY, name + " is for registered users: /register to talk here.");
    }
    String text = Names.text(Args.string(args, "text", null));
    String key = Names.messageKey(Args.string(args, "key", null));
    checkRate(session);
    // Published when committed, even after the sender was told it is not confirmed yet.
    Future<StoredMessage> written = writer.write(new NewMessage(channel.id(), session.name, null, text, key), stored -> {
      lastPublishedId = Math.max(lastPublishedId, stored.id());
      publish(name, event(EventType.MESSAGE, name).put("id", stored.id()).put("from", stored.sender())
          .put("text", stored.body()).put("at", stored.created().toInstant().toEpochMilli()));
    });
    return confirmed(written).map(stored -> new JsonObject().put("id", stored.id()).put("repeat", stored.repeat()));
  }

  /**
   * The sender's answer: committed, certainly not stored, or not known yet (the write goes on and its
   * message appears if it is stored).
   */
  private static Future<StoredMessage> confirmed(Future<StoredMessage> written) {
    return written.recover(failure -> {
      if (failure instanceof MessageWriter.UnconfirmedException || failure instanceof MessageWriter.UnknownFateException) {
        return Future.failedFuture(new ChatException(ErrorCode.UNCONFIRMED));
      }
      if (failure instanceof MessageWriter.NotStoredException e) {
        return Future.failedFuture(new ChatException(switch (e.reason()) {
          case DATABASE_DOWN -> ErrorCode.DATABASE_DOWN;
          case QUEUE_FULL -> ErrorCode.BUSY;
          case REFUSED -> ErrorCode.INTERNAL;
        }));
      }
      return Future.failedFuture(failure);
    });
  }

  private Future<JsonObject> privateMessage(Session session, JsonObject args) {
    if (session.role == Session.Role.VISITOR) {
      throw new ChatException(ErrorCode.READ_ONLY, "Visitors can read and watch but not send; sign up to talk.");
    }
    String to = Names.nick(Args.string(args, "to", null));
    String text = Names.text(Args.string(args, "text", null));
    List<Session> targets = presence.sessionsOf(to);
    if (targets.isEmpty()) throw new ChatException(ErrorCode.NO_SUCH_USER, to + " is not online.");
    checkRate(session);
    String recipient = targets.get(0).name;
    String key = Names.messageKey(Args.string(args, "key", null));
    Future<StoredMessage> written = writer.write(new NewMessage(null, session.name, recipient, text, key), stored -> {
      JsonObject event = new JsonObject().put("type", EventType.PRIVATE.wire()).put("id", stored.id())
          .put("from", session.name).put("to", recipient).put("text", text)
          .put("at", stored.created().toInstant().toEpochMilli());
      presence.sessionsOf(recipient).forEach(target -> bus.publish(Addresses.session(target.id), event));
    });
    return confirmed(written).map(stored -> new JsonObject().put("id", stored.id()).put("to", recipient)
        .put("repeat", stored.repeat()));
  }

  private void checkRate(Session session) {
    long waitMillis = limiters.computeIfAbsent(session.key(), k -> new RateLimiter(rateMessages, rateWindowMillis))
        .tryAcquire(System.currentTimeMillis());
    if (waitMillis > 0) {
      throw new ChatException(ErrorCode.RATE_LIMITED, "You are sending too fast: at most " + rateMessages
          + " messages per " + rateWindowMillis / 1000 + " s. Wait " + (waitMillis + 999) / 1000 + " s.");
    }
  }

  /** Joins, parts, status and mode changes each cause events for many people: they are limited too. */
  private void checkActionRate(String userKey) {
    long waitMillis = actionLimiters.computeIfAbsent(userKey, k -> new RateLimiter(MAX_ACTIONS, rateWindowMillis))
        .tryAcquire(System.currentTimeMillis());
    if (waitMillis > 0) {
      throw new ChatException(ErrorCode.RATE_LIMITED, "Slow down: at most " + MAX_ACTIONS + " joins, parts, status and "
          + "channel changes per " + rateWindowMillis / 1000 + " s. Wait " + (waitMillis + 999) / 1000 + " s.");
    }
  }

  private void forgetIdleLimiters() {
    long now = System.currentTimeMillis();
    limiters.values().removeIf(limiter -> limiter.idle(now));
    actionLimiters.values().removeIf(limiter -> limiter.idle(now));
  }

  // ---- live streams

  private Future<JsonObject> canStream(JsonObject args) {
    String name = Names.nick(Args.string(args, "name", null));
    String channel = Names.channel(Args.string(args, "channel", null));
    List<Session> sessions = presence.sessionsOf(name);
    if (sessions.stream().noneMatch(Session::hasAccount)) {
      throw new ChatException(ErrorCode.READ_ONLY, "Only registered users can go live.");
    }
    if (sessions.stream().noneMatch(s -> s.channels.contains(channel))) {
      throw new ChatException(ErrorCode.NOT_IN_CHANNEL, "Join " + channel + " before going live there.");
    }
    return Future.succeededFuture(new JsonObject().put("channel", channel));
  }

  private Future<JsonObject> stopStream(Session session, JsonObject args) {
    String name = Names.channel(Args.string(args, "channel", null));
    checkActionRate(session.key());
    JsonObject stop = new JsonObject().put("channel", name).put("by", session.name);
    return ownedOrAdmin(session, name)
        .compose(v -> Future.all(bus.<JsonObject>request(Addresses.LIVE_STOP, stop), bus.<JsonObject>request(Addresses.VIDEO_STOP, stop)))
        .map(replies -> {
          boolean stopped = replies.<io.vertx.core.eventbus.Message<JsonObject>>list().stream()
              .anyMatch(reply -> reply.body().getBoolean("stopped", false));
          if (!stopped) {
            throw new ChatException(ErrorCode.NOT_LIVE, "No browser stream or video is live in " + name
                + " (the server's camera is not stopped from the chat).");
          }
          return new JsonObject().put("channel", name);
        });
  }

  private Future<JsonObject> play(Session session, JsonObject args) {
    String name = Names.channel(Args.string(args, "channel", null));
    checkActionRate(session.key()); // each play opens a file and starts a decoder
    JsonObject play = new JsonObject().put("channel", name).put("title", Args.string(args, "title", ""))
        .put("resolution", Args.string(args, "resolution", null)).put("by", session.name);
    return ownedOrAdmin(session, name)
        .compose(v -> bus.<JsonObject>request(Addresses.VIDEO_PLAY, play))
        .map(reply -> {
          ChatException refusal = ChatException.fromReply(reply.body());
          if (refusal != null) throw refusal;
          return reply.body();
        });
  }

  /** Succeeds when the session may control the channel: its owner, or an admin. */
  private Future<Channel> ownedOrAdmin(Session session, String name) {
    return channel(name).map(channel -> {
      boolean owner = channel.owner() != null && session.hasAccount() && Names.key(channel.owner()).equals(session.key());
      if (!owner && !session.admin) throw new ChatException(ErrorCode.NOT_OWNER);
      return channel;
    });
  }

  // ---- lists and moderation

  private Future<JsonObject> users(Session session, JsonObject args) {
    JsonArray users = new JsonArray();
    presence.onlineUsers().stream().filter(s -> visibleTo(session, s)).forEach(s -> users.add(new JsonObject()
        .put("name", s.name).put("admin", s.admin).put("status", statusOf(s).wire())));
    return Future.succeededFuture(new JsonObject().put("users", users));
  }

  private Future<JsonObject> admins(Session session, JsonObject args) {
    requireAdmin(session);
    return store.adminNames().map(stored -> {
      TreeMap<String, String> names = new TreeMap<>();
      stored.forEach(n -> names.put(Names.key(n), n));
      adminRules.adminAccounts().forEach(n -> names.putIfAbsent(Names.key(n), n));
      presence.onlineUsers().stream().filter(s -> s.admin).forEach(s -> names.put(s.key(), s.name));
      JsonArray admins = new JsonArray();
      names.values().forEach(n -> admins.add(new JsonObject().put("name", n).put("online", presence.isOnline(n))));
      return new JsonObject().put("admins", admins);
    });
  }

  private Future<JsonObject> kick(Session session, JsonObject args) {
    requireAdmin(session);
    String name = Names.nick(Args.string(args, "name", null));
    String reason = Names.text(Args.string(args, "reason", "no reason given"));
    List<Session> targets = List.copyOf(presence.sessionsOf(name));
    if (targets.isEmpty()) throw new ChatException(ErrorCode.NO_SUCH_USER, name + " is not online.");
    if (targets.contains(session)) throw new ChatException(ErrorCode.BAD_REQUEST, "You cannot kick yourself.");
    String target = targets.get(0).name;
    List<String> channelsLeft = new ArrayList<>();
    for (Session s : targets) {
      bus.publish(Addresses.session(s.id), new JsonObject().put("type", EventType.KICKED.wire())
          .put("by", session.name).put("reason", reason));
      channelsLeft.addAll(presence.remove(s));
    }
    statuses.remove(Names.key(target));
    bus.publish(Addresses.LIVE_USER_GONE, new JsonObject().put("name", target)); // a kicked user's webcam goes too
    for (String channel : channelsLeft) {
      publish(channel, event(EventType.KICK, channel).put("user", target).put("by", session.name).put("reason", reason));
    }
    log.info("{} kicked {}: {}", session.name, target, reason);
    return Future.succeededFuture(new JsonObject().put("name", target));
  }

  private Future<JsonObject> addAdmin(Session session, JsonObject args) {
    requireAdmin(session);
    String name = Names.nick(Args.string(args, "name", null));
    List<Session> online = presence.sessionsOf(name);
    if (online.stream().anyMatch(s -> s.role == Session.Role.VISITOR)) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "Visitors cannot be admins.");
    }
    return store.setAdmin(name, true).map(saved -> {
      if (!saved && online.isEmpty()) throw new ChatException(ErrorCode.NO_SUCH_USER, name + " is neither online nor an account.");
      for (Session s : online) {
        s.admin = true;
        bus.publish(Addresses.session(s.id), new JsonObject().put("type", EventType.PROMOTED.wire()).put("by", session.name));
      }
      log.info("{} made {} an admin (saved: {})", session.name, name, saved);
      return new JsonObject().put("name", online.isEmpty() ? name : online.get(0).name).put("saved", saved);
    });
  }

  /** After an async step: the session may have disconnected or been kicked meanwhile. */
  private void requireLive(Session session) {
    if (presence.session(session.id) != session) throw new ChatException(ErrorCode.NOT_CONNECTED);
  }

  private static void requireAdmin(Session session) {
    if (!session.admin) throw new ChatException(ErrorCode.NOT_ADMIN);
  }

  // ---- events

  private static JsonObject event(EventType type, String channel) {
    return new JsonObject().put("type", type.wire()).put("channel", channel);
  }

  private void publish(String channel, JsonObject event) {
    bus.publish(Addresses.channel(channel), event);
  }

  private void toSession(Session session, JsonObject event) {
    bus.publish(Addresses.session(session.id), event);
  }
}
