"""One spider per publisher channel; module name == spider name == source id."""
