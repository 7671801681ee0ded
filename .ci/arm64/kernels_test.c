// The C kernels compiled for arm64 (the build Apple silicon and arm64 Linux get) and run under
// QEMU: the FPCR path of floating_point_mode.c, which no x86 machine compiles, and each
// kernel of the portable level against a reference in double precision, on sizes that reach
// both the vector loop and the tail. Exits non-zero on the first failure, naming it.
//
// Built and run by .ci/arm64.sh; it is not part of the package.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "CPlexusKernels.h"

static int failures = 0;

static void check(int ok, const char *what) {
    printf("%s %s\n", ok ? "PASS" : "FAIL", what);
    if (!ok) failures++;
}

static float uniform(unsigned *state) {
    *state = *state * 1664525u + 1013904223u;
    return (float)(*state >> 8) / (float)(1u << 24) * 2.0f - 1.0f;
}

// FPCR: the flushing control turns a subnormal result into zero, and restoring the value read
// before brings subnormals back. Every result is stored to a volatile before the control
// changes again: the compiler does not know that the calls change how arithmetic rounds, and
// would otherwise be free to move the multiplications across them.
static void test_floating_point_control(void) {
    const unsigned long before = plx_fp_control();
    const unsigned long flushing = plx_fp_control_flushing(before);
    check(flushing == (before | (1ul << 24)), "plx_fp_control_flushing sets FPCR.FZ (bit 24)");
    volatile float tiny = 1e-38f, half = 0.5f;
    volatile float kept = tiny * half;
    check(kept != 0.0f && fpclassify(kept) == FP_SUBNORMAL, "without FZ, 1e-38 * 0.5 is a subnormal");
    plx_set_fp_control(flushing);
    check(plx_fp_control() == flushing, "plx_fp_control reads back what plx_set_fp_control wrote");
    volatile float flushed = tiny * half;
    volatile float subnormal = 1e-40f;
    volatile float input = subnormal * 1e10f;  // 1e-30 unless the input is taken as zero
    plx_set_fp_control(before);
    check(flushed == 0.0f, "with FZ, 1e-38 * 0.5 is zero");
    check(input == 0.0f, "with FZ, a subnormal input counts as zero");
    volatile float again = tiny * half;
    check(plx_fp_control() == before && again == kept, "restoring the control brings subnormals back");
}

// The micro-kernel on tiles of every height, full and partial widths, depths with and without
// a remainder, accumulating or not; the row kernel on the same.
static void test_gemm(void) {
    const plx_gemm_kernel_info info = plx_gemm_kernel_for(plx_cpu_best_isa());
    check(info.mr == 6 && info.nr == 8, "arm64 takes the portable tile, 6 x 8");
    unsigned state = 1;
    enum { maxK = 37 };
    float a[16 * maxK], b[maxK * 16 + 16], c[16 * 16], reference[16 * 16];
    double worst = 0;
    for (long rows = 1; rows <= info.mr; rows++) {
        for (long cols = 1; cols <= info.nr; cols += 3) {
            for (long k = 1; k <= maxK; k += 9) {
                for (int accumulate = 0; accumulate <= 1; accumulate++) {
                    for (long i = 0; i < rows * k; i++) a[i] = uniform(&state);
                    for (long i = 0; i < k * info.nr + info.nr; i++) b[i] = uniform(&state);
                    for (long i = 0; i < rows * 16; i++) c[i] = reference[i] = uniform(&state);
                    info.kernel(k, a, k, 1, b, info.nr, c, 16, rows, cols, accumulate);
                    for (long i = 0; i < rows; i++) {
                        for (long j = 0; j < 16; j++) {
                            double sum = accumulate ? reference[i * 16 + j] : 0;
                            for (long p = 0; p < k; p++) sum += (double)a[i * k + p] * b[p * info.nr + j];
                            const double expected = j < cols ? sum : reference[i * 16 + j];
                            const double error = fabs(c[i * 16 + j] - expected) / (1 + fabs(expected));
                            if (error > worst) worst = error;
                        }
                    }
                }
            }
        }
    }
    char message[128];
    snprintf(message, sizeof message, "GEMM micro-kernel against double sums (largest error %.2g)", worst);
    check(worst < 1e-5, message);

    worst = 0;
    for (long cols = 1; cols <= 2 * info.nr + 3; cols += 2) {
        for (long k = 1; k <= maxK; k += 12) {
            for (long i = 0; i < k; i++) a[i] = uniform(&state);
            for (long i = 0; i < k * 16 + 16; i++) b[i] = uniform(&state);
            info.row(k, 8, a, 1, b, 16, c, cols, 0);
            for (long j = 0; j < cols; j++) {
                double sum = 0;
                for (long p = 0; p < k; p++) sum += (double)a[p] * b[p * 16 + j];
                const double error = fabs(c[j] - sum) / (1 + fabs(sum));
                if (error > worst) worst = error;
            }
        }
    }
    snprintf(message, sizeof message, "GEMM row kernel against double sums (largest error %.2g)", worst);
    check(worst < 1e-5, message);

    float source[5 * 11], panel[11 * 8];
    for (int i = 0; i < 5 * 11; i++) source[i] = (float)i;
    info.pack_transposed(panel, 8, 11, source, 11, 5);
    int exact = 1;
    for (int p = 0; p < 11; p++)
        for (int l = 0; l < 8; l++) exact &= panel[p * 8 + l] == (l < 5 ? source[l * 11 + p] : 0.0f);
    check(exact, "packing a transposed block into a panel, zero lanes past the last");
}

