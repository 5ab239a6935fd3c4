-- Coordinators set a person's availability too (the applicant API already can).

-- Monday 0 … Sunday 6: a window's place in the week.
CREATE FUNCTION weekday_index(day weekday) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE day WHEN 'mon' THEN 0 WHEN 'tue' THEN 1 WHEN 'wed' THEN 2 WHEN 'thu' THEN 3
                    WHEN 'fri' THEN 4 WHEN 'sat' THEN 5 ELSE 6 END
$$;

GRANT SELECT, INSERT, DELETE ON availability_windows, availability_blackouts TO vtrack_coordinator;
GRANT UPDATE (hours_per_week) ON applicants TO vtrack_coordinator;
GRANT EXECUTE ON FUNCTION availability_replace(uuid, numeric, jsonb, jsonb) TO vtrack_coordinator;
