// One source for every instruction set: this file is included once per level, with
//   PLX_SUFFIX      name suffix of the functions it defines
//   PLX_TARGET      the function attribute that selects the instruction set (may be empty)
//   PLX_VEC_BYTES   vector width in bytes
//   PLX_MR          rows of the GEMM tile (the tile is PLX_MR x 2 vectors)
// It is written with clang/GCC vector extensions so the same, tested arithmetic runs at
// every width; `x += a * b` in one expression contracts to a fused multiply-add where the
// target has one.

#include <string.h>

#define PLX_CAT2(a, b) a##_##b
#define PLX_CAT(a, b) PLX_CAT2(a, b)
#define PLX_NAME(name) PLX_CAT(name, PLX_SUFFIX)

#define PLX_VW (PLX_VEC_BYTES / 4)
#define PLX_NR (2 * PLX_VW)

// aligned(4): loads and stores through these types may be unaligned.
typedef float PLX_NAME(vf) __attribute__((vector_size(PLX_VEC_BYTES), aligned(4)));
typedef int PLX_NAME(vi) __attribute__((vector_size(PLX_VEC_BYTES), aligned(4)));
#define VF PLX_NAME(vf)
#define VI PLX_NAME(vi)

PLX_TARGET static inline VF PLX_NAME(splat)(float s) {
    VF v;
    for (int i = 0; i < PLX_VW; i++) v[i] = s;
    return v;
}

// Lane l (a constant) of v in every lane, shuffled in registers; and M(l) for every lane l.
#define PLX_EACH4(M, o) M(o) M(o + 1) M(o + 2) M(o + 3)
#if PLX_VW == 16
#define PLX_LANE(v, l) __builtin_shufflevector(v, v, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l, l)
#define PLX_EACH_LANE(M) PLX_EACH4(M, 0) PLX_EACH4(M, 4) PLX_EACH4(M, 8) PLX_EACH4(M, 12)
#elif PLX_VW == 8
#define PLX_LANE(v, l) __builtin_shufflevector(v, v, l, l, l, l, l, l, l, l)
#define PLX_EACH_LANE(M) PLX_EACH4(M, 0) PLX_EACH4(M, 4)
#else
#define PLX_LANE(v, l) __builtin_shufflevector(v, v, l, l, l, l)
#define PLX_EACH_LANE(M) PLX_EACH4(M, 0)
#endif

// The tile for a constant number of rows R <= PLX_MR. Always inlined into a switch on the
// row count, so every R gets its own fully unrolled copy and edge rows cost only what they use.
PLX_TARGET static inline __attribute__((always_inline)) void PLX_NAME(gemm_tile)(
    const int R, long kc, const float *a, long a_rs, long a_ks, const float *b, long b_ks, float *c,
    long c_rs, long cols, int accumulate) {
    VF acc0[PLX_MR], acc1[PLX_MR];
    for (int i = 0; i < R; i++) {
        acc0[i] = PLX_NAME(splat)(0.0f);
        acc1[i] = PLX_NAME(splat)(0.0f);
    }
    // One step of depth: two vectors of B, R broadcasts of A, 2R fused multiply-adds.
#define PLX_GEMM_STEP(A_AT)                                         \
    do {                                                            \
        const VF b0 = *(const VF *)(b);                             \
        const VF b1 = *(const VF *)((b) + PLX_VW);                  \
        _Pragma("clang loop unroll(full)")                          \
        for (int i = 0; i < R; i++) {                               \
            const VF ai = PLX_NAME(splat)(A_AT(i));                 \
            acc0[i] += ai * b0;                                     \
            acc1[i] += ai * b1;                                     \
        }                                                           \
    } while (0)
    if (a_rs == 1 && a_ks == PLX_MR && b_ks == PLX_NR) {
        // Both operands packed: every address is a constant offset from two pointers.
#define PLX_PACKED_A(i) a[i]
#pragma clang loop unroll_count(4)
        for (long k = 0; k < kc; k++) {
            PLX_GEMM_STEP(PLX_PACKED_A);
            a += PLX_MR;
            b += PLX_NR;
        }
#undef PLX_PACKED_A
    } else {
#define PLX_STRIDED_A(i) a[(i) * a_rs]
#pragma clang loop unroll_count(2)
        for (long k = 0; k < kc; k++) {
            PLX_GEMM_STEP(PLX_STRIDED_A);
            a += a_ks;
            b += b_ks;
        }
#undef PLX_STRIDED_A
    }
#undef PLX_GEMM_STEP
    if (cols == PLX_NR) {
        for (int i = 0; i < R; i++) {
            VF *c0 = (VF *)(c + i * c_rs);
            VF *c1 = (VF *)(c + i * c_rs + PLX_VW);
            if (accumulate) {
                *c0 += acc0[i];
                *c1 += acc1[i];
            } else {
                *c0 = acc0[i];
                *c1 = acc1[i];
            }
        }
        return;
    }
    // An edge tile: write only the valid columns.
    for (int i = 0; i < R; i++) {
        float row[PLX_NR];
        *(VF *)row = acc0[i];
        *(VF *)(row + PLX_VW) = acc1[i];
        float *ci = c + i * c_rs;
        if (accumulate) {
            for (long j = 0; j < cols; j++) ci[j] += row[j];
        } else {
            for (long j = 0; j < cols; j++) ci[j] = row[j];
        }
    }
}

