-- Messages between coordinators and an applicant, without e-mail: a thread
-- per application, each message sealed with its own key, which is wrapped
-- for the application's inbox key (derived from the status token, so only
-- the token opens it) and for the organisation key (so any coordinator
-- does). The database holds ciphertext and public keys only. Why:
-- docs/design-notes.md, "Messages".

-- The inbox key lives beside the token it comes from: erasing the token
-- (erasure, retention) takes the inbox key and, by the cascade below, every
-- message with it.
ALTER TABLE application_tokens ADD COLUMN inbox_key bytea CHECK (octet_length(inbox_key) = 32);

-- The language the applicant applied in: the one status notices are sent in.
ALTER TABLE applications ADD COLUMN language text
    CHECK (language ~ '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$');

-- How a coordinator signs messages to applicants (`{{coordinator}}`): a
-- first name or a pseudonym, set by each coordinator for themselves.
ALTER TABLE coordinators ADD COLUMN display_name text
    CHECK (length(display_name) BETWEEN 1 AND 80 AND display_name !~ '[[:cntrl:]]');

CREATE FUNCTION set_display_name(display text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    coordinator uuid;
BEGIN
    UPDATE public.coordinators SET display_name = nullif(btrim(display), '')
    WHERE name = session_user AND removed_at IS NULL RETURNING id INTO coordinator;
    IF coordinator IS NULL THEN
        RAISE EXCEPTION 'only a registered coordinator has a display name' USING ERRCODE = '42501';
    END IF;
    -- The name itself may be a person's: the event says only that it changed.
    INSERT INTO public.events (entity_type, entity_id, event_type) VALUES ('coordinator', coordinator, 'coordinator.display_name_set');
END
$$;

CREATE TABLE messages (
    id                     uuid PRIMARY KEY,
    application_id         uuid NOT NULL REFERENCES application_tokens (application_id) ON DELETE CASCADE,
    direction              text NOT NULL CHECK (direction IN ('to_applicant', 'from_applicant')),
    -- A coordinator's login, or `applicant:<id>`.
    author                 text NOT NULL,
    -- The template a coordinator's message was made from: a name, not text.
    template               text CHECK (template ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    -- ChaCha20-Poly1305 under the message key, padded like personal data.
    sealed                 bytea NOT NULL CHECK (octet_length(sealed) BETWEEN 29 AND 32768),
    -- The message key wrapped (HPKE) for the application's inbox key.
    inbox_encapsulated_key bytea NOT NULL CHECK (octet_length(inbox_encapsulated_key) = 32),
    inbox_wrapped_key      bytea NOT NULL CHECK (octet_length(inbox_wrapped_key) = 48),
    -- ... and for the organisation key.
    organisation_key_id    uuid NOT NULL REFERENCES organisation_keys,
    encapsulated_key       bytea NOT NULL CHECK (octet_length(encapsulated_key) = 32),
    wrapped_key            bytea NOT NULL CHECK (octet_length(wrapped_key) = 48),
    sent_at                timestamptz NOT NULL,
    -- First read by the other side: the applicant, or any coordinator.
    read_at                timestamptz,
    read_by                text,
    CHECK ((read_at IS NULL) = (read_by IS NULL)),
    CHECK (direction = 'to_applicant' OR template IS NULL)
);

CREATE INDEX messages_by_application ON messages (application_id, sent_at, id);
CREATE INDEX messages_unread_replies ON messages (sent_at, id) WHERE direction = 'from_applicant' AND read_at IS NULL;
CREATE INDEX messages_by_organisation_key ON messages (organisation_key_id, id);

-- How many replies an applicant may leave unread: enough for a conversation,
-- too few to flood the inbox with one token.
CREATE FUNCTION messages_unread_reply_limit() RETURNS integer
LANGUAGE sql IMMUTABLE AS $$ SELECT 20 $$;

-- Who wrote it and when are facts, not input: a coordinator writes to the
-- applicant, the applicant (through their token) to the coordinators, and
-- only for the organisation key that is current.
CREATE FUNCTION messages_stamp() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    actor text := public.vtrack_actor();
    applicant uuid;
    erased boolean;
BEGIN
    SELECT a.applicant_id, p.erased_at IS NOT NULL INTO applicant, erased
    FROM public.applications a JOIN public.applicants p ON p.id = a.applicant_id
    WHERE a.id = NEW.application_id;
    IF erased THEN
        RAISE EXCEPTION 'application % belongs to an erased applicant', NEW.application_id USING ERRCODE = 'VT012';
    END IF;
    IF actor = 'applicant:' || applicant::text THEN
        NEW.direction := 'from_applicant';
        NEW.template := NULL;
    ELSIF pg_has_role(session_user, 'vtrack_coordinator', 'MEMBER') AND actor = session_user THEN
        NEW.direction := 'to_applicant';
    ELSE
        RAISE EXCEPTION 'only a coordinator or the application''s applicant may write to its thread' USING ERRCODE = '42501';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM public.application_tokens t WHERE t.application_id = NEW.application_id AND t.inbox_key IS NOT NULL) THEN
        RAISE EXCEPTION 'application % has no inbox key yet', NEW.application_id
            USING ERRCODE = 'VT012', HINT = 'it gets one when the applicant next opens their status with the token';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM public.organisation_keys k WHERE k.id = NEW.organisation_key_id AND k.retired_at IS NULL) THEN
        RAISE EXCEPTION 'message % is sealed for an organisation key that is not current', NEW.id
            USING ERRCODE = 'VT005', HINT = 'read the current organisation key and seal again';
    END IF;
    NEW.author := actor;
    NEW.sent_at := now();
    NEW.read_at := NULL;
    NEW.read_by := NULL;
    RETURN NEW;
