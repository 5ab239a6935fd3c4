-- A fixed history around ISO week 2026-W13 (Monday 23 March to Sunday 29
-- March; Europe/Prague moves its clocks forward on the Sunday), for the
-- weekly report's golden files. Loaded as the superuser with triggers off,
-- so times are the ones written here; events are what the triggers would
-- have written.
SET session_replication_role = replica;

INSERT INTO skills (slug, label) VALUES ('editing', 'Editing'), ('translation', 'Translation') ON CONFLICT DO NOTHING;
INSERT INTO privacy_notices (version, url) VALUES ('2026-01', 'https://example.org/privacy/2026-01');

INSERT INTO positions (id, slug, title, team, status, created_at) VALUES
    ('10000000-0000-4000-8000-000000000001', 'editor', 'Editor <b>&"news"</b>' || chr(27) || '[2J', 'Editorial', 'open', '2026-01-05T09:00Z'),
    ('20000000-0000-4000-8000-000000000002', 'translator', 'Translator', 'Translation', 'open', '2026-01-05T09:00Z'),
    ('30000000-0000-4000-8000-000000000003', 'social-media-manager', 'Social media manager', 'Outreach', 'open', '2026-03-01T09:00Z'),
    ('40000000-0000-4000-8000-000000000004', 'fundraiser', 'Fundraiser', 'Outreach', 'closed', '2026-01-05T09:00Z');

