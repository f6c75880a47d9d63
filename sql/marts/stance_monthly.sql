-- stance_monthly: who is growing more hostile or friendly to whom (or to what), month by month?
-- Grain: one row per month, holder country, target country and target topic.
-- About: >
--   Dated stances whose holder has a country. target_country is null when the stance is about a
--   topic ("the refugee deal") rather than an actor.
-- Cache:
--   partitions: stale_months
--   restrict:
--     stances: {month: "date_trunc('month', stance_date)::date"}
-- Columns:
--   month: first day of the month of the stances' dates
--   holder_country: country code of who holds the stances
--   target_country: country code of whom they are towards (null for a topic)
--   target_topic: what they are towards, when not an actor
--   stances: number of stances
--   mean_score: their mean score, -1 (hostile) to +1 (supportive)
--   positive: stances of positive polarity
--   negative: stances of negative polarity
--   documents: number of distinct documents stating them
with

dated_stances as (
    select *
    from stances
    -- documents whose files are gone (documents.missing_since) are left out
    anti join (select doc_id from documents where missing_since is not null) using (doc_id)
    where stance_date is not null
        and holder_country is not null
),

monthly as (
    select
        date_trunc('month', stance_date)::date as month,
        holder_country,
        target_country,
        target_topic,
        count(*) as stances,
        avg(score) as mean_score,
        count(*) filter (where polarity = 'positive') as positive,
        count(*) filter (where polarity = 'negative') as negative,
        count(distinct doc_id) as documents,
    from dated_stances
    group by all
)

select * from monthly
