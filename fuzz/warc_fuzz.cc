// A WARC stream: WarcReader over a StringSource, each record written back with
// WriteWarcRecord and read again. Properties: no crash, hang or sanitizer report;
// writing is a fixed point (write(read(write(r))) == write(r)) and keeps the block.
#include <cstddef>
#include <cstdint>
#include <string>

#include "formats/warc.h"
#include "fuzz/fuzz_util.h"

using namespace boilerstrip;

namespace {

std::string Write(const WarcRecord& rec) {
  StringSink sink;
  WriteWarcRecord(rec, sink);
  return sink.data();
}

void CheckRoundTrip(const WarcRecord& rec) {
  std::string first = Write(rec);
  StringSource source(first);
  BufferedReader in(source, 4096);
  WarcReader reader(in);
  WarcRecord again;
  std::string error;
  WarcStatus status = reader.Next(&again, &error);
  if (status != WarcStatus::kRecord) {
    std::fprintf(stderr, "written record does not read back: %s\n", error.c_str());
    FUZZ_CHECK(false);
  }
  FUZZ_CHECK(again.block == rec.block);
  FUZZ_CHECK(Write(again) == first);
  FUZZ_CHECK(reader.Next(&again, &error) == WarcStatus::kEnd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (64 << 10)) return 0;  // headers grow when written; stay far below their limit
  StringSource source(std::string(reinterpret_cast<const char*>(data), size));
  // Small buffers and a small block limit split records and reach every path.
  BufferedReader in(source, 64);
  WarcReader reader(in, /*max_block=*/4096, /*read_chunk=*/16);
  WarcRecord rec;
  std::string error;
  for (int n = 0;; ++n) {
    FUZZ_CHECK(n <= static_cast<int>(size) + 1);  // every call consumes input
    WarcStatus status = reader.Next(&rec, &error);
    if (status == WarcStatus::kEnd) break;
    if (status == WarcStatus::kMalformed) {
      FUZZ_CHECK(!error.empty());
      continue;
    }
    CheckRoundTrip(rec);
  }
  return 0;
}
