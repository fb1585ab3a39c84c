"""What the person, organisation, reference, concept and recommendation pages add to
the generic facts and incoming links; each query binds ?resource and ?lang.
"""

PREFIXES = """
PREFIX gkg: <https://w3id.org/gkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX bibo: <http://purl.org/ontology/bibo/>
PREFIX fabio: <http://purl.org/spar/fabio/>
PREFIX cito: <http://purl.org/spar/cito/>
"""
SPAN = """OPTIONAL { ?{v} prov:wasDerivedFrom ?span .
  ?span gkg:firstLine ?first ; gkg:lastLine ?last }"""


def _span(variable: str) -> str:
    return SPAN.replace("{v}", variable)


PERSON_SEATS = (
    PREFIXES
    + f"""
SELECT ?membership ?module ?number ?role ?group ?onBehalf ?span ?first ?last WHERE {{
  ?membership org:member ?resource .
  OPTIONAL {{ ?membership gkg:scopeModule ?module .
    OPTIONAL {{ ?module gkg:moduleNumber ?moduleNo }}
  OPTIONAL {{ ?module gkg:moduleSlug ?moduleSlug }}
  BIND(COALESCE(?moduleNo, ?moduleSlug) AS ?number) }}
  OPTIONAL {{ ?membership gkg:roleText ?role }}
  OPTIONAL {{ ?membership gkg:clusterGroup ?g . ?g skos:prefLabel ?group }}
  OPTIONAL {{ ?membership gkg:organisationText ?onBehalf }}
  {_span("membership")}
}} ORDER BY ?number ?group
"""
)
PERSON_DECLARATIONS = (
    PREFIXES
    + f"""
SELECT ?declaration ?number ?group ?category ?text ?span ?first ?last WHERE {{
  ?declaration gkg:declarant ?resource ; gkg:inModule ?module .
  OPTIONAL {{ ?module gkg:moduleNumber ?moduleNo }}
  OPTIONAL {{ ?module gkg:moduleSlug ?moduleSlug }}
  BIND(COALESCE(?moduleNo, ?moduleSlug) AS ?number)
  OPTIONAL {{ ?declaration gkg:clusterGroup ?g . ?g skos:prefLabel ?group }}
  OPTIONAL {{ VALUES ?p {{ gkg:mainPosition gkg:sideActivities gkg:personalFinancialInterests
      gkg:personalRelations gkg:externallyFundedResearch gkg:intellectualInterests
      gkg:otherInterests }}
    ?declaration ?p ?text . ?p rdfs:label ?category FILTER(LANG(?category) = ?lang) }}
  {_span("declaration")}
}} ORDER BY ?number ?declaration ?category
"""
)
INTERESTS = (
    PREFIXES
    + f"""
SELECT ?interest ?declaration ?number ?person ?personName ?kind ?text ?paid ?organisation
       ?organisationName ?span ?first ?last WHERE {{
  {{ ?declaration gkg:declarant ?resource ; gkg:declaresInterest ?interest }}
  UNION
  {{ ?interest gkg:counterparty ?resource . ?declaration gkg:declaresInterest ?interest }}
  ?declaration gkg:inModule ?module .
  OPTIONAL {{ ?module gkg:moduleNumber ?moduleNo }}
  OPTIONAL {{ ?module gkg:moduleSlug ?moduleSlug }}
  BIND(COALESCE(?moduleNo, ?moduleSlug) AS ?number)
  ?declaration gkg:declarant ?person .
  OPTIONAL {{ ?interest gkg:interestKind ?k . ?k rdfs:label ?kind FILTER(LANG(?kind) = ?lang) }}
  OPTIONAL {{ ?interest gkg:text ?text }}
  OPTIONAL {{ ?interest gkg:paid ?paid }}
  OPTIONAL {{ ?interest gkg:counterparty ?organisation .
             ?organisation skos:prefLabel ?organisationName }}
  OPTIONAL {{ ?person foaf:name ?personName }}
  {_span("interest")}
}} ORDER BY ?number ?declaration ?interest
"""
)
REFERENCE = (
    PREFIXES
    + """
SELECT ?citation ?title ?journal ?year ?doi ?pmid ?pmcid WHERE {
  ?resource dcterms:bibliographicCitation ?citation .
  OPTIONAL { ?resource dcterms:title ?title }
  OPTIONAL { ?resource <http://prismstandard.org/namespaces/basic/2.0/publicationName> ?journal }
  OPTIONAL { ?resource dcterms:issued ?year }
  OPTIONAL { ?resource bibo:doi ?doi }
  OPTIONAL { ?resource bibo:pmid ?pmid }
  OPTIONAL { ?resource fabio:hasPubMedCentralId ?pmcid }
} LIMIT 1
"""
)
CONCEPT_MATCHES = (
    PREFIXES
    + """
SELECT ?match ?kind WHERE {
  VALUES ?kind { skos:exactMatch skos:closeMatch }
  ?resource ?kind ?match .
} ORDER BY ?match
"""
)
RECOMMENDATION = (
    PREFIXES
    + """
SELECT ?label ?verdict ?strength ?direction ?strengthNote ?module ?number ?question
       ?questionNumber ?questionText WHERE {
  ?resource rdfs:label ?label ; gkg:strength ?s ; gkg:direction ?d ; gkg:inModule ?module .
  OPTIONAL { ?s skos:definition ?strengthNote FILTER(LANG(?strengthNote) = ?lang) }
  OPTIONAL { ?module gkg:moduleNumber ?moduleNo }
  OPTIONAL { ?module gkg:moduleSlug ?moduleSlug }
  BIND(COALESCE(?moduleNo, ?moduleSlug) AS ?number)
  OPTIONAL { ?s skos:exactMatch ?sc FILTER(CONTAINS(STR(?sc), "hl7")) }
  OPTIONAL { ?d skos:exactMatch ?dc FILTER(CONTAINS(STR(?dc), "hl7")) }
  BIND(COALESCE(STRAFTER(STR(?sc), "#"), "unknown") AS ?strength)
  BIND(COALESCE(STRAFTER(STR(?dc), "#"), "unknown") AS ?direction)
  OPTIONAL { ?resource gkg:verdict ?verdict }
  OPTIONAL { ?resource gkg:answersQuestion ?question . ?question gkg:text ?questionText
             OPTIONAL { ?question gkg:questionNumber ?questionNumber } }
} LIMIT 1
"""
)
AUTHORS = (
    PREFIXES
    + """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?author (COUNT(?step) AS ?position) WHERE {
  ?resource bibo:authorList ?list . ?list rdf:rest* ?step . ?step rdf:rest* ?node .
  ?node rdf:first ?author .
} GROUP BY ?node ?author ORDER BY ?position
"""
)
DECLARATION = (
    PREFIXES
    + """
SELECT ?name ?number ?group WHERE {
  ?resource gkg:declarant ?person . ?person foaf:name ?name .
  OPTIONAL { ?resource gkg:inModule/gkg:moduleNumber ?number }
  OPTIONAL { ?resource gkg:clusterGroup/skos:prefLabel ?group }
} LIMIT 1
"""
)
MEMBERSHIP = (
    PREFIXES
    + """
SELECT ?name ?number ?group ?role WHERE {
  ?resource org:member ?person . ?person foaf:name ?name .
  OPTIONAL { ?resource gkg:scopeModule/gkg:moduleNumber ?number }
  OPTIONAL { ?resource gkg:clusterGroup/skos:prefLabel ?group }
  OPTIONAL { ?resource gkg:roleText ?role }
} LIMIT 1
"""
)
