-- `vtrack applications list` shows the newest first: walk an index for the
-- first page instead of sorting every application.
CREATE INDEX applications_by_submission ON applications (submitted_at, id);
