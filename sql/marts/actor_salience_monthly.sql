-- actor_salience_monthly: which actors do the articles talk about most, month by month?
-- Grain: one row per month (of the mention's date, else its document's) and actor.
-- About: >
--   share is the actor's part of all actor mentions in that month. Mentions without a date of
--   their own or of their document are left out.
-- Cache:
--   partitions: stale_months
--   restrict:
--     stg_dated_mentions: {month: "date_trunc('month', mentioned_on)::date"}
-- Columns:
--   month: first day of the month
--   actor_id: registry actor id
--   country: the actor's country code
--   mentions: its mentions that month
--   documents: number of distinct documents mentioning it that month
--   share: its part of all actor mentions that month, 0 to 1
with

dated_mentions as (
    select * from stg_dated_mentions
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
