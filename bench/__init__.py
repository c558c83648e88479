"""`make bench`: load and scale measurements, and the hooks only they need.

Its settings (`bench.settings`) are production's plus reference endpoints and the
`X-Bench-Render` header; nothing in the site itself knows of them.
"""
