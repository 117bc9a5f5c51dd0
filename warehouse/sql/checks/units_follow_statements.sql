-- Contract (brief 2): every unit belongs to a current statement; turn units are official turns.
select u.unit_id
from units as u
left join statements as s using (statement_id)
left join turns as t on t.statement_id = u.statement_id and t.idx = u.turn_idx
where s.statement_id is null
    or (u.turn_idx is not null and (t.role is null or t.role <> 'official'))
    or (u.turn_idx is null and u.unit_id <> u.statement_id)
