-- The asset network for coupled-risk reasoning: pipe segments, wells, trenches, substations, road sections
-- (asset) and the physical relations between them (asset_link). The service holds them in a JGraphT graph and
-- reloads what changed; devices sit on assets through device.asset_id.
create table asset (
    asset_id      text primary key,
    kind          text not null,
    name          text,
    district_path text not null,
    lat           double precision not null,
    lon           double precision not null,
    attributes    jsonb not null default '{}',
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
create index asset_updated on asset (updated_at);

create table asset_link (
    from_asset      text not null references asset (asset_id),
    to_asset        text not null references asset (asset_id),
    relation        text not null check (relation in ('connects', 'downstream-of', 'shares-space', 'crosses',
                                                      'within-distance')),
    distance_metres double precision not null check (distance_metres >= 0),
    updated_at      timestamptz not null default now(),
    primary key (from_asset, to_asset, relation)
);
create index asset_link_to on asset_link (to_asset);
create index asset_link_updated on asset_link (updated_at);
create index device_asset on device (asset_id) where asset_id is not null;
create index device_updated on device (updated_at);
