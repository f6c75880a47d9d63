-- 007_actors_source: which actor registry the `actors` table was loaded from (a fingerprint of
-- its files' paths, sizes and modification times and of the code that reads them). A run whose
-- registry has the same fingerprint keeps the table as it is instead of decoding and rewriting
-- some 30,000 actors; one row at most.
create table if not exists actors_source (fingerprint varchar not null, loaded_at timestamp);
