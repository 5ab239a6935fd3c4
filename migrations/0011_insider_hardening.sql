-- The database's promises held against its own users: whatever SQL a
-- coordinator, the server's login or the sealer can send, every reveal
-- leaves a committed trace first, every change is an event or is refused,
-- only the database writes events, the chain takes only a correct next link,
-- no applicant is left unopenable, and the server acts for an applicant only
-- through a token it was given. docs/threat-model.md says why.

-- Nobody's own objects ---------------------------------------------------------

-- A temporary table named `events` would sit before public.events in a
-- caller's search_path; functions below pin theirs, and no role may make one.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$$;

-- Who is acting ----------------------------------------------------------------

ALTER TABLE applicants ADD COLUMN created_tx xid8;

-- A login acts as itself. The server's login may act as an applicant it has
-- just created, or as one whose status token a self-service function was
-- given (`vtrack.actor_token`, the token's hash, which only a holder of the
-- token can know); any other claim is ignored.
CREATE OR REPLACE FUNCTION vtrack_actor() RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    claimed text := nullif(current_setting('vtrack.actor', true), '');
    applicant uuid;
BEGIN
    IF claimed IS NULL OR claimed !~ '^applicant:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
       OR NOT pg_has_role(session_user, 'vtrack_api', 'MEMBER') THEN
        RETURN session_user;
    END IF;
    applicant := substr(claimed, 11)::uuid;
    IF public.vtrack_applicants_are_new(ARRAY[applicant]) OR EXISTS (
        SELECT 1 FROM public.application_tokens t JOIN public.applications a ON a.id = t.application_id
        WHERE t.token_hash = decode(nullif(current_setting('vtrack.actor_token', true), ''), 'hex')
          AND a.applicant_id = applicant
    ) THEN
        RETURN claimed;
    END IF;
    RETURN session_user;
END
$$;

-- Sequence, transaction, time and actor are the database's, never the statement's.
CREATE OR REPLACE FUNCTION events_stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    NEW.tx := pg_current_xact_id();
    NEW.actor := public.vtrack_actor();
    NEW.occurred_at := now();
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION applicant_act_as(applicant uuid, token bytea) RETURNS void
LANGUAGE sql SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT set_config('vtrack.actor', 'applicant:' || applicant::text, true),
           set_config('vtrack.actor_token', encode(token, 'hex'), true)
$$;
REVOKE ALL ON FUNCTION applicant_act_as(uuid, bytea) FROM PUBLIC;

-- The self-service functions act with the token they were given.
CREATE OR REPLACE FUNCTION applicant_withdraw(token bytea) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    found record;
    current application_status;
    result text;
BEGIN
    SELECT * INTO found FROM public.applicant_by_token(token);
    IF found.application_id IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT status INTO current FROM public.applications WHERE id = found.application_id FOR UPDATE;
    IF current IN ('accepted', 'rejected', 'withdrawn') THEN
        PERFORM public.vtrack_refuse_move('application', found.application_id, current::text, 'withdrawn', '');
    END IF;
    PERFORM public.applicant_act_as(found.applicant_id, token);
    UPDATE public.applications SET status = 'withdrawn' WHERE id = found.application_id RETURNING status::text INTO result;
    RETURN result;
END
$$;

CREATE OR REPLACE FUNCTION applicant_set_availability(token bytea, hours numeric, windows jsonb, blackouts jsonb)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    found record;
BEGIN
    SELECT * INTO found FROM public.applicant_by_token(token);
    IF found.application_id IS NULL THEN
        RETURN false;
    END IF;
    PERFORM public.applicant_act_as(found.applicant_id, token);
    PERFORM public.availability_replace(found.applicant_id, hours, windows, blackouts);
    RETURN true;
END
$$;

-- The tokens go last, so that every event of the erasure is the applicant's.
CREATE OR REPLACE FUNCTION applicant_erase(token bytea) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    found record;
BEGIN
    SELECT * INTO found FROM public.applicant_by_token(token);
    IF found.application_id IS NULL THEN
        RETURN false;
    END IF;
    PERFORM public.applicant_act_as(found.applicant_id, token);
    UPDATE public.applications SET status = 'withdrawn'
    WHERE applicant_id = found.applicant_id AND status NOT IN ('accepted', 'rejected', 'withdrawn');
    DELETE FROM public.applicant_notes WHERE applicant_id = found.applicant_id;
    DELETE FROM public.applicant_personal_data WHERE applicant_id = found.applicant_id;
    DELETE FROM public.applicant_keys WHERE applicant_id = found.applicant_id;
    DELETE FROM public.availability_windows WHERE applicant_id = found.applicant_id;
    DELETE FROM public.availability_blackouts WHERE applicant_id = found.applicant_id;
    UPDATE public.applicants SET email_index = NULL, hours_per_week = NULL, erased_at = now() WHERE id = found.applicant_id;
    INSERT INTO public.events (entity_type, entity_id, event_type, to_state)
    VALUES ('applicant', found.applicant_id, 'applicant.erased', 'erased');
    DELETE FROM public.application_tokens t USING public.applications a
    WHERE a.id = t.application_id AND a.applicant_id = found.applicant_id;
    RETURN true;