// no_builtin: the edge tiles' short copies of a few floats a row would otherwise become calls
// to memcpy, which cost more than the copies (6% of the course network's step, whose every
// layer is narrower than a tile).
PLX_TARGET __attribute__((no_builtin("memcpy"))) static void PLX_NAME(plx_gemm_micro)(long kc, const float *a, long a_rs, long a_ks,
                                               const float *b, long b_ks, float *c, long c_rs,
                                               long rows, long cols, int accumulate) {
#define PLX_TILE(R) PLX_NAME(gemm_tile)(R, kc, a, a_rs, a_ks, b, b_ks, c, c_rs, cols, accumulate); break
    switch (rows) {
    case 1: PLX_TILE(1);
    case 2: PLX_TILE(2);
    case 3: PLX_TILE(3);
    case 4: PLX_TILE(4);
    case 5: PLX_TILE(5);
    case 6: PLX_TILE(6);
#if PLX_MR > 6
    case 7: PLX_TILE(7);
    case 8: PLX_TILE(8);
    case 9: PLX_TILE(9);
    case 10: PLX_TILE(10);
    case 11: PLX_TILE(11);
    case 12: PLX_TILE(12);
#endif
    default: break;
    }
#undef PLX_TILE
}

// V vectors of columns of one row, starting at column 0 of b and c; `cols` <= V * PLX_VW are
// written. Two slices of depth at once, [0, kc0) and [kc0, kc0 + kc1) with kc1 <= kc0 (kc1 may
// be 0): each slice is its own chain of fused multiply-adds from zero, as in a tile, so the two
// run side by side instead of one waiting on the other; they meet C in slice order, as the tiles'
// sums do (c = s0 or c + s0, then + s1). Always inlined with a constant V.
PLX_TARGET static inline __attribute__((always_inline)) void PLX_NAME(gemm_row_block)(
    const int V, long kc0, long kc1, const float *a, long a_ks, const float *b, long b_ks, float *c,
    long cols, int accumulate) {
    VF acc0[4], acc1[4];
    for (int v = 0; v < V; v++) {
        acc0[v] = PLX_NAME(splat)(0.0f);
        acc1[v] = PLX_NAME(splat)(0.0f);
    }
    const float *a1 = a + kc0 * a_ks;
    const float *b1 = b + kc0 * b_ks;
    long k = 0;
    // Contiguous A: a vector of each slice at a time, every element broadcast from the register,
    // so that the load ports carry only B (a broadcast from memory is a load of its own: a fifth
    // of a row's loads with two vectors of columns, 20% of a single sample's first layer here).
    if (a_ks == 1) {
        for (; k + PLX_VW <= kc1; k += PLX_VW) {
            VF av0 = *(const VF *)(a + k);
            VF av1 = *(const VF *)(a1 + k);
#if defined(__x86_64__)
            // Keeps them in registers: the compiler would fold each lane's shuffle back into a
            // broadcast from memory.
            __asm__("" : "+v"(av0), "+v"(av1));
#endif
#define PLX_ROW_STEP(l)                                                         \
    do {                                                                        \
        const VF ak0 = PLX_LANE(av0, l);                                        \
        const VF ak1 = PLX_LANE(av1, l);                                        \
        _Pragma("clang loop unroll(full)")                                      \
        for (int v = 0; v < V; v++) {                                           \
            acc0[v] += ak0 * *(const VF *)(b + (k + (l)) * b_ks + v * PLX_VW);  \
            acc1[v] += ak1 * *(const VF *)(b1 + (k + (l)) * b_ks + v * PLX_VW); \
        }                                                                       \
    } while (0);
            PLX_EACH_LANE(PLX_ROW_STEP)
#undef PLX_ROW_STEP
        }
    }
    for (; k < kc1; k++) {
        const VF ak0 = PLX_NAME(splat)(a[k * a_ks]);
        const VF ak1 = PLX_NAME(splat)(a1[k * a_ks]);
        _Pragma("clang loop unroll(full)")
        for (int v = 0; v < V; v++) {
            acc0[v] += ak0 * *(const VF *)(b + k * b_ks + v * PLX_VW);
            acc1[v] += ak1 * *(const VF *)(b1 + k * b_ks + v * PLX_VW);
        }
    }
#pragma clang loop unroll_count(2)
    for (; k < kc0; k++) {
        const VF ak = PLX_NAME(splat)(a[k * a_ks]);
        _Pragma("clang loop unroll(full)")
        for (int v = 0; v < V; v++) acc0[v] += ak * *(const VF *)(b + k * b_ks + v * PLX_VW);
    }
    float row0[4 * PLX_VW], row1[4 * PLX_VW];
    for (int v = 0; v < V; v++) {
        *(VF *)(row0 + v * PLX_VW) = acc0[v];
        *(VF *)(row1 + v * PLX_VW) = acc1[v];
    }
    for (long j = 0; j < cols; j++) {
        float sum = accumulate ? c[j] + row0[j] : row0[j];
        c[j] = kc1 > 0 ? sum + row1[j] : sum;
    }
}

