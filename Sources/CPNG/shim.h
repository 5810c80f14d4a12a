#ifndef LOUPE_CPNG_SHIM_H
#define LOUPE_CPNG_SHIM_H
#include <png.h>
#endif
