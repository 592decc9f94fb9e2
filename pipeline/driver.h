// The driver for `boilerstrip clean`: finds the inputs, reads them as records, runs the
// pipeline over the records on N threads and writes the results in input order, each
// output file atomically (temp file + rename). Stages know nothing of files, formats or
// threads; this is where they live.
#ifndef BOILERSTRIP_PIPELINE_DRIVER_H_
#define BOILERSTRIP_PIPELINE_DRIVER_H_

#include <optional>
#include <string>
#include <vector>

#include "formats/format.h"
#include "formats/jsonl.h"
#include "formats/records.h"
#include "pipeline/pipeline.h"

namespace boilerstrip {

class InputWalk;

struct CleanOptions {
  std::vector<std::string> inputs;    // files or directories; empty or "-": stdin
  std::string output_dir;             // empty: stdout
  std::vector<std::string> excludes;  // file-name globs skipped while walking directories
  std::optional<FormatOption> format;         // --format: how every input is read
  std::optional<FormatOption> output_format;  // --output-format
  JsonlFields fields;                 // --text-field, --id-field, --url-field, --site-key
  bool html = false;                  // --html: the JSONL text field holds HTML
  int shard = 0, shards = 1;          // --shard K/N: inputs i with i % N == K
  bool resume = false;                // skip inputs whose output exists
  InputWalk* walk = nullptr;          // the inputs' walk, started early (plan.h)
  bool fail_fast = false;             // --on-error fail: stop at the first failure
  bool explain = false;
  std::string explain_to;   // file for --explain lines; empty: stderr
  std::string report_path;  // JSON report; empty: none
  bool summary = false;     // print removal counts to stderr
  bool progress = false;    // progress line on stderr (a terminal)
  int threads = 1;
  bool site_lines = false;  // count every input first, then clean with the counts
  std::string input_encoding;  // --input-encoding (a KnownCharset name) for text and HTML files; "": detect
  size_t max_page_bytes = kMaxRecordBytes;  // --max-page-mb: larger pages and records fail
};

// Exit codes, as documented in the README. A run stopped by SIGINT or SIGTERM exits
// with 128 + the signal number, as shells expect.
enum ExitCode { kExitOk = 0, kExitInputFailed = 1, kExitUsage = 2 };

// Parses "K/N" (0 <= K < N). Throws ConfigError.
void ParseShard(const std::string& value, CleanOptions* options);

// Runs `clean`. Throws ConfigError for usage errors found before any output is written.
// With options.site_lines, counts site lines first and gives the counts to |engine|.
int RunClean(const CleanOptions& options, Engine& engine);

// Runs `count`: counts the inputs' site lines (after the pipeline's normalize stage, as
// `clean` sees them) into the count file |out|.
int RunCount(const CleanOptions& options, const Engine& engine, const std::string& out);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_DRIVER_H_
