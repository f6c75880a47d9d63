-- 006_unresolved_sides: an event side that the text names but the registry does not know
-- ("The Movement for Quality Government refused ...") keeps its words: its actor and country
-- are NULL and source_text / target_text hold the name. NULL for resolved or absent sides.
alter table events add column if not exists source_text varchar;
alter table events add column if not exists target_text varchar;
