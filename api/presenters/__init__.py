"""Read-model rows into the API's output models."""
