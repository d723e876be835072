#!/usr/bin/env python3
"""Regenerates the reference tables in data/ from the public reference files.

Usage: scripts/build_reference_tables.py REFERENCE_DIR [DATA_DIR]

REFERENCE_DIR holds the public files (see data/README.md for what each gives):

  AMO30_AMO10_<date>.json.zip    the Assembly's AMO data (actors with all their mandates,
                                 organs): deputies of legislatures 12-17, their groups,
                                 ministries and who held them
  wikidata_P4123_<date>.csv      Wikidata items of Assembly actors (property P4123)
  wikipedia_urls_<date>.json     French Wikipedia articles of deputies
  nosdeputes_basic_data_<date>.json   NosDeputes slugs of deputies (legislatures 13-16)
  wikidata_deputes.json          older Wikidata links (16th legislature)
  opendata_organes.csv           the Assembly's organs as of 2022 (department names)

The tables written (facts only):

  data/deputes.tsv      one row per deputy and legislature
  data/organes.tsv      parliamentary groups (GP) and ministries (MINISTERE), with periods
  data/ministres.tsv    who held which ministry (government posts), with periods
  data/departements.tsv departments and their codes
  data/reference.tsv    the date of each source (the snapshot the data is linked with)

The output is sorted, so regenerating from the same files gives the same bytes.
"""

import csv
import datetime
import glob
import json
import os
import re
import sys
import unicodedata
import urllib.parse
import zipfile

LEGISLATURES = range(12, 18)

# Governments the AMO data of 2026-01-29 lacks (it has no ministries between September 2024
# and October 2025): their first day bounds the government before them.
GOVERNMENTS_MISSING = {
    "Barnier": "2024-09-21",
}


def norm_dept(code):
    code = (code or "").strip().upper()
    if code in ("999", "99", "ZZ"):
        return "099"
    if len(code) == 1 and code.isdigit():
        return "0" + code
    return code


def clean(value):
    if isinstance(value, dict):
        value = value.get("#text")
    return " ".join(str(value or "").replace("\t", " ").split())


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def one(pattern, ref):
    found = sorted(glob.glob(os.path.join(ref, pattern)))
    if not found:
        sys.exit(f"missing {pattern} in {ref}")
    return found[-1]


def date_in(name):
    m = re.search(r"(\d{4}-\d{2}(?:-\d{2})?)", os.path.basename(name))
    return m.group(1) if m else ""


def day_before(iso):
    return (datetime.date.fromisoformat(iso) - datetime.timedelta(days=1)).isoformat()


