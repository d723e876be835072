"""The rdflib peer: classic page text -> the core terms of qe2rdf's vocabulary -> N-Triples.

Usage: python3 bench/rdflib_convert.py INPUT.txt OUTPUT.nt
"""

import sys

from rdflib import Graph, Literal, Namespace, RDF, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS, XSD

from classic_text import records, slug

QE = Namespace("https://w3id.org/qe2rdf/ontology#")
SCHEMA = Namespace("http://schema.org/")
ID = "https://w3id.org/qe2rdf/id/"
VOCAB = "https://w3id.org/qe2rdf/vocab/"
CLASSES = {"QE": QE.WrittenQuestion, "QOSD": QE.OralQuestion, "QG": QE.GovernmentQuestion}


def main(source, target):
    with open(source, encoding="utf-8") as f:
        text = f.read()
    g = Graph()
    for r in records(text):
        q = URIRef(f"{ID}question/{r['legislature']}/{r['kind']}/{r['number']}")
        g.add((q, RDF.type, QE.Question))
        g.add((q, RDF.type, CLASSES[r["kind"]]))
        g.add((q, DCTERMS.identifier, Literal(f"QANR5L{r['legislature']}{r['kind']}{r['number']}")))
        g.add((q, QE.number, Literal(r["number"], datatype=XSD.integer)))
        g.add((q, QE.legislature, URIRef(f"{ID}legislature/{r['legislature']}")))
        deputy = URIRef(f"{ID}depute/{slug(r['author'])}")
        g.add((q, DCTERMS.creator, deputy))
        g.add((deputy, RDF.type, FOAF.Person))
        g.add((deputy, FOAF.name, Literal(r["author"])))
        g.add((deputy, SCHEMA.honorificPrefix, Literal(r["civility"])))
        group = URIRef(f"{ID}groupe/{r['legislature']}/{slug(r['group'])}")
        g.add((q, QE.authorGroup, group))
        g.add((group, SKOS.prefLabel, Literal(r["group"], lang="fr")))
        place = URIRef(f"{ID}circonscription/{slug(r['department'])}")
        g.add((q, QE.authorConstituency, place))
        g.add((place, SKOS.prefLabel, Literal(r["department"], lang="fr")))
        for key, prop in (("ministry_questioned", QE.ministryQuestioned), ("ministry_assigned", QE.ministryAssigned)):
            if key in r:
                m = URIRef(f"{ID}ministere/{slug(r[key])}")
                g.add((q, prop, m))
                g.add((m, SKOS.prefLabel, Literal(r[key], lang="fr")))
        if "rubric" in r:
            rubric = URIRef(f"{ID}rubrique/{slug(r['rubric'])}")
            g.add((q, DCTERMS.subject, rubric))
            g.add((rubric, SKOS.prefLabel, Literal(r["rubric"].lower(), lang="fr")))
        if "heading" in r:
            g.add((q, QE.analysisHeading, Literal(r["heading"], lang="fr")))
        if "analysis" in r:
            g.add((q, QE.analysis, Literal(r["analysis"], lang="fr")))
        if "published" in r:
            g.add((q, DCTERMS.issued, Literal(r["published"][0], datatype=XSD.date)))
            if r["published"][1]:
                g.add((q, QE.joPage, Literal(int(r["published"][1]), datatype=XSD.integer)))
        if "attribution_changed" in r:
            g.add((q, QE.attributionChanged, Literal(r["attribution_changed"], datatype=XSD.date)))
        if "withdrawn" in r:
            g.add((q, QE.closureType, URIRef(f"{VOCAB}cloture/retiree")))
            g.add((q, QE.closureDate, Literal(r["withdrawn"][0], datatype=XSD.date)))
            if r["withdrawn"][1]:
                g.add((q, QE.closureReason, URIRef(f"{VOCAB}motif-cloture/{slug(r['withdrawn'][1])}")))
        if r["text"]:
            g.add((q, SCHEMA.text, Literal(r["text"], lang="fr")))
        if "answered" in r or "answer_text" in r:
            a = URIRef(f"{q}/reponse")
            g.add((q, QE.answer, a))
            g.add((a, RDF.type, QE.Answer))
            if "answered" in r:
                g.add((a, DCTERMS.issued, Literal(r["answered"][0], datatype=XSD.date)))
                if r["answered"][1]:
                    g.add((a, QE.joPage, Literal(int(r["answered"][1]), datatype=XSD.integer)))
            if "answer_text" in r:
                g.add((a, SCHEMA.text, Literal(r["answer_text"], lang="fr")))
    g.serialize(destination=target, format="nt", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
