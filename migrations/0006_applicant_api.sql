-- What the applicant API needs: consent, availability, status tokens,
-- idempotency, and the self-service functions the server's role calls. The
-- server still reads nothing about an applicant except through a status
-- token's hash.

ALTER TABLE applicants
    ADD COLUMN privacy_policy_version text CHECK (privacy_policy_version ~ '^[A-Za-z0-9._-]{1,32}$'),
    ADD COLUMN consented_at timestamptz,
    ADD COLUMN hours_per_week numeric(4, 1) CHECK (hours_per_week > 0 AND hours_per_week <= 168),
    ADD COLUMN erased_at timestamptz;

CREATE TYPE weekday AS ENUM ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun');

-- Weekly windows in the applicant's own time zone; an end at or before the
-- start is on the next day.
CREATE TABLE availability_windows (
    applicant_id uuid NOT NULL REFERENCES applicants ON DELETE CASCADE,
    day          weekday NOT NULL,
    start_minute smallint NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute   smallint NOT NULL CHECK (end_minute BETWEEN 0 AND 1439),
    CHECK (start_minute <> end_minute),
    PRIMARY KEY (applicant_id, day, start_minute)
);

CREATE TABLE availability_blackouts (
    applicant_id uuid NOT NULL REFERENCES applicants ON DELETE CASCADE,
    from_date    date NOT NULL,
    to_date      date NOT NULL CHECK (to_date >= from_date),
    PRIMARY KEY (applicant_id, from_date, to_date)
);

-- SHA-256 of the applicant's status token; the token itself is shown once.
CREATE TABLE application_tokens (
    token_hash     bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    application_id uuid NOT NULL UNIQUE REFERENCES applications ON DELETE CASCADE
);

