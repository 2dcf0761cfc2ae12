-- A decision that holds a hazard back until it has lasted long enough names when it will have (Decision.recheckAt).
-- The service re-examines the series then, even if the device says nothing more; after a restart it finds what was
-- waiting here: the newest reading of a series with recheck_at set.
alter table reading add column recheck_at timestamptz;
create index reading_recheck on reading (received_at) where recheck_at is not null;
