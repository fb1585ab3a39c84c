"""The builder on hand-made records taken from the real document, and on the parsed document."""

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF

from loaders.iris import CONCEPT, GKG, Iris
from loaders.parsers.document import parse_document
from loaders.rdf.builder import BIBO, CITO, FRAPO, OBO, PICO, build_graph
from loaders.records import (
    Citation,
    ClinicalQuestion,
    Cluster,
    Consideration,
    Declaration,
    Document,
    Downgrade,
    EvidenceQuality,
    Finding,
    Guideline,
    Interest,
    Membership,
    Module,
    NameVariant,
    Organisation,
    Person,
    Pico,
    Problem,
    Recommendation,
    Reference,
    SourceInfo,
    Span,
    Statement,
    WkkgzAssessment,
)  # fmt: skip

SHA = "0123456789abcdef" * 4
XSD = "http://www.w3.org/2001/XMLSchema#"  # a plain string: pytest probes module attributes
BASE = "https://w3id.org/gkg/"
SOURCE = Path(__file__).resolve().parents[1] / "data" / "source" / "borstkanker-cluster-3a-2026.txt"
PREFIXES = f"""
PREFIX gkg: <{GKG}> PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX cito: <{CITO}> PREFIX xsd: <{XSD}>
PREFIX c: <{CONCEPT}> PREFIX obo: <{OBO}> PREFIX pico: <{PICO}>
"""


def source_info() -> SourceInfo:
    return SourceInfo("data/source/borstkanker-cluster-3a-2026.txt", SHA, 1183)


def module_10_1_1() -> Module:
    agnes_row = Span(298, 299)
    return Module(
        number="10.1.1",
        title="Beeldvormende diagnostiek bij oligometastasen bij borstkanker",
        guideline_key="borstkanker",
        span=Span(320, 630),
        initiative="NIV",
        initiative_key="niv",
        accountability_span=Span(200, 318),
        questions=[
            ClinicalQuestion(
                "Wat is de waarde van beeldvormingsmodaliteiten in het detecteren van "
                "oligometastasen bij borstkanker?",
                Span(325, 325),
            ),
            ClinicalQuestion(
                "Wat is de aanvullende waarde van MRI (wervelkolom/bekken of lever) na een "
                "positieve FDG-PET/CT voor het detecteren van aanvullende (oligo)metastasen bij "
                "een verdenking op oligometastasen?",
                Span(329, 330),
                number=1,
                pico=Pico(
                    population="een verdenking op oligometastasen",
                    intervention="MRI (wervelkolom/bekken of lever)",
                    comparator="een positieve FDG-PET/CT",
                    outcomes=["het detecteren van aanvullende (oligo)metastasen"],
                ),
            ),
        ],
        recommendations=[
            Recommendation(
                key="borstkanker/10.1.1-1",
                label="Aanbeveling-1 Aanvullende MRI",
                verdict="Conditionele aanbeveling voor (Doen in geselecteerde gevallen)",
                strength="weak",
                direction="for",
                statements=[
                    Statement(
                        "Gebruik FDG-PET/CT als standaardmodaliteit voor het detecteren van "
                        "oligometastasen bij borstkanker.",
                        Span(340, 340),
                        direction="for",
                        intervention="Gebruik FDG-PET/CT",
                    )
                ],
                span=Span(336, 342),
                question_number=1,
            )
        ],
        considerations=[
            Consideration(
                "costs", "Kostenaspecten", "Een aanvullende MRI kost meer.", Span(475, 480)
            )
        ],
        evidence_quality=EvidenceQuality(
            levels=["very-low"],
            text="De overall kwaliteit van bewijs is zeer laag.",
            span=Span(451, 460),
            downgrades=[
                Downgrade(
                    "RiskOfBias",
                    "Risk of Bias: de meeste geïncludeerde studies in Xia (2023)",
                    Span(455, 456),
                )
            ],
        ),
        references=[
            Reference(
                key="xia-2023",
                text="Xia L, Lai J, Huang D, Qiu S, Hu H, Luo Y, Cao J. Comparing ...",
                span=Span(619, 619),
                authors=["Xia L", "Lai J", "Huang D"],
                title="Comparing the diagnostic efficacy of [18F]FDG PET/CT and [18F]FDG PET/MRI "
                "for detecting bone metastases in breast cancer: a meta-analysis",
                journal="Radiol Oncol",
                year=2023,
                volume="57",
                issue="3",
                pages="299-309",
                doi="10.2478/raon-2023-0037",
                pmid="37494596",
                pmcid="PMC10561067",
                kind="systematic-review",
            )
        ],
        citations=[
            Citation("Xia (2023)", Span(372, 372), "xia-2023"),
            Citation("Xia (2023)", Span(455, 455), "xia-2023"),
            Citation("Pasquier, 2023", Span(367, 367), ""),
        ],
        findings=[
            Finding(
                measure="sensitivity",
                value=Decimal("0.96"),
                span=Span(376, 376),
                lower=Decimal("0.92"),
                upper=Decimal("0.98"),
                confidence=Decimal("0.95"),
                n_studies=6,
                n_patients=433,
                index_test="FDG-PET/CT",
                target_condition="bone metastases",
                study_key="xia-2023",
            )
        ],
        memberships=[
            Membership(
                "agnes-jager",
                "expertise",
                "borstkanker/10.1.1",
                "Internist-Oncoloog",
                "NIV",
                ["niv"],
                Span(242, 242),
            )
        ],
        declarations=[
            Declaration(
                person_key="agnes-jager",
                module="borstkanker/10.1.1",
                group="expertise",
                name_as_written="Agnes Jager",
                main_position="Internist-oncoloog Erasmus MC (1.0 Fte)",
                side_activities="1. WAR commissielid van TreadMed",
                financial_interests="Geen",
                personal_relations="Geen",
                research_funding="4. KWF - Detection of early progression (Projectleider JA)",
                intellectual_interests="Geen",
                other_interests="Geen",
                span=agnes_row,
                interests=[
                    Interest(
                        "research-funding",
                        "KWF - Detection of early progression (Projectleider JA)",
                        agnes_row,
                        ["kwf"],
                        project="Detection of early progression",
                        role="projectleider",
                    )
                ],
            )
        ],
        wkkgz=WkkgzAssessment(
            "Module Beeldvormende diagnostiek bij oligometastasen bij borstkanker",
            "geen substantiële financiële gevolgen",
            "Uit de toetsing volgt dat de aanbeveling(en) niet breed toepasbaar zijn.",
            Span(314, 314),
        ),
    )