END
$$;

-- Coordinators change availability only through this, which writes its event.
CREATE OR REPLACE FUNCTION availability_replace(applicant uuid, hours numeric, windows jsonb, blackouts jsonb)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.applicants WHERE id = applicant AND erased_at IS NULL) THEN
        RAISE EXCEPTION 'applicant % does not exist or was erased', applicant USING ERRCODE = 'VT007';
    END IF;
    UPDATE public.applicants SET hours_per_week = hours WHERE id = applicant;
    DELETE FROM public.availability_windows WHERE applicant_id = applicant;
    DELETE FROM public.availability_blackouts WHERE applicant_id = applicant;
    INSERT INTO public.availability_windows (applicant_id, day, start_minute, end_minute)
    SELECT applicant, w.day::public.weekday, w.start_minute, w.end_minute
    FROM jsonb_to_recordset(windows) AS w (day text, start_minute smallint, end_minute smallint);
    INSERT INTO public.availability_blackouts (applicant_id, from_date, to_date)
    SELECT applicant, b.from_date, b.to_date
    FROM jsonb_to_recordset(blackouts) AS b (from_date date, to_date date)
    ON CONFLICT DO NOTHING;
    INSERT INTO public.events (entity_type, entity_id, event_type, payload)
    VALUES ('applicant', applicant, 'availability.updated',
            jsonb_build_object('windows', jsonb_array_length(windows), 'blackouts', jsonb_array_length(blackouts),
                               'hours_per_week', hours));
END
$$;

-- Applicants: created by one transaction, whose mark no one can set.
CREATE FUNCTION applicants_before_insert() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    NEW.created_tx := pg_current_xact_id();
    NEW.created_at := now();
    NEW.consented_at := CASE WHEN NEW.privacy_policy_version IS NOT NULL THEN now() END;
    NEW.erased_at := NULL;
    RETURN NEW;
END
$$;

CREATE TRIGGER applicants_before_insert BEFORE INSERT ON applicants
    FOR EACH ROW EXECUTE FUNCTION applicants_before_insert();