END
$$;

CREATE TRIGGER messages_stamp BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION messages_stamp();

-- One event per message, naming it and its template, never its text.
CREATE FUNCTION messages_after_insert() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM added a
        WHERE a.direction = 'from_applicant'
          AND (SELECT count(*) FROM public.messages m
               WHERE m.application_id = a.application_id AND m.direction = 'from_applicant' AND m.read_at IS NULL)
              > public.messages_unread_reply_limit()
    ) THEN
        RAISE EXCEPTION 'too many replies are waiting to be read' USING ERRCODE = 'VT013';
    END IF;
    INSERT INTO public.events (entity_type, entity_id, event_type, payload)
    SELECT 'application', a.application_id,
           CASE a.direction WHEN 'to_applicant' THEN 'message.sent' ELSE 'message.answered' END,
           jsonb_strip_nulls(jsonb_build_object('message_id', a.id, 'template', a.template))
    FROM added a ORDER BY a.application_id, a.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER messages_after_insert AFTER INSERT ON messages
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION messages_after_insert();

-- Marks the messages of `applications` that the other side has not read as
-- read by the caller: one `message.read` event each.
CREATE FUNCTION vtrack_mark_messages_read(applications uuid[], wanted text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    WITH read AS (
        UPDATE public.messages m SET read_at = now(), read_by = public.vtrack_actor()
        WHERE m.application_id = ANY (applications) AND m.direction = wanted AND m.read_at IS NULL
        RETURNING m.id, m.application_id
    )
    INSERT INTO public.events (entity_type, entity_id, event_type, payload)
    SELECT 'application', r.application_id, 'message.read', jsonb_build_object('message_id', r.id)
    FROM read r ORDER BY r.application_id, r.id;
END
$$;
REVOKE ALL ON FUNCTION vtrack_mark_messages_read(uuid[], text) FROM PUBLIC;

-- Moving a message key to the current organisation key (`vtrack keys
-- rewrap`, after a rotation) is the only change a coordinator may make to a
-- message (their grants say so); a wrap changes with its organisation key.
CREATE FUNCTION messages_before_update() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.organisation_key_id IS NOT DISTINCT FROM OLD.organisation_key_id THEN
        IF ROW(NEW.encapsulated_key, NEW.wrapped_key) IS DISTINCT FROM ROW(OLD.encapsulated_key, OLD.wrapped_key) THEN
            RAISE EXCEPTION 'a message key moves to another organisation key or stays as it is' USING ERRCODE = 'VT005';
        END IF;
    ELSIF NOT EXISTS (SELECT 1 FROM public.organisation_keys k WHERE k.id = NEW.organisation_key_id AND k.retired_at IS NULL) THEN
        RAISE EXCEPTION 'message % is sealed for an organisation key that is not current', NEW.id
            USING ERRCODE = 'VT005', HINT = 'read the current organisation key and seal again';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER messages_before_update BEFORE UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION messages_before_update();

CREATE FUNCTION messages_after_rewrap() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    INSERT INTO public.events (entity_type, entity_id, event_type, payload)
    SELECT 'organisation_key', a.organisation_key_id, 'organisation_key.rewrapped',
           jsonb_build_object('messages', count(*), 'from', b.organisation_key_id)
    FROM before_update b JOIN after_update a USING (id)
    WHERE a.organisation_key_id IS DISTINCT FROM b.organisation_key_id
    GROUP BY a.organisation_key_id, b.organisation_key_id;
    PERFORM public.vtrack_drop_retired_organisation_keys();
    RETURN NULL;
END
$$;

CREATE TRIGGER messages_after_rewrap AFTER UPDATE ON messages
    REFERENCING OLD TABLE AS before_update NEW TABLE AS after_update
    FOR EACH STATEMENT EXECUTE FUNCTION messages_after_rewrap();

-- Retired organisation keys go once neither data keys nor messages depend on them.
CREATE OR REPLACE FUNCTION vtrack_drop_retired_organisation_keys() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    WITH dropped AS (
        DELETE FROM public.organisation_keys k
        WHERE k.retired_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM public.applicant_data_keys d WHERE d.organisation_key_id = k.id)
          AND NOT EXISTS (SELECT 1 FROM public.messages m WHERE m.organisation_key_id = k.id)
        RETURNING k.id, k.fingerprint
    )
    INSERT INTO public.events (entity_type, entity_id, event_type, from_state, to_state, payload)
    SELECT 'organisation_key', d.id, 'organisation_key.dropped', 'retired', 'dropped', jsonb_build_object('fingerprint', d.fingerprint)
    FROM dropped d ORDER BY d.id;
