-- How an interview went: `done`, or `missed` when the applicant did not
-- come. A coordinator records it once the interview has started, through
-- the function below (one event each); the table stays read-only to them.

ALTER TABLE interviews DROP CONSTRAINT interviews_status_check;
ALTER TABLE interviews ADD CONSTRAINT interviews_status_check
    CHECK (status IN ('scheduled', 'cancelled', 'done', 'missed'));

CREATE FUNCTION record_interview_outcome(interview uuid, outcome text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    before public.interviews := public.scheduled_interview(interview);
    after public.interviews;
BEGIN
    IF outcome IS NULL OR outcome NOT IN ('done', 'missed') THEN
        RAISE EXCEPTION 'an interview''s outcome is done or missed' USING ERRCODE = '22023';
    END IF;
    IF before.starts_at > now() THEN
        RAISE EXCEPTION 'interview % has not started yet: it starts at %', interview, before.starts_at
            USING ERRCODE = 'VT024';
    END IF;
    UPDATE public.interviews SET status = outcome WHERE id = interview RETURNING * INTO after;
    PERFORM public.interview_event(after, 'interview.' || outcome, before);
END
$$;

REVOKE ALL ON FUNCTION record_interview_outcome(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION record_interview_outcome(uuid, text) TO vtrack_coordinator;