def document() -> Document:
    return Document(
        source=source_info(),
        cluster=Cluster(
            "borstkanker", "Cluster Borstkanker", Span(11, 11), cycle="Derde cyclus – deel a 2026"
        ),
        guidelines=[
            Guideline(
                "borstkanker", "Borstkanker", Span(143, 143), module_keys=["borstkanker/10.1.1"]
            )
        ],
        modules=[module_10_1_1()],
        people=[
            Person(
                "agnes-jager",
                "Agnes Jager",
                Span(87, 87),
                "Agnes",
                "Jager",
                "A.",
                [
                    NameVariant("A. (Agnes) Jager", Span(87, 87)),
                    NameVariant("Agnes Jager", Span(298, 298)),
                ],
            )
        ],  # fmt: skip
        organisations=[
            Organisation(
                "niv",
                "Nederlandsche Internisten Vereeniging",
                Span(87, 87),
                ["NIV"],
                "professional-society",
            ),
            Organisation("kwf", "KWF Kankerbestrijding", Span(298, 299), ["KWF"], "charity"),
        ],
        memberships=[
            Membership(
                "agnes-jager",
                "steering",
                "cluster",
                "Internist-Oncoloog",
                "NIV",
                ["niv"],
                Span(87, 87),
            )
        ],
        problems=[
            Problem(
                "name-variant", "Agnes Jager is written in two ways.", Span(285, 298), "agnes-jager"
            )
        ],
    )


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(document())


def ask(graph: Graph, where: str) -> bool:
    """ASK a graph pattern; D<path> abbreviates a data IRI under the default base."""
    where = where.replace("D<", f"<{BASE}")
    return graph.query(f"{PREFIXES} ASK {{ {where} }}").askAnswer


