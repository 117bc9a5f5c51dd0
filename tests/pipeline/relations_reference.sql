-- The relation rule stated on its own, as a full rebuild over all current statements: the
-- reference test_load_relations.py compares rdi load's relations with. Production states
-- the rule once, in warehouse/sql/load/08_relations.sql (which recomputes the pairs of the
-- statements a load changed; a first load and loader.rebuild_relations mark them all); a
-- rule change is made there and here, and the test fails until both agree.
-- translation_of: an is_translation statement linked to its original by the language-
-- switch links (alt_urls) either way. duplicate_of: the same text on two sources (equal
-- content_hash, equal canonical URL, or same country/lang/date with >= 90 % similar
-- openings); the original is the non-aggregator, earlier-dated, first-seen one. Every
-- row is a function of its two statements alone. Of several methods with the top score,
-- the first of content_hash, canonical_url, fuzzy_text is named. inputs: statements.
delete from statement_relations
;

insert into statement_relations
with s as (
    select
        statement_id, source, country, lang, url, canonical_url, alt_urls, is_translation,
        content_hash, text, coalesce(event_date, published_date) as d, first_seen_at,
        -- aggregators republish other publishers' texts (korea.kr)
        regexp_matches(source, '^kr_koreakr_') as is_aggregator
    from statements
),
urls as (
    select statement_id, url as u from s
    union
    select statement_id, canonical_url as u from s where canonical_url is not null
),
alt_links as (
    select statement_id, unnest(alt_urls) as u from s
),
translations as (
    -- the translation links to the original
    select t.statement_id, o.statement_id as related_id
    from s as t
    join alt_links as a on a.statement_id = t.statement_id
    join urls as ou on ou.u = a.u
    join s as o on o.statement_id = ou.statement_id
    where t.is_translation and not o.is_translation and o.lang <> t.lang
    union
    -- the original links to the translation
    select t.statement_id, o.statement_id as related_id
    from s as o
    join alt_links as a on a.statement_id = o.statement_id
    join urls as tu on tu.u = a.u
    join s as t on t.statement_id = tu.statement_id
    where t.is_translation and not o.is_translation and o.lang <> t.lang
),
pairs as (
    select a.statement_id as a_id, b.statement_id as b_id, 'content_hash' as method, 100.0 as score,
        1 as prio
    from s as a join s as b on a.content_hash = b.content_hash
    where a.source <> b.source
    union all
    select a.statement_id, b.statement_id, 'canonical_url', 100.0, 2
    from s as a join s as b on coalesce(a.canonical_url, a.url) = coalesce(b.canonical_url, b.url)
    where a.source <> b.source
    union all
    select a.statement_id, b.statement_id, 'fuzzy_text',
        100.0 * (1 - levenshtein(left(a.text, 400), left(b.text, 400))
            / greatest(length(left(a.text, 400)), length(left(b.text, 400)), 1)),
        3
    from s as a
    join s as b on a.country = b.country and a.lang = b.lang and a.d = b.d
    where a.source <> b.source
        and length(a.text) >= 200 and length(b.text) >= 200
        and length(a.text) between 0.8 * length(b.text) and 1.25 * length(b.text)
),
ranked_pairs as (
    select p.a_id as statement_id, p.b_id as related_id, p.method, p.score, p.prio
    from pairs as p
    join s as a on a.statement_id = p.a_id
    join s as b on b.statement_id = p.b_id
    where p.score >= 90
        and not a.is_translation and not b.is_translation
        -- keep the direction in which a is the later copy of b
        and (a.is_aggregator, a.d, a.first_seen_at, a.statement_id)
            > (b.is_aggregator, b.d, b.first_seen_at, b.statement_id)
),
duplicates as (
    select statement_id, related_id, first(method order by score desc, prio) as method, max(score) as score
    from ranked_pairs
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
