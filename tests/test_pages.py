"""Server-rendered pages over the bundled document (in process): home and module pages."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask

from service.app import create_app

PAGE_BLUEPRINTS = ("pages", "resources", "validation_page", "network_page")


@pytest.fixture(scope="session", name="pages_app")
def pages_app_fixture(bundled_store: Path) -> Iterator[Flask]:
    """The service over the bundled store with every page blueprint registered."""
    app = create_app({"GKG_STORE": bundled_store, "TESTING": True})
    for name in PAGE_BLUEPRINTS:
        if name not in app.blueprints:
            app.register_blueprint(importlib.import_module(f"service.{name}").bp)
    yield app
    backend = app.extensions.get("gkg.backend")
    if backend is not None:
        backend.close()


class TextAndLinks(HTMLParser):
    """The visible text (whitespace folded), the link targets and the tags of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "a":
            self.links.extend(value for name, value in attrs if name == "href" and value)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.parts))


def page(app: Flask, path: str, **headers: str) -> TextAndLinks:
    response = app.test_client().get(path, headers=headers)
    assert response.status_code == 200, response.data[:500]
    parser = TextAndLinks()
    parser.feed(response.data.decode("utf-8"))
    return parser


def test_home_lists_the_modules_with_local_links(pages_app: Flask) -> None:
    home = page(pages_app, "/")
    for key in ("borstkanker/10.1.1", "borstkanker/9.2.3", "borstreconstructie/6.1"):
        assert f"/module/{key}" in home.links
    assert "Autologe vettransplantatie bij borstreconstructie na ablatio" in home.text
    assert "Borstreconstructie" in home.text and "Borstkanker" in home.text


def test_home_shows_version_validation_status_and_counts(
    pages_app: Flask, bundled_store: Path
) -> None:
    release = json.loads((bundled_store / "current" / "release.json").read_text("utf-8"))
    text = page(pages_app, "/").text
    assert f"Data version {release['release_id']}" in text
    assert "conforms to the shapes" in text
    assert f"0 violations, {release['warnings']} warnings" in text
    assert re.search(r"gkg:Module 3\b", text) and re.search(r"foaf:Person \d+", text)
    assert "How to query" in text and "/sparql" in text


def test_module_page_shows_recommendations_verbatim_with_badges(pages_app: Flask) -> None:
    module = page(pages_app, "/module/borstkanker/10.1.1")
    text = module.text
    assert "Module 10.1.1 Beeldvormende diagnostiek bij oligometastasen bij borstkanker" in text
    assert "Aanbeveling-1 Aanvullende MRI weak for" in text
    assert "Aanbeveling-2 overige PET-tracers weak against" in text
    assert (
        "Eindoordeel: Conditionele aanbeveling tegen (Niet doen, behalve in onderzoeksverband "
        "of specifieke gevallen)." in text
    )
    assert "Voer niet standaard een PET/CT met ¹⁸FES uit." in text
    assert "References (16)" in text
    assert "https://doi.org/10.2478/raon-2023-0037" in module.links
    assert "https://pubmed.ncbi.nlm.nih.gov/37494596/" in module.links
    assert "https://pmc.ncbi.nlm.nih.gov/articles/PMC10561067/" in module.links


def test_module_page_shows_questions_evidence_panel_and_concepts(pages_app: Flask) -> None:
    module = page(pages_app, "/module/borstkanker/10.1.1")
    text = module.text
    assert "Wat is de waarde van beeldvormingsmodaliteiten" in text
    assert "Downgraded for" in text
    assert (
        "imprecision : Imprecisie: de schattingen zijn gebaseerd op een beperkt aantal studies"
        in text
    )
    assert "Publicatie bias: kan niet worden uitgesloten" in text
    assert "/person/agnes-jager" in module.links
    assert "Agnes Jager Internist-Oncoloog" in text
    assert "/concept/fdg-pet-ct" in module.links
    assert "/recommendation/borstkanker/10.1.1-1" in module.links


