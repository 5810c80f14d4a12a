#include "CKernels.h"
#include <math.h>
#include <stdint.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#if defined(__x86_64__)
#define LOUPE_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define LOUPE_CLONES
#endif

/* exp(x) by range reduction x = k ln2 + r, |r| <= ln2/2, a degree-6 polynomial for e^r and
   2^k built in the exponent bits. Branch-free so loops vectorise. */
static inline float fast_expf(float x) {
    x = x < -87.3f ? -87.3f : (x > 88.7f ? 88.7f : x);
    float k = __builtin_roundf(x * 1.44269504088896341f);
    float r = x - k * 0.693145751953125f;
    r = r - k * 1.428606765330187045e-06f;
    float p = 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    int32_t bits = ((int32_t)k + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

/* erf(x) = 1 - erfc(x) with erfc from Numerical Recipes (fractional error < 1.2e-7). */
static inline float fast_erff(float x) {
    float z = fabsf(x);
    float t = 1.0f / (1.0f + 0.5f * z);
    float poly = -z * z - 1.26551223f + t * (1.00002368f + t * (0.37409196f + t * (0.09678418f +
                 t * (-0.18628806f + t * (0.27886807f + t * (-1.13520398f + t * (1.48851587f +
                 t * (-0.82215223f + t * 0.17087277f))))))));
    float erfc = t * fast_expf(poly);
    float r = 1.0f - erfc;
    return x < 0 ? -r : r;
}

LOUPE_CLONES void loupe_gelu_forward(const float *x, float *y, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float v = x[i];
        y[i] = 0.5f * v * (1.0f + fast_erff(v * 0.70710678118654752f));
    }
}

LOUPE_CLONES void loupe_gelu_backward(const float *x, const float *dy, float *dx, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float v = x[i];
        float cdf = 0.5f * (1.0f + fast_erff(v * 0.70710678118654752f));
        float pdf = fast_expf(-0.5f * v * v) * 0.3989422804014327f;
        dx[i] = dy[i] * (cdf + v * pdf);
    }
}

static inline float sigmoid_1702(float v) { return 1.0f / (1.0f + fast_expf(-1.702f * v)); }

LOUPE_CLONES void loupe_quick_gelu_forward(const float *x, float *y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = x[i] * sigmoid_1702(x[i]);
}

LOUPE_CLONES void loupe_quick_gelu_backward(const float *x, const float *dy, float *dx, size_t n) {
    for (size_t i = 0; i < n; i++) {
        float s = sigmoid_1702(x[i]);
        dx[i] = dy[i] * (s + 1.702f * x[i] * s * (1.0f - s));
    }
}

LOUPE_CLONES void loupe_exp(const float *x, float *y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = fast_expf(x[i]);
}

void loupe_configure_allocator(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 0x7fffffff);
#endif
}
