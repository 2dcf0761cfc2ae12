-- Rule repository: the DRL of each domain's rule package in versions, the test cases that guard it, every
-- publication (the set of package versions live together) and an audit trail of every action.
create table rule_package (
    name              text primary key,       -- the domain: fire, gas, device, ...
    title             text not null,
    published_version integer,                -- the version live now (null until the first publish)
    created_at        timestamptz not null default now()
);

create table rule_package_version (
    package_name text not null references rule_package (name),
    version      integer not null,
    status       text not null check (status in ('DRAFT', 'VALIDATED', 'PUBLISHED')),
    files        jsonb not null,              -- [{"path": "org/citysafe/rules/gas/restaurant.drl", "drl": "..."}]
    author       text not null,
    comment      text,
    based_on     integer,                     -- the version this one was edited from
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    published_at timestamptz,
    published_by text,
    primary key (package_name, version)
);

-- A published version is history: its files, author and comment can no longer change.
create function rule_package_version_immutable() returns trigger language plpgsql as $$
begin
    if old.status = 'PUBLISHED' and (new.files is distinct from old.files or new.status <> 'PUBLISHED'
            or new.author is distinct from old.author or new.comment is distinct from old.comment) then
        raise exception 'rule package % version % is published and cannot change', old.package_name, old.version;
    end if;
    return new;
end $$;
create trigger rule_package_version_immutable before update on rule_package_version
    for each row execute function rule_package_version_immutable();

create table rule_test_case (
    id           bigserial primary key,
    package_name text not null references rule_package (name),
    name         text not null,
    body         jsonb not null,              -- device, open alarms, readings (oldest first), expected outcome
    author       text not null,
    updated_at   timestamptz not null default now(),
    unique (package_name, name)
);

-- Every publication: which version of every package is live from then on. Instances poll the highest revision.
create table rule_revision (
    revision     bigserial primary key,
    packages     jsonb not null,              -- {"fire": 3, "gas": 1, ...}
    published_at timestamptz not null default now(),
    published_by text not null,
    comment      text
);

create table rule_audit (
    id           bigserial primary key,
    at           timestamptz not null default now(),
    actor        text not null,
    action       text not null,               -- IMPORTED, DRAFTED, UPDATED, VALIDATED, TESTED, PUBLISHED, ...
    package_name text,
    version      integer,
    revision     bigint,
    comment      text,
    detail       jsonb
);
create index rule_audit_package on rule_audit (package_name, id desc);

-- Sustained and N-of-M rules read a device's recent readings of one metric in event time.
create index reading_device_metric_ts on reading (device_id, metric, ts desc);
