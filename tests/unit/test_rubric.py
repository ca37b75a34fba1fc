"""Scoring a year by a rubric: each part from the facts with its reason, binding indicators as a
gate, two rubrics that rank the same two years differently and say part by part why, and a
rubric file that does not add up refused by field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.errors import InvalidInput
from domain.rubric import Attained, YearFacts, compare, score
from infra.rubrics import names, parse, shipped

D = Decimal
# A year that ran well but fell short of its targets, and one that hit them while running late.
DILIGENT = YearFacts(
    indicators=(Attained("1", "spaces", False, D("0.6"), False),),
    reports_due=12, reports_on_time=12, supervisions=0, follow_ups_due=4, follow_ups_closed=4,
    qualitative=D(80), qualitative_reason="过程扎实",
)  # fmt: skip
ACHIEVING = YearFacts(
    indicators=(Attained("1", "spaces", False, D(1), True),),
    reports_due=12, reports_on_time=6, supervisions=2, follow_ups_due=4, follow_ups_closed=1,
    qualitative=D(80), qualitative_reason="结果突出",
)  # fmt: skip


def test_the_shipped_rubrics_read_and_each_part_says_why() -> None:
    assert names() == ["balanced", "results-first"]
    found = score(DILIGENT, shipped("balanced"))
    assert (found.total, found.rating) == (D("81.0"), "良好")  # 24 + 20 + 15 + 10 + 12
    assert found.part("attainment").points == D("24.0")
    assert found.part("timeliness").reason == (
        "按时报送12/12份，逾期或未报0份 / 12/12 reports on time, 0 late or missing"
    )
    assert found.part("qualitative").reason == (
        "评估组定性评分80/100：过程扎实 / evaluator: 80/100, 过程扎实"
    )


def test_two_rubrics_rank_the_same_two_years_differently_and_say_why() -> None:
    balanced, results = shipped("balanced"), shipped("results-first")
    assert score(DILIGENT, balanced).total > score(ACHIEVING, balanced).total
    assert score(ACHIEVING, results).total > score(DILIGENT, results).total
    differences = {d.part for d in compare(ACHIEVING, balanced, results).differences}
    assert {"attainment", "timeliness", "supervision", "follow_ups"} <= differences


def test_a_missed_binding_indicator_caps_the_year() -> None:
    missed = YearFacts(
        indicators=(Attained("2", "rate", True, D("0.9"), False),),
        reports_due=12, reports_on_time=12, qualitative=D(100), qualitative_reason="好",
    )  # fmt: skip
    found = score(missed, shipped("balanced"))
    assert found.total == D(59) and found.rating == "不合格" and "2/rate" in found.gate


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (
            "weights: {attainment: 50, timeliness: 20, supervision: 15, follow_ups: 10, "
            "qualitative: 15}\nratings: [{from: 0, rating: x}]",
            "weights",
        ),
        (
            "weights: {attainment: .nan, timeliness: 20, supervision: 15, follow_ups: 10, "
            "qualitative: 15}\nratings: [{from: 0, rating: x}]",
            "weights.attainment",
        ),
        ("weights: {attainment: 40}\nratings: [{from: 0, rating: x}]", "weights"),
        ("a: &x [1]\nb: *x", "rubric"),
        (
            "weights: {attainment: 40, timeliness: 20, supervision: 15, follow_ups: 10, "
            "qualitative: 15}\nratings: [{from: 50, rating: x}]",
            "ratings",
        ),
        ("- just a list", "rubric"),
    ],
)
def test_a_rubric_that_does_not_add_up_is_refused_by_field(text: str, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse(text, "mine")
    assert refused.value.field == field