static void test_unary(void) {
    const plx_isa isa = plx_cpu_best_isa();
    enum { n = 1003 };  // not a multiple of the vector width: the tail runs too
    static float x[n], y[n];
    for (int i = 0; i < n; i++) x[i] = -90.0f + 180.0f * (float)i / (n - 1);
    plx_exp_kernel_for(isa)(x, y, n);
    double worst = 0;
    for (int i = 0; i < n; i++) {
        const double expected = exp((double)x[i]);
        if (x[i] < -87.33f) {
            if (y[i] != 0) worst = 1;
        } else if (expected < 3.4e38) {
            const double error = fabs(y[i] - expected) / expected;
            if (error > worst) worst = error;
        }
    }
    char message[128];
    snprintf(message, sizeof message, "exp against libm (largest relative error %.2g)", worst);
    check(worst < 2e-6, message);
    plx_sigmoid_kernel_for(isa)(x, y, n);
    worst = 0;
    for (int i = 0; i < n; i++) {
        const double error = fabs(y[i] - 1 / (1 + exp(-(double)x[i])));
        if (error > worst) worst = error;
    }
    snprintf(message, sizeof message, "sigmoid against libm (largest error %.2g)", worst);
    check(worst < 1e-6, message);
    plx_tanh_kernel_for(isa)(x, y, n);
    worst = 0;
    for (int i = 0; i < n; i++) {
        const double error = fabs(y[i] - tanh((double)x[i]));
        if (error > worst) worst = error;
    }
    snprintf(message, sizeof message, "tanh against libm (largest error %.2g)", worst);
    check(worst < 1e-6, message);
}

static void test_adam(void) {
    enum { n = 37 };
    float w[n], g[n], m[n], v[n];
    double rw[n], rm[n], rv[n];
    unsigned state = 7;
    for (int i = 0; i < n; i++) {
        rw[i] = w[i] = uniform(&state);
        g[i] = uniform(&state);
        rm[i] = m[i] = 0.1f * uniform(&state);
        rv[i] = v[i] = 0.01f * (1 + uniform(&state));
    }
    const float alpha = 0.001f, keep1 = 0.1f, keep2 = 0.001f, epsilon = 1e-7f;
    plx_adam_kernel_for(plx_cpu_best_isa())(w, g, m, v, n, alpha, keep1, keep2, epsilon);
    double worst = 0;
    for (int i = 0; i < n; i++) {
        rm[i] += (g[i] - rm[i]) * keep1;
        rv[i] += ((double)g[i] * g[i] - rv[i]) * keep2;
        rw[i] -= alpha * rm[i] / (sqrt(rv[i]) + epsilon);
        const double error = fabs(w[i] - rw[i]) + fabs(m[i] - rm[i]) + fabs(v[i] - rv[i]);
        if (error > worst) worst = error;
    }
    char message[128];
    snprintf(message, sizeof message, "Adam update against the formula in double (largest error %.2g)", worst);
    check(worst < 1e-6, message);
}

// A 2x2 pool of stride 2 over 2 images of 5x4x3 (the last row clipped), with bias and ReLU.
static void test_max_pool(void) {
    const plx_pool_geometry geometry = {5, 4, 3, 2, 2, 2, 2, 0, 0, 3, 2};
    enum { images = 2, inputs = images * 5 * 4 * 3, outputs = images * 3 * 2 * 3 };
    float input[inputs], pooled[outputs], bias[3] = {0.25f, -0.5f, 0};
    unsigned char maxima[outputs];
    unsigned state = 3;
    for (int i = 0; i < inputs; i++) input[i] = uniform(&state);
    plx_max_pool_kernel_for(plx_cpu_best_isa())(&geometry, input, images, bias, 1, pooled, maxima);
    int exact = 1;
    for (int image = 0; image < images; image++)
        for (int oy = 0; oy < 3; oy++)
            for (int ox = 0; ox < 2; ox++)
                for (int ch = 0; ch < 3; ch++) {
                    float best = -INFINITY;
                    int where = 0;
                    for (int dy = 0; dy < 2 && oy * 2 + dy < 5; dy++)
                        for (int dx = 0; dx < 2; dx++) {
                            float value = input[((image * 5 + oy * 2 + dy) * 4 + ox * 2 + dx) * 3 + ch] + bias[ch];
                            value = value > 0 ? value : 0;
                            if (value > best) {
                                best = value;
                                where = dy * 2 + dx;
                            }
                        }
                    const int out = ((image * 3 + oy) * 2 + ox) * 3 + ch;
                    exact &= pooled[out] == best && (best == 0 || maxima[out] == where);
                }
    check(exact, "max pool with bias and ReLU, a clipped last row, against the rule");
}

int main(void) {
    test_floating_point_control();
    test_gemm();
    test_unary();
    test_adam();
    test_max_pool();
    printf("%d failed\n", failures);
    return failures == 0 ? 0 : 1;
}
