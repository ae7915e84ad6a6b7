"""The forum: chat rooms made by the events that cause them, messages, read state, Pachca."""
