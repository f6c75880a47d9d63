-- run_changes: what did each ingest run change compared with the run before it?
-- Grain: one row per ingest run (runs in start order).
-- About: >
--   is_latest marks the newest run, so "where is_latest" is what changed since the last run. The
--   previous_* columns are the run before's counts and the *_change columns the differences;
--   documents_now, events_now and stances_now are what the database holds after the latest run
--   (null on older runs). Path changes (one row each in path_changes): documents moved or
--   renamed, files copied, paths removed (of a document still at another), documents missing
--   (files gone), returned (found again) and pruned (deleted by --prune); missing_now counts the
--   documents marked missing after the latest run.
-- Columns:
--   run_id: the run
--   started_at: when it started (UTC)
--   finished_at: when it finished
--   status: running, completed or failed
--   is_latest: whether it is the newest run
--   new_documents: documents it loaded for the first time
--   updated_documents: documents whose content changed
--   unchanged_documents: documents it skipped as unchanged
--   quarantined_files: files it quarantined
--   events: events it extracted
--   stances: stances it extracted
--   moved_documents: documents whose file was moved or renamed
--   copied_files: files recorded as another path of a known document
--   removed_paths: paths removed from a document still at another path
--   missing_documents: documents whose files it found gone
--   returned_documents: missing documents whose file it found again
--   pruned_documents: missing documents it deleted (--prune)
--   previous_run_id: the run before
--   previous_started_at: when that run started
--   previous_new_documents: its new documents
--   previous_events: its events
--   previous_stances: its stances
--   new_documents_change: new_documents minus the previous run's
--   events_change: events minus the previous run's
--   stances_change: stances minus the previous run's
--   documents_now: documents in the database (latest run only)
--   events_now: events in the database (latest run only)
--   stances_now: stances in the database (latest run only)
--   missing_now: documents marked missing (latest run only)
with

source_runs as (
    select *
    from ingest_runs
),

totals as (
    select
        (select count(*) from documents) as documents_now,
        (select count(*) from events) as events_now,
        (select count(*) from stances) as stances_now,
        (select count(*) from documents where missing_since is not null) as missing_now,
),

ordered as (
    select
        run_id,
        started_at,
        finished_at,
        status,
        row_number() over (order by started_at desc, run_id desc) = 1 as is_latest,
        new_documents::bigint as new_documents,
        updated_documents::bigint as updated_documents,
        unchanged_documents::bigint as unchanged_documents,
        quarantined_files::bigint as quarantined_files,
        events::bigint as events,
        stances::bigint as stances,
        coalesce(moved_documents, 0)::bigint as moved_documents,
        coalesce(copied_files, 0)::bigint as copied_files,
        coalesce(removed_paths, 0)::bigint as removed_paths,
        coalesce(missing_documents, 0)::bigint as missing_documents,
        coalesce(returned_documents, 0)::bigint as returned_documents,
        coalesce(pruned_documents, 0)::bigint as pruned_documents,
        lag(run_id) over by_start as previous_run_id,
        lag(started_at) over by_start as previous_started_at,
        (lag(new_documents) over by_start)::bigint as previous_new_documents,
        (lag(events) over by_start)::bigint as previous_events,
        (lag(stances) over by_start)::bigint as previous_stances,
    from source_runs
    window by_start as (order by started_at, run_id)
),

final as (
    select
        ordered.*,
        new_documents - previous_new_documents as new_documents_change,
        events - previous_events as events_change,
        stances - previous_stances as stances_change,
        case when is_latest then totals.documents_now end as documents_now,
        case when is_latest then totals.events_now end as events_now,
        case when is_latest then totals.stances_now end as stances_now,
        case when is_latest then totals.missing_now end as missing_now,
    from ordered
    cross join totals
)

select * from final