def test_module_findings_table_and_forest_plot(pages_app: Flask) -> None:
    module = page(pages_app, "/module/borstkanker/10.1.1")
    # study, index test, measure, target, value, CI, number of studies, number of patients
    assert re.search(
        r"Xia 2023 FDG-PET/CT sensitivity bone metastases 0\.96 0\.92–0\.98 6 433 ¶ 375",
        module.text,
    )
    xia = "/finding/borstkanker/10.1.1/xia-2023/sensitivity-fdg-pet-ct-bone-metastases"
    assert xia in module.links
    svgs = [attrs for tag, attrs in module.tags if tag == "svg"]
    plotted = [attrs for attrs in svgs if attrs.get("role") == "img"]
    assert len(plotted) == 33  # every finding with a value or a range has a plot row
    assert all(attrs.get("aria-hidden") == "true" for attrs in svgs if attrs not in plotted)
    assert (
        "Xia 2023 · FDG-PET/CT (bone metastases): 0.96 (0.92–0.98)" in module.text
    )  # the plot row's title
    assert [tag for tag, _ in module.tags].count("rect") == 31  # a point per finding with a value


def test_findings_name_their_target_condition_and_size(pages_app: Flask) -> None:
    module = page(pages_app, "/module/borstkanker/10.1.1")
    for target in ("metastases", "oestrogen receptor status", "response to endocrine therapy"):
        assert f"Xu 2025 · FES-PET/CT {target} · 21 studies" in module.text
    assert "Zamanian 2023 · NaF-PET/CT bone metastases · 11 studies, n=753" in module.text


def test_predictive_values_given_as_ranges_are_shown(pages_app: Flask) -> None:
    text = page(pages_app, "/module/borstkanker/10.1.1").text
    # "Negatief en positief voorspellende waarden ... (respectievelijk ~95–100% en ~93–94%)"
    assert "negative predictive value bone metastases — ≈0.95–1 (range)" in text
    assert "positive predictive value bone metastases — ≈0.93–0.94 (range)" in text
    assert "Xia 2023 (bone metastases): ≈0.95–1 (range)" in text


def test_a_hazard_ratio_is_drawn_on_a_log_axis_with_a_line_at_one(pages_app: Flask) -> None:
    html = pages_app.test_client().get("/module/borstreconstructie/6.1").data.decode("utf-8")
    plot = html.split('<figure class="forest">', 1)[1].split("</figure>", 1)[0]
    assert "hazard ratio" in plot and "log scale" in plot
    assert re.findall(r'text-anchor="\w+">([\d.]+)</text>', plot) == [
        "0.1", "0.2", "0.5", "1", "2", "5", "10"
    ]  # fmt: skip
    assert '<line class="reference" x1="50.0%"' in plot  # no effect, in the middle
    point = float(re.search(r'<rect class="point" x="([\d.]+)%"', plot).group(1))
    assert point < 50  # HR 0.34 lies left of the line of no effect
    assert "0.34 (0.14–0.88)" in plot


def test_each_module_page_shows_only_its_own_certainty(pages_app: Flask) -> None:
    guideline = {"10.1.1": "borstkanker", "9.2.3": "borstkanker", "6.1": "borstreconstructie"}

    def evidence(number: str) -> str:
        text = page(pages_app, f"/module/{guideline[number]}/{number}").text
        return text.split("Quality of evidence (GRADE)", 2)[2].split("Findings (", 1)[0]

    very_low = evidence("10.1.1")
    assert "Certainty: very low De overall kwaliteit van bewijs is zeer laag." in very_low
    assert "laag tot zeer laag" not in very_low and "niet met GRADE" not in very_low
    low = evidence("6.1")
    assert "Certainty: low to very low De overall kwaliteit van bewijs is laag tot zeer laag" in low
    assert "bewijs is zeer laag." not in low and "niet met GRADE" not in low
    ungraded = evidence("9.2.3")
    assert "not graded De kwaliteit van bewijs kon niet met GRADE worden bepaald" in ungraded
    assert "Certainty:" not in ungraded


