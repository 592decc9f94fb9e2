// The driver for `boilerstrip clean`: finds the inputs, runs the pipeline over them on
// N threads, writes each output atomically (temp file + rename) and reports. Stages know
// nothing of files or threads; this is where they live.
#ifndef BOILERSTRIP_PIPELINE_DRIVER_H_
#define BOILERSTRIP_PIPELINE_DRIVER_H_

#include <string>
#include <vector>

#include "pipeline/pipeline.h"

namespace boilerstrip {

struct CleanOptions {
  std::vector<std::string> inputs;    // files or directories; empty or "-": stdin
  std::string output_dir;             // empty: stdout
  std::vector<std::string> excludes;  // file-name globs skipped while walking directories
  bool explain = false;
  std::string explain_to;   // file for --explain lines; empty: stderr
  std::string report_path;  // JSON report; empty: none
  bool summary = false;     // print removal counts to stderr
  int threads = 1;
};

// Exit codes, as documented in the README.
enum ExitCode { kExitOk = 0, kExitInputFailed = 1, kExitUsage = 2 };

// Runs `clean`. Throws ConfigError for usage errors found before any output is written.
int RunClean(const CleanOptions& options, const Engine& engine);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_DRIVER_H_
