-- event_clusters: which real-world events do several articles report, and do they agree on the date?
-- Grain: one row per cluster of event mentions (same ordered dyad and PLOVER type, dates within
-- a gap of 62 days of each other), reported by at least two documents.
-- consensus_date is the most reported month (or year, when no mention is finer than a year);
-- conflicting_dates counts mentions whose own date disagrees with it at the mention's precision.
-- Columns: cluster_id, source_country, target_country, event_type, consensus_date,
--          consensus_precision, documents, mentions, first_reported, last_reported, conflicting_dates
create or replace view event_clusters as
with

dated_mentions as (
    select
        events.*,
        documents.published_date,
    from events
    inner join documents using (doc_id)
    where events.date_basis in ('explicit', 'relative')
        and events.event_date is not null
        and events.date_precision in ('day', 'month', 'year')
        and not events.negated
        and events.source_country is not null
        and events.target_country is not null
),

gaps as (
    select
        *,
        case
            when event_date - lag(event_date) over dyad_type > 62 then 1
            else 0
        end as starts_cluster,
    from dated_mentions
    window dyad_type as (partition by source_country, target_country, event_type order by event_date)
),

numbered as (
    select
        *,
        sum(starts_cluster) over (
            partition by source_country, target_country, event_type
            order by event_date
            rows between unbounded preceding and current row
        ) as island,
    from gaps
),

clusters as (
    select
        source_country,
        target_country,
        event_type,
        island,
        mode(date_trunc('month', event_date)::date) filter (
            where date_precision in ('day', 'month')
        ) as consensus_month,
        mode(date_trunc('year', event_date)::date) as consensus_year,
        count(distinct doc_id) as documents,
        count(*) as mentions,
        min(published_date) as first_reported,
        max(published_date) as last_reported,
    from numbered
    group by all
),

with_consensus as (
    select
        *,
        coalesce(consensus_month, consensus_year) as consensus_date,
        case when consensus_month is null then 'year' else 'month' end as consensus_precision,
    from clusters
),

conflicts as (
    select
        numbered.source_country,
        numbered.target_country,
        numbered.event_type,
        numbered.island,
        count(*) filter (
            where (numbered.date_precision in ('day', 'month')
                and with_consensus.consensus_precision = 'month'
                and date_trunc('month', numbered.event_date) <> with_consensus.consensus_date)
            or year(numbered.event_date) <> year(with_consensus.consensus_date)
        ) as conflicting_dates,
    from numbered
    inner join with_consensus using (source_country, target_country, event_type, island)
    group by all
),

final as (
    select
        md5(concat_ws('|', source_country, target_country, event_type, consensus_date::varchar))
            as cluster_id,
        source_country,
        target_country,
        event_type,
        consensus_date,
        consensus_precision,
        documents,
        mentions,
        first_reported,
        last_reported,
        conflicting_dates,
    from with_consensus
    inner join conflicts using (source_country, target_country, event_type, island)
    where documents >= 2
)

select * from final
