-- What the weekly report reads, kept cheap to read over years of history.

-- When a coordinator first acted on an application (moved or assigned it):
-- "time to first response" without searching every application's events.
ALTER TABLE applications ADD COLUMN first_response_at timestamptz;

CREATE FUNCTION applications_first_response() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Set once, by the rule below; never by hand.
    NEW.first_response_at := OLD.first_response_at;
    IF OLD.first_response_at IS NULL
       AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.assigned_to IS DISTINCT FROM OLD.assigned_to)
       AND vtrack_actor() <> 'system' AND vtrack_actor() NOT LIKE 'applicant:%' THEN
        NEW.first_response_at := now();
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER applications_first_response BEFORE UPDATE ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_first_response();

-- From the events so far; the update triggers would count this as a change.
ALTER TABLE applications DISABLE TRIGGER applications_before_update;
ALTER TABLE applications DISABLE TRIGGER applications_after_write;
ALTER TABLE applications DISABLE TRIGGER applications_first_response;
UPDATE applications a SET first_response_at = f.first_at
FROM (
    SELECT entity_id, min(occurred_at) AS first_at FROM events
    WHERE entity_type = 'application' AND event_type IN ('application.status_changed', 'application.assigned')
      AND actor <> 'system' AND actor NOT LIKE 'applicant:%'
    GROUP BY entity_id
) f
WHERE f.entity_id = a.id;
ALTER TABLE applications ENABLE TRIGGER applications_before_update;
ALTER TABLE applications ENABLE TRIGGER applications_after_write;
ALTER TABLE applications ENABLE TRIGGER applications_first_response;

CREATE INDEX applications_by_first_response ON applications (first_response_at) WHERE first_response_at IS NOT NULL;

-- The funnel and onboarding counts: status changes in a time range, read
-- from the index alone.
CREATE INDEX events_status_changes_by_time ON events (occurred_at) INCLUDE (entity_id, from_state, to_state)
    WHERE event_type IN ('application.status_changed', 'volunteer.status_changed');

-- Open applications by their last change: who is waiting.
CREATE INDEX applications_open_by_last_change ON applications (updated_at) INCLUDE (assigned_to)
    WHERE status IN ('submitted', 'screening', 'interview', 'offered');

-- Applications changed since a given time (acted on after the report's week).
CREATE INDEX applications_by_last_change ON applications (updated_at);

-- The time zones in use, found by skipping through this index: capacity
-- converts only the windows of zones whose clocks change that week.
CREATE INDEX applicants_by_time_zone ON applicants (time_zone);

-- An entity's events in order, with their time, kind and state: who was
-- waiting at the end of a past week is read from this index alone. It
-- replaces the narrower one of 0002 (same key).
CREATE INDEX events_by_entity_in_order ON events (entity_type, entity_id, seq) INCLUDE (occurred_at, event_type, to_state);
DROP INDEX events_by_entity;
