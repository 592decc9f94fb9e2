// Peak memory of counting site lines: adds N distinct line keys (default 50 million) in
// documents of 100 lines to a SiteCounter, writes the count file, and prints the peak
// resident set size and the bytes per distinct line.
//
//   build/site_counts_memory [N] [OUT.bsc]
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "pipeline/site_counts.h"

int main(int argc, char** argv) {
  uint64_t n = argc > 1 ? std::stoull(argv[1]) : 50'000'000;
  std::string out = argc > 2 ? argv[2] : "/tmp/site_counts_memory.bsc";
  rusage before;
  getrusage(RUSAGE_SELF, &before);
  boilerstrip::SiteCounter counter;
  std::mt19937_64 rng(1);
  std::vector<uint64_t> doc(100);
  for (uint64_t added = 0; added < n; added += doc.size()) {
    for (uint64_t& k : doc) k = rng() | 1;
    std::sort(doc.begin(), doc.end());
    counter.AddDocument(rng() % 100000, doc);
  }
  counter.Write(out);
  rusage after;
  getrusage(RUSAGE_SELF, &after);
  double peak = after.ru_maxrss * 1024.0;
  std::printf("%llu distinct lines: peak RSS %.0f MB, %.1f bytes per distinct line\n",
              static_cast<unsigned long long>(counter.distinct_lines()), peak / 1e6, peak / counter.distinct_lines());
  std::remove(out.c_str());
}
