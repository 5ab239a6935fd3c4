-- Matching people to times, and summing the hours a week holds.

-- A window's length in minutes: one ending at or before its start ends the next day.
CREATE FUNCTION window_minutes(start_minute smallint, end_minute smallint) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN end_minute > start_minute THEN end_minute - start_minute
                ELSE end_minute - start_minute + 1440 END
$$;

-- Who is a volunteer now: matching reads the latest record per person.
CREATE INDEX volunteers_by_applicant ON volunteers (applicant_id);
