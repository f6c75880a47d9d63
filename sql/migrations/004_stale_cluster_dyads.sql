-- 004_stale_cluster_dyads: event_clusters gets its own list of stale country pairs, so that a
-- refresh aggregates it from the freshly cached event_cluster_mentions instead of clustering
-- the stale pairs' events a second time. Its pairs are marked with those of stale_dyads.
-- (No longer used since the views are models: event_clusters is partitioned by stale_dyads and
-- refreshed after event_cluster_mentions; pipeline/store/caches.py drops this table.)
create table if not exists stale_cluster_dyads (
    source_country varchar not null,
    target_country varchar not null
);

insert into stale_cluster_dyads
select * from stale_dyads;
