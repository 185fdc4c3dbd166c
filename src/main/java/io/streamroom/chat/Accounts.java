package io.streamroom.chat;

import io.streamroom.auth.AdminRules;
import io.streamroom.auth.LoginThrottle;
import io.streamroom.auth.PasswordHasher;
import io.streamroom.auth.SignupThrottle;
import io.streamroom.config.Config;
import io.streamroom.config.Setting;
import io.streamroom.connlog.ConnectionEvent;
import io.streamroom.connlog.ConnectionLog;
import io.streamroom.store.ChatStore;
import io.streamroom.store.ChatStore.Account;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import static io.streamroom.chat.ChatEvents.event;

/**
 * Who a session is: opening it (guest, account with password, or an identity an adapter verified),
 * logging in and signing up (with the login and sign-up throttles), web sign-up and sign-in without a
 * session, and which sessions are admins.
 */
final class Accounts {
  private record Identity(String name, Session.Role role, boolean accountAdmin) {}

  private final ChatStore store;
  private final PasswordHasher hasher;
  private final AdminRules adminRules;
  private final Presence presence;
  private final Statuses statuses;
  private final ChatEvents events;
  private final Sanctions sanctions;
  private final long loginWindowMillis;
  private final LoginThrottle loginThrottle;
  private final SignupThrottle signupThrottle;
  private final RateLimits limits;

  Accounts(Config config, ChatStore store, PasswordHasher hasher, AdminRules adminRules, Presence presence,
      Statuses statuses, ChatEvents events, Sanctions sanctions, RateLimits limits) {
    this.store = store;
    this.limits = limits;
    this.hasher = hasher;
    this.adminRules = adminRules;
    this.presence = presence;
    this.statuses = statuses;
    this.events = events;
    this.sanctions = sanctions;
    this.loginWindowMillis = config.integer(Setting.LOGIN_WINDOW_MINUTES) * 60_000L;
    this.loginThrottle = new LoginThrottle(config.integer(Setting.LOGIN_MAX_FAILURES), loginWindowMillis);
    this.signupThrottle = new SignupThrottle(config.integer(Setting.SIGNUPS_PER_HOUR));
  }

  /** Forgets throttle entries whose window has passed. */
  void startCleanup(Vertx vertx) {
    vertx.setPeriodic(loginWindowMillis, id -> loginThrottle.forgetIdle(System.currentTimeMillis()));
    vertx.setPeriodic(SignupThrottle.WINDOW_MILLIS, id -> signupThrottle.forgetIdle(System.currentTimeMillis()));
  }

