"""A plan file in, a report out: no store is touched (see `service` for that)."""

from __future__ import annotations

from domain.application import CampaignSpec
from domain.errors import InvalidInput
from domain.units import UnitRegistry
from domain.values import Period
from infra.importer.csvtext import read_csv
from infra.importer.drafts import Options, Reading, code_stem
from infra.importer.grid import Grid
from infra.importer.headers import SEARCH_ROWS
from infra.importer.problems import At
from infra.importer.report import Counts, ImportReport
from infra.importer.sources import MAX_BYTES, Kind, Refused, decode, sniff, too_large
from infra.importer.table import read_table
from infra.importer.unitcells import Units
from infra.importer.xlsx import read_xlsx
from infra.importer.yamlplan import read_yaml


def read_plan(
    data: bytes, options: Options, registry: UnitRegistry, size: int | None = None
) -> ImportReport:
    """Read an .xlsx, .csv or YAML plan into draft campaigns, checking every cell. `size` is
    the whole file's size when `data` is only its beginning (a file too large to read)."""
    reading = Reading(options, Units(registry))
    fmt, specs = "", []
    try:
        _check_options(options)
        if size is not None and size > MAX_BYTES:
            raise too_large(size)
        kind = sniff(data, options.filename)
        fmt = kind.value
        if kind is Kind.XLSX:
            specs = _tables(read_xlsx(data), reading)
        elif kind is Kind.CSV:
            grid, encoding = read_csv(data, options.filename)
            fmt = f"csv ({encoding})"
            specs = _tables([grid], reading)
        else:
            specs = read_yaml(decode(data)[0], reading)
    except Refused as refused:
        at = refused.at or At(options.filename)
        reading.problems.error(refused.kind, refused.zh, refused.en, at)
    return report(reading, fmt, specs)


def report(reading: Reading, fmt: str, specs: list[CampaignSpec]) -> ImportReport:
    units, problems = reading.units, reading.problems
    return ImportReport(
        source=reading.options.filename,
        format=fmt,
        options=reading.options,
        campaigns=tuple(specs),
        counts=Counts(
            campaigns=len(specs),
            tasks=sum(len(s.tasks) for s in specs),
            units=units.count(),
            indicators=sum(len(t.indicators) for s in specs for t in s.tasks),
        ),
        new_units=tuple(units.new),
        new_groups=tuple(units.new_groups),
        groups_to_fill=tuple(units.groups_to_fill()),
        errors=tuple(problems.errors),
        warnings=tuple(problems.warnings),
    )


def _check_options(options: Options) -> None:
    try:
        start = Period.parse(options.start_period, "start_period")
    except InvalidInput as error:
        raise Refused(
            "bad_option", f"开始期间「{options.start_period}」应写作 YYYY-MM", error.message
        ) from None
    if start.year != options.year:
        raise Refused(
            "bad_option",
            f"开始期间 {start} 不在年度 {options.year} 内",
            f"the start period {start} is not in the year {options.year}",
        )


def _tables(grids: list[Grid], reading: Reading) -> list[CampaignSpec]:
    out = reading.problems
    empty = [g.sheet for g in grids if g.is_empty()]
    headless = [g.sheet for g in grids if not g.is_empty() and not read_table(g, reading)]
    tables = len(grids) - len(empty) - len(headless)
    for sheet in empty:
        zh, en = f"工作表「{sheet}」为空", f"sheet '{sheet}' is empty"
        if tables:
            out.warn("empty_sheet", zh + "，已跳过", en + "; skipped", At(sheet))
        else:
            out.error("empty_sheet", zh, en, At(sheet))
    for sheet in headless:
        zh = f"工作表「{sheet}」前 {SEARCH_ROWS} 行中找不到表头（需有「目标任务」「牵头单位」等列）"
        en = (
            f"sheet '{sheet}' has no header row in its first {SEARCH_ROWS} rows "
            "(columns such as 目标任务/task and 牵头单位/lead unit)"
        )
        if tables:
            out.warn("missing_header", zh + "，已跳过", en + "; skipped", At(sheet, 1))
        else:
            out.error("missing_header", zh, en, At(sheet, 1))
    if not grids:
        out.error("empty_file", "工作簿中没有工作表", "the workbook has no sheets")
    return _number(reading)


def _number(reading: Reading) -> list[CampaignSpec]:
    """Codes from the file name and each campaign's number (its own, else the first free one)."""
    stem, out = code_stem(reading.options.filename), reading.problems
    campaigns = []
    for campaign in reading.campaigns:
        if campaign.tasks:
            campaigns.append(campaign)
        else:
            out.warn(
                "no_tasks",
                f"专项行动「{campaign.name}」下没有任务，未导入",
                f"campaign '{campaign.name}' has no tasks; not imported",
                campaign.at,
            )
    taken: dict[int, str] = {}
    for campaign in campaigns:
        if campaign.number is None:
            continue
        if campaign.number in taken:
            out.error(
                "duplicate_campaign_number",
                f"专项行动编号 {campaign.number} 重复（「{taken[campaign.number]}」已用）",
                f"campaign number {campaign.number} is used twice "
                f"('{taken[campaign.number]}' has it)",
                campaign.at,
            )
        taken[campaign.number] = campaign.name
    free = (n for n in range(1, 10_000) if n not in taken)
    specs = []
    for campaign in campaigns:
        number = campaign.number if campaign.number is not None else next(free)
        campaign.code = f"{stem}-{number}"
        specs.append(campaign.spec(reading.options))
    return specs
