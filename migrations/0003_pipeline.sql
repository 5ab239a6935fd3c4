-- Positions, applicants, applications and volunteers, with their life cycles
-- enforced here as well as in code: a change made in psql obeys the same
-- rules and leaves the same events.

-- Where applicants heard of us: a vocabulary like skills (`vtrack sources …`).
CREATE TABLE sources (
    slug       text PRIMARY KEY CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    label      text NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
    retired_at timestamptz
);

INSERT INTO sources (slug, label) VALUES
    ('website', 'Our website'),
    ('social-media', 'Social media'),
    ('friend', 'A friend or colleague'),
    ('newsletter', 'A newsletter'),
    ('event', 'An event or talk'),
    ('other', 'Somewhere else');

CREATE TYPE position_status AS ENUM ('draft', 'open', 'paused', 'closed');

CREATE TABLE positions (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug           text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    team           text NOT NULL CHECK (length(team) BETWEEN 1 AND 80),
    description    text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
    languages      text[] NOT NULL DEFAULT '{}',
    hours_per_week numeric(4, 1) CHECK (hours_per_week > 0 AND hours_per_week <= 168),
    -- NULL: remote.
    location       text CHECK (length(location) BETWEEN 1 AND 120),
    openings       integer NOT NULL DEFAULT 1 CHECK (openings BETWEEN 1 AND 1000),
    status         position_status NOT NULL DEFAULT 'draft',
    -- Why it was last reopened; required to reopen a closed position.
    status_reason  text CHECK (length(status_reason) <= 500),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE position_skills (
    position_id uuid NOT NULL REFERENCES positions ON DELETE CASCADE,
    skill       text NOT NULL REFERENCES skills ON UPDATE CASCADE,
    PRIMARY KEY (position_id, skill)
);

CREATE TABLE applicants (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    languages  text[] NOT NULL DEFAULT '{}',
    time_zone  text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE applicant_skills (
    applicant_id uuid NOT NULL REFERENCES applicants ON DELETE CASCADE,
    skill        text NOT NULL REFERENCES skills ON UPDATE CASCADE,
    PRIMARY KEY (applicant_id, skill)
);

-- Everything that identifies an applicant, in one sealed blob: name, contacts,
-- motivation, coordinators' notes. Nothing else in the schema is personal.
CREATE TABLE applicant_personal_data (
    applicant_id uuid PRIMARY KEY REFERENCES applicants ON DELETE CASCADE,
    sealed       bytea NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TYPE application_status AS ENUM (
    'submitted', 'screening', 'interview', 'offered', 'accepted', 'rejected', 'withdrawn', 'on_hold'
);

CREATE TYPE rejection_reason AS ENUM (
    'not_a_fit', 'position_filled', 'no_response', 'duplicate', 'spam', 'other'
);

CREATE TABLE applications (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    applicant_id     uuid NOT NULL REFERENCES applicants,
    position_id      uuid NOT NULL REFERENCES positions,
    status           application_status NOT NULL DEFAULT 'submitted',
    held_from        application_status,
    rejection_reason rejection_reason,
    source           text REFERENCES sources ON UPDATE CASCADE,
    assigned_to      text,
    version          integer NOT NULL DEFAULT 1,
    submitted_at     timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    decided_at       timestamptz,
    CHECK ((status = 'on_hold') = (held_from IS NOT NULL)),
    CHECK (held_from IS NULL OR held_from IN ('submitted', 'screening', 'interview', 'offered')),
    CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL))
);

CREATE INDEX applications_by_position ON applications (position_id, status);
CREATE INDEX applications_by_status ON applications (status, submitted_at);
CREATE INDEX applications_by_applicant ON applications (applicant_id);

CREATE TYPE volunteer_status AS ENUM ('onboarding', 'active', 'paused', 'alumni');

CREATE TABLE volunteers (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    applicant_id   uuid NOT NULL REFERENCES applicants,
    application_id uuid NOT NULL UNIQUE REFERENCES applications,
    position_id    uuid NOT NULL REFERENCES positions,
    status         volunteer_status NOT NULL DEFAULT 'onboarding',
    started_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- The transition rules, mirrored by ApplicationStatus, PositionStatus and
-- VolunteerStatus in VolunteerCore (a test checks every pair against these).
CREATE FUNCTION application_stage(s application_status) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE s
        WHEN 'submitted' THEN 0 WHEN 'screening' THEN 1 WHEN 'interview' THEN 2
        WHEN 'offered' THEN 3 WHEN 'accepted' THEN 4 END
$$;

CREATE FUNCTION application_next_statuses(current application_status, held_from application_status)
RETURNS application_status[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN current IN ('accepted', 'rejected', 'withdrawn') THEN '{}'::application_status[]
        WHEN current = 'on_hold' THEN
            array_remove(ARRAY[held_from, 'rejected', 'withdrawn']::application_status[], NULL)
        ELSE ARRAY(
            SELECT s FROM unnest(enum_range(NULL::application_status)) AS s
            WHERE application_stage(s) > application_stage(current)
            ORDER BY application_stage(s)
        ) || ARRAY['rejected', 'withdrawn', 'on_hold']::application_status[]
    END
$$;

CREATE FUNCTION position_next_statuses(current position_status) RETURNS position_status[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE current
        WHEN 'draft' THEN ARRAY['open']
        WHEN 'open' THEN ARRAY['paused', 'closed']
        WHEN 'paused' THEN ARRAY['open', 'closed']
        WHEN 'closed' THEN ARRAY['open']
    END::position_status[]
$$;

CREATE FUNCTION volunteer_next_statuses(current volunteer_status) RETURNS volunteer_status[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE current
        WHEN 'onboarding' THEN ARRAY['active', 'alumni']
        WHEN 'active' THEN ARRAY['paused', 'alumni']
        WHEN 'paused' THEN ARRAY['active', 'alumni']
        WHEN 'alumni' THEN '{}'
    END::volunteer_status[]
$$;

-- An illegal move names the current state and the allowed ones (SQLSTATE VT001).
CREATE FUNCTION vtrack_refuse_move(entity text, id uuid, current text, wanted text, allowed text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% % is %; it cannot move to %', entity, id, current, wanted
        USING ERRCODE = 'VT001',
              DETAIL = CASE WHEN allowed = '' THEN 'it can no longer move'
                            ELSE 'allowed next: ' || allowed END;
END
$$;

-- Positions ------------------------------------------------------------------

CREATE FUNCTION positions_before_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF NOT NEW.status = ANY (position_next_statuses(OLD.status)) THEN
            PERFORM vtrack_refuse_move('position', OLD.id, OLD.status::text, NEW.status::text,
                array_to_string(position_next_statuses(OLD.status), ', '));
        END IF;
        IF OLD.status = 'closed' AND NEW.status = 'open'
           AND (NEW.status_reason IS NULL OR NEW.status_reason IS NOT DISTINCT FROM OLD.status_reason) THEN
            RAISE EXCEPTION 'position % is closed; reopening it needs a reason', OLD.id
                USING ERRCODE = 'VT004';
        END IF;
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

CREATE TRIGGER positions_before_update BEFORE UPDATE ON positions
    FOR EACH ROW EXECUTE FUNCTION positions_before_update();

CREATE FUNCTION positions_after_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO events (entity_type, entity_id, event_type, to_state)
        VALUES ('position', NEW.id, 'position.created', NEW.status::text);
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO events (entity_type, entity_id, event_type, from_state, to_state, payload)
        VALUES ('position', NEW.id, 'position.status_changed', OLD.status::text, NEW.status::text,
                jsonb_build_object('with_reason', NEW.status_reason IS DISTINCT FROM OLD.status_reason));
    ELSIF ROW(NEW.title, NEW.team, NEW.description, NEW.languages, NEW.hours_per_week, NEW.location, NEW.openings, NEW.slug)
          IS DISTINCT FROM ROW(OLD.title, OLD.team, OLD.description, OLD.languages, OLD.hours_per_week, OLD.location, OLD.openings, OLD.slug) THEN
        INSERT INTO events (entity_type, entity_id, event_type, to_state)
        VALUES ('position', NEW.id, 'position.edited', NEW.status::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER positions_after_write AFTER INSERT OR UPDATE ON positions
    FOR EACH ROW EXECUTE FUNCTION positions_after_write();

-- Applications ---------------------------------------------------------------

CREATE FUNCTION applications_before_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    position_state position_status;
BEGIN
    SELECT status INTO position_state FROM positions WHERE id = NEW.position_id FOR SHARE;
    IF position_state IS DISTINCT FROM 'open' THEN
        RAISE EXCEPTION 'position % is %; it takes no applications', NEW.position_id, position_state
            USING ERRCODE = 'VT002';
    END IF;
    NEW.status := 'submitted';
    NEW.held_from := NULL;
    NEW.rejection_reason := NULL;
    NEW.version := 1;
    RETURN NEW;
END
$$;

CREATE TRIGGER applications_before_insert BEFORE INSERT ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_before_insert();

CREATE FUNCTION applications_before_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF NOT NEW.status = ANY (application_next_statuses(OLD.status, OLD.held_from)) THEN
            PERFORM vtrack_refuse_move('application', OLD.id, OLD.status::text, NEW.status::text,
                array_to_string(application_next_statuses(OLD.status, OLD.held_from), ', '));
        END IF;
        NEW.held_from := CASE WHEN NEW.status = 'on_hold' THEN OLD.status END;
        IF NEW.status <> 'rejected' THEN
            NEW.rejection_reason := NULL;
        ELSIF NEW.rejection_reason IS NULL THEN
            RAISE EXCEPTION 'application % needs a reason to be rejected', OLD.id
                USING ERRCODE = 'VT004';
        END IF;
        IF NEW.status IN ('accepted', 'rejected', 'withdrawn') THEN
            NEW.decided_at := now();
        END IF;
    ELSE
        NEW.held_from := OLD.held_from;
        NEW.rejection_reason := OLD.rejection_reason;
    END IF;
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

CREATE TRIGGER applications_before_update BEFORE UPDATE ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_before_update();

CREATE FUNCTION applications_after_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO events (entity_type, entity_id, event_type, to_state, payload)
        VALUES ('application', NEW.id, 'application.submitted', NEW.status::text,
                jsonb_build_object('position_id', NEW.position_id, 'applicant_id', NEW.applicant_id,
                                   'source', NEW.source));
        RETURN NULL;
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO events (entity_type, entity_id, event_type, from_state, to_state, payload)
        VALUES ('application', NEW.id, 'application.status_changed', OLD.status::text, NEW.status::text,
                jsonb_strip_nulls(jsonb_build_object('version', NEW.version, 'reason', NEW.rejection_reason)));
        IF NEW.status = 'accepted' THEN
            INSERT INTO volunteers (applicant_id, application_id, position_id)
            VALUES (NEW.applicant_id, NEW.id, NEW.position_id);
        END IF;
    END IF;
    IF NEW.assigned_to IS DISTINCT FROM OLD.assigned_to THEN
        INSERT INTO events (entity_type, entity_id, event_type, to_state, payload)
        VALUES ('application', NEW.id, 'application.assigned', NEW.status::text,
                jsonb_build_object('assignee', NEW.assigned_to, 'previous', OLD.assigned_to));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER applications_after_write AFTER INSERT OR UPDATE ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_after_write();

-- Volunteers -----------------------------------------------------------------

CREATE FUNCTION volunteers_before_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status
       AND NOT NEW.status = ANY (volunteer_next_statuses(OLD.status)) THEN
        PERFORM vtrack_refuse_move('volunteer', OLD.id, OLD.status::text, NEW.status::text,
            array_to_string(volunteer_next_statuses(OLD.status), ', '));
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

CREATE TRIGGER volunteers_before_update BEFORE UPDATE ON volunteers
    FOR EACH ROW EXECUTE FUNCTION volunteers_before_update();

CREATE FUNCTION volunteers_after_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO events (entity_type, entity_id, event_type, to_state, payload)
        VALUES ('volunteer', NEW.id, 'volunteer.created', NEW.status::text,
                jsonb_build_object('application_id', NEW.application_id, 'position_id', NEW.position_id));
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO events (entity_type, entity_id, event_type, from_state, to_state)
        VALUES ('volunteer', NEW.id, 'volunteer.status_changed', OLD.status::text, NEW.status::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER volunteers_after_write AFTER INSERT OR UPDATE ON volunteers
    FOR EACH ROW EXECUTE FUNCTION volunteers_after_write();

-- Grants for coordinators; the API's narrower grants come with sealing.
REVOKE ALL ON sources, positions, position_skills, applicants, applicant_skills,
    applicant_personal_data, applications, volunteers, skills FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON sources, skills, positions, applications, volunteers
    TO vtrack_coordinator;
GRANT SELECT, INSERT, DELETE ON position_skills, applicant_skills TO vtrack_coordinator;
GRANT SELECT, INSERT ON applicants TO vtrack_coordinator;
GRANT SELECT, INSERT, UPDATE, DELETE ON applicant_personal_data TO vtrack_coordinator;
