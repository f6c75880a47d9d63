-- event_clusters: which real-world events do several articles report, and do they agree on the date?
-- Grain: one row per cluster of event mentions reported by two or more documents.
-- About: >
--   How mentions are clustered: see event_cluster_mentions, which lists every mention of a
--   cluster. consensus_date is the month most documents give (or the year, when none is finer);
--   conflicting_dates counts mentions whose own date disagrees with it at the mention's
--   precision (an article that dates the event a month or a year off), conflicting_documents
--   their documents.
-- Cache:
--   partitions: stale_dyads
--   restrict:
--     event_cluster_mentions: [source_country, target_country]
-- Columns:
--   cluster_id: the cluster (a hash of its dyad, type and consensus)
--   source_country: country code of the side that acts
--   target_country: country code of the side acted on
--   event_type: PLOVER type
--   consensus_date: the month (or year) most documents give
--   consensus_precision: month or year
--   documents: number of distinct documents reporting it
--   mentions: number of its mentions
--   first_reported: earliest publication date of those documents
--   last_reported: latest publication date of those documents
--   conflicting_dates: mentions whose own date disagrees with the consensus at their precision
--   conflicting_documents: the distinct documents of those mentions
with

source_mentions as (
    select * from event_cluster_mentions
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

select * from clusters
