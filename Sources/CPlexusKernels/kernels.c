// Instantiates kernels_template.h once per instruction-set level and hands them out.
#include "CPlexusKernels.h"

#define PLX_SUFFIX portable
#define PLX_TARGET
#define PLX_VEC_BYTES 16
#define PLX_MR 6
#include "kernels_template.h"
#include "pooling_template.h"
#undef PLX_SUFFIX
#undef PLX_TARGET
#undef PLX_VEC_BYTES
#undef PLX_MR

#if defined(__x86_64__)
#define PLX_HAS_X86_KERNELS 1

#define PLX_SUFFIX avx2
#define PLX_TARGET __attribute__((target("avx2,fma")))
#define PLX_VEC_BYTES 32
#define PLX_MR 6
#include "kernels_template.h"
#include "pooling_template.h"
#undef PLX_SUFFIX
#undef PLX_TARGET
#undef PLX_VEC_BYTES
#undef PLX_MR

#define PLX_SUFFIX avx512
#define PLX_TARGET __attribute__((target("avx512f,fma")))
#define PLX_VEC_BYTES 64
#define PLX_MR 12
#include "kernels_template.h"
#include "pooling_template.h"
#undef PLX_SUFFIX
#undef PLX_TARGET
#undef PLX_VEC_BYTES
#undef PLX_MR
#endif

plx_gemm_kernel_info plx_gemm_kernel_for(plx_isa isa) {
#ifdef PLX_HAS_X86_KERNELS
    if (isa == PLX_ISA_AVX512) return (plx_gemm_kernel_info){plx_gemm_micro_avx512, 12, 32, plx_gemm_row_avx512, plx_pack_transposed_avx512};
    if (isa == PLX_ISA_AVX2_FMA) return (plx_gemm_kernel_info){plx_gemm_micro_avx2, 6, 16, plx_gemm_row_avx2, plx_pack_transposed_avx2};
#endif
    (void)isa;
    return (plx_gemm_kernel_info){plx_gemm_micro_portable, 6, 8, plx_gemm_row_portable, plx_pack_transposed_portable};
}

#ifdef PLX_HAS_X86_KERNELS
#define PLX_PICK(name)                                          \
    if (isa == PLX_ISA_AVX512) return name##_avx512;            \
    if (isa == PLX_ISA_AVX2_FMA) return name##_avx2;            \
    return name##_portable;
#else
#define PLX_PICK(name) (void)isa; return name##_portable;
#endif

plx_unary_kernel plx_exp_kernel_for(plx_isa isa) { PLX_PICK(plx_exp) }
plx_unary_kernel plx_sigmoid_kernel_for(plx_isa isa) { PLX_PICK(plx_sigmoid) }
plx_unary_kernel plx_tanh_kernel_for(plx_isa isa) { PLX_PICK(plx_tanh) }
plx_adam_kernel plx_adam_kernel_for(plx_isa isa) { PLX_PICK(plx_adam) }
plx_max_pool_kernel plx_max_pool_kernel_for(plx_isa isa) { PLX_PICK(plx_max_pool) }
plx_route_kernel plx_route_kernel_for(plx_isa isa) { PLX_PICK(plx_route_to_maxima) }
