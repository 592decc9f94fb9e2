#include "pipeline/driver.h"

#include <atomic>
#include <iostream>
#include <iterator>
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

struct Job {
  InputFile input;
  fs::path output;  // empty: the text goes to stdout after the run
  // Filled by the worker:
  std::string text;
  std::string explanation;
  RunReport report;
};

void CleanOne(const Engine& engine, const CleanOptions& options, Job& job) {
  std::string label = job.input.path.string();
  try {
    std::string bytes = ReadFile(job.input.path);
    Document doc = ReadText(bytes, label);
    engine.pipeline().Run(doc);
    std::string text = RenderText(doc);
    if (doc.invalid_utf8)
      spdlog::warn("{}: {} invalid UTF-8 sequence(s) replaced with U+FFFD", label, doc.invalid_utf8);
    if (!job.output.empty()) WriteFileAtomic(job.output, text);
    else job.text = std::move(text);
    job.report.Add(doc, job.output.empty() ? job.text.size() : text.size());
    if (options.explain) AppendExplanation(doc, label, &job.explanation);
  } catch (const InputError& e) {
    spdlog::error("{}: {}", label, e.what());
    job.report.documents_failed = 1;
    job.report.failures.push_back({label, e.what()});
  }
}

void RunJobs(const Engine& engine, const CleanOptions& options, std::vector<Job>& jobs) {
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < jobs.size(); i = next++) CleanOne(engine, options, jobs[i]);
  };
  int n = std::max(1, std::min<int>(options.threads, static_cast<int>(jobs.size())));
  std::vector<std::thread> threads;
  for (int t = 1; t < n; ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
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

int CleanStdin(const Engine& engine, const CleanOptions& options, RunReport* report) {
  std::string bytes(std::istreambuf_iterator<char>(std::cin), {});
  try {
    Document doc = ReadText(bytes, "-");
    engine.pipeline().Run(doc);
    std::string text = RenderText(doc);
    if (doc.invalid_utf8)
      spdlog::warn("-: {} invalid UTF-8 sequence(s) replaced with U+FFFD", doc.invalid_utf8);
    std::cout << text << std::flush;
    report->Add(doc, text.size());
    if (options.explain) {
      std::string explanation;
      AppendExplanation(doc, "-", &explanation);
      if (options.explain_to.empty()) std::cerr << explanation;
      else WriteFileAtomic(options.explain_to, explanation);
    }
    return kExitOk;
  } catch (const InputError& e) {
    spdlog::error("-: {}", e.what());
    report->documents_failed = 1;
    report->failures.push_back({"-", e.what()});
    return kExitInputFailed;
  }
}

}  // namespace

int RunClean(const CleanOptions& options, const Engine& engine) {
  RunReport report;
  bool use_stdin = options.inputs.empty() ||
                   (options.inputs.size() == 1 && options.inputs[0] == "-");
  int code = kExitOk;
  if (use_stdin) {
    if (!options.output_dir.empty())
      throw ConfigError("-o needs input files or directories; stdin is cleaned to stdout");
    code = CleanStdin(engine, options, &report);
  } else {
    std::vector<Job> jobs = PlanJobs(options, &report);
    RunJobs(engine, options, jobs);
    std::string explanation;
    for (Job& job : jobs) {
      report.Merge(job.report);
      explanation += job.explanation;
      if (job.output.empty()) std::cout << job.text;
    }
    std::cout << std::flush;
    if (options.explain) {
      if (options.explain_to.empty()) std::cerr << explanation;
      else WriteFileAtomic(options.explain_to, explanation);
    }
    if (report.documents_failed) code = kExitInputFailed;
  }
  if (!options.report_path.empty()) WriteFileAtomic(options.report_path, report.ToJson());
  if (options.summary) std::cerr << report.Summary(12);
  return code;
}

}  // namespace boilerstrip
