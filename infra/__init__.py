"""
Shared infrastructure of the newsroom's apps: cache generations and the page cache,
keyed hashes of readers' addresses, the rate limiter, the admin dashboard's panels.
No model of the newsroom's domain lives here, and nothing here imports a project app.
"""
