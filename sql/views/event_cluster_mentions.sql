-- event_cluster_mentions: which articles report each cross-document event, and which of them disagree on its date?
-- Grain: one row per event mention that belongs to a cluster of `event_clusters` (an event
-- reported by two or more documents).
-- Clustering, all set-based: mentions dated by the text (date_basis explicit or relative, precision
-- day, month or year; not negated, not hypothetical) are grouped by ordered dyad, PLOVER type and
-- month. A month group joins a neighbour group of the same dyad and type that more documents
-- support when its month is one or two months off (unless both name places and none is shared),
-- or exactly twelve months off and the two share a trigger stem or a place: a date off by a year is
-- a finding, not another event. Year-precision mentions join the best supported cluster of their
-- year. The consensus is the month of the best supported group (else the year).
-- agrees_with_consensus compares the mention's date with the consensus at the mention's precision.
-- Materialised: clustering never crosses an ordered country pair, so rows of pairs not in
-- stale_dyads come from event_cluster_mentions_cache and the stale pairs are clustered here from
-- the events (see migration 003_view_caches).
-- Documents marked missing (documents.missing_since: their files are gone) are left out.
-- Columns: cluster_id, source_country, target_country, event_type, consensus_date,
--          consensus_precision, doc_id, title, published_date, event_id, event_date,
--          date_precision, date_text, trigger, location, agrees_with_consensus, sentence
create or replace view event_cluster_mentions as
with

cached as (
    select *
    from event_cluster_mentions_cache
    anti join stale_dyads using (source_country, target_country)
),

source_events as (
    select *
    from events
    semi join stale_dyads using (source_country, target_country)
    anti join (select doc_id from documents where missing_since is not null) using (doc_id)
),

source_documents as (
    select
        doc_id,
        title,
        published_date,
    from documents
),

mentions as (
    select
        source_events.event_id,
        source_events.doc_id,
        source_documents.title,
        source_documents.published_date,
        source_events.source_country,
        source_events.target_country,
        source_events.event_type,
        source_events.event_date,
        source_events.date_precision,
        source_events.date_text,
        source_events.trigger,
        source_events.location,
        source_events.sentence,
        date_trunc('month', source_events.event_date)::date as event_month,
        date_trunc('year', source_events.event_date)::date as event_year,
    from source_events
    inner join source_documents using (doc_id)
    where source_events.date_basis in ('explicit', 'relative')
        and source_events.date_precision in ('day', 'month', 'year')
        and source_events.event_date is not null
        and not source_events.negated
        and source_events.modality <> 'hypothetical'
        and source_events.source_country is not null
        and source_events.target_country is not null
),

month_groups as (
    select
        source_country,
        target_country,
        event_type,
        event_month,
        count(distinct doc_id) as documents,
        -- stems (first four letters of words of three or more) of the group's distinct triggers
        coalesce(
            list_distinct(flatten(list_transform(
                list_distinct(list(lower(trigger)) filter (where trigger is not null)),
                lambda words: list_transform(
                    list_filter(string_split_regex(words, '[^a-z]+'), lambda w: length(w) >= 3),
                    lambda w: left(w, 4)
                )
            ))),
            []
        ) as trigger_stems,
        coalesce(
            list_distinct(list(lower(location)) filter (where location is not null)), []
        ) as places,
    from mentions
    where date_precision in ('day', 'month')
    group by all
),

shifted_groups as (
    -- each group with the months it may join: one or two months off, or a year off
    select
        month_groups.*,
        abs(offsets.months) as months_apart,
        (month_groups.event_month + to_months(offsets.months))::date as target_month,
    from month_groups
    cross join (values (-12), (-2), (-1), (1), (2), (12)) as offsets(months)
),