PLX_TARGET __attribute__((no_builtin("memcpy"))) static void PLX_NAME(plx_gemm_row)(long k, long kc, const float *a, long a_ks,
                                             const float *b, long b_ks, float *c, long cols, int accumulate) {
    for (long p = 0; p < k; p += 2 * kc) {
        const long kc0 = k - p < kc ? k - p : kc;
        const long rest = k - p - kc0;
        const long kc1 = rest < kc ? rest : kc;
        const float *ap = a + p * a_ks;
        const float *bp = b + p * b_ks;
        const int acc = accumulate || p > 0;
        long j = 0;
        // Four vectors while more than two remain, so no read passes the row's end by a tile width.
        for (; cols - j > 2 * PLX_VW; j += 4 * PLX_VW) {
            long n = cols - j < 4 * PLX_VW ? cols - j : 4 * PLX_VW;
            PLX_NAME(gemm_row_block)(4, kc0, kc1, ap, a_ks, bp + j, b_ks, c + j, n, acc);
        }
        if (j < cols) PLX_NAME(gemm_row_block)(2, kc0, kc1, ap, a_ks, bp + j, b_ks, c + j, cols - j, acc);
    }
}

// exp on one vector: x = n ln2 + r with |r| <= ln2/2, exp(r) by a degree-6 polynomial
// (Cephes' expf coefficients), then scaled by 2^n built in the exponent bits. Near the top of
// the range n reaches 128, one past the largest exponent, so the scale is applied as two powers
// of two, 2^(n/2) and 2^(n - n/2): each product is exact while the result is a normal float,
// which it is between the clamps.
PLX_TARGET static inline VF PLX_NAME(exp_vec)(VF x) {
    const VF hi = PLX_NAME(splat)(88.7228391f);
    const VF lo = PLX_NAME(splat)(-87.3365447504f);
    VF xc = x;
    for (int i = 0; i < PLX_VW; i++) {  // clamp; becomes min/max instructions
        xc[i] = xc[i] > hi[i] ? hi[i] : xc[i];
        xc[i] = xc[i] < lo[i] ? lo[i] : xc[i];
    }
    // Round x * log2(e) to the nearest integer with the 1.5 * 2^23 trick (no SSE4.1 needed).
    const VF magic = PLX_NAME(splat)(12582912.0f);
    VF n = (xc * PLX_NAME(splat)(1.44269504088896341f) + magic) - magic;
    VF r = xc - n * PLX_NAME(splat)(0.693359375f);
    r = r - n * PLX_NAME(splat)(-2.12194440e-4f);
    VF p = PLX_NAME(splat)(1.9875691500e-4f);
    p = p * r + PLX_NAME(splat)(1.3981999507e-3f);
    p = p * r + PLX_NAME(splat)(8.3334519073e-3f);
    p = p * r + PLX_NAME(splat)(4.1665795894e-2f);
    p = p * r + PLX_NAME(splat)(1.6666665459e-1f);
    p = p * r + PLX_NAME(splat)(5.0000001201e-1f);
    p = p * (r * r) + r + PLX_NAME(splat)(1.0f);
    const VI whole = __builtin_convertvector(n, VI), half = whole >> 1;
    VI bits = (half + 127) << 23, restBits = (whole - half + 127) << 23;
    VF scale, rest;
    memcpy(&scale, &bits, sizeof(VF));
    memcpy(&rest, &restBits, sizeof(VF));
    VF y = (p * scale) * rest;
    // Beyond the clamps: overflow to +inf, underflow to 0; NaN passes through.
    VI over = x > PLX_NAME(splat)(88.7228391f);
    VI under = x < lo;
    VI nan = x != x;
    VI yi, xi, inf = (VI){} + 0x7f800000;
    memcpy(&yi, &y, sizeof(VF));
    memcpy(&xi, &x, sizeof(VF));
    yi = (yi & ~(over | under | nan)) | (inf & over) | (xi & nan);
    memcpy(&y, &yi, sizeof(VF));
    return y;
}

