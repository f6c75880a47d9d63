-- stg_dated_mentions: when does each actor mention count, by its own date or its document's?
-- Grain: one row per actor mention.
-- About: >
--   Staging model under actor_salience_monthly. mentioned_on is the mention's date, else its
--   document's publication date (null when neither is known).
-- Columns:
--   doc_id: the mentioning document
--   actor_id: registry actor id
--   country: the actor's country code
--   sector: the actor's CAMEO-style sector
--   text: the words in the document
--   char_start: their start offset in documents.text
--   char_end: their end offset
--   mention_date: the mention's own date
--   mentioned_on: the mention's date, else its document's publication date
with

source_mentions as (
    select * from actor_mentions
),

source_documents as (
    select
        doc_id,
        published_date,
    from documents
    where missing_since is null  -- a document whose file is gone is left out
),

dated as (
    select
        source_mentions.*,
        coalesce(source_mentions.mention_date, source_documents.published_date) as mentioned_on,
    from source_mentions
    inner join source_documents using (doc_id)
)

select * from dated
