# Sourced by the CI scripts that run the command: sets `binary` to the plexus to test.
# PLEXUS=path/to/plexus uses that binary; otherwise the release product is built (a no-op when
# an earlier step built it), in PLEXUS_SCRATCH_PATH's build folder when that is set.
if [ -n "${PLEXUS:-}" ]; then
    binary="$(realpath "$PLEXUS")"
else
    scratch=()
    if [ -n "${PLEXUS_SCRATCH_PATH:-}" ]; then scratch=(--scratch-path "$PLEXUS_SCRATCH_PATH"); fi
    swift build -c release --product plexus "${scratch[@]}" >/dev/null
    binary="$(swift build -c release "${scratch[@]}" --show-bin-path)/plexus"
fi
