"""`kostprijs check NAME` uses the shipped check file and its mapping (regions.yaml)."""

import json


def test_check_by_region_name_uses_the_shipped_file_and_map(run):
    code, out, err = run("check", "centraal-gelderland-2020", "--format", "json")
    data = json.loads(out)
    assert code == (1 if data["summary"]["below_model"] else 0), err
    assert data["summary"]["file"].endswith("centraal-gelderland-2020.csv")
    assert data["summary"]["mapping"] and data["summary"]["mapping"].endswith("centraal-gelderland-2020.map.yaml")
    assert len(data["rows"]) == 14


def test_an_explicit_map_wins_and_unknown_names_are_one_line(run, tmp_path):
    code, _, err = run("check", "no-such-list")
    assert code == 2 and "no-such-list" in err and err.count("\n") == 1
