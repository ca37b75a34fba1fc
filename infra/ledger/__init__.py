"""Tamper evidence: a hash chain over the event store (chain.py), kept in a ledger beside it
(ledger.py) as the read model follows the log, verified by `xiuhua verify` against the store or
offline from an exported bundle (verify.py, bundle.py)."""
