"""Services: the use cases that read and write the database.

What belongs here: opening a runtime, ingesting an article in one transaction, recording
fetches, delivering the outbox (with its pacing and lease keeper), empty digests,
source-health incidents. Services combine scwatch.core decisions with scwatch.storage
functions and scwatch.notify senders. They may import core, config, storage and notify;
never spiders, the scheduler, the API or the CLI.
"""
