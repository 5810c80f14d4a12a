#ifndef LOUPE_CVECTORKERNELS_H
#define LOUPE_CVECTORKERNELS_H
#include <stddef.h>
#include <stdint.h>

/* IEEE binary16 <-> binary32 conversion for the vector store. Each function is compiled for
   AVX-512, AVX2 (both with F16C) and baseline x86-64 and picked at load time (target_clones), so
   the package needs no unsafe flags. Narrowing rounds to nearest even, as Swift's Float16(_:). */

/* out[i] = (float)half[i] for i < n. */
void loupe_vec_f16_to_f32(const uint16_t *half, float *out, size_t n);
/* out[i] = (binary16)in[i] for i < n, round to nearest even; overflow gives infinity. */
void loupe_vec_f32_to_f16(const float *in, uint16_t *out, size_t n);

/* scores[r] = dot(rows[r], query) for r < n; rows are n x d, row-major, Float32. */
void loupe_vec_scores_f32(const float *rows, size_t n, size_t d, const float *query,
                          float *scores);
/* The same for binary16 rows, widened in registers (no intermediate buffer). */
void loupe_vec_scores_f16(const uint16_t *rows, size_t n, size_t d, const float *query,
                          float *scores);

#endif
