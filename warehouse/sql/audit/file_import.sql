-- Whether the file with sha256 $sha256 was imported as $coder before (audit_imports).
-- grain: import. inputs: audit_imports.
select file
from audit_imports
where sha256 = $sha256
    and coder = $coder
