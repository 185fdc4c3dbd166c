-- Moderation (issue 9). Every action is a row here, so it survives restarts.

-- Moderators of a channel: accounts its owner (or an admin) appointed.
CREATE TABLE channel_moderators (
  channel_id   bigint      NOT NULL REFERENCES channels (id),
  user_id      bigint      NOT NULL REFERENCES users (id),
  appointed_by text        NOT NULL,
  created      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, user_id)
);

-- Bans (channel_id NULL: server-wide) and timeouts (always in a channel, always ending). The target is a
-- name, since guests have no account; a guest's ban also holds the address it came from, so a new
-- nickname does not get round it. One sanction of a kind per target and channel: a second replaces it.
CREATE TABLE sanctions (
  id         bigserial PRIMARY KEY,
  kind       text        NOT NULL CHECK (kind IN ('ban', 'timeout')),
  channel_id bigint      REFERENCES channels (id),
  target     text        NOT NULL,
  address    text,
  reason     text        NOT NULL DEFAULT '',
  by_name    text        NOT NULL,
  created    timestamptz NOT NULL DEFAULT now(),
  expires    timestamptz,
  CHECK (kind = 'ban' OR (channel_id IS NOT NULL AND expires IS NOT NULL))
);
CREATE UNIQUE INDEX sanctions_one_per_target ON sanctions (kind, coalesce(channel_id, 0), lower(target));

-- A deleted message stays stored (who deleted it, and when) but is never shown again.
ALTER TABLE messages ADD COLUMN deleted_at timestamptz, ADD COLUMN deleted_by text;

-- Slow mode; /clear hides every message up to cleared_through from history; a deleted channel keeps its
-- row (and its messages, which pending writes may still reference) but frees its name for a new channel.
ALTER TABLE channels
  ADD COLUMN slow_seconds    integer     NOT NULL DEFAULT 0,
  ADD COLUMN cleared_through bigint      NOT NULL DEFAULT 0,
  ADD COLUMN deleted_at      timestamptz;
ALTER TABLE channels DROP CONSTRAINT channels_name_key;
CREATE UNIQUE INDEX channels_live_name ON channels (name) WHERE deleted_at IS NULL;
