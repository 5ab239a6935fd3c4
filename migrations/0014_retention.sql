-- Retention: how long personal data is kept after an applicant's last
-- application or volunteering ended, per outcome, and the erasure of whoever
-- is due (docs/operations.md, "Retention").

-- When a volunteer became alumni: their retention clock. updated_at moves
-- with any update, so it cannot say.
ALTER TABLE volunteers ADD COLUMN left_at timestamptz;

CREATE FUNCTION volunteers_left_at() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.status = 'alumni' AND OLD.status IS DISTINCT FROM 'alumni' THEN
        NEW.left_at := now();
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER volunteers_left_at BEFORE UPDATE OF status ON volunteers
    FOR EACH ROW EXECUTE FUNCTION volunteers_left_at();

-- From the events so far; the update triggers would count this as a change.
ALTER TABLE volunteers DISABLE TRIGGER USER;
UPDATE volunteers v
SET left_at = coalesce((
    SELECT max(e.occurred_at) FROM events e
    WHERE e.entity_type = 'volunteer' AND e.entity_id = v.id
      AND e.event_type = 'volunteer.status_changed' AND e.to_state = 'alumni'
), v.updated_at)
WHERE v.status = 'alumni';
ALTER TABLE volunteers ENABLE TRIGGER USER;

-- The policy ----------------------------------------------------------------------

