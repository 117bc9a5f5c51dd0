-- 0009: what a staging file looked like on disk when it was last read (os.stat), so a load
-- skips a completely read file without opening it while its size, modification and change
-- times and inode are all unchanged. NULL (older rows, or a file changed too shortly before
-- it was read to trust its times): the file is hashed again and compared by sha256.
alter table load_files add column mtime_ns bigint;
alter table load_files add column ctime_ns bigint;
alter table load_files add column inode ubigint;
