-- stg_happened_events: which extracted events happened between two countries, as far as the text says?
-- Grain: one row per event.
-- About: >
--   Staging model under dyad_monthly and dyad_timeline. Negated, hypothetical and future events
--   are left out, as are undated events and events within one country.
-- Columns:
--   event_id: the event (as in events)
--   doc_id: its document
--   source_actor: registry actor id of the source side
--   source_country: country code of the source side
--   target_actor: registry actor id of the target side
--   target_country: country code of the target side
--   event_type: PLOVER type
--   cameo_code: CAMEO root code of the type
--   goldstein: Goldstein score, -10 (conflict) to +10 (cooperation)
--   quad_class: GDELT QuadClass, 1 to 4
--   event_date: the event's own date (first day of the period)
--   date_precision: day, month or year
--   date_text: the words that date it
--   date_value: their TIMEX3 value
--   date_basis: explicit, relative, context or document
--   negated: always false here
--   modality: asserted or reported
--   location: where, when the text says
--   trigger: the words that express the event
--   sentence: the sentence (evidence)
--   char_start: the sentence's start offset in documents.text
--   char_end: its end offset
--   confidence: the extractor's confidence, 0 to 1
--   source_sector: CAMEO-style sector of the source side
--   target_sector: that of the target side
--   source_text: the words of an unresolved source side
--   target_text: those of an unresolved target side
with

source_events as (
    select * from events
    -- documents whose files are gone (documents.missing_since) are left out
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
