"""CAO tables through time (kostprijs.core.salary) against published check points.

The check points are figures as printed in their sources, never our own output:
* GGZ FWG 65: end of scale EUR 5.553 in September 2021 (nu.nl/werk/6159324), i.e. 5.439 at the 1-8-2020
  level (5.553 / 1,021, +-2 for the CAO's whole-euro rounding); FWG 65 steps on 1-5-2023 and 1-1-2024
  (viarob.nu, a secondary source): 5.777 and 6.187 for the step that was the top in 2021.
* AMS: the table of 1-7-2018 (NVZ, AMS 2018 Bijlage II) -> 1-1-2020: trede 0 EUR 6.938, trede 6 EUR 12.456
  (the range on www.tmi.nl/cao/ams-cao/); 1-1-2021: starting salary EUR 7.054 (nu.nl/werk/6182671).
* GHZ: the ladder of 1-5-2022 -> the published ladder of 1-12-2023 (vgn.nl art. 4:15), numbers 1-16.
The raises are the shipped data of params/cao_scales.yaml.
"""

from __future__ import annotations

import numpy as np
import pytest

from kostprijs.core import salary as s
from kostprijs.parameters.load import params_root
from kostprijs.parameters.schema import CaoFile
from kostprijs.parameters.yamlio import read_yaml


@pytest.fixture(scope="module")
def caos():
    data, _ = read_yaml(params_root() / "cao_scales.yaml")
    return CaoFile.model_validate(data).caos


def raises_of(cao, n_amounts: int) -> s.Raises:
    """The CAO's raises (all applying to every amount here) as arrays, straight from the YAML records."""
    rs = cao.raises

    def part(name, fill):
        return [getattr(r, name).value if getattr(r, name) else fill for r in rs]

    return s.Raises.of([r.since for r in rs], part("percent", 0.0), part("min_per_month", np.nan),
                       part("max_per_month", np.nan), part("plus_per_month", 0.0), part("hourly_floor", np.nan),
                       n_amounts=n_amounts)


def rolled(cao, amounts, table_date, date):
    amounts = np.asarray(amounts, dtype=float)
    r = raises_of(cao, amounts.shape[-1])
    hours = cao.hours_per_month.value if cao.hours_per_month else np.nan
    rounding = s.ROUNDING_CODES[cao.rounding.value]
    return s.roll_forward(amounts, r, hours, rounding, s.raises_between(r.dates, table_date, date))


# --- public check points ---------------------------------------------------------------------------
def test_ggz_fwg65_end_2020_to_september_2021(caos):
    final, steps = rolled(caos["ggz"], [5439.0], "2020-08-01", "2021-09-01")
    assert final[0] == pytest.approx(5553, abs=2)
    assert steps.shape == (2, 1)                     # one raise between: +2,1% on 1-6-2021
    back = s.roll_back([5553.0], raises_of(caos["ggz"], 1),
                       mask=s.raises_between(raises_of(caos["ggz"], 1).dates, "2020-08-01", "2021-09-01"))
    assert back[0] == pytest.approx(5439, abs=2)


def test_ggz_fwg65_top_of_2021_to_2023_and_2024(caos):
    # 2% (at least 60) on 1-7-2022 and 1-5-2023; then 5% (150..300) on 1-11-2023 and 2% (at least 60) on 1-1-2024
    may_2023, _ = rolled(caos["ggz"], [5553.0], "2021-06-01", "2023-05-01")
    jan_2024, _ = rolled(caos["ggz"], [5553.0], "2021-06-01", "2024-01-01")
    assert may_2023[0] == 5777 and jan_2024[0] == 6187


def test_ams_table_of_july_2018_to_january_2020(caos):
    ams = caos["ams"]
    table = next(t for t in ams.tables if t.since.isoformat() == "2018-07-01")
    scale = table.scales["AMS_45h"]
    amounts = [scale.steps[str(i)].value for i in range(6)] + [scale.top.value]
    jan_2020, _ = rolled(ams, amounts, "2018-07-01", "2020-01-01")
    assert (jan_2020[0], jan_2020[6]) == (6938, 12456)
    jan_2021, _ = rolled(ams, amounts, "2018-07-01", "2021-01-01")
    assert jan_2021[0] == 7054


