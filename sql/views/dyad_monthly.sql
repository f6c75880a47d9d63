-- dyad_monthly: how did relations between two countries move, month by month?
-- Grain: one row per month, ordered country pair (source -> target) and GDELT QuadClass.
-- Counts only events that happened as far as the text says: negated, hypothetical and
-- future events are left out. Events are placed in the month of their own date.
-- Materialised: rows of country pairs not in stale_dyads come from dyad_monthly_cache; the
-- stale pairs are computed here from the events (see migration 003_view_caches).
-- Columns: month, source_country, target_country, quad_class, events, goldstein_sum,
--          goldstein_mean, documents
create or replace view dyad_monthly as
with

cached as (
    select *
    from dyad_monthly_cache
    anti join stale_dyads using (source_country, target_country)
),

events_that_happened as (
    select *
    from stg_happened_events
    semi join stale_dyads using (source_country, target_country)
),

monthly as (
    select
        date_trunc('month', event_date)::date as month,
        source_country,
        target_country,
        quad_class,
        count(*) as events,
        sum(goldstein) as goldstein_sum,
        avg(goldstein) as goldstein_mean,
        count(distinct doc_id) as documents,
    from events_that_happened
    group by all
)

select * from cached
union all
select * from monthly
