-- stg_happened_events: which extracted events happened between two countries, as far as the text says?
-- Grain: one row per event. Staging view under dyad_monthly and dyad_timeline: negated,
-- hypothetical and future events are left out, as are undated events and events within one country.
-- Documents marked missing (documents.missing_since: their files are gone) are left out.
-- Columns: those of events
create or replace view stg_happened_events as
with

source_events as (
    -- documents whose files are gone (missing_since) are left out
    select * from events
    anti join (select doc_id from documents where missing_since is not null) using (doc_id)
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