#define PLX_UNARY_LOOP(fn, x, y, n)                              \
    long i = 0;                                                  \
    for (; i + PLX_VW <= n; i += PLX_VW) {                       \
        VF v = *(const VF *)(x + i);                             \
        *(VF *)(y + i) = fn(v);                                  \
    }                                                            \
    if (i < n) {                                                 \
        VF v = PLX_NAME(splat)(0.0f);                            \
        memcpy(&v, x + i, (size_t)(n - i) * sizeof(float));     \
        v = fn(v);                                               \
        memcpy(y + i, &v, (size_t)(n - i) * sizeof(float));     \
    }

PLX_TARGET static void PLX_NAME(plx_exp)(const float *x, float *y, long n) {
    PLX_UNARY_LOOP(PLX_NAME(exp_vec), x, y, n)
}

PLX_TARGET static inline VF PLX_NAME(sigmoid_vec)(VF x) {
    const VF one = PLX_NAME(splat)(1.0f);
    return one / (one + PLX_NAME(exp_vec)(-x));
}

PLX_TARGET static void PLX_NAME(plx_sigmoid)(const float *x, float *y, long n) {
    PLX_UNARY_LOOP(PLX_NAME(sigmoid_vec), x, y, n)
}

// tanh(x) = sign(x) (1 - e) / (1 + e) with e = exp(-2|x|); near zero, where 1 - e cancels,
// the odd Taylor series to x^7 (error below 1e-8 for |x| < 0.0625).
PLX_TARGET static inline VF PLX_NAME(tanh_vec)(VF x) {
    VI xi, sign, absi;
    memcpy(&xi, &x, sizeof(VF));
    sign = xi & (int)0x80000000;
    absi = xi & 0x7fffffff;
    VF ax;
    memcpy(&ax, &absi, sizeof(VF));
    const VF one = PLX_NAME(splat)(1.0f);
    VF e = PLX_NAME(exp_vec)(PLX_NAME(splat)(-2.0f) * ax);
    VF big = (one - e) / (one + e);
    VF x2 = ax * ax;
    VF small = ax * (one + x2 * (PLX_NAME(splat)(-1.0f / 3.0f) +
                                 x2 * (PLX_NAME(splat)(2.0f / 15.0f) +
                                       x2 * PLX_NAME(splat)(-17.0f / 315.0f))));
    VI useSmall = ax < PLX_NAME(splat)(0.0625f);
    VI bigi, smalli;
    memcpy(&bigi, &big, sizeof(VF));
    memcpy(&smalli, &small, sizeof(VF));
    VI yi = ((smalli & useSmall) | (bigi & ~useSmall)) | sign;
    VI nan = x != x;
    yi = (yi & ~nan) | (xi & nan);
    VF y;
    memcpy(&y, &yi, sizeof(VF));
    return y;
}

