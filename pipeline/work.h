// What the driver's threads hand each other: the inputs of a run, a piece of one (a
// work), and what cleaning it gave (a result). Internal to the driver (driver.cc,
// chunk_cleaner.cc).
#ifndef BOILERSTRIP_PIPELINE_WORK_H_
#define BOILERSTRIP_PIPELINE_WORK_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "formats/format.h"
#include "formats/records.h"
#include "io/stream.h"
#include "pipeline/report.h"

namespace boilerstrip {

// A run holds one per input file, for the whole run: a folder of many small pages makes
// hundreds of thousands, so it stays small (no std::filesystem::path, which keeps a
// copy of every component; the site shared by the folder's pages).
struct Input {
  std::string path;    // empty: standard input
  std::string output;  // empty: standard output
  std::shared_ptr<const std::string> site;  // the site of a text page: its folder
  StreamFormat in, out;
  uint64_t size = 0;  // bytes on disk, for progress; 0 if unknown

  // The name in messages: the path as found, or "-".
  std::string_view label() const { return path.empty() ? std::string_view("-") : path; }
};

// Inputs read whole by the worker that cleans them, outside the feeder's lock: a text
// page in a file. Others are streams, read in chunks one after another.
inline bool ReadWhole(const Input& in) {
  return !in.path.empty() && (in.in.format == Format::kText || in.in.format == Format::kHtml);
}

// A chunk of one input. The last work of every input says the input ended, or why it
// failed; it has no records, except for inputs read whole, which come in one work.
struct Work {
  size_t input = 0;
  Chunk chunk;
  bool last = false;
  bool unread = false;  // read whole, but not yet: the worker reads it
  uint64_t size = 0;    // of an unread input, if known: it is then not asked again
  size_t max_record_bytes = 0;  // for the worker that reads it
  std::string failure;  // the input failed here (unreadable, truncated...)
};

// What a worker hands the writer for one work.
struct Result {
  std::string out;                  // encoded output of the chunk's records
  std::vector<size_t> record_ends;  // WET: where each record ends in |out|
  bool compressed = false;          // |out| holds the records as compressed members
  std::string explanation;          // --explain lines
  RunReport report;                 // counts, and failed records
  std::vector<std::string> warnings;
  bool page_failed = false;         // a text input's page could not be read
  // An input read whole whose output is a file: the worker wrote it under its
  // temporary name, the writer renames it in input order. Or why it could not.
  std::unique_ptr<StagedFile> file;
  std::string file_error;
  // Counting: each page's site and distinct line keys.
  std::vector<std::pair<uint64_t, std::vector<uint64_t>>> site_lines;
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_WORK_H_
