"""`gkg coi ...` against a published store of the bundled document."""

from __future__ import annotations

import json

from coi_store import bundled_store

from service.cli import main
from service.coi.export import read_export


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
    assert report["topic"] == []  # its question names no coded intervention (line 744)
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


def test_ego_of_a_person_names_exactly_her_neighbours_with_lines(capsys):
    # l.128 and l.1015 '- M. (Marijke) Wevers, Klinisch geneticus, VKGN' (cluster expertise
    # group; module 6.1 panel); l.1071 her 6.1 declaration: 'Klinisch geneticus, Radboudumc'
    # and '1. Pink Ribbon en KWF Betrokken bij diverse onderzoeksprojecten ... (Projectleider NEE)'
    status, out, _ = _run(capsys, "ego", "marijke wevers")
    assert status == 0
    assert out == (
        "Marijke Wevers (person) and everything within 1 step: 6 nodes, 7 edges\n"
        "  6.1 Autologe vettransplantatie bij borstreconstructie na ablatio [module]\n"
        "  HEBON [organisation, other]\n"
        "  KWF Kankerbestrijding [organisation, charity]\n"
        "  Pink Ribbon [organisation, charity]\n"
        "  Radboudumc [organisation, hospital]\n"
        "  Vereniging Klinische Genetica Nederland [organisation, professional-society]\n"
        "  edges:\n"
        "    Marijke Wevers -> Vereniging Klinische Genetica Nederland: represents, expertise, "
        "Klinisch geneticus, l.128\n"
        "    Marijke Wevers -> 6.1 Autologe vettransplantatie bij borstreconstructie na ablatio: "
        "panel-member, module 6.1, expertise, Klinisch geneticus, l.1015\n"
        "    Marijke Wevers -> Vereniging Klinische Genetica Nederland: represents, module 6.1, "
        "expertise, Klinisch geneticus, l.1015\n"
        "    Marijke Wevers -> Radboudumc: employment, module 6.1, expertise, l.1071\n"
        "    Marijke Wevers -> HEBON: research-funding, module 6.1, expertise, "
        "geen projectleider, l.1071\n"
        "    Marijke Wevers -> KWF Kankerbestrijding: research-funding, module 6.1, expertise, "
        "geen projectleider, l.1071\n"
        "    Marijke Wevers -> Pink Ribbon: research-funding, module 6.1, expertise, "
        "geen projectleider, l.1071\n"
    )


def test_ego_json_is_what_the_api_answers_and_bad_input_is_refused(capsys):
    status, out, _ = _run(capsys, "ego", "https://w3id.org/gkg/person/marijke-wevers", "--json")
    assert status == 0
    ego = json.loads(out)
    assert (ego["node"], ego["radius"]) == ("https://w3id.org/gkg/person/marijke-wevers", 1)
    assert sorted(n["data"]["id"] for n in ego["elements"]["nodes"]) == [
        "https://w3id.org/gkg/module/borstreconstructie/6.1",
        "https://w3id.org/gkg/organisation/hebon",
        "https://w3id.org/gkg/organisation/kwf",
        "https://w3id.org/gkg/organisation/pink-ribbon",
        "https://w3id.org/gkg/organisation/radboudumc",
        "https://w3id.org/gkg/organisation/vkgn",
        "https://w3id.org/gkg/person/marijke-wevers",
    ]
    assert len(ego["elements"]["edges"]) == 7
    status, out, _ = _run(capsys, "ego", "marijke wevers", "--radius", "2", "--json")
    wider = json.loads(out)
    assert (status, wider["radius"], len(wider["elements"]["nodes"])) == (0, 2, 29)
    assert _run(capsys, "ego", "marijke wevers", "--radius", "4") == (
        2,
        "",
        "gkg coi: error: radius must be 1 to 3\n",
    )
    status, out, err = _run(capsys, "ego", "nobody at all")
    assert (status, out, err) == (
        2,
        "",
        "gkg coi: error: no person or organisation matches 'nobody at all'\n",
    )
