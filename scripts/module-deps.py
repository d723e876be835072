#!/usr/bin/env python3
"""Prints the dependencies between the library's top-level modules (tests left out) and
fails when two of them depend on each other, directly or through others.

Usage: scripts/module-deps.py [SRC_DIR]
"""

import os
import re
import sys

src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "src")
skip = {"main.rs", "lib.rs"}
deps = {}
for root, _, files in os.walk(src):
    rel_root = os.path.relpath(root, src)
    if rel_root.split(os.sep)[0] in ("cli", "bin"):
        continue
    for name in files:
        if not name.endswith(".rs") or (rel_root == "." and name in skip):
            continue
        path = os.path.join(root, name)
        rel = os.path.normpath(os.path.join(rel_root, name))
        if name == "tests.rs" or name == "test.rs":
            continue
        module = rel.split(os.sep)[0].removesuffix(".rs")
        text = open(path, encoding="utf-8").read()
        # Unit tests sit at the bottom of a file, after `#[cfg(test)]`.
        cut = text.find("#[cfg(test)]")
        if cut >= 0:
            text = text[:cut]
        # Doc comments name other modules in links; only code counts.
        code = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("//"))
        used = set(re.findall(r"crate::([a-z_]+)", code))
        deps.setdefault(module, set()).update(u for u in used if u != module)

for module in sorted(deps):
    print(f"{module:10} -> {', '.join(sorted(deps[module])) or '-'}")

# Cycles: depth-first search over the module graph.
state = {}
cycles = []


def visit(node, stack):
    state[node] = "open"
    stack.append(node)
    for nxt in sorted(deps.get(node, ())):
        if state.get(nxt) == "open":
            cycles.append(stack[stack.index(nxt):] + [nxt])
        elif nxt not in state:
            visit(nxt, stack)
    stack.pop()
    state[node] = "done"


for module in sorted(deps):
    if module not in state:
        visit(module, [])
if cycles:
    for c in cycles:
        print("circle: " + " -> ".join(c))
    sys.exit(1)
print("no circle between the top-level modules")