@pytest.mark.parametrize(
    "pattern",
    [
        # cluster, guideline, module
        'D<cluster/borstkanker> a gkg:Cluster ; gkg:cycle "Derde cyclus – deel a 2026"@nl',
        "D<guideline/borstkanker> a <http://purl.org/spar/fabio/ClinicalGuideline>, "
        "<https://schema.org/MedicalGuideline> ; dcterms:hasPart D<module/borstkanker/10.1.1> ; "
        "gkg:maintainedBy D<cluster/borstkanker>",
        'D<module/borstkanker/10.1.1> a gkg:Module ; gkg:moduleNumber "10.1.1" ; gkg:initiatedBy '
        "D<organisation/niv> ; dcterms:subject c:oligometastatic-disease, c:breast-cancer",
        # questions with PICO
        "D<module/borstkanker/10.1.1/question/1> a gkg:ClinicalQuestion ; gkg:questionNumber 1 ; "
        "gkg:subQuestionOf D<module/borstkanker/10.1.1/question/main> ; gkg:inModule "
        "D<module/borstkanker/10.1.1> ; "
        "gkg:picoIntervention ?i ; gkg:picoComparator ?c ; gkg:picoPopulation ?p ; "
        "gkg:picoOutcome D<module/borstkanker/10.1.1/question/1/outcome-1> . "
        '?i a pico:Intervention ; gkg:text "MRI (wervelkolom/bekken of lever)"@nl ; '
        "dcterms:subject c:magnetic-resonance-imaging . "
        "FILTER NOT EXISTS { ?i dcterms:subject c:fdg-pet-ct } "
        '?c a gkg:PicoComparator ; gkg:text "een positieve FDG-PET/CT"@nl ; '
        "dcterms:subject c:fdg-pet-ct . "
        "?p a pico:Population ; dcterms:subject c:oligometastatic-disease",
        # recommendation and statement
        "D<recommendation/borstkanker/10.1.1-1> a gkg:Recommendation ; gkg:strength "
        "gkg:WeakRecommendation ; "
        "gkg:direction gkg:RecommendationFor ; "
        'gkg:verdict "Conditionele aanbeveling voor (Doen in geselecteerde gevallen)"@nl ; '
        "gkg:hasStatement D<recommendation/borstkanker/10.1.1-1/statement/1> ; dcterms:subject "
        "c:fdg-pet-ct",
        "D<recommendation/borstkanker/10.1.1-1/statement/1> a gkg:RecommendationStatement ; "
        'gkg:statementNumber 1 ; gkg:text ?t FILTER(lang(?t) = "nl")',
        "D<recommendation/borstkanker/10.1.1-1/statement/1> gkg:direction gkg:RecommendationFor ; "
        "gkg:concernsIntervention c:fdg-pet-ct",
        "D<recommendation/borstkanker/10.1.1-1> gkg:answersQuestion "
        "D<module/borstkanker/10.1.1/question/1>",
        # considerations and certainty
        "D<module/borstkanker/10.1.1/consideration/1> gkg:considerationKind gkg:Costs ; "
        'gkg:heading "Kostenaspecten"@nl',
        "D<module/borstkanker/10.1.1/certainty> a gkg:CertaintyAssessment ; gkg:certainty "
        "gkg:VeryLowCertainty ; "
        "gkg:lowestCertainty gkg:VeryLowCertainty ; gkg:highestCertainty gkg:VeryLowCertainty ; "
        "gkg:graded true ; gkg:hasDowngrade D<module/borstkanker/10.1.1/certainty/risk-of-bias> . "
        "D<module/borstkanker/10.1.1/certainty/risk-of-bias> gkg:downgradeDomain gkg:RiskOfBias",
        # literature and citations
        "D<reference/xia-2023> a gkg:Reference, <http://purl.org/spar/fabio/SystematicReview> ; "
        '<http://purl.org/ontology/bibo/doi> "10.2478/raon-2023-0037" ; '
        "<http://www.w3.org/2002/07/owl#sameAs> <https://doi.org/10.2478/raon-2023-0037> ; "
        "<http://www.w3.org/2000/01/rdf-schema#seeAlso> "
        "<https://pubmed.ncbi.nlm.nih.gov/37494596/> ; "
        '<http://purl.org/spar/fabio/hasPubMedCentralId> "PMC10561067" ; '
        '<http://prismstandard.org/namespaces/basic/2.0/pageRange> "299-309" ; '
        '<http://purl.org/dc/terms/issued> "2023"^^xsd:gYear ; dcterms:subject c:pet-mri',
        "D<module/borstkanker/10.1.1> gkg:listsReference D<reference/xia-2023> ; cito:cites "
        "D<reference/xia-2023> ; "
        "cito:citesAsEvidence D<reference/xia-2023>",
        "D<module/borstkanker/10.1.1/citation/1> a gkg:Citation ; cito:hasCitingEntity "
        "D<module/borstkanker/10.1.1> ; "
        'cito:hasCitedEntity D<reference/xia-2023> ; gkg:text "Xia (2023)"',
        # findings
        "D<finding/borstkanker/10.1.1/xia-2023/sensitivity-fdg-pet-ct-bone-metastases> a "
        "gkg:Finding, "
        "obo:STATO_0000233 ; gkg:value 0.96 ; gkg:lower 0.92 ; gkg:upper 0.98 ;"
        ' gkg:confidenceLevel 0.95 ; gkg:unit "proportion" ; gkg:studyCount 6 ; '
        "gkg:patientCount 433 ; gkg:indexTest c:fdg-pet-ct ; gkg:targetCondition "
        "c:bone-metastasis ; "
        "gkg:study D<reference/xia-2023> ; gkg:hasConfidenceInterval ?ci . ?ci a "
        "obo:STATO_0000231 ; "
        "gkg:lower 0.92",
        # people, organisations, memberships
        'D<person/agnes-jager> a foaf:Person ; foaf:name "Agnes Jager" ; foaf:givenName "Agnes" ; '
        'foaf:familyName "Jager" ; skos:altLabel "A. (Agnes) Jager" ; '
        "<http://www.w3.org/2008/05/skos-xl#altLabel> ?v ; "
        "<http://www.w3.org/2008/05/skos-xl#prefLabel> ?p . "
        "?v a <http://www.w3.org/2008/05/skos-xl#Label> ; "
        '<http://www.w3.org/2008/05/skos-xl#literalForm> "A. (Agnes) Jager" ; '
        "prov:wasDerivedFrom/gkg:firstLine 87 . "
        '?p <http://www.w3.org/2008/05/skos-xl#literalForm> "Agnes Jager" ; '
        "prov:wasDerivedFrom/gkg:firstLine 298",
        "D<organisation/niv> a org:FormalOrganization, gkg:ProfessionalSociety ; skos:altLabel "
        '"NIV"',
        "D<membership/cluster/borstkanker/steering/agnes-jager> a org:Membership ; org:member "
        "D<person/agnes-jager> ; "
        "org:organization D<cluster/borstkanker/group/steering> ; org:role ?r ; "
        "gkg:onBehalfOf D<organisation/niv> . D<cluster/borstkanker/group/steering> a "
        "gkg:SteeringGroup",
        "D<membership/borstkanker/10.1.1/expertise/agnes-jager> org:organization "
        "D<module/borstkanker/10.1.1/panel> ; "
        "gkg:scopeModule D<module/borstkanker/10.1.1> ; gkg:clusterGroup "
        "D<cluster/borstkanker/group/expertise>",
        # declarations
        "D<declaration/borstkanker/10.1.1/agnes-jager/expertise> a gkg:InterestDeclaration ; "
        'gkg:declarant D<person/agnes-jager> ; gkg:personalFinancialInterests "Geen"@nl',
        "D<declaration/borstkanker/10.1.1/agnes-jager/expertise> gkg:declaresInterest ?i . ?i a "
        "gkg:Interest ; "
        "gkg:interestKind gkg:ResearchFundingInterest ; gkg:counterparty D<organisation/kwf> ; "
        'gkg:projectRole "projectleider" ; <http://purl.org/cerif/frapo/isFundedBy> '
        "D<organisation/kwf> . "
        "D<person/agnes-jager> gkg:receivesFundingFrom D<organisation/kwf>",
        # Wkkgz and problems
        "D<module/borstkanker/10.1.1> gkg:hasWkkgzAssessment ?w . ?w a gkg:WkkgzAssessment ; "
        'gkg:assessmentOutcome "geen substantiële financiële gevolgen"@nl',
        "D<problem/0123456789abcdef/name-variant/285-298> a gkg:DataQualityFinding ; "
        "gkg:problemKind "
        '"name-variant" ; '
        "gkg:concerns D<person/agnes-jager> ; prov:wasDerivedFrom "
        "D<source/0123456789abcdef/lines/285-298>",
    ],
)
def test_record_gives_expected_triples(graph: Graph, pattern: str) -> None:
    assert ask(graph, pattern), pattern


