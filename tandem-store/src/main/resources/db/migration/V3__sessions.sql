-- Tandem store schema, version 3: conversation sessions of /ask and tandem ask.
-- One row per live session: id is the random session id, user_id the external id of the user
-- who started it ('' for an anonymous conversation; no foreign key, so a session may outlive or
-- precede the user row, and deleting a user deletes their sessions in the application), state
-- the conversation state as JSON text written by the engine, last_turn the epoch milliseconds
-- of the last turn (expiry), version a counter that every write increments: a writer updates
-- only the version it read (compare-and-set), so two turns of one session never overwrite
-- each other silently. The index on last_turn lets expiry delete old rows without a full scan.

CREATE TABLE ask_sessions (
  id        VARCHAR(128) PRIMARY KEY,
  user_id   VARCHAR(512) NOT NULL DEFAULT '',
  state     TEXT NOT NULL,
  last_turn BIGINT NOT NULL,
  version   BIGINT NOT NULL
);

CREATE INDEX ask_sessions_last_turn ON ask_sessions (last_turn);
