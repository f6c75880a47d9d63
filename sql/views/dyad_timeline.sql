-- dyad_timeline: month by month, how much did one country cooperate with or fight another, quiet months included?
-- Grain: one row per ordered country pair (source -> target) and month, for every month from the
-- dyad's first to its last month with an event; months without events are rows of zeros
-- (goldstein_mean is null there: no events, no mean). Same events as dyad_monthly (those that
-- happened as far as the text says, between two different countries), one column per QuadClass.
-- Materialised: rows of country pairs not in stale_dyads come from dyad_timeline_cache; the
-- stale pairs are computed here from the events (see migration 003_view_caches).
-- Columns: month, source_country, target_country, verbal_cooperation, material_cooperation,
--          verbal_conflict, material_conflict, events, goldstein_sum, goldstein_mean, documents
create or replace view dyad_timeline as
with

cached as (
    select *
    from dyad_timeline_cache
    anti join stale_dyads using (source_country, target_country)
),

source_events as (
    select *
    from stg_happened_events
    semi join stale_dyads using (source_country, target_country)
),

monthly as (
    select
        date_trunc('month', event_date)::date as month,
        source_country,
        target_country,
        count(*) filter (where quad_class = 1) as verbal_cooperation,
        count(*) filter (where quad_class = 2) as material_cooperation,
        count(*) filter (where quad_class = 3) as verbal_conflict,
        count(*) filter (where quad_class = 4) as material_conflict,
        count(*) as events,
        sum(goldstein) as goldstein_sum,
        avg(goldstein) as goldstein_mean,
        count(distinct doc_id) as documents,
    from source_events
    group by all
),

active_ranges as (
    select
        source_country,
        target_country,
        min(month) as first_month,
        max(month) as last_month,
    from monthly
    group by all
),

calendar as (
    select
        source_country,
        target_country,
        unnest(generate_series(first_month, last_month, interval 1 month))::date as month,
    from active_ranges
),

filled as (
    select
        calendar.month,
        calendar.source_country,
        calendar.target_country,
        coalesce(monthly.verbal_cooperation, 0) as verbal_cooperation,
        coalesce(monthly.material_cooperation, 0) as material_cooperation,
        coalesce(monthly.verbal_conflict, 0) as verbal_conflict,
        coalesce(monthly.material_conflict, 0) as material_conflict,
        coalesce(monthly.events, 0) as events,
        coalesce(monthly.goldstein_sum, 0.0) as goldstein_sum,
        monthly.goldstein_mean,
        coalesce(monthly.documents, 0) as documents,
    from calendar
    left join monthly using (source_country, target_country, month)
)

select * from cached
union all
select * from filled