-- plan: one row per application, with its applicant, everything in UTC.
CREATE TEMP TABLE plan (
    id uuid, applicant uuid, position_slug text, submitted timestamptz, source text, status application_status,
    held_from application_status, reason rejection_reason, assignee text, version int, updated timestamptz,
    first_response timestamptz, decided timestamptz, zone text, hours numeric
);
INSERT INTO plan VALUES
    -- Week 12 (16–22 March); b3 on Sunday 23:30 in Prague, still week 12.
    ('b1000000-0000-4000-8000-000000000001', 'ab100000-0000-4000-8000-000000000001', 'editor', '2026-03-16T09:00Z', 'website', 'accepted', NULL, NULL, NULL, 5, '2026-03-25T10:00Z', '2026-03-17T09:00Z', '2026-03-25T10:00Z', 'Europe/Kyiv', 10),
    ('b2000000-0000-4000-8000-000000000002', 'ab200000-0000-4000-8000-000000000002', 'editor', '2026-03-18T12:00Z', 'friend', 'rejected', NULL, 'not_a_fit', NULL, 2, '2026-03-20T12:00Z', '2026-03-20T12:00Z', '2026-03-20T12:00Z', 'Europe/Berlin', NULL),
    ('b3000000-0000-4000-8000-000000000003', 'ab300000-0000-4000-8000-000000000003', 'translator', '2026-03-22T22:30Z', 'website', 'screening', NULL, NULL, NULL, 2, '2026-03-24T08:00Z', '2026-03-24T08:00Z', NULL, 'Europe/Warsaw', NULL),
    -- Week 13; c1 on Monday 00:30 in Prague, c5 on Sunday 23:30 summer time.
    ('c1000000-0000-4000-8000-000000000001', 'ac100000-0000-4000-8000-000000000001', 'editor', '2026-03-22T23:30Z', 'website', 'interview', NULL, NULL, 'sam', 4, '2026-03-26T09:00Z', '2026-03-23T08:00Z', NULL, 'Europe/Prague', NULL),
    ('c2000000-0000-4000-8000-000000000002', 'ac200000-0000-4000-8000-000000000002', 'editor', '2026-03-24T10:00Z', 'social-media', 'submitted', NULL, NULL, NULL, 1, '2026-03-24T10:00Z', NULL, NULL, 'Europe/Prague', NULL),
    ('c3000000-0000-4000-8000-000000000003', 'ac300000-0000-4000-8000-000000000003', 'editor', '2026-03-25T10:00Z', 'website', 'withdrawn', NULL, NULL, NULL, 2, '2026-03-26T10:00Z', NULL, '2026-03-26T10:00Z', 'Asia/Tbilisi', NULL),
    ('c4000000-0000-4000-8000-000000000004', 'ac400000-0000-4000-8000-000000000004', 'translator', '2026-03-26T15:00Z', 'friend', 'screening', NULL, NULL, NULL, 2, '2026-03-27T15:00Z', '2026-03-27T15:00Z', NULL, 'Europe/Vilnius', NULL),
    ('c5000000-0000-4000-8000-000000000005', 'ac500000-0000-4000-8000-000000000005', 'translator', '2026-03-29T21:30Z', 'website', 'submitted', NULL, NULL, NULL, 1, '2026-03-29T21:30Z', NULL, NULL, 'Europe/Prague', NULL),
    -- Week 14: Monday 00:30 summer time in Prague.
    ('d1000000-0000-4000-8000-000000000001', 'ad100000-0000-4000-8000-000000000001', 'translator', '2026-03-29T22:30Z', 'website', 'submitted', NULL, NULL, NULL, 1, '2026-03-29T22:30Z', NULL, NULL, 'Europe/Prague', NULL),
    -- Older: waiting (e1, e2), on hold (e3), waiting at the end of week 13 though moved after it (e4).
    ('e1000000-0000-4000-8000-000000000001', 'ae100000-0000-4000-8000-000000000001', 'editor', '2026-02-02T10:00Z', 'website', 'submitted', NULL, NULL, 'alex', 2, '2026-02-03T10:00Z', '2026-02-03T10:00Z', NULL, 'Europe/London', NULL),
    ('e2000000-0000-4000-8000-000000000002', 'ae200000-0000-4000-8000-000000000002', 'translator', '2026-03-10T10:00Z', 'newsletter', 'screening', NULL, NULL, NULL, 2, '2026-03-12T10:00Z', '2026-03-12T10:00Z', NULL, 'Europe/London', NULL),
    ('e3000000-0000-4000-8000-000000000003', 'ae300000-0000-4000-8000-000000000003', 'editor', '2026-03-01T10:00Z', 'event', 'on_hold', 'screening', NULL, NULL, 3, '2026-03-05T10:00Z', '2026-03-02T10:00Z', NULL, 'Europe/London', NULL),
    ('e4000000-0000-4000-8000-000000000004', 'ae400000-0000-4000-8000-000000000004', 'editor', '2026-03-02T10:00Z', 'website', 'interview', NULL, NULL, NULL, 3, '2026-03-31T10:00Z', '2026-03-03T10:00Z', NULL, 'Europe/London', NULL),
    -- Accepted in week 11, active in week 13.
    ('f1000000-0000-4000-8000-000000000001', 'af100000-0000-4000-8000-000000000001', 'translator', '2026-02-20T10:00Z', 'website', 'accepted', NULL, NULL, NULL, 5, '2026-03-10T10:00Z', '2026-02-21T10:00Z', '2026-03-10T10:00Z', 'America/Toronto', 3);

INSERT INTO applicants (id, languages, time_zone, created_at, privacy_policy_version, consented_at, hours_per_week)
SELECT applicant, '{uk,en}', zone, submitted, '2026-01', submitted, hours FROM plan;
INSERT INTO applicant_skills (applicant_id, skill) VALUES
    ('ab100000-0000-4000-8000-000000000001', 'editing'),
    ('af100000-0000-4000-8000-000000000001', 'editing'), ('af100000-0000-4000-8000-000000000001', 'translation');
INSERT INTO applications (id, applicant_id, position_id, status, held_from, rejection_reason, source, assigned_to, version,
                          submitted_at, updated_at, decided_at, first_response_at)
SELECT p.id, p.applicant, pos.id, p.status, p.held_from, p.reason, p.source, p.assignee, p.version,
       p.submitted, p.updated, p.decided, p.first_response
FROM plan p JOIN positions pos ON pos.slug = p.position_slug;

