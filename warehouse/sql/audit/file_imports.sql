-- Earlier imports of the file with sha256 $sha256 under a coder other than $coder (names
-- compared without case, as rdi audit import compares them), first one first.
-- grain: import. inputs: audit_imports.
select coder, file, imported_at
from audit_imports
where sha256 = $sha256
    and lower(coder) <> lower($coder)
order by imported_at, coder
