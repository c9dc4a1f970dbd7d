"""Sanity rules (issue 12): values the schema allows but no model product can have are errors with file:line
and key, in validate and in every command; legal but unusual values are warning lines; --strict refuses them."""

import re

import pytest

from tests.parameters.test_bad_params import edit

MIX_45B50 = ('caos: {value: [jeugdzorg, ggz, gehandicaptenzorg], unit: CAOs averaged, '
             'source: "seed 004 Tabel 7 row 2 l.2484"}')
HOURS_41 = 'hours: {value: 4, unit: h/dagdeel, source: "seed 004 Tabel 5 l.2394'
PCT = "value: {MBO3: 0.93, MBO4: 0.93"
DAYS = "  dagen_per_jaar:\n    value: 365\n"
OVERHEAD = "  overhead:\n    value: 0.35\n"

ERRORS = [
    # (file, old, new, fragments of the one line: file:line, key, problem)
    ("functiemix.yaml", MIX_45B50, MIX_45B50.replace("[jeugdzorg, ggz, gehandicaptenzorg]", "[]"),
     [r"functiemix\.yaml:\d+: products\.45B50\.caos\.value: ", "at least one CAO"]),
    ("functiemix.yaml", HOURS_41, HOURS_41.replace("value: 4,", "value: 100,"),
     [r"functiemix\.yaml:\d+: products\.\w+\.staffing: ", "more than 3 times the dagdeel's 4 hours"]),
    ("opslagen.yaml", PCT, PCT.replace("MBO3: 0.93", "MBO3: 0"),
     [r"opslagen\.yaml:\d+: tabel1\.pct_hoogste_trede\.value\.MBO3: ", r"not in \(0, 1\]"]),
    ("opslagen.yaml", DAYS, DAYS.replace("365", "365.5"),
     [r"opslagen\.yaml:\d+: kalender\.dagen_per_jaar\.value: ", "not a whole number of days"]),
]


@pytest.mark.parametrize("file, old, new, expect", ERRORS, ids=["no-cao", "staff-hours", "pct-0", "days"])
@pytest.mark.parametrize("command", ["validate", "compute", "verify", "explain"])
def test_sanity_error_in_every_command(run, params_copy, file, old, new, expect, command):
    edit(params_copy / file, old, new)
    args = ["validate", "--params", str(params_copy)] if command == "validate" else \
        [command, "--params", str(params_copy)] + (["45B50"] if command == "explain" else [])
    code, out, err = run(*args)
    text = out if command == "validate" else err
    assert code == (1 if command == "validate" else 2), (code, out, err)
    assert "Traceback" not in err
    for fragment in expect:
        assert re.search(fragment, text), (fragment, text)
    if command != "validate":
        assert len(err.strip().splitlines()) == 1, err


def test_empty_caos_by_override_blames_the_override(run):
    code, out, err = run("compute", "--set", "products.45B50.caos=[]")
    assert code == 2, (out, err)
    assert "products.45B50.caos" in err and "at least one CAO" in err, err
    code, out, _ = run("validate", "--set", "products.45B50.caos=[]")     # the issue: validate said "OK"
    assert code == 1 and "--set products.45B50.caos=[]" in out and "at least one CAO" in out, out


def test_staff_hours_above_once_the_unit_is_a_warning(run, params_copy):
    edit(params_copy / "functiemix.yaml", HOURS_41, HOURS_41.replace("value: 4,", "value: 42,"))   # 6 h per jeugdige
    code, _, err = run("compute", "--params", str(params_copy))
    assert code == 0, err
    assert re.search(r"^kostprijs: warning: \S*functiemix\.yaml:\d+: products\.\w+\.staffing: .*more than once",
                     err, re.M), err
    code, _, err = run("compute", "--strict", "--params", str(params_copy))
    assert code == 2 and "more than once" in err, (code, err)


@pytest.mark.parametrize("command", ["validate", "compute"])
def test_high_overhead_is_a_warning_and_strict_refuses_it(run, params_copy, command):
    edit(params_copy / "opslagen.yaml", OVERHEAD, OVERHEAD.replace("0.35", "0.6"))
    code, out, err = run(command, "--params", str(params_copy))
    assert code == 0, (out, err)
    assert re.search(r"^kostprijs: warning: \S*opslagen\.yaml:\d+: opslagen\.overhead\.value: 60% overhead",
                     err, re.M), err
    code, out, err = run(command, "--strict", "--params", str(params_copy))
    assert code == 2, (code, out, err)
    assert "60% overhead" in out + err
    assert "Traceback" not in err