-- One row per outcome, fixed: a coordinator changes `days`, nothing else.
-- `unanswered` is an application rejected with reason no_response: open
-- applications are never erased by retention, however old.
CREATE TABLE retention_periods (
    id         uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
    outcome    text PRIMARY KEY CHECK (outcome IN ('rejected', 'withdrawn', 'unanswered', 'alumni')),
    days       integer NOT NULL CHECK (days BETWEEN 1 AND 36500),
    changed_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO retention_periods (outcome, days) VALUES
    ('rejected', 180), ('withdrawn', 180), ('unanswered', 180), ('alumni', 730);

CREATE FUNCTION retention_periods_before_update() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    NEW.id := OLD.id;
    NEW.outcome := OLD.outcome;
    NEW.changed_at := CASE WHEN NEW.days IS DISTINCT FROM OLD.days THEN now() ELSE OLD.changed_at END;
    RETURN NEW;
END
$$;

CREATE FUNCTION retention_periods_after_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.days IS DISTINCT FROM OLD.days THEN
        INSERT INTO public.events (entity_type, entity_id, event_type, from_state, to_state, payload)
        VALUES ('retention_policy', NEW.id, 'retention_policy.changed', OLD.days::text, NEW.days::text,
                jsonb_build_object('outcome', NEW.outcome, 'from_days', OLD.days, 'to_days', NEW.days));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER retention_periods_before_update BEFORE UPDATE ON retention_periods
    FOR EACH ROW EXECUTE FUNCTION retention_periods_before_update();
CREATE TRIGGER retention_periods_after_update AFTER UPDATE ON retention_periods
    FOR EACH ROW EXECUTE FUNCTION retention_periods_after_update();
CREATE TRIGGER retention_periods_kept BEFORE DELETE ON retention_periods
    FOR EACH ROW EXECUTE FUNCTION vtrack_refuse_rewrite();
CREATE TRIGGER retention_periods_no_truncate BEFORE TRUNCATE ON retention_periods
    FOR EACH STATEMENT EXECUTE FUNCTION vtrack_refuse_rewrite();

-- Who is due --------------------------------------------------------------------

-- The one home of the rule. An applicant is due when every application and
-- volunteering of theirs has ended and its outcome's period has passed
-- since its final move: the record that expires last decides, and an open
-- application, a volunteer not yet alumni (or a final move without a time)
-- expires never. Their outcome and clock are that record's.
--
-- No clock starts before the applicant was created, so only applicants older
-- than the shortest period are looked at, through the index below: the scan
-- grows with the people still on file, not with the erased.
CREATE VIEW retention_due AS
SELECT a.id AS applicant_id, last.outcome, last.clock
FROM public.applicants a
CROSS JOIN LATERAL (
    SELECT x.outcome, x.clock, x.clock + make_interval(days => r.days) AS expires
    FROM (
        SELECT CASE
                   WHEN p.status = 'withdrawn' THEN 'withdrawn'
                   WHEN p.status = 'rejected' AND p.rejection_reason = 'no_response' THEN 'unanswered'
                   WHEN p.status = 'rejected' THEN 'rejected'
                   -- Its volunteering, below, ends later.
                   WHEN p.status = 'accepted' THEN 'alumni'
               END AS outcome,
               p.decided_at AS clock
        FROM public.applications p WHERE p.applicant_id = a.id
        UNION ALL
        SELECT CASE WHEN v.status = 'alumni' THEN 'alumni' END, v.left_at
        FROM public.volunteers v WHERE v.applicant_id = a.id
    ) x
    LEFT JOIN public.retention_periods r ON r.outcome = x.outcome
    ORDER BY expires DESC NULLS FIRST
    LIMIT 1
) last
WHERE a.erased_at IS NULL
  AND a.created_at <= now() - (SELECT make_interval(days => min(days)) FROM public.retention_periods)
  AND last.expires <= now();

CREATE INDEX applicants_kept_by_id ON applicants (id) INCLUDE (created_at) WHERE erased_at IS NULL;

-- Erases up to `batch` due applicants with vtrack_erase_applicants (one
-- `applicant.erased` event each, reason retention), and returns how many,
-- with where the next batch goes on (NULL: no applicant after the last
-- looked at). Candidates are taken in id order after `after` and locked with
-- SKIP LOCKED, so concurrent runs share the work and erase each applicant
-- once, and a run's batches never look at the same kept applicants twice.
-- Each candidate is checked again once locked: a coordinator may have given
-- them a new application meanwhile (its insert holds a lock this one waits
-- for, or has committed, which the new statement sees).
CREATE FUNCTION erase_due_applicants(batch integer, after uuid DEFAULT NULL)
RETURNS TABLE (erased integer, resume_after uuid)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    taken uuid[];
BEGIN
    IF batch IS NULL OR batch NOT BETWEEN 1 AND 10000 THEN
        RAISE EXCEPTION 'a batch is 1 to 10000 applicants, not %', batch USING ERRCODE = '22023';
    END IF;
    SELECT coalesce(array_agg(c.id ORDER BY c.id), '{}') INTO taken FROM (
        SELECT a.id FROM public.retention_due d JOIN public.applicants a ON a.id = d.applicant_id
        WHERE a.erased_at IS NULL AND d.applicant_id > coalesce(after, '00000000-0000-0000-0000-000000000000')
        ORDER BY d.applicant_id
        LIMIT batch
        FOR UPDATE OF a SKIP LOCKED
    ) c;
    -- Once locked, still due: a move committed meanwhile may have reopened one.
    erased := coalesce(cardinality(public.vtrack_erase_applicants(
        ARRAY(SELECT d.applicant_id FROM public.retention_due d WHERE d.applicant_id = ANY (taken)), 'retention')), 0);
    resume_after := CASE WHEN cardinality(taken) < batch THEN NULL ELSE taken[cardinality(taken)] END;
    RETURN NEXT;
END
$$;

-- What a run would erase now, by outcome and by how long ago the clock
-- started: counts only, no ids.
CREATE FUNCTION retention_dry_run() RETURNS TABLE (outcome text, age text, applicants bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT d.outcome,
           CASE WHEN d.clock > now() - interval '1 year' THEN 'under 1 year'
                WHEN d.clock > now() - interval '2 years' THEN '1 to 2 years'
                WHEN d.clock > now() - interval '5 years' THEN '2 to 5 years'
                ELSE '5 years or more' END,
           count(*)
    FROM public.retention_due d
    GROUP BY 1, 2
    ORDER BY 1, min(now() - d.clock)
$$;

-- Grants ---------------------------------------------------------------------------

REVOKE ALL ON retention_periods, retention_due FROM PUBLIC;
REVOKE ALL ON FUNCTION volunteers_left_at(), retention_periods_before_update(), retention_periods_after_update(),
    erase_due_applicants(integer, uuid), retention_dry_run() FROM PUBLIC;
GRANT SELECT ON retention_periods TO vtrack_coordinator;
GRANT UPDATE (days) ON retention_periods TO vtrack_coordinator;
GRANT EXECUTE ON FUNCTION erase_due_applicants(integer, uuid), retention_dry_run() TO vtrack_coordinator;
-- The server's hourly run: it erases what the coordinators' policy makes due, and nothing else.
GRANT EXECUTE ON FUNCTION erase_due_applicants(integer, uuid) TO vtrack_api;
