-- Staged lines: every line of the files to read, numbered from 1, with its file's
-- relative path. inputs: stg_files (path_read, path_rel, ends_nl), registered by Python.
create or replace temp table stg_lines as
with files as (
    select * from stg_files
),
raw as (
    select f.filename as path_read, l.line, l.line_no::integer as line_no
    from read_text($paths) as f,
        unnest(string_split(f.content, chr(10))) with ordinality as l(line, line_no)
),
final as (
    select
        files.path_rel as staging_file,
        raw.line_no,
        -- tolerate CRLF files and a UTF-8 byte-order mark on the first line
        ltrim(rtrim(raw.line, chr(13)), chr(65279)) as line,
        raw.line_no = max(raw.line_no) over (partition by raw.path_read) as is_last,
        files.ends_nl
    from raw
    join files on files.path_read = raw.path_read
)
select * from final
where trim(line) <> ''
