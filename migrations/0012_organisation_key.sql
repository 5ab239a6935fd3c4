-- One organisation key. The server wraps each applicant's data key once, for
-- the organisation's current public key (applicant_data_keys); the
-- organisation's private key is wrapped for each coordinator key
-- (organisation_key_grants). Removing a coordinator key rotates: a new
-- organisation key, wrapped for the keys that remain, becomes current, and
-- `vtrack keys rewrap` moves older data keys to it. Applicants sealed the
-- earlier way (applicant_keys, one wrap per coordinator key) stay openable
-- until a coordinator moves them. Why: docs/design-notes.md.

CREATE TABLE organisation_keys (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- X25519, raw.
    public_key  bytea NOT NULL UNIQUE CHECK (octet_length(public_key) = 32),
    fingerprint text NOT NULL,
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL,
    -- NULL for the current key: the one the server seals for.
    retired_at  timestamptz
);

CREATE UNIQUE INDEX organisation_keys_one_current ON organisation_keys ((true)) WHERE retired_at IS NULL;

-- The organisation's private key wrapped (HPKE) for one coordinator key.
CREATE TABLE organisation_key_grants (
    organisation_key_id uuid NOT NULL REFERENCES organisation_keys ON DELETE CASCADE,
    key_id              uuid NOT NULL REFERENCES coordinator_keys ON DELETE CASCADE,
    encapsulated_key    bytea NOT NULL CHECK (octet_length(encapsulated_key) = 32),
    wrapped_key         bytea NOT NULL CHECK (octet_length(wrapped_key) = 48),
    granted_by          text NOT NULL DEFAULT session_user,
    granted_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organisation_key_id, key_id)
);

CREATE INDEX organisation_key_grants_by_key ON organisation_key_grants (key_id);

-- One applicant's data key wrapped for an organisation key. An organisation
-- key that data keys depend on cannot be deleted (no cascade).
CREATE TABLE applicant_data_keys (
    applicant_id        uuid PRIMARY KEY REFERENCES applicants ON DELETE CASCADE,
    organisation_key_id uuid NOT NULL REFERENCES organisation_keys,
    encapsulated_key    bytea NOT NULL CHECK (octet_length(encapsulated_key) = 32),
    wrapped_key         bytea NOT NULL CHECK (octet_length(wrapped_key) = 48)
);

CREATE INDEX applicant_data_keys_by_organisation_key ON applicant_data_keys (organisation_key_id, applicant_id);

-- Making and rotating the organisation key ---------------------------------------

-- A retired organisation key that no data key depends on any more is
-- deleted with its grants (`organisation_key.dropped`), so that the database
-- keeps nothing a removed coordinator's copy of it could open, nor any wrap
-- of it for anyone.
CREATE FUNCTION vtrack_drop_retired_organisation_keys() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    WITH dropped AS (
        DELETE FROM public.organisation_keys k
        WHERE k.retired_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM public.applicant_data_keys d WHERE d.organisation_key_id = k.id)
        RETURNING k.id, k.fingerprint
    )
    INSERT INTO public.events (entity_type, entity_id, event_type, from_state, to_state, payload)
    SELECT 'organisation_key', d.id, 'organisation_key.dropped', 'retired', 'dropped', jsonb_build_object('fingerprint', d.fingerprint)
    FROM dropped d ORDER BY d.id;
END
$$;

-- Makes `public_key` the current organisation key, retiring the one before,
-- with its private half wrapped for the given coordinator keys (at least one,
-- each registered). Returns the new key's id. One `organisation_key.created`
-- event (or `.rotated`), naming the fingerprints, never key material.
CREATE FUNCTION create_organisation_key(public_key bytea, key_ids uuid[], encapsulated_keys bytea[], wrapped_keys bytea[])
RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    previous public.organisation_keys;
    created uuid;
    print text := regexp_replace(encode(substr(sha256(public_key), 1, 8), 'hex'), '(....)(?!$)', '\1:', 'g');
