-- Record the signature on disk of files hashed again and found unchanged, so the next
-- load does not open them. inputs: stg_signatures (path, mtime_ns, ctime_ns, inode),
-- registered by Python.
update load_files
set mtime_ns = s.mtime_ns, ctime_ns = s.ctime_ns, inode = s.inode
from stg_signatures as s
where load_files.path = s.path
