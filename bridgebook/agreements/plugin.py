"""What the home-school agreement adds to the shared pages (bridgebook/core/registry.py)."""