def test_citation_inside_a_recommendation_is_cited_as_evidence_and_unresolved_cites_nothing() -> (
    None
):
    doc = document()
    doc.modules[0].citations.append(Citation("Xia (2023)", Span(340, 340), "xia-2023"))
    graph = build_graph(doc)
    assert ask(
        graph,
        "D<recommendation/borstkanker/10.1.1-1> cito:citesAsEvidence D<reference/xia-2023>",
    )
    assert not ask(graph, "D<module/borstkanker/10.1.1/citation/3> cito:hasCitedEntity ?r")


def test_authors_are_an_ordered_list(graph: Graph) -> None:
    head = graph.value(URIRef(BASE + "reference/xia-2023"), BIBO.authorList)
    assert isinstance(head, BNode)
    assert list(Collection(graph, head)) == [Literal("Xia L"), Literal("Lai J"), Literal("Huang D")]


def test_every_entity_is_derived_from_a_span_of_the_checksummed_document(graph: Graph) -> None:
    spans_and_source = {GKG.SourceSpan, GKG.SourceDocument}
    entities = (
        {
            s
            for s, o in graph.subject_objects(RDF.type)
            if isinstance(s, URIRef) and o not in spans_and_source
        }
        - set(graph.subjects(RDF.type, GKG.SourceSpan))
        - set(graph.subjects(RDF.type, GKG.SourceDocument))
    )
    assert len(entities) > 30
    source = Iris().source(SHA)
    for entity in entities:
        spans = list(graph.objects(entity, PROV.wasDerivedFrom))
        assert spans, entity
        for span in spans:
            first, last = graph.value(span, GKG.firstLine), graph.value(span, GKG.lastLine)
            assert first.datatype == URIRef(XSD + "integer") and first.toPython() <= last.toPython()
            assert graph.value(span, GKG.inDocument) == source
    assert graph.value(source, GKG.sha256) == Literal(SHA)


