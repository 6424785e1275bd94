"""What concerns add to the shared pages (bridgebook/core/registry.py)."""
