-- Sealed personal data, coordinators' keys, and least-privilege roles.
--
-- Personal data (applicant_personal_data, applicant_notes) is ciphertext
-- under a per-applicant data key; the data key is stored only wrapped (HPKE)
-- for each registered coordinator public key (applicant_keys). Coordinators
-- read ciphertext only through reveal functions that log each reveal; the
-- server's role can add sealed data but never read it back.

-- Sealing the audit chain reads the events, which the server's role may not
-- do by itself: a deployment puts the server's login in vtrack_sealer too, or
-- seals elsewhere (`vtrack audit seal`) and keeps the server blind to the log.
DO $$
BEGIN
    CREATE ROLE vtrack_sealer NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT SELECT ON events TO vtrack_sealer;
GRANT SELECT, INSERT ON event_chain TO vtrack_sealer;

-- Both run-time roles check that the schema is current.
GRANT SELECT ON schema_migrations TO vtrack_api, vtrack_coordinator;

-- Coordinators -----------------------------------------------------------------

-- The login roles made by `vtrack coordinators add`, so that adding and
-- removing a coordinator leaves events like any other change.
CREATE TABLE coordinators (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text NOT NULL UNIQUE CHECK (name ~ '^[a-z][a-z0-9_]{0,62}$'),
    added_by   text NOT NULL DEFAULT session_user,
    added_at   timestamptz NOT NULL DEFAULT now(),
    removed_at timestamptz
);

CREATE FUNCTION coordinators_after_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO events (entity_type, entity_id, event_type, to_state, payload)
        VALUES ('coordinator', NEW.id, 'coordinator.added', 'active', jsonb_build_object('name', NEW.name));
    ELSIF NEW.removed_at IS DISTINCT FROM OLD.removed_at THEN
        INSERT INTO events (entity_type, entity_id, event_type, from_state, to_state, payload)
        VALUES ('coordinator', NEW.id,
                CASE WHEN NEW.removed_at IS NULL THEN 'coordinator.restored' ELSE 'coordinator.removed' END,
                CASE WHEN OLD.removed_at IS NULL THEN 'active' ELSE 'removed' END,
                CASE WHEN NEW.removed_at IS NULL THEN 'active' ELSE 'removed' END,
                jsonb_build_object('name', NEW.name));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER coordinators_after_write AFTER INSERT OR UPDATE ON coordinators
    FOR EACH ROW EXECUTE FUNCTION coordinators_after_write();

-- Keys -------------------------------------------------------------------------

CREATE TABLE coordinator_keys (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name          text NOT NULL UNIQUE CHECK (name ~ '^[a-z][a-z0-9_.-]{0,62}$'),
    -- X25519, raw.
    public_key    bytea NOT NULL UNIQUE CHECK (octet_length(public_key) = 32),
    fingerprint   text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{4}(:[0-9a-f]{4}){3}$'),
    registered_by text NOT NULL DEFAULT session_user,
    registered_at timestamptz NOT NULL DEFAULT now()
);

-- One applicant's data key, wrapped for one coordinator key (HPKE base mode,
-- X25519 / HKDF-SHA256 / ChaCha20-Poly1305: 32-byte encapsulated key,
-- 32-byte key plus 16-byte tag).
CREATE TABLE applicant_keys (
    applicant_id     uuid NOT NULL REFERENCES applicants ON DELETE CASCADE,
    key_id           uuid NOT NULL REFERENCES coordinator_keys ON DELETE CASCADE,
    encapsulated_key bytea NOT NULL CHECK (octet_length(encapsulated_key) = 32),
    wrapped_key      bytea NOT NULL CHECK (octet_length(wrapped_key) = 48),
    PRIMARY KEY (applicant_id, key_id)
);

CREATE INDEX applicant_keys_by_key ON applicant_keys (key_id, applicant_id);

