// Micro-benchmarks: each stage of the default pipeline alone, and the readers around it,
// so the slowest part is known. Pages come from $BOILERSTRIP_BENCH_PAGES (a directory of
// *.txt, e.g. bench/corpus/.../text) or samples/.
//
//   build/micro_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "formats/jsonl.h"
#include "io/stream.h"
#include "pipeline/pipeline.h"
#include "pipeline/report.h"
#include "pipeline/text_format.h"
#include "pipeline/unicode.h"

namespace bs = boilerstrip;
namespace fs = std::filesystem;

namespace {

// At most this many pages: enough to mix languages and templates, small enough to hold.
constexpr size_t kMaxPages = 3000;

const std::vector<std::string>& Pages() {
  static const std::vector<std::string> pages = [] {
    const char* env = std::getenv("BOILERSTRIP_BENCH_PAGES");
    fs::path dir = env ? fs::path(env) : fs::path(BOILERSTRIP_SOURCE_DIR) / "samples";
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.is_regular_file() && e.path().extension() == ".txt" &&
          !e.path().string().ends_with(".expected.txt"))
        files.push_back(e.path());
    std::sort(files.begin(), files.end());
    if (files.size() > kMaxPages) files.resize(kMaxPages);
    std::vector<std::string> out;
    for (const fs::path& p : files) {
      std::ifstream in(p, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      out.push_back(ss.str());
    }
    return out;
  }();
  return pages;
}

size_t PageBytes() {
  size_t n = 0;
  for (const std::string& p : Pages()) n += p.size();
  return n;
}

const bs::Engine& TheEngine() {
  static const std::unique_ptr<bs::Engine> engine = bs::Engine::Build(bs::EngineConfig());
  return *engine;
}

// Every page as it enters stage |index|: read, and run through the stages before it.
std::vector<bs::Document> DocumentsBefore(size_t index) {
  std::vector<bs::Document> docs;
  const auto& stages = TheEngine().pipeline().stages();
  for (const std::string& page : Pages()) {
    bs::Document doc = bs::ReadText(page, "bench");
    for (size_t i = 0; i < index; ++i) stages[i]->Apply(doc);
    docs.push_back(std::move(doc));
  }
  return docs;
}

void BM_Stage(benchmark::State& state, size_t index) {
  const auto& stage = TheEngine().pipeline().stages()[index];
  std::vector<bs::Document> prepared = DocumentsBefore(index);
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<bs::Document> docs = prepared;
    state.ResumeTiming();
    for (bs::Document& doc : docs) stage->Apply(doc);
    benchmark::DoNotOptimize(docs.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * PageBytes()));
}

void BM_Pipeline(benchmark::State& state) {
  for (auto _ : state) {
    for (const std::string& page : Pages()) {
      bs::Document doc = bs::ReadText(page, "bench");
      TheEngine().pipeline().Run(doc);
      benchmark::DoNotOptimize(bs::RenderText(doc));
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * PageBytes()));
}

void BM_ReadRenderText(benchmark::State& state) {
  for (auto _ : state)
    for (const std::string& page : Pages()) benchmark::DoNotOptimize(bs::RenderText(bs::ReadText(page, "b")));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * PageBytes()));
}

std::vector<std::string> JsonlLines() {
  std::vector<std::string> lines;
  size_t i = 0;
  for (const std::string& page : Pages()) {
    std::string text(page);
    bs::RepairUtf8(&text);
    lines.push_back("{\"id\": " + std::to_string(i++) + ", \"url\": \"https://example.com/x\", \"text\": " +
                    bs::JsonQuote(text) + ", \"meta\": {\"lang\": \"en\"}}");
  }
  return lines;
}

void BM_JsonlParse(benchmark::State& state) {
  std::vector<std::string> lines = JsonlLines();
  size_t bytes = 0;
  for (const std::string& l : lines) bytes += l.size();
  bs::JsonlFields fields;
  bs::JsonlRecord record;
  std::string error, out;
  for (auto _ : state) {
    for (const std::string& l : lines) {
      std::string line = l;
      bool ok = bs::ParseJsonlRecord(&line, fields, &record, &error);
      out.clear();
      if (ok) bs::AppendWithText(line, record, record.text, &out);
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}

std::string Compressed(bs::Compression c, size_t* plain_size) {
  bs::StringSink* raw = new bs::StringSink;
  std::unique_ptr<bs::ByteSink> sink = bs::Compress(std::unique_ptr<bs::ByteSink>(raw), c);
  *plain_size = 0;
  for (const std::string& page : Pages()) {
    sink->Write(page);
    sink->EndMember();
    *plain_size += page.size();
  }
  sink->Finish();
  return raw->data();
}

void BM_Decompress(benchmark::State& state) {
  auto c = static_cast<bs::Compression>(state.range(0));
  size_t plain = 0;
  std::string data = Compressed(c, &plain);
  std::string buf(1 << 20, '\0');
  for (auto _ : state) {
    auto source = bs::Decompress(std::make_unique<bs::StringSource>(data), c);
    while (source->Read(buf.data(), buf.size()) > 0) {
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * plain));
  state.SetLabel(c == bs::Compression::kGzip ? "gzip" : "zstd");
}

void BM_Compress(benchmark::State& state) {
  auto c = static_cast<bs::Compression>(state.range(0));
  size_t plain = 0;
  for (auto _ : state) benchmark::DoNotOptimize(Compressed(c, &plain));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * plain));
  state.SetLabel(c == bs::Compression::kGzip ? "gzip, one member per page" : "zstd, one frame per page");
}

BENCHMARK(BM_Pipeline)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadRenderText)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JsonlParse)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Decompress)->Arg(static_cast<int>(bs::Compression::kGzip))->Arg(static_cast<int>(bs::Compression::kZstd))->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Compress)->Arg(static_cast<int>(bs::Compression::kGzip))->Arg(static_cast<int>(bs::Compression::kZstd))->Unit(benchmark::kMillisecond);

}  // namespace

// The stage benchmarks are registered here, not statically: building the engine needs
// the embedded rule packs, which static registration would run before.
int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const auto& stages = TheEngine().pipeline().stages();
  for (size_t i = 0; i < stages.size(); ++i)
    benchmark::RegisterBenchmark(("BM_Stage/" + stages[i]->name()).c_str(), BM_Stage, i)
        ->Unit(benchmark::kMillisecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
