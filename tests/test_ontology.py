"""The PLOVER table: 16 types with CAMEO roots, Goldstein weights and QuadClasses."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import RegistryError
from pipeline.nlp.ontology import PLOVER_CSV, PLOVER_TYPES, load_ontology

HEADER = "event_type,cameo_root,goldstein,quad_class,description\n"


def test_ships_all_sixteen_types_with_valid_values():
    ontology = load_ontology()
    assert sorted(ontology) == sorted(PLOVER_TYPES)
    assert len(ontology) == 16
    for kind in ontology.values():
        assert -10.0 <= kind.goldstein <= 10.0
        assert kind.quad_class in (1, 2, 3, 4)
        assert kind.cameo_root.isdigit()


@pytest.mark.parametrize(
    ("name", "cameo", "goldstein", "quad"),
    [
        ("CONSULT", "04", 1.0, 1),
        ("SUPPORT", "05", 3.5, 1),
        ("AID", "07", 7.0, 2),
        ("ACCUSE", "11", -2.0, 3),
        ("THREATEN", "13", -6.0, 3),
        ("SANCTION", "16", -4.0, 4),
        ("MOBILIZE", "15", -7.2, 4),
        ("ASSAULT", "18", -9.0, 4),
    ],
)
def test_conventional_crosswalk(name, cameo, goldstein, quad):
    kind = load_ontology()[name]
    assert (kind.cameo_root, kind.goldstein, kind.quad_class) == (cameo, goldstein, quad)


def test_quad_classes_follow_verbal_material_cooperation_conflict():
    ontology = load_ontology()
    quads = {q: sorted(n for n, k in ontology.items() if k.quad_class == q) for q in (1, 2, 3, 4)}
    assert quads[1] == ["AGREE", "CONCEDE", "CONSULT", "SUPPORT"]
    assert quads[2] == ["AID", "COOPERATE", "RETREAT"]
    assert quads[3] == ["ACCUSE", "REJECT", "REQUEST", "THREATEN"]
    assert quads[4] == ["ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "SANCTION"]


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "plover.csv"
    path.write_text(body, encoding="utf-8")
    return path


def _rows(tmp_path: Path, replace: dict[str, str]) -> Path:
    lines = PLOVER_CSV.read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        name = line.split(",", 1)[0]
        out.append(replace.get(name, line))
    return _write(tmp_path, "\n".join(line for line in out if line) + "\n")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ('ASSAULT,18,-12.0,4,"too violent"', "goldstein -12.0 outside [-10, 10]"),
        ('ASSAULT,18,-9.0,5,"bad quad"', "quad_class 5 not in 1-4"),
        ('ASSAULT,x8,-9.0,4,"bad code"', "cameo_root must be 2-4 digits"),
        ('ASSAULT,18,heavy,4,"not a number"', "not numeric"),
    ],
)
def test_invalid_rows_name_the_line_and_problem(tmp_path, row, message):
    path = _rows(tmp_path, {"ASSAULT": row})
    with pytest.raises(RegistryError) as err:
        load_ontology(path)
    assert "line 17 (ASSAULT)" in str(err.value)
    assert message in str(err.value)
    assert err.value.path == str(path)


def test_missing_and_unknown_types_are_rejected(tmp_path):
    path = _rows(tmp_path, {"ASSAULT": ""})
    with pytest.raises(RegistryError, match="missing event types: ASSAULT"):
        load_ontology(path)
    path = _rows(tmp_path, {"ASSAULT": 'FIGHT,19,-10.0,4,"not PLOVER here"'})
    with pytest.raises(RegistryError, match="unknown PLOVER event type 'FIGHT'"):
        load_ontology(path)


def test_wrong_header_and_missing_file(tmp_path):
    with pytest.raises(RegistryError, match="expected columns"):
        load_ontology(_write(tmp_path, "type,code\nAGREE,03\n"))
    with pytest.raises(RegistryError, match="cannot read"):
        load_ontology(tmp_path / "nope.csv")


def test_duplicate_type(tmp_path):
    body = PLOVER_CSV.read_text(encoding="utf-8") + 'AGREE,03,4.0,1,"again"\n'
    with pytest.raises(RegistryError, match="duplicate event type"):
        load_ontology(_write(tmp_path, body))
    assert HEADER.startswith("event_type")
