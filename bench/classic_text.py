"""Shared by the Python peers: reads classic question-page text (the layout qe2rdf's
corpus generator writes, the seed's layout) into plain records, the way a careful Python
script would: one pass, precompiled regular expressions."""

import re
import unicodedata

LEGISLATURE = re.compile(r"^(\d+)(?:ème|e) législature$", re.M)
NUMBER = re.compile(r"Question N° : (\d+)\tDe (M\.|Mme) (.+?) \((.+) - (.+?) ?\)\t(Question écrite|Question orale sans débat|Question au gouvernement)")
LABELS = re.compile(
    r"(Ministère interrogé > |Ministère attributaire > |Rubrique >|Tête d'analyse >|Analyse > |"
    r"Question publiée au JO le : |Réponse publiée au JO le : |Date de changement d'attribution : |Question retirée le : )"
)
DATE = re.compile(r"(\d\d)/(\d\d)/(\d{4})(?:\s+page : (\d+))?(?:\s*\(([^)]*)\))?")
KINDS = {"Question écrite": "QE", "Question orale sans débat": "QOSD", "Question au gouvernement": "QG"}


def slug(text):
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "sans-nom"


def iso(match):
    return f"{match.group(3)}-{match.group(2)}-{match.group(1)}"


def records(text):
    """Yields one dict per question."""
    starts = [m.start() for m in LEGISLATURE.finditer(text)]
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        chunk = text[start:end]
        head, _, body = chunk.partition("\nTexte de la question\n")
        m = NUMBER.search(head)
        if not m:
            continue
        q = {
            "legislature": int(LEGISLATURE.match(head).group(1)),
            "number": int(m.group(1)),
            "civility": m.group(2),
            "author": m.group(3),
            "group": m.group(4),
            "department": m.group(5),
            "kind": KINDS[m.group(6)],
        }
        parts = LABELS.split(head[m.end():])
        for label, value in zip(parts[1::2], parts[2::2]):
            value = value.strip()
            if label.startswith("Ministère interrogé"):
                q["ministry_questioned"] = value
            elif label.startswith("Ministère attributaire"):
                q["ministry_assigned"] = value
            elif label.startswith("Rubrique"):
                q["rubric"] = value
            elif label.startswith("Tête"):
                q["heading"] = value
            elif label.startswith("Analyse"):
                q["analysis"] = value
            else:
                d = DATE.match(value)
                if not d:
                    continue
                if label.startswith("Question publiée"):
                    q["published"] = (iso(d), d.group(4))
                elif label.startswith("Réponse"):
                    q["answered"] = (iso(d), d.group(4))
                elif label.startswith("Date de changement"):
                    q["attribution_changed"] = iso(d)
                else:
                    q["withdrawn"] = (iso(d), d.group(5))
        question, _, answer = body.partition("\nTexte de la réponse\n")
        q["text"] = "\n".join(line.strip() for line in question.strip().split("\n") if line.strip())
        if answer.strip():
            q["answer_text"] = "\n".join(line.strip() for line in answer.strip().split("\n") if line.strip())
        yield q
