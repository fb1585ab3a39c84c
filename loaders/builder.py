"""Turning a parsed `Document` into the data graph (RDF), the one place records become triples.

    >>> from loaders.records import Document, SourceInfo
    >>> graph = build_graph(Document(SourceInfo("x.txt", "ab" * 32, 3), None, [], [], [], [], []))
    >>> len(graph)  # the source document alone
    8

Every entity gets `prov:wasDerivedFrom` a source span (`gkg:SourceSpan` with
`gkg:firstLine`/`gkg:lastLine`, `gkg:inDocument` the checksummed source).  Verbatim
Dutch text is tagged @nl.  IRIs come from `loaders.iris`; terms from ontology/gkg.ttl.
The same `Document` always gives the same triples.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePath

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DC, DCTERMS, FOAF, ORG, OWL, PROV, RDFS, SKOS, XSD

from .concepts import ConceptIndex, load_concepts
from .iris import DEFAULT_BASE_IRI, GKG, Iris
from .records import (
    Citation,
    Cluster,
    Declaration,
    Document,
    EvidenceQuality,
    Finding,
    Guideline,
    Interest,
    Membership,
    Module,
    NameVariant,
    Organisation,
    Person,
    Problem,
    Recommendation,
    Reference,
    Span,
)

FABIO = Namespace("http://purl.org/spar/fabio/")
CITO = Namespace("http://purl.org/spar/cito/")
FRAPO = Namespace("http://purl.org/cerif/frapo/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
PRISM = Namespace("http://prismstandard.org/namespaces/basic/2.0/")
SCHEMA = Namespace("https://schema.org/")
PICO = Namespace("http://data.cochrane.org/ontologies/pico/")
OBO = Namespace("http://purl.obolibrary.org/obo/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
PREFIXES = {
    "gkg": GKG, "fabio": FABIO, "cito": CITO, "frapo": FRAPO, "bibo": BIBO, "prism": PRISM,
    "schema": SCHEMA, "pico": PICO, "obo": OBO, "spdx": SPDX, "org": ORG, "foaf": FOAF,
    "prov": PROV, "skos": SKOS, "dcterms": DCTERMS, "dc": DC,
}  # fmt: skip

STRENGTHS = {"strong": GKG.StrongRecommendation, "weak": GKG.WeakRecommendation}
DIRECTIONS = {"for": GKG.RecommendationFor, "against": GKG.RecommendationAgainst}
CERTAINTIES = {
    "high": GKG.HighCertainty, "moderate": GKG.ModerateCertainty,
    "low": GKG.LowCertainty, "very-low": GKG.VeryLowCertainty,
}  # fmt: skip
CONSIDERATION_KINDS = {
    "balance": GKG.BalanceOfEffects, "evidence-quality": GKG.QualityOfEvidence,
    "values": GKG.ValuesAndPreferences, "costs": GKG.Costs, "equity": GKG.Equity,
    "acceptability": GKG.Acceptability, "sustainability": GKG.Sustainability,
    "feasibility": GKG.Feasibility, "rationale": GKG.Rationale,
}  # fmt: skip
INTEREST_KINDS = {
    "employment": GKG.EmploymentInterest, "side-activity": GKG.SideActivityInterest,
    "financial": GKG.PersonalFinancialInterest, "personal-relation": GKG.PersonalRelationInterest,
    "research-funding": GKG.ResearchFundingInterest, "intellectual": GKG.IntellectualInterest,
}  # fmt: skip
ORGANISATION_CLASSES = {
    "professional-society": GKG.ProfessionalSociety, "hospital": GKG.HospitalOrUniversity,
    "company": GKG.Company, "charity": GKG.CharityOrFund, "government": GKG.GovernmentBody,
    "patient-organisation": GKG.PatientOrganisation, "knowledge-institute": GKG.KnowledgeInstitute,
}  # fmt: skip
GROUP_CLASSES = {
    "steering": (GKG.SteeringGroup, "Clusterstuurgroep"),
    "expertise": (GKG.ExpertiseGroup, "Clusterexpertisegroep"),
    "support": (GKG.SupportTeam, "Methodologische ondersteuning"),
}
NOT_CONDITIONS = {"procedure", "substance"}  # semantic tags never taken as a target condition
MEASURE_CLASSES = {
    "sensitivity": OBO.STATO_0000233, "specificity": OBO.STATO_0000134,
    "hazard-ratio": GKG.HazardRatio, "detection-rate": GKG.DetectionRate,
    "survival": GKG.SurvivalProportion, "overall-survival": GKG.SurvivalProportion,
    "disease-free-survival": GKG.SurvivalProportion, "ppv": GKG.PredictiveValue,
    "npv": GKG.PredictiveValue, "positive-predictive-value": GKG.PredictiveValue,
    "negative-predictive-value": GKG.PredictiveValue,
}  # fmt: skip
REFERENCE_CLASSES = {
    "article": [FABIO.JournalArticle],
    "systematic-review": [FABIO.JournalArticle, FABIO.SystematicReview],
    "guideline": [FABIO.ClinicalGuideline],
    "report": [FABIO.ReportDocument],
}  # fmt: skip
PICO_ELEMENTS = [  # (IRI suffix, property, class, semantic tags of the concepts it holds)
    ("population", GKG.picoPopulation, PICO.Population, {"disorder", "morphologic abnormality"}),
    ("intervention", GKG.picoIntervention, PICO.Intervention, {"procedure", "substance"}),
    ("outcome", GKG.picoOutcome, PICO.Outcome, {"outcome", "statistic", "observable entity"}),
]
EVIDENCE_KINDS = {"evidence-quality"}


def build_graph(
    document: Document, base_iri: str = DEFAULT_BASE_IRI, concepts: ConceptIndex | None = None
) -> Graph:
    """The data graph of one document (concepts: the bundled concept scheme by default)."""
    return _Builder(document, Iris(base_iri), concepts or load_concepts()).build()


def nl(text: str) -> Literal:
    """Verbatim Dutch text."""
    return Literal(text, lang="nl")


class _Builder:
    def __init__(self, document: Document, iris: Iris, concepts: ConceptIndex) -> None:
        self.document = document
        self.iris = iris
        self.concepts = concepts
        self.graph = Graph()
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)
        self.source = iris.source(document.source.sha256)
        self.cluster_key = document.cluster.key if document.cluster else "unknown"
        self.known_references = {r.key for m in document.modules for r in m.references}
        self.known_organisations = {o.key for o in document.organisations}

    # --- helpers -------------------------------------------------------------
    def add(self, subject: URIRef, predicate: URIRef, value: object) -> None:
        """Add a triple unless the value is empty (None or '')."""
        if value is None or value == "":
            return
        if not isinstance(value, URIRef | BNode | Literal):
            value = Literal(value)
        self.graph.add((subject, predicate, value))

    def entity(self, iri: URIRef, types: list[URIRef], span: Span) -> URIRef:
        for rdf_type in types:
            self.graph.add((iri, RDF.type, rdf_type))
        self.graph.add((iri, PROV.wasDerivedFrom, self.span(span)))
        return iri

    def span(self, span: Span) -> URIRef:
        iri = self.iris.span(self.document.source.sha256, span)
        if (iri, RDF.type, GKG.SourceSpan) not in self.graph:
            self.graph.add((iri, RDF.type, GKG.SourceSpan))
            self.graph.add((iri, RDF.type, PROV.Entity))
            self.graph.add((iri, GKG.firstLine, Literal(span.first)))
            self.graph.add((iri, GKG.lastLine, Literal(span.last)))
            self.graph.add((iri, GKG.inDocument, self.source))
        return iri

    def subjects(self, iri: URIRef, *texts: str) -> list[URIRef]:
        """Tag an entity with the concepts its texts mention."""
        found = sorted({c for text in texts if text for c in self.concepts.find(text)})
        for concept in found:
            self.graph.add((iri, DCTERMS.subject, concept))
        return found

    def organisation(self, key: str) -> URIRef | None:
        return self.iris.organisation(key) if key in self.known_organisations else None

    # --- document --------------------------------------------------------------
    def build(self) -> Graph:
        document = self.document
        self.add_source()
        if document.cluster:
            self.add_cluster(document.cluster)
        for guideline in document.guidelines:
            self.add_guideline(guideline)
        for organisation in document.organisations:
            self.add_organisation(organisation)
        for person in document.people:
            self.add_person(person)
        for membership in document.memberships:
            self.add_membership(membership)
        for module in document.modules:
            self.add_module(module)
        self.add_problems(document.problems)
        return self.graph

    def add_source(self) -> None:
        info = self.document.source
        g, source = self.graph, self.source
        for rdf_type in (GKG.SourceDocument, PROV.Entity):
            g.add((source, RDF.type, rdf_type))
        g.add((source, GKG.sha256, Literal(info.sha256)))
        g.add((source, GKG.lineCount, Literal(info.line_count)))
        g.add((source, DCTERMS.identifier, Literal(PurePath(info.path).name)))
        self.add(source, DCTERMS.title, info.title and nl(info.title))
        checksum = BNode()
        g.add((source, SPDX.checksum, checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(info.sha256, datatype=XSD.hexBinary)))

    def add_cluster(self, cluster: Cluster) -> None:
        iri = self.entity(self.iris.cluster(cluster.key), [GKG.Cluster], cluster.span)
        self.add(iri, SKOS.prefLabel, nl(cluster.title))
        self.add(iri, DCTERMS.title, nl(cluster.title))
        self.add(iri, GKG.cycle, cluster.cycle and nl(cluster.cycle))
        self.add(iri, GKG.funding, cluster.funding and nl(cluster.funding))

    def add_guideline(self, guideline: Guideline) -> None:
        types = [FABIO.ClinicalGuideline, SCHEMA.MedicalGuideline]
        iri = self.entity(self.iris.guideline(guideline.key), types, guideline.span)
        self.add(iri, DCTERMS.title, nl(guideline.title))
        self.add(iri, DCTERMS.description, guideline.description and nl(guideline.description))
        if self.document.cluster:
            self.add(iri, GKG.maintainedBy, self.iris.cluster(self.cluster_key))
        for number in guideline.module_numbers:
            self.add(iri, DCTERMS.hasPart, self.iris.module(number))

    # --- people and organisations ---------------------------------------------
    def add_organisation(self, organisation: Organisation) -> None:
        types = [ORG.FormalOrganization]
        if organisation.kind in ORGANISATION_CLASSES:
            types.append(ORGANISATION_CLASSES[organisation.kind])
        iri = self.entity(self.iris.organisation(organisation.key), types, organisation.span)
        self.add(iri, SKOS.prefLabel, Literal(organisation.name))
        self.add(iri, FOAF.name, Literal(organisation.name))
        for abbreviation in sorted(set(organisation.abbreviations)):
            self.add(iri, SKOS.altLabel, Literal(abbreviation))
        self.add_variants(iri, organisation.name, organisation.variants)

    def add_person(self, person: Person) -> None:
        iri = self.entity(self.iris.person(person.key), [FOAF.Person], person.span)
        self.add(iri, FOAF.name, Literal(person.name))
        self.add(iri, SKOS.prefLabel, Literal(person.name))
        self.add(iri, FOAF.givenName, person.given_name)
        self.add(iri, FOAF.familyName, person.family_name)
        self.add(iri, GKG.initials, person.initials)
        self.add_variants(iri, person.name, person.variants)

    def add_variants(self, owner: URIRef, name: str, variants: list[NameVariant]) -> None:
        ordered = sorted(variants, key=lambda variant: (variant.span, variant.text))
        for index, variant in enumerate(ordered, start=1):
            iri = self.entity(self.iris.name_variant(owner, index), [GKG.NameVariant], variant.span)
            self.add(iri, GKG.nameAsWritten, variant.text)
            self.add(owner, GKG.hasNameVariant, iri)
            if variant.text != name:
                self.add(owner, SKOS.altLabel, Literal(variant.text))

    def group(self, group: str, span: Span) -> URIRef:
        rdf_type, label = GROUP_CLASSES.get(group, (GKG.ClusterGroup, group))
        iri = self.entity(self.iris.group(self.cluster_key, group), [rdf_type], span)
        self.add(iri, SKOS.prefLabel, nl(label))
        if self.document.cluster:
            cluster = self.iris.cluster(self.cluster_key)
            self.add(iri, ORG.unitOf, cluster)
            self.add(cluster, ORG.hasUnit, iri)
        return iri

    def add_membership(self, membership: Membership) -> None:
        span, scope = membership.span, membership.scope
        iri = self.iris.membership(scope, membership.group, membership.person_key)
        self.entity(iri, [ORG.Membership], span)
        group = self.group(membership.group, span)
        self.add(iri, ORG.member, self.iris.person(membership.person_key))
        self.add(iri, GKG.clusterGroup, group)
        if scope == "cluster":
            self.add(iri, ORG.organization, group)
        else:
            module = self.iris.module(scope)
            panel = self.entity(self.iris.panel(scope), [GKG.ModulePanel], span)
            self.add(panel, GKG.inModule, module)
            self.add(iri, ORG.organization, panel)
            self.add(iri, GKG.scopeModule, module)
        if membership.role:
            role = self.entity(self.iris.role(membership.role), [ORG.Role], span)
            self.add(role, SKOS.prefLabel, nl(membership.role))
            self.add(iri, ORG.role, role)
            self.add(iri, GKG.roleText, nl(membership.role))
        self.add(iri, GKG.organisationText, membership.organisation_text)
        for key in sorted(membership.organisation_keys):
            self.add(iri, GKG.onBehalfOf, self.organisation(key))

    # --- modules ----------------------------------------------------------------
    def add_module(self, module: Module) -> None:
        number = module.number
        iri = self.entity(self.iris.module(number), [GKG.Module], module.span)
        if module.accountability_span:
            self.add(iri, PROV.wasDerivedFrom, self.span(module.accountability_span))
        self.add(iri, GKG.moduleNumber, number)
        self.add(iri, DCTERMS.title, module.title and nl(module.title))
        if module.guideline_key:
            guideline = self.iris.guideline(module.guideline_key)
            self.add(iri, DCTERMS.isPartOf, guideline)
            self.add(guideline, DCTERMS.hasPart, iri)
        self.add(iri, GKG.cycle, module.cycle and nl(module.cycle))
        self.add(iri, GKG.initiativeText, module.initiative)
        if module.initiative_key:
            self.add(iri, GKG.initiatedBy, self.organisation(module.initiative_key))
        self.subjects(iri, module.title, *(q.text for q in module.questions))
        self.add_questions(module)
        for recommendation in module.recommendations:
            self.add_recommendation(module, recommendation)
        for index, consideration in enumerate(module.considerations, start=1):
            node = self.iris.consideration(number, index)
            self.entity(node, [GKG.Consideration], consideration.span)
            kind = CONSIDERATION_KINDS.get(consideration.kind, GKG.OtherConsideration)
            self.add(node, GKG.considerationKind, kind)
            self.add(node, GKG.heading, nl(consideration.heading))
            self.add(node, GKG.text, consideration.text and nl(consideration.text))
            self.add(node, GKG.considerationNumber, Literal(index))
            self.add(node, GKG.inModule, iri)
        if module.evidence_quality:
            self.add_certainty(module, module.evidence_quality)
        for reference in module.references:
            self.add_reference(reference)
            self.add(iri, GKG.listsReference, self.iris.reference(reference.key))
        for index, citation in enumerate(module.citations, start=1):
            self.add_citation(module, index, citation)
        for index, finding in enumerate(module.findings, start=1):
            self.add_finding(module, index, finding)
        for membership in module.memberships:
            self.add_membership(membership)
        for declaration in module.declarations:
            self.add_declaration(declaration)
        if module.wkkgz:
            wkkgz = self.entity(self.iris.wkkgz(number), [GKG.WkkgzAssessment], module.wkkgz.span)
            self.add(wkkgz, GKG.moduleTitleAsWritten, nl(module.wkkgz.module_title))
            self.add(wkkgz, GKG.assessmentOutcome, nl(module.wkkgz.outcome))
            self.add(wkkgz, GKG.explanation, nl(module.wkkgz.explanation))
            self.add(wkkgz, GKG.inModule, iri)
            self.add(iri, GKG.hasWkkgzAssessment, wkkgz)

    def add_questions(self, module: Module) -> None:
        main = next((q for q in module.questions if q.number is None), None)
        for question in module.questions:
            iri = self.iris.question(module.number, question.number)
            self.entity(iri, [GKG.ClinicalQuestion], question.span)
            self.add(iri, GKG.text, nl(question.text))
            self.add(iri, GKG.inModule, self.iris.module(module.number))
            if question.number is not None:
                self.add(iri, GKG.questionNumber, Literal(question.number))
                if main is not None:
                    self.add(iri, GKG.subQuestionOf, self.iris.question(module.number, None))
            found = self.subjects(iri, question.text)
            for suffix, predicate, pico_class, tags in PICO_ELEMENTS:
                members = [c for c in found if self.concepts.semantic_tag(c) in tags]
                if members:
                    element = self.iris.pico_element(iri, suffix)
                    self.entity(element, [pico_class], question.span)
                    self.add(iri, predicate, element)
                    for concept in members:
                        self.add(element, DCTERMS.subject, concept)

    def add_recommendation(self, module: Module, recommendation: Recommendation) -> None:
        key = recommendation.key
        types = [GKG.Recommendation, SCHEMA.MedicalGuidelineRecommendation]
        iri = self.entity(self.iris.recommendation(key), types, recommendation.span)
        self.add(iri, RDFS.label, nl(recommendation.label))
        self.add(iri, GKG.verdict, recommendation.verdict and nl(recommendation.verdict))
        self.add(iri, GKG.strength, STRENGTHS.get(recommendation.strength, GKG.UnknownStrength))
        self.add(iri, GKG.direction, DIRECTIONS.get(recommendation.direction, GKG.UnknownDirection))
        self.add(iri, GKG.inModule, self.iris.module(module.number))
        for index, statement in enumerate(recommendation.statements, start=1):
            node = self.iris.statement(key, index)
            self.entity(node, [GKG.RecommendationStatement], statement.span)
            self.add(node, GKG.text, nl(statement.text))
            self.add(node, GKG.statementNumber, Literal(index))
            self.add(iri, GKG.hasStatement, node)
        self.subjects(iri, recommendation.label, *(s.text for s in recommendation.statements))

    def add_certainty(self, module: Module, quality: EvidenceQuality) -> None:
        iri = self.entity(
            self.iris.certainty(module.number), [GKG.CertaintyAssessment], quality.span
        )
        self.add(iri, GKG.inModule, self.iris.module(module.number))
        self.add(iri, GKG.graded, Literal(quality.graded))
        self.add(iri, GKG.text, quality.text and nl(quality.text))
        levels = [CERTAINTIES[level] for level in quality.levels if level in CERTAINTIES]
        order = list(CERTAINTIES.values())
        for level in levels:
            self.add(iri, GKG.certainty, level)
        if levels:
            self.add(iri, GKG.highestCertainty, min(levels, key=order.index))
            self.add(iri, GKG.lowestCertainty, max(levels, key=order.index))
        for downgrade in quality.downgrades:
            node = self.iris.downgrade(module.number, downgrade.domain)
            self.entity(node, [GKG.Downgrade], downgrade.span)
            self.add(node, GKG.downgradeDomain, GKG[downgrade.domain])
            self.add(node, GKG.text, downgrade.text and nl(downgrade.text))
            self.add(iri, GKG.hasDowngrade, node)

    # --- literature -----------------------------------------------------------
    def add_reference(self, reference: Reference) -> None:
        types = [GKG.Reference, *REFERENCE_CLASSES.get(reference.kind, [FABIO.Expression])]
        iri = self.entity(self.iris.reference(reference.key), types, reference.span)
        self.add(iri, DCTERMS.bibliographicCitation, reference.text)
        self.add(iri, DCTERMS.title, reference.title)
        if reference.authors and (iri, BIBO.authorList, None) not in self.graph:
            authors = BNode()
            Collection(self.graph, authors, [Literal(name) for name in reference.authors])
            self.add(iri, BIBO.authorList, authors)
            for name in reference.authors:
                self.add(iri, DC.creator, Literal(name))
        self.add(iri, PRISM.publicationName, reference.journal)
        if reference.year is not None:
            self.add(iri, DCTERMS.issued, Literal(str(reference.year), datatype=XSD.gYear))
        self.add(iri, PRISM.volume, reference.volume)
        self.add(iri, PRISM.issueIdentifier, reference.issue)
        self.add(iri, PRISM.pageRange, reference.pages)
        if reference.doi:
            self.add(iri, BIBO.doi, reference.doi)
            self.add(iri, OWL.sameAs, URIRef(f"https://doi.org/{reference.doi}"))
        if reference.pmid.isdigit():
            # Only a real PMID is an identifier; 'PMID: PMC9979010' stays in the verbatim
            # citation (dcterms:bibliographicCitation) and is reported as a Problem.
            self.add(iri, BIBO.pmid, reference.pmid)
            self.add(
                iri, RDFS.seeAlso, URIRef(f"https://pubmed.ncbi.nlm.nih.gov/{reference.pmid}/")
            )
        if reference.pmcid:
            self.add(iri, FABIO.hasPubMedCentralId, reference.pmcid)
            self.add(
                iri,
                RDFS.seeAlso,
                URIRef(f"https://pmc.ncbi.nlm.nih.gov/articles/{reference.pmcid}/"),
            )
        if reference.url.startswith(("http://", "https://")):  # not placeholders such as 'xxx'
            self.add(iri, SCHEMA.url, URIRef(reference.url))
        self.subjects(iri, reference.title)

    def add_citation(self, module: Module, index: int, citation: Citation) -> None:
        iri = self.entity(self.iris.citation(module.number, index), [GKG.Citation], citation.span)
        module_iri = self.iris.module(module.number)
        citing = self._citing_recommendation(module, citation.span)
        self.add(iri, GKG.text, citation.text)
        self.add(iri, GKG.inModule, module_iri)
        self.add(iri, CITO.hasCitingEntity, citing or module_iri)
        if citation.reference_key not in self.known_references:
            return
        reference = self.iris.reference(citation.reference_key)
        self.add(iri, CITO.hasCitedEntity, reference)
        self.add(module_iri, CITO.cites, reference)
        if citing is not None:
            self.add(citing, CITO.citesAsEvidence, reference)
            self.add(iri, CITO.hasCitationCharacterisation, CITO.citesAsEvidence)
        elif self._in_evidence_section(module, citation.span):
            self.add(module_iri, CITO.citesAsEvidence, reference)
            self.add(iri, CITO.hasCitationCharacterisation, CITO.citesAsEvidence)

    def _citing_recommendation(self, module: Module, span: Span) -> URIRef | None:
        for recommendation in module.recommendations:
            if _within(span, recommendation.span):
                return self.iris.recommendation(recommendation.key)
        return None

    def _in_evidence_section(self, module: Module, span: Span) -> bool:
        sections = [c.span for c in module.considerations if c.kind in EVIDENCE_KINDS]
        if module.evidence_quality:
            sections.append(module.evidence_quality.span)
        return any(_within(span, section) for section in sections)

    def add_finding(self, module: Module, index: int, finding: Finding) -> None:
        types = [GKG.Finding]
        if finding.measure in MEASURE_CLASSES:
            types.append(MEASURE_CLASSES[finding.measure])
        named = self.iris.finding(module.number, finding)  # named by content, not position
        earlier = module.findings[: index - 1]  # the n-th of the same name gets '-n' (n > 1)
        occurrence = 1 + sum(self.iris.finding(module.number, f) == named for f in earlier)
        iri = self.iris.finding(module.number, finding, occurrence)
        self.entity(iri, types, finding.span)
        self.add(iri, GKG.inModule, self.iris.module(module.number))
        self.add(iri, GKG.measure, finding.measure)
        self.add(iri, GKG.value, _decimal(finding.value))
        self.add(iri, GKG.unit, finding.unit)
        self.add(iri, GKG["lower"], _decimal(finding.lower))
        self.add(iri, GKG["upper"], _decimal(finding.upper))
        self.add(iri, GKG.confidenceLevel, _decimal(finding.confidence))
        self.add(iri, GKG.studyCount, finding.n_studies)
        self.add(iri, GKG.patientCount, finding.n_patients)
        self.add(iri, GKG.text, finding.text and nl(finding.text))
        if finding.approximate:
            self.add(iri, GKG.approximate, Literal(True))
        has_interval = finding.value is not None and finding.confidence is not None
        if has_interval and (finding.lower is not None or finding.upper is not None):
            ci = self.iris.confidence_interval(iri)
            self.entity(ci, [OBO.STATO_0000231], finding.span)
            self.add(ci, GKG["lower"], _decimal(finding.lower))
            self.add(ci, GKG["upper"], _decimal(finding.upper))
            self.add(ci, GKG.confidenceLevel, _decimal(finding.confidence))
            self.add(ci, GKG.unit, finding.unit)
            self.add(iri, GKG.hasConfidenceInterval, ci)
        for text, predicate, text_predicate in [
            (finding.index_test, GKG.indexTest, GKG.indexTestText),
            (finding.target_condition, GKG.targetCondition, GKG.targetConditionText),
        ]:
            self.add(iri, text_predicate, text)
            concept = self.concepts.first(text) if text else None
            if concept is not None and predicate == GKG.targetCondition:
                if self.concepts.semantic_tag(concept) in NOT_CONDITIONS:
                    concept = None  # 'response to endocrine therapy' is not the therapy
            if concept is not None:
                self.add(iri, predicate, concept)
                self.add(iri, DCTERMS.subject, concept)
        for key in finding.study_keys or [finding.study_key]:
            if key in self.known_references:
                self.add(iri, GKG.study, self.iris.reference(key))

    # --- declarations and problems ------------------------------------------
    def add_declaration(self, declaration: Declaration) -> None:
        number, person_key = declaration.module, declaration.person_key
        iri = self.iris.declaration(number, person_key, declaration.group)
        self.entity(iri, [GKG.InterestDeclaration], declaration.span)
        person = self.iris.person(person_key)
        self.add(iri, GKG.declarant, person)
        self.add(iri, GKG.inModule, self.iris.module(number))
        self.add(iri, GKG.clusterGroup, self.group(declaration.group, declaration.span))
        self.add(iri, GKG.nameAsWritten, declaration.name_as_written)
        for predicate, text in [
            (GKG.mainPosition, declaration.main_position),
            (GKG.sideActivities, declaration.side_activities),
            (GKG.personalFinancialInterests, declaration.financial_interests),
            (GKG.personalRelations, declaration.personal_relations),
            (GKG.externallyFundedResearch, declaration.research_funding),
            (GKG.intellectualInterests, declaration.intellectual_interests),
            (GKG.otherInterests, declaration.other_interests),
        ]:
            self.add(iri, predicate, text and nl(text))
        for index, interest in enumerate(declaration.interests, start=1):
            self.add_interest(iri, person, index, interest)

    def add_interest(
        self, declaration: URIRef, person: URIRef, index: int, interest: Interest
    ) -> None:
        iri = self.entity(self.iris.interest(declaration, index), [GKG.Interest], interest.span)
        self.add(declaration, GKG.declaresInterest, iri)
        self.add(iri, GKG.interestKind, INTEREST_KINDS.get(interest.kind, GKG.OtherInterest))
        self.add(iri, GKG.text, nl(interest.text))
        self.add(iri, GKG.project, interest.project)
        self.add(iri, GKG.projectRole, interest.role)
        if interest.paid is not None:
            self.add(iri, GKG.paid, Literal(interest.paid))
        for key in sorted(interest.organisation_keys):
            organisation = self.organisation(key)
            if organisation is None:
                continue
            self.add(iri, GKG.counterparty, organisation)
            for predicate in _person_links(interest):
                self.add(person, predicate, organisation)
            if interest.kind == "research-funding":
                self.add(iri, FRAPO.isFundedBy, organisation)
                self.add(iri, SCHEMA.funder, organisation)

    def add_problems(self, problems: list[Problem]) -> None:
        targets = self._subject_keys()
        for problem in problems:
            index = 1
            iri = self.iris.problem(problem.kind, problem.span)
            while (iri, RDF.type, GKG.DataQualityFinding) in self.graph:
                index += 1
                iri = self.iris.problem(problem.kind, problem.span, index)
            self.entity(iri, [GKG.DataQualityFinding], problem.span)
            self.add(iri, GKG.problemKind, problem.kind)
            self.add(iri, GKG.message, Literal(problem.message, lang="en"))
            self.add(iri, GKG.concerns, targets.get(problem.subject_key))

    def _subject_keys(self) -> dict[str, URIRef]:
        keys: dict[str, URIRef] = {}
        document = self.document
        for module in document.modules:
            keys.setdefault(module.number, self.iris.module(module.number))
            for recommendation in module.recommendations:
                keys.setdefault(recommendation.key, self.iris.recommendation(recommendation.key))
            for reference in module.references:
                keys.setdefault(reference.key, self.iris.reference(reference.key))
        for person in document.people:
            keys.setdefault(person.key, self.iris.person(person.key))
        for organisation in document.organisations:
            keys.setdefault(organisation.key, self.iris.organisation(organisation.key))
        return keys


def _person_links(interest: Interest) -> list[URIRef]:
    """Direct person -> organisation links a declared interest implies."""
    if interest.kind == "employment":
        return [GKG.employedBy, SCHEMA.worksFor]
    if interest.kind == "side-activity":
        return [GKG.affiliatedWith]
    if interest.kind == "research-funding":
        return [GKG.receivesFundingFrom]
    if interest.paid and interest.kind in ("financial", "other"):
        return [GKG.sponsoredBy]
    return []


def _within(inner: Span, outer: Span) -> bool:
    return outer.first <= inner.first and inner.last <= outer.last


def _decimal(value: Decimal | None) -> Literal | None:
    return None if value is None else Literal(Decimal(value), datatype=XSD.decimal)