END
$$;

-- ... and keep a grant while messages depend on them.
CREATE OR REPLACE FUNCTION organisation_key_grants_after_delete() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    stranded bigint;
BEGIN
    SELECT count(*) INTO stranded
    FROM (SELECT DISTINCT r.organisation_key_id AS id FROM removed r) o
    WHERE NOT EXISTS (SELECT 1 FROM public.organisation_key_grants g WHERE g.organisation_key_id = o.id)
      AND (EXISTS (SELECT 1 FROM public.organisation_keys k WHERE k.id = o.id AND k.retired_at IS NULL)
           OR EXISTS (SELECT 1 FROM public.applicant_data_keys d WHERE d.organisation_key_id = o.id)
           OR EXISTS (SELECT 1 FROM public.messages m WHERE m.organisation_key_id = o.id));
    IF stranded > 0 THEN
        RAISE EXCEPTION 'this would leave an organisation key that applicants depend on with no coordinator key to open it'
            USING ERRCODE = 'VT006',
                  HINT = 'grant the organisation key to another coordinator key first (vtrack keys grant)';
    END IF;
    RETURN NULL;
END
$$;

-- The applicant's side ---------------------------------------------------------

-- The application a token opens, with its inbox key, which is set here the
-- first time for applications made before messages existed (the server
-- derives it from the token it was just given).
CREATE FUNCTION vtrack_open_inbox(token bytea, key bytea) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    found record;
BEGIN
    SELECT * INTO found FROM public.applicant_by_token(token);
    IF found.application_id IS NULL THEN
        RETURN NULL;
    END IF;
    PERFORM public.applicant_act_as(found.applicant_id, token);
    UPDATE public.application_tokens SET inbox_key = key WHERE token_hash = token AND inbox_key IS NULL;
    RETURN found.application_id;
END
$$;
REVOKE ALL ON FUNCTION vtrack_open_inbox(bytea, bytea) FROM PUBLIC;

-- The thread as the applicant reads it, oldest first; the coordinators'
-- messages among them are marked read. A known token with an empty thread
-- gives one row whose id is NULL; an unknown one gives none.
CREATE FUNCTION applicant_messages(token bytea, key bytea)
RETURNS TABLE (application_id uuid, id uuid, direction text, sent_at timestamptz, read_at timestamptz, sealed bytea,
               encapsulated_key bytea, wrapped_key bytea)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    application uuid := public.vtrack_open_inbox(token, key);
BEGIN
    IF application IS NULL THEN
        RETURN;
    END IF;
    PERFORM public.vtrack_mark_messages_read(ARRAY[application], 'to_applicant');
    RETURN QUERY
        SELECT application, m.id, m.direction, m.sent_at, m.read_at, m.sealed, m.inbox_encapsulated_key, m.inbox_wrapped_key
        FROM (VALUES (1)) AS one
        LEFT JOIN public.messages m ON m.application_id = application
        ORDER BY m.sent_at, m.id;
END
$$;

-- A reply, sealed by the server. Sending the same message id again (a
-- double click) is answered as the first time, without a second message.
-- NULL for an unknown token.
CREATE FUNCTION applicant_reply(token bytea, key bytea, message uuid, sealed bytea,
                                inbox_encapsulated_key bytea, inbox_wrapped_key bytea,
                                organisation_key uuid, encapsulated_key bytea, wrapped_key bytea)
RETURNS timestamptz
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    application uuid := public.vtrack_open_inbox(token, key);
    sent timestamptz;
