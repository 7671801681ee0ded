// Max pooling over NHWC images, and the routing of its gradient, once per instruction-set
// level: included by kernels.c right after kernels_template.h, with the same PLX_SUFFIX,
// PLX_TARGET and PLX_VEC_BYTES, whose vector types and splat it reuses.
//
// Every channel follows the same scalar rules whatever the width, so the levels agree to the
// bit, and with the order Swift's max takes: the running maximum is `v >= best ? v : best`, so
// a NaN in the window's first position stays and a later one is passed over.

#define PLX_PVW (PLX_VEC_BYTES / 4)
#define PF PLX_NAME(vf)
typedef unsigned char PLX_NAME(pb) __attribute__((vector_size(PLX_PVW), aligned(1)));
#define PI PLX_NAME(vi)
#define PB PLX_NAME(pb)

// `mask ? a : b`, lane by lane, with the mask's lanes all ones or all zeros.
PLX_TARGET static inline PF PLX_NAME(pool_select)(PI mask, PF a, PF b) {
    return (PF)(((PI)a & mask) | ((PI)b & ~mask));
}

// A convolution's output as its pool sees it: + bias, then with ReLU Swift's max(v, 0), which
// is `0 >= v ? 0 : v` (NaN stays NaN, -0 becomes +0).
PLX_TARGET static inline PF PLX_NAME(pool_finish)(PF v, const float *bias, long c, int rectify) {
    if (bias) v += *(const PF *)(bias + c);
    if (rectify) v = PLX_NAME(pool_select)(PLX_NAME(splat)(0.0f) >= v, PLX_NAME(splat)(0.0f), v);
    return v;
}

PLX_TARGET static inline float PLX_NAME(pool_finish_one)(float v, const float *bias, long c, int rectify) {
    if (bias) v += bias[c];
    if (rectify) v = 0.0f >= v ? 0.0f : v;
    return v;
}

// The input rows [top, bottom) and columns [left, right) under window (oy, ox), clipped to the image.
typedef struct {
    long top, bottom, left, right;
} PLX_NAME(pool_span);

static inline PLX_NAME(pool_span) PLX_NAME(pool_window)(const plx_pool_geometry *geo, long oy, long ox) {
    const long y0 = oy * geo->stride_y - geo->pad_top, x0 = ox * geo->stride_x - geo->pad_left;
    PLX_NAME(pool_span) span;
    span.top = y0 > 0 ? y0 : 0;
    span.bottom = y0 + geo->window_height < geo->height ? y0 + geo->window_height : geo->height;
    span.left = x0 > 0 ? x0 : 0;
    span.right = x0 + geo->window_width < geo->width ? x0 + geo->window_width : geo->width;
    return span;
}