-- What is written about an applicant at intake (skills, sealed data,
-- availability, applications, status tokens) is written in the transaction
-- that creates them. Later changes go through the database's own functions,
-- which write their events; the owner's functions pass. Checked after the
-- statement: intake writes the applicant and the rest in one statement, whose
-- parts do not see each other until it ends.
CREATE FUNCTION vtrack_require_new_applicant() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    all_new boolean;
BEGIN
    IF TG_TABLE_NAME = 'application_tokens' THEN
        SELECT public.vtrack_applications_are_new(array_agg(a.application_id)) INTO all_new FROM added a;
    ELSE
        SELECT public.vtrack_applicants_are_new(array_agg(a.applicant_id)) INTO all_new FROM added a;
    END IF;
    IF all_new
       OR current_user::regrole::oid = (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID)
       OR (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% can only be written in the transaction that creates the applicant', TG_TABLE_NAME
        USING ERRCODE = 'VT007',
              HINT = 'later changes go through the database''s functions, which log them';
END
$$;

-- Whether every one of these applicants, or every one of these
-- applications' applicants, was created by the current transaction: the only
-- applicants the server's login may write about without a token.
-- PL/pgSQL, whose plans are kept for the session: a SQL function is
-- planned again on every call, which cost intake more than the checks.
CREATE FUNCTION vtrack_applicants_are_new(applicants uuid[]) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RETURN NOT EXISTS (
        SELECT 1 FROM unnest(applicants) AS a (id)
        WHERE NOT EXISTS (SELECT 1 FROM public.applicants p WHERE p.id = a.id AND p.created_tx = pg_current_xact_id())
    );
END
$$;

-- (An id that names no application is the foreign key's to refuse.)
CREATE FUNCTION vtrack_applications_are_new(applications uuid[]) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    RETURN public.vtrack_applicants_are_new(ARRAY(SELECT x.applicant_id FROM public.applications x WHERE x.id = ANY (applications)));
END
$$;

CREATE TRIGGER applicant_skills_new_applicant AFTER INSERT ON applicant_skills
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION vtrack_require_new_applicant();
CREATE TRIGGER applicant_personal_data_new_applicant AFTER INSERT ON applicant_personal_data
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION vtrack_require_new_applicant();
CREATE TRIGGER availability_windows_new_applicant AFTER INSERT ON availability_windows
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION vtrack_require_new_applicant();
CREATE TRIGGER availability_blackouts_new_applicant AFTER INSERT ON availability_blackouts
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION vtrack_require_new_applicant();
CREATE TRIGGER applications_new_applicant AFTER INSERT ON applications
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION vtrack_require_new_applicant();
CREATE TRIGGER application_tokens_new_application AFTER INSERT ON application_tokens
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION vtrack_require_new_applicant();

-- Sealed data and wrapped keys -------------------------------------------------

-- An applicant exists for an application: whoever creates one gives them an
-- application in the same statement, whose `application.submitted` event
-- (naming the applicant) records all that intake writes about them: skills,
-- sealed data, wrapped keys, availability, the token. An applicant with none
-- would be data stored with no event. Checked when the statement ends (an
-- error at an implicit COMMIT would not reach a PostgresNIO caller).
CREATE FUNCTION applicants_need_an_application() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.applications a WHERE a.applicant_id = NEW.id) THEN
        RAISE EXCEPTION 'applicant % was created without an application', NEW.id
            USING ERRCODE = 'VT011', HINT = 'write the applicant and their application in one statement';
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER applicants_need_an_application AFTER INSERT ON applicants
    NOT DEFERRABLE FOR EACH ROW EXECUTE FUNCTION applicants_need_an_application();

-- A data key wrapped for a key after the applicant's intake is a grant:
-- only a coordinator may make one, and each is counted in a `key.granted`
-- event per key and statement.
CREATE FUNCTION applicant_keys_after_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM added a JOIN public.applicants p ON p.id = a.applicant_id
               WHERE p.created_tx IS DISTINCT FROM pg_current_xact_id())
       AND NOT pg_has_role(session_user, 'vtrack_coordinator', 'MEMBER') THEN
        RAISE EXCEPTION 'only coordinators may grant a key access to an earlier applicant' USING ERRCODE = '42501';
    END IF;
    INSERT INTO public.events (entity_type, entity_id, event_type, to_state, payload)
    SELECT 'coordinator_key', a.key_id, 'key.granted', 'registered', jsonb_build_object('applicants', count(*))
    FROM added a JOIN public.applicants p ON p.id = a.applicant_id
    WHERE p.created_tx IS DISTINCT FROM pg_current_xact_id()
    GROUP BY a.key_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER applicant_keys_after_insert AFTER INSERT ON applicant_keys
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION applicant_keys_after_insert();

-- No statement may leave sealed data (personal data or notes) that no
-- registered key can open: that would destroy it as surely as erasure, without
-- its event. Revoking the last key of some applicants means destroying their
-- data first, on purpose (`revoke_coordinator_key(…, destroy => true)`).
CREATE FUNCTION applicant_keys_after_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    orphans bigint;
BEGIN
    SELECT count(DISTINCT r.applicant_id) INTO orphans FROM removed r
    WHERE NOT EXISTS (SELECT 1 FROM public.applicant_keys k WHERE k.applicant_id = r.applicant_id)
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

CREATE TRIGGER applicant_keys_after_delete AFTER DELETE ON applicant_keys
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION applicant_keys_after_delete();

-- Revoking a key: refused while some applicants could then be opened by no
-- key at all, unless `destroy`, which first destroys their sealed data and
-- notes (one `personal_data.destroyed` event each, reason `key_revoked`).
-- Returns how many applicants' data was destroyed.
CREATE FUNCTION revoke_coordinator_key(key_name text, destroy boolean) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    key uuid;
    orphans uuid[];
BEGIN
    IF NOT pg_has_role(session_user, 'vtrack_coordinator', 'MEMBER') THEN
        RAISE EXCEPTION 'only coordinators may revoke keys' USING ERRCODE = '42501';
    END IF;
    -- Two revokes at once could each leave the other's applicants keyless.
    PERFORM pg_advisory_xact_lock(hashtext('vtrack.keys'));
    SELECT id INTO key FROM public.coordinator_keys WHERE name = key_name;
    IF key IS NULL THEN
        RAISE EXCEPTION 'no key named %', key_name USING ERRCODE = 'VT008';
    END IF;
    SELECT coalesce(array_agg(w.applicant_id ORDER BY w.applicant_id), '{}') INTO orphans
    FROM public.applicant_keys w
    WHERE w.key_id = key
      AND NOT EXISTS (SELECT 1 FROM public.applicant_keys o WHERE o.applicant_id = w.applicant_id AND o.key_id <> key);
    IF cardinality(orphans) > 0 AND NOT destroy THEN
        RAISE EXCEPTION 'key % is the only key for % applicant(s)', key_name, cardinality(orphans)
            USING ERRCODE = 'VT006', DETAIL = cardinality(orphans)::text;
    END IF;
    DELETE FROM public.applicant_notes WHERE applicant_id = ANY (orphans);
    DELETE FROM public.applicant_personal_data WHERE applicant_id = ANY (orphans);
    INSERT INTO public.events (entity_type, entity_id, event_type, payload)
    SELECT 'applicant', o, 'personal_data.destroyed', jsonb_build_object('reason', 'key_revoked', 'key_id', key)
    FROM unnest(orphans) AS o;
    DELETE FROM public.coordinator_keys WHERE id = key;
    RETURN cardinality(orphans);
