-- A silence may also cover an asset and everything downstream of it in the asset network (a gas valve closed for
-- maintenance): scope is then the asset id (suppression.DownstreamSilences).
alter table silence drop constraint silence_scope_type_check;
alter table silence add constraint silence_scope_type_check
    check (scope_type in ('DISTRICT', 'SITE', 'DEVICE', 'DOWNSTREAM'));