BEGIN
    -- The schema's owner (current_user inside this function) may too: it removes coordinators.
    IF NOT (pg_has_role(session_user, 'vtrack_coordinator', 'MEMBER') OR session_user = current_user) THEN
        RAISE EXCEPTION 'only coordinators and the schema owner may create the organisation key' USING ERRCODE = '42501';
    END IF;
    IF coalesce(cardinality(key_ids), 0) = 0 THEN
        RAISE EXCEPTION 'an organisation key must be wrapped for at least one coordinator key' USING ERRCODE = 'VT006';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('vtrack.keys'));
    UPDATE public.organisation_keys SET retired_at = now() WHERE retired_at IS NULL RETURNING * INTO previous;
    INSERT INTO public.organisation_keys (public_key, fingerprint, created_by, created_at)
    VALUES (public_key, print, session_user, now()) RETURNING id INTO created;
    INSERT INTO public.organisation_key_grants (organisation_key_id, key_id, encapsulated_key, wrapped_key)
    SELECT created, g.* FROM unnest(key_ids, encapsulated_keys, wrapped_keys) AS g;
    INSERT INTO public.events (entity_type, entity_id, event_type, from_state, to_state, payload)
    VALUES ('organisation_key', created,
            CASE WHEN previous.id IS NULL THEN 'organisation_key.created' ELSE 'organisation_key.rotated' END,
            NULL, 'current',
            jsonb_strip_nulls(jsonb_build_object(
                'fingerprint', print, 'granted_keys', cardinality(key_ids),
                'previous_id', previous.id, 'previous_fingerprint', previous.fingerprint)));
    PERFORM public.vtrack_drop_retired_organisation_keys();
    RETURN created;
END
$$;

-- A grant is an event (`organisation_key.granted`, naming the key), never its bytes.
CREATE FUNCTION organisation_key_grants_after_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    INSERT INTO public.events (entity_type, entity_id, event_type, payload)
    SELECT 'organisation_key', a.organisation_key_id, 'organisation_key.granted', jsonb_build_object('key_id', a.key_id)
    FROM added a ORDER BY a.organisation_key_id, a.key_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER organisation_key_grants_after_insert AFTER INSERT ON organisation_key_grants
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION organisation_key_grants_after_insert();

CREATE FUNCTION organisation_key_grants_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    NEW.granted_by := session_user;
    NEW.granted_at := now();
    RETURN NEW;
END
$$;

CREATE TRIGGER organisation_key_grants_stamp BEFORE INSERT ON organisation_key_grants
    FOR EACH ROW EXECUTE FUNCTION organisation_key_grants_stamp();

-- No applicant unopenable ----------------------------------------------------------

-- An organisation key that is current or that data keys depend on keeps at
-- least one grant: whatever deletes grants (a revoked coordinator key's
-- cascade included), it may not take the last one.
CREATE FUNCTION organisation_key_grants_after_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    stranded bigint;
BEGIN
    SELECT count(*) INTO stranded
    FROM (SELECT DISTINCT r.organisation_key_id AS id FROM removed r) o
    WHERE NOT EXISTS (SELECT 1 FROM public.organisation_key_grants g WHERE g.organisation_key_id = o.id)
      AND (EXISTS (SELECT 1 FROM public.organisation_keys k WHERE k.id = o.id AND k.retired_at IS NULL)
           OR EXISTS (SELECT 1 FROM public.applicant_data_keys d WHERE d.organisation_key_id = o.id));
    IF stranded > 0 THEN
        RAISE EXCEPTION 'this would leave an organisation key that applicants depend on with no coordinator key to open it'
            USING ERRCODE = 'VT006',
                  HINT = 'grant the organisation key to another coordinator key first (vtrack keys grant)';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER organisation_key_grants_after_delete AFTER DELETE ON organisation_key_grants
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION organisation_key_grants_after_delete();

-- A data key is written (or rewritten) for the current organisation key only:
-- a server or a `rewrap` that read the key before a rotation is refused (VT005)
-- and reads it again.
CREATE FUNCTION applicant_data_keys_current_key() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.organisation_keys k WHERE k.id = NEW.organisation_key_id AND k.retired_at IS NULL) THEN
        RAISE EXCEPTION 'data key of applicant % is sealed for an organisation key that is not current', NEW.applicant_id
            USING ERRCODE = 'VT005', HINT = 'read the current organisation key and seal again';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER applicant_data_keys_current_key BEFORE INSERT OR UPDATE ON applicant_data_keys
    FOR EACH ROW EXECUTE FUNCTION applicant_data_keys_current_key();

