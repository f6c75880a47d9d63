-- 008_document_paths: the database follows the folder. A document (one content hash) may be
-- found at several paths (copies); a moved or renamed file keeps its document; a document whose
-- files are all gone from an ingested folder is marked missing (and left out of the trend
-- views) until a file with its content comes back or `eventpipe ingest --prune` deletes it.

-- When the document's files were found gone (NULL while one exists).
alter table documents add column if not exists missing_since timestamp;

-- Every path at which a document's content was found: documents.source_path and its copies.
create table if not exists document_paths (
    source_path varchar not null,
    doc_id varchar not null,
    run_id varchar,                    -- the run that found the document at this path
    added_at timestamp not null
);

insert into document_paths
select source_path, doc_id, run_id, ingested_at
from documents
where source_path not in (select source_path from document_paths);

-- What each run changed about documents' paths, one row per change.
create table if not exists path_changes (
    run_id varchar not null,
    change varchar not null,           -- 'moved' | 'copied' | 'removed' | 'missing' | 'returned' | 'pruned'
    doc_id varchar not null,
    source_path varchar,               -- the path now (moved, copied, returned) or the path gone
    previous_path varchar,             -- moved/returned: where it was; copied: the document's path
    changed_at timestamp not null
);

-- The counts of those changes per run, beside the file counts of 001 and 002.
alter table ingest_runs add column if not exists moved_documents integer default 0;
alter table ingest_runs add column if not exists copied_files integer default 0;
alter table ingest_runs add column if not exists removed_paths integer default 0;
alter table ingest_runs add column if not exists missing_documents integer default 0;
alter table ingest_runs add column if not exists returned_documents integer default 0;
alter table ingest_runs add column if not exists pruned_documents integer default 0;
