// Half-precision conversion loops; clang vectorises them with vcvtph2ps / vcvtps2ph on the
// F16C clones and calls the compiler runtime's soft conversions on the baseline clone.
#include "CVectorKernels.h"
#include <string.h>

#if defined(__x86_64__)
#define LOUPE_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define LOUPE_CLONES
#endif

LOUPE_CLONES
void loupe_vec_f16_to_f32(const uint16_t *half, float *out, size_t n) {
    const _Float16 *h = (const _Float16 *)half;
    for (size_t i = 0; i < n; i++) out[i] = (float)h[i];
}

LOUPE_CLONES
void loupe_vec_f32_to_f16(const float *in, uint16_t *out, size_t n) {
    _Float16 *h = (_Float16 *)out;
    for (size_t i = 0; i < n; i++) h[i] = (_Float16)in[i];
}

// Dot products of rows with one query. Float addition is reassociated so the reduction
// vectorises; the result differs from a sequential sum by rounding only.
LOUPE_CLONES
void loupe_vec_scores_f32(const float *rows, size_t n, size_t d, const float *query,
                          float *scores) {
#pragma clang fp reassociate(on)
    for (size_t r = 0; r < n; r++) {
        const float *row = rows + r * d;
        float sum = 0;
        for (size_t i = 0; i < d; i++) sum += row[i] * query[i];
        scores[r] = sum;
    }
}

LOUPE_CLONES
void loupe_vec_scores_f16(const uint16_t *rows, size_t n, size_t d, const float *query,
                          float *scores) {
#pragma clang fp reassociate(on)
    const _Float16 *h = (const _Float16 *)rows;
    for (size_t r = 0; r < n; r++) {
        const _Float16 *row = h + r * d;
        float sum = 0;
        for (size_t i = 0; i < d; i++) sum += (float)row[i] * query[i];
        scores[r] = sum;
    }
}
