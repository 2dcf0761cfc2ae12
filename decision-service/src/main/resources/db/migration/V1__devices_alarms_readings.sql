-- Device registry: what each sensor is, where it is and whom to tell.
create table district (
    path        text primary key,             -- city/district/street/community
    name        text not null,
    level       text not null check (level in ('CITY', 'DISTRICT', 'STREET', 'COMMUNITY')),
    parent_path text references district (path)
);

create table device (
    device_id                  text primary key,
    device_type                text not null,
    scenario                   text not null,
    site_id                    text not null,
    district_path              text not null references district (path),
    asset_id                   text,
    reporting_interval_seconds integer,
    lat                        double precision,
    lon                        double precision,
    contacts                   jsonb not null default '[]',
    created_at                 timestamptz not null default now(),
    updated_at                 timestamptz not null default now()
);
create index device_site on device (site_id);
create index device_district on device (district_path text_pattern_ops);

-- Alarms: one open alarm per key (site + type for hazards, device + type for faults); repeats raise its count.
create table alarm (
    id            text primary key,
    alarm_key     text not null,
    kind          text not null check (kind in ('HAZARD', 'FAULT')),
    alarm_type    text not null,
    level         text,
    status        text not null,
    site_id       text not null,
    device_id     text not null,              -- the device whose reading opened it
    district_path text not null,
    scenario      text not null,
    first_seen    timestamptz not null,       -- event time of the first reading
    last_seen     timestamptz not null,
    reading_count integer not null,
    opened_at     timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    closed_at     timestamptz,
    reasons       jsonb not null default '[]' -- the reasons of the most severe decision so far
);
create unique index alarm_one_open_per_key on alarm (alarm_key) where status not in ('RESOLVED', 'CLOSED');
create index alarm_district_status on alarm (district_path text_pattern_ops, status);
create index alarm_site_open on alarm (site_id) where status not in ('RESOLVED', 'CLOSED');

create table alarm_event (
    id          bigserial primary key,
    alarm_id    text not null references alarm (id),
    at          timestamptz not null default now(),
    type        text not null,                -- OPENED, LEVEL_RAISED, ACKNOWLEDGED, ...
    actor       text not null,                -- rules, a user name, a route
    cause       text,
    from_status text,
    to_status   text,
    from_level  text,
    to_level    text,
    detail      jsonb
);
create index alarm_event_alarm on alarm_event (alarm_id, id);

-- Every decided reading, for history, duplicate detection and policy preview.
create table reading (
    id             bigserial primary key,
    device_id      text not null,
    metric         text not null,
    value          double precision not null,
    unit           text not null,
    ts             timestamptz not null,
    message_id     text not null,
    source         text not null,
    flags          text[] not null default '{}',
    received_at    timestamptz not null default now(),
    outcome        text not null,
    level          text,
    alarm_type     text,
    alarm_id       text,
    policy_version text
);
create unique index reading_device_message on reading (device_id, message_id);
create index reading_ts on reading (ts);

-- Everything refused, with the raw input and the reason.
create table dead_letter (
    id          bigserial primary key,
    received_at timestamptz not null default now(),
    route       text not null,
    peer        text,
    reason      text not null,
    device_id   text,
    message_id  text,
    payload     bytea not null
);
create index dead_letter_received on dead_letter (received_at desc);

-- Readings accepted by the asynchronous ingest endpoint, waiting to be decided (durable across restarts).
create table inbox (
    id          bigserial primary key,
    received_at timestamptz not null default now(),
    route       text not null,
    peer        text,
    body        text not null                 -- canonical JSON of one reading
);
