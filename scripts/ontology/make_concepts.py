"""Generate ontology/concepts.ttl from the table below and data/reference/concept-codes.csv."""

import csv
import sys
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from loaders.slugs import slugify  # noqa: E402

CSV = Path(__file__).resolve().parents[2] / "data" / "reference" / "concept-codes.csv"
OUT = Path(__file__).resolve().parents[2] / "ontology" / "concepts.ttl"
C = Namespace("https://w3id.org/gkg/concept/")
GKG = Namespace("https://w3id.org/gkg/ontology#")
OBO = Namespace("http://purl.obolibrary.org/obo/")

# (english label, semantic tag, dutch label, english synonyms, dutch synonyms, broader, csv label_en, radionuclides)
TOPS = [
    ("Disorder", "disorder", "Aandoening", [], ["ziekte"]),
    ("Procedure", "procedure", "Verrichting", [], []),
    ("Substance", "substance", "Stof", [], []),
    ("Body structure", "body structure", "Lichaamsstructuur", [], []),
    ("Morphologic abnormality", "morphologic abnormality", "Morfologische afwijking", [], []),
    ("Observable entity", "observable entity", "Observeerbare eenheid", [], []),
    ("Outcome", "outcome", "Uitkomstmaat", [], ["uitkomst"]),
    ("Statistical measure", "statistic", "Statistische maat", [], []),
]

