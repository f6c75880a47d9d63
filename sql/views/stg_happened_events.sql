-- stg_happened_events: which extracted events happened between two countries, as far as the text says?
-- Grain: one row per event. Staging view under dyad_monthly and dyad_timeline: negated,
-- hypothetical and future events are left out, as are undated events and events within one country.
-- Columns: those of events
create or replace view stg_happened_events as
with

source_events as (
    select * from events
),

happened as (
    select *
    from source_events
    where not negated
        and modality in ('asserted', 'reported')
        and event_date is not null
        and source_country is not null
        and target_country is not null
        and source_country <> target_country
)

select * from happened