CREATE FUNCTION coordinator_keys_after_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO events (entity_type, entity_id, event_type, to_state, payload)
        VALUES ('coordinator_key', NEW.id, 'key.registered', 'registered',
                jsonb_build_object('name', NEW.name, 'fingerprint', NEW.fingerprint));
        RETURN NULL;
    END IF;
    INSERT INTO events (entity_type, entity_id, event_type, from_state, to_state, payload)
    VALUES ('coordinator_key', OLD.id, 'key.revoked', 'registered', 'revoked',
            jsonb_build_object('name', OLD.name, 'fingerprint', OLD.fingerprint));
    RETURN NULL;
END
$$;

CREATE TRIGGER coordinator_keys_after_write AFTER INSERT OR DELETE ON coordinator_keys
    FOR EACH ROW EXECUTE FUNCTION coordinator_keys_after_write();

-- Sealed data ------------------------------------------------------------------

-- A keyed hash of the normalised e-mail, for exact-match duplicates only.
ALTER TABLE applicants ADD COLUMN email_index bytea CHECK (octet_length(email_index) = 32);
CREATE INDEX applicants_by_email_index ON applicants (email_index) WHERE email_index IS NOT NULL;

-- Coordinators' notes, sealed with the applicant's data key.
CREATE TABLE applicant_notes (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    applicant_id   uuid NOT NULL REFERENCES applicants ON DELETE CASCADE,
    application_id uuid REFERENCES applications,
    sealed         bytea NOT NULL CHECK (octet_length(sealed) BETWEEN 29 AND 65536),
    author         text NOT NULL DEFAULT session_user,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX applicant_notes_by_applicant ON applicant_notes (applicant_id, created_at);

CREATE FUNCTION applicant_notes_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO events (entity_type, entity_id, event_type, payload)
    VALUES (CASE WHEN NEW.application_id IS NULL THEN 'applicant' ELSE 'application' END,
            coalesce(NEW.application_id, NEW.applicant_id), 'note.added',
            jsonb_build_object('note_id', NEW.id, 'applicant_id', NEW.applicant_id));
    RETURN NULL;
END
$$;

CREATE TRIGGER applicant_notes_after_insert AFTER INSERT ON applicant_notes
    FOR EACH ROW EXECUTE FUNCTION applicant_notes_after_insert();

ALTER TABLE applicant_personal_data
    ADD CONSTRAINT applicant_personal_data_sealed_size CHECK (octet_length(sealed) BETWEEN 29 AND 262144);

-- Sealed data must be openable by every registered key, and by at least one:
-- a server with a stale list of keys is refused (VT005) and reloads them.
-- The check runs at the end of the statement, so personal data and its
-- wrapped keys are written by one statement. (Not deferred to COMMIT: an
-- error at an implicit COMMIT does not reach a PostgresNIO caller.)
CREATE FUNCTION applicant_personal_data_check_keys() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM applicant_keys WHERE applicant_id = NEW.applicant_id) THEN
        RAISE EXCEPTION 'personal data of applicant % is sealed for no key', NEW.applicant_id
            USING ERRCODE = 'VT005';
    END IF;
    IF EXISTS (
        SELECT 1 FROM coordinator_keys k
        WHERE NOT EXISTS (SELECT 1 FROM applicant_keys w WHERE w.applicant_id = NEW.applicant_id AND w.key_id = k.id)
    ) THEN
        RAISE EXCEPTION 'personal data of applicant % is not sealed for every registered key', NEW.applicant_id
            USING ERRCODE = 'VT005', HINT = 'reload the registered keys and seal again';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER applicant_personal_data_check_keys
    AFTER INSERT OR UPDATE OF sealed ON applicant_personal_data
    NOT DEFERRABLE
    FOR EACH ROW EXECUTE FUNCTION applicant_personal_data_check_keys();

-- Reveals ----------------------------------------------------------------------