BEGIN
    IF application IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT m.sent_at INTO sent FROM public.messages m
    WHERE m.id = message AND m.application_id = application AND m.direction = 'from_applicant';
    IF sent IS NOT NULL THEN
        RETURN sent;
    END IF;
    INSERT INTO public.messages (id, application_id, direction, author, sealed, inbox_encapsulated_key, inbox_wrapped_key,
                                 organisation_key_id, encapsulated_key, wrapped_key, sent_at)
    VALUES (message, application, 'from_applicant', '', sealed, inbox_encapsulated_key, inbox_wrapped_key,
            organisation_key, encapsulated_key, wrapped_key, now())
    RETURNING messages.sent_at INTO sent;
    RETURN sent;
END
$$;

-- The coordinators' side -------------------------------------------------------

ALTER TABLE reveal_requests ADD COLUMN application_ids uuid[];
ALTER TABLE reveal_requests DROP CONSTRAINT reveal_requests_kind_check;
ALTER TABLE reveal_requests ADD CONSTRAINT reveal_requests_kind_check
    CHECK (kind IN ('personal_data', 'notes', 'messages') AND ((kind = 'messages') = (application_ids IS NOT NULL)));

-- Reading threads is a reveal like any other: one `messages.revealed` event
-- per applicant (with the application and the count) committed before any
-- ciphertext leaves, and the replies not read yet are marked read by the
-- caller, one `message.read` each.
CREATE FUNCTION request_message_reveal(applications uuid[], reader_key uuid) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    request uuid;
BEGIN
    IF NOT pg_has_role(session_user, 'vtrack_coordinator', 'MEMBER') THEN
        RAISE EXCEPTION 'only coordinators may reveal personal data' USING ERRCODE = '42501';
    END IF;
    DELETE FROM public.reveal_requests WHERE requested_at < now() - public.reveal_request_lifetime();
    INSERT INTO public.reveal_requests (kind, key_id, applicant_ids, application_ids)
    VALUES ('messages', reader_key,
            ARRAY(SELECT a.applicant_id FROM public.applications a WHERE a.id = ANY (applications)), applications)
    RETURNING id INTO request;
    INSERT INTO public.events (entity_type, entity_id, event_type, payload)
    SELECT 'applicant', a.applicant_id, 'messages.revealed',
           jsonb_build_object('key_id', reader_key, 'application_id', a.id, 'count', count(*))
    FROM public.messages m JOIN public.applications a ON a.id = m.application_id
    WHERE m.application_id = ANY (applications)
    GROUP BY a.applicant_id, a.id
    ORDER BY a.applicant_id, a.id;
    PERFORM public.vtrack_mark_messages_read(applications, 'from_applicant');
    RETURN request;
END
$$;

CREATE FUNCTION reveal_messages(request uuid)
RETURNS TABLE (id uuid, application_id uuid, direction text, author text, template text, sent_at timestamptz,
               read_at timestamptz, read_by text, sealed bytea, organisation_key_id uuid, encapsulated_key bytea,
               wrapped_key bytea)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    found public.reveal_requests := public.vtrack_committed_reveal(request, 'messages');
BEGIN
    RETURN QUERY
        SELECT m.id, m.application_id, m.direction, m.author, m.template, m.sent_at, m.read_at, m.read_by, m.sealed,
               m.organisation_key_id, m.encapsulated_key, m.wrapped_key
        FROM public.messages m
        WHERE m.application_id = ANY (found.application_ids)
        ORDER BY m.application_id, m.sent_at, m.id;
END
$$;

DROP INDEX events_reveals_by_time;
CREATE INDEX events_reveals_by_time ON events (occurred_at) INCLUDE (actor, entity_id, event_type)
    WHERE event_type IN ('personal_data.revealed', 'notes.revealed', 'messages.revealed');

-- Templates and status notices ---------------------------------------------------

-- The organisation's own words, per language, in clear: no applicant's data.
-- Placeholders (`{{position}}`, `{{coordinator}}`, ...) are checked by vtrack.
CREATE TABLE message_templates (
    name       text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    language   text NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$'),
    body       text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    updated_by text NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (name, language)
);