-- One row per Idempotency-Key (by hash). The response is sealed with a key
-- derived from the Idempotency-Key, which only the client holds, because it
-- carries the status token.
CREATE TABLE idempotency_keys (
    key_hash        bytea PRIMARY KEY CHECK (octet_length(key_hash) = 32),
    request_hash    bytea NOT NULL CHECK (octet_length(request_hash) = 32),
    started_at      timestamptz NOT NULL DEFAULT now(),
    response_status smallint,
    response_body   bytea,
    CHECK ((response_status IS NULL) = (response_body IS NULL))
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (started_at);

-- Self-service --------------------------------------------------------------

-- The application a status token opens, and the applicant acting through it.
CREATE FUNCTION applicant_by_token(token bytea, OUT application_id uuid, OUT applicant_id uuid)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    SELECT a.id, a.applicant_id INTO application_id, applicant_id
    FROM application_tokens t JOIN applications a ON a.id = t.application_id
    WHERE t.token_hash = token;
END
$$;

CREATE FUNCTION applicant_act_as(applicant uuid) RETURNS void
LANGUAGE sql AS $$
    SELECT set_config('vtrack.actor', 'applicant:' || applicant::text, true)
$$;

-- What an applicant may see: position, status, and a timeline of statuses.
-- Reasons, assignees and notes are the organisation's, not shown.
CREATE FUNCTION applicant_view(token bytea)
RETURNS TABLE (application_id uuid, position_slug text, position_title text, status text,
               submitted_at timestamptz, timeline jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY
        SELECT a.id, p.slug, p.title, a.status::text, a.submitted_at,
               coalesce((SELECT jsonb_agg(jsonb_build_object('status', e.to_state, 'at', extract(epoch FROM e.occurred_at)) ORDER BY e.seq)
                         FROM events e
                         WHERE e.entity_type = 'application' AND e.entity_id = a.id
                           AND e.event_type IN ('application.submitted', 'application.status_changed')), '[]')
        FROM application_tokens t
        JOIN applications a ON a.id = t.application_id
        JOIN positions p ON p.id = a.position_id
        WHERE t.token_hash = token;
END
$$;

-- NULL when the token opens nothing; VT001 when the status is final.
CREATE FUNCTION applicant_withdraw(token bytea) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    found record;
    current application_status;
    result text;
BEGIN
    SELECT * INTO found FROM applicant_by_token(token);
    IF found.application_id IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT status INTO current FROM applications WHERE id = found.application_id FOR UPDATE;
    IF current IN ('accepted', 'rejected', 'withdrawn') THEN
        PERFORM vtrack_refuse_move('application', found.application_id, current::text, 'withdrawn', '');
    END IF;
    PERFORM applicant_act_as(found.applicant_id);
    UPDATE applications SET status = 'withdrawn' WHERE id = found.application_id RETURNING status::text INTO result;
    RETURN result;
END
$$;

-- Replaces the applicant's availability; false when the token opens nothing.
CREATE FUNCTION applicant_set_availability(token bytea, hours numeric, windows jsonb, blackouts jsonb)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    found record;
BEGIN
    SELECT * INTO found FROM applicant_by_token(token);
    IF found.application_id IS NULL THEN
        RETURN false;
    END IF;
    PERFORM applicant_act_as(found.applicant_id);
    PERFORM availability_replace(found.applicant_id, hours, windows, blackouts);
    RETURN true;
END
$$;

-- Shared by the API and coordinators: one event, counts only.
CREATE FUNCTION availability_replace(applicant uuid, hours numeric, windows jsonb, blackouts jsonb)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE applicants SET hours_per_week = hours WHERE id = applicant;
    DELETE FROM availability_windows WHERE applicant_id = applicant;
    DELETE FROM availability_blackouts WHERE applicant_id = applicant;
    INSERT INTO availability_windows (applicant_id, day, start_minute, end_minute)
    SELECT applicant, w.day::weekday, w.start_minute, w.end_minute
    FROM jsonb_to_recordset(windows) AS w (day text, start_minute smallint, end_minute smallint);
    INSERT INTO availability_blackouts (applicant_id, from_date, to_date)
    SELECT applicant, b.from_date, b.to_date
    FROM jsonb_to_recordset(blackouts) AS b (from_date date, to_date date)
    ON CONFLICT DO NOTHING;
    INSERT INTO events (entity_type, entity_id, event_type, payload)
    VALUES ('applicant', applicant, 'availability.updated',
            jsonb_build_object('windows', jsonb_array_length(windows), 'blackouts', jsonb_array_length(blackouts),
                               'hours_per_week', hours));
END
$$;

-- Erasure (GDPR Art. 17): sealed data, wrapped keys, notes, availability,
-- the blind index and every status token go now; active applications are
-- withdrawn. What stays is the non-personal skeleton the audit chain needs.
CREATE FUNCTION applicant_erase(token bytea) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    found record;
BEGIN
    SELECT * INTO found FROM applicant_by_token(token);
    IF found.application_id IS NULL THEN
        RETURN false;
    END IF;
    PERFORM applicant_act_as(found.applicant_id);
    UPDATE applications SET status = 'withdrawn'
    WHERE applicant_id = found.applicant_id AND status NOT IN ('accepted', 'rejected', 'withdrawn');
    DELETE FROM applicant_notes WHERE applicant_id = found.applicant_id;
    DELETE FROM applicant_personal_data WHERE applicant_id = found.applicant_id;
    DELETE FROM applicant_keys WHERE applicant_id = found.applicant_id;
    DELETE FROM availability_windows WHERE applicant_id = found.applicant_id;
    DELETE FROM availability_blackouts WHERE applicant_id = found.applicant_id;
    DELETE FROM application_tokens t USING applications a
    WHERE a.id = t.application_id AND a.applicant_id = found.applicant_id;
    UPDATE applicants SET email_index = NULL, hours_per_week = NULL, erased_at = now() WHERE id = found.applicant_id;
    INSERT INTO events (entity_type, entity_id, event_type, to_state)
    VALUES ('applicant', found.applicant_id, 'applicant.erased', 'erased');
    RETURN true;
END
$$;

-- Grants ---------------------------------------------------------------------

REVOKE ALL ON availability_windows, availability_blackouts, application_tokens, idempotency_keys FROM PUBLIC;
REVOKE ALL ON FUNCTION applicant_by_token(bytea), applicant_act_as(uuid), applicant_view(bytea), applicant_withdraw(bytea),
    applicant_set_availability(bytea, numeric, jsonb, jsonb), applicant_erase(bytea),
    availability_replace(uuid, numeric, jsonb, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION applicant_view(bytea), applicant_withdraw(bytea),
    applicant_set_availability(bytea, numeric, jsonb, jsonb), applicant_erase(bytea) TO vtrack_api;
GRANT INSERT ON availability_windows, availability_blackouts, application_tokens TO vtrack_api;
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO vtrack_api;
GRANT SELECT, INSERT, DELETE ON availability_windows, availability_blackouts TO vtrack_coordinator;
-- An application entered by a coordinator may get a status token too.
GRANT INSERT ON application_tokens TO vtrack_coordinator;
GRANT EXECUTE ON FUNCTION availability_replace(uuid, numeric, jsonb, jsonb) TO vtrack_coordinator;
GRANT UPDATE (hours_per_week) ON applicants TO vtrack_coordinator;
