-- Every message carries a key its sender's adapter chose before the write: a retry of the same message
-- (after a reply that never came) is recognised and answered with the stored row instead of a copy.
-- Stored is a name-based UUID of sender and key (MD5, computed by the server): unique per sender, so nobody
-- can claim another's key, and 16 bytes wide, so the index costs little on every insert.
-- Older rows get a key of their own.
ALTER TABLE messages ADD COLUMN client_key uuid;
UPDATE messages SET client_key = md5('legacy-' || id)::uuid;
ALTER TABLE messages ALTER COLUMN client_key SET NOT NULL;
CREATE UNIQUE INDEX messages_client_key ON messages (client_key);
