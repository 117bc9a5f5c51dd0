"""Tests (a package so test modules never shadow the generic top-level package names)."""
