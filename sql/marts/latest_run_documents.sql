-- latest_run_documents: which documents did the latest ingest run load (new or changed), and what did they add?
-- Grain: one row per document whose current rows were loaded by the newest run in ingest_runs.
-- About: >
--   Empty when that run found nothing new or changed. Read from document_summary.
-- Columns:
--   run_id: the newest run
--   doc_id: the document
--   title: its title
--   source_path: its path
--   published_date: its publication date
--   events: its events
--   stances: its stances
--   top_dyad: the ordered country pair with most of its events (TUR->RUS)
--   ingested_at: when it was loaded (UTC)
with

source_runs as (
    select
        run_id,
        started_at,
    from ingest_runs
),

source_documents as (
    select *
    from document_summary
),

latest_run as (
    select run_id
    from source_runs
    order by started_at desc, run_id desc
    limit 1
),

final as (
    select
        source_documents.run_id,
        source_documents.doc_id,
        source_documents.title,
        source_documents.source_path,
        source_documents.published_date,
        source_documents.events,
        source_documents.stances,
        source_documents.top_dyad,
        source_documents.ingested_at,
    from source_documents
    semi join latest_run using (run_id)
)

select * from final
