-- 005_event_sectors: events gain the sectors of their two sides (GOV, MIL, OPP, REB, ...), so
-- that domestic events (one country, two sectors: TUR MIL -> TUR GOV) can be told apart and
-- counted. Rows loaded before this migration take the sector of their actor in the registry.
alter table events add column if not exists source_sector varchar;
alter table events add column if not exists target_sector varchar;

update events
set source_sector = actors.sector
from actors
where events.source_sector is null and actors.actor_id = events.source_actor;

update events
set target_sector = actors.sector
from actors
where events.target_sector is null and actors.actor_id = events.target_actor;
