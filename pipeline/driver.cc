#include "pipeline/driver.h"

#include <algorithm>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "pipeline/files.h"
#include "pipeline/report.h"
#include "pipeline/status.h"
#include "pipeline/text_format.h"

namespace boilerstrip {
namespace fs = std::filesystem;
namespace {

// How far workers may run ahead of the writer: bounds the memory held by finished
// documents waiting for their turn on stdout.
constexpr size_t kWindow = 256;

struct Job {
  InputFile input;
  fs::path output;  // empty: the text goes to stdout
};

// What a worker hands the writer for one input, in input order.
struct Outcome {
  std::string text;         // the clean page
  std::string explanation;  // --explain lines
  std::string error;        // why the input failed; empty if it did not
  RunReport report;         // this document's counts, merged once it is written
};

// Where the explanation lines go: stderr, or a file renamed into place at the end.
class ExplainSink {
 public:
  explicit ExplainSink(const CleanOptions& options) : path_(options.explain_to) {
    if (path_.empty()) return;
    tmp_ = path_;
    tmp_ += ".tmp";
    file_.open(tmp_, std::ios::binary | std::ios::trunc);
    if (!file_) throw ConfigError(fmt::format("cannot write {}", tmp_.string()));
  }
  void Write(std::string_view lines) {
    if (path_.empty()) std::cerr << lines;
    else file_ << lines;
  }
  void Finish() {
    if (path_.empty()) return;
    file_.close();
    std::error_code ec;
    fs::rename(tmp_, path_, ec);
    if (!file_ || ec) throw InputError(fmt::format("cannot write {}", path_.string()));
  }

