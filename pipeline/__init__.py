"""Stages that glue crawlers, nlp and warehouse together, and the `rdi` CLI."""
