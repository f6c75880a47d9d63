-- actor_salience_monthly: which actors do the articles talk about most, month by month?
-- Grain: one row per month (of the mentioning document's date) and actor.
-- share is the actor's part of all actor mentions in that month.
-- Columns: month, actor_id, country, mentions, documents, share
create or replace view actor_salience_monthly as
with

dated_mentions as (
    select
        mentions.*,
        coalesce(mentions.mention_date, documents.published_date) as mentioned_on,
    from actor_mentions as mentions
    inner join documents using (doc_id)
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
    group by month, actor_id
)

select
    *,
    mentions / sum(mentions) over (partition by month) as share,
from monthly
