-- document_summary: what did each article contribute: how many events and stances, over which period, about whom?
-- Grain: one row per document.
-- dated_events counts events dated by the text (date_basis explicit or relative); first/last
-- event dates span those; top_dyad is the ordered country pair with most events ("TUR->RUS",
-- ties by name); conflicting_mentions counts the document's event mentions whose date disagrees
-- with the consensus of their cross-document cluster (see event_cluster_mentions).
-- Materialised: the columns but conflicting_mentions of documents not in stale_documents come
-- from document_summary_cache; stale documents are summarised here from the tables (see
-- migration 003_view_caches). conflicting_mentions is always counted here, as it depends on
-- the clustering of other documents' mentions.
-- Columns: doc_id, title, source_path, published_date, published_basis, author, events,
--          dated_events, stances, actors, first_event_date, last_event_date, top_dyad,
--          top_dyad_events, goldstein_mean, mean_stance_score, conflicting_mentions, run_id,
--          ingested_at
create or replace view document_summary as
with

cached as (
    select *
    from document_summary_cache
    anti join stale_documents using (doc_id)
),

source_documents as (
    select
        doc_id,
        title,
        source_path,
        published_date,
        published_basis,
        author,
        run_id,
        ingested_at,
    from documents
    semi join stale_documents using (doc_id)
),

source_events as (
    select *
    from events
    semi join stale_documents using (doc_id)
),

source_stances as (
    select *
    from stances
    semi join stale_documents using (doc_id)
),

source_mentions as (
    select *
    from actor_mentions
    semi join stale_documents using (doc_id)
),

source_cluster_mentions as (
    select
        doc_id,
        agrees_with_consensus,
    from event_cluster_mentions
),

event_counts as (
    select
        doc_id,
        count(*) as events,
        count(*) filter (where date_basis in ('explicit', 'relative')) as dated_events,
        min(event_date) filter (where date_basis in ('explicit', 'relative')) as first_event_date,
        max(event_date) filter (where date_basis in ('explicit', 'relative')) as last_event_date,
        avg(goldstein) as goldstein_mean,
    from source_events
    group by doc_id
),

dyad_counts as (
    select
        doc_id,
        source_country || '->' || target_country as dyad,
        count(*) as dyad_events,
    from source_events
    where source_country is not null
        and target_country is not null
        and source_country <> target_country
    group by all
),

top_dyads as (
    select
        doc_id,
        dyad as top_dyad,
        dyad_events as top_dyad_events,
    from dyad_counts
    qualify row_number() over (partition by doc_id order by dyad_events desc, dyad) = 1
),

stance_counts as (
    select
        doc_id,
        count(*) as stances,
        avg(score) as mean_stance_score,
    from source_stances
    group by doc_id
),

actor_counts as (
    select
        doc_id,
        count(distinct actor_id) as actors,
    from source_mentions
    group by doc_id
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

computed as (
    select
        source_documents.doc_id,
        source_documents.title,
        source_documents.source_path,
        source_documents.published_date,
        source_documents.published_basis,
        source_documents.author,
        coalesce(event_counts.events, 0) as events,
        coalesce(event_counts.dated_events, 0) as dated_events,
        coalesce(stance_counts.stances, 0) as stances,
        coalesce(actor_counts.actors, 0) as actors,
        event_counts.first_event_date,
        event_counts.last_event_date,
        top_dyads.top_dyad,
        coalesce(top_dyads.top_dyad_events, 0) as top_dyad_events,
        event_counts.goldstein_mean,
        stance_counts.mean_stance_score,
        source_documents.run_id,
        source_documents.ingested_at,
    from source_documents
    left join event_counts using (doc_id)
    left join top_dyads using (doc_id)
    left join stance_counts using (doc_id)
    left join actor_counts using (doc_id)
),

summaries as (
    select * from cached
    union all
    select * from computed
),

final as (
    select
        summaries.doc_id,
        summaries.title,
        summaries.source_path,
        summaries.published_date,
        summaries.published_basis,
        summaries.author,
        summaries.events,
        summaries.dated_events,
        summaries.stances,
        summaries.actors,
        summaries.first_event_date,
        summaries.last_event_date,
        summaries.top_dyad,
        summaries.top_dyad_events,
        summaries.goldstein_mean,
        summaries.mean_stance_score,
        coalesce(conflict_counts.conflicting_mentions, 0) as conflicting_mentions,
        summaries.run_id,
        summaries.ingested_at,
    from summaries
    left join conflict_counts using (doc_id)
)

select * from final
