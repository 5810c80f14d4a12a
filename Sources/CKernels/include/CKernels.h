#ifndef LOUPE_CKERNELS_H
#define LOUPE_CKERNELS_H
#include <stddef.h>

/* Vectorised element-wise kernels for activations. Each function is compiled for AVX-512,
   AVX2 and baseline x86-64 and picked at load time (target_clones), so the package needs no
   unsafe flags. Accuracy: exp within 2 ulp; erf within 1.2e-7 absolute (Numerical Recipes erfc
   Chebyshev fit), so GELU matches the libm form to float precision. */

/* y = x * Phi(x), exact (erf) GELU. */
void loupe_gelu_forward(const float *x, float *y, size_t n);
/* dx = dy * (Phi(x) + x * phi(x)). */
void loupe_gelu_backward(const float *x, const float *dy, float *dx, size_t n);
/* y = x * sigmoid(1.702 x). */
void loupe_quick_gelu_forward(const float *x, float *y, size_t n);
/* dx = dy * (s + 1.702 x s (1 - s)), s = sigmoid(1.702 x). */
void loupe_quick_gelu_backward(const float *x, const float *dy, float *dx, size_t n);
/* y = exp(x). */
void loupe_exp(const float *x, float *y, size_t n);

/* Keeps large freed buffers in glibc's heap for reuse instead of returning them to the kernel
   (allocations above 32 MiB are otherwise fresh mmaps whose pages fault in on every use). */
void loupe_configure_allocator(void);

#endif
