"""The SPARQL behind the module page; each query binds ?module (and reads ?lang).

Every entity shown carries its source span (?first, ?last, ?span) so the page can
link each fact to the lines it came from.
"""

PREFIXES = """
PREFIX gkg: <https://w3id.org/gkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX fabio: <http://purl.org/spar/fabio/>
PREFIX bibo: <http://purl.org/ontology/bibo/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""
SPAN = "OPTIONAL { ?x prov:wasDerivedFrom ?span . ?span gkg:firstLine ?first ; gkg:lastLine ?last }"


def _spanned(variable: str) -> str:
    return SPAN.replace("?x ", f"?{variable} ")


MODULE = (
    PREFIXES
    + f"""
SELECT ?number ?title ?guideline ?guidelineTitle ?initiative ?span ?first ?last WHERE {{
  ?module a gkg:Module ; dcterms:title ?title .
  OPTIONAL {{ ?module gkg:moduleNumber ?moduleNo }}
  OPTIONAL {{ ?module gkg:moduleSlug ?moduleSlug }}
  BIND(COALESCE(?moduleNo, ?moduleSlug) AS ?number)
  OPTIONAL {{ ?module dcterms:isPartOf ?guideline . ?guideline a fabio:ClinicalGuideline ;
             dcterms:title ?guidelineTitle }}
  OPTIONAL {{ ?module gkg:initiativeText ?initiative }}
  {_spanned("module")}
}} ORDER BY DESC(?last - ?first) LIMIT 1
"""
)
QUESTIONS = (
    PREFIXES
    + f"""
SELECT ?question ?number ?text ?span ?first ?last WHERE {{
  ?question a gkg:ClinicalQuestion ; gkg:inModule ?module ; gkg:text ?text .
  OPTIONAL {{ ?question gkg:questionNumber ?number }}
  {_spanned("question")}
}} ORDER BY ?number
"""
)
RECOMMENDATIONS = (
    PREFIXES
    + f"""
SELECT ?recommendation ?label ?verdict ?strength ?direction ?strengthNote ?question
       ?questionNumber ?questionText ?span ?first ?last WHERE {{
  ?recommendation a gkg:Recommendation ; gkg:inModule ?module ; rdfs:label ?label ;
                  gkg:strength ?s ; gkg:direction ?d .
  OPTIONAL {{ ?s skos:definition ?strengthNote FILTER(LANG(?strengthNote) = ?lang) }}
  OPTIONAL {{ ?s skos:exactMatch ?strengthCode FILTER(CONTAINS(STR(?strengthCode), "hl7")) }}
  OPTIONAL {{ ?d skos:exactMatch ?directionCode FILTER(CONTAINS(STR(?directionCode), "hl7")) }}
  BIND(COALESCE(STRAFTER(STR(?strengthCode), "#"), "unknown") AS ?strength)
  BIND(COALESCE(STRAFTER(STR(?directionCode), "#"), "unknown") AS ?direction)
  OPTIONAL {{ ?recommendation gkg:verdict ?verdict }}
  OPTIONAL {{ ?recommendation gkg:answersQuestion ?question . ?question gkg:text ?questionText
             OPTIONAL {{ ?question gkg:questionNumber ?questionNumber }} }}
  {_spanned("recommendation")}
}} ORDER BY ?recommendation
"""
)
CERTAINTY = (
    PREFIXES
    + f"""
SELECT ?assessment ?graded ?text ?highest ?lowest ?span ?first ?last WHERE {{
  ?assessment a gkg:CertaintyAssessment ; gkg:inModule ?module ; gkg:graded ?graded .
  OPTIONAL {{ ?assessment gkg:text ?text }}
  OPTIONAL {{ ?assessment gkg:highestCertainty ?h . ?h skos:prefLabel ?highest
             FILTER(LANG(?highest) = ?lang) }}
  OPTIONAL {{ ?assessment gkg:lowestCertainty ?l . ?l skos:prefLabel ?lowest
             FILTER(LANG(?lowest) = ?lang) }}
  {_spanned("assessment")}
}} ORDER BY ?first
"""
)
DOWNGRADES = (
    PREFIXES
    + f"""
SELECT ?downgrade ?domain ?text ?span ?first ?last WHERE {{
  ?assessment a gkg:CertaintyAssessment ; gkg:inModule ?module ; gkg:hasDowngrade ?downgrade .
  ?downgrade gkg:downgradeDomain ?d .
  ?d rdfs:label ?domain FILTER(LANG(?domain) = ?lang)
  OPTIONAL {{ ?downgrade gkg:text ?text }}
  {_spanned("downgrade")}
}} ORDER BY ?first
"""
)
REFERENCES = (
    PREFIXES
    + f"""
SELECT ?reference ?citation ?doi ?pmid ?pmcid ?span ?first ?last WHERE {{
  ?module gkg:listsReference ?reference .
  ?reference dcterms:bibliographicCitation ?citation .
  OPTIONAL {{ ?reference bibo:doi ?doi }}
  OPTIONAL {{ ?reference bibo:pmid ?pmid }}
  OPTIONAL {{ ?reference fabio:hasPubMedCentralId ?pmcid }}
  {_spanned("reference")}
}} ORDER BY ?citation
"""
)
PANEL = (
    PREFIXES
    + f"""
SELECT ?person ?name ?role ?group ?membership ?span ?first ?last WHERE {{
  ?membership gkg:scopeModule ?module ; org:member ?person .
  ?person foaf:name ?name .
  OPTIONAL {{ ?membership gkg:roleText ?role }}
  OPTIONAL {{ ?membership gkg:clusterGroup ?g . ?g skos:prefLabel ?group }}
  {_spanned("membership")}
}} ORDER BY ?name ?first
"""
)
DECLARATIONS = (
    PREFIXES
    + """
SELECT ?person ?declaration (SUM(COALESCE(?n, 0)) AS ?count)
       (GROUP_CONCAT(?part; separator=", ") AS ?kinds) WHERE {
  ?declaration a gkg:InterestDeclaration ; gkg:inModule ?module ; gkg:declarant ?person .
  OPTIONAL {
    { SELECT ?declaration ?kind (COUNT(DISTINCT ?interest) AS ?n) WHERE {
        ?declaration gkg:declaresInterest ?interest . ?interest gkg:interestKind ?kind
      } GROUP BY ?declaration ?kind }
    ?kind rdfs:label ?kindLabel FILTER(LANG(?kindLabel) = ?lang)
    BIND(CONCAT(STR(?n), " ", STR(?kindLabel)) AS ?part)
  }
} GROUP BY ?person ?declaration ORDER BY ?person ?declaration
"""
)
CONCEPTS = (
    PREFIXES
    + """
SELECT ?concept ?label ?notation WHERE {
  ?module dcterms:subject ?concept .
  OPTIONAL { ?concept skos:notation ?notation }
  OPTIONAL { ?concept skos:prefLabel ?label FILTER(LANG(?label) = ?lang) }
} ORDER BY ?label
"""
)
