"""What the handlers work with: the store, the read model and its runner, Temporal, the users."""

from __future__ import annotations

from dataclasses import dataclass, field

from temporalio.client import Client

from api.auth import Directory
from api.presenters.cache import ReadCaches
from api.readiness import ReadModelStatus
from domain.application import Xiuhua
from infra.outbox import Outbox, OutboxRelay
from infra.readmodel import ProjectionRunner, ReadModel
from infra.sessions import Sessions
from infra.settings import Settings
from infra.temporal import tls_config
from infra.work.drafts import Drafts
from infra.work.evidence import EvidenceStore
from infra.work.uploads import Uploads


@dataclass
class Services:
    settings: Settings
    store: Xiuhua
    readmodel: ReadModel
    runner: ProjectionRunner
    temporal: Client | None
    directory: Directory
    outbox: Outbox
    relay: OutboxRelay | None = None
    read_status: ReadModelStatus | None = None  # caught up with the store, or catching up
    caches: ReadCaches = field(default_factory=ReadCaches)  # rendered reads, this app's own
    sessions: Sessions | None = None  # browser sessions (api/web)
    # Seconds a command waits for the read model to show it, and for Temporal to answer.
    settle_timeout: float = 5.0
    temporal_timeout: float = 5.0
    drafts: Drafts = field(init=False)  # report drafts, private to their unit
    evidence: EvidenceStore = field(init=False)  # files reports point to, by content hash
    uploads: Uploads = field(init=False)  # plan files between the import's dry run and save

    def __post_init__(self) -> None:
        self.drafts = Drafts(self.readmodel.backend)
        self.evidence = EvidenceStore(self.readmodel.backend)
        self.uploads = Uploads(self.readmodel.backend)


async def connect_temporal(settings: Settings) -> Client:
    """A lazy client: the API starts even while Temporal is down, and reconnects on use."""
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        tls=tls_config(settings),
        api_key=settings.temporal_api_key,
        lazy=True,
    )
