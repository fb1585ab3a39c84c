"""The SPARQL behind the evidence shown on module and recommendation pages.

Each query binds ?module (and reads ?lang); every row carries its source span (?span,
?first, ?last) so each figure and text links to the lines it came from.
"""

from service.web.module_queries import PREFIXES, _spanned

FINDINGS = (
    PREFIXES
    + f"""
SELECT ?finding ?measure ?value ?lower ?upper ?level ?approximate ?unit ?test ?testConcept
       ?target ?subgroup ?measured ?patients ?studyCount ?study ?citation ?text ?span ?first
       ?last WHERE {{
  ?finding a gkg:Finding ; gkg:inModule ?module .
  OPTIONAL {{ ?finding gkg:value ?value }}
  OPTIONAL {{ ?finding gkg:measure ?measure }}
  OPTIONAL {{ ?finding gkg:lower ?lower }}
  OPTIONAL {{ ?finding gkg:upper ?upper }}
  OPTIONAL {{ ?finding gkg:confidenceLevel ?level }}
  OPTIONAL {{ ?finding gkg:approximate ?approximate }}
  OPTIONAL {{ ?finding gkg:unit ?unit }}
  OPTIONAL {{ ?finding gkg:indexTestText ?test }}
  OPTIONAL {{ ?finding gkg:indexTest ?testConcept }}
  OPTIONAL {{ ?finding gkg:targetConditionText ?target }}
  OPTIONAL {{ ?finding gkg:subgroup ?subgroup }}
  OPTIONAL {{ ?finding gkg:measuredAsWritten ?measured }}
  OPTIONAL {{ ?finding gkg:patientCount ?patients }}
  OPTIONAL {{ ?finding gkg:studyCount ?studyCount }}
  OPTIONAL {{ ?finding gkg:text ?text }}
  OPTIONAL {{ ?finding gkg:study ?study .
             OPTIONAL {{ ?study dcterms:bibliographicCitation ?citation }} }}
  {_spanned("finding")}
}} ORDER BY ?measure ?first ?finding ?study
"""
)
CONSIDERATIONS = (
    PREFIXES
    + f"""
SELECT ?consideration ?number ?heading ?kind ?kindLabel ?text ?span ?first ?last WHERE {{
  ?consideration a gkg:Consideration ; gkg:inModule ?module ; gkg:considerationNumber ?number .
  OPTIONAL {{ ?consideration gkg:heading ?heading }}
  OPTIONAL {{ ?consideration gkg:text ?text }}
  OPTIONAL {{ ?consideration gkg:considerationKind ?kind .
             ?kind skos:prefLabel ?kindLabel FILTER(LANG(?kindLabel) = ?lang) }}
  {_spanned("consideration")}
}} ORDER BY ?number
"""
)
WKKGZ = (
    PREFIXES
    + f"""
SELECT ?assessment ?outcome ?explanation ?titleAsWritten ?span ?first ?last WHERE {{
  ?module gkg:hasWkkgzAssessment ?assessment .
  OPTIONAL {{ ?assessment gkg:assessmentOutcome ?outcome }}
  OPTIONAL {{ ?assessment gkg:explanation ?explanation }}
  OPTIONAL {{ ?assessment gkg:moduleTitleAsWritten ?titleAsWritten }}
  {_spanned("assessment")}
}}
"""
)
PROBLEMS = (
    PREFIXES
    + f"""
SELECT ?problem ?subject ?kind ?message ?span ?first ?last WHERE {{
  ?problem a gkg:DataQualityFinding ; gkg:concerns ?subject ; gkg:problemKind ?kind ;
           gkg:message ?message .
  FILTER(?subject = ?module || EXISTS {{ ?subject gkg:inModule ?module }})
  {_spanned("problem")}
}} ORDER BY ?first ?problem
"""
)
INTEREST_SPANS = (
    PREFIXES
    + """
SELECT ?interest ?span ?first ?last WHERE {
  ?declaration gkg:inModule ?module ; gkg:declaresInterest ?interest .
  ?interest prov:wasDerivedFrom ?span . ?span gkg:firstLine ?first ; gkg:lastLine ?last .
}
"""
)
SUBJECTS = (
    PREFIXES
    + """
SELECT ?concept WHERE { ?recommendation dcterms:subject ?concept } ORDER BY ?concept
"""
)
CONCLUSIONS = (
    PREFIXES
    + f"""
SELECT ?conclusion ?number ?outcome ?text ?system ?levelText ?certainty ?level ?sources
       (GROUP_CONCAT(DISTINCT ?class; separator=", ") AS ?classes) ?span ?first ?last WHERE {{
  ?module gkg:hasConclusion ?conclusion . ?conclusion gkg:conclusionNumber ?number .
  OPTIONAL {{ ?conclusion gkg:outcomeAsWritten ?outcome }}
  OPTIONAL {{ ?conclusion gkg:text ?text }}
  OPTIONAL {{ ?conclusion gkg:gradingSystem ?system }}
  OPTIONAL {{ ?conclusion gkg:levelAsWritten ?levelText }}
  OPTIONAL {{ ?conclusion gkg:certainty ?c . ?c skos:prefLabel ?certainty
             FILTER(LANG(?certainty) = ?lang) }}
  OPTIONAL {{ ?conclusion gkg:evidenceLevel ?level }}
  OPTIONAL {{ ?conclusion gkg:sourcesAsWritten ?sources }}
  OPTIONAL {{ ?conclusion gkg:evidenceClass ?class }}
  {_spanned("conclusion")}
}} GROUP BY ?conclusion ?number ?outcome ?text ?system ?levelText ?certainty ?level ?sources
           ?span ?first ?last
ORDER BY ?number
"""
)