END
$$;

-- A fingerprint is the public key's, never a claim.
CREATE FUNCTION coordinator_keys_before_insert() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    NEW.fingerprint := regexp_replace(encode(substr(sha256(NEW.public_key), 1, 8), 'hex'), '(....)(?!$)', '\1:', 'g');
    NEW.registered_by := session_user;
    NEW.registered_at := now();
    RETURN NEW;
END
$$;

CREATE TRIGGER coordinator_keys_before_insert BEFORE INSERT ON coordinator_keys
    FOR EACH ROW EXECUTE FUNCTION coordinator_keys_before_insert();

-- Reveals: a committed trace before any ciphertext leaves ----------------------

-- A coordinator asks to reveal, and the request with its events is committed
-- on its own; only then does a reveal function return ciphertext, and only
-- for a request whose transaction has committed (pg_xact_status). A reveal
-- rolled back, in a savepoint, or on a dropped connection leaves the request
-- and its events behind, because they were committed first.
CREATE TABLE reveal_requests (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tx            xid8 NOT NULL DEFAULT pg_current_xact_id(),
    requested_by  text NOT NULL DEFAULT session_user,
    requested_at  timestamptz NOT NULL DEFAULT now(),
    kind          text NOT NULL CHECK (kind IN ('personal_data', 'notes')),
    key_id        uuid NOT NULL,
    applicant_ids uuid[] NOT NULL
);

CREATE INDEX reveal_requests_by_age ON reveal_requests (requested_at);
REVOKE ALL ON reveal_requests FROM PUBLIC;

-- How long a committed request may be used: long enough for one command.
CREATE FUNCTION reveal_request_lifetime() RETURNS interval
LANGUAGE sql IMMUTABLE AS $$ SELECT interval '5 minutes' $$;

-- Logs the reveal (one event per applicant that has sealed data, or one per
-- applicant with notes and their count) and returns the request to commit.
CREATE FUNCTION request_reveal(kind text, applicant_ids uuid[], reader_key uuid) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    request uuid;
BEGIN
    IF NOT pg_has_role(session_user, 'vtrack_coordinator', 'MEMBER') THEN
        RAISE EXCEPTION 'only coordinators may reveal personal data' USING ERRCODE = '42501';
    END IF;
    IF kind NOT IN ('personal_data', 'notes') THEN
        RAISE EXCEPTION 'unknown kind of reveal: %', kind USING ERRCODE = '22023';
    END IF;
    DELETE FROM public.reveal_requests WHERE requested_at < now() - public.reveal_request_lifetime();
    INSERT INTO public.reveal_requests (kind, key_id, applicant_ids)
    VALUES (kind, reader_key, applicant_ids) RETURNING id INTO request;
    IF kind = 'personal_data' THEN
        INSERT INTO public.events (entity_type, entity_id, event_type, payload)
        SELECT 'applicant', p.applicant_id, 'personal_data.revealed', jsonb_build_object('key_id', reader_key)
        FROM public.applicant_personal_data p
        WHERE p.applicant_id = ANY (applicant_ids)
        ORDER BY p.applicant_id;
    ELSE
        INSERT INTO public.events (entity_type, entity_id, event_type, payload)
        SELECT 'applicant', n.applicant_id, 'notes.revealed', jsonb_build_object('key_id', reader_key, 'count', count(*))
        FROM public.applicant_notes n WHERE n.applicant_id = ANY (applicant_ids)
        GROUP BY n.applicant_id
        ORDER BY n.applicant_id;
    END IF;
    RETURN request;
END
$$;

-- The request, if it is the caller's, of that kind, committed and recent.
CREATE FUNCTION vtrack_committed_reveal(request uuid, wanted text) RETURNS public.reveal_requests
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    found public.reveal_requests;
BEGIN
    IF NOT pg_has_role(session_user, 'vtrack_coordinator', 'MEMBER') THEN
        RAISE EXCEPTION 'only coordinators may reveal personal data' USING ERRCODE = '42501';
    END IF;
    SELECT * INTO found FROM public.reveal_requests r
    WHERE r.id = request AND r.requested_by = session_user AND r.kind = wanted
      AND r.requested_at >= now() - public.reveal_request_lifetime();
    IF found.id IS NULL OR pg_xact_status(found.tx) IS DISTINCT FROM 'committed' THEN
        RAISE EXCEPTION 'no committed reveal request %', request
            USING ERRCODE = 'VT009',
                  HINT = 'call request_reveal and commit it before reading';
    END IF;
    RETURN found;