def test_unusual_client_hours_warn(run):
    code, _, err = run("compute", "--set", "productiviteit.intramuraal.clientgebonden=900")
    assert code == 0, err
    assert "900 client-bound hours a year is outside 1000-1600" in err, err


@pytest.mark.parametrize("region", ["nob-2021", "midden-limburg-2026"])
def test_shipped_sets_have_no_sanity_errors(run, region):
    code, out, err = run("validate", "--region", region)
    assert code == 0, out
    assert "in orde, geen problemen" in out
    assert err == "", err        # and no warnings


def test_a_warning_caused_by_an_override_names_the_override(run):
    code, _, err = run("compute", "--set", "opslagen.overhead=60%")
    assert code == 0, err
    assert "kostprijs: warning: --set opslagen.overhead=60%: opslagen.overhead.value: 60% overhead" in err, err
    assert "opslagen.yaml" not in err, err


def test_a_computed_tariff_not_above_zero_is_an_error_at_the_product(nob, monkeypatch):
    """The schema's bounds (salaries, hours, group sizes > 0) keep every shipped-shaped set above EUR 0; the
    rule is the last guard, so it is tested on the model's result with one tariff made 0 and one negative."""
    import dataclasses

    from kostprijs.core import model as m
    from kostprijs.parameters import sanity

    original = m.compute
    b50, a18 = nob.product("45B50").index, nob.product("41A18").index

    def zeroed(arrays):
        res = original(arrays)
        cents, micro = res.cents.copy(), res.cents_micro.copy()
        cents[b50], micro[a18] = 0, -1
        return dataclasses.replace(res, cents=cents, cents_micro=micro)

    monkeypatch.setattr(sanity.m, "compute", zeroed)
    errors, _warnings = sanity.computed(nob)
    found = {(e.path, e.problem) for e in errors}
    assert found == {("products.45B50", "computed normal tariff is 0.00 EUR, not above 0"),
                     ("products.41A18", "computed micro tariff is -0.01 EUR, not above 0")}
    assert all(e.file.endswith("functiemix.yaml") and e.line for e in errors)


def test_staff_hours_warning_median_warning_and_both_ends_of_the_client_hours(run):
    """Above once a dagdeel's 4 hours a warning, a tariff above 3x its unit's median a warning, client-bound
    hours above 1600 and micro overhead above 50% too; --strict refuses each."""
    cases = [
        (("products.41A18.staffing.group_size=1", "products.41A18.staffing.hours=6"),
         ["6 staff hours per jeugdige per dagdeel is more than once the dagdeel's 4 hours",
          "is more than 3 times the median"]),
        (("productiviteit.intramuraal.clientgebonden=1700",), ["1700 client-bound hours a year is outside 1000-1600"]),
        (("opslagen.overhead_micro=60%",), ["opslagen.overhead_micro.value: 60% overhead is above 50%"]),
    ]
    for sets, fragments in cases:
        args = [a for s in sets for a in ("--set", s)]
        code, _, err = run("compute", *args)
        assert code == 0, err
        for f in fragments:
            assert f in err and err.startswith("kostprijs: warning: "), (f, err)
        code, out, err = run("compute", "--strict", *args)
        assert code == 2 and out == "" and fragments[0] in err and err.count("\n") == 1, err


def test_a_level_that_no_named_cao_has_is_an_error_and_one_cao_without_it_is_not(run, params_copy):
    """The functiemix rule: each level in a scale of at least one CAO the product names. Not "of every CAO":
    NOB's 50B02 names Jeugdzorg, which has no WO++/KJP scale, and those levels average GGZ and GHZ
    (docs/nob-2021-model.md); with Jeugdzorg alone the levels have no salary at all."""
    code, out, _ = run("validate")
    assert code == 0 and "in orde, geen problemen" in out
    code, _, err = run("compute", "--set", "products.50B02.caos=[jeugdzorg]")
    assert code == 2 and err.count("\n") == 1, err
    assert "products.50B02" in err and "none of the product's CAOs has a scale for level" in err, err
    old = 'caos: {value: [jeugdzorg, ggz, gehandicaptenzorg], unit: CAOs averaged, source: "seed 004 l.3421'
    edit(params_copy / "functiemix.yaml", old, old.replace("[jeugdzorg, ggz, gehandicaptenzorg]", "[jeugdzorg]"))
    code, out, _ = run("validate", "--params", str(params_copy))
    assert code == 1, out
    assert re.search(r"functiemix\.yaml:\d+: products\.50B02\S*: none of the product's CAOs has a scale for level "
                     r"WO\+\+", out), out
