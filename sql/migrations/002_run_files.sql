-- 002_run_files: each ingest run records how many files it found, so that
-- files_found = loaded + unchanged + quarantined can be checked per run.
alter table ingest_runs add column if not exists files_found integer;
