// An HTML page through the reader and the whole default pipeline: ReadHtml (charset
// detection, libxml2, the event walk), every stage, RenderText.
// Properties: no crash or sanitizer report; the only exception is an InputError for a
// binary file; the output is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "formats/html.h"
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
    doc = ReadHtml(bytes, "fuzz");
  } catch (const InputError&) {
    return 0;
  }
  engine->pipeline().Run(doc);
  std::string out = RenderText(doc);
  FUZZ_CHECK(RepairUtf8(&out) == 0);
  return 0;
}
