"""Connecting to Temporal: the embedded dev server or a cluster by address, namespace and TLS."""

from __future__ import annotations

import asyncio
from pathlib import Path

from temporalio.client import Client
from temporalio.service import TLSConfig

from infra.settings import Settings


def tls_config(settings: Settings) -> TLSConfig | bool:
    if settings.temporal_tls_cert and settings.temporal_tls_key:
        return TLSConfig(
            client_cert=Path(settings.temporal_tls_cert).read_bytes(),
            client_private_key=Path(settings.temporal_tls_key).read_bytes(),
        )
    return settings.temporal_tls or bool(settings.temporal_api_key)


async def connect(settings: Settings, attempts: int = 30) -> Client:
    """Connect, waiting a little for a server that is still starting."""
    for attempt in range(attempts):
        try:
            return await Client.connect(
                settings.temporal_address,
                namespace=settings.temporal_namespace,
                tls=tls_config(settings),
                api_key=settings.temporal_api_key,
            )
        except RuntimeError:
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(1)
    raise AssertionError("unreachable")
