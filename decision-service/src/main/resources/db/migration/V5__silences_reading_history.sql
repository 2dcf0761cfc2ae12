-- Silences and maintenance windows: who held back which alarms, where, from when to when, and why.
create table silence (
    id           text primary key,
    scope_type   text not null check (scope_type in ('DISTRICT', 'SITE', 'DEVICE')),
    scope        text not null,
    alarm_types  text[] not null default '{}',   -- empty: every type
    max_level    text not null check (max_level in ('RED', 'ORANGE', 'YELLOW', 'BLUE')),
    starts_at    timestamptz not null,
    ends_at      timestamptz not null,
    author       text not null,
    reason       text not null,
    created_at   timestamptz not null default now(),
    cancelled_at timestamptz,
    cancelled_by text,
    check (ends_at > starts_at)
);
create index silence_window on silence (ends_at) where cancelled_at is null;

-- Per-series history, read back to rebuild temporal state after a restart.
create index reading_series on reading (device_id, metric, ts desc);

-- What a device's place is (kitchen, warehouse, ...), for rules that depend on it.
alter table device add column tags text[] not null default '{}';