END
$$;

DROP FUNCTION reveal_personal_data(uuid[], uuid);
DROP FUNCTION reveal_notes(uuid, uuid);

CREATE FUNCTION reveal_personal_data(request uuid)
RETURNS TABLE (applicant_id uuid, sealed bytea, encapsulated_key bytea, wrapped_key bytea)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    found public.reveal_requests := public.vtrack_committed_reveal(request, 'personal_data');
BEGIN
    RETURN QUERY
        SELECT p.applicant_id, p.sealed, k.encapsulated_key, k.wrapped_key
        FROM public.applicant_personal_data p
        LEFT JOIN public.applicant_keys k ON k.applicant_id = p.applicant_id AND k.key_id = found.key_id
        WHERE p.applicant_id = ANY (found.applicant_ids);
END
$$;

CREATE FUNCTION reveal_notes(request uuid)
RETURNS TABLE (id uuid, applicant_id uuid, application_id uuid, author text, created_at timestamptz, sealed bytea,
               encapsulated_key bytea, wrapped_key bytea)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    found public.reveal_requests := public.vtrack_committed_reveal(request, 'notes');
BEGIN
    RETURN QUERY
        SELECT n.id, n.applicant_id, n.application_id, n.author, n.created_at, n.sealed, k.encapsulated_key, k.wrapped_key
        FROM public.applicant_notes n
        LEFT JOIN public.applicant_keys k ON k.applicant_id = n.applicant_id AND k.key_id = found.key_id
        WHERE n.applicant_id = ANY (found.applicant_ids)
        ORDER BY n.created_at, n.id;
END
$$;

-- Who looked at whom: `vtrack audit reveals` and the weekly report count
-- reveals per coordinator over a period, from this index alone.
CREATE INDEX events_reveals_by_time ON events (occurred_at) INCLUDE (actor, entity_id, event_type)
    WHERE event_type IN ('personal_data.revealed', 'notes.revealed');

-- Every change an event --------------------------------------------------------

-- Positions: a reason given without a move is an edit too.
CREATE OR REPLACE FUNCTION positions_after_write() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO public.events (entity_type, entity_id, event_type, to_state)
        VALUES ('position', NEW.id, 'position.created', NEW.status::text);
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO public.events (entity_type, entity_id, event_type, from_state, to_state, payload)
        VALUES ('position', NEW.id, 'position.status_changed', OLD.status::text, NEW.status::text,
                jsonb_build_object('with_reason', NEW.status_reason IS DISTINCT FROM OLD.status_reason));
    ELSIF ROW(NEW.title, NEW.team, NEW.description, NEW.languages, NEW.hours_per_week, NEW.location, NEW.openings, NEW.slug,
              NEW.status_reason)
          IS DISTINCT FROM ROW(OLD.title, OLD.team, OLD.description, OLD.languages, OLD.hours_per_week, OLD.location,
              OLD.openings, OLD.slug, OLD.status_reason) THEN
        INSERT INTO public.events (entity_type, entity_id, event_type, to_state)
        VALUES ('position', NEW.id, 'position.edited', NEW.status::text);
    END IF;
    RETURN NULL;
END
$$;

-- A position's skills: one event per position and statement, naming the skills.
CREATE FUNCTION position_skills_after_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    INSERT INTO public.events (entity_type, entity_id, event_type, payload)
    SELECT 'position', c.position_id, CASE TG_OP WHEN 'INSERT' THEN 'position.skills_added' ELSE 'position.skills_removed' END,
           jsonb_build_object('skills', array_agg(c.skill ORDER BY c.skill))
    FROM changed c GROUP BY c.position_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER position_skills_after_insert AFTER INSERT ON position_skills
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION position_skills_after_change();
CREATE TRIGGER position_skills_after_delete AFTER DELETE ON position_skills
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION position_skills_after_change();

-- Onboarding tasks: a reason changes only with the state it explains.
CREATE OR REPLACE FUNCTION onboarding_tasks_before_update() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.state IS DISTINCT FROM OLD.state THEN
        IF NOT NEW.state = ANY (public.task_next_states(OLD.state)) THEN
            PERFORM public.vtrack_refuse_move('task', OLD.id, OLD.state::text, NEW.state::text,
                array_to_string(public.task_next_states(OLD.state), ', '));
        END IF;
        NEW.closed_at := CASE WHEN NEW.state = 'open' THEN NULL ELSE now() END;
        IF NEW.state = 'open' THEN NEW.reason := NULL; END IF;
    ELSE
        NEW.reason := OLD.reason;
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

