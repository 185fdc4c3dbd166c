-- The public-key directory (issue 10): each signed-in browser (device) publishes an ECDH P-256 public key.
-- A device publishing again replaces its key (the old row is kept, revoked, so older messages made with it
-- can still be read); at most a few live keys per account.
CREATE TABLE device_keys (
  id          bigserial PRIMARY KEY,
  user_id     bigint      NOT NULL REFERENCES users (id),
  device      text        NOT NULL,
  public_key  jsonb       NOT NULL,
  fingerprint text        NOT NULL,
  created     timestamptz NOT NULL DEFAULT now(),
  revoked     timestamptz
);
CREATE UNIQUE INDEX device_keys_live ON device_keys (user_id, device) WHERE revoked IS NULL;

-- An end-to-end encrypted direct message keeps in body only its envelopes (one ciphertext per device that
-- may read it) and in sender_device the key they were made with; the server never sees the text.
ALTER TABLE messages ADD COLUMN sender_device bigint REFERENCES device_keys (id);

-- Conversations: the private messages between two people, newest first, whoever sent them.
CREATE INDEX messages_conversation ON messages
  (least(lower(sender), lower(recipient)), greatest(lower(sender), lower(recipient)), id)
  WHERE recipient IS NOT NULL;
