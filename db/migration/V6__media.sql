-- Voice and video messages (issue 10). The recording is a file under <data dir>/media/<id>; this row is
-- what makes it exist: a file without a row is removed at start-up, a row is written only once its file is
-- on disk. A recording is uploaded first (message_id NULL: only its owner may fetch it) and attached to
-- the message that carries it when that is sent. Deleting keeps the row (deleted_at) and removes the file.
CREATE TABLE media (
  id           uuid        PRIMARY KEY,
  owner        text        NOT NULL,
  kind         text        NOT NULL CHECK (kind IN ('voice', 'video')),
  content_type text        NOT NULL,
  duration_ms  integer     NOT NULL CHECK (duration_ms >= 0),
  size         bigint      NOT NULL CHECK (size >= 0),
  -- end-to-end encrypted in the browser: the server could not check type or duration, and serves bytes
  encrypted    boolean     NOT NULL DEFAULT false,
  created      timestamptz NOT NULL DEFAULT now(),
  message_id   bigint      REFERENCES messages (id),
  deleted_at   timestamptz
);
-- The quota: SUM(size) of an account's media not deleted, on every upload.
CREATE INDEX media_owner ON media (lower(owner));
-- Deleting a message deletes its media.
CREATE INDEX media_message_id ON media (message_id) WHERE message_id IS NOT NULL;
-- Recordings uploaded but never sent are swept after a while.
CREATE INDEX media_unattached ON media (created) WHERE message_id IS NULL AND deleted_at IS NULL;