-- Templates: who set them is the session's login, never a claim; clearing
-- a template's tasks is an event like setting them.
CREATE FUNCTION onboarding_templates_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    NEW.updated_by := session_user;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

CREATE TRIGGER onboarding_templates_stamp BEFORE INSERT OR UPDATE ON onboarding_templates
    FOR EACH ROW EXECUTE FUNCTION onboarding_templates_stamp();

CREATE FUNCTION onboarding_template_tasks_after_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    INSERT INTO public.events (entity_type, entity_id, event_type, payload)
    SELECT 'onboarding_template', r.template_id, 'onboarding_template.cleared', jsonb_build_object('tasks', count(*))
    FROM removed r GROUP BY r.template_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER onboarding_template_tasks_after_delete AFTER DELETE ON onboarding_template_tasks
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION onboarding_template_tasks_after_delete();

-- Creating a template, even an empty one, changes what an acceptance does.
CREATE FUNCTION onboarding_templates_after_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    INSERT INTO public.events (entity_type, entity_id, event_type, payload)
    VALUES ('onboarding_template', NEW.id, 'onboarding_template.created',
            jsonb_strip_nulls(jsonb_build_object('position_id', NEW.position_id, 'team', NEW.team)));
    RETURN NULL;
END
$$;

CREATE TRIGGER onboarding_templates_after_insert AFTER INSERT ON onboarding_templates
    FOR EACH ROW EXECUTE FUNCTION onboarding_templates_after_insert();

-- The server forgets Idempotency-Keys after a day, and no sooner: deleting a
-- younger one would let a retry apply twice.
CREATE FUNCTION forget_idempotency_keys(older_than interval) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    WITH gone AS (
        DELETE FROM public.idempotency_keys WHERE started_at < now() - greatest(older_than, interval '1 day') RETURNING 1
    )
    SELECT count(*) FROM gone
$$;

-- Skills and sources get an id, so that their changes are events like any other.
ALTER TABLE skills ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE;
ALTER TABLE sources ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE;

CREATE FUNCTION vocabulary_after_write() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    entity text := CASE TG_TABLE_NAME WHEN 'skills' THEN 'skill' ELSE 'source' END;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO public.events (entity_type, entity_id, event_type, to_state, payload)
        VALUES (entity, NEW.id, entity || '.added', 'current', jsonb_build_object('slug', NEW.slug));
    ELSIF ROW(NEW.slug, NEW.label, NEW.retired_at) IS DISTINCT FROM ROW(OLD.slug, OLD.label, OLD.retired_at) THEN
        INSERT INTO public.events (entity_type, entity_id, event_type, from_state, to_state, payload)
        VALUES (entity, NEW.id, entity || '.changed',
                CASE WHEN OLD.retired_at IS NULL THEN 'current' ELSE 'retired' END,
                CASE WHEN NEW.retired_at IS NULL THEN 'current' ELSE 'retired' END,
                jsonb_build_object('slug', NEW.slug, 'previous_slug', OLD.slug,
                                   'label_changed', NEW.label IS DISTINCT FROM OLD.label));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER skills_after_write AFTER INSERT OR UPDATE ON skills
    FOR EACH ROW EXECUTE FUNCTION vocabulary_after_write();
CREATE TRIGGER sources_after_write AFTER INSERT OR UPDATE ON sources
    FOR EACH ROW EXECUTE FUNCTION vocabulary_after_write();

-- The chain accepts only a correct next link ------------------------------------

-- The encoding the verifier hashes (EventChainHasher): each sealed column's
-- binary value, length-prefixed, NULL as -1. The verifier keeps its own copy
-- and stays the independent check; this one only refuses a wrong link.
-- Without a SET clause, so that it is inlined; it names pg_catalog's functions only.
CREATE FUNCTION vtrack_event_encoding(e public.events) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
    SELECT '\x00000008'::bytea || pg_catalog.int8send(e.seq) || '\x00000008'::bytea || pg_catalog.xid8send(e.tx)
        || '\x00000008'::bytea || pg_catalog.timestamptz_send(e.occurred_at)
        || pg_catalog.int4send(pg_catalog.octet_length(e.actor)) || pg_catalog.textsend(e.actor)
        || pg_catalog.int4send(pg_catalog.octet_length(e.entity_type)) || pg_catalog.textsend(e.entity_type)
        || '\x00000010'::bytea || pg_catalog.uuid_send(e.entity_id)
        || pg_catalog.int4send(pg_catalog.octet_length(e.event_type)) || pg_catalog.textsend(e.event_type)
        || coalesce(pg_catalog.int4send(pg_catalog.octet_length(e.from_state)) || pg_catalog.textsend(e.from_state), '\xffffffff'::bytea)
        || coalesce(pg_catalog.int4send(pg_catalog.octet_length(e.to_state)) || pg_catalog.textsend(e.to_state), '\xffffffff'::bytea)
        || pg_catalog.int4send(pg_catalog.length(pg_catalog.jsonb_send(e.payload))) || pg_catalog.jsonb_send(e.payload)
