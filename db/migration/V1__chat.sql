-- Accounts. Names are unique regardless of case; guests have no row here.
CREATE TABLE users (
  id            bigserial PRIMARY KEY,
  name          text        NOT NULL,
  password_hash text        NOT NULL,
  role          text        NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
  created       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_name_key ON users (lower(name));

-- Channels are stored lower-case with their leading '#'.
CREATE TABLE channels (
  id       bigserial PRIMARY KEY,
  name     text        NOT NULL UNIQUE,
  topic    text        NOT NULL DEFAULT '',
  owner_id bigint      REFERENCES users (id),
  created  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO channels (name) VALUES ('#lobby');

-- Channel messages (channel_id set) and private messages (recipient set). The sender is a name because
-- guests have no account.
CREATE TABLE messages (
  id         bigserial PRIMARY KEY,
  channel_id bigint      REFERENCES channels (id),
  sender     text        NOT NULL,
  recipient  text,
  body       text        NOT NULL,
  created    timestamptz NOT NULL DEFAULT now(),
  CHECK ((channel_id IS NULL) <> (recipient IS NULL))
);
-- Paging back through a channel: WHERE channel_id = ? AND id < ? ORDER BY id DESC LIMIT n.
CREATE INDEX messages_channel_id_id ON messages (channel_id, id);
