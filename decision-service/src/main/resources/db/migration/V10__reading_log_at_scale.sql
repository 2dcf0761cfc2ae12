-- The reading log at scale (docs/BENCHMARKS.md).
-- Messages composed for an alarm look up its readings by alarm_id: without an index each one scanned the whole log,
-- 50 ms a message at 200,000 readings and growing with the log. Few readings carry an alarm id, so the index is small.
create index reading_alarm on reading (alarm_id) where alarm_id is not null;

-- Identical to reading_series (V5): one index fewer to maintain on every insert.
drop index if exists reading_device_metric_ts;
