-- Tandem store schema, version 1.
-- Written in the SQL subset shared by SQLite and PostgreSQL: surrogate keys are assigned by
-- the application (max + 1 inside the writing transaction), so no AUTOINCREMENT / SERIAL is
-- needed. In SQLite "INTEGER PRIMARY KEY" is the rowid (fast); in PostgreSQL a plain key.
-- JSON columns are TEXT written by Jackson (categories, tags: arrays; attributes: object).

CREATE TABLE items (
  seq         INTEGER PRIMARY KEY,
  id          VARCHAR(512) NOT NULL UNIQUE,
  title       TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  categories  TEXT NOT NULL DEFAULT '[]',
  tags        TEXT NOT NULL DEFAULT '[]',
  attributes  TEXT NOT NULL DEFAULT '{}',
  created_at  BIGINT NOT NULL DEFAULT 0,
  available   BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE users (
  seq        INTEGER PRIMARY KEY,
  id         VARCHAR(512) NOT NULL UNIQUE,
  attributes TEXT NOT NULL DEFAULT '{}',
  profile    TEXT NOT NULL DEFAULT ''
);

-- One row per event. (user_seq, item_seq, type, ts) identifies an event: writing it again
-- replaces the value, which makes re-imports idempotent. The unique index starts with
-- user_seq, so it also serves history lookups by user. id gives insertion order.
CREATE TABLE feedback (
  id       INTEGER PRIMARY KEY,
  user_seq INTEGER NOT NULL REFERENCES users (seq),
  item_seq INTEGER NOT NULL REFERENCES items (seq),
  type     VARCHAR(64) NOT NULL,
  value    DOUBLE PRECISION NOT NULL,
  ts       BIGINT NOT NULL,
  CONSTRAINT feedback_event UNIQUE (user_seq, item_seq, type, ts)
);

CREATE TABLE store_meta (
  meta_key   VARCHAR(200) PRIMARY KEY,
  meta_value TEXT NOT NULL
);