def test_module_page_shows_considerations_and_the_wkkgz_assessment(pages_app: Flask) -> None:
    module = page(pages_app, "/module/borstreconstructie/6.1")
    text = module.text
    assert "Considerations (9)" in text
    assert "Kostenaspecten costs De interventie levert mogelijk meer kosten op" in text
    assert "op dit moment onzeker. ¶ 1140–1142" in text
    assert "Outcome of the assessment geen substantiële financiële gevolgen ¶ 1083" in text
    assert "Module as named in the table Module Autologe vettransplantaties" in text
    assert (
        "Sentences behind the figures, per outcome The sentences each figure was read from, "
        "grouped by measure and target condition. hazard ratio (1) Uit deze resultaten blijkt"
        in text
    )


def test_an_unknown_strength_is_explained(pages_app: Flask) -> None:
    for path in ("/module/borstreconstructie/6.1", "/recommendation/borstreconstructie/6.1-1"):
        text = page(pages_app, path).text
        assert "Strength not stated: The source states no strength" in text
        assert (
            "The verdict '[Sterke conditionele aanbeveling voor]' of 'Aanbeveling' is "
            "self-contradictory" in text
        )
    assert "Strength not stated" not in page(pages_app, "/module/borstkanker/10.1.1").text


def test_module_page_names_industry_ties_topic_ties_and_shared_organisations(
    pages_app: Flask,
) -> None:
    module = page(pages_app, "/module/borstreconstructie/6.1")
    text = module.text
    interests = text.split("Members with ties to industry (5)", 1)[1]
    assert (
        "Agnes Jager AstraZeneca research funding ¶ 1060–1063 Pfizer research funding" in interests
    )
    assert "Birgit Vriens Novartis personal financial interest ¶ 1036" in interests
    assert "Marc Mureau Polytech Health & Aesthetics GmbH research funding ¶ 1042" in interests
    topic = interests.split("Ties on this module's own topic (3)", 1)[1]
    assert (
        "Andrzej Piatkowski de Grzymala Lipocosm industry research funding EVE (projectleider) "
        "¶ 1069" in topic
    )
    topic, shared = topic.split("Organisations tied to several members (9)", 1)
    # the implant study concerns another intervention than the module's (issue 14 item 3)
    assert "Polytech" not in topic
    assert (
        "KWF Kankerbestrijding (charity or fund) 4 Agnes Jager research funding ¶ 1060–1063 "
        "Desiree van den Bongard research funding ¶ 1039" in shared
    )
    assert "/organisation/lipocosm" in module.links and "/network?module=6.1" in module.links
    assert "/source/cd1d8d8584518336/lines/1069-1069" in module.links
    # the panel table names the companies beside the counts
    panel = text.split("Panel (", 1)[1]
    assert "industry: Polytech Health & Aesthetics GmbH" in panel


def test_recommendation_page_shows_the_evidence_behind_it(pages_app: Flask) -> None:
    recommendation = page(pages_app, "/recommendation/borstkanker/10.1.1-2")
    text = recommendation.text
    evidence = text.split("Evidence behind this recommendation", 2)[2]
    assert "Certainty: very low" in evidence
    assert "Rationale van de 2^e aanbeveling" in evidence  # its own rationale, not the first's
    assert "Rationale van de 1^e" not in evidence
    # 18 figures and the lesion counts with FAPI and FDG (line 430)
    assert "Figures on this recommendation's subjects (20)" in evidence
    assert re.search(r"Kurland 2020 FES-PET sensitivity oestrogen receptor status 0\.78", evidence)
    assert "/source/cd1d8d8584518336/lines/408-408" in recommendation.links  # Kurland's line
    assert "/reference/kurland-2020" in recommendation.links
    assert "Other figures in the module (40)" in evidence  # 15 and 25 counts and percentages
    unattributed = page(pages_app, "/recommendation/borstreconstructie/6.1-1").text
    assert "Certainty: low to very low" in unattributed and "0.34 (0.14–0.88)" in unattributed


