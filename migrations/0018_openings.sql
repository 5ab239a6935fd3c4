-- Openings: a position counts its accepted applications against its
-- openings, and pauses itself when the last one fills, unless it is kept
-- open. The pause is the database's, so it holds whatever SQL accepts the
-- application; its event's actor is `system`, which no login can claim.
-- docs/design-notes.md says why.

-- Set by a coordinator: take applications even when every opening is filled.
ALTER TABLE positions ADD COLUMN keep_open boolean NOT NULL DEFAULT false;
-- Set by the database only (no role has a grant on it): the position was
-- paused because it filled, so raising its openings takes it back.
ALTER TABLE positions ADD COLUMN paused_full boolean NOT NULL DEFAULT false;

-- The database acting on its own --------------------------------------------------

-- A row for the current transaction exists only while a trigger of the
-- owner's makes a change as `system` (inserted just before, deleted just
-- after, in the same function). No role has any grant on it, so no login
-- can put one there; an error inside rolls it back with the rest.
CREATE TABLE system_acts (
    tx xid8 PRIMARY KEY
);
REVOKE ALL ON system_acts FROM PUBLIC;

-- As in 0011, and `system` while the database acts on its own. A claim of
-- `vtrack.actor = system` is still ignored: only a row above counts.
CREATE OR REPLACE FUNCTION vtrack_actor() RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    claimed text := nullif(current_setting('vtrack.actor', true), '');
    applicant uuid;
BEGIN
    IF EXISTS (SELECT 1 FROM public.system_acts s WHERE s.tx = pg_current_xact_id_if_assigned()) THEN
        RETURN 'system';
    END IF;
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

-- How many of a position's openings are filled: its accepted applications.
-- The server may ask about open positions only, as it may read only those.
CREATE FUNCTION position_filled(position_id uuid) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT count(*)::integer FROM public.applications a
    WHERE a.position_id = $1 AND a.status = 'accepted'
      AND (pg_has_role(session_user, 'vtrack_coordinator', 'MEMBER')
           OR EXISTS (SELECT 1 FROM public.positions p WHERE p.id = $1 AND p.status = 'open'))
$$;

-- The last opening filled: pause, as `system`. After the statement's rows
-- are all written, so a statement accepting several sees them all; the
-- position's row lock serialises concurrent acceptances, and the count that
-- follows it sees the ones committed first.
CREATE FUNCTION applications_fill_openings() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    target record;
    accepted integer;
BEGIN
    SELECT p.id, p.status, p.keep_open, p.openings INTO target FROM public.positions p WHERE p.id = NEW.position_id FOR UPDATE;
    IF target.status <> 'open' OR target.keep_open THEN
        RETURN NULL;
    END IF;
    SELECT count(*) INTO accepted FROM public.applications a WHERE a.position_id = target.id AND a.status = 'accepted';
    IF accepted < target.openings THEN
        RETURN NULL;
    END IF;
    INSERT INTO public.system_acts (tx) VALUES (pg_current_xact_id());
    UPDATE public.positions SET status = 'paused', paused_full = true WHERE id = target.id;
    DELETE FROM public.system_acts WHERE tx = pg_current_xact_id();
    RETURN NULL;
END
$$;

CREATE TRIGGER applications_fill_openings AFTER UPDATE ON applications
    FOR EACH ROW WHEN (NEW.status = 'accepted' AND OLD.status IS DISTINCT FROM 'accepted')
    EXECUTE FUNCTION applications_fill_openings();

