-- Webhooks added from the admin page (issue 16); those of STREAMROOM_WEBHOOKS are not stored. The secret
-- is kept as it is: it must sign every POST, so a hash of it would be useless.
CREATE TABLE webhooks (
  id         bigserial   PRIMARY KEY,
  url        text        NOT NULL,
  secret     text        NOT NULL,
  messages   boolean     NOT NULL DEFAULT false,
  created_by text        NOT NULL,
  created    timestamptz NOT NULL DEFAULT now()
);