def test_iris_are_readable_and_follow_the_base() -> None:
    graph = build_graph(document(), base_iri="https://example.org/kg/")
    subjects = {str(s) for s in graph.subjects() if isinstance(s, URIRef)}
    for expected in [
        "cluster/borstkanker",
        "guideline/borstkanker",
        "module/borstkanker/10.1.1",
        "module/borstkanker/10.1.1/question/main",
        "module/borstkanker/10.1.1/question/1",
        "recommendation/borstkanker/10.1.1-1",
        "recommendation/borstkanker/10.1.1-1/statement/1",
        "person/agnes-jager",
        "organisation/niv",
        "reference/xia-2023",
        "finding/borstkanker/10.1.1/xia-2023/sensitivity-fdg-pet-ct-bone-metastases",
        "finding/borstkanker/10.1.1/xia-2023/sensitivity-fdg-pet-ct-bone-metastases/ci",
        "declaration/borstkanker/10.1.1/agnes-jager/expertise",
        "source/0123456789abcdef",
        "source/0123456789abcdef/lines/340-340",
    ]:
        assert "https://example.org/kg/" + expected in subjects


def test_same_document_gives_the_same_graph() -> None:
    assert isomorphic(build_graph(document()), build_graph(document()))


def test_a_person_alone_gives_exactly_these_triples() -> None:
    doc = Document(
        source_info(), None, [], [], [Person("agnes-jager", "Agnes Jager", Span(87, 87))], [], []
    )
    expected = Graph().parse(
        data=f"""
        @prefix gkg: <{GKG}> . @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix foaf: <http://xmlns.com/foaf/0.1/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix dcterms: <http://purl.org/dc/terms/> . @prefix spdx: <http://spdx.org/rdf/terms#> .
        @prefix xsd: <{XSD}> .
        <{BASE}person/agnes-jager> a foaf:Person ;
            foaf:name "Agnes Jager" ; skos:prefLabel "Agnes Jager" ;
            prov:wasDerivedFrom <{BASE}source/0123456789abcdef/lines/87-87> .
        <{BASE}source/0123456789abcdef/lines/87-87> a gkg:SourceSpan, prov:Entity ;
            gkg:firstLine 87 ; gkg:lastLine 87 ; gkg:inDocument <{BASE}source/0123456789abcdef> .
        <{BASE}source/0123456789abcdef> a gkg:SourceDocument, prov:Entity ; gkg:sha256 "{SHA}" ;
            gkg:lineCount 1183 ; dcterms:identifier "borstkanker-cluster-3a-2026.txt" ;
            spdx:checksum [ spdx:algorithm spdx:checksumAlgorithm_sha256 ;
                            spdx:checksumValue "{SHA}"^^xsd:hexBinary ] .
        """,
        format="turtle",
    )
    assert isomorphic(build_graph(doc), expected)