$$;

-- The new links of a statement must continue the chain: contiguous
-- positions after the last link (or from 1), holding the events that come
-- next in (transaction, sequence) order, all below the oldest running
-- transaction, each hash that of the link before and its event. Checked for
-- the whole statement at once: one range scan of the index for the events
-- that come next, rather than a probe per link.
CREATE FUNCTION event_chain_check_links() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    first_position bigint;
    links bigint;
    before public.event_chain;
    after_tx xid8 := '0';
    after_seq bigint := 0;
    bad bigint;
BEGIN
    SELECT min(position), count(*) INTO first_position, links FROM added;
    IF (SELECT max(position) FROM added) - first_position + 1 <> links THEN
        RAISE EXCEPTION 'new links of the chain are not contiguous' USING ERRCODE = 'VT010';
    END IF;
    IF first_position > 1 THEN
        SELECT * INTO before FROM public.event_chain WHERE position = first_position - 1;
        IF before.position IS NULL THEN
            RAISE EXCEPTION 'link % has no link before it', first_position USING ERRCODE = 'VT010';
        END IF;
        SELECT e.tx, e.seq INTO after_tx, after_seq FROM public.events e WHERE e.seq = before.seq;
    END IF;
    WITH offered AS (
        SELECT n.position, n.seq, n.hash,
               coalesce(lag(n.hash) OVER (ORDER BY n.position),
                        before.hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) AS previous,
               row_number() OVER (ORDER BY n.position) AS k
        FROM added n
    ), expected AS (
        SELECT x.seq, x.tx, row_number() OVER (ORDER BY x.tx, x.seq) AS k
        FROM (SELECT e.seq, e.tx FROM public.events e WHERE (e.tx, e.seq) > (after_tx, after_seq)
              ORDER BY e.tx, e.seq LIMIT links) x
    )
    SELECT min(o.position) INTO bad
    FROM offered o
    LEFT JOIN expected x ON x.k = o.k
    LEFT JOIN public.events e ON e.seq = o.seq
    WHERE x.seq IS DISTINCT FROM o.seq
       OR x.tx >= pg_snapshot_xmin(pg_current_snapshot())
       OR o.hash <> sha256(o.previous || public.vtrack_event_encoding(e));
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'link % is not the correct next link of the chain', bad USING ERRCODE = 'VT010';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER event_chain_check_links AFTER INSERT ON event_chain
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION event_chain_check_links();

-- Every event-writing trigger runs as the owner with a pinned search_path ---------

-- Only the owner may insert into events, so every trigger that writes one
-- runs as the owner; the rest pin their search_path too.
ALTER FUNCTION applications_after_write() SECURITY DEFINER;
ALTER FUNCTION volunteers_after_write() SECURITY DEFINER;
ALTER FUNCTION coordinators_after_write() SECURITY DEFINER;
ALTER FUNCTION coordinator_keys_after_write() SECURITY DEFINER;
ALTER FUNCTION applicant_notes_after_insert() SECURITY DEFINER;
ALTER FUNCTION volunteers_start_onboarding() SECURITY DEFINER;
ALTER FUNCTION volunteers_cancel_open_tasks() SECURITY DEFINER;
ALTER FUNCTION onboarding_tasks_after_write() SECURITY DEFINER;
ALTER FUNCTION onboarding_template_tasks_after_insert() SECURITY DEFINER;
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN
        SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
        WHERE p.pronamespace = 'public'::regnamespace
          AND (p.prolang = (SELECT l.oid FROM pg_catalog.pg_language l WHERE l.lanname = 'plpgsql') OR p.prosecdef)
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, public, pg_temp', f);
    END LOOP;
END
$$;

-- Grants: column by column, the least each role needs ----------------------------

-- Functions are not for everyone, now or in later migrations.
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
-- Called by the triggers and checks a coordinator's own statements fire
-- (the rest run as the owner), and by their queries.
GRANT EXECUTE ON FUNCTION vtrack_actor(), vtrack_applicants_are_new(uuid[]), vtrack_applications_are_new(uuid[]),
    application_stage(application_status), application_next_statuses(application_status, application_status),
    position_next_statuses(position_status), volunteer_next_statuses(volunteer_status), task_next_states(task_state),
    vtrack_refuse_move(text, uuid, text, text, text), onboarding_due_date(timestamptz, text, integer),
    weekday_index(weekday), window_minutes(smallint, smallint)
    TO vtrack_coordinator;
