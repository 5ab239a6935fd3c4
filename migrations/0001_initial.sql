-- vtrack's first schema. Later files add to it; an applied file never changes.

-- Coordinators manage skills as a controlled vocabulary, so that matching is
-- exact and reports group cleanly.
CREATE TABLE skills (
    slug       text PRIMARY KEY CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    label      text NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
    retired_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
