"""THE BOT: the platform of a private tutoring school."""

__version__ = "0.1.0"