def read_amo(path):
    actors, organs = {}, {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith(".json"):
                continue
            doc = json.loads(z.read(name))
            if "acteur" in doc:
                a = doc["acteur"]
                actors[clean(a["uid"])] = a
            elif "organe" in doc:
                o = doc["organe"]
                organs[clean(o["uid"])] = o
    return actors, organs


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    ref = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "data")

    amo_path = one("AMO*.json.zip", ref)
    actors, organs = read_amo(amo_path)

    # Wikidata: P4123 (every deputy of 12-17 but one), then the older export.
    wikidata, wikipedia = {}, {}
    p4123 = one("wikidata_P4123_*.csv", ref)
    with open(p4123, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            uid = r["uid"].strip()
            if not uid.isdigit() or uid == "0":
                continue
            pa = "PA" + uid
            qid = r["wikidata_url"].rsplit("/", 1)[-1]
            if re.fullmatch(r"Q\d+", qid):
                wikidata.setdefault(pa, set()).add(qid)
            article = r.get("frwiki_url", "").strip()
            if article.startswith("https://fr.wikipedia.org/wiki/"):
                wikipedia.setdefault(pa, urllib.parse.unquote(article.rsplit("/wiki/", 1)[1]))
    older = os.path.join(ref, "wikidata_deputes.json")
    if os.path.exists(older):
        with open(older, encoding="utf-8") as f:
            for b in json.load(f)["results"]["bindings"]:
                if "id_an" in b and "item" in b:
                    pa = "PA" + b["id_an"]["value"]
                    wikidata.setdefault(pa, set()).add(b["item"]["value"].rsplit("/", 1)[-1])
    # An item given twice for one actor keeps the lowest number (the older item).
    wikidata = {pa: min(q, key=lambda q: int(q[1:])) for pa, q in wikidata.items()}
    wikipedia_path = one("wikipedia_urls_*.json", ref)
    with open(wikipedia_path, encoding="utf-8") as f:
        for item in json.load(f):
            url = item.get("url") or ""
            if url.startswith("/wiki/"):
                wikipedia.setdefault(item["id_an"], urllib.parse.unquote(url[len("/wiki/"):]))
    slugs = {}
    nosdeputes_path = one("nosdeputes_basic_data_*.json", ref)
    with open(nosdeputes_path, encoding="utf-8") as f:
        for item in json.load(f):
            if item.get("slug"):
                slugs.setdefault(item["id_an"], item["slug"])

    # Deputies: one row per actor and legislature of an assembly mandate.
    rows = {}
    posts = []
    for pa, a in actors.items():
        ident = (a.get("etatCivil") or {}).get("ident") or {}
        civility, given, family = clean(ident.get("civ")), clean(ident.get("prenom")), clean(ident.get("nom"))
        for m in as_list((a.get("mandats") or {}).get("mandat")):
            kind = clean(m.get("typeOrgane"))
            if kind == "ASSEMBLEE":
                leg = clean(m.get("legislature"))
                if not leg.isdigit() or int(leg) not in LEGISLATURES:
                    continue
                lieu = ((m.get("election") or {}).get("lieu")) or {}
                key = (pa, int(leg))
                row = rows.get(key)
                dept, circo = norm_dept(clean(lieu.get("numDepartement"))), clean(lieu.get("numCirco"))
                if row is None:
                    rows[key] = {"civility": civility, "given": given, "family": family, "dept": dept, "circo": circo}
                elif not row["dept"]:
                    row["dept"], row["circo"] = dept, circo
            elif kind == "MINISTERE":
                quality = clean((m.get("infosQualite") or {}).get("codeQualite"))
                if quality == "en mission":
                    continue
                po = clean((m.get("organes") or {}).get("organeRef"))
                start = clean(m.get("dateDebut"))
                if po and start:
                    posts.append([pa, po, start, clean(m.get("dateFin")), quality, civility, given, family])

    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "deputes.tsv"), "w", encoding="utf-8", newline="") as f:
        f.write("# pa_id\tlegislature\tcivility\tgiven_name\tfamily_name\tdepartment_code\tconstituency\tnosdeputes_slug\twikidata\twikipedia\n")
        for (pa, leg), r in sorted(rows.items(), key=lambda kv: (int(kv[0][0][2:]), kv[0][1])):
            f.write("\t".join([pa, str(leg), r["civility"], r["given"], r["family"], r["dept"], r["circo"],
                               slugs.get(pa, ""), wikidata.get(pa, ""), wikipedia.get(pa, "")]) + "\n")

    # Governments, in order: a government whose end the data leaves open ends the day
    # before the next one starts; ministries end with their government.
    governments = {}
    for po, o in organs.items():
        if clean(o.get("codeType")) == "GOUVERNEMENT":
            v = o.get("viMoDe") or {}
            governments[po] = [clean(v.get("dateDebut")), clean(v.get("dateFin"))]
    ministries = {po: o for po, o in organs.items() if clean(o.get("codeType")) == "MINISTERE"}
    for o in ministries.values():
        parent = clean(o.get("organeParent"))
        start = clean((o.get("viMoDe") or {}).get("dateDebut"))
        if parent and parent not in governments and start:
            governments[parent] = [start, ""]
        elif parent in governments and start and start < governments[parent][0]:
            governments[parent][0] = start
    starts = sorted([start for start, _ in governments.values()] + list(GOVERNMENTS_MISSING.values()))
    for g, (start, end) in governments.items():
        later = [s for s in starts if s > start]
        if later and (not end or end >= later[0]):
            governments[g][1] = day_before(later[0])

    def period(o):
        v = o.get("viMoDe") or {}
        start, end = clean(v.get("dateDebut")), clean(v.get("dateFin"))
        parent = clean(o.get("organeParent"))
        if parent in governments and governments[parent][1] and (not end or end > governments[parent][1]):
            end = governments[parent][1]
        return start, end

    organ_rows = []
    for po, o in organs.items():
        kind = clean(o.get("codeType"))
        if kind == "GP":
            leg = clean(o.get("legislature"))
            if not leg.isdigit() or int(leg) not in LEGISLATURES:
                continue
            start, end = period(o)
            organ_rows.append([po, kind, leg, start, end, clean(o.get("libelle")), clean(o.get("libelleAbrege")),
                               clean(o.get("libelleAbrev")), ""])
        elif kind == "MINISTERE":
            start, end = period(o)
            organ_rows.append([po, kind, "", start, end, clean(o.get("libelle")), clean(o.get("libelleAbrege")),
                               clean(o.get("libelleAbrev")), clean(o.get("organeParent"))])
    with open(os.path.join(out, "organes.tsv"), "w", encoding="utf-8", newline="") as f:
        f.write("# po_id\ttype\tlegislature\tdate_start\tdate_end\tlabel\tshort_label\tabbreviation\tgovernment\n")
        for r in sorted(organ_rows, key=lambda r: (r[1], r[3], int(r[0][2:]))):
            f.write("\t".join(r) + "\n")

    # Posts end at the latest with their ministry.
    ends = {r[0]: r[4] for r in organ_rows if r[1] == "MINISTERE"}
    with open(os.path.join(out, "ministres.tsv"), "w", encoding="utf-8", newline="") as f:
        f.write("# pa_id\tpo_id\tdate_start\tdate_end\tquality\tcivility\tgiven_name\tfamily_name\n")
        for p in sorted(posts, key=lambda p: (p[2], int(p[1][2:]), int(p[0][2:]))):
            if p[1] not in ministries:
                continue
            end = ends.get(p[1], "")
            if end and (not p[3] or p[3] > end):
                p[3] = end
            f.write("\t".join(p) + "\n")

    # Departments: the names the Assembly's circonscription labels give them.
    departments = {}
    with open(os.path.join(ref, "opendata_organes.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["codeType"] == "CIRCONSCRIPTION" and " (" in r["libelleAbrege"]:
                code, name = r["libelleAbrege"].split(" (")[0].split(" ", 1)
                if code != "Numéro":
                    departments.setdefault(code, set()).add(name)
    # Names that the open data does not spell in its circonscription labels.
    extra = {
        "90": {"Territoire-de-Belfort"},
        "977": {"Saint-Martin/Saint-Barthélemy"},
        "987": {"Polynésie française"},
        "974": {"La Réunion"},
        "099": {"Français de l'étranger"},
    }
    canonical = {
        "22": "Côtes-d'Armor",
        "90": "Territoire de Belfort",
        "977": "Saint-Barthélemy et Saint-Martin",
        "987": "Polynésie française",
        "974": "Réunion",
        "099": "Français établis hors de France",
    }
    for code, names in extra.items():
        departments.setdefault(code, set()).update(names)

    def order_key(code):
        return (len(code) > 2 and code not in ("2A", "2B"), code.replace("2A", "20A").replace("2B", "20B"))

    with open(os.path.join(out, "departements.tsv"), "w", encoding="utf-8", newline="") as f:
        f.write("# code\tname\tvariants (|-separated)\n")
        for code in sorted(departments, key=order_key):
            names = sorted(departments[code])
            name = canonical.get(code, names[0])
            variants = [n for n in names if n != name]
            f.write(f"{code}\t{name}\t{'|'.join(variants)}\n")

    with open(os.path.join(out, "reference.tsv"), "w", encoding="utf-8", newline="") as f:
        f.write("# source\tdate\tfile\n")
        for source, path in [("amo", amo_path), ("wikidata", p4123), ("wikipedia", wikipedia_path),
                             ("nosdeputes", nosdeputes_path)]:
            f.write(f"{source}\t{date_in(path)}\t{os.path.basename(path)}\n")

    # Report: coverage per legislature, and homonyms (one folded name, several ids).
    def fold(s):
        return "".join(c for c in unicodedata.normalize("NFD", s.lower()) if unicodedata.category(c) != "Mn").replace("-", " ")

    for leg in LEGISLATURES:
        ids = {pa for (pa, l) in rows if l == leg}
        print(f"legislature {leg}: {len(ids)} deputies, {sum(pa in wikidata for pa in ids)} with Wikidata, "
              f"{sum(pa in wikipedia for pa in ids)} with Wikipedia, {sum(pa in slugs for pa in ids)} with NosDéputés, "
              f"{sum(1 for r in organ_rows if r[1] == 'GP' and r[2] == str(leg))} groups")
    print(f"organes.tsv: {sum(r[1] == 'MINISTERE' for r in organ_rows)} ministries, {len(governments)} governments")
    print(f"ministres.tsv: {len(posts)} government posts")
    by_name = {}
    for (pa, _), r in rows.items():
        by_name.setdefault(fold(r["given"] + " " + r["family"]), set()).add(pa)
    homonyms = {n: sorted(p) for n, p in by_name.items() if len(p) > 1}
    print(f"homonyms: {len(homonyms)}")
    for name, ids in sorted(homonyms.items()):
        print(f"  {name}: {', '.join(ids)}")


if __name__ == "__main__":
    main()
