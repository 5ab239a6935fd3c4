-- A fixed history around November 2026 in Europe/Prague (UTC+1 in November,
-- +2 until 25 October) for the monthly and quarterly reports: rejections
-- just either side of the months' and quarters' midnights there, and
-- applications by source in the 12 weeks up to the end of November
-- (8 September to 30 November), some accepted. Loaded as the superuser with
-- triggers off, so times are the ones written here.
SET session_replication_role = replica;

INSERT INTO privacy_notices (version, url) VALUES ('2026-01', 'https://example.org/privacy/2026-01');
INSERT INTO positions (id, slug, title, team, status, created_at) VALUES
    ('10000000-0000-4000-8000-000000000001', 'editor', 'Editor', 'Editorial', 'open', '2026-01-05T09:00Z');

CREATE TEMP TABLE plan (
    id uuid, submitted timestamptz, source text, status application_status, reason rejection_reason, decided timestamptz
);
INSERT INTO plan VALUES
    -- Rejections, all submitted in August (outside the 12 weeks).
    ('a1000000-0000-4000-8000-000000000001', '2026-08-01T10:00Z', 'website', 'rejected', 'not_a_fit', '2026-10-31T23:30Z'),       -- 1 Nov 00:30 Prague
    ('a2000000-0000-4000-8000-000000000002', '2026-08-01T10:00Z', 'website', 'rejected', 'not_a_fit', '2026-10-31T22:30Z'),       -- 31 Oct 23:30
    ('a3000000-0000-4000-8000-000000000003', '2026-08-01T10:00Z', 'website', 'rejected', 'spam', '2026-11-10T10:00Z'),
    ('a4000000-0000-4000-8000-000000000004', '2026-08-01T10:00Z', 'website', 'rejected', 'spam', '2026-11-11T10:00Z'),
    ('a5000000-0000-4000-8000-000000000005', '2026-08-01T10:00Z', 'website', 'rejected', 'spam', '2026-11-12T10:00Z'),
    ('a6000000-0000-4000-8000-000000000006', '2026-08-01T10:00Z', 'website', 'rejected', 'duplicate', '2026-11-30T22:30Z'),      -- 30 Nov 23:30
    ('a7000000-0000-4000-8000-000000000007', '2026-08-01T10:00Z', 'website', 'rejected', 'duplicate', '2026-11-30T23:30Z'),      -- 1 Dec 00:30
    ('a8000000-0000-4000-8000-000000000008', '2026-08-01T10:00Z', 'website', 'rejected', 'position_filled', '2026-10-05T10:00Z'),
    ('a9000000-0000-4000-8000-000000000009', '2026-08-01T10:00Z', 'website', 'rejected', 'no_response', '2026-09-30T22:30Z'),    -- 1 Oct 00:30
    ('aa000000-0000-4000-8000-00000000000a', '2026-08-01T10:00Z', 'website', 'rejected', 'no_response', '2026-09-30T21:30Z'),    -- 30 Sep 23:30
    -- In the 12 weeks: website 6, 3 of them accepted by the end of November.
    ('b1000000-0000-4000-8000-000000000001', '2026-09-07T22:30Z', 'website', 'accepted', NULL, '2026-10-01T10:00Z'),             -- 8 Sep 00:30
    ('b2000000-0000-4000-8000-000000000002', '2026-09-20T10:00Z', 'website', 'accepted', NULL, '2026-10-20T10:00Z'),
    ('b3000000-0000-4000-8000-000000000003', '2026-10-20T10:00Z', 'website', 'accepted', NULL, '2026-11-30T22:30Z'),             -- 30 Nov 23:30
    ('b4000000-0000-4000-8000-000000000004', '2026-11-02T10:00Z', 'website', 'accepted', NULL, '2026-11-30T23:30Z'),             -- 1 Dec 00:30: after
    ('b5000000-0000-4000-8000-000000000005', '2026-11-03T10:00Z', 'website', 'screening', NULL, NULL),
    ('b6000000-0000-4000-8000-000000000006', '2026-11-30T22:30Z', 'website', 'submitted', NULL, NULL),                           -- 30 Nov 23:30
    -- friend: 2, 1 accepted; no source: 3, none accepted.
    ('c1000000-0000-4000-8000-000000000001', '2026-10-01T10:00Z', 'friend', 'accepted', NULL, '2026-10-15T10:00Z'),
    ('c2000000-0000-4000-8000-000000000002', '2026-10-02T10:00Z', 'friend', 'interview', NULL, NULL),
    ('d1000000-0000-4000-8000-000000000001', '2026-10-03T10:00Z', NULL, 'submitted', NULL, NULL),
    ('d2000000-0000-4000-8000-000000000002', '2026-10-04T10:00Z', NULL, 'submitted', NULL, NULL),
    ('d3000000-0000-4000-8000-000000000003', '2026-10-05T10:00Z', NULL, 'screening', NULL, NULL),
    -- Just outside the 12 weeks, either side.
    ('e1000000-0000-4000-8000-000000000001', '2026-09-07T21:30Z', 'website', 'accepted', NULL, '2026-09-20T10:00Z'),             -- 7 Sep 23:30
    ('e2000000-0000-4000-8000-000000000002', '2026-11-30T23:30Z', 'website', 'submitted', NULL, NULL);                           -- 1 Dec 00:30

INSERT INTO applicants (id, languages, time_zone, created_at, privacy_policy_version, consented_at)
SELECT id, '{en}', 'Europe/Prague', submitted, '2026-01', submitted FROM plan;
INSERT INTO applications (id, applicant_id, position_id, status, rejection_reason, source, version, submitted_at, updated_at, decided_at)
SELECT p.id, p.id, '10000000-0000-4000-8000-000000000001', p.status, p.reason, p.source, 2, p.submitted,
       coalesce(p.decided, p.submitted), p.decided
FROM plan p;

-- Submissions, then each decision, in time order (no events for the moves
-- to screening or interview: the figures here do not read them).
INSERT INTO events (occurred_at, actor, entity_type, entity_id, event_type, from_state, to_state, payload)
SELECT at, actor, 'application', id, event_type, from_state, to_state, payload FROM (
    SELECT submitted AS at, 'applicant:' || id AS actor, id, 'application.submitted' AS event_type, NULL AS from_state,
           'submitted' AS to_state, '{}'::jsonb AS payload
    FROM plan
    UNION ALL
    SELECT decided, 'alex', id, 'application.status_changed', 'offered', status::text,
           CASE WHEN reason IS NULL THEN '{}' ELSE jsonb_build_object('reason', reason) END
    FROM plan WHERE decided IS NOT NULL
) e
ORDER BY at, id;

SET session_replication_role = origin;
