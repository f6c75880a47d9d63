-- 009_stance_date_text: the words that date a stance ("in March 2016"), as events keep theirs
-- in date_text, so that its evidence shows them; null when the stance takes the document date
-- (and for the rows of older databases until their documents are ingested again).
alter table stances add column if not exists date_text varchar;