def test_ghz_ladder_of_may_2022_to_december_2023(caos):
    ghz = caos["gehandicaptenzorg"]
    table = next(t for t in ghz.tables if t.ladder is not None)
    check = ghz.ladder_checks[0]
    numbers = sorted(check.value)
    final, steps = rolled(ghz, [table.ladder.value[n] for n in numbers], table.since, check.since)
    assert steps.shape[0] == 4                        # 1-5-2023 3,2%; 1-9 and 1-12-2023 3% (at least EUR 80)
    assert final.tolist() == [check.value[n] for n in numbers]
    # rounding only once at the end would miss the published figures: the rule matters
    r = raises_of(ghz, len(numbers))
    once, _ = s.roll_forward([table.ladder.value[n] for n in numbers], r, np.nan, s.NONE,
                             s.raises_between(r.dates, table.since, check.since))
    assert s.round_table_amounts(once, s.WHOLE_EURO).tolist() != final.tolist()


# --- the rules, by hand from the CAO texts -----------------------------------------------------------
def test_percentage_with_minimum_and_maximum():
    # GGZ 1-11-2023: 5%, at least EUR 150, at most EUR 300
    out = s.structural_raise([2000.0, 4000.0, 7000.0], 5.0, 150.0, 300.0)
    assert out.tolist() == [2150.0, 4200.0, 7300.0]


def test_fixed_amount_with_a_percentage():
    # AMS 1-6-2024: 2% plus EUR 180
    assert s.structural_raise([10000.0], 2.0, plus_per_month=180.0)[0] == pytest.approx(10380.0)


def test_hourly_floor_after_the_percentage():
    # Jeugdzorg 1-1-2024: +8%, then steps below EUR 15 an hour raised to 15 x 156 = EUR 2.340 a month
    r = s.Raises.of(["2024-01-01"], [8.0], hourly_floor=[15.0], n_amounts=3)
    out = s.apply_raise(np.array([2000.0, 2166.67, 2500.0]), r, 0, 156.0, s.WHOLE_EURO)
    assert out.tolist() == [2340.0, 2340.0, 2700.0]
    assert np.isnan(s.roll_back(out, r, 156.0)[0])        # the amount before a floor is lost
    assert s.roll_back(out, r, 156.0)[2] == pytest.approx(2500.0)


def test_rounding_is_half_up_to_whole_euros():
    assert s.round_table_amounts([2604.5, 2604.49, 2177.52], s.WHOLE_EURO).tolist() == [2605.0, 2604.0, 2178.0]
    assert s.round_table_amounts([1.005], s.CENT)[0] == 1.01       # half-up, not to even


def test_a_raise_for_some_scales_only_and_vectorised_over_a_leading_axis():
    r = s.Raises.of(["2023-05-01"], [3.0], applies=[[True, False]])
    table = np.array([[1000.0, 1000.0], [2000.0, 2000.0]])          # two scenarios x two scales
    final, steps = s.roll_forward(table, r, np.nan, s.NONE)
    assert final.tolist() == [[1030.0, 1000.0], [2060.0, 2000.0]] and steps.shape == (2, 2, 2)


def test_roll_back_inverts_the_minimum_and_the_maximum():
    r = s.Raises.of(["2023-11-01"], [5.0], [150.0], [300.0], n_amounts=3)
    before = np.array([2000.0, 4000.0, 7000.0])
    assert s.roll_back(s.structural_raise(before, 5.0, 150.0, 300.0), r) == pytest.approx(before)


def test_which_table_and_which_raises():
    dates = ["2020-06-01", "2022-05-01"]
    assert s.table_in_force(dates, "2020-12-31") == 0
    assert s.table_in_force(dates, "2022-05-01") == 1
    assert s.table_in_force(dates, "2019-01-01") == -1
    mask = s.raises_between(["2020-06-01", "2021-06-01", "2022-05-01"], "2020-06-01", "2022-04-30")
    assert mask.tolist() == [False, True, False]
