-- Interviews across time zones: coordinators keep weekly windows and
-- blackouts in their own time zone, like applicants; an interview is a
-- time between an application and a coordinator. The database refuses a
-- double booking (an exclusion constraint, so two sessions booking at once
-- cannot both win) and writes every change's event. Why: docs/design-notes.md,
-- "Interviews".

-- Trusted since PostgreSQL 13: the database owner may create it. It gives
-- GiST the `=` on uuid that the exclusion constraints below need. In a
-- schema of its own, so its hundreds of functions are not among the public
-- schema's grants (a default operator class is found in any schema).
CREATE SCHEMA IF NOT EXISTS extensions;
REVOKE ALL ON SCHEMA extensions FROM PUBLIC;
CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA extensions;

ALTER TABLE coordinators ADD COLUMN time_zone text
    CHECK (time_zone ~ '^[A-Za-z0-9_+/-]{1,64}$');

-- As availability_windows: in the coordinator's own time zone; an end at or
-- before the start is on the next day.
CREATE TABLE coordinator_windows (
    coordinator_id uuid NOT NULL REFERENCES coordinators ON DELETE CASCADE,
    day            weekday NOT NULL,
    start_minute   smallint NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute     smallint NOT NULL CHECK (end_minute BETWEEN 0 AND 1439),
    CHECK (start_minute <> end_minute),
    PRIMARY KEY (coordinator_id, day, start_minute)
);

CREATE TABLE coordinator_blackouts (
    coordinator_id uuid NOT NULL REFERENCES coordinators ON DELETE CASCADE,
    from_date      date NOT NULL,
    to_date        date NOT NULL CHECK (to_date >= from_date),
    PRIMARY KEY (coordinator_id, from_date, to_date)
);

-- A coordinator sets their own availability, and only their own: the row is
-- found by session_user, which no SQL of theirs can change.
CREATE FUNCTION set_my_availability(zone text, windows jsonb, blackouts jsonb) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    coordinator uuid;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_timezone_names WHERE name = zone) THEN
        RAISE EXCEPTION 'time zone % is not an IANA time zone', zone USING ERRCODE = '22023';
    END IF;
    UPDATE public.coordinators SET time_zone = zone
    WHERE name = session_user AND removed_at IS NULL RETURNING id INTO coordinator;
    IF coordinator IS NULL THEN
        RAISE EXCEPTION 'only a registered coordinator has availability' USING ERRCODE = '42501';
    END IF;
    DELETE FROM public.coordinator_windows WHERE coordinator_id = coordinator;
    DELETE FROM public.coordinator_blackouts WHERE coordinator_id = coordinator;
    INSERT INTO public.coordinator_windows (coordinator_id, day, start_minute, end_minute)
    SELECT coordinator, w.day::public.weekday, w.start_minute, w.end_minute
    FROM jsonb_to_recordset(windows) AS w (day text, start_minute smallint, end_minute smallint);
    INSERT INTO public.coordinator_blackouts (coordinator_id, from_date, to_date)
    SELECT coordinator, b.from_date, b.to_date
    FROM jsonb_to_recordset(blackouts) AS b (from_date date, to_date date)
    ON CONFLICT DO NOTHING;
    INSERT INTO public.events (entity_type, entity_id, event_type, payload)
    VALUES ('coordinator', coordinator, 'availability.updated',
            jsonb_build_object('windows', jsonb_array_length(windows), 'blackouts', jsonb_array_length(blackouts),
                               'time_zone', zone));
END
$$;

CREATE TABLE interviews (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    application_id uuid NOT NULL REFERENCES applications ON DELETE CASCADE,
    -- Copied from the application, so the applicant's own exclusion below
    -- covers all their applications.
    applicant_id   uuid NOT NULL REFERENCES applicants ON DELETE CASCADE,
    coordinator_id uuid NOT NULL REFERENCES coordinators,
    starts_at      timestamptz NOT NULL,
    ends_at        timestamptz NOT NULL,
    status         text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled', 'done')),
    created_by     text NOT NULL DEFAULT session_user,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at AND ends_at <= starts_at + interval '8 hours'),
    -- Neither a coordinator nor an applicant is in two scheduled interviews
    -- at once; `[)` ranges, so one may end when the next starts.
    CONSTRAINT interviews_coordinator_free EXCLUDE USING gist (
        coordinator_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status = 'scheduled'),
    CONSTRAINT interviews_applicant_free EXCLUDE USING gist (
        applicant_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status = 'scheduled')
);

CREATE INDEX interviews_by_start ON interviews (starts_at, id);
CREATE INDEX interviews_by_application ON interviews (application_id);

