// Shared by the fuzz targets: the property checks that end a run with a report.
#ifndef BOILERSTRIP_FUZZ_FUZZ_UTIL_H_
#define BOILERSTRIP_FUZZ_FUZZ_UTIL_H_

#include <cstdio>
#include <cstdlib>

// Aborts (a crash the fuzzer records) when a property of the code under test fails.
// Unlike assert, it holds in NDEBUG builds too.
#define FUZZ_CHECK(cond)                                                         \
  do {                                                                           \
    if (!(cond)) {                                                               \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, \
                   #cond);                                                       \
      std::abort();                                                              \
    }                                                                            \
  } while (0)

#endif  // BOILERSTRIP_FUZZ_FUZZ_UTIL_H_
