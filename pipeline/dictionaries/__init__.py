"""Readers and converters for the event-data field's dictionaries (TABARI/PETRARCH format)."""