def test_parsed_document_builds_with_every_module_and_recommendation() -> None:
    parsed = parse_document(SOURCE)
    graph = build_graph(parsed)
    modules = {str(s) for s in graph.subjects(RDF.type, GKG.Module)}
    keys = ("borstkanker/10.1.1", "borstkanker/9.2.3", "borstreconstructie/6.1")
    assert modules == {BASE + "module/" + key for key in keys}
    recommendations = {r.key for m in parsed.modules for r in m.recommendations}
    assert {
        str(s).removeprefix(BASE + "recommendation/")
        for s in graph.subjects(RDF.type, GKG.Recommendation)
    } == recommendations
    assert isomorphic(graph, build_graph(parse_document(SOURCE)))
    source = Iris().source(parsed.source.sha256)
    assert (source, GKG.sha256, Literal(parsed.source.sha256)) in graph
    assert ask(
        graph,
        "?f a obo:STATO_0000233 ; gkg:indexTest ?t ; gkg:value ?v FILTER(datatype(?v) = "
        "xsd:decimal)",
    )
    assert ask(graph, "?m a org:Membership ; gkg:scopeModule D<module/borstreconstructie/6.1>")
    assert (URIRef(BASE + "module/borstkanker/10.1.1"), FRAPO.isFundedBy, None) not in graph


def finding_iris(findings: list[Finding]) -> list[str]:
    module = module_10_1_1()
    module.findings = findings
    graph = build_graph(Document(source_info(), None, [], [module], [], [], []))
    ordered = sorted(graph.subjects(RDF.type, GKG.Finding), key=lambda f: graph.value(f, GKG.text))
    return [str(f).removeprefix(BASE + "finding/borstkanker/10.1.1/") for f in ordered]


def test_finding_iris_name_study_measure_test_and_condition_not_position() -> None:
    def figure(text: str, measure: str, **fields: object) -> Finding:
        return Finding(measure, Decimal("0.5"), Span(376, 376), text=text, **fields)

    pet = figure("a", "sensitivity", index_test="PET/MRI", study_key="xia-2023")
    first = figure("b", "5-year-progression-free-survival", study_key="baek-2020")
    second = figure("c", "5-year-progression-free-survival", study_key="baek-2020")
    pooled = figure("d", "overall-survival", study_keys=["pergolizzi-2006", "pedersen-2011"])
    hazard = figure("e", "hazard-ratio", target_condition="Bot-metastasen")
    assert finding_iris([pet, first, second, pooled, hazard]) == [
        "xia-2023/sensitivity-pet-mri",
        "baek-2020/5-year-progression-free-survival",
        "baek-2020/5-year-progression-free-survival-2",  # same name: suffix in order of appearance
        "pergolizzi-2006+pedersen-2011/overall-survival",
        "unattributed/hazard-ratio-bot-metastasen",
    ]
    # a figure found in front of the others renames none of them
    added = figure("0", "specificity", index_test="PET/MRI", study_key="xia-2023")
    assert finding_iris([added, hazard, pooled, first, pet, second]) == [
        "xia-2023/specificity-pet-mri",
        "xia-2023/sensitivity-pet-mri",
        "baek-2020/5-year-progression-free-survival",
        "baek-2020/5-year-progression-free-survival-2",
        "pergolizzi-2006+pedersen-2011/overall-survival",
        "unattributed/hazard-ratio-bot-metastasen",
    ]


