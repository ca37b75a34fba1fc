"""Plans in as they are written: a task decomposition table (任务分解表) as .xlsx or .csv, or a
plan in the YAML format (`yamlplan`), read into draft campaigns a coordinator reviews and
launches.

`read_plan` reads a file and reports (no store); `run_import` also checks against the store and,
unless it is a dry run or the report holds an error, stores everything at once. Modules:
`sources` (size, type, encoding), `limits` (the border's budget), `xlsxscan` and `yamlscan`
(checked before anything is built), `xlsx`, `csvtext`, `yamlplan` (readers), `headers`, `layout`,
`table`, `indicatorrow`, `unitcells`, `numbers`, `numerals`, `deadlines`, `vocab` (reading
cells), `drafts`, `report`, `problems` (results), `service`, `console` (entry points).
"""

from infra.importer.drafts import Options
from infra.importer.reader import read_plan
from infra.importer.report import ImportReport
from infra.importer.service import run_import
from infra.importer.sources import MAX_BYTES

__all__ = ["MAX_BYTES", "ImportReport", "Options", "read_plan", "run_import"]