-- The server's intake fires only the check that it writes about new applicants.
GRANT EXECUTE ON FUNCTION vtrack_applicants_are_new(uuid[]), vtrack_applications_are_new(uuid[]) TO vtrack_api;
GRANT EXECUTE ON FUNCTION applicant_view(bytea), applicant_withdraw(bytea),
    applicant_set_availability(bytea, numeric, jsonb, jsonb), applicant_erase(bytea), forget_idempotency_keys(interval)
    TO vtrack_api;
GRANT EXECUTE ON FUNCTION availability_replace(uuid, numeric, jsonb, jsonb), request_reveal(text, uuid[], uuid),
    reveal_personal_data(uuid), reveal_notes(uuid), revoke_coordinator_key(text, boolean) TO vtrack_coordinator;

-- Only the database writes events.
REVOKE INSERT ON events FROM vtrack_coordinator, vtrack_api;

-- Coordinators: every column they may change has its event.
REVOKE INSERT, UPDATE ON positions, applications, volunteers, skills, sources FROM vtrack_coordinator;
GRANT INSERT (slug, title, team, description, languages, hours_per_week, location, openings) ON positions TO vtrack_coordinator;
GRANT UPDATE (slug, title, team, description, languages, hours_per_week, location, openings, status, status_reason)
    ON positions TO vtrack_coordinator;
GRANT INSERT (id, applicant_id, position_id, source) ON applications TO vtrack_coordinator;
GRANT UPDATE (status, rejection_reason, assigned_to) ON applications TO vtrack_coordinator;
GRANT UPDATE (status) ON volunteers TO vtrack_coordinator;
GRANT INSERT (slug, label) ON skills, sources TO vtrack_coordinator;
GRANT UPDATE (slug, label, retired_at) ON skills, sources TO vtrack_coordinator;

REVOKE INSERT ON applicants FROM vtrack_coordinator;
REVOKE UPDATE ON applicants FROM vtrack_coordinator;
REVOKE UPDATE (hours_per_week) ON applicants FROM vtrack_coordinator;
GRANT INSERT (id, languages, time_zone, email_index, privacy_policy_version, hours_per_week) ON applicants TO vtrack_coordinator;
REVOKE DELETE ON applicant_skills FROM vtrack_coordinator;
REVOKE INSERT, DELETE ON applicant_personal_data FROM vtrack_coordinator;
GRANT INSERT (applicant_id, sealed) ON applicant_personal_data TO vtrack_coordinator;
REVOKE INSERT, DELETE ON applicant_notes FROM vtrack_coordinator;
GRANT INSERT (id, applicant_id, application_id, sealed) ON applicant_notes TO vtrack_coordinator;
REVOKE DELETE ON applicant_keys, coordinator_keys FROM vtrack_coordinator;
REVOKE INSERT ON coordinator_keys FROM vtrack_coordinator;
GRANT INSERT (name, public_key) ON coordinator_keys TO vtrack_coordinator;
REVOKE DELETE ON availability_windows, availability_blackouts FROM vtrack_coordinator;

REVOKE INSERT, UPDATE ON onboarding_templates, onboarding_tasks FROM vtrack_coordinator;
GRANT INSERT (position_id, team) ON onboarding_templates TO vtrack_coordinator;
GRANT UPDATE (updated_at) ON onboarding_templates TO vtrack_coordinator;
GRANT INSERT (id, volunteer_id, ord, title, description, performer, required, due_date, assignee)
    ON onboarding_tasks TO vtrack_coordinator;
GRANT UPDATE (state, reason, assignee) ON onboarding_tasks TO vtrack_coordinator;

-- The server: the columns intake writes, nothing it could backdate.
REVOKE INSERT ON applicants, applications FROM vtrack_api;
GRANT INSERT (id, languages, time_zone, email_index, privacy_policy_version, hours_per_week) ON applicants TO vtrack_api;
GRANT INSERT (id, applicant_id, position_id, source) ON applications TO vtrack_api;
REVOKE INSERT ON applicant_personal_data FROM vtrack_api;
GRANT INSERT (applicant_id, sealed) ON applicant_personal_data TO vtrack_api;
REVOKE INSERT ON idempotency_keys FROM vtrack_api;
GRANT INSERT (key_hash, request_hash, response_status, response_body) ON idempotency_keys TO vtrack_api;
REVOKE UPDATE, DELETE ON idempotency_keys FROM vtrack_api;
