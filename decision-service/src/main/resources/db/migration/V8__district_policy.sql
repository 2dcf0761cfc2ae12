-- District policy: what a regulator changed for a scope (city, district, street or community) over the shipped
-- defaults, in versions with a lifecycle, and an audit trail of every action. The most specific scope wins.
create table policy_version (
    id               bigserial primary key,
    scope            text not null,            -- a district path: city[/district[/street[/community]]]
    version          integer not null,
    status           text not null check (status in ('DRAFT', 'VALIDATED', 'PREVIEWED', 'APPROVED', 'PUBLISHED')),
    document         jsonb not null,           -- {"thresholds":[...], "parameters":{...}, "escalationChains":[...]}
    author           text not null,
    comment          text,
    based_on         integer,                  -- the version this one was edited from
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    preview          jsonb,                    -- the summary of the last preview against history
    approved_at      timestamptz,
    approved_by      text,
    published_at     timestamptz,
    published_by     text,
    effective_at     timestamptz,              -- in force from then on (published with a future time: scheduled)
    unique (scope, version)
);
-- the version in force per scope: the published one with the latest effective time that has come
create index policy_version_live on policy_version (scope, effective_at desc) where status = 'PUBLISHED';

-- A published version is history: its document, author, comment and effective time can no longer change.
create function policy_version_immutable() returns trigger language plpgsql as $$
begin
    if old.status = 'PUBLISHED' and (new.document is distinct from old.document or new.status <> 'PUBLISHED'
            or new.author is distinct from old.author or new.comment is distinct from old.comment
            or new.effective_at is distinct from old.effective_at) then
        raise exception 'policy % version % is published and cannot change', old.scope, old.version;
    end if;
    return new;
end $$;
create trigger policy_version_immutable before update on policy_version
    for each row execute function policy_version_immutable();

create table policy_audit (
    id      bigserial primary key,
    at      timestamptz not null default now(),
    actor   text not null,
    action  text not null,                     -- DRAFTED, UPDATED, VALIDATED, PREVIEWED, APPROVED, PUBLISHED, ...
    scope   text not null,
    version integer,
    comment text,
    detail  jsonb
);
create index policy_audit_scope on policy_audit (scope, id desc);
