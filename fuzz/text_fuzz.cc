// A page through the whole default pipeline: ReadText (detecting legacy charsets, as for
// a text file), every stage, RenderText.
// Properties: no crash or sanitizer report; binary input is an InputError and nothing
// else; the output is valid UTF-8 (normalize repairs every line).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz/fuzz_util.h"
#include "pipeline/pipeline.h"
#include "pipeline/status.h"
#include "pipeline/text_format.h"
#include "pipeline/unicode.h"

using namespace boilerstrip;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::unique_ptr<Engine> engine = Engine::Build(EngineConfig{});
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Document doc;
  try {
    doc = ReadText(bytes, "fuzz", TextDecoding{true, ""});
  } catch (const InputError&) {
    FUZZ_CHECK(bytes.find('\0') != std::string_view::npos);
    return 0;
  }
  engine->pipeline().Run(doc);
  std::string out = RenderText(doc);
  std::string repaired = out;
  FUZZ_CHECK(RepairUtf8(&repaired) == 0);
  std::string explanation;
  AppendExplanation(doc, "fuzz", &explanation);
  return 0;
}
