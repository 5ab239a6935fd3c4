-- What ranking reads of each applicant, kept beside them: the minutes their
-- weekly windows hold, the skills they hold, and every prefix of the
-- language tags they speak. Summing windows and counting skills for every
-- candidate at query time cost `applications list --rank` 500 ms over
-- 100,000 applications; read from the row it is one join. Why these three
-- and not more: docs/design-notes.md, "Ranking".

-- `uk`, `en-GB` -> {en, en-gb, uk}: a position asking for a tag is answered
-- by an applicant whose prefixes hold it, as language_answers (0018) says
-- for one pair. Lower case, as tags compare.
CREATE FUNCTION language_tag_prefixes(tags text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT array_to_string((string_to_array(lower(t), '-'))[1:k], '-')), '{}')
    FROM unnest(tags) AS t, generate_series(1, cardinality(string_to_array(t, '-'))) AS k
$$;
-- Whoever inserts an applicant computes their generated column.
GRANT EXECUTE ON FUNCTION language_tag_prefixes(text[]) TO vtrack_coordinator, vtrack_api;

ALTER TABLE applicants
    ADD COLUMN language_prefixes text[] GENERATED ALWAYS AS (language_tag_prefixes(languages)) STORED,
    -- Kept by the triggers below; no role has a grant to write them.
    ADD COLUMN window_minutes integer NOT NULL DEFAULT 0,
    ADD COLUMN skills text[] NOT NULL DEFAULT '{}';

-- The one home of both sums: recomputes them for these applicants from the
-- tables they summarise, and writes only those that differ, so that intake,
-- whose one statement fires the triggers of both tables, updates each new
-- applicant once. Owner's rights, since the roles whose writes fire it
-- (intake, availability_replace, erasure) cannot update applicants.
CREATE FUNCTION vtrack_refresh_rank_facts(changed uuid[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    UPDATE public.applicants ap
    SET window_minutes = f.window_minutes, skills = f.skills
    FROM (
        SELECT c.id,
               coalesce((SELECT sum(public.window_minutes(w.start_minute, w.end_minute))
                         FROM public.availability_windows w WHERE w.applicant_id = c.id), 0)::integer AS window_minutes,
               ARRAY(SELECT s.skill FROM public.applicant_skills s WHERE s.applicant_id = c.id ORDER BY s.skill) AS skills
        FROM unnest(changed) AS c (id)
    ) f
    WHERE ap.id = f.id AND (ap.window_minutes, ap.skills) IS DISTINCT FROM (f.window_minutes, f.skills);
END
$$;
REVOKE ALL ON FUNCTION vtrack_refresh_rank_facts(uuid[]) FROM PUBLIC;

-- Once per statement, from its transition table: intake writes a few rows
-- per applicant in one statement, retention thousands.
CREATE FUNCTION rank_facts_after_write() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM public.vtrack_refresh_rank_facts(ARRAY(SELECT DISTINCT r.applicant_id FROM gone r));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM public.vtrack_refresh_rank_facts(
            ARRAY(SELECT r.applicant_id FROM added r UNION SELECT r.applicant_id FROM gone r));
    ELSE
        PERFORM public.vtrack_refresh_rank_facts(ARRAY(SELECT DISTINCT r.applicant_id FROM added r));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER availability_windows_rank_facts_insert AFTER INSERT ON availability_windows
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION rank_facts_after_write();
CREATE TRIGGER availability_windows_rank_facts_update AFTER UPDATE ON availability_windows
    REFERENCING NEW TABLE AS added OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION rank_facts_after_write();
CREATE TRIGGER availability_windows_rank_facts_delete AFTER DELETE ON availability_windows
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION rank_facts_after_write();
CREATE TRIGGER applicant_skills_rank_facts_insert AFTER INSERT ON applicant_skills
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION rank_facts_after_write();
CREATE TRIGGER applicant_skills_rank_facts_update AFTER UPDATE ON applicant_skills
    REFERENCING NEW TABLE AS added OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION rank_facts_after_write();
CREATE TRIGGER applicant_skills_rank_facts_delete AFTER DELETE ON applicant_skills
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION rank_facts_after_write();

SELECT vtrack_refresh_rank_facts(ARRAY(
    SELECT applicant_id FROM availability_windows UNION SELECT applicant_id FROM applicant_skills));

ANALYZE applicants;