PLX_TARGET static void PLX_NAME(plx_tanh)(const float *x, float *y, long n) {
    PLX_UNARY_LOOP(PLX_NAME(tanh_vec), x, y, n)
}

// One Adam step over n parameters (Keras's form): m += (g - m)(1 - beta1);
// v += (g^2 - v)(1 - beta2); w -= alpha m / (sqrt(v) + epsilon), alpha already bias-corrected.
PLX_TARGET static void PLX_NAME(plx_adam)(float *w, const float *g, float *m, float *v, long n,
                                         float alpha, float keep1, float keep2, float epsilon) {
    const VF a = PLX_NAME(splat)(alpha), k1 = PLX_NAME(splat)(keep1), k2 = PLX_NAME(splat)(keep2);
    const VF eps = PLX_NAME(splat)(epsilon);
    long i = 0;
    for (; i + PLX_VW <= n; i += PLX_VW) {
        const VF gi = *(const VF *)(g + i);
        VF mi = *(VF *)(m + i), vi = *(VF *)(v + i);
        mi += (gi - mi) * k1;
        vi += (gi * gi - vi) * k2;
        *(VF *)(m + i) = mi;
        *(VF *)(v + i) = vi;
#if __has_builtin(__builtin_elementwise_sqrt)
        const VF root = __builtin_elementwise_sqrt(vi);
#else
        VF root;  // older compilers: lane by lane
        for (int lane = 0; lane < PLX_VW; lane++) root[lane] = __builtin_sqrtf(vi[lane]);
#endif
        *(VF *)(w + i) -= a * mi / (root + eps);
    }
    for (; i < n; i++) {
        const float gi = g[i];
        const float mi = m[i] + (gi - m[i]) * keep1;
        const float vi = v[i] + (gi * gi - v[i]) * keep2;
        m[i] = mi;
        v[i] = vi;
        w[i] -= alpha * mi / (__builtin_sqrtf(vi) + epsilon);
    }
}

// Packing for the GEMM: a block stored along the depth (rows of A, or rows of a transposed B)
// turned into a depth-major panel, which is a transpose. Element by element it is a strided
// store per float; here 8x8 (and then 4x4) blocks are transposed in registers, so a block of
// 64 floats costs 8 loads, 24 shuffles and 8 stores. The shuffles are spelled with the
// vector extensions, fixed at 8 and 4 lanes whatever the level's width (the 8-lane block is
// two halves at the portable level).
typedef float PLX_NAME(f8) __attribute__((vector_size(32), aligned(4)));
typedef float PLX_NAME(f4) __attribute__((vector_size(16), aligned(4)));

