-- Alarm lifecycle: who has it, what was concluded, and the coupled risks that travel with it to 119.
alter table alarm add column assignee text;
alter table alarm add column verdict text check (verdict in ('CONFIRMED', 'FALSE_ALARM'));
alter table alarm add column coupled_risks jsonb not null default '[]';

-- Verdicts per device and site, kept apart from the timeline so that "how often was this device a false alarm
-- lately" is one indexed query (learning from verdicts).
create table alarm_verdict (
    id            bigserial primary key,
    alarm_id      text not null references alarm (id),
    device_id     text not null,
    site_id       text not null,
    district_path text not null,
    scenario      text not null,
    alarm_type    text not null,
    level         text,
    verdict       text not null check (verdict in ('CONFIRMED', 'FALSE_ALARM')),
    note          text,
    actor         text not null,
    at            timestamptz not null default now()
);
create index alarm_verdict_device on alarm_verdict (device_id, at desc);
create index alarm_verdict_site on alarm_verdict (site_id, at desc);

-- The escalation chain an alarm runs, as it was when the alarm opened (or was re-triggered): later policy changes
-- do not touch running chains. run counts restarts; timers of an older run are void.
create table alarm_escalation (
    alarm_id      text primary key references alarm (id),
    run           integer not null,
    chain_name    text not null,
    chain_version text not null,
    chain         jsonb not null,
    started_at    timestamptz not null default now()
);

-- One row per step occurrence (run, repeat loop, step): the persisted timers. HELD waits for a verdict (119 after
-- confirmation); WAITING is due at due_at; schedulers on any instance claim due rows with SKIP LOCKED and write
-- the outbox in the same transaction, so a step fires once and survives restarts.
create table escalation_timer (
    id        bigserial primary key,
    alarm_id  text not null references alarm (id),
    run       integer not null,
    loop      integer not null,
    step      integer not null,
    state     text not null check (state in ('HELD', 'WAITING', 'FIRED', 'SKIPPED', 'CANCELLED')),
    due_at    timestamptz,
    done_at   timestamptz,
    outcome   text,
    unique (alarm_id, run, loop, step)
);
create index escalation_timer_due on escalation_timer (due_at) where state = 'WAITING';
create index escalation_timer_alarm on escalation_timer (alarm_id, run);

-- Messages on their way out. delivery_id is derived from (alarm, run, loop, step, recipient): stable across
-- retries and restarts, sent with every attempt so receivers can drop duplicates. A claimed row is leased by
-- pushing next_attempt_at forward; the result (delivered, or failed after max attempts) is written back.
create table outbox (
    delivery_id     text primary key,
    alarm_id        text not null references alarm (id),
    timer_id        bigint references escalation_timer (id),
    channel         text not null,
    recipient_role  text not null,
    recipient       text,
    body            text not null,
    status          text not null default 'PENDING' check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error      text,
    sent_by         text,
    created_at      timestamptz not null default now(),
    delivered_at    timestamptz
);
create index outbox_due on outbox (channel, next_attempt_at) where status = 'PENDING';
create index outbox_alarm on outbox (alarm_id);