CONCEPTS = [
    # disorders
    ("Breast cancer", "disorder", "Borstkanker", ["breast carcinoma", "malignant neoplasm of breast"],
     ["mammacarcinoom", "borstkankerpatiënten"], ["disorder"], "breast cancer (malignant neoplasm of breast)", []),
    ("Primary breast cancer", "disorder", "Primair mammacarcinoom", ["primary malignant neoplasm of breast"],
     ["primaire borstkanker"], ["breast-cancer"], "primary malignant neoplasm of breast (extra row)", []),
    ("Metastatic malignant neoplasm", "disorder", "Metastasen op afstand",
     ["metastases", "metastasis", "distant metastases", "metastatic disease"],
     ["metastasen", "metastase", "afstandsmetastasen", "gemetastaseerde ziekte"], ["disorder"],
     "metastatic malignant neoplasm (generic; extra row)", []),
    ("Metastatic breast cancer", "disorder", "Gemetastaseerde borstkanker",
     ["metastatic breast cancer", "advanced breast cancer"],
     ["metastatische borstkanker", "gemetastaseerd mammacarcinoom"],
     ["breast-cancer", "metastatic-malignant-neoplasm"], "metastatic breast cancer", []),
    ("Oligometastatic disease", "disorder", "Oligometastatische ziekte",
     ["oligometastases", "oligometastasis", "oligometastatic breast cancer"],
     ["oligometastasen", "oligometastase", "oligometastatische borstkanker", "oligoziekte"],
     ["metastatic-malignant-neoplasm"], "oligometastatic disease", []),
    ("Oligoprogression", "disorder", "Oligoprogressie", [], [], ["metastatic-malignant-neoplasm"], None, []),
    ("Polymetastatic disease", "disorder", "Polymetastatische ziekte", [], [],
     ["metastatic-malignant-neoplasm"], None, []),
    ("Bone metastasis", "disorder", "Botmetastasen", ["bone metastases", "bony metastasis"],
     ["botmetastase", "skeletmetastasen", "botlaesies"], ["metastatic-malignant-neoplasm"], "bone metastasis", []),
    ("Liver metastasis", "disorder", "Levermetastasen", ["liver metastases"], ["levermetastase"],
     ["metastatic-malignant-neoplasm"], "liver metastasis", []),
    ("Regional recurrence of breast cancer", "disorder", "Regionaal recidief",
     ["regional recurrence", "regional recurrences", "regional oligo-recurrence"],
     ["regionale recidieven", "regionaal recidief van borstkanker"], ["breast-cancer"],
     "regional (lymph node) recurrence of breast cancer", []),
    ("Local recurrence of breast cancer", "disorder", "Lokaal recidief", ["local recurrence"],
     ["lokale recidieven"], ["breast-cancer"], "local recurrence of breast cancer (extra row)", []),
    ("Triple-negative breast cancer", "disorder", "Triple-negatief mammacarcinoom", ["TNBC"],
     ["triple-negatieve borstkanker", "TNBC"], ["breast-cancer"], "triple-negative breast cancer", []),
    ("HER2-positive breast cancer", "disorder", "HER2-positief mammacarcinoom", ["HER2+"],
     ["HER2-positieve borstkanker", "HER2+"], ["breast-cancer"], "HER2-positive breast cancer", []),
    ("Lobular carcinoma of breast", "disorder", "Lobulair mammacarcinoom", ["lobular breast cancer"],
     ["lobulaire tumoren", "lobulaire borstkanker"], ["breast-cancer"],
     "lobular carcinoma of breast (disorder; extra row)", []),
    ("Invasive lobular carcinoma", "morphologic abnormality", "Invasief lobulair carcinoom", [],
     [], ["morphologic-abnormality"], "invasive lobular carcinoma (morphology)", []),
    # body structures
    ("Lymph node", "body structure", "Lymfeklier", ["lymph nodes"], ["lymfeklieren", "klieren"],
     ["body-structure"], None, []),
    ("Axillary lymph node", "body structure", "Okselklier", ["axillary lymph nodes", "axillary node"],
     ["okselklieren", "axillaire lymfeklier", "axillaire lymfeklieren"], ["lymph-node"], "axillary lymph node", []),
    ("Supraclavicular lymph node", "body structure", "Supraclaviculaire lymfeklier",
     ["supraclavicular lymph nodes"], ["supraclaviculaire klieren"], ["lymph-node"], "supraclavicular lymph node", []),
    ("Infraclavicular lymph node", "body structure", "Infraclaviculaire lymfeklier", [],
     ["infraclaviculaire klieren"], ["lymph-node"], "infraclavicular lymph node", []),
    ("Parasternal lymph node", "body structure", "Parasternale lymfeklier", [], ["parasternale klieren"],
     ["lymph-node"], "parasternal lymph node", []),
    ("Internal mammary lymph node group", "body structure", "Mammaria-interna-klieren", [],
     ["mammaria interna klieren"], ["lymph-node"], "internal mammary lymph node group", []),
    # imaging procedures
    ("Diagnostic imaging", "procedure", "Beeldvorming", ["imaging"],
     ["beeldvormende diagnostiek", "beeldvormingsmodaliteiten", "beeldvormingstechnieken"], ["procedure"], None, []),
    ("Positron emission tomography", "procedure", "PET", ["PET", "PET scan"],
     ["PET-scan", "positronemissietomografie"], ["diagnostic-imaging"], "positron emission tomography", []),
    ("PET/CT", "procedure", "PET/CT", ["PET-CT", "PET/CT scan"], ["PET-CT", "PET/CT-scan"],
     ["positron-emission-tomography"], "PET/CT", []),
    ("FDG PET/CT", "procedure", "FDG-PET/CT",
     ["[18F]FDG PET/CT", "18F-FDG PET/CT", "2-[18F]FDG-PET/CT", "FDG-PET/CT", "FDG-PET"],
     ["FDG PET/CT", "FDG-PET", "FDG-PET(/CT)"], ["pet-ct"], "FDG PET/CT (whole body)", []),
    ("FES PET/CT", "procedure", "FES-PET/CT",
     ["FES-PET/CT", "FES-PET", "fluoroestradiol PET/CT", "[18F]fluoroestradiol PET/CT", "[18F]Fluoroestradiol PET/CT"],
     ["FES-PET", "18FES-PET/CT", "[18F]fluoro-estradiol PET", "PET/CT met 18FES"], ["pet-ct"], None, []),
    ("NaF PET/CT", "procedure", "NaF-PET/CT", ["NaF-PET/CT", "18F-NaF-PET/CT", "NaF PET", "NaF-PET"],
     ["NaF-PET", "NaF-PET(/CT)", "NaF18 PET/CT", "[18F]natriumfluoride PET"], ["pet-ct"], None, []),
    ("FAPI PET/CT", "procedure", "FAPI-PET/CT", ["FAPI PET/CT", "68Ga-FAPI PET/CT", "FAPI-PET"],
     ["FAPI-PET", "68Ga-FAPI-PET/CT", "Fibroblast activation protein inhibitor PET"], ["pet-ct"], None, []),
    ("PSMA PET", "procedure", "PSMA-PET", ["PSMA-targeted PET imaging", "PSMA-PET"],
     ["Prostate-specific membrane antigen PET"], ["positron-emission-tomography"], None, []),
    ("Fluciclovine PET", "procedure", "Fluciclovine-PET", ["fluciclovine PET"], ["fluciclovine PET"],
     ["positron-emission-tomography"], None, []),
    ("Magnetic resonance imaging", "procedure", "MRI", ["MRI", "MRI scan", "MR imaging"],
     ["MRI-scan", "MRI scan"], ["diagnostic-imaging"], "MRI", []),
    ("PET/MRI", "procedure", "PET/MRI", ["PET-MRI", "18F-FDG PET/MRI", "[18F]FDG PET/MRI"],
     ["FDG-PET/MRI", "PET-MRI"], ["positron-emission-tomography", "magnetic-resonance-imaging"], "PET/MRI", []),
    ("MRI of spine", "procedure", "MRI van de wervelkolom", ["spine MRI"],
     ["MRI-wervelkolom", "MRI wervelkolom"], ["magnetic-resonance-imaging"], "MRI of spine", []),
    ("MRI of pelvis", "procedure", "MRI van het bekken", ["pelvic MRI"], ["MRI-bekken", "MRI bekken"],
     ["magnetic-resonance-imaging"], "MRI of pelvis", []),
    ("MRI of liver", "procedure", "MRI van de lever", ["liver MRI"],
     ["lever-MRI", "MRI lever", "MRI-lever"], ["magnetic-resonance-imaging"], "MRI of liver", []),
    ("Whole-body MRI", "procedure", "Totale lichaams-MRI", ["whole body MRI"], ["whole-body MRI"],
     ["magnetic-resonance-imaging"], "whole-body MRI", []),
    ("Bone scintigraphy", "procedure", "Skeletscintigrafie", ["bone scan", "bone scintigraphy"],
     ["botscan", "botscintigrafie", "botsintigrafie", "Tc99m-HPD-botscan"], ["diagnostic-imaging"],
     "bone scintigraphy (bone scan)", []),
    ("Computed tomography", "procedure", "CT", ["CT", "computerized tomography"],
     ["CT-scan", "computertomografie"], ["diagnostic-imaging"], "computed tomography (generic; extra row)", []),
    ("Contrast-enhanced CT", "procedure", "CT met contrast", ["CE-CT", "contrast enhanced CT"],
     ["CE-CT"], ["computed-tomography"], "contrast-enhanced CT", []),
    # treatments
    ("Surgical procedure", "procedure", "Chirurgie", ["surgery", "surgical treatment"],
     ["operatie", "chirurgische excisie", "salvagechirurgie", "heroperatie"], ["procedure"], None, []),
    ("Mastectomy", "procedure", "Mastectomie", ["mastectomy"],
     ["ablatio mammae", "ablatio", "borstamputatie"], ["surgical-procedure"], "mastectomy", []),
    ("Breast reconstruction", "procedure", "Borstreconstructie", ["breast reconstruction"],
     ["borstreconstructies"], ["surgical-procedure"], "breast reconstruction", []),
    ("Implant-based breast reconstruction", "procedure", "Borstreconstructie met prothese",
     ["implant-based reconstruction", "IBR"],
     ["borstreconstructie met een implantaat", "implantaatreconstructie", "IBR"],
     ["breast-reconstruction"], "implant-based breast reconstruction", []),
    ("Autologous fat grafting", "procedure", "Autologe vettransplantatie",
     ["autologous fat transfer", "lipofilling", "fat grafting", "AFT"],
     ["autologe vettransplantaties", "lipofilling", "vettransplantatie", "AFT"],
     ["breast-reconstruction"], "autologous fat grafting / lipofilling", []),
    ("Axillary lymph node dissection", "procedure", "Okselklierdissectie", ["ALND", "axillary dissection"],
     ["OKD"], ["surgical-procedure"], "axillary lymph node dissection", []),
    ("Sentinel lymph node biopsy", "procedure", "Schildwachtklierprocedure", ["sentinel node biopsy"],
     ["schildwachtklierbiopsie"], ["surgical-procedure"], "sentinel lymph node biopsy", []),
    ("MARI procedure", "procedure", "MARI-procedure", ["marking axillary lymph nodes with radioactive iodine seeds"],
     [], ["surgical-procedure"], None, []),
    ("Radiotherapy", "procedure", "Radiotherapie", ["radiation therapy"], ["bestraling"],
     ["procedure"], "radiotherapy", []),
    ("Re-irradiation", "procedure", "Herbestraling", ["reirradiation"], ["re-irradiatie"],
     ["radiotherapy"], "re-irradiation", []),
    ("Hyperthermia therapy", "procedure", "Hyperthermie", ["hyperthermia"], [], ["procedure"],
     "hyperthermia therapy", []),
    ("Systemic therapy", "procedure", "Systemische therapie", ["systemic treatment"],
     ["systemische behandeling", "systeemtherapie"], ["procedure"], "systemic therapy", []),
    ("Chemotherapy", "procedure", "Chemotherapie", [], [], ["systemic-therapy"], "chemotherapy", []),
    ("Endocrine therapy", "procedure", "Endocriene therapie", ["hormone therapy", "hormonal therapy"],
     ["hormonale therapie", "hormoontherapie"], ["systemic-therapy"], "endocrine therapy", []),
    # substances
    ("Radionuclide", "substance", "Radionuclide", ["radioisotope"], ["radio-isotoop"], ["substance"], None, []),
    ("Fluorine-18", "substance", "Fluor-18", ["F-18", "18F"], ["F-18"], ["radionuclide"], None, []),
    ("Gallium-68", "substance", "Gallium-68", ["Ga-68", "68Ga"], ["Ga-68"], ["radionuclide"], None, []),
    ("Technetium-99m", "substance", "Technetium-99m", ["Tc-99m", "99mTc"], ["Tc-99m"], ["radionuclide"], None, []),
    ("PET tracer", "substance", "PET-tracer", ["PET tracers", "radiotracer", "radiotracers"],
     ["PET-tracers", "PET tracers", "tracer", "tracers"], ["substance"], None, []),
    ("Fludeoxyglucose F-18", "substance", "[18F]FDG", ["FDG", "18F-FDG", "[18F]FDG", "fluorodeoxyglucose"],
     ["FDG", "18F-FDG"], ["pet-tracer"], "fludeoxyglucose F-18 (FDG)", ["fluorine-18"]),
    ("Fluoroestradiol F-18", "substance", "[18F]FES", ["FES", "18F-FES", "fluoroestradiol", "[18F]fluoroestradiol"],
     ["FES", "18FES", "fluoro-estradiol"], ["pet-tracer"], "fluoroestradiol F-18 (FES)", ["fluorine-18"]),
    ("Sodium fluoride F-18", "substance", "[18F]NaF", ["NaF", "18F-NaF", "sodium fluoride"],
     ["NaF", "NaF18", "natriumfluoride"], ["pet-tracer"], "sodium fluoride F-18 (NaF)", ["fluorine-18"]),
    ("PSMA tracer", "substance", "PSMA-PET-tracer", ["PSMA"], ["PSMA"], ["pet-tracer"],
     "PSMA tracer (Ga-68 PSMA-11 / piflufolastat F-18)", ["gallium-68", "fluorine-18"]),
    ("Fluciclovine F-18", "substance", "[18F]fluciclovine", ["fluciclovine"], ["fluciclovine"],
     ["pet-tracer"], "fluciclovine F-18", ["fluorine-18"]),
    ("FAPI tracer", "substance", "FAPI", ["FAPI", "68Ga-FAPI", "fibroblast activation protein inhibitor"],
     ["68Ga-FAPI"], ["pet-tracer"], "FAPI (Ga-68 FAPI)", ["gallium-68"]),
    ("Technetium Tc-99m oxidronate", "substance", "99mTc-HDP", ["99mTc-HDP", "Tc-99m HDP", "oxidronate"],
     ["Tc99m-HDP", "oxidronaat", "Tc99m-HPD"], ["substance"], "technetium-99m HDP (oxidronate)",
     ["technetium-99m"]),
    # observables, outcomes, statistics, prognostic factors
    ("Prognostic factor", "observable entity", "Prognostische factor", ["prognostic factors"],
     ["prognostische factoren"], ["observable-entity"], None, []),
    ("Estrogen receptor status", "observable entity", "Oestrogeenreceptorstatus",
     ["ER status", "estrogen receptor", "ER expression"],
     ["ER-status", "ER-expressie", "ER-positiviteit", "oestrogeenreceptor"], ["prognostic-factor"],
     "estrogen receptor status", []),
    ("Disease-free interval", "observable entity", "Ziektevrij interval", ["DFI"],
     ["tijd tot recidief", "DFI"], ["prognostic-factor"], None, []),
    ("Overall survival", "outcome", "Totale overleving", ["survival"], ["overall survival", "overleving"],
     ["outcome"], "overall survival", []),
    ("Disease-free survival", "outcome", "Ziektevrije overleving", [], ["disease-free survival"],
     ["outcome"], "disease-free survival", []),
    ("Progression-free survival", "outcome", "Progressievrije overleving", [], ["progression-free survival"],
     ["outcome"], "progression-free survival", []),
    ("Quality of life", "outcome", "Kwaliteit van leven", ["BREAST-Q"], ["BREAST-Q"], ["outcome"],
     "quality of life (BREAST-Q questionnaire)", []),
    ("Sensitivity", "statistic", "Sensitiviteit", ["true positive rate"], ["gepoolde sensitiviteit"],
     ["statistical-measure"], "sensitivity (diagnostic accuracy)", []),
    ("Specificity", "statistic", "Specificiteit", ["true negative rate"], [],
     ["statistical-measure"], "specificity (diagnostic accuracy)", []),
    ("Hazard ratio", "statistic", "Hazard ratio", ["HR"], ["HR"], ["statistical-measure"], None, []),
    ("Detection rate", "statistic", "Detectiegraad", [], ["detectieratio"], ["statistical-measure"], None, []),
]

