-- The staging files read before: their sha256, whether they were read completely, and
-- their signature on disk when read (NULLs: hash the file again). inputs: load_files.
select path, sha256, complete, size_bytes, mtime_ns, ctime_ns, inode
from load_files
