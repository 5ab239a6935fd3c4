-- A position's title and description in other languages, shown to an
-- applicant who reads that language (the pages, `GET /v1/positions?lang=`).

CREATE TABLE position_translations (
    position_id uuid NOT NULL REFERENCES positions ON DELETE CASCADE,
    -- A BCP 47 tag; an applicant's `ru-RU` finds `ru`.
    language    text NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$'),
    title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
    updated_by  text NOT NULL DEFAULT session_user,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (position_id, language)
);

-- Who changed it last and when are the database's, as for onboarding
-- templates (the same stamp).
CREATE TRIGGER position_translations_stamp BEFORE INSERT OR UPDATE ON position_translations
    FOR EACH ROW EXECUTE FUNCTION onboarding_templates_stamp();

CREATE FUNCTION position_translations_after_write() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO public.events (entity_type, entity_id, event_type, payload)
        VALUES ('position', OLD.position_id, 'position.translation_removed', jsonb_build_object('language', OLD.language));
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND ROW(NEW.title, NEW.description) IS NOT DISTINCT FROM ROW(OLD.title, OLD.description) THEN
        RETURN NULL;
    END IF;
    INSERT INTO public.events (entity_type, entity_id, event_type, payload)
    VALUES ('position', NEW.position_id, 'position.translated', jsonb_build_object('language', NEW.language));
    RETURN NULL;
END
$$;

CREATE TRIGGER position_translations_after_write AFTER INSERT OR UPDATE OR DELETE ON position_translations
    FOR EACH ROW EXECUTE FUNCTION position_translations_after_write();

-- The server reads the translations of open positions only, as it reads positions.
ALTER TABLE position_translations ENABLE ROW LEVEL SECURITY;
CREATE POLICY coordinators_see_all ON position_translations TO vtrack_coordinator USING (true) WITH CHECK (true);
CREATE POLICY api_sees_open ON position_translations FOR SELECT TO vtrack_api
    USING (EXISTS (SELECT 1 FROM positions p WHERE p.id = position_id AND p.status = 'open'));

REVOKE ALL ON position_translations FROM PUBLIC;
REVOKE ALL ON FUNCTION position_translations_after_write() FROM PUBLIC;
GRANT SELECT, DELETE ON position_translations TO vtrack_coordinator;
GRANT INSERT (position_id, language, title, description) ON position_translations TO vtrack_coordinator;
GRANT UPDATE (title, description) ON position_translations TO vtrack_coordinator;
GRANT SELECT ON position_translations TO vtrack_api;
