-- Every message carries a key its sender's adapter chose before the write: a retry of the same message
-- (after a reply that never came) is recognised and answered with the stored row instead of a copy.
-- Older rows get their id as key. Keys are unique per sender, so nobody can probe another's keys.
ALTER TABLE messages ADD COLUMN client_key text;
UPDATE messages SET client_key = id::text;
ALTER TABLE messages ALTER COLUMN client_key SET NOT NULL;
CREATE UNIQUE INDEX messages_sender_key ON messages (sender, client_key);
