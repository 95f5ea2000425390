#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver, in libclang_rt.fuzzer (linked by -sanitize=fuzzer): runs the fuzzing loop
// with the given command line on `callback`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
