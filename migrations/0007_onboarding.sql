-- Onboarding: templates per position (or a default per team), tasks made
-- from them in the transaction that accepts a volunteer, and the volunteer's
-- move to `active` when the required ones are done.

CREATE TYPE task_performer AS ENUM ('volunteer', 'coordinator');
CREATE TYPE task_state AS ENUM ('open', 'done', 'skipped', 'cancelled');

CREATE TABLE onboarding_templates (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    position_id uuid UNIQUE REFERENCES positions,
    team        text UNIQUE CHECK (length(team) BETWEEN 1 AND 80),
    updated_by  text NOT NULL DEFAULT session_user,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((position_id IS NULL) <> (team IS NULL))
);

CREATE TABLE onboarding_template_tasks (
    template_id     uuid NOT NULL REFERENCES onboarding_templates ON DELETE CASCADE,
    ord             integer NOT NULL CHECK (ord >= 1),
    title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description     text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    performer       task_performer NOT NULL,
    due_offset_days integer NOT NULL CHECK (due_offset_days BETWEEN 0 AND 365),
    required        boolean NOT NULL DEFAULT true,
    PRIMARY KEY (template_id, ord)
);

-- Copies of a template's tasks: a later change to the template leaves them be.
-- Titles and reasons are the organisation's words, not personal data: what a
-- coordinator wants to say about the person goes into a sealed note.
CREATE TABLE onboarding_tasks (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    volunteer_id uuid NOT NULL REFERENCES volunteers,
    ord          integer NOT NULL,
    title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description  text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    performer    task_performer NOT NULL,
    required     boolean NOT NULL DEFAULT true,
    due_date     date NOT NULL,
    assignee     text CHECK (length(assignee) BETWEEN 1 AND 63),
    state        task_state NOT NULL DEFAULT 'open',
    -- Why it was skipped or cancelled.
    reason       text CHECK (length(reason) BETWEEN 1 AND 500),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    closed_at    timestamptz,
    CHECK ((state = 'skipped') <= (reason IS NOT NULL))
);

CREATE INDEX onboarding_tasks_by_volunteer ON onboarding_tasks (volunteer_id, ord);
CREATE INDEX onboarding_open_tasks_by_due_date ON onboarding_tasks (due_date) WHERE state = 'open';

-- The day a task falls due: `offset` days after the day, in the volunteer's
-- own time zone, on which they were accepted.
CREATE FUNCTION onboarding_due_date(accepted_at timestamptz, time_zone text, offset_days integer) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
    SELECT (accepted_at AT TIME ZONE time_zone)::date + offset_days
$$;

