#include "CPlexusKernels.h"

plx_isa plx_cpu_best_isa(void) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    // __builtin_cpu_supports also checks that the OS saves the wide registers (XGETBV).
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return PLX_ISA_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return PLX_ISA_AVX2_FMA;
#endif
    return PLX_ISA_PORTABLE;
}