  /** @param node the cluster node the connection is on, or null on a single node */
  Future<JsonObject> connect(String sessionId, String node, JsonObject args) {
    if (sessionId == null || presence.session(sessionId) != null) throw new ChatException(ErrorCode.BAD_REQUEST);
    String name = Names.nick(Args.string(args, "name", null));
    String transport = Args.string(args, "transport", "unknown");
    String ip = Args.string(args, "ip", null);
    // The original telnet server's admins-by-address rule (telnet and IRC, on the socket's own address);
    // web users are admins by account only.
    boolean ipAdmin = ("telnet".equals(transport) || "irc".equals(transport)) && adminRules.isAdminAddress(ip);
    Session session = new Session(sessionId, ip, ipAdmin, source(args), node);
    Future<Identity> identity = Boolean.TRUE.equals(Args.bool(args, "authenticated"))
        ? trusted(name, "visitor".equals(Args.string(args, "role", null)))
        : authenticate(name, Args.string(args, "password", null), ip);
    return identity.map(who -> {
      sanctions.checkServer(who.name(), who.role() == Session.Role.USER, ip);
      if (who.role() != Session.Role.USER && presence.isOnline(who.name())) throw new ChatException(ErrorCode.NICK_TAKEN);
      if (who.role() == Session.Role.USER && presence.sessionsOf(who.name()).stream().anyMatch(s -> !s.hasAccount())) {
        throw new ChatException(ErrorCode.NICK_TAKEN, "A guest is using the name " + who.name() + " right now.");
      }
      session.name = who.name();
      session.username = Names.username(Args.string(args, "user", null), transport);
      session.realName = Names.realName(Args.string(args, "realName", null), transport);
      applyIdentity(session, who);
      presence.add(session);
      if (session.hasAccount()) {
        recordLogin(session.source, session.name, session.roleName(), args.getValue("password") != null ? "password" : "token");
      }
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
    presence.changed(session);
  }

  /** Where a command's connection is, as its adapter said: {@code ip}, {@code port}, {@code transport}. */
  private static String source(JsonObject args) {
    return ConnectionLog.source(Args.string(args, "ip", null), (int) Args.number(args, "port", 0),
        Args.string(args, "transport", "unknown"));
  }

  private void recordLogin(String source, String name, String role, String how) {
    events.record(ConnectionEvent.LOGIN, source, name + " as " + role + " (" + how + ")");
  }

  private JsonObject describe(Session session) {
    return new JsonObject().put("session", session.id).put("name", session.name).put("role", session.roleName())
        .put("account", session.hasAccount()).put("admin", session.admin).put("status", statuses.of(session).wire());
  }

  /**
   * A session for one command by an account an adapter verified (a REST request with a token): it has
   * the account's rights, but is in no channel and not online.
   */
  Future<Session> actor(String name, String ip) {
    return trusted(Names.nick(name), false).map(who -> {
      sanctions.checkServer(who.name(), true, ip);
      Session session = new Session("rest", ip, false, ConnectionLog.source(ip, 0, "rest"), null);
      session.name = who.name();
      applyIdentity(session, who);
      return session;
    });
  }

  Future<JsonObject> hello(Session session, JsonObject args) {
    return Future.succeededFuture(describe(session));
  }

  Future<JsonObject> login(Session session, JsonObject args) {
    String name = Names.nick(Args.string(args, "name", null));
    String password = Args.string(args, "password", null);
    if (password == null) throw new ChatException(ErrorCode.LOGIN_FAILED);
    return authenticate(name, password, session.ip).map(identity -> {
      presence.requireLive(session);
      sanctions.checkServer(identity.name(), true, session.ip);
      String oldName = session.name;
      if (!Names.key(oldName).equals(Names.key(identity.name()))) {
        events.publishToEach(presence.rename(session, identity.name()),
            channel -> event(EventType.RENAME, channel).put("from", oldName).put("to", identity.name()));
        if (!presence.isOnline(oldName)) statuses.forget(Names.key(oldName));
      }
      applyIdentity(session, identity);
      recordLogin(session.source, session.name, session.roleName(), "/login");
      return describe(session);
    });
  }

  /**
   * IRC's OPER: an admin account's name and password (the same check and throttle as a login) give this
   * session admin rights, whatever name it has; the session does not become the account.
   */
  Future<JsonObject> oper(Session session, JsonObject args) {
    String name = Names.nick(Args.string(args, "name", null));
    String password = Args.string(args, "password", null);
    if (password == null) throw new ChatException(ErrorCode.LOGIN_FAILED);
    return authenticate(name, password, session.ip).map(identity -> {
      presence.requireLive(session);
      if (!identity.accountAdmin() && !adminRules.isAdminAccount(identity.name())) {
        throw new ChatException(ErrorCode.NOT_ADMIN, identity.name() + " is not an admin account.");
      }
      session.admin = true;
      presence.changed(session);
      recordLogin(session.source, session.name, "admin", "OPER as " + identity.name());
      return describe(session);
    });
  }

  /** A guest's new nickname: free, not an account's, not banned; its channels see the rename. */
  Future<JsonObject> rename(Session session, JsonObject args) {
    String name = Names.nick(Args.string(args, "name", null));
    limits.checkAction(session.key()); // each rename reads the accounts and tells every channel
    if (session.role != Session.Role.GUEST) {
      throw new ChatException(ErrorCode.NICK_REGISTERED, "Your name is your account's: log in to another account to change it.");
    }
    boolean sameUser = Names.key(name).equals(session.key());
    if (!sameUser && presence.isOnline(name)) throw new ChatException(ErrorCode.NICK_TAKEN, name + " is in use right now.");
    return store.findAccount(name).map(found -> {
      if (found.isPresent()) throw new ChatException(ErrorCode.NICK_REGISTERED, name + " belongs to an account.");
      presence.requireLive(session);
      if (!sameUser && presence.isOnline(name)) throw new ChatException(ErrorCode.NICK_TAKEN, name + " is in use right now.");
      sanctions.checkServer(name, false, session.ip);
      String oldName = session.name;
      events.publishToEach(presence.rename(session, name), channel -> event(EventType.RENAME, channel).put("from", oldName).put("to", name));
      if (!sameUser && !presence.isOnline(oldName)) statuses.forget(Names.key(oldName));
      return describe(session);
    });
  }

  Future<JsonObject> register(Session session, JsonObject args) {
    if (session.role == Session.Role.USER) throw new ChatException(ErrorCode.ALREADY_REGISTERED);
    if (session.role == Session.Role.VISITOR) throw new ChatException(ErrorCode.READ_ONLY);
    String name = session.name;
    return newAccount(name, Args.string(args, "password", ""), session.ip).map(admin -> {
      presence.requireLive(session);
      applyIdentity(session, new Identity(name, Session.Role.USER, admin));
      recordLogin(session.source, name, session.roleName(), "/register, new account");
      return describe(session);
    });
  }

  Future<JsonObject> createAccount(JsonObject args) {
    String name = Names.nick(Args.string(args, "name", null));
    if (presence.isOnline(name)) throw new ChatException(ErrorCode.NICK_TAKEN, name + " is in use right now.");
    return newAccount(name, Args.string(args, "password", ""), Args.string(args, "ip", null))
        .map(admin -> new JsonObject().put("name", name).put("role", admin ? "admin" : "user"))
        .onSuccess(user -> recordLogin(source(args), name, user.getString("role"), "web sign-up, new account"));
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

  Future<JsonObject> checkPassword(JsonObject args) {
    String name = Names.nick(Args.string(args, "name", null));
    String password = Args.string(args, "password", null);
    if (password == null) throw new ChatException(ErrorCode.LOGIN_FAILED);
    String ip = Args.string(args, "ip", null);
    return authenticate(name, password, ip).map(identity -> {
      sanctions.checkServer(identity.name(), true, ip);
      return new JsonObject().put("name", identity.name())
          .put("role", identity.accountAdmin() || adminRules.isAdminAccount(identity.name()) ? "admin" : "user");
    }).onSuccess(user -> recordLogin(source(args), user.getString("name"), user.getString("role"), "web sign-in"));
  }
}
