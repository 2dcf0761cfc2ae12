-- The devices that hold an alarm open, each at the level its own readings decide (hysteresis is per device).
-- A site alarm's level is the highest of its sources; it clears when its last source clears.
create table alarm_source (
    alarm_id   text not null references alarm (id),
    device_id  text not null,
    level      text,
    updated_at timestamptz not null default now(),
    primary key (alarm_id, device_id)
);
insert into alarm_source (alarm_id, device_id, level)
select id, device_id, level from alarm where status not in ('RESOLVED', 'CLOSED');
create index alarm_source_device on alarm_source (device_id);
