// The calling thread's floating-point control register, read and written, so that Swift can
// treat subnormal floats as zero for a span of work (Swift has no access to the register).
#include "CPlexusKernels.h"

#if defined(__x86_64__)
#include <xmmintrin.h>

// MXCSR: FTZ (bit 15) makes results below the normal range zero, DAZ (bit 6) reads such
// inputs as zero. Both are needed: a subnormal that reaches an instruction by either way takes
// a slow microcode path on many Intel cores (about a hundred cycles each).
static const unsigned long plx_flush_bits = 0x8040;

// Bits 0-5 are the sticky exception flags, not control: they are left out of the value and
// kept as the thread has them when it is set.
static const unsigned int plx_flag_bits = 0x3f;

unsigned long plx_fp_control(void) { return _mm_getcsr() & ~plx_flag_bits; }
void plx_set_fp_control(unsigned long control) {
    _mm_setcsr((_mm_getcsr() & plx_flag_bits) | ((unsigned int)control & ~plx_flag_bits));
}

#elif defined(__aarch64__)

// FPCR: FZ (bit 24) flushes subnormal inputs and results of single-precision arithmetic.
static const unsigned long plx_flush_bits = 1ul << 24;

unsigned long plx_fp_control(void) {
    unsigned long control;
    __asm__ __volatile__("mrs %0, fpcr" : "=r"(control));
    return control;
}
void plx_set_fp_control(unsigned long control) { __asm__ __volatile__("msr fpcr, %0" : : "r"(control)); }

#else

// Elsewhere subnormals keep their IEEE meaning: there is nothing to set.
static const unsigned long plx_flush_bits = 0;

unsigned long plx_fp_control(void) { return 0; }
void plx_set_fp_control(unsigned long control) { (void)control; }

#endif

unsigned long plx_fp_control_flushing(unsigned long control) { return control | plx_flush_bits; }