// Lanes l0..l0+7, depths p0..p0+7: source[(l0 + l) * ls + p0 + p] to panel[(p0 + p) * width + l0 + l].
PLX_TARGET static inline __attribute__((always_inline)) void PLX_NAME(transpose8)(
    const float *source, long ls, float *panel, long width) {
    typedef PLX_NAME(f8) F8;
    const F8 r0 = *(const F8 *)(source), r1 = *(const F8 *)(source + ls);
    const F8 r2 = *(const F8 *)(source + 2 * ls), r3 = *(const F8 *)(source + 3 * ls);
    const F8 r4 = *(const F8 *)(source + 4 * ls), r5 = *(const F8 *)(source + 5 * ls);
    const F8 r6 = *(const F8 *)(source + 6 * ls), r7 = *(const F8 *)(source + 7 * ls);
    // Pairs of lanes interleaved, within each half: (a0 b0 a1 b1 | a4 b4 a5 b5) and the rest.
    const F8 t0 = __builtin_shufflevector(r0, r1, 0, 8, 1, 9, 4, 12, 5, 13);
    const F8 t1 = __builtin_shufflevector(r0, r1, 2, 10, 3, 11, 6, 14, 7, 15);
    const F8 t2 = __builtin_shufflevector(r2, r3, 0, 8, 1, 9, 4, 12, 5, 13);
    const F8 t3 = __builtin_shufflevector(r2, r3, 2, 10, 3, 11, 6, 14, 7, 15);
    const F8 t4 = __builtin_shufflevector(r4, r5, 0, 8, 1, 9, 4, 12, 5, 13);
    const F8 t5 = __builtin_shufflevector(r4, r5, 2, 10, 3, 11, 6, 14, 7, 15);
    const F8 t6 = __builtin_shufflevector(r6, r7, 0, 8, 1, 9, 4, 12, 5, 13);
    const F8 t7 = __builtin_shufflevector(r6, r7, 2, 10, 3, 11, 6, 14, 7, 15);
    // Fours of lanes: u0 holds depth 0 of lanes 0-3 and depth 4 of lanes 0-3, and so on.
    const F8 u0 = __builtin_shufflevector(t0, t2, 0, 1, 8, 9, 4, 5, 12, 13);
    const F8 u1 = __builtin_shufflevector(t0, t2, 2, 3, 10, 11, 6, 7, 14, 15);
    const F8 u2 = __builtin_shufflevector(t1, t3, 0, 1, 8, 9, 4, 5, 12, 13);
    const F8 u3 = __builtin_shufflevector(t1, t3, 2, 3, 10, 11, 6, 7, 14, 15);
    const F8 u4 = __builtin_shufflevector(t4, t6, 0, 1, 8, 9, 4, 5, 12, 13);
    const F8 u5 = __builtin_shufflevector(t4, t6, 2, 3, 10, 11, 6, 7, 14, 15);
    const F8 u6 = __builtin_shufflevector(t5, t7, 0, 1, 8, 9, 4, 5, 12, 13);
    const F8 u7 = __builtin_shufflevector(t5, t7, 2, 3, 10, 11, 6, 7, 14, 15);
    // Halves joined: depth p of all eight lanes.
    *(F8 *)(panel + 0 * width) = __builtin_shufflevector(u0, u4, 0, 1, 2, 3, 8, 9, 10, 11);
    *(F8 *)(panel + 1 * width) = __builtin_shufflevector(u1, u5, 0, 1, 2, 3, 8, 9, 10, 11);
    *(F8 *)(panel + 2 * width) = __builtin_shufflevector(u2, u6, 0, 1, 2, 3, 8, 9, 10, 11);
    *(F8 *)(panel + 3 * width) = __builtin_shufflevector(u3, u7, 0, 1, 2, 3, 8, 9, 10, 11);
    *(F8 *)(panel + 4 * width) = __builtin_shufflevector(u0, u4, 4, 5, 6, 7, 12, 13, 14, 15);
    *(F8 *)(panel + 5 * width) = __builtin_shufflevector(u1, u5, 4, 5, 6, 7, 12, 13, 14, 15);
    *(F8 *)(panel + 6 * width) = __builtin_shufflevector(u2, u6, 4, 5, 6, 7, 12, 13, 14, 15);
    *(F8 *)(panel + 7 * width) = __builtin_shufflevector(u3, u7, 4, 5, 6, 7, 12, 13, 14, 15);
}