-- Ids and times only: nothing personal in the event.
CREATE FUNCTION interview_event(interview public.interviews, kind text, previous public.interviews) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    INSERT INTO public.events (entity_type, entity_id, event_type, from_state, to_state, payload)
    VALUES ('interview', interview.id, kind, previous.status, interview.status,
            jsonb_strip_nulls(jsonb_build_object(
                'application_id', interview.application_id, 'coordinator_id', interview.coordinator_id,
                'starts_at', interview.starts_at, 'ends_at', interview.ends_at,
                'previous_starts_at', previous.starts_at, 'previous_ends_at', previous.ends_at)));
$$;

-- VT024: the application or interview is in no state for this.

-- Books `application` with the coordinator named `interviewer` (a login);
-- a `screening` application moves to `interview` in the same transaction
-- (its own trigger writes that event).
CREATE FUNCTION book_interview(application uuid, interviewer text, starts timestamptz, minutes integer) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    found_application public.applications;
    coordinator uuid;
    booked public.interviews;
BEGIN
    IF minutes NOT BETWEEN 5 AND 480 THEN
        RAISE EXCEPTION 'an interview lasts 5 to 480 minutes' USING ERRCODE = '22023';
    END IF;
    SELECT * INTO found_application FROM public.applications WHERE id = application FOR UPDATE;
    IF found_application.id IS NULL THEN
        RAISE EXCEPTION 'application % does not exist', application USING ERRCODE = 'P0002';
    END IF;
    IF found_application.status NOT IN ('submitted', 'screening', 'interview', 'on_hold') THEN
        RAISE EXCEPTION 'application % is %: no interview to book', application, found_application.status
            USING ERRCODE = 'VT024';
    END IF;
    SELECT id INTO coordinator FROM public.coordinators WHERE name = interviewer AND removed_at IS NULL;
    IF coordinator IS NULL THEN
        RAISE EXCEPTION 'no coordinator %', interviewer USING ERRCODE = 'P0002';
    END IF;
    INSERT INTO public.interviews (application_id, applicant_id, coordinator_id, starts_at, ends_at)
    VALUES (application, found_application.applicant_id, coordinator, starts, starts + make_interval(mins => minutes))
    RETURNING * INTO booked;
    PERFORM public.interview_event(booked, 'interview.booked', NULL);
    IF found_application.status = 'screening' THEN
        UPDATE public.applications SET status = 'interview' WHERE id = application;
    END IF;
    RETURN booked.id;
END
$$;

-- The scheduled interview `interview`, locked for a change; refused when
-- there is none or it is no longer scheduled.
CREATE FUNCTION scheduled_interview(interview uuid) RETURNS interviews
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    existing public.interviews;
BEGIN
    SELECT * INTO existing FROM public.interviews WHERE id = interview FOR UPDATE;
    IF existing.id IS NULL THEN
        RAISE EXCEPTION 'interview % does not exist', interview USING ERRCODE = 'P0002';
    END IF;
    IF existing.status <> 'scheduled' THEN
        RAISE EXCEPTION 'interview % is %', interview, existing.status USING ERRCODE = 'VT024';
    END IF;
    RETURN existing;
END
$$;

CREATE FUNCTION cancel_interview(interview uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    before public.interviews := public.scheduled_interview(interview);
    after public.interviews;
BEGIN
    UPDATE public.interviews SET status = 'cancelled' WHERE id = interview RETURNING * INTO after;
    PERFORM public.interview_event(after, 'interview.cancelled', before);
END
$$;

CREATE FUNCTION reschedule_interview(interview uuid, starts timestamptz, minutes integer) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    before public.interviews := public.scheduled_interview(interview);
    after public.interviews;
BEGIN
    IF minutes NOT BETWEEN 5 AND 480 THEN
        RAISE EXCEPTION 'an interview lasts 5 to 480 minutes' USING ERRCODE = '22023';
    END IF;
    UPDATE public.interviews SET starts_at = starts, ends_at = starts + make_interval(mins => minutes)
    WHERE id = interview RETURNING * INTO after;
    PERFORM public.interview_event(after, 'interview.rescheduled', before);
END
$$;

-- No role writes these tables but through the functions above.
REVOKE ALL ON coordinator_windows, coordinator_blackouts, interviews FROM PUBLIC;
REVOKE ALL ON FUNCTION set_my_availability(text, jsonb, jsonb), interview_event(interviews, text, interviews),
    scheduled_interview(uuid),
    book_interview(uuid, text, timestamptz, integer), cancel_interview(uuid),
    reschedule_interview(uuid, timestamptz, integer) FROM PUBLIC;
GRANT SELECT ON coordinator_windows, coordinator_blackouts, interviews TO vtrack_coordinator;
GRANT EXECUTE ON FUNCTION set_my_availability(text, jsonb, jsonb), book_interview(uuid, text, timestamptz, integer),
    cancel_interview(uuid), reschedule_interview(uuid, timestamptz, integer) TO vtrack_coordinator;
