#!/usr/bin/env python3
"""Regenerates the reference tables in data/ from the public open-data files.

Usage: scripts/build_reference_tables.py REFERENCE_DIR [DATA_DIR]

REFERENCE_DIR holds the public files (AN open data: opendata_deputes.csv,
opendata_organes.csv, opendata_deputes-organes.csv; NosDéputés: nosdeputes_deputesNN.json;
Wikidata: wikidata_deputes.json). The tables written (facts only, see data/README.md):

  data/deputes.tsv      one row per deputy and legislature
  data/organes.tsv      parliamentary groups (GP) and ministries (MINISTERE) with their dates
  data/departements.tsv departments and their codes

The output is sorted, so regenerating from the same files gives the same bytes.
"""

import csv
import json
import os
import sys
import unicodedata


def norm_dept(code):
    code = (code or "").strip().upper()
    if code in ("999", "99", "ZZ"):
        return "099"
    if len(code) == 1 and code.isdigit():
        return "0" + code
    return code


def clean(value):
    return " ".join((value or "").replace("\t", " ").split())


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    ref = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "data")

    wikidata = {}
    with open(os.path.join(ref, "wikidata_deputes.json"), encoding="utf-8") as f:
        for b in json.load(f)["results"]["bindings"]:
            if "id_an" in b and "item" in b:
                qid = b["item"]["value"].rsplit("/", 1)[-1]
                wikidata["PA" + b["id_an"]["value"]] = qid

    # (pa, legislature) -> row
    rows = {}
    slugs = {}
    for leg in (13, 14, 15, 16):
        path = os.path.join(ref, f"nosdeputes_deputes{leg}.json")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for item in json.load(f)["deputes"]:
                d = item["depute"]
                pa = "PA" + str(d["id_an"]).strip()
                civ = "Mme" if d.get("sexe") == "F" else "M."
                rows[(pa, leg)] = {
                    "pa": pa,
                    "legislature": str(leg),
                    "civility": civ,
                    "given": clean(d.get("prenom")),
                    "family": clean(d.get("nom_de_famille")),
                    "dept": norm_dept(d.get("num_deptmt")),
                    "circo": str(d.get("num_circo") or ""),
                }
                slugs[pa] = d.get("slug") or ""

    # AN open data: the deputies of the current data, with their legislatures of membership.
    people = {}
    with open(os.path.join(ref, "opendata_deputes.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            people[r["id"]] = r
    legislatures = {}
    with open(os.path.join(ref, "opendata_deputes-organes.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["typeOrgane"] == "ASSEMBLEE" and r["legislature"]:
                legislatures.setdefault(r["depId"], set()).add(int(r["legislature"]))
    for pa, p in people.items():
        for leg in sorted(legislatures.get(pa, ())):
            key = (pa, leg)
            row = rows.get(key)
            if row is None:
                rows[key] = {
                    "pa": pa,
                    "legislature": str(leg),
                    "civility": clean(p["civ"]),
                    "given": clean(p["prenom"]),
                    "family": clean(p["nom"]),
                    "dept": "",
                    "circo": "",
                }
            else:
                # The AN's spelling of names and civility wins over NosDéputés'.
                row["civility"] = clean(p["civ"]) or row["civility"]
                row["given"] = clean(p["prenom"]) or row["given"]
                row["family"] = clean(p["nom"]) or row["family"]

    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "deputes.tsv"), "w", encoding="utf-8", newline="") as f:
        f.write("# pa_id\tlegislature\tcivility\tgiven_name\tfamily_name\tdepartment_code\tconstituency\tnosdeputes_slug\twikidata\n")
        for (pa, leg), r in sorted(rows.items(), key=lambda kv: (int(kv[0][0][2:]), kv[0][1])):
            f.write("\t".join([pa, r["legislature"], r["civility"], r["given"], r["family"], r["dept"], r["circo"], slugs.get(pa, ""), wikidata.get(pa, "")]) + "\n")

    organs = []
    departments = {}
    with open(os.path.join(ref, "opendata_organes.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["codeType"] in ("GP", "MINISTERE"):
                organs.append(r)
            elif r["codeType"] == "CIRCONSCRIPTION" and " (" in r["libelleAbrege"]:
                code, name = r["libelleAbrege"].split(" (")[0].split(" ", 1)
                if code != "Numéro":
                    departments.setdefault(code, set()).add(name)
    with open(os.path.join(out, "organes.tsv"), "w", encoding="utf-8", newline="") as f:
        f.write("# po_id\ttype\tlegislature\tdate_start\tdate_end\tlabel\tshort_label\tabbreviation\n")
        for r in sorted(organs, key=lambda r: (r["codeType"], r["dateDebut"], int(r["id"][2:]))):
            f.write("\t".join([r["id"], r["codeType"], r["legislature"], r["dateDebut"], r["dateFin"], clean(r["libelle"]), clean(r["libelleAbrege"]), clean(r["libelleAbrev"])]) + "\n")

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

    def order(code):
        return (len(code) > 2 and code not in ("2A", "2B"), code.replace("2A", "20A").replace("2B", "20B"))

    with open(os.path.join(out, "departements.tsv"), "w", encoding="utf-8", newline="") as f:
        f.write("# code\tname\tvariants (|-separated)\n")
        for code in sorted(departments, key=order):
            names = sorted(departments[code])
            name = canonical.get(code, names[0])
            variants = [n for n in names if n != name]
            f.write(f"{code}\t{name}\t{'|'.join(variants)}\n")

    # Report homonyms: one folded name, several AN ids.
    def fold(s):
        return "".join(c for c in unicodedata.normalize("NFD", s.lower()) if unicodedata.category(c) != "Mn").replace("-", " ")

    by_name = {}
    for (pa, _), r in rows.items():
        by_name.setdefault(fold(r["given"] + " " + r["family"]), set()).add(pa)
    homonyms = {n: sorted(p) for n, p in by_name.items() if len(p) > 1}
    print(f"deputes.tsv: {len(rows)} rows, {len({pa for pa, _ in rows})} deputies, {len(wikidata)} Wikidata ids")
    print(f"organes.tsv: {len(organs)} organs")
    print(f"departements.tsv: {len(departments)} departments")
    print(f"homonyms: {len(homonyms)}")
    for name, ids in sorted(homonyms.items()):
        print(f"  {name}: {', '.join(ids)}")


if __name__ == "__main__":
    main()
