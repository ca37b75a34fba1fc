"""Input and output models of the JSON API, kept apart from the domain's classes."""
