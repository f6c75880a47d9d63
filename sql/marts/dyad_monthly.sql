-- dyad_monthly: how did relations between two countries move, month by month?
-- Grain: one row per month, ordered country pair (source -> target) and GDELT QuadClass.
-- About: >
--   Counts only events that happened as far as the text says (stg_happened_events), so negated,
--   hypothetical and future events are left out, as are events within one country. Events are
--   placed in the month of their own date.
-- Cache:
--   partitions: stale_dyads
--   restrict:
--     stg_happened_events: [source_country, target_country]
-- Columns:
--   month: first day of the month of the events' own dates
--   source_country: country code of the side that acts
--   target_country: country code of the side acted on
--   quad_class: GDELT QuadClass (1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict)
--   events: number of events
--   goldstein_sum: sum of their Goldstein scores
--   goldstein_mean: mean of their Goldstein scores
--   documents: number of distinct documents reporting them
with

events_that_happened as (
    select * from stg_happened_events
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

select * from monthly
