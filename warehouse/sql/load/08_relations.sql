-- Translation and cross-site duplicate relations of the statements in stg_changed, against
-- all current statements: the one statement of the rule. translation_of: an is_translation
-- statement linked to its original by the language-switch links (alt_urls) either way.
-- duplicate_of: the same text on two sources (equal content_hash, equal canonical URL, or
-- same country/lang/date with >= 90 % similar openings); the original is the
-- non-aggregator, earlier-dated, first-seen one. Of several methods with the top score, the
-- first of content_hash, canonical_url, fuzzy_text is named.
-- Every row is a function of its two statements alone, and a statement's row in
-- `statements` changes only when it gets a new version (06_statements: stg_changed;
-- last_seen_at is not used). So the rows with a changed statement on either side are
-- deleted and recomputed, the others stay. On a first load every statement is changed, and
-- loader.rebuild_relations (relations_rebuild.sql) marks them all: the same file is then
-- the full rebuild. tests/pipeline/relations_reference.sql states the rule again, as the
-- test's independent reference. inputs: stg_changed, statements.
delete from statement_relations
where statement_id in (select statement_id from stg_changed)
    or related_id in (select statement_id from stg_changed)
;

insert into statement_relations
with s as (
    select
        statement_id, source, country, lang, url, canonical_url, alt_urls, is_translation,
        content_hash, text, coalesce(event_date, published_date) as d, first_seen_at,
        -- aggregators republish other publishers' texts (korea.kr)
        regexp_matches(source, '^kr_koreakr_') as is_aggregator,
        statement_id in (select statement_id from stg_changed) as touched
    from statements
),
t as (
    select * from s where touched
),
urls as (
    select statement_id, touched, url as u from s
    union
    select statement_id, touched, canonical_url as u from s where canonical_url is not null
),
alt_links as (
    select statement_id, touched, unnest(alt_urls) as u from s
),
links as (
    -- (holder, owner): an alt_url of holder is a URL of owner; one of them changed
    select a.statement_id as holder, o.statement_id as owner
    from alt_links as a join urls as o on o.u = a.u
    where a.touched
    union
    select a.statement_id, o.statement_id
    from alt_links as a join urls as o on o.u = a.u
    where o.touched
),
translations as (
    -- the translation links to the original
    select tr.statement_id, o.statement_id as related_id
    from links as l
    join s as tr on tr.statement_id = l.holder
    join s as o on o.statement_id = l.owner
    where tr.is_translation and not o.is_translation and o.lang <> tr.lang
    union
    -- the original links to the translation
    select tr.statement_id, o.statement_id as related_id
    from links as l
    join s as o on o.statement_id = l.holder
    join s as tr on tr.statement_id = l.owner
    where tr.is_translation and not o.is_translation and o.lang <> tr.lang
),
matches as (
    -- candidate pairs with x changed, y any statement, by method
    select x.statement_id as x_id, y.statement_id as y_id, 'content_hash' as method, 1 as prio
    from t as x join s as y on x.content_hash = y.content_hash
    where x.source <> y.source
    union all
    select x.statement_id, y.statement_id, 'canonical_url', 2
    from t as x
    join s as y on coalesce(x.canonical_url, x.url) = coalesce(y.canonical_url, y.url)
    where x.source <> y.source
    union all
    select x.statement_id, y.statement_id, 'fuzzy_text', 3
    from t as x
    join s as y on x.country = y.country and x.lang = y.lang and x.d = y.d
    where x.source <> y.source
        and length(x.text) >= 200 and length(y.text) >= 200
),
oriented as (
    -- both directions; a pair of two changed statements comes from both sides once
    select x_id as a_id, y_id as b_id, method, prio from matches
    union
    select y_id, x_id, method, prio from matches
),
ranked_pairs as (
    -- the pair filters, before the score is computed
    select
        a.statement_id, b.statement_id as related_id, o.method, o.prio,
        case o.method
            when 'fuzzy_text' then 100.0 * (1 - levenshtein(left(a.text, 400), left(b.text, 400))
                / greatest(length(left(a.text, 400)), length(left(b.text, 400)), 1))
            else 100.0
        end as score
    from oriented as o
    join s as a on a.statement_id = o.a_id
    join s as b on b.statement_id = o.b_id
    where not a.is_translation and not b.is_translation
        and (o.method <> 'fuzzy_text'
             or length(a.text) between 0.8 * length(b.text) and 1.25 * length(b.text))
        -- keep the direction in which a is the later copy of b
        and (a.is_aggregator, a.d, a.first_seen_at, a.statement_id)
            > (b.is_aggregator, b.d, b.first_seen_at, b.statement_id)
),
duplicates as (
    select statement_id, related_id, first(method order by score desc, prio) as method,
        max(score) as score
    from ranked_pairs
    where score >= 90
    group by 1, 2
),
final as (
    select statement_id, related_id, 'translation_of' as relation, 'alt_url' as method,
        null::double as score
    from translations
    union all
    select statement_id, related_id, 'duplicate_of', method, score from duplicates
)
select * from final
