"""The bundled offline Korean news web and `scwatch demo` (a crawl of it into a fresh file).

It may import the scheduler's launcher and everything below it; never the API or the CLI.
"""
