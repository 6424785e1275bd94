"""What the conduct log adds to the shared pages (bridgebook/core/registry.py)."""