CREATE FUNCTION task_next_states(current task_state) RETURNS task_state[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE current WHEN 'open' THEN ARRAY['done', 'skipped', 'cancelled'] ELSE ARRAY['open'] END::task_state[]
$$;

-- On acceptance: the position's template, else its team's, becomes tasks.
-- With no required task the volunteer has nothing to wait for: active at once.
CREATE FUNCTION volunteers_start_onboarding() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    template uuid;
    zone text;
    assignee text;
BEGIN
    SELECT t.id INTO template FROM onboarding_templates t
    WHERE t.position_id = NEW.position_id
       OR t.team = (SELECT p.team FROM positions p WHERE p.id = NEW.position_id)
    ORDER BY t.position_id IS NULL
    LIMIT 1;
    SELECT ap.time_zone INTO zone FROM applicants ap WHERE ap.id = NEW.applicant_id;
    SELECT a.assigned_to INTO assignee FROM applications a WHERE a.id = NEW.application_id;
    INSERT INTO onboarding_tasks (volunteer_id, ord, title, description, performer, required, due_date, assignee)
    SELECT NEW.id, tt.ord, tt.title, tt.description, tt.performer, tt.required,
           onboarding_due_date(NEW.started_at, zone, tt.due_offset_days),
           CASE WHEN tt.performer = 'coordinator' THEN assignee END
    FROM onboarding_template_tasks tt WHERE tt.template_id = template
    ORDER BY tt.ord;
    IF NOT EXISTS (SELECT 1 FROM onboarding_tasks WHERE volunteer_id = NEW.id AND required) THEN
        UPDATE volunteers SET status = 'active' WHERE id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER volunteers_start_onboarding AFTER INSERT ON volunteers
    FOR EACH ROW EXECUTE FUNCTION volunteers_start_onboarding();

-- Pausing or offboarding cancels what is still open, one event per task.
CREATE FUNCTION volunteers_cancel_open_tasks() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE onboarding_tasks SET state = 'cancelled',
        reason = CASE NEW.status WHEN 'paused' THEN 'volunteer paused' ELSE 'volunteer offboarded' END
    WHERE volunteer_id = NEW.id AND state = 'open';
    RETURN NULL;
END
$$;

CREATE TRIGGER volunteers_cancel_open_tasks AFTER UPDATE OF status ON volunteers
    FOR EACH ROW WHEN (NEW.status IN ('paused', 'alumni') AND OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION volunteers_cancel_open_tasks();

CREATE FUNCTION onboarding_tasks_before_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state IS DISTINCT FROM OLD.state THEN
        IF NOT NEW.state = ANY (task_next_states(OLD.state)) THEN
            PERFORM vtrack_refuse_move('task', OLD.id, OLD.state::text, NEW.state::text,
                array_to_string(task_next_states(OLD.state), ', '));
        END IF;
        NEW.closed_at := CASE WHEN NEW.state = 'open' THEN NULL ELSE now() END;
        IF NEW.state = 'open' THEN NEW.reason := NULL; END IF;
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

CREATE TRIGGER onboarding_tasks_before_update BEFORE UPDATE ON onboarding_tasks
    FOR EACH ROW EXECUTE FUNCTION onboarding_tasks_before_update();

-- Every change is an event (ids, states, dates and coordinators' names only);
-- the last required task done or skipped makes the volunteer active.
CREATE FUNCTION onboarding_tasks_after_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO events (entity_type, entity_id, event_type, to_state, payload)
        VALUES ('onboarding_task', NEW.id, 'onboarding_task.created', NEW.state::text,
                jsonb_strip_nulls(jsonb_build_object('volunteer_id', NEW.volunteer_id, 'due_date', NEW.due_date,
                    'performer', NEW.performer, 'required', NEW.required, 'assignee', NEW.assignee)));
        RETURN NULL;
    END IF;
    IF NEW.state IS DISTINCT FROM OLD.state THEN
        INSERT INTO events (entity_type, entity_id, event_type, from_state, to_state, payload)
        VALUES ('onboarding_task', NEW.id, 'onboarding_task.status_changed', OLD.state::text, NEW.state::text,
                jsonb_build_object('volunteer_id', NEW.volunteer_id));
        IF NEW.state IN ('done', 'skipped') THEN
            UPDATE volunteers v SET status = 'active'
            WHERE v.id = NEW.volunteer_id AND v.status = 'onboarding'
              AND NOT EXISTS (SELECT 1 FROM onboarding_tasks t
                              WHERE t.volunteer_id = v.id AND t.required AND t.state IN ('open', 'cancelled'));
        END IF;
    END IF;
    IF NEW.assignee IS DISTINCT FROM OLD.assignee THEN
        INSERT INTO events (entity_type, entity_id, event_type, to_state, payload)
        VALUES ('onboarding_task', NEW.id, 'onboarding_task.reassigned', NEW.state::text,
                jsonb_build_object('volunteer_id', NEW.volunteer_id, 'assignee', NEW.assignee, 'previous', OLD.assignee));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER onboarding_tasks_after_write AFTER INSERT OR UPDATE ON onboarding_tasks
    FOR EACH ROW EXECUTE FUNCTION onboarding_tasks_after_write();

-- Setting a template replaces its tasks: one event per template, when its
-- tasks are written (a template always has at least one).
CREATE FUNCTION onboarding_template_tasks_after_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO events (entity_type, entity_id, event_type, payload)
    SELECT 'onboarding_template', t.id, 'onboarding_template.set',
           jsonb_strip_nulls(jsonb_build_object('position_id', t.position_id, 'team', t.team, 'tasks', count(*)))
    FROM added a JOIN onboarding_templates t ON t.id = a.template_id
    GROUP BY t.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER onboarding_template_tasks_after_insert AFTER INSERT ON onboarding_template_tasks
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION onboarding_template_tasks_after_insert();

REVOKE ALL ON onboarding_templates, onboarding_template_tasks, onboarding_tasks FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON onboarding_templates, onboarding_tasks TO vtrack_coordinator;
GRANT SELECT, INSERT, DELETE ON onboarding_template_tasks TO vtrack_coordinator;
