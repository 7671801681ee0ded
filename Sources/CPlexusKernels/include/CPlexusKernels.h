// The SIMD micro-kernels of Plexus: the only C in the package.
//
// Swift cannot choose an instruction set per function, and compiler target flags are unsafe
// flags that make a package unusable as a dependency. So each hot loop here is written once,
// in portable vector-extension C, and compiled several times with per-function target
// attributes (AVX-512, AVX2+FMA, and a portable baseline); Swift picks one at run time.
// Everything around the loops (packing, blocking, threading) lives in Swift.
#ifndef CPLEXUS_KERNELS_H
#define CPLEXUS_KERNELS_H

#include <stddef.h>

/// Instruction-set levels, best last.
typedef enum {
    PLX_ISA_PORTABLE = 0,
    PLX_ISA_AVX2_FMA = 1,
    PLX_ISA_AVX512 = 2,
} plx_isa;

/// The best instruction-set level this CPU and operating system support.
plx_isa plx_cpu_best_isa(void);

/// Computes one MR x NR tile: C[i][j] (+)= sum over k of A(i, k) * B(k, j).
/// A(i, k) is a[i * a_row_stride + k * a_k_stride] (a packed panel or the caller's matrix),
/// read only for i < rows; B(k, j) is b[k * b_k_stride + j] with NR readable columns in every
/// row (a packed, zero-padded panel at the right edge).
/// Only the first `rows` x `cols` of the tile are written to c (row stride c_row_stride);
/// with `accumulate` nonzero they are added to what c holds, else they replace it.
typedef void (*plx_gemm_micro_kernel)(long kc, const float *a, long a_row_stride, long a_k_stride,
                                      const float *b, long b_k_stride, float *c, long c_row_stride,
                                      long rows, long cols, int accumulate);

/// One row of C, all `cols` columns at once: c[j] (+)= sum over k < `depth` of
/// a[k * a_k_stride] * B(k, j), B(k, j) = b[k * b_k_stride + j], read up to NR - 1 columns past
/// `cols` (in place, like the micro-kernel's edge tiles, so B's buffer must stay readable that
/// far past its end). The depth is summed in slices of `kc` (the last may be shorter), each
/// element of a slice in the same order, with the same fused multiply-adds, as by the
/// micro-kernel, and the slices added into C in order, as the blocked product adds them; so a
/// row's bits do not depend on whether it came alone or in a batch. It keeps up to four
/// vectors of columns of two slices in flight where the tile has two vectors of one, because
/// a single row gives the tile's fused multiply-adds nothing to do while each waits for the last.
typedef void (*plx_gemm_row_kernel)(long depth, long kc, const float *a, long a_k_stride, const float *b,
                                    long b_k_stride, float *c, long cols, int accumulate);

/// Packs `lanes` runs of `depth` contiguous floats, lane l starting at source + l * lane_stride,
/// into a depth-major panel `width` lanes wide: panel[p * width + l] = source[l * lane_stride + p]
/// for l < lanes (<= width) and p < depth; lanes `lanes` to `width` - 1 are zeros. This is how the
/// GEMM packs a block of A stored by rows into MR-tall panels, or a transposed B into NR-wide ones.
typedef void (*plx_pack_transposed_kernel)(float *panel, long width, long depth, const float *source, long lane_stride,
                                           long lanes);

/// A micro-kernel, its tile size, its one-row companion and the packing that feeds it.
typedef struct {
    plx_gemm_micro_kernel kernel;
    long mr;
    long nr;
    plx_gemm_row_kernel row;
    plx_pack_transposed_kernel pack_transposed;
} plx_gemm_kernel_info;

/// The micro-kernel for an instruction-set level (falls back to the portable one when
/// the level is not compiled for this architecture).
plx_gemm_kernel_info plx_gemm_kernel_for(plx_isa isa);

/// Elementwise functions over n floats (input and output may be the same buffer).
typedef void (*plx_unary_kernel)(const float *x, float *y, long n);

/// exp(x), vectorised, relative error about 1e-7; exp(x) = 0 below -87.33 (no subnormals),
/// +inf above 88.72, NaN stays NaN.
plx_unary_kernel plx_exp_kernel_for(plx_isa isa);
/// 1 / (1 + exp(-x)), vectorised; finite and correct for any finite x.
plx_unary_kernel plx_sigmoid_kernel_for(plx_isa isa);
/// tanh(x), vectorised; finite and correct for any finite x.
plx_unary_kernel plx_tanh_kernel_for(plx_isa isa);

/// One Adam update of n parameters in place (Keras's form, see Optimizers/Adam.swift):
/// m += (g - m) keep1; v += (g^2 - v) keep2; w -= alpha m / (sqrt(v) + epsilon).
typedef void (*plx_adam_kernel)(float *w, const float *g, float *m, float *v, long n, float alpha,
                                float keep1, float keep2, float epsilon);
plx_adam_kernel plx_adam_kernel_for(plx_isa isa);

/// Where a pooling window lies over NHWC images: the image, the window, its strides and the
/// padding before the first row and column (the last windows are clipped to the image).
typedef struct {
    long height, width, channels;
    long window_height, window_width, stride_y, stride_x, pad_top, pad_left;
    long output_height, output_width;
} plx_pool_geometry;

/// Max pooling of `images` images at `input` into `pooled` ([images, output_height,
/// output_width, channels]). Each input is first finished as a convolution finishes it: with
/// `bias` (nil: none) added to each channel, then with `rectify` ReLU as max(v, 0). With
/// `maxima`, the window position (row-major, from the window's first row and column inside
/// the image) of each output's first equal input is written too, or 255 where the maximum is
/// NaN. The running maximum is `v >= best ? v : best`, as Swift's max takes it.
typedef void (*plx_max_pool_kernel)(const plx_pool_geometry *geometry, const float *input, long images,
                                    const float *bias, int rectify, float *pooled, unsigned char *maxima);
plx_max_pool_kernel plx_max_pool_kernel_for(plx_isa isa);

/// The gradient by a max pool's input, for windows that do not overlap: each output's
/// gradient at the position `maxima` gives (as plx_max_pool_kernel wrote it), zero at the
/// window's other positions; with `pooled` (the pool's output after a ReLU), zero where it is
/// not positive: ReLU's mask. With `tiles` (the windows cover every input position) the
/// gradient is stored as it is; otherwise `dx` is zeroed first and the gradient arrives as
/// 0 + g, as when added to the zeros.
typedef void (*plx_route_kernel)(const plx_pool_geometry *geometry, const float *gradient,
                                 const unsigned char *maxima, const float *pooled, long images, int tiles,
                                 float *dx);
plx_route_kernel plx_route_kernel_for(plx_isa isa);

/// The calling thread's floating-point control register (x86-64: MXCSR without its exception
/// flags; arm64: FPCR; 0 where there is none to set).
unsigned long plx_fp_control(void);
/// Sets the calling thread's floating-point control register to a value plx_fp_control gave,
/// or plx_fp_control_flushing made of one.
void plx_set_fp_control(unsigned long control);
/// `control` with subnormal inputs and results of float arithmetic taken as zero (x86-64: FTZ
/// and DAZ; arm64: FZ), as TensorFlow runs its kernels.
unsigned long plx_fp_control_flushing(unsigned long control);

#endif
