-- Record scheduled steps (idempotent: a step already recorded is left as it is).
-- inputs: $rows, a JSON array of run_steps records (one object per step).
insert into run_steps by name
select * from (
    select
        r.run_id, r.step, r.source, r.started_at::timestamptz as started_at,
        r.ended_at::timestamptz as ended_at, r.status, r.attempts, r.requests, r.responses,
        r.http_errors, r.items_new, r.items_updated, r.items_unchanged, r.items_seen, r.errors,
        r.text_ratio, r.text_samples, r.exit_reason, r.warehouse_run_id, r.details::json as details
    from (
        select unnest(from_json($rows::json, '[{"run_id":"VARCHAR","step":"VARCHAR","source":"VARCHAR",
            "started_at":"VARCHAR","ended_at":"VARCHAR","status":"VARCHAR","attempts":"INTEGER",
            "requests":"INTEGER","responses":"INTEGER","http_errors":"INTEGER","items_new":"INTEGER",
            "items_updated":"INTEGER","items_unchanged":"INTEGER","items_seen":"INTEGER",
            "errors":"INTEGER","text_ratio":"DOUBLE","text_samples":"INTEGER",
            "exit_reason":"VARCHAR","warehouse_run_id":"BIGINT","details":"VARCHAR"}]'), recursive := true) 
    ) as r
)
on conflict do nothing
