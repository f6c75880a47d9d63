-- event_clusters: which real-world events do several articles report, and do they agree on the date?
-- Grain: one row per cluster of event mentions reported by two or more documents (how mentions
-- are clustered: see event_cluster_mentions, which lists every mention of a cluster).
-- consensus_date is the month most documents give (or the year, when none is finer);
-- conflicting_dates counts mentions whose own date disagrees with it at the mention's precision
-- (an article that dates the event a month or a year off), conflicting_documents their documents.
-- Materialised: rows of country pairs not in stale_cluster_dyads come from event_clusters_cache;
-- the stale pairs are aggregated here (see migrations 003_view_caches, 004_stale_cluster_dyads).
-- Columns: cluster_id, source_country, target_country, event_type, consensus_date,
--          consensus_precision, documents, mentions, first_reported, last_reported,
--          conflicting_dates, conflicting_documents
create or replace view event_clusters as
with

cached as (
    select *
    from event_clusters_cache
    anti join stale_cluster_dyads using (source_country, target_country)
),

source_mentions as (
    select *
    from event_cluster_mentions
    semi join stale_cluster_dyads using (source_country, target_country)
),

clusters as (
    select
        cluster_id,
        source_country,
        target_country,
        event_type,
        consensus_date,
        consensus_precision,
        count(distinct doc_id) as documents,
        count(*) as mentions,
        min(published_date) as first_reported,
        max(published_date) as last_reported,
        count(*) filter (where not agrees_with_consensus) as conflicting_dates,
        count(distinct doc_id) filter (where not agrees_with_consensus) as conflicting_documents,
    from source_mentions
    group by all
)

select * from cached
union all
select * from clusters