STATO = {"sensitivity": OBO.STATO_0000233, "specificity": OBO.STATO_0000134}
IMAGING_TRACER = {
    "fdg-pet-ct": "fludeoxyglucose-f-18", "fes-pet-ct": "fluoroestradiol-f-18",
    "naf-pet-ct": "sodium-fluoride-f-18", "fapi-pet-ct": "fapi-tracer", "psma-pet": "psma-tracer",
    "fluciclovine-pet": "fluciclovine-f-18", "bone-scintigraphy": "technetium-tc-99m-oxidronate",
}


def label_case(label: str) -> str:
    """Lower-case the first letter of a common-noun label; keep acronyms and symbols as written."""
    first = label.split()[0]
    if any(char.isupper() for char in first[1:]) or not first[0].isalpha():
        return label
    return label[0].lower() + label[1:]


def main() -> None:
    rows = {row["label_en"]: row for row in csv.DictReader(CSV.open(encoding="utf-8"))}
    used: set[str] = set()
    g = Graph()
    for prefix, ns in [("skos", SKOS), ("gkg", GKG), ("gkgc", C), ("owl", OWL), ("dcterms", DCTERMS),
                       ("obo", OBO)]:
        g.bind(prefix, ns)
    g.bind("sct", "http://snomed.info/id/")
    g.bind("mesh", "http://id.nlm.nih.gov/mesh/")
    g.bind("wd", "http://www.wikidata.org/entity/")
    scheme = C.scheme
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal("GKG concept scheme for clinical guidelines", lang="en")))
    g.add((scheme, SKOS.prefLabel, Literal("GKG-conceptenschema voor klinische richtlijnen", lang="nl")))
    g.add((scheme, DCTERMS.description, Literal(
        "SNOMED-style concepts the breast cancer guideline modules talk about. Notation: a slug of the "
        "English preferred label (lower case ASCII words joined by '-'); IRI: "
        "https://w3id.org/gkg/concept/{notation}. Mappings only for codes in concept-codes.csv.",
        lang="en")))
    g.add((scheme, DCTERMS.source, Literal("data/reference/concept-codes.csv")))
    notations = set()
    entries = [(en, tag, nl, [], alt_nl, [], None, []) for en, tag, nl, _, alt_nl in TOPS] + CONCEPTS
    for en, tag, nl, alt_en, alt_nl, broader, row_label, nuclides in entries:
        notation = slugify(en)
        assert notation not in notations, notation
        notations.add(notation)
        c = C[notation]
        g.add((c, RDF.type, SKOS.Concept))
        g.add((c, SKOS.inScheme, scheme))
        g.add((c, SKOS.notation, Literal(notation)))
        g.add((c, GKG.fullySpecifiedName, Literal(f"{en} ({tag})", lang="en")))
        g.add((c, GKG.semanticTag, Literal(tag)))
        pref_en, pref_nl = label_case(en), label_case(nl)
        g.add((c, SKOS.prefLabel, Literal(pref_en, lang="en")))
        g.add((c, SKOS.prefLabel, Literal(pref_nl, lang="nl")))
        for alt in alt_en:
            if alt != pref_en:
                g.add((c, SKOS.altLabel, Literal(alt, lang="en")))
        for alt in alt_nl:
            if alt != pref_nl:
                g.add((c, SKOS.altLabel, Literal(alt, lang="nl")))
        if broader:
            for b in broader:
                assert b in notations, (notation, b)
                g.add((c, SKOS.broader, C[b]))
                g.add((C[b], SKOS.narrower, c))
        else:
            g.add((c, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, c))
        for n in nuclides:
            g.add((c, GKG.radionuclide, C[n]))
        if notation in STATO:
            g.add((c, SKOS.closeMatch, STATO[notation]))
        if notation in IMAGING_TRACER:
            g.add((c, GKG.usesTracer, C[IMAGING_TRACER[notation]]))
        if row_label:
            row = rows[row_label]
            used.add(row_label)
            source = row["source_for_codes"]
            for column, prop, base, confidence, label in [
                ("snomed_ct_id", SKOS.exactMatch, "http://snomed.info/id/", row["snomed_confidence"],
                 row["snomed_fsn"]),
                ("mesh_id", SKOS.closeMatch, "http://id.nlm.nih.gov/mesh/", "", ""),
                ("wikidata_id", SKOS.closeMatch, "http://www.wikidata.org/entity/", "", ""),
            ]:
                code = row[column].strip()
                if not code:
                    continue
                target = URIRef(base + code)
                g.add((c, prop, target))
                axiom = BNode()
                g.add((axiom, RDF.type, OWL.Axiom))
                g.add((axiom, OWL.annotatedSource, c))
                g.add((axiom, OWL.annotatedProperty, prop))
                g.add((axiom, OWL.annotatedTarget, target))
                g.add((axiom, GKG.mappingSource, Literal(source)))
                g.add((axiom, GKG.mappingCodeColumn, Literal(column)))
                if confidence:
                    g.add((axiom, GKG.mappingConfidence, Literal(confidence)))
                if label:
                    g.add((axiom, GKG.targetLabel, Literal(label)))
    missing = set(rows) - used
    assert not missing, missing
    header = (
        "# GKG concept scheme: SNOMED-style SKOS concepts for the guideline's subject matter.\n"
        "# Generated from a table of concepts and data/reference/concept-codes.csv; data, not code.\n"
        "# Notation = slug of the English label (e.g. 'fdg-pet-ct'); IRI = https://w3id.org/gkg/concept/{notation}.\n"
        "# gkg:fullySpecifiedName is 'Label (semantic tag)'. Mappings: skos:exactMatch SNOMED CT,\n"
        "# skos:closeMatch MeSH / Wikidata / STATO; each code mapping is annotated by an owl:Axiom\n"
        "# with gkg:mappingSource and gkg:mappingConfidence from the csv. Concepts without a code stay local.\n\n"
    )
    OUT.write_text(header + g.serialize(format="turtle"), encoding="utf-8")
    print(len(notations), "concepts")


main()
