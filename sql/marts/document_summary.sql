-- document_summary: what did each article contribute: how many events and stances, over which period, about whom?
-- Grain: one row per document.
-- About: >
--   The counts of int_document_counts (cached per document) and conflicting_mentions, the
--   document's event mentions whose date disagrees with the consensus of their cross-document
--   cluster (see event_cluster_mentions), counted when read, as they depend on other documents.
-- Columns:
--   doc_id: the document
--   title: its title
--   source_path: its path
--   published_date: its publication date
--   published_basis: metadata, text, file or unknown
--   author: its author
--   events: its events
--   dated_events: its events dated by the text (date_basis explicit or relative)
--   stances: its stances
--   actors: distinct registry actors it mentions
--   first_event_date: the earliest date of its dated events
--   last_event_date: the latest date of its dated events
--   top_dyad: the ordered pair of two different countries with most of its events (TUR->RUS, ties by name)
--   top_dyad_events: the events of that pair
--   goldstein_mean: mean Goldstein score of its events
--   mean_stance_score: mean score of its stances
--   conflicting_mentions: its event mentions that disagree with their cluster's consensus date
--   run_id: the ingest run that loaded it
--   ingested_at: when it was loaded (UTC)
with

document_counts as (
    select * from int_document_counts
),

source_cluster_mentions as (
    select
        doc_id,
        agrees_with_consensus,
    from event_cluster_mentions
),

conflict_counts as (
    -- documents without conflicting mentions get 0 below
    select
        doc_id,
        count(*) as conflicting_mentions,
    from source_cluster_mentions
    where not agrees_with_consensus
    group by doc_id
),

final as (
    select
        document_counts.doc_id,
        document_counts.title,
        document_counts.source_path,
        document_counts.published_date,
        document_counts.published_basis,
        document_counts.author,
        document_counts.events,
        document_counts.dated_events,
        document_counts.stances,
        document_counts.actors,
        document_counts.first_event_date,
        document_counts.last_event_date,
        document_counts.top_dyad,
        document_counts.top_dyad_events,
        document_counts.goldstein_mean,
        document_counts.mean_stance_score,
        coalesce(conflict_counts.conflicting_mentions, 0) as conflicting_mentions,
        document_counts.run_id,
        document_counts.ingested_at,
    from document_counts
    left join conflict_counts using (doc_id)
)

select * from final
