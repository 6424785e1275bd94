"""A capability that does not exist: the smallest app a new feature would be, used by
test_plugging_in.py to show that an app plugs itself in without touching core."""
