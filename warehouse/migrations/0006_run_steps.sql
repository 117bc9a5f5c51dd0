-- 0006: run history of every scheduled step (crawl, load, tag, index) per source.
-- One row per step of a cycle; a cycle is one crawl → load → tag → index pass for one
-- source started by `rdi schedule run|once`. `runs` keeps the warehouse writers' own rows;
-- `warehouse_run_id` links a load/tag/index step to it.
create table run_steps (
    run_id varchar not null,             -- the cycle id, e.g. 20261202T101500-us_state_briefings-3fa2c9
    step varchar not null,               -- crawl | load | tag | index
    source varchar not null,
    started_at timestamptz not null,
    ended_at timestamptz not null,
    status varchar not null,             -- ok | failed | abandoned | skipped
    attempts integer not null,           -- 1 + retries used
    requests integer,                    -- crawl: HTTP requests made
    responses integer,                   -- crawl: HTTP responses received
    http_errors integer,                 -- crawl: responses with status >= 400
    items_new integer,                   -- crawl: new statements; load: new statements
    items_updated integer,               -- crawl: changed statements; load: new versions
    items_unchanged integer,             -- crawl: revisited, unchanged
    items_seen integer,                  -- crawl: statements seen (listed or extracted); 0 = broken source
    errors integer,                      -- crawl: logged errors + callback exceptions
    text_ratio double,                   -- crawl: median spider/generic-extractor text length of sampled pages
    text_samples integer,                -- crawl: pages in that sample
    exit_reason varchar,                 -- finished | exit code n | busy | stopped by SIGTERM | nothing new | ...
    warehouse_run_id bigint,             -- load/tag/index: runs.run_id of the writer's own row
    details json,
    primary key (run_id, step)
);
