-- 001_init: the core tables. Rows of one document are replaced together in one transaction,
-- so no table carries constraints that would make a delete-then-insert fail inside it.

create table if not exists documents (
    doc_id varchar not null,           -- content hash of the file (and its sidecar)
    source_path varchar not null,      -- path as discovered
    title varchar,
    author varchar,
    author_role varchar,
    published_date date,
    published_basis varchar not null,  -- 'metadata' | 'text' | 'file' | 'unknown'
    source varchar,
    url varchar,
    text varchar not null,             -- normalised body text; evidence offsets slice it
    n_chars integer not null,
    run_id varchar,
    ingested_at timestamp not null
);

create table if not exists footnotes (
    doc_id varchar not null,
    label varchar,
    text varchar,
    note_date date
);

create table if not exists actors (
    actor_id varchar not null,
    name varchar not null,
    country varchar not null,
    sector varchar,
    actor_type varchar
);

create table if not exists actor_mentions (
    doc_id varchar not null,
    actor_id varchar not null,
    country varchar,
    sector varchar,
    text varchar not null,
    char_start integer not null,
    char_end integer not null,
    mention_date date
);

create table if not exists events (
    event_id varchar not null,
    doc_id varchar not null,
    source_actor varchar,
    source_country varchar,
    target_actor varchar,
    target_country varchar,
    event_type varchar not null,
    cameo_code varchar,
    goldstein double,
    quad_class integer,
    event_date date,
    date_precision varchar not null,   -- 'day' | 'month' | 'year' | 'none'
    date_text varchar,
    date_value varchar,                -- TIMEX3 value of date_text
    date_basis varchar not null,       -- 'explicit' | 'relative' | 'document'
    negated boolean not null,
    modality varchar not null,         -- 'asserted' | 'hypothetical' | 'future' | 'reported'
    location varchar,
    trigger varchar,
    sentence varchar not null,
    char_start integer not null,
    char_end integer not null,
    confidence double
);

create table if not exists stances (
    stance_id varchar not null,
    doc_id varchar not null,
    holder_actor varchar,
    holder_country varchar,
    target_actor varchar,
    target_country varchar,
    target_topic varchar,
    polarity varchar not null,         -- 'positive' | 'negative' | 'neutral'
    score double not null,             -- in [-1, 1]
    cue varchar,
    sentence varchar not null,
    char_start integer not null,
    char_end integer not null,
    stance_date date,
    date_precision varchar not null
);

create table if not exists ingest_runs (
    run_id varchar not null,
    started_at timestamp not null,
    finished_at timestamp,
    status varchar not null,           -- 'running' | 'completed' | 'failed'
    paths varchar,
    new_documents integer default 0,
    updated_documents integer default 0,
    unchanged_documents integer default 0,
    quarantined_files integer default 0,
    events integer default 0,
    stances integer default 0,
    message varchar
);

create table if not exists quarantine (
    source_path varchar not null,
    reason varchar not null,
    run_id varchar,
    quarantined_at timestamp not null,
    content_hash varchar               -- hash of the file when it was quarantined, if readable
);
