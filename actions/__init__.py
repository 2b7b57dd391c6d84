"""Front Door's Rasa action server: thin form validation and submission actions.

Start it with ``python -m rasa_sdk --actions actions``; every module here is
imported and each Action subclass is registered by its ``name()``.
"""
