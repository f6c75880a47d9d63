-- stance_monthly: who is growing more hostile or friendly to whom (or to what), month by month?
-- Grain: one row per month, holder country, target country and target topic.
-- target_country is null when the stance is about a topic ("the refugee deal") rather than an actor.
-- Materialised: rows of months not in stale_months come from stance_monthly_cache; the stale
-- months are computed here from the stances (see migration 003_view_caches).
-- Documents marked missing (documents.missing_since: their files are gone) are left out.
-- Columns: month, holder_country, target_country, target_topic, stances, mean_score, positive,
--          negative, documents
create or replace view stance_monthly as
with

cached as (
    select *
    from stance_monthly_cache
    anti join stale_months using (month)
),

dated_stances as (
    select *
    from stances
    anti join (select doc_id from documents where missing_since is not null) using (doc_id)
    where stance_date is not null
        and holder_country is not null
        and date_trunc('month', stance_date)::date in (select month from stale_months)
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

select * from cached
union all
select * from monthly