// The same for lanes l0..l0+3 and depths p0..p0+3.
PLX_TARGET static inline __attribute__((always_inline)) void PLX_NAME(transpose4)(
    const float *source, long ls, float *panel, long width) {
    typedef PLX_NAME(f4) F4;
    const F4 r0 = *(const F4 *)(source), r1 = *(const F4 *)(source + ls);
    const F4 r2 = *(const F4 *)(source + 2 * ls), r3 = *(const F4 *)(source + 3 * ls);
    const F4 t0 = __builtin_shufflevector(r0, r1, 0, 4, 1, 5);
    const F4 t1 = __builtin_shufflevector(r0, r1, 2, 6, 3, 7);
    const F4 t2 = __builtin_shufflevector(r2, r3, 0, 4, 1, 5);
    const F4 t3 = __builtin_shufflevector(r2, r3, 2, 6, 3, 7);
    *(F4 *)(panel + 0 * width) = __builtin_shufflevector(t0, t2, 0, 1, 4, 5);
    *(F4 *)(panel + 1 * width) = __builtin_shufflevector(t0, t2, 2, 3, 6, 7);
    *(F4 *)(panel + 2 * width) = __builtin_shufflevector(t1, t3, 0, 1, 4, 5);
    *(F4 *)(panel + 3 * width) = __builtin_shufflevector(t1, t3, 2, 3, 6, 7);
}

// Lanes 0 .. n - 1 of `from` (n = 8 or 4, a constant once inlined) into the panel: whole n x n
// blocks in registers, the depth left over one float at a time.
PLX_TARGET static inline __attribute__((always_inline)) void PLX_NAME(pack_lane_block)(
    const int n, float *panel, long width, long depth, const float *from, long lane_stride) {
    long p = 0;
    for (; p + n <= depth; p += n) {
        if (n == 8) PLX_NAME(transpose8)(from + p, lane_stride, panel + p * width, width);
        else PLX_NAME(transpose4)(from + p, lane_stride, panel + p * width, width);
    }
    for (; p < depth; p++)
        for (long l = 0; l < n; l++) panel[p * width + l] = from[l * lane_stride + p];
}

PLX_TARGET static void PLX_NAME(plx_pack_transposed)(float *panel, long width, long depth, const float *source,
                                                     long lane_stride, long lanes) {
    long l0 = 0;
    // Eight lanes at a time, then four, then the last lanes one by one.
    for (; l0 + 8 <= lanes; l0 += 8)
        PLX_NAME(pack_lane_block)(8, panel + l0, width, depth, source + l0 * lane_stride, lane_stride);
    for (; l0 + 4 <= lanes; l0 += 4)
        PLX_NAME(pack_lane_block)(4, panel + l0, width, depth, source + l0 * lane_stride, lane_stride);
    for (; l0 < lanes; l0++) {
        const float *from = source + l0 * lane_stride;
        for (long p = 0; p < depth; p++) panel[p * width + l0] = from[p];
    }
    if (lanes < width) {
        for (long p = 0; p < depth; p++) memset(panel + p * width + lanes, 0, (size_t)(width - lanes) * sizeof(float));
    }
}

#undef VF
#undef VI
#undef PLX_LANE
#undef PLX_EACH_LANE
#undef PLX_EACH4
#undef PLX_UNARY_LOOP
#undef PLX_NR
#undef PLX_VW