-- The template sent when an application moves to a status
-- (`applications move --notify`), and whether without being asked.
CREATE TABLE status_notices (
    status     application_status PRIMARY KEY,
    template   text NOT NULL CHECK (template ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    by_default boolean NOT NULL DEFAULT false,
    updated_by text NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Who changed them and when, as for onboarding templates and translations.
CREATE TRIGGER message_templates_stamp BEFORE INSERT OR UPDATE ON message_templates
    FOR EACH ROW EXECUTE FUNCTION onboarding_templates_stamp();
CREATE TRIGGER status_notices_stamp BEFORE INSERT OR UPDATE ON status_notices
    FOR EACH ROW EXECUTE FUNCTION onboarding_templates_stamp();

-- Templates have no id of their own: their events hang off a name-based uuid.
CREATE FUNCTION vtrack_name_id(kind text, name text) RETURNS uuid
LANGUAGE sql IMMUTABLE AS $$ SELECT md5(kind || ':' || name)::uuid $$;

CREATE FUNCTION message_templates_after_write() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    template public.message_templates := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
    INSERT INTO public.events (entity_type, entity_id, event_type, payload)
    VALUES ('message_template', public.vtrack_name_id('message_template', template.name),
            CASE TG_OP WHEN 'INSERT' THEN 'message_template.added' WHEN 'UPDATE' THEN 'message_template.changed'
                       ELSE 'message_template.removed' END,
            jsonb_build_object('name', template.name, 'language', template.language));
    RETURN NULL;
END
$$;

CREATE TRIGGER message_templates_after_write AFTER INSERT OR UPDATE OR DELETE ON message_templates
    FOR EACH ROW EXECUTE FUNCTION message_templates_after_write();

CREATE FUNCTION status_notices_after_write() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO public.events (entity_type, entity_id, event_type, payload)
        VALUES ('status_notice', public.vtrack_name_id('status_notice', OLD.status::text), 'status_notice.removed',
                jsonb_build_object('status', OLD.status));
    ELSE
        INSERT INTO public.events (entity_type, entity_id, event_type, payload)
        VALUES ('status_notice', public.vtrack_name_id('status_notice', NEW.status::text), 'status_notice.set',
                jsonb_build_object('status', NEW.status, 'template', NEW.template, 'by_default', NEW.by_default));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER status_notices_after_write AFTER INSERT OR UPDATE OR DELETE ON status_notices
    FOR EACH ROW EXECUTE FUNCTION status_notices_after_write();

CREATE TRIGGER message_templates_no_truncate BEFORE TRUNCATE ON message_templates
    FOR EACH STATEMENT EXECUTE FUNCTION vtrack_refuse_rewrite();
CREATE TRIGGER status_notices_no_truncate BEFORE TRUNCATE ON status_notices
    FOR EACH STATEMENT EXECUTE FUNCTION vtrack_refuse_rewrite();

-- Grants ---------------------------------------------------------------------------

REVOKE ALL ON messages, message_templates, status_notices FROM PUBLIC;
REVOKE ALL ON FUNCTION messages_stamp(), messages_after_insert(), messages_before_update(), messages_after_rewrap(),
    message_templates_after_write(), status_notices_after_write(),
    applicant_messages(bytea, bytea), applicant_reply(bytea, bytea, uuid, bytea, bytea, bytea, uuid, bytea, bytea),
    request_message_reveal(uuid[], uuid), reveal_messages(uuid), set_display_name(text) FROM PUBLIC;

-- Coordinators write messages and see that they exist; the text only through a reveal.
GRANT SELECT (id, application_id, direction, author, template, sent_at, read_at, read_by, organisation_key_id,
               encapsulated_key, wrapped_key)
    ON messages TO vtrack_coordinator;
GRANT INSERT (id, application_id, template, sealed, inbox_encapsulated_key, inbox_wrapped_key, organisation_key_id,
              encapsulated_key, wrapped_key)
    ON messages TO vtrack_coordinator;
GRANT UPDATE (organisation_key_id, encapsulated_key, wrapped_key) ON messages TO vtrack_coordinator;
GRANT SELECT (application_id, inbox_key) ON application_tokens TO vtrack_coordinator;
GRANT INSERT (language) ON applications TO vtrack_coordinator, vtrack_api;
GRANT EXECUTE ON FUNCTION request_message_reveal(uuid[], uuid), reveal_messages(uuid), set_display_name(text) TO vtrack_coordinator;

GRANT SELECT ON message_templates, status_notices TO vtrack_coordinator;
GRANT INSERT (name, language, body), UPDATE (body), DELETE ON message_templates TO vtrack_coordinator;
GRANT INSERT (status, template, by_default), UPDATE (template, by_default), DELETE ON status_notices TO vtrack_coordinator;

-- The server: the applicant's side, through the token only.
GRANT EXECUTE ON FUNCTION applicant_messages(bytea, bytea),
    applicant_reply(bytea, bytea, uuid, bytea, bytea, bytea, uuid, bytea, bytea) TO vtrack_api;
