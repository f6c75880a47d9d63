-- actor_salience_monthly: which actors do the articles talk about most, month by month?
-- Grain: one row per month (of the mentioning document's date) and actor.
-- share is the actor's part of all actor mentions in that month.
-- Materialised: rows of months not in stale_months come from actor_salience_monthly_cache; the
-- stale months are computed here from the mentions (see migration 003_view_caches).
-- Documents marked missing (documents.missing_since: their files are gone) are left out.
-- Columns: month, actor_id, country, mentions, documents, share
create or replace view actor_salience_monthly as
with

cached as (
    select *
    from actor_salience_monthly_cache
    anti join stale_months using (month)
),

dated_mentions as (
    select
        mentions.*,
        coalesce(mentions.mention_date, documents.published_date) as mentioned_on,
    from actor_mentions as mentions
    inner join documents using (doc_id)
    where documents.missing_since is null
),

monthly as (
    select
        date_trunc('month', mentioned_on)::date as month,
        actor_id,
        any_value(country) as country,
        count(*) as mentions,
        count(distinct doc_id) as documents,
    from dated_mentions
    where mentioned_on is not null
        and date_trunc('month', mentioned_on)::date in (select month from stale_months)
    group by month, actor_id
)

select * from cached
union all
select
    *,
    mentions / sum(mentions) over (partition by month) as share,
from monthly