def test_bundled_findings_have_distinct_readable_iris() -> None:
    graph = build_graph(parse_document(SOURCE))
    findings = {
        str(f).removeprefix(BASE + "finding/") for f in graph.subjects(RDF.type, GKG.Finding)
    }
    assert len(findings) == 86  # 39 figures, 47 counts, summaries and plain percentages
    assert {f for f in findings if not f.startswith("borstkanker/10.1.1/")} == {
        # 'Van der Venne (2026)' is not in the reference list
        "borstreconstructie/6.1/unattributed/hazard-ratio",
        "borstreconstructie/6.1/unattributed/mean",  # 'gemiddeld 4 keer', line 1105
        "borstreconstructie/6.1/unattributed/patient-count-aft",  # 242, line 1115
        "borstreconstructie/6.1/unattributed/patient-count-controles",  # 19936, line 1115
        "borstreconstructie/6.1/unattributed/patient-count-mastectomiegroep",  # 7333, line 1119
        "borstreconstructie/6.1/unattributed/patient-count-lumpectomiegroep",  # 883, line 1119
        # 67.5% and 7.3%, line 773: the subgroup tells them apart
        "borstkanker/9.2.3/baek-2020/5-year-progression-free-survival-maximaal-1-risicofactor",
        "borstkanker/9.2.3/baek-2020/5-year-progression-free-survival-meer-dan-1-risicofactor",
        "borstkanker/9.2.3/baek-2020/patient-count",  # 18.790, line 773
        "borstkanker/9.2.3/baek-2020/patient-count-2",  # 87 vrouwen
        "borstkanker/9.2.3/baek-2020/patient-count-axillair",  # 58
        "borstkanker/9.2.3/baek-2020/patient-count-parasternaal",  # 12
        "borstkanker/9.2.3/baek-2020/patient-count-supraclaviculair",  # 17
        "borstkanker/9.2.3/baek-2020/proportion",  # <5%, line 768
        "borstkanker/9.2.3/baek-2020/proportion-2",  # 0,5%, line 773
        "borstkanker/9.2.3/paluskievicz-2025/patient-count-alnd",  # n=15, line 780
        "borstkanker/9.2.3/paluskievicz-2025/patient-count-mari-tad",  # n=6
        # circa 40-50%, line 776
        "borstkanker/9.2.3/pergolizzi-2006+pedersen-2011/5-year-overall-survival",
        "borstkanker/9.2.3/snellen-2026/disease-free-survival",
        "borstkanker/9.2.3/snellen-2026/event-count",  # geen axillaire recidieven
        "borstkanker/9.2.3/snellen-2026/follow-up",  # mediaan 44 maanden
        "borstkanker/9.2.3/snellen-2026/overall-survival",
        "borstkanker/9.2.3/snellen-2026/patient-count",  # 53
        "borstkanker/9.2.3/snellen-2026/proportion",  # 87%
        "borstkanker/9.2.3/snellen-2026/proportion-2",  # 91%
        "borstkanker/9.2.3/unattributed/proportion",  # 25–35%, line 841
    }
    xia = URIRef(
        BASE + "finding/borstkanker/10.1.1/xia-2023/sensitivity-fdg-pet-ct-bone-metastases"
    )
    assert graph.value(xia, GKG.value) == Literal(Decimal("0.96"))
    ci = graph.value(xia, GKG.hasConfidenceInterval)
    assert ci == URIRef(f"{xia}/ci") and graph.value(ci, GKG["lower"]) == Literal(Decimal("0.92"))
