-- When each device was last heard from (wall clock) and the event time of its newest reading: offline detection
-- must not wait for a reading that never comes.
alter table device add column last_received_at timestamptz;
alter table device add column last_reading_ts timestamptz;
create index device_liveness on device (last_received_at) where reporting_interval_seconds is not null;

-- Alarms of one site that are open at the same time belong to one incident, which the duty centre handles as one.
alter table alarm add column incident_id text;
update alarm set incident_id = id where incident_id is null;
alter table alarm alter column incident_id set not null;
create index alarm_incident on alarm (incident_id);
