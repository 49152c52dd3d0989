#!/usr/bin/env bash
# Builds the libFuzzer targets into .build-fuzz/. NovelistCore and its dependencies (NovelistText, NovelistStory,
# NovelistLLM, Yams, Mustache) are
# built by SwiftPM in release mode with libFuzzer's coverage and AddressSanitizer
# (-sanitize=fuzzer,address; C code with -fsanitize=fuzzer-no-link,address); each target is then one file,
# fuzz/targets/<name>.swift with its @_cdecl("LLVMFuzzerTestOneInput"), compiled and linked against them
# by swiftc -sanitize=fuzzer,address -parse-as-library.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
SWIFTC=${SWIFTC:-swiftc}
OUT=.build-fuzz
CONF=release

# Build from a snapshot of the package, so that edits made meanwhile in the checkout do not break the build.
SNAP="$OUT/snapshot"
mkdir -p "$SNAP"
rm -rf "$SNAP"/Sources "$SNAP"/Tests && mkdir -p "$SNAP" && cp -a Package.swift Package.resolved Sources Tests "$SNAP/"
echo "building NovelistCore with -sanitize=fuzzer,address…"
"$SWIFT" build --package-path "$SNAP" --scratch-path "$OUT/spm" -c "$CONF" --target NovelistCore \
    -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address 2>&1 \
    | grep -E 'error|Compiling NovelistCore|Build complete' || true
BIN="$OUT/spm/$CONF"
[[ -d $BIN/NovelistCore.build ]] || { echo "NovelistCore did not build" >&2; exit 1; }

OBJS=()
for m in NovelistText NovelistStory NovelistLLM NovelistCore Yams CYaml Mustache; do
    while IFS= read -r o; do OBJS+=("$o"); done < <(find "$BIN/$m.build" -name '*.o')
done
MODULES="$BIN/Modules"
[[ -d $MODULES ]] || MODULES="$BIN"

TARGETS=${*:-sse frontmatter outline commands}
for t in $TARGETS; do
    echo "building fuzz-$t…"
    # The libraries use `package` access: the targets join the package (SwiftPM names it after its folder).
    "$SWIFTC" -parse-as-library -O -g -sanitize=fuzzer,address -module-name "Fuzz_$t" -package-name "$(basename "$SNAP")" \
        -I "$MODULES" -I Sources/CCurl -I "$OUT/spm/checkouts/Yams/Sources/CYaml/include" -Xcc -DYAML_DECLARE_STATIC \
        "fuzz/targets/$t.swift" "${OBJS[@]}" -lcurl -o "$OUT/fuzz-$t"
done
