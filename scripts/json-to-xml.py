#!/usr/bin/env python3
"""Writes an open-data JSON document in the XML form the Assembly publishes beside it.

Usage: scripts/json-to-xml.py IN.json OUT.xml

Element names are the JSON keys, `@…` keys are attributes, `#text` is text, arrays are
repeated elements, `null` and `{"@xsi:nil": "true"}` are `xsi:nil="true"`; the root
element is the document's one key, in the open data's namespace.
"""

import json
import sys
from xml.sax.saxutils import escape, quoteattr

NS = "http://schemas.assemblee-nationale.fr/referentiel"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def element(name, value, out, root=False):
    if isinstance(value, list):
        for item in value:
            element(name, item, out, root)
        return
    attrs = f' xmlns="{NS}" xmlns:xsi="{XSI}"' if root else ""
    if value is None or (isinstance(value, dict) and value.get("@xsi:nil") == "true"):
        out.append(f'<{name}{attrs} xsi:nil="true"/>')
        return
    if isinstance(value, dict):
        for key, v in value.items():
            if key.startswith("@") and not key.startswith("@xmlns") and isinstance(v, str):
                attrs += f" {key[1:]}={quoteattr(v)}"
        out.append(f"<{name}{attrs}>")
        for key, v in value.items():
            if key == "#text":
                out.append(escape(str(v)))
            elif not key.startswith("@"):
                element(key, v, out)
        out.append(f"</{name}>")
    else:
        text = value if isinstance(value, str) else json.dumps(value)
        out.append(f"<{name}{attrs}>{escape(text)}</{name}>")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    (name, value), = doc.items()
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    element(name, value, out, root=True)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write("".join(out) + "\n")


if __name__ == "__main__":
    main()
