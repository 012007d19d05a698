-- Latchkey PostgreSQL key store, schema version 1.
-- ${prefix} is the configured table prefix (latchkey_ by default); Flyway and Liquibase hosts set it
-- as a placeholder. Only hashes and encrypted viewable copies are stored, never a plaintext key.

CREATE TABLE ${prefix}keys (
  id                   text PRIMARY KEY,
  position             bigserial NOT NULL,
  name                 text NOT NULL,
  description          text,
  kind                 text NOT NULL,
  content_type         text,
  roles                text[] NOT NULL,
  owner                text,
  start                text,
  hash                 text NOT NULL,
  previous_hash        text,
  previous_valid_until timestamptz,
  encrypted            text,
  imported_from        text,
  allowed_ips          text[] NOT NULL,
  created_at           timestamptz,
  expires_at           timestamptz,
  last_used_at         timestamptz,
  revoked_at           timestamptz
);
CREATE INDEX ${prefix}keys_name ON ${prefix}keys (name);
CREATE INDEX ${prefix}keys_owner ON ${prefix}keys (owner) WHERE owner IS NOT NULL;
CREATE INDEX ${prefix}keys_hash ON ${prefix}keys (hash);
CREATE INDEX ${prefix}keys_previous_hash ON ${prefix}keys (previous_hash) WHERE previous_hash IS NOT NULL;
CREATE INDEX ${prefix}keys_imported_from ON ${prefix}keys (imported_from) WHERE imported_from IS NOT NULL;
CREATE INDEX ${prefix}keys_grace ON ${prefix}keys (previous_valid_until) WHERE previous_valid_until IS NOT NULL;

-- The change sequence: every write appends one row per changed key, under one lock, so the sequence
-- numbers commit in order and an instance that has applied up to n has missed nothing before n.
CREATE TABLE ${prefix}changes (
  seq        bigint PRIMARY KEY,
  key_id     text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE SEQUENCE ${prefix}change_seq;

-- Changes up to pruned_through were deleted; an instance behind that loads every key again.
CREATE TABLE ${prefix}change_log (
  id             int PRIMARY KEY CHECK (id = 1),
  pruned_through bigint NOT NULL
);
INSERT INTO ${prefix}change_log (id, pruned_through) VALUES (1, 0);
