#!/usr/bin/env bash
# The C kernels as arm64 builds them (Apple silicon, arm64 Linux), compiled with the toolchain's
# clang for aarch64 and run under QEMU: floating_point_mode.c's FPCR path, which no x86 build
# compiles, and every kernel of the portable level against a reference (.ci/arm64/kernels_test.c).
# Needs Debian's qemu-user and the arm64 cross C library and linker; installs them when root.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    needed=""
    for package in qemu-user libc6-dev-arm64-cross binutils-aarch64-linux-gnu libgcc-12-dev-arm64-cross; do
        dpkg -s "$package" >/dev/null 2>&1 || needed="$needed $package"
    done
    if [ -n "$needed" ]; then
        apt-get update -qq
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $needed >/dev/null
    fi
fi

sysroot=/usr/aarch64-linux-gnu
gcc_lib=$(ls -d /usr/lib/gcc-cross/aarch64-linux-gnu/* | sort -V | tail -1)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for source in Sources/CPlexusKernels/kernels.c Sources/CPlexusKernels/floating_point_mode.c Sources/CPlexusKernels/cpu.c \
    .ci/arm64/kernels_test.c; do
    clang --target=aarch64-linux-gnu -isystem "$sysroot/include" -O2 -Wall -Wextra -Werror \
        -ISources/CPlexusKernels/include -c "$source" -o "$work/$(basename "$source").o"
done
clang --target=aarch64-linux-gnu -fuse-ld=/usr/bin/aarch64-linux-gnu-ld -B"$sysroot/lib" -L"$sysroot/lib" \
    -B"$gcc_lib" -L"$gcc_lib" "$work"/*.o -lm -o "$work/kernels_test"
qemu-aarch64 -L "$sysroot" "$work/kernels_test"