-- A data key for an earlier applicant moves them from per-coordinator wraps to
-- the organisation key: only a coordinator may do it, the wraps it replaces
-- go, and each statement is one `organisation_key.rewrapped` event with its count.
CREATE FUNCTION applicant_data_keys_after_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    moved bigint;
BEGIN
    SELECT count(*) INTO moved FROM added a JOIN public.applicants p ON p.id = a.applicant_id
    WHERE p.created_tx IS DISTINCT FROM pg_current_xact_id();
    IF moved = 0 THEN
        RETURN NULL;
    END IF;
    IF NOT pg_has_role(session_user, 'vtrack_coordinator', 'MEMBER') THEN
        RAISE EXCEPTION 'only coordinators may move an earlier applicant to the organisation key' USING ERRCODE = '42501';
    END IF;
    DELETE FROM public.applicant_keys w USING added a WHERE w.applicant_id = a.applicant_id;
    INSERT INTO public.events (entity_type, entity_id, event_type, payload)
    SELECT 'organisation_key', a.organisation_key_id, 'organisation_key.rewrapped',
           jsonb_build_object('applicants', count(*), 'from', 'coordinator_keys')
    FROM added a GROUP BY a.organisation_key_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER applicant_data_keys_after_insert AFTER INSERT ON applicant_data_keys
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION applicant_data_keys_after_insert();

-- Moving data keys from a retired organisation key to the current one: one
-- event per statement and key moved from; the retired key goes once nothing
-- depends on it.
CREATE FUNCTION applicant_data_keys_after_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM before_update b JOIN after_update a USING (applicant_id)
               WHERE a.organisation_key_id = b.organisation_key_id) THEN
        RAISE EXCEPTION 'a data key moves to another organisation key or stays as it is' USING ERRCODE = 'VT005';
    END IF;
    INSERT INTO public.events (entity_type, entity_id, event_type, payload)
    SELECT 'organisation_key', a.organisation_key_id, 'organisation_key.rewrapped',
           jsonb_build_object('applicants', count(*), 'from', b.organisation_key_id)
    FROM before_update b JOIN after_update a USING (applicant_id)
    GROUP BY a.organisation_key_id, b.organisation_key_id;
    PERFORM public.vtrack_drop_retired_organisation_keys();
    RETURN NULL;
END
$$;

CREATE TRIGGER applicant_data_keys_after_update AFTER UPDATE ON applicant_data_keys
    REFERENCING OLD TABLE AS before_update NEW TABLE AS after_update
    FOR EACH STATEMENT EXECUTE FUNCTION applicant_data_keys_after_update();

-- A data key goes only with the data it opens.
CREATE FUNCTION applicant_data_keys_after_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM removed r
        WHERE NOT EXISTS (SELECT 1 FROM public.applicant_keys k WHERE k.applicant_id = r.applicant_id)
          AND (EXISTS (SELECT 1 FROM public.applicant_personal_data d WHERE d.applicant_id = r.applicant_id)
               OR EXISTS (SELECT 1 FROM public.applicant_notes n WHERE n.applicant_id = r.applicant_id))
    ) THEN
        RAISE EXCEPTION 'this would leave applicants whose sealed data no key can open' USING ERRCODE = 'VT006';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER applicant_data_keys_after_delete AFTER DELETE ON applicant_data_keys
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION applicant_data_keys_after_delete();

-- Destroying or erasing personal data (notes go first) takes its data key along.
CREATE FUNCTION applicant_personal_data_after_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    DELETE FROM public.applicant_data_keys d USING removed r
    WHERE d.applicant_id = r.applicant_id
      AND NOT EXISTS (SELECT 1 FROM public.applicant_notes n WHERE n.applicant_id = r.applicant_id);
    RETURN NULL;
END
$$;

CREATE TRIGGER applicant_personal_data_after_delete AFTER DELETE ON applicant_personal_data
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION applicant_personal_data_after_delete();

-- Per-coordinator wraps may go once the organisation key opens the applicant.
CREATE OR REPLACE FUNCTION applicant_keys_after_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    orphans bigint;
BEGIN
    SELECT count(DISTINCT r.applicant_id) INTO orphans FROM removed r
    WHERE NOT EXISTS (SELECT 1 FROM public.applicant_keys k WHERE k.applicant_id = r.applicant_id)
      AND NOT EXISTS (SELECT 1 FROM public.applicant_data_keys d WHERE d.applicant_id = r.applicant_id)
      AND (EXISTS (SELECT 1 FROM public.applicant_personal_data d WHERE d.applicant_id = r.applicant_id)
           OR EXISTS (SELECT 1 FROM public.applicant_notes n WHERE n.applicant_id = r.applicant_id));
    IF orphans > 0 THEN
        RAISE EXCEPTION 'this would leave % applicant(s) whose sealed data no key can open', orphans
            USING ERRCODE = 'VT006',
                  HINT = 'grant another key first (vtrack keys grant), or destroy their data on purpose (vtrack keys revoke --force)';
    END IF;
    RETURN NULL;
END
$$;

