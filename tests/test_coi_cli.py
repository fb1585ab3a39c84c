"""`gkg coi ...` against a published store of the bundled document."""

from __future__ import annotations

import json

from coi_store import bundled_store

from service.cli import main
from service.network_export import read_export


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["coi", *argv, "--store", str(bundled_store())])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_module_text_names_industry_ties_with_lines(capsys):
    status, out, _ = _run(capsys, "module", "6.1")
    assert status == 0
    assert out.startswith(
        "Module 6.1 Autologe vettransplantatie bij borstreconstructie na ablatio\n"
    )
    assert "    Lipocosm [company]: Andrzej Piatkowski de Grzymala (l.1069)\n" in out
    assert "    Novartis [company]: Birgit Vriens (l.1036)\n" in out
    assert (
        "    KWF Kankerbestrijding [charity]: Agnes Jager, Desiree van den Bongard, "
        "Frederieke van Duijnhoven, Marijke Wevers (l.1039, l.1048-1051, l.1060-1063, l.1071)\n"
    ) in out


def test_module_json_and_unknown_module(capsys):
    status, out, _ = _run(capsys, "module", "9.2.3", "--json")
    assert status == 0
    report = json.loads(out)
    assert report["module"] == "9.2.3"
    assert report["topic"] == ["regional-recurrence-of-breast-cancer"]
    status, out, err = _run(capsys, "module", "99.9")
    assert (status, out) == (2, "")
    assert err == "gkg coi: error: no module '99.9'; modules: 6.1, 9.2.3, 10.1.1\n"


def test_person(capsys):
    status, out, _ = _run(capsys, "person", "marijke wevers")
    assert status == 0
    assert out.splitlines()[:3] == [
        "Marijke Wevers",
        "  panel 6.1: expertise, Klinisch geneticus (l.1015)",
        "  declared in module 6.1:",
    ]
    assert (
        "    Marijke Wevers - KWF Kankerbestrijding (research-funding, geen projectleider; l.1071)"
        in out
    )


def test_summary_lists_every_module(capsys):
    status, out, _ = _run(capsys, "summary")
    assert status == 0
    assert [line for line in out.splitlines() if line.startswith("Module ")] == [
        "Module 6.1 Autologe vettransplantatie bij borstreconstructie na ablatio",
        "Module 9.2.3 Lokale behandeling regionale recidieven",
        "Module 10.1.1 Beeldvormende diagnostiek bij oligometastasen bij borstkanker",
    ]


def test_export_to_a_file(capsys, tmp_path):
    path = tmp_path / "coi.gexf"
    status, out, _ = _run(capsys, "export", "--format", "gexf", "-o", str(path))
    assert (status, out) == (0, "")
    graph = read_export(path.read_bytes(), "gexf")
    assert graph.nodes["https://w3id.org/gkg/organisation/novartis"]["industry"] is True
