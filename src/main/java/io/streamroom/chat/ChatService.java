package io.streamroom.chat;

import io.streamroom.auth.AdminRules;
import io.streamroom.auth.PasswordHasher;
import io.streamroom.config.Config;
import io.streamroom.config.Setting;
import io.streamroom.connlog.ConnectionLog;
import io.streamroom.metrics.Meters;
import io.streamroom.store.ChatStore;
import io.streamroom.media.MediaStore;
import io.streamroom.store.MessageWriters;
import io.streamroom.store.Stores;
import io.streamroom.store.StoreFailures;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The chat service's door: consumes {@link CommandType commands} on {@link Addresses#COMMANDS}, hands each
 * to the part that owns its concern ({@link Accounts}, {@link Statuses}, {@link Channels},
 * {@link ChannelControls}, {@link Messages}, {@link Moderation}, {@link LiveStreams}, {@link AdminActions}, {@link AdminViews})
 * and answers every one, refusals as stable
 * {@link ErrorCode}s. The parts hold the rules and the chat data; this class holds none. Runs as a single
 * instance, so the parts' state is only touched on its event loop and needs no locks.
 */
public final class ChatService extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ChatService.class);

  private interface Handler {
    Future<JsonObject> handle(Session session, JsonObject args);
  }

  private final Config config;
  private final Stores stores;
  private final MediaStore media;
  private final PasswordHasher hasher;
  private final AdminRules adminRules;
  private final BooleanSupplier databaseUp;
  private final ConnectionLog connectionLog;
  private final Meters meters;

  private final Presence presence = new Presence();
  private final Map<CommandType, Handler> handlers = new EnumMap<>(CommandType.class);
  /** Commands that act for no connection: web sign-up and sign-in, channel creation, reading. */
  private final Map<CommandType, Function<JsonObject, Future<JsonObject>>> sessionless = new EnumMap<>(CommandType.class);
  /** Commands an adapter may send for an account it verified, without a session (see {@link Addresses#ACTOR_HEADER}). */
  private static final Set<CommandType> BY_ACCOUNT = EnumSet.of(CommandType.DELETE, CommandType.DELETE_CHANNEL,
      CommandType.PUBLISH_KEY, CommandType.REVOKE_KEY, CommandType.KEYS, CommandType.KEY, CommandType.CONVERSATIONS,
      CommandType.CONVERSATION, CommandType.STREAM_KEY, CommandType.DELETE_RECORDING, CommandType.SESSIONS,
      CommandType.ACCOUNTS, CommandType.CONNECTION_LOG, CommandType.WEBHOOKS, CommandType.ADD_WEBHOOK, CommandType.REMOVE_WEBHOOK);
  private Accounts accounts;

  public ChatService(Config config, Stores stores, MediaStore media, PasswordHasher hasher, AdminRules adminRules,
      BooleanSupplier databaseUp, ConnectionLog connectionLog, Meters meters) {
    this.config = config;
    this.stores = stores;
    this.media = media;
    this.hasher = hasher;
    this.adminRules = adminRules;
    this.databaseUp = databaseUp;
    this.connectionLog = connectionLog;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    ChatStore store = stores.chat();
    ChatEvents events = new ChatEvents(bus, connectionLog);
    RateLimits limits = new RateLimits(config);
    Statuses statuses = new Statuses(presence, events, limits);
    ChannelRoles roles = new ChannelRoles();
    Sanctions sanctions = new Sanctions();
    ChannelAdmission admission = new ChannelAdmission();
    Channels channels = new Channels(config, store, presence, statuses, limits, events, roles, sanctions, admission);
    ChannelListings listings = new ChannelListings(channels, sanctions, store, config.integer(Setting.HISTORY_ON_JOIN));
    ChannelControls controls = new ChannelControls(store, stores.moderation(), channels, roles, sanctions, events, limits);
    MessageWriters writers = new MessageWriters(vertx, store, databaseUp, meters);
    Recordings recordings = new Recordings(media);
    Messages messages = new Messages(writers, presence, statuses, channels, limits, roles, sanctions, events, recordings);
    DeviceKeys keys = new DeviceKeys(stores.direct(), store, presence, limits, events);
    DirectMessages direct = new DirectMessages(writers, stores.direct(), keys, presence, limits, events, recordings);
    PeerTracker peers = new PeerTracker(config, presence, channels, limits, events);
    LiveStreams live = new LiveStreams(bus, presence, channels, limits, events, peers);
    StreamKeys streamKeys = new StreamKeys(bus, stores.live(), channels, sanctions, limits);
    AdminActions admin = new AdminActions(store, adminRules, presence, statuses, events);
    AdminViews adminViews = new AdminViews(vertx, store, presence, statuses, sanctions, connectionLog);
    Moderation moderation = new Moderation(stores.moderation(), store, adminRules, presence, channels, roles, sanctions, admin,
        limits, events, recordings);
    OperatorActions operators = new OperatorActions(presence, channels, roles, admission, moderation, limits, events);
    accounts = new Accounts(config, store, hasher, adminRules, presence, statuses, events, sanctions, limits);
    UserQueries userQueries = new UserQueries(presence, statuses, channels);
    UserModes userModes = new UserModes(presence, events, limits);

    // CONNECT is the one command that opens a session; see onCommand.
    handlers.put(CommandType.HELLO, accounts::hello);
    handlers.put(CommandType.LOGIN, accounts::login);
    handlers.put(CommandType.REGISTER, accounts::register);
    handlers.put(CommandType.NICK, accounts::rename);
    handlers.put(CommandType.DISCONNECT, statuses::disconnect);
    handlers.put(CommandType.STATUS, statuses::status);
    handlers.put(CommandType.USERS, statuses::users);
    handlers.put(CommandType.WHOIS, userQueries::whois);
    handlers.put(CommandType.WHOWAS, userQueries::whowas);
    handlers.put(CommandType.LUSERS, userQueries::lusers);
    handlers.put(CommandType.OPER, accounts::oper);
    handlers.put(CommandType.USER_MODE, userModes::mode);
    handlers.put(CommandType.WALLOPS, userModes::wallops);
    handlers.put(CommandType.SETNAME, userModes::setName);
    handlers.put(CommandType.JOIN, channels::join);
    handlers.put(CommandType.PART, channels::part);
    handlers.put(CommandType.MEMBER, channels::member);
    handlers.put(CommandType.WHO, listings::who);
    handlers.put(CommandType.CHANNELS, listings::listFor);
    handlers.put(CommandType.CHANNEL, listings::info);
    handlers.put(CommandType.BANS, listings::bans);
    handlers.put(CommandType.OP, operators::op);
    handlers.put(CommandType.VOICE, operators::voice);
    handlers.put(CommandType.CHANNEL_KICK, operators::kick);
    handlers.put(CommandType.INVITE, operators::invite);
    handlers.put(CommandType.MODE, controls::mode);
    handlers.put(CommandType.TOPIC, controls::topic);
    handlers.put(CommandType.SLOW, controls::slow);
    handlers.put(CommandType.CLEAR, controls::clear);
    handlers.put(CommandType.DELETE_CHANNEL, controls::delete);
    handlers.put(CommandType.SAY, messages::say);
    handlers.put(CommandType.PRIVATE, messages::privateMessage);
    handlers.put(CommandType.TAGMSG, new TagMessages(presence, messages, limits, events)::send);
    handlers.put(CommandType.STOP_STREAM, live::stop);
    handlers.put(CommandType.PLAY, live::play);
    handlers.put(CommandType.STREAM_KEY, streamKeys::create);
    handlers.put(CommandType.DELETE_RECORDING, streamKeys::deleteRecording);
    handlers.put(CommandType.WATCH, peers::watch);
    handlers.put(CommandType.UNWATCH, peers::unwatch);
    handlers.put(CommandType.RELAY, peers::relay);
    handlers.put(CommandType.SIGNAL, peers::signal);
    handlers.put(CommandType.KICK, admin::kick);
    handlers.put(CommandType.ADD_ADMIN, admin::addAdmin);
    handlers.put(CommandType.ADMINS, admin::admins);
    handlers.put(CommandType.REMOVE_ADMIN, admin::removeAdmin);
    handlers.put(CommandType.SESSIONS, adminViews::sessions);
    handlers.put(CommandType.ACCOUNTS, adminViews::accounts);
    handlers.put(CommandType.CONNECTION_LOG, adminViews::connectionLog);
    handlers.put(CommandType.WEBHOOKS, adminViews::webhooks);
    handlers.put(CommandType.ADD_WEBHOOK, adminViews::addWebhook);
    handlers.put(CommandType.REMOVE_WEBHOOK, adminViews::removeWebhook);
    handlers.put(CommandType.MOD, moderation::mod);
    handlers.put(CommandType.UNMOD, moderation::unmod);
    handlers.put(CommandType.TIMEOUT, moderation::timeout);
    handlers.put(CommandType.UNTIMEOUT, moderation::untimeout);
    handlers.put(CommandType.BAN, moderation::ban);
    handlers.put(CommandType.UNBAN, moderation::unban);
    handlers.put(CommandType.DELETE, moderation::delete);
    handlers.put(CommandType.PUBLISH_KEY, keys::publish);
    handlers.put(CommandType.REVOKE_KEY, keys::revoke);
    handlers.put(CommandType.KEYS, keys::keys);
    handlers.put(CommandType.KEY, keys::key);
    handlers.put(CommandType.DM, direct::dm);
    handlers.put(CommandType.CONVERSATIONS, direct::conversations);
    handlers.put(CommandType.CONVERSATION, direct::conversation);
    sessionless.put(CommandType.CREATE_ACCOUNT, accounts::createAccount);
    sessionless.put(CommandType.CHECK_PASSWORD, accounts::checkPassword);
    sessionless.put(CommandType.CHANNELS, listings::list);
    sessionless.put(CommandType.HISTORY, listings::history);
    sessionless.put(CommandType.CREATE_CHANNEL, channels::create);
    sessionless.put(CommandType.CAN_STREAM, live::canStream);
    sessionless.put(CommandType.STREAM_WITH, streamKeys::owner);
    sessionless.put(CommandType.PEERS, peers::peers);
    sessionless.put(CommandType.PEER_COUNTS, peers::counts);

    limits.startCleanup(vertx);
    accounts.startCleanup(vertx);
    bus.<JsonObject>consumer(Addresses.LIVE_ANNOUNCE, live::announced);
    bus.<JsonObject>consumer(Addresses.LIVE_NOW, live::now);
    bus.<JsonObject>localConsumer(Addresses.NODE_LEFT, m -> {
      statuses.nodeLeft(m.body().getString("node"));
      live.nodeLeft(m.body().getString("node"));
    });
    return roles.load(stores.moderation())
        .compose(v -> sanctions.load(stores.moderation()))
        .compose(v -> store.lastMessageId())
        .onSuccess(channels::startAfter)
        .compose(id -> channels.channel(Names.LOBBY)) // cached, so users land in it even while the database is away
        .compose(id -> vertx.isClustered() ? new ClusterPresence(vertx, presence, statuses, channels, live, events).start()
            : Future.succeededFuture())
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
        result = accounts.connect(sessionId, message.headers().get(Addresses.NODE_HEADER), body);
      } else if (sessionless.containsKey(type) && (presence.session(sessionId) == null || !handlers.containsKey(type))) {
        result = sessionless.get(type).apply(body);
      } else if (sessionId == null && BY_ACCOUNT.contains(type) && message.headers().get(Addresses.ACTOR_HEADER) != null) {
        result = accounts.actor(message.headers().get(Addresses.ACTOR_HEADER), message.headers().get(Addresses.ACTOR_IP_HEADER))
            .compose(actor -> handlers.get(type).handle(actor, body));
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
    if (StoreFailures.overloaded(failure)) return new ChatException(ErrorCode.BUSY).toReply(); // a burst of arrivals: try again
    // One line, no stack trace: a database outage would otherwise flood the log once per message.
    log.error("Command {} failed: {}", command instanceof JsonObject c ? c.getString("type") : "?", failure.toString());
    return new ChatException(ErrorCode.INTERNAL).toReply();
  }
}