-- New personal data is sealed for the current organisation key once there is
-- one, and for every registered coordinator key until then (a server that
-- has not yet seen the organisation key is refused, VT005, and reloads).
CREATE OR REPLACE FUNCTION applicant_personal_data_check_keys() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM public.organisation_keys WHERE retired_at IS NULL) THEN
        IF NOT EXISTS (SELECT 1 FROM public.applicant_data_keys WHERE applicant_id = NEW.applicant_id)
           OR EXISTS (SELECT 1 FROM public.applicant_keys WHERE applicant_id = NEW.applicant_id) THEN
            RAISE EXCEPTION 'personal data of applicant % is not sealed for the organisation key', NEW.applicant_id
                USING ERRCODE = 'VT005', HINT = 'read the current organisation key and seal again';
        END IF;
        RETURN NULL;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM public.applicant_keys WHERE applicant_id = NEW.applicant_id) THEN
        RAISE EXCEPTION 'personal data of applicant % is sealed for no key', NEW.applicant_id
            USING ERRCODE = 'VT005';
    END IF;
    IF EXISTS (
        SELECT 1 FROM public.coordinator_keys k
        WHERE NOT EXISTS (SELECT 1 FROM public.applicant_keys w WHERE w.applicant_id = NEW.applicant_id AND w.key_id = k.id)
    ) THEN
        RAISE EXCEPTION 'personal data of applicant % is not sealed for every registered key', NEW.applicant_id
            USING ERRCODE = 'VT005', HINT = 'reload the registered keys and seal again';
    END IF;
    RETURN NULL;
END
$$;

-- Revoking a key ------------------------------------------------------------------

-- As before, refused while some applicants could then be opened by no key,
-- unless `destroy`. With an organisation key, a key that holds the current
-- one is revoked only after a rotation (VT012): `vtrack keys revoke` makes
-- the new organisation key in the same transaction. Revoking the last key
-- with `destroy` leaves no organisation key either.
CREATE OR REPLACE FUNCTION revoke_coordinator_key(key_name text, destroy boolean) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    key uuid;
    orphans uuid[];
    others boolean;
BEGIN
    -- The schema's owner (current_user inside this function) may too: it removes coordinators.
    IF NOT (pg_has_role(session_user, 'vtrack_coordinator', 'MEMBER') OR session_user = current_user) THEN
        RAISE EXCEPTION 'only coordinators and the schema owner may revoke keys' USING ERRCODE = '42501';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('vtrack.keys'));
    SELECT id INTO key FROM public.coordinator_keys WHERE name = key_name;
    IF key IS NULL THEN
        RAISE EXCEPTION 'no key named %', key_name USING ERRCODE = 'VT008';
    END IF;
    others := EXISTS (SELECT 1 FROM public.coordinator_keys WHERE id <> key);
    IF others AND EXISTS (
        SELECT 1 FROM public.organisation_key_grants g JOIN public.organisation_keys o ON o.id = g.organisation_key_id
        WHERE g.key_id = key AND o.retired_at IS NULL
    ) THEN
        RAISE EXCEPTION 'key % holds the current organisation key; rotate it first', key_name
            USING ERRCODE = 'VT012', HINT = 'vtrack keys revoke makes a new organisation key for the remaining keys';
    END IF;
    SELECT coalesce(array_agg(a.id ORDER BY a.id), '{}') INTO orphans
    FROM (
        SELECT w.applicant_id AS id FROM public.applicant_keys w WHERE w.key_id = key
        UNION
        SELECT d.applicant_id FROM public.applicant_data_keys d
        JOIN public.organisation_key_grants g ON g.organisation_key_id = d.organisation_key_id AND g.key_id = key
    ) a
    WHERE NOT EXISTS (SELECT 1 FROM public.applicant_keys o WHERE o.applicant_id = a.id AND o.key_id <> key)
      AND NOT EXISTS (SELECT 1 FROM public.applicant_data_keys d
                      JOIN public.organisation_key_grants g ON g.organisation_key_id = d.organisation_key_id AND g.key_id <> key
                      WHERE d.applicant_id = a.id);
    IF cardinality(orphans) > 0 AND NOT destroy THEN
        RAISE EXCEPTION 'key % is the only key for % applicant(s)', key_name, cardinality(orphans)
            USING ERRCODE = 'VT006', DETAIL = cardinality(orphans)::text;
    END IF;
    DELETE FROM public.applicant_notes WHERE applicant_id = ANY (orphans);
    DELETE FROM public.applicant_personal_data WHERE applicant_id = ANY (orphans);
    DELETE FROM public.applicant_data_keys WHERE applicant_id = ANY (orphans);
    INSERT INTO public.events (entity_type, entity_id, event_type, payload)
    SELECT 'applicant', o, 'personal_data.destroyed', jsonb_build_object('reason', 'key_revoked', 'key_id', key)
    FROM unnest(orphans) AS o;
    IF NOT others THEN
        UPDATE public.organisation_keys SET retired_at = now() WHERE retired_at IS NULL;
    END IF;
    PERFORM public.vtrack_drop_retired_organisation_keys();
    DELETE FROM public.coordinator_keys WHERE id = key;
    RETURN cardinality(orphans);
