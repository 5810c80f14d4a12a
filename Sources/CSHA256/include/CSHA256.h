#ifndef LOUPE_CSHA256_H
#define LOUPE_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Runs the SHA-256 compression function over `blocks` consecutive 64-byte blocks of `data`,
/// updating the eight-word `state` in place. Uses the x86 SHA extensions when the CPU has them.
void loupe_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

/// The same without CPU extensions (exposed so tests can compare the two paths).
void loupe_sha256_blocks_portable(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
