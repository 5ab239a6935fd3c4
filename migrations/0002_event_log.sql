-- The audit log: one row per change, append-only, hash-chained.
--
-- Appending takes no lock: each event records the transaction that wrote it
-- (tx). A sealer later links events into a SHA-256 chain in (tx, seq) order,
-- taking only events below the oldest running transaction, so an event that
-- commits late can never land before one already sealed.

-- Group roles. Roles are cluster-wide, so another database may have made them.
DO $$
BEGIN
    CREATE ROLE vtrack_coordinator NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

DO $$
BEGIN
    CREATE ROLE vtrack_api NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

-- Who is acting. A login role acts as itself, so a coordinator cannot claim
-- to be someone else; only the API's role may name an applicant or the system.
CREATE FUNCTION vtrack_actor() RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    claimed text := nullif(current_setting('vtrack.actor', true), '');
BEGIN
    IF claimed IS NOT NULL
       AND pg_has_role(session_user, 'vtrack_api', 'MEMBER')
       AND (claimed = 'system' OR claimed ~ '^applicant:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
    THEN
        RETURN claimed;
    END IF;
    RETURN session_user;
END
$$;

CREATE TABLE events (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tx          xid8 NOT NULL DEFAULT pg_current_xact_id(),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor       text NOT NULL DEFAULT vtrack_actor(),
    entity_type text NOT NULL CHECK (entity_type ~ '^[a-z][a-z_]*$'),
    entity_id   uuid NOT NULL,
    event_type  text NOT NULL CHECK (event_type ~ '^[a-z][a-z_]*(\.[a-z][a-z_]*)+$'),
    from_state  text,
    to_state    text,
    -- Ids, states and codes only: never personal data.
    payload     jsonb NOT NULL DEFAULT '{}'
                CHECK (jsonb_typeof(payload) = 'object' AND octet_length(payload::text) <= 2048)
);

CREATE INDEX events_by_chain_order ON events (tx, seq);
CREATE INDEX events_by_entity ON events (entity_type, entity_id, seq);
CREATE INDEX events_by_time ON events (occurred_at);

-- The writer's transaction and identity are facts, not input.
CREATE FUNCTION events_stamp() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.tx := pg_current_xact_id();
    NEW.actor := vtrack_actor();
    RETURN NEW;
END
$$;

CREATE TRIGGER events_stamp BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION events_stamp();

CREATE TABLE event_chain (
    position  bigint PRIMARY KEY CHECK (position > 0),
    seq       bigint NOT NULL UNIQUE REFERENCES events (seq),
    hash      bytea NOT NULL CHECK (octet_length(hash) = 32),
    sealed_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION vtrack_refuse_rewrite() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'VT003';
END
$$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION vtrack_refuse_rewrite();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION vtrack_refuse_rewrite();
CREATE TRIGGER event_chain_append_only BEFORE UPDATE OR DELETE ON event_chain
    FOR EACH ROW EXECUTE FUNCTION vtrack_refuse_rewrite();
CREATE TRIGGER event_chain_no_truncate BEFORE TRUNCATE ON event_chain
    FOR EACH STATEMENT EXECUTE FUNCTION vtrack_refuse_rewrite();

REVOKE ALL ON events, event_chain FROM PUBLIC;
GRANT SELECT, INSERT ON events TO vtrack_coordinator;
GRANT SELECT, INSERT ON event_chain TO vtrack_coordinator;
GRANT INSERT ON events TO vtrack_api;
