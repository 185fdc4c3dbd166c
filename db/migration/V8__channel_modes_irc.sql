-- IRC-style channel modes (issue 13), kept for every channel so an owned channel's rules outlive restarts
-- and a leader take-over: a key (NULL: none), a member limit (0: none), invite-only, secret (hidden from
-- lists), moderated (only moderators and voiced members talk), no messages from outside, topic lock.
-- Who set the topic, and when, for IRC's RPL_TOPICWHOTIME.
ALTER TABLE channels
  ADD COLUMN channel_key text,
  ADD COLUMN user_limit  integer NOT NULL DEFAULT 0,
  ADD COLUMN invite_only boolean NOT NULL DEFAULT false,
  ADD COLUMN secret      boolean NOT NULL DEFAULT false,
  ADD COLUMN moderated   boolean NOT NULL DEFAULT false,
  ADD COLUMN no_external boolean NOT NULL DEFAULT true,
  ADD COLUMN topic_lock  boolean NOT NULL DEFAULT true,
  ADD COLUMN topic_by    text,
  ADD COLUMN topic_at    timestamptz;
