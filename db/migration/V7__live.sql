-- Streaming from OBS or ffmpeg (issue 12): one stream key per channel. Only the key's SHA-256 is stored, so
-- the database cannot be used to go live; asking for a key again replaces the old one.
CREATE TABLE stream_keys (
  channel_id bigint      PRIMARY KEY REFERENCES channels (id),
  key_hash   bytea       NOT NULL UNIQUE,
  created_by text        NOT NULL,
  created    timestamptz NOT NULL DEFAULT now()
);

-- Live streams kept in the video library: the files are <videos>/<title>_<resolution>.mp4. The row says who
-- may delete them (the streamer, the channel's owner, admins) and which are oldest when the quota is full.
CREATE TABLE recordings (
  title      text        PRIMARY KEY,
  channel    text        NOT NULL,
  streamer   text        NOT NULL,
  started    timestamptz NOT NULL,
  ended      timestamptz NOT NULL DEFAULT now(),
  bytes      bigint      NOT NULL DEFAULT 0 CHECK (bytes >= 0)
);
CREATE INDEX recordings_oldest ON recordings (started);
