"""
Staff accounts: the admin is the keys to the newspaper. Login throttling
(``logins``), the second factor (``twofactor``, its pages in ``views``), session
lifetimes (``sessions``) and the admin site that asks for all of it (``site``).
See docs/security.md.
"""
