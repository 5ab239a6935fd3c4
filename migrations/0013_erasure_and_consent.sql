-- Erasure in one place, for whoever asks (the applicant with their token, a
-- coordinator, retention), and privacy notices as records an application
-- must name. docs/privacy.md says what erasure keeps and why.

-- Privacy notices ------------------------------------------------------------------

-- What an applicant accepted. A notice is never changed or removed: what
-- someone agreed to stays what it was; a new text is a new version.
CREATE TABLE privacy_notices (
    id       uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    version  text PRIMARY KEY CHECK (version ~ '^[A-Za-z0-9._-]{1,32}$'),
    -- NULL only for versions applicants named before notices were recorded.
    url      text CHECK (url ~ '^https?://[^[:space:]]+$' AND length(url) <= 500),
    added_by text NOT NULL DEFAULT session_user,
    added_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO privacy_notices (version, added_by, added_at)
SELECT privacy_policy_version, 'migration', min(created_at)
FROM applicants WHERE privacy_policy_version IS NOT NULL
GROUP BY privacy_policy_version;

ALTER TABLE applicants
    ADD CONSTRAINT applicants_privacy_notice FOREIGN KEY (privacy_policy_version) REFERENCES privacy_notices (version);

-- Consent is given when the application is made. (Neither login may write
-- consented_at itself: their INSERT grants leave it out.)
UPDATE applicants SET consented_at = created_at WHERE privacy_policy_version IS NOT NULL AND consented_at IS NULL;

CREATE FUNCTION applicants_consent_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.privacy_policy_version IS NOT NULL THEN
        NEW.consented_at := coalesce(NEW.consented_at, now());
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER applicants_consent_stamp BEFORE INSERT ON applicants
    FOR EACH ROW EXECUTE FUNCTION applicants_consent_stamp();

CREATE FUNCTION privacy_notices_after_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    INSERT INTO public.events (entity_type, entity_id, event_type, to_state, payload)
    VALUES ('privacy_notice', NEW.id, 'privacy_notice.added', 'current',
            jsonb_build_object('version', NEW.version, 'url', NEW.url));
    RETURN NULL;
END
$$;

CREATE TRIGGER privacy_notices_after_insert AFTER INSERT ON privacy_notices
    FOR EACH ROW EXECUTE FUNCTION privacy_notices_after_insert();
CREATE TRIGGER privacy_notices_unchanged BEFORE UPDATE OR DELETE ON privacy_notices
    FOR EACH ROW EXECUTE FUNCTION vtrack_refuse_rewrite();
CREATE TRIGGER privacy_notices_no_truncate BEFORE TRUNCATE ON privacy_notices
    FOR EACH STATEMENT EXECUTE FUNCTION vtrack_refuse_rewrite();

-- Erasure --------------------------------------------------------------------------

-- An erased applicant keeps no time zone.
ALTER TABLE applicants ALTER COLUMN time_zone DROP NOT NULL;

ALTER TABLE applicants ADD COLUMN erasure_reason text
    CHECK (erasure_reason IN ('applicant', 'request', 'retention', 'duplicate', 'other'));

-- Applicants erased before this migration carried their languages, skills
-- and time zone on; take them now, without new events (the erasure was
-- logged when it happened).
DELETE FROM applicant_skills s USING applicants a WHERE a.id = s.applicant_id AND a.erased_at IS NOT NULL;
UPDATE applicants SET languages = '{}', time_zone = NULL, erasure_reason = 'applicant' WHERE erased_at IS NOT NULL;

ALTER TABLE applicants ADD CONSTRAINT applicants_erasure_has_reason CHECK ((erased_at IS NULL) = (erasure_reason IS NULL));

-- Everything that could single an applicant out goes: sealed data and its
-- keys, notes, availability, skills, languages, time zone, hours, the
-- e-mail's blind index and the status tokens. What stays is what the
-- reports and the chain need: ids, states, dates, position, source, consent.
-- A volunteer is offboarded first (their open tasks are cancelled, one event
-- each), open applications are withdrawn, and one `applicant.erased` event
-- per applicant names the reason. Applicants erased already are left as
-- they are; the ones this call erased are returned. The tokens go last, so
-- that an applicant erasing themselves is the actor of every event. Set by
-- set, so that retention erases a batch in one statement per table.
CREATE FUNCTION vtrack_erase_applicants(applicants uuid[], reason text) RETURNS uuid[]
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    erasing uuid[];
BEGIN
    SELECT coalesce(array_agg(locked.id ORDER BY locked.id), '{}') INTO erasing
    FROM (SELECT a.id FROM public.applicants a WHERE a.id = ANY (applicants) AND a.erased_at IS NULL ORDER BY a.id FOR UPDATE) locked;
    IF cardinality(erasing) = 0 THEN
        RETURN erasing;
    END IF;
    UPDATE public.volunteers SET status = 'alumni' WHERE applicant_id = ANY (erasing) AND status <> 'alumni';
    UPDATE public.applications SET status = 'withdrawn'
    WHERE applicant_id = ANY (erasing) AND status NOT IN ('accepted', 'rejected', 'withdrawn');
    DELETE FROM public.applicant_notes WHERE applicant_id = ANY (erasing);
    DELETE FROM public.applicant_personal_data WHERE applicant_id = ANY (erasing);
    DELETE FROM public.applicant_keys WHERE applicant_id = ANY (erasing);
    DELETE FROM public.applicant_data_keys WHERE applicant_id = ANY (erasing);
    DELETE FROM public.availability_windows WHERE applicant_id = ANY (erasing);
    DELETE FROM public.availability_blackouts WHERE applicant_id = ANY (erasing);
    DELETE FROM public.applicant_skills WHERE applicant_id = ANY (erasing);
    UPDATE public.applicants
    SET email_index = NULL, hours_per_week = NULL, languages = '{}', time_zone = NULL,
        erased_at = now(), erasure_reason = reason
    WHERE id = ANY (erasing);
    INSERT INTO public.events (entity_type, entity_id, event_type, to_state, payload)
    SELECT 'applicant', erased, 'applicant.erased', 'erased', jsonb_build_object('reason', reason)
    FROM unnest(erasing) AS erased;
    DELETE FROM public.application_tokens t USING public.applications a
    WHERE a.id = t.application_id AND a.applicant_id = ANY (erasing);
    -- The last data key wrapped for a retired organisation key may just have gone.
    PERFORM public.vtrack_drop_retired_organisation_keys();
    RETURN erasing;
END
$$;

-- One applicant: false when erased already.
CREATE FUNCTION vtrack_erase_applicant(applicant uuid, reason text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.applicants WHERE id = applicant) THEN
        RAISE EXCEPTION 'applicant % does not exist', applicant USING ERRCODE = 'VT007';
    END IF;
    RETURN cardinality(public.vtrack_erase_applicants(ARRAY[applicant], reason)) = 1;
END
$$;

REVOKE ALL ON FUNCTION vtrack_erase_applicants(uuid[], text) FROM PUBLIC;
REVOKE ALL ON FUNCTION vtrack_erase_applicant(uuid, text) FROM PUBLIC;

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
    RETURN public.vtrack_erase_applicant(found.applicant_id, 'applicant');
END
$$;

-- For an applicant who asks without their token, a duplicate, or a case the
-- retention policy does not reach; `applicant` is the applicant's own word.
CREATE FUNCTION erase_applicant(applicant uuid, reason text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF reason IS NULL OR reason NOT IN ('request', 'retention', 'duplicate', 'other') THEN
        RAISE EXCEPTION 'unknown erasure reason: %', reason
            USING ERRCODE = '22023', HINT = 'one of request, retention, duplicate, other';
    END IF;
    RETURN public.vtrack_erase_applicant(applicant, reason);
END
$$;

-- Grants ---------------------------------------------------------------------------

REVOKE ALL ON privacy_notices FROM PUBLIC;
REVOKE ALL ON FUNCTION applicants_consent_stamp(), privacy_notices_after_insert(), erase_applicant(uuid, text) FROM PUBLIC;
GRANT SELECT ON privacy_notices TO vtrack_coordinator, vtrack_api;
GRANT INSERT (version, url) ON privacy_notices TO vtrack_coordinator;
GRANT EXECUTE ON FUNCTION erase_applicant(uuid, text) TO vtrack_coordinator;
