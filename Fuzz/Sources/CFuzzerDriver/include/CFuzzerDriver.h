#ifndef RAPPORT_CFUZZERDRIVER_H
#define RAPPORT_CFUZZERDRIVER_H
#include <stddef.h>
#include <stdint.h>
/// libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer): runs the fuzzing loop over
/// `callback` with the command line's options.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
#endif
