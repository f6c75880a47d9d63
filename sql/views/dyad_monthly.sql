-- dyad_monthly: how did relations between two countries move, month by month?
-- Grain: one row per month, ordered country pair (source -> target) and GDELT QuadClass.
-- Counts only events that happened as far as the text says: negated, hypothetical and
-- future events are left out. Events are placed in the month of their own date.
-- Columns: month, source_country, target_country, quad_class, events, goldstein_sum,
--          goldstein_mean, documents
create or replace view dyad_monthly as
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