PLX_TARGET static void PLX_NAME(plx_max_pool)(const plx_pool_geometry *geo, const float *input, long images,
                                              const float *bias, int rectify, float *pooled, unsigned char *maxima) {
    const long channels = geo->channels, row_stride = geo->width * channels;
    const long image_size = geo->height * row_stride, vector_channels = channels - channels % PLX_PVW;
    for (long image = 0; image < images; image++) {
        const float *source = input + image * image_size;
        for (long oy = 0; oy < geo->output_height; oy++) {
            for (long ox = 0; ox < geo->output_width; ox++) {
                const PLX_NAME(pool_span) w = PLX_NAME(pool_window)(geo, oy, ox);
                const long top = w.top, bottom = w.bottom, left = w.left, right = w.right;
                const long position = (image * geo->output_height + oy) * geo->output_width + ox;
                float *out = pooled + position * channels;
                const float *corner = source + top * row_stride + left * channels;
                long c = 0;
                for (; c < vector_channels; c += PLX_PVW) {
                    PF best = PLX_NAME(pool_finish)(*(const PF *)(corner + c), bias, c, rectify);
                    // The first position holding the maximum: it moves only on a strictly
                    // larger value, so among equals (+0 and -0 too) the first stays.
                    PI index = (PI){0};
                    for (long y = top; y < bottom; y++) {
                        for (long x = left; x < right; x++) {
                            const PF v = PLX_NAME(pool_finish)(*(const PF *)(source + y * row_stride + x * channels + c),
                                                               bias, c, rectify);
                            const int here = (int)((y - top) * geo->window_width + (x - left));
                            index = (PI)PLX_NAME(pool_select)(v > best, (PF)((PI){0} + here), (PF)index);
                            best = PLX_NAME(pool_select)(v >= best, v, best);
                        }
                    }
                    *(PF *)(out + c) = best;
                    if (maxima) {
                        // A NaN maximum equals nothing: no position gets its gradient.
                        index = (PI)PLX_NAME(pool_select)(best == best, (PF)index, (PF)((PI){0} + 255));
                        *(PB *)(maxima + position * channels + c) = __builtin_convertvector(index, PB);
                    }
                }
                for (; c < channels; c++) {
                    float best = PLX_NAME(pool_finish_one)(corner[c], bias, c, rectify);
                    int index = 0;
                    for (long y = top; y < bottom; y++) {
                        for (long x = left; x < right; x++) {
                            const float v =
                                PLX_NAME(pool_finish_one)(source[y * row_stride + x * channels + c], bias, c, rectify);
                            if (v > best) index = (int)((y - top) * geo->window_width + (x - left));
                            if (v >= best) best = v;
                        }
                    }
                    out[c] = best;
                    if (maxima) maxima[position * channels + c] = (unsigned char)(best == best ? index : 255);
                }
            }
        }
    }
}

PLX_TARGET static void PLX_NAME(plx_route_to_maxima)(const plx_pool_geometry *geo, const float *gradient,
                                                     const unsigned char *maxima, const float *pooled, long images,
                                                     int tiles, float *dx) {
    const long channels = geo->channels, row_stride = geo->width * channels;
    const long image_size = geo->height * row_stride, vector_channels = channels - channels % PLX_PVW;
    // Windows that tile the input write every position; otherwise the rest stays zero.
    if (!tiles) memset(dx, 0, (size_t)(images * image_size) * sizeof(float));
    const PF zero = PLX_NAME(splat)(0.0f);
    for (long image = 0; image < images; image++) {
        float *target = dx + image * image_size;
        for (long oy = 0; oy < geo->output_height; oy++) {
            for (long ox = 0; ox < geo->output_width; ox++) {
                const PLX_NAME(pool_span) w = PLX_NAME(pool_window)(geo, oy, ox);
                const long top = w.top, bottom = w.bottom, left = w.left, right = w.right;
                const long offset = ((image * geo->output_height + oy) * geo->output_width + ox) * channels;
                long c = 0;
                for (; c < vector_channels; c += PLX_PVW) {
                    PF share = *(const PF *)(gradient + offset + c);
                    // Added to the zeros when they were written first (so -0 arrives as +0).
                    if (!tiles) share = zero + share;
                    if (pooled) share = PLX_NAME(pool_select)(*(const PF *)(pooled + offset + c) > zero, share, zero);
                    const PI found = __builtin_convertvector(*(const PB *)(maxima + offset + c), PI);
                    for (long y = top; y < bottom; y++) {
                        for (long x = left; x < right; x++) {
                            const int here = (int)((y - top) * geo->window_width + (x - left));
                            *(PF *)(target + y * row_stride + x * channels + c) =
                                PLX_NAME(pool_select)(found == here, share, zero);
                        }
                    }
                }
                for (; c < channels; c++) {
                    float share = tiles ? gradient[offset + c] : 0.0f + gradient[offset + c];
                    if (pooled && !(pooled[offset + c] > 0.0f)) share = 0.0f;
                    const int found = maxima[offset + c];
                    for (long y = top; y < bottom; y++) {
                        for (long x = left; x < right; x++) {
                            const int here = (int)((y - top) * geo->window_width + (x - left));
                            target[y * row_stride + x * channels + c] = found == here ? share : 0.0f;
                        }
                    }
                }
            }
        }
    }
}

#undef PF
#undef PI
#undef PB
#undef PLX_PVW