def test_every_fact_on_the_module_page_links_to_its_source_lines(pages_app: Flask) -> None:
    module = page(pages_app, "/module/borstkanker/10.1.1")
    spans = [
        link for link in module.links if re.fullmatch(r"/source/[0-9a-f]{16}/lines/\d+-\d+", link)
    ]
    assert "/source/cd1d8d8584518336/lines/336-342" in spans  # Aanbeveling-1
    assert "/source/cd1d8d8584518336/lines/375-375" in spans  # the first finding
    assert len(spans) > 40


def test_pubmed_links_only_for_numeric_pmids(pages_app: Flask) -> None:
    links = [
        link
        for key in ("borstkanker/10.1.1", "borstkanker/9.2.3", "borstreconstructie/6.1")
        for link in page(pages_app, f"/module/{key}").links
    ]
    pubmed = [link for link in links if "pubmed.ncbi.nlm.nih.gov" in link]
    assert len(pubmed) > 10
    assert all(re.fullmatch(r"https://pubmed\.ncbi\.nlm\.nih\.gov/\d+/", link) for link in pubmed)


def test_module_page_keeps_a_contradictory_verdict_visible(pages_app: Flask) -> None:
    text = page(pages_app, "/module/borstreconstructie/6.1").text
    assert "Eindoordeel: [Sterke conditionele aanbeveling voor]" in text
    assert "References (5)" in text


def test_unknown_module_is_404(pages_app: Flask) -> None:
    assert pages_app.test_client().get("/module/99.9").status_code == 404


def test_language_switch_is_remembered_in_a_cookie(pages_app: Flask) -> None:
    client = pages_app.test_client()
    dutch = client.get("/module/borstkanker/10.1.1?lang=nl")
    assert "gkg_lang=nl" in dutch.headers["Set-Cookie"]
    assert "Cookie" in dutch.vary  # a cache must not hand the Dutch page to everyone
    later = client.get("/module/borstkanker/10.1.1").data.decode("utf-8")
    assert '<html lang="nl">' in later and ">Aanbevelingen</h2>" in later
    english = client.get("/module/borstkanker/10.1.1?lang=en").data.decode("utf-8")
    assert ">Recommendations</h2>" in english


def test_pages_have_a_skip_link_and_table_headers(pages_app: Flask) -> None:
    module = page(pages_app, "/module/borstkanker/10.1.1")
    assert module.links[0] == "#content"
    assert [tag for tag, _ in module.tags].count("th") > 10
    assert all(attrs.get("scope") for tag, attrs in module.tags if tag == "th")


def test_panel_interest_summary_is_worded_in_both_languages(pages_app: Flask) -> None:
    english = page(pages_app, "/module/borstkanker/10.1.1?lang=en").text
    assert (
        "Agnes Jager Internist-Oncoloog (Clusterstuurgroep) ¶ 223 Internist-Oncoloog "
        "(Clusterexpertisegroep) ¶ 242 12 declared interests (8 research funding, 3 side activity, "
        "1 employment) 14 declared interests (10 research funding, 3 side activity, 1 employment)"
        in english
    )
    dutch = page(pages_app, "/module/borstkanker/10.1.1?lang=nl").text
    assert (
        "12 gemelde belangen (8 extern gefinancierd onderzoek, 3 nevenwerkzaamheid, "
        "1 dienstverband)" in dutch
    )
    assert "Borstkanker · initiatief NIV" in dutch
    assert "Eindoordeel: Conditionele aanbeveling voor" in dutch  # the source's own word stays
