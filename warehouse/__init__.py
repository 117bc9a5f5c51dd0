"""DuckDB warehouse: migrations, loads, SQL views and the RDI computation."""