-- A coordinator's changes to a full position. Raising the openings of a
-- position the database paused for being full reopens it (the coordinator's
-- move, their event). Opening a full position any other way is refused
-- unless it is kept open: it would only take applications for no opening.
-- Lowering the openings of an open position to what is filled pauses it as
-- an acceptance would. `paused_full` is the database's: kept, set or
-- cleared here, whatever the statement said.
CREATE FUNCTION positions_openings() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    acting_as_system boolean := public.vtrack_actor() = 'system';
    filled integer;
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.paused_full := false;
        RETURN NEW;
    END IF;
    IF acting_as_system THEN
        RETURN NEW;
    END IF;
    NEW.paused_full := OLD.paused_full;
    IF NEW.status IS NOT DISTINCT FROM OLD.status AND NEW.openings IS NOT DISTINCT FROM OLD.openings
       AND NEW.keep_open IS NOT DISTINCT FROM OLD.keep_open THEN
        RETURN NEW;
    END IF;
    SELECT count(*) INTO filled FROM public.applications a WHERE a.position_id = OLD.id AND a.status = 'accepted';
    IF OLD.status = 'paused' AND NEW.status = 'paused' AND OLD.paused_full
       AND NEW.openings > OLD.openings AND NEW.openings > filled THEN
        NEW.status := 'open';
        NEW.paused_full := false;
    ELSIF NEW.status = 'open' AND OLD.status <> 'open' AND filled >= NEW.openings AND NOT NEW.keep_open THEN
        RAISE EXCEPTION 'position % is full: % of % openings filled', OLD.slug, filled, NEW.openings
            USING ERRCODE = 'VT018',
                  HINT = 'raise its openings above ' || filled || ', or keep it open, to take applications again';
    ELSIF OLD.status = 'open' AND NEW.status = 'open' AND NEW.openings < OLD.openings AND filled >= NEW.openings
          AND NOT NEW.keep_open THEN
        NEW.status := 'paused';
        NEW.paused_full := true;
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.paused_full := false;
    END IF;
    RETURN NEW;
END
$$;

-- After positions_before_update (triggers fire by name), which checks the move asked for.
CREATE TRIGGER positions_openings BEFORE INSERT OR UPDATE ON positions
    FOR EACH ROW EXECUTE FUNCTION positions_openings();

-- Positions' events, as in 0011, saying why a move was the database's and
-- recording keep-open as an edit with its value.
CREATE OR REPLACE FUNCTION positions_after_write() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO public.events (entity_type, entity_id, event_type, to_state, payload)
        VALUES ('position', NEW.id, 'position.created', NEW.status::text,
                CASE WHEN NEW.keep_open THEN '{"keep_open": true}'::jsonb ELSE '{}'::jsonb END);
        RETURN NULL;
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO public.events (entity_type, entity_id, event_type, from_state, to_state, payload)
        VALUES ('position', NEW.id, 'position.status_changed', OLD.status::text, NEW.status::text,
                jsonb_strip_nulls(jsonb_build_object(
                    'with_reason', NEW.status_reason IS DISTINCT FROM OLD.status_reason,
                    'cause', CASE WHEN NEW.status = 'paused' AND NEW.paused_full THEN 'filled'
                                  WHEN OLD.paused_full AND NEW.status = 'open' AND NEW.openings > OLD.openings
                                      THEN 'openings_raised' END,
                    'openings', CASE WHEN NEW.openings IS DISTINCT FROM OLD.openings THEN NEW.openings END)));
    ELSIF ROW(NEW.title, NEW.team, NEW.description, NEW.languages, NEW.hours_per_week, NEW.location, NEW.openings, NEW.slug,
              NEW.status_reason)
          IS DISTINCT FROM ROW(OLD.title, OLD.team, OLD.description, OLD.languages, OLD.hours_per_week, OLD.location,
              OLD.openings, OLD.slug, OLD.status_reason) THEN
        INSERT INTO public.events (entity_type, entity_id, event_type, to_state)
        VALUES ('position', NEW.id, 'position.edited', NEW.status::text);
    END IF;
    IF NEW.keep_open IS DISTINCT FROM OLD.keep_open THEN
        INSERT INTO public.events (entity_type, entity_id, event_type, to_state, payload)
        VALUES ('position', NEW.id, 'position.keep_open_changed', NEW.status::text,
                jsonb_build_object('keep_open', NEW.keep_open));
    END IF;
    RETURN NULL;
END
$$;

-- Ranking open applications by fit ----------------------------------------------------

-- Whether an applicant's language tag answers a position's: the same tag, or
-- a longer one under it (BCP 47 by prefix, whole subtags only): `en` is
-- answered by `en` and `en-GB`, never by `eng`; `en-GB` only by `en-GB…`.
CREATE FUNCTION language_answers(wanted text, offered text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lower(offered) = lower(wanted) OR starts_with(lower(offered), lower(wanted) || '-')
$$;

GRANT EXECUTE ON FUNCTION position_filled(uuid), language_answers(text, text) TO vtrack_coordinator;
GRANT EXECUTE ON FUNCTION position_filled(uuid) TO vtrack_api;
GRANT INSERT (keep_open), UPDATE (keep_open) ON positions TO vtrack_coordinator;