 private:
  fs::path path_, tmp_;
  std::ofstream file_;
};

// Cleans the page |bytes| read from |label|; returns the clean text and explanation, or
// why the input failed.
Outcome CleanBytes(const Engine& engine, const CleanOptions& options, std::string_view bytes,
                   const std::string& label) {
  try {
    Document doc = ReadText(bytes, label);
    engine.pipeline().Run(doc);
    Outcome out;
    out.text = RenderText(doc);
    if (doc.invalid_utf8)
      spdlog::warn("{}: {} invalid UTF-8 sequence(s) replaced with U+FFFD", label, doc.invalid_utf8);
    out.report.Add(doc, out.text.size());
    if (options.explain) AppendExplanation(doc, label, &out.explanation);
    return out;
  } catch (const InputError& e) {
    spdlog::error("{}: {}", label, e.what());
    Outcome failed;
    failed.error = e.what();
    return failed;
  }
}

// Cleans one input file. Writing the output is the writer's: one thread doing all file
// system calls is faster than workers contending for the same directories.
Outcome CleanOne(const Engine& engine, const CleanOptions& options, const Job& job) {
  std::string label = job.input.path.string();
  std::string bytes;
  try {
    bytes = ReadFile(job.input.path);
  } catch (const InputError& e) {
    spdlog::error("{}: {}", label, e.what());
    Outcome failed;
    failed.error = e.what();
    return failed;
  }
  return CleanBytes(engine, options, bytes, label);
}

// Accounts for one finished input: its counts, or its failure.
void Record(const std::string& label, Outcome& out, ExplainSink& explain, RunReport* report) {
  if (!out.error.empty()) {
    ++report->documents_failed;
    report->failures.push_back({label, out.error});
    return;
  }
  report->Merge(out.report);
  explain.Write(out.explanation);
}

// Runs the jobs and hands each outcome to the writer (stdout, explanations) in input
// order. With one thread everything happens here; with more, workers clean documents
// while this thread writes, holding at most kWindow finished outcomes at a time.
void RunJobs(const Engine& engine, const CleanOptions& options, const std::vector<Job>& jobs,
             ExplainSink& explain, RunReport* report) {
  auto emit = [&](size_t i, Outcome& out) {
    if (out.error.empty() && !jobs[i].output.empty()) {
      try {
        WriteFileAtomic(jobs[i].output, out.text);
      } catch (const InputError& e) {
        spdlog::error("{}: {}", jobs[i].input.path.string(), e.what());
        out.error = e.what();
      }
    } else if (out.error.empty()) {
      std::cout << out.text;
    }
    Record(jobs[i].input.path.string(), out, explain, report);
  };
  int n = std::max(1, std::min<int>(options.threads, static_cast<int>(jobs.size())));
  if (n == 1) {
    for (size_t i = 0; i < jobs.size(); ++i) {
      Outcome out = CleanOne(engine, options, jobs[i]);
      emit(i, out);
    }
  } else {
    std::vector<std::optional<Outcome>> outcomes(jobs.size());
    std::mutex mu;
    std::condition_variable ready, room;  // an outcome arrived; the window moved
    size_t next = 0, emitted = 0;
    auto worker = [&] {
      for (;;) {
        size_t i;
        {
          std::unique_lock lock(mu);
          room.wait(lock, [&] { return next >= jobs.size() || next < emitted + kWindow; });
          if (next >= jobs.size()) return;
          i = next++;
        }
        Outcome out = CleanOne(engine, options, jobs[i]);
        std::lock_guard lock(mu);
        outcomes[i] = std::move(out);
        if (i == emitted) ready.notify_one();
      }
    };
    std::vector<std::thread> threads;
    for (int w = 0; w < n; ++w) threads.emplace_back(worker);
    while (emitted < jobs.size()) {
      Outcome out;
      {
        std::unique_lock lock(mu);
        ready.wait(lock, [&] { return outcomes[emitted].has_value(); });
        out = std::move(*outcomes[emitted]);
        outcomes[emitted].reset();
        ++emitted;
      }
      room.notify_all();
      emit(emitted - 1, out);
    }
    for (std::thread& t : threads) t.join();
  }
}

std::vector<Job> PlanJobs(const CleanOptions& options, RunReport* report) {
  fs::path out_dir(options.output_dir);
  std::vector<std::pair<std::string, std::string>> missing;
  std::vector<InputFile> inputs = FindInputs(options.inputs, options.excludes, out_dir, &missing);
  for (const auto& [input, reason] : missing) {
    spdlog::error("{}: {}", input, reason);
    ++report->documents_failed;
    report->failures.push_back({input, reason});
  }
  std::vector<Job> jobs;
  std::set<fs::path> outputs;
  for (InputFile& in : inputs) {
    Job job;
    if (!out_dir.empty()) {
      job.output = out_dir / in.relative;
      std::error_code ec;
      if (fs::exists(job.output, ec) && fs::equivalent(job.output, in.path, ec))
        throw ConfigError(fmt::format("refusing to write over input {}", in.path.string()));
      if (!outputs.insert(job.output.lexically_normal()).second)
        throw ConfigError(fmt::format("two inputs would be written to {}", job.output.string()));
    }
    job.input = std::move(in);
    jobs.push_back(std::move(job));
  }
  return jobs;
}

int CleanStdin(const Engine& engine, ExplainSink& explain, const CleanOptions& options,
               RunReport* report) {
  std::string bytes(std::istreambuf_iterator<char>(std::cin), {});
  Outcome out = CleanBytes(engine, options, bytes, "-");
  std::cout << out.text << std::flush;
  bool failed = !out.error.empty();
  Record("-", out, explain, report);
  return failed ? kExitInputFailed : kExitOk;
}

}  // namespace

int RunClean(const CleanOptions& options, const Engine& engine) {
  RunReport report;
  bool use_stdin = options.inputs.empty() ||
                   (options.inputs.size() == 1 && options.inputs[0] == "-");
  if (use_stdin && !options.output_dir.empty())
    throw ConfigError("-o needs input files or directories; stdin is cleaned to stdout");
  std::vector<Job> jobs;
  if (!use_stdin) jobs = PlanJobs(options, &report);
  ExplainSink explain(options);
  int code = kExitOk;
  if (use_stdin) {
    code = CleanStdin(engine, explain, options, &report);
  } else {
    RunJobs(engine, options, jobs, explain, &report);
    std::cout << std::flush;
    if (report.documents_failed) code = kExitInputFailed;
  }
  explain.Finish();
  if (!options.report_path.empty()) WriteFileAtomic(options.report_path, report.ToJson());
  if (options.summary) std::cerr << report.Summary(12);
  return code;
}

}  // namespace boilerstrip
