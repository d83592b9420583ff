-- Tandem store schema, version 2: the embedding cache.
-- One row per (embedding model, document text): text_hash is the lower-case hex SHA-256 of the
-- UTF-8 text that was embedded, so an unchanged document is never embedded again, and two items
-- with the same text share a row. vector holds dim float32 values, little-endian (4 * dim bytes).
-- BYTEA is PostgreSQL's binary type; SQLite accepts the name and stores blobs unchanged.

CREATE TABLE embeddings (
  model_id  VARCHAR(200) NOT NULL,
  text_hash CHAR(64) NOT NULL,
  dim       INTEGER NOT NULL,
  vector    BYTEA NOT NULL,
  PRIMARY KEY (model_id, text_hash)
);