INSERT INTO volunteers (id, applicant_id, application_id, position_id, status, started_at, updated_at) VALUES
    ('71000000-0000-4000-8000-000000000001', 'ab100000-0000-4000-8000-000000000001', 'b1000000-0000-4000-8000-000000000001',
     '10000000-0000-4000-8000-000000000001', 'onboarding', '2026-03-25T10:00Z', '2026-03-25T10:00Z'),
    ('72000000-0000-4000-8000-000000000002', 'af100000-0000-4000-8000-000000000001', 'f1000000-0000-4000-8000-000000000001',
     '20000000-0000-4000-8000-000000000002', 'active', '2026-03-10T10:00Z', '2026-03-24T12:00Z');

-- Next week (30 March – 5 April): 5 hours in Kyiv, 4 in Toronto capped at 3.
INSERT INTO availability_windows (applicant_id, day, start_minute, end_minute) VALUES
    ('ab100000-0000-4000-8000-000000000001', 'mon', 1080, 1260),
    ('ab100000-0000-4000-8000-000000000001', 'wed', 1080, 1200),
    ('af100000-0000-4000-8000-000000000001', 'sat', 600, 840);

INSERT INTO onboarding_tasks (id, volunteer_id, ord, title, performer, required, due_date, assignee, state, created_at, closed_at) VALUES
    ('51000000-0000-4000-8000-000000000001', '72000000-0000-4000-8000-000000000002', 1, 'Agreement', 'coordinator', true, '2026-03-20', 'alex', 'done', '2026-03-10T10:00Z', '2026-03-24T09:00Z'),
    ('52000000-0000-4000-8000-000000000002', '71000000-0000-4000-8000-000000000001', 1, 'Welcome call', 'coordinator', true, '2026-03-27', 'alex', 'open', '2026-03-25T10:00Z', NULL),
    ('53000000-0000-4000-8000-000000000003', '71000000-0000-4000-8000-000000000001', 2, 'Style guide', 'volunteer', true, '2026-03-28', NULL, 'open', '2026-03-25T10:00Z', NULL),
    ('54000000-0000-4000-8000-000000000004', '71000000-0000-4000-8000-000000000001', 3, 'First draft', 'volunteer', false, '2026-04-05', NULL, 'open', '2026-03-25T10:00Z', NULL),
    ('55000000-0000-4000-8000-000000000005', '72000000-0000-4000-8000-000000000002', 2, 'Tools access', 'coordinator', true, '2026-03-12', 'sam', 'done', '2026-03-10T10:00Z', '2026-03-11T09:00Z');