-- The only way to read sealed data: one `personal_data.revealed` event per
-- applicant returned, written in the reader's transaction, naming the reader
-- (session_user) and the key, never the content.
CREATE FUNCTION reveal_personal_data(applicant_ids uuid[], reader_key uuid)
RETURNS TABLE (applicant_id uuid, sealed bytea, encapsulated_key bytea, wrapped_key bytea)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT pg_has_role(session_user, 'vtrack_coordinator', 'MEMBER') THEN
        RAISE EXCEPTION 'only coordinators may reveal personal data' USING ERRCODE = '42501';
    END IF;
    INSERT INTO events (entity_type, entity_id, event_type, payload)
    SELECT 'applicant', p.applicant_id, 'personal_data.revealed', jsonb_build_object('key_id', reader_key)
    FROM applicant_personal_data p
    WHERE p.applicant_id = ANY (applicant_ids)
    ORDER BY p.applicant_id;
    RETURN QUERY
        SELECT p.applicant_id, p.sealed, k.encapsulated_key, k.wrapped_key
        FROM applicant_personal_data p
        LEFT JOIN applicant_keys k ON k.applicant_id = p.applicant_id AND k.key_id = reader_key
        WHERE p.applicant_id = ANY (applicant_ids);
END
$$;

CREATE FUNCTION reveal_notes(for_applicant uuid, reader_key uuid)
RETURNS TABLE (id uuid, application_id uuid, author text, created_at timestamptz, sealed bytea,
               encapsulated_key bytea, wrapped_key bytea)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT pg_has_role(session_user, 'vtrack_coordinator', 'MEMBER') THEN
        RAISE EXCEPTION 'only coordinators may reveal notes' USING ERRCODE = '42501';
    END IF;
    INSERT INTO events (entity_type, entity_id, event_type, payload)
    SELECT 'applicant', for_applicant, 'notes.revealed',
           jsonb_build_object('key_id', reader_key, 'count', count(*))
    FROM applicant_notes n WHERE n.applicant_id = for_applicant
    HAVING count(*) > 0;
    RETURN QUERY
        SELECT n.id, n.application_id, n.author, n.created_at, n.sealed, k.encapsulated_key, k.wrapped_key
        FROM applicant_notes n
        LEFT JOIN applicant_keys k ON k.applicant_id = n.applicant_id AND k.key_id = reader_key
        WHERE n.applicant_id = for_applicant
        ORDER BY n.created_at, n.id;
END
$$;

-- Applying ---------------------------------------------------------------------

-- The server's role sees open positions only (row-level security), so the
-- position check on a new application must see every position.
ALTER FUNCTION applications_before_insert() SECURITY DEFINER SET search_path = public, pg_temp;

ALTER TABLE positions ENABLE ROW LEVEL SECURITY;
CREATE POLICY coordinators_see_all ON positions TO vtrack_coordinator USING (true) WITH CHECK (true);
CREATE POLICY api_sees_open ON positions FOR SELECT TO vtrack_api USING (status = 'open');

-- Grants -----------------------------------------------------------------------

REVOKE ALL ON FUNCTION reveal_personal_data(uuid[], uuid), reveal_notes(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reveal_personal_data(uuid[], uuid), reveal_notes(uuid, uuid) TO vtrack_coordinator;

REVOKE ALL ON coordinators, coordinator_keys, applicant_keys, applicant_notes FROM PUBLIC;

-- Coordinators: no direct read of sealed columns; reveals go through the
-- functions above. They may erase (a DELETE needs to read the key column).
REVOKE SELECT, UPDATE ON applicant_personal_data FROM vtrack_coordinator;
GRANT SELECT (applicant_id, updated_at) ON applicant_personal_data TO vtrack_coordinator;
GRANT SELECT (id, applicant_id, application_id, author, created_at) ON applicant_notes TO vtrack_coordinator;
GRANT INSERT ON applicant_notes TO vtrack_coordinator;
GRANT SELECT, INSERT, DELETE ON coordinator_keys, applicant_keys TO vtrack_coordinator;
GRANT SELECT ON coordinators TO vtrack_coordinator;
GRANT DELETE ON applicant_notes TO vtrack_coordinator;

-- The server: open positions and the vocabularies to read, public keys to
-- seal with, and new applications to add. Nothing sealed to read back.
GRANT SELECT ON positions, position_skills, skills, sources TO vtrack_api;
GRANT SELECT (id, name, public_key) ON coordinator_keys TO vtrack_api;
GRANT INSERT ON applicants, applicant_skills, applicant_personal_data, applicant_keys, applications TO vtrack_api;
