-- events: the calendar the expected baseline used. inputs: events.
create or replace temp table export_events as
select event_id, kind, label, actor, target, start_date, end_date, recurrence, note,
    calendar_version
from events
order by start_date, event_id
