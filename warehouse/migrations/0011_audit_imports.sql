-- 0011: every coder file rdi audit import read, by the sha256 of its bytes, with the coder it
-- was imported as: one file is one coder's work, so the same file imported again under
-- another coder name (a second coder with the first coder's labels, agreement by copy) is
-- refused naming the earlier import. Imports made before this migration are not listed.
create table audit_imports (
    sha256 varchar not null,             -- of the file's bytes
    coder varchar not null,
    file varchar not null,               -- the file's name when first imported as this coder
    imported_at timestamptz not null,
    primary key (sha256, coder)
);
