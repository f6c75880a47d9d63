-- 003_view_caches: materialised rows of the costly trend views, so that they answer in
-- milliseconds over millions of events. Each cache holds the view's own rows; a partition
-- (an ordered country pair, a month or a document) whose source rows changed is listed in a
-- stale_* table by the same transaction that changed them, and the view reads the cache for
-- the other partitions and computes the stale ones from the tables. The end of every ingest
-- run recomputes the stale partitions into the caches and empties the stale_* tables, in one
-- transaction (pipeline.store.refresh_view_caches). The caches are therefore never wrong, only
-- slower to read while partitions are stale (after a crash, until the next run ends).
-- (Since the views are models, pipeline/store/caches.py makes and checks these tables from the
-- model contracts in sql/ on every open; a cache no model uses any more is dropped there.)

-- Partitions whose cached rows are out of date.
create table if not exists stale_dyads (
    source_country varchar not null,
    target_country varchar not null
);

create table if not exists stale_months (
    month date not null
);

create table if not exists stale_documents (
    doc_id varchar not null
);

-- dyad_monthly, partitioned by (source_country, target_country).
create table if not exists dyad_monthly_cache (
    month date,
    source_country varchar,
    target_country varchar,
    quad_class integer,
    events bigint,
    goldstein_sum double,
    goldstein_mean double,
    documents bigint
);

-- dyad_timeline, partitioned by (source_country, target_country).
create table if not exists dyad_timeline_cache (
    month date,
    source_country varchar,
    target_country varchar,
    verbal_cooperation bigint,
    material_cooperation bigint,
    verbal_conflict bigint,
    material_conflict bigint,
    events bigint,
    goldstein_sum double,
    goldstein_mean double,
    documents bigint
);

-- stance_monthly, partitioned by month.
create table if not exists stance_monthly_cache (
    month date,
    holder_country varchar,
    target_country varchar,
    target_topic varchar,
    stances bigint,
    mean_score double,
    positive bigint,
    negative bigint,
    documents bigint
);

-- actor_salience_monthly, partitioned by month.
create table if not exists actor_salience_monthly_cache (
    month date,
    actor_id varchar,
    country varchar,
    mentions bigint,
    documents bigint,
    share double
);

-- event_cluster_mentions, partitioned by (source_country, target_country).
create table if not exists event_cluster_mentions_cache (
    cluster_id varchar,
    source_country varchar,
    target_country varchar,
    event_type varchar,
    consensus_date date,
    consensus_precision varchar,
    doc_id varchar,
    title varchar,
    published_date date,
    event_id varchar,
    event_date date,
    date_precision varchar,
    date_text varchar,
    trigger varchar,
    location varchar,
    agrees_with_consensus boolean,
    sentence varchar
);

-- event_clusters, partitioned by (source_country, target_country).
create table if not exists event_clusters_cache (
    cluster_id varchar,
    source_country varchar,
    target_country varchar,
    event_type varchar,
    consensus_date date,
    consensus_precision varchar,
    documents bigint,
    mentions bigint,
    first_reported date,
    last_reported date,
    conflicting_dates bigint,
    conflicting_documents bigint
);

-- document_summary without conflicting_mentions (which depends on other documents),
-- partitioned by document.
create table if not exists document_summary_cache (
    doc_id varchar,
    title varchar,
    source_path varchar,
    published_date date,
    published_basis varchar,
    author varchar,
    events bigint,
    dated_events bigint,
    stances bigint,
    actors bigint,
    first_event_date date,
    last_event_date date,
    top_dyad varchar,
    top_dyad_events bigint,
    goldstein_mean double,
    mean_stance_score double,
    run_id varchar,
    ingested_at timestamp
);

-- An upgraded database starts with every partition stale: the views compute everything from
-- the tables (as before this migration) until the first refresh fills the caches.
insert into stale_dyads
select distinct source_country, target_country
from events
where source_country is not null and target_country is not null;

insert into stale_months
select distinct date_trunc('month', coalesce(actor_mentions.mention_date, documents.published_date))::date
from actor_mentions
inner join documents using (doc_id)
where coalesce(actor_mentions.mention_date, documents.published_date) is not null
union
select distinct date_trunc('month', stance_date)::date
from stances
where stance_date is not null;

insert into stale_documents
select distinct doc_id
from documents;
