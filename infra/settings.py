"""One settings object, read from environment variables.

The event store is configured with the eventsourcing library's own variables
(PERSISTENCE_MODULE, SQLITE_DBNAME, POSTGRES_DBNAME, POSTGRES_HOST, POSTGRES_PORT,
POSTGRES_USER, POSTGRES_PASSWORD, ...); everything else is XIUHUA_* or TEMPORAL_*.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

SQLITE = "eventsourcing.sqlite"
POSTGRES = "eventsourcing.postgres"
TASK_QUEUE = "xiuhua-campaigns"
# A request waits at most this long for a database connection before it is answered 503, and a
# pooled connection the server has dropped is found out (pre-ping) and replaced, not used.
POSTGRES_DEFAULTS = {"POSTGRES_CONNECT_TIMEOUT": "3", "POSTGRES_PRE_PING": "y"}


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path(".xiuhua")
    persistence_module: str = SQLITE
    store_env: Mapping[str, str] = field(default_factory=dict)
    temporal_address: str = "127.0.0.1:7233"
    temporal_namespace: str = "default"
    temporal_ui_port: int = 8233
    temporal_tls: bool = False
    temporal_tls_cert: str | None = None
    temporal_tls_key: str | None = None
    temporal_api_key: str | None = None
    task_queue: str = TASK_QUEUE
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    environment: str = "dev"
    demo: bool = True
    # Browser sessions: absolute lifetime, idle timeout, and whether cookies need HTTPS.
    session_hours: float = 12.0
    session_idle_minutes: float = 30.0
    secure_cookies: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("XIUHUA_DATA_DIR", ".xiuhua")).expanduser().resolve()
        module = env.get("PERSISTENCE_MODULE", SQLITE)
        store_env = {k: v for k, v in env.items() if k.startswith(("POSTGRES_", "SQLITE_"))}
        store_env["PERSISTENCE_MODULE"] = module
        if module == SQLITE:
            store_env.setdefault("SQLITE_DBNAME", str(data_dir / "events.sqlite"))
        else:
            store_env = {**POSTGRES_DEFAULTS, **store_env}
        settings = cls(
            data_dir=data_dir,
            persistence_module=module,
            store_env=store_env,
            temporal_address=env.get("TEMPORAL_ADDRESS", "127.0.0.1:7233"),
            temporal_namespace=env.get("TEMPORAL_NAMESPACE", "default"),
            temporal_ui_port=int(env.get("TEMPORAL_UI_PORT", "8233")),
            temporal_tls=env.get("TEMPORAL_TLS", "").lower() in ("1", "true", "yes"),
            temporal_tls_cert=env.get("TEMPORAL_TLS_CERT"),
            temporal_tls_key=env.get("TEMPORAL_TLS_KEY"),
            temporal_api_key=env.get("TEMPORAL_API_KEY"),
            task_queue=env.get("XIUHUA_TASK_QUEUE", TASK_QUEUE),
            http_host=env.get("XIUHUA_HTTP_HOST", "127.0.0.1"),
            http_port=int(env.get("XIUHUA_HTTP_PORT", "8000")),
            environment=env.get("XIUHUA_ENV", "dev"),
            demo=env.get("XIUHUA_DEMO", "1").lower() not in ("0", "false", "no"),
            session_hours=float(env.get("XIUHUA_SESSION_HOURS", "12")),
            session_idle_minutes=float(env.get("XIUHUA_SESSION_IDLE_MINUTES", "30")),
            secure_cookies=env.get("XIUHUA_SECURE_COOKIES", "").lower() in ("1", "true", "yes"),
        )
        settings.check()
        return settings

    @property
    def is_postgres(self) -> bool:
        return self.persistence_module == POSTGRES

    def check(self) -> None:
        if self.persistence_module not in (SQLITE, POSTGRES):
            raise ValueError(f"PERSISTENCE_MODULE must be {SQLITE} or {POSTGRES}")
        if self.environment != "dev" and not self.is_postgres:
            raise ValueError("outside XIUHUA_ENV=dev the event store must be PostgreSQL")
        if self.is_postgres and "POSTGRES_DBNAME" not in self.store_env:
            raise ValueError("POSTGRES_DBNAME is required with PERSISTENCE_MODULE=postgres")