-- Each application's events, then the volunteers', in time order.
INSERT INTO events (occurred_at, actor, entity_type, entity_id, event_type, from_state, to_state, payload)
SELECT at, actor, entity_type, entity_id::uuid, event_type, from_state, to_state, payload::jsonb FROM (VALUES
    ('2026-02-02T10:00Z'::timestamptz, 'applicant:ae100000-0000-4000-8000-000000000001', 'application', 'e1000000-0000-4000-8000-000000000001', 'application.submitted', NULL, 'submitted', '{}'),
    ('2026-02-03T10:00Z', 'alex', 'application', 'e1000000-0000-4000-8000-000000000001', 'application.assigned', NULL, 'submitted', '{"assignee": "alex"}'),
    ('2026-02-20T10:00Z', 'applicant:af100000-0000-4000-8000-000000000001', 'application', 'f1000000-0000-4000-8000-000000000001', 'application.submitted', NULL, 'submitted', '{}'),
    ('2026-02-21T10:00Z', 'alex', 'application', 'f1000000-0000-4000-8000-000000000001', 'application.status_changed', 'submitted', 'screening', '{}'),
    ('2026-02-25T10:00Z', 'alex', 'application', 'f1000000-0000-4000-8000-000000000001', 'application.status_changed', 'screening', 'interview', '{}'),
    ('2026-03-01T10:00Z', 'applicant:ae300000-0000-4000-8000-000000000003', 'application', 'e3000000-0000-4000-8000-000000000003', 'application.submitted', NULL, 'submitted', '{}'),
    ('2026-03-02T10:00Z', 'applicant:ae400000-0000-4000-8000-000000000004', 'application', 'e4000000-0000-4000-8000-000000000004', 'application.submitted', NULL, 'submitted', '{}'),
    ('2026-03-02T10:00Z', 'sam', 'application', 'e3000000-0000-4000-8000-000000000003', 'application.status_changed', 'submitted', 'screening', '{}'),
    ('2026-03-02T11:00Z', 'alex', 'application', 'f1000000-0000-4000-8000-000000000001', 'application.status_changed', 'interview', 'offered', '{}'),
    ('2026-03-03T10:00Z', 'alex', 'application', 'e4000000-0000-4000-8000-000000000004', 'application.status_changed', 'submitted', 'screening', '{}'),
    ('2026-03-05T10:00Z', 'sam', 'application', 'e3000000-0000-4000-8000-000000000003', 'application.status_changed', 'screening', 'on_hold', '{}'),
    ('2026-03-10T10:00Z', 'alex', 'application', 'f1000000-0000-4000-8000-000000000001', 'application.status_changed', 'offered', 'accepted', '{}'),
    ('2026-03-10T10:00Z', 'alex', 'volunteer', '72000000-0000-4000-8000-000000000002', 'volunteer.created', NULL, 'onboarding', '{}'),
    ('2026-03-10T10:00Z', 'applicant:ae200000-0000-4000-8000-000000000002', 'application', 'e2000000-0000-4000-8000-000000000002', 'application.submitted', NULL, 'submitted', '{}'),
    ('2026-03-12T10:00Z', 'sam', 'application', 'e2000000-0000-4000-8000-000000000002', 'application.status_changed', 'submitted', 'screening', '{}'),
    ('2026-03-16T09:00Z', 'applicant:ab100000-0000-4000-8000-000000000001', 'application', 'b1000000-0000-4000-8000-000000000001', 'application.submitted', NULL, 'submitted', '{}'),
    ('2026-03-17T09:00Z', 'alex', 'application', 'b1000000-0000-4000-8000-000000000001', 'application.status_changed', 'submitted', 'screening', '{}'),
    ('2026-03-18T12:00Z', 'applicant:ab200000-0000-4000-8000-000000000002', 'application', 'b2000000-0000-4000-8000-000000000002', 'application.submitted', NULL, 'submitted', '{}'),
    ('2026-03-18T13:00Z', 'sam', 'applicant', 'ab200000-0000-4000-8000-000000000002', 'personal_data.revealed', NULL, NULL, '{}'),
    ('2026-03-19T12:00Z', 'alex', 'application', 'b1000000-0000-4000-8000-000000000001', 'application.status_changed', 'screening', 'interview', '{}'),
    ('2026-03-20T12:00Z', 'sam', 'application', 'b2000000-0000-4000-8000-000000000002', 'application.status_changed', 'submitted', 'rejected', '{"reason": "not_a_fit"}'),
    ('2026-03-22T22:30Z', 'applicant:ab300000-0000-4000-8000-000000000003', 'application', 'b3000000-0000-4000-8000-000000000003', 'application.submitted', NULL, 'submitted', '{}'),
    ('2026-03-22T23:30Z', 'applicant:ac100000-0000-4000-8000-000000000001', 'application', 'c1000000-0000-4000-8000-000000000001', 'application.submitted', NULL, 'submitted', '{}'),
    ('2026-03-23T08:00Z', 'sam', 'application', 'c1000000-0000-4000-8000-000000000001', 'application.assigned', NULL, 'submitted', '{"assignee": "sam"}'),
    ('2026-03-23T08:30Z', 'sam', 'applicant', 'ac100000-0000-4000-8000-000000000001', 'personal_data.revealed', NULL, NULL, '{}'),
    ('2026-03-23T09:00Z', 'sam', 'application', 'c1000000-0000-4000-8000-000000000001', 'application.status_changed', 'submitted', 'screening', '{}'),
    ('2026-03-23T10:00Z', 'alex', 'application', 'b1000000-0000-4000-8000-000000000001', 'application.status_changed', 'interview', 'offered', '{}'),
    ('2026-03-24T08:00Z', 'alex', 'application', 'b3000000-0000-4000-8000-000000000003', 'application.status_changed', 'submitted', 'screening', '{}'),
    ('2026-03-24T10:00Z', 'applicant:ac200000-0000-4000-8000-000000000002', 'application', 'c2000000-0000-4000-8000-000000000002', 'application.submitted', NULL, 'submitted', '{}'),
    ('2026-03-24T10:30Z', 'alex', 'applicant', 'ac200000-0000-4000-8000-000000000002', 'personal_data.revealed', NULL, NULL, '{}'),
    ('2026-03-24T10:31Z', 'alex', 'applicant', 'ac200000-0000-4000-8000-000000000002', 'notes.revealed', NULL, NULL, '{"count": 1}'),
    ('2026-03-24T12:00Z', 'alex', 'volunteer', '72000000-0000-4000-8000-000000000002', 'volunteer.status_changed', 'onboarding', 'active', '{}'),
    ('2026-03-25T10:00Z', 'alex', 'application', 'b1000000-0000-4000-8000-000000000001', 'application.status_changed', 'offered', 'accepted', '{}'),
    ('2026-03-25T10:00Z', 'alex', 'volunteer', '71000000-0000-4000-8000-000000000001', 'volunteer.created', NULL, 'onboarding', '{}'),
    ('2026-03-25T10:00Z', 'applicant:ac300000-0000-4000-8000-000000000003', 'application', 'c3000000-0000-4000-8000-000000000003', 'application.submitted', NULL, 'submitted', '{}'),
    ('2026-03-26T09:00Z', 'sam', 'application', 'c1000000-0000-4000-8000-000000000001', 'application.status_changed', 'screening', 'interview', '{}'),
    ('2026-03-26T10:00Z', 'applicant:ac300000-0000-4000-8000-000000000003', 'application', 'c3000000-0000-4000-8000-000000000003', 'application.status_changed', 'submitted', 'withdrawn', '{}'),
    ('2026-03-26T15:00Z', 'applicant:ac400000-0000-4000-8000-000000000004', 'application', 'c4000000-0000-4000-8000-000000000004', 'application.submitted', NULL, 'submitted', '{}'),
    ('2026-03-26T16:00Z', 'alex', 'applicant', 'ac300000-0000-4000-8000-000000000003', 'personal_data.revealed', NULL, NULL, '{}'),
    ('2026-03-26T16:00Z', 'alex', 'applicant', 'ac400000-0000-4000-8000-000000000004', 'personal_data.revealed', NULL, NULL, '{}'),
    ('2026-03-27T15:00Z', 'alex', 'application', 'c4000000-0000-4000-8000-000000000004', 'application.status_changed', 'submitted', 'screening', '{}'),
    ('2026-03-29T21:30Z', 'applicant:ac500000-0000-4000-8000-000000000005', 'application', 'c5000000-0000-4000-8000-000000000005', 'application.submitted', NULL, 'submitted', '{}'),
    ('2026-03-29T22:30Z', 'applicant:ad100000-0000-4000-8000-000000000001', 'application', 'd1000000-0000-4000-8000-000000000001', 'application.submitted', NULL, 'submitted', '{}'),
    ('2026-03-31T10:00Z', 'alex', 'application', 'e4000000-0000-4000-8000-000000000004', 'application.status_changed', 'screening', 'interview', '{}')
) AS e (at, actor, entity_type, entity_id, event_type, from_state, to_state, payload)
ORDER BY at, entity_id;

SET session_replication_role = origin;