candidate_targets as (
    select
        smaller.source_country,
        smaller.target_country,
        smaller.event_type,
        smaller.event_month,
        larger.event_month as target_month,
        larger.documents as target_documents,
        smaller.months_apart,
    from shifted_groups as smaller
    inner join month_groups as larger
        on smaller.source_country = larger.source_country
        and smaller.target_country = larger.target_country
        and smaller.event_type = larger.event_type
        and smaller.target_month = larger.event_month
        and smaller.documents < larger.documents
    where (
            smaller.months_apart between 1 and 2
            and (
                len(smaller.places) = 0
                or len(larger.places) = 0
                or list_has_any(smaller.places, larger.places)
            )
        )
        or (
            smaller.months_apart = 12
            and (
                list_has_any(smaller.trigger_stems, larger.trigger_stems)
                or list_has_any(smaller.places, larger.places)
            )
        )
),

best_targets as (
    select
        source_country,
        target_country,
        event_type,
        event_month,
        target_month,
    from candidate_targets
    qualify row_number() over (
        partition by source_country, target_country, event_type, event_month
        order by target_documents desc, months_apart, target_month
    ) = 1
),

month_clusters as (
    select
        month_groups.source_country,
        month_groups.target_country,
        month_groups.event_type,
        month_groups.event_month,
        coalesce(second_hop.target_month, first_hop.target_month, month_groups.event_month)
            as consensus_month,
    from month_groups
    left join best_targets as first_hop
        using (source_country, target_country, event_type, event_month)
    left join best_targets as second_hop
        on second_hop.source_country = first_hop.source_country
        and second_hop.target_country = first_hop.target_country
        and second_hop.event_type = first_hop.event_type
        and second_hop.event_month = first_hop.target_month
),

cluster_support as (
    select
        month_clusters.source_country,
        month_clusters.target_country,
        month_clusters.event_type,
        month_clusters.consensus_month,
        sum(month_groups.documents) as support,
    from month_clusters
    inner join month_groups
        using (source_country, target_country, event_type, event_month)
    group by all
),

year_clusters as (
    select
        source_country,
        target_country,
        event_type,
        date_trunc('year', consensus_month)::date as event_year,
        consensus_month,
    from cluster_support
    qualify row_number() over (
        partition by source_country, target_country, event_type, event_year
        order by support desc, consensus_month
    ) = 1
),

assigned as (
    select
        mentions.*,
        coalesce(month_clusters.consensus_month, year_clusters.consensus_month, mentions.event_year)
            as consensus_date,
        case
            when coalesce(month_clusters.consensus_month, year_clusters.consensus_month) is null
                then 'year'
            else 'month'
        end as consensus_precision,
    from mentions
    left join month_clusters
        on mentions.date_precision in ('day', 'month')
        and month_clusters.source_country = mentions.source_country
        and month_clusters.target_country = mentions.target_country
        and month_clusters.event_type = mentions.event_type
        and month_clusters.event_month = mentions.event_month
    left join year_clusters
        on mentions.date_precision = 'year'
        and year_clusters.source_country = mentions.source_country
        and year_clusters.target_country = mentions.target_country
        and year_clusters.event_type = mentions.event_type
        and year_clusters.event_year = mentions.event_year
),

identified as (
    select
        md5(concat_ws(
            '|', source_country, target_country, event_type, consensus_precision,
            consensus_date::varchar
        )) as cluster_id,
        *,
        case
            when date_precision = 'year' or consensus_precision = 'year'
                then year(event_date) = year(consensus_date)
            else event_month = consensus_date
        end as agrees_with_consensus,
    from assigned
),

multi_document as (
    select cluster_id
    from identified
    group by cluster_id
    having count(distinct doc_id) >= 2
),

final as (
    select
        cluster_id,
        source_country,
        target_country,
        event_type,
        consensus_date,
        consensus_precision,
        doc_id,
        title,
        published_date,
        event_id,
        event_date,
        date_precision,
        date_text,
        trigger,
        location,
        agrees_with_consensus,
        sentence,
    from identified
    semi join multi_document using (cluster_id)
)

select * from cached
union all
select * from final
