// One JSONL line: ParseJsonlRecord, then AppendWithText with a new text.
// Properties: no crash or sanitizer report; the rewritten line parses again, with the
// new text in the text field and the same id.
#include <cstddef>
#include <cstdint>
#include <string>

#include "formats/jsonl.h"
#include "fuzz/fuzz_util.h"
#include "pipeline/unicode.h"

using namespace boilerstrip;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string line(reinterpret_cast<const char*>(data), size);
  JsonlFields fields;
  JsonlRecord record;
  std::string error;
  if (!ParseJsonlRecord(&line, fields, &record, &error)) {
    FUZZ_CHECK(!error.empty());
    return 0;
  }
  FUZZ_CHECK(record.text_begin < record.text_end && record.text_end <= line.size());
  // What the driver writes back: the cleaned text, here the page halved.
  std::string text(record.text.substr(0, record.text.size() / 2));
  std::string repaired = text;
  RepairUtf8(&repaired);  // a cut code point; the pipeline always hands back valid UTF-8
  std::string out;
  AppendWithText(line, record, repaired, &out);
  FUZZ_CHECK(!out.empty() && out.back() == '\n');
  out.pop_back();
  JsonlRecord again;
  if (!ParseJsonlRecord(&out, fields, &again, &error)) {
    std::fprintf(stderr, "rewritten line does not parse: %s\n", error.c_str());
    FUZZ_CHECK(false);
  }
  FUZZ_CHECK(again.text == repaired);
  FUZZ_CHECK(again.id == record.id);
  return 0;
}
