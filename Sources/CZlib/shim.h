// zlib, for reading gzip files (IDX .gz, CSV .gz) and the deflated members of NPZ archives.
// Its headers come with zlib1g-dev on Linux (a prerequisite of the Swift toolchain) and with
// the SDK on macOS.
#include <zlib.h>
