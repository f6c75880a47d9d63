-- domestic_monthly: how do the sectors of one country act on each other, month by month?
-- Grain: one row per month, country, ordered sector pair (source -> target) and QuadClass.
-- About: >
--   Government against opposition, police against protesters, army against rebels, a coup.
--   Counts events with both sides in the same country and different sectors that happened as far
--   as the text says (not negated, asserted or reported, dated), placed in the month of their date.
-- Columns:
--   month: first day of the month of the events' own dates
--   country: the country of both sides
--   source_sector: CAMEO-style sector of the side that acts (GOV, MIL, OPP, REB, ...)
--   target_sector: sector of the side acted on
--   quad_class: GDELT QuadClass, 1 to 4
--   events: number of events
--   goldstein_sum: sum of their Goldstein scores
--   goldstein_mean: mean of their Goldstein scores
--   documents: number of distinct documents reporting them
with

source_events as (
    -- documents whose files are gone (missing_since) are left out
    select * from events
    anti join (select doc_id from documents where missing_since is not null) using (doc_id)
),

domestic as (
    select *
    from source_events
    where not negated
        and modality in ('asserted', 'reported')
        and event_date is not null
        and source_country = target_country
        and source_sector is not null
        and target_sector is not null
        and source_sector <> target_sector
),

monthly as (
    select
        date_trunc('month', event_date)::date as month,
        source_country as country,
        source_sector,
        target_sector,
        quad_class,
        count(*) as events,
        sum(goldstein) as goldstein_sum,
        avg(goldstein) as goldstein_mean,
        count(distinct doc_id) as documents,
    from domestic
    group by all
)

select * from monthly
