#!/usr/bin/env bash
# The documentation: builds the DocC catalog Sources/Plexus/Plexus.docc with the Plexus module's
# public symbols, treating every warning (a broken ``link``, an undocumented parameter) as an
# error, then fails if any public symbol of the module has no abstract (summary line).
# Uses the release build of the plexus product that CI's earlier steps left behind (peers.sh
# builds it), so it takes about 20 seconds; after only `swift test -c release`, whose build has
# testing enabled, or on a clean clone, it builds first (minutes). PLEXUS_DOCS_OUTPUT=DIR keeps the site, to preview it:
#   PLEXUS_DOCS_OUTPUT=/tmp/plexus-docs bash .ci/docs.sh && python3 -m http.server -d /tmp/plexus-docs
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
output="${PLEXUS_DOCS_OUTPUT:-$work/site}"
rm -rf "$output"

# The symbol graph of the public API, without members the compiler adds from default
# implementations of other modules' protocols (Sequence's map, filter, ...).
swift package -c release dump-symbol-graph --minimum-access-level public --skip-synthesized-members >/dev/null
graphs="$(dirname "$(swift build -c release --show-bin-path)")/symbolgraph"
mkdir "$work/graphs"
cp "$graphs"/Plexus.symbols.json "$work/graphs/"
cp "$graphs"/Plexus@*.symbols.json "$work/graphs/" 2>/dev/null || true  # extensions of other modules' types

docc=(docc)
command -v docc >/dev/null || docc=(xcrun docc)
"${docc[@]}" convert Sources/Plexus/Plexus.docc \
    --additional-symbol-graph-dir "$work/graphs" \
    --fallback-display-name Plexus --fallback-bundle-identifier org.plexus.Plexus \
    --output-path "$output" --warnings-as-errors \
    --experimental-documentation-coverage --coverage-summary-level brief

# Every public symbol needs an abstract, except those the compiler wrote: a symbol without a
# source location in the symbol graph (an enum's init(rawValue:), a synthesized Codable
# init(from:)) cannot carry a comment, and DocC does not count the standard library's
# documentation it inherits. DocC's coverage names symbols by page path, with a disambiguation
# suffix (-swift.property, -1b74v) where two share a name; the suffixes are removed to match the
# graph's path components. Operators' page paths replace characters (`<` becomes `_`) and never
# match, so they are checked too: only an exact match with a compiler-written symbol exempts.
python3 - "$output/documentation-coverage.json" "$work/graphs/Plexus.symbols.json" <<'PYTHON'
import json, re, sys

coverage = json.load(open(sys.argv[1]))
graph = json.load(open(sys.argv[2]))
synthesized = {"/".join(s["pathComponents"]) for s in graph["symbols"] if "location" not in s}
suffix = re.compile(r"(?<=.)-(?:swift\.[A-Za-z.]+|[0-9a-z]{3,7})$")

def graph_path(reference):
    path = reference.split("/documentation/Plexus/", 1)[1]
    return "/".join(suffix.sub("", component) for component in path.split("/"))

missing = sorted(
    graph_path(entry["referencePath"])
    for entry in coverage
    if entry["kind"]["isSymbol"] and not entry["hasAbstract"]
    and "/documentation/Plexus/" in entry["referencePath"]
    and graph_path(entry["referencePath"]) not in synthesized)
module = [e for e in coverage if e["referencePath"].endswith("/documentation/Plexus")]
if module and not module[0]["hasAbstract"]:
    missing.insert(0, "Plexus (the module's landing page)")
for name in missing:
    print(f"error: public symbol without documentation: {name}")
documented = sum(1 for e in coverage if e["kind"]["isSymbol"] and e["hasAbstract"])
print(f"docs: {documented} symbols documented, {len(missing)} public symbols without an abstract")
sys.exit(1 if missing else 0)
PYTHON
