"""The pyoxigraph peer: classic page text -> the core terms of qe2rdf's vocabulary ->
N-Triples, streaming (no in-memory store).

Usage: python3 bench/pyoxigraph_convert.py INPUT.txt OUTPUT.nt
"""

import sys

from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, serialize

from classic_text import records, slug

QE = "https://w3id.org/qe2rdf/ontology#"
ID = "https://w3id.org/qe2rdf/id/"
VOCAB = "https://w3id.org/qe2rdf/vocab/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
XSD_DATE = NamedNode("http://www.w3.org/2001/XMLSchema#date")
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "http://schema.org/"
P = {name: NamedNode(iri) for name, iri in {
    "identifier": DCT + "identifier", "creator": DCT + "creator", "subject": DCT + "subject", "issued": DCT + "issued",
    "name": FOAF + "name", "prefix": SCHEMA + "honorificPrefix", "text": SCHEMA + "text", "pref": SKOS + "prefLabel",
    "number": QE + "number", "legislature": QE + "legislature", "group": QE + "authorGroup", "place": QE + "authorConstituency",
    "mq": QE + "ministryQuestioned", "ma": QE + "ministryAssigned", "heading": QE + "analysisHeading", "analysis": QE + "analysis",
    "page": QE + "joPage", "changed": QE + "attributionChanged", "ctype": QE + "closureType", "cdate": QE + "closureDate",
    "creason": QE + "closureReason", "answer": QE + "answer",
}.items()}
CLASSES = {"QE": NamedNode(QE + "WrittenQuestion"), "QOSD": NamedNode(QE + "OralQuestion"), "QG": NamedNode(QE + "GovernmentQuestion")}
QUESTION = NamedNode(QE + "Question")
ANSWER = NamedNode(QE + "Answer")
PERSON = NamedNode(FOAF + "Person")


def fr(value):
    return Literal(value, language="fr")


def triples(text):
    for r in records(text):
        q = NamedNode(f"{ID}question/{r['legislature']}/{r['kind']}/{r['number']}")
        yield Triple(q, RDF_TYPE, QUESTION)
        yield Triple(q, RDF_TYPE, CLASSES[r["kind"]])
        yield Triple(q, P["identifier"], Literal(f"QANR5L{r['legislature']}{r['kind']}{r['number']}"))
        yield Triple(q, P["number"], Literal(str(r["number"]), datatype=XSD_INTEGER))
        yield Triple(q, P["legislature"], NamedNode(f"{ID}legislature/{r['legislature']}"))
        deputy = NamedNode(f"{ID}depute/{slug(r['author'])}")
        yield Triple(q, P["creator"], deputy)
        yield Triple(deputy, RDF_TYPE, PERSON)
        yield Triple(deputy, P["name"], Literal(r["author"]))
        yield Triple(deputy, P["prefix"], Literal(r["civility"]))
        group = NamedNode(f"{ID}groupe/{r['legislature']}/{slug(r['group'])}")
        yield Triple(q, P["group"], group)
        yield Triple(group, P["pref"], fr(r["group"]))
        place = NamedNode(f"{ID}circonscription/{slug(r['department'])}")
        yield Triple(q, P["place"], place)
        yield Triple(place, P["pref"], fr(r["department"]))
        for key, prop in (("ministry_questioned", "mq"), ("ministry_assigned", "ma")):
            if key in r:
                m = NamedNode(f"{ID}ministere/{slug(r[key])}")
                yield Triple(q, P[prop], m)
                yield Triple(m, P["pref"], fr(r[key]))
        if "rubric" in r:
            rubric = NamedNode(f"{ID}rubrique/{slug(r['rubric'])}")
            yield Triple(q, P["subject"], rubric)
            yield Triple(rubric, P["pref"], fr(r["rubric"].lower()))
        if "heading" in r:
            yield Triple(q, P["heading"], fr(r["heading"]))
        if "analysis" in r:
            yield Triple(q, P["analysis"], fr(r["analysis"]))
        if "published" in r:
            yield Triple(q, P["issued"], Literal(r["published"][0], datatype=XSD_DATE))
            if r["published"][1]:
                yield Triple(q, P["page"], Literal(r["published"][1], datatype=XSD_INTEGER))
        if "attribution_changed" in r:
            yield Triple(q, P["changed"], Literal(r["attribution_changed"], datatype=XSD_DATE))
        if "withdrawn" in r:
            yield Triple(q, P["ctype"], NamedNode(f"{VOCAB}cloture/retiree"))
            yield Triple(q, P["cdate"], Literal(r["withdrawn"][0], datatype=XSD_DATE))
            if r["withdrawn"][1]:
                yield Triple(q, P["creason"], NamedNode(f"{VOCAB}motif-cloture/{slug(r['withdrawn'][1])}"))
        if r["text"]:
            yield Triple(q, P["text"], fr(r["text"]))
        if "answered" in r or "answer_text" in r:
            a = NamedNode(f"{q.value}/reponse")
            yield Triple(q, P["answer"], a)
            yield Triple(a, RDF_TYPE, ANSWER)
            if "answered" in r:
                yield Triple(a, P["issued"], Literal(r["answered"][0], datatype=XSD_DATE))
                if r["answered"][1]:
                    yield Triple(a, P["page"], Literal(r["answered"][1], datatype=XSD_INTEGER))
            if "answer_text" in r:
                yield Triple(a, P["text"], fr(r["answer_text"]))


def main(source, target):
    with open(source, encoding="utf-8") as f:
        text = f.read()
    serialize(triples(text), output=target, format=RdfFormat.N_TRIPLES)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