END
$$;

-- Reveals -------------------------------------------------------------------------

-- The data key comes wrapped for the organisation key (with its id) when the
-- applicant has moved to it, else wrapped for the reader's own key.
DROP FUNCTION reveal_personal_data(uuid);
DROP FUNCTION reveal_notes(uuid);

CREATE FUNCTION reveal_personal_data(request uuid)
RETURNS TABLE (applicant_id uuid, sealed bytea, organisation_key_id uuid, encapsulated_key bytea, wrapped_key bytea)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    found public.reveal_requests := public.vtrack_committed_reveal(request, 'personal_data');
BEGIN
    RETURN QUERY
        SELECT p.applicant_id, p.sealed, d.organisation_key_id,
               coalesce(d.encapsulated_key, k.encapsulated_key), coalesce(d.wrapped_key, k.wrapped_key)
        FROM public.applicant_personal_data p
        LEFT JOIN public.applicant_data_keys d ON d.applicant_id = p.applicant_id
        LEFT JOIN public.applicant_keys k ON d.applicant_id IS NULL AND k.applicant_id = p.applicant_id AND k.key_id = found.key_id
        WHERE p.applicant_id = ANY (found.applicant_ids);
END
$$;

CREATE FUNCTION reveal_notes(request uuid)
RETURNS TABLE (id uuid, applicant_id uuid, application_id uuid, author text, created_at timestamptz, sealed bytea,
               organisation_key_id uuid, encapsulated_key bytea, wrapped_key bytea)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    found public.reveal_requests := public.vtrack_committed_reveal(request, 'notes');
BEGIN
    RETURN QUERY
        SELECT n.id, n.applicant_id, n.application_id, n.author, n.created_at, n.sealed, d.organisation_key_id,
               coalesce(d.encapsulated_key, k.encapsulated_key), coalesce(d.wrapped_key, k.wrapped_key)
        FROM public.applicant_notes n
        LEFT JOIN public.applicant_data_keys d ON d.applicant_id = n.applicant_id
        LEFT JOIN public.applicant_keys k ON d.applicant_id IS NULL AND k.applicant_id = n.applicant_id AND k.key_id = found.key_id
        WHERE n.applicant_id = ANY (found.applicant_ids)
        ORDER BY n.created_at, n.id;
END
$$;

-- Grants -------------------------------------------------------------------------

REVOKE ALL ON organisation_keys, organisation_key_grants, applicant_data_keys FROM PUBLIC;
REVOKE ALL ON FUNCTION create_organisation_key(bytea, uuid[], bytea[], bytea[]), reveal_personal_data(uuid), reveal_notes(uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION create_organisation_key(bytea, uuid[], bytea[], bytea[]), reveal_personal_data(uuid), reveal_notes(uuid)
    TO vtrack_coordinator;

-- Coordinators: read the keys and their own wraps, grant, and move data keys
-- (the triggers above check and log each). No delete: grants go with a
-- revoked key, data keys with their data.
GRANT SELECT ON organisation_keys, organisation_key_grants, applicant_data_keys TO vtrack_coordinator;
GRANT INSERT (organisation_key_id, key_id, encapsulated_key, wrapped_key) ON organisation_key_grants TO vtrack_coordinator;
GRANT INSERT (applicant_id, organisation_key_id, encapsulated_key, wrapped_key) ON applicant_data_keys TO vtrack_coordinator;
GRANT UPDATE (organisation_key_id, encapsulated_key, wrapped_key) ON applicant_data_keys TO vtrack_coordinator;

-- The server: the public half of the current key, and a new applicant's data
-- key. Never a grant (the wrapped private key).
GRANT SELECT (id, public_key, retired_at) ON organisation_keys TO vtrack_api;
GRANT INSERT (applicant_id, organisation_key_id, encapsulated_key, wrapped_key) ON applicant_data_keys TO vtrack_api;
