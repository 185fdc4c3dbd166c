-- A channel created by a registered user is registered-only by default: visitors and guests read it
-- but cannot send. Channels that exist already (created before this mode existed) stay open.
ALTER TABLE channels ADD COLUMN registered_only boolean NOT NULL DEFAULT true;
UPDATE channels SET registered_only = false;
