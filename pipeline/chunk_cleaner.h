// Cleans (or, counting, only counts) the records of one work: text and HTML pages,
// JSONL lines, WARC records, each read, run through the engine's pipeline and encoded
// back in the input's format. Thread-safe: every worker calls Clean() on the one cleaner.
#ifndef BOILERSTRIP_PIPELINE_CHUNK_CLEANER_H_
#define BOILERSTRIP_PIPELINE_CHUNK_CLEANER_H_

#include <memory>

#include "pipeline/driver.h"
#include "pipeline/work.h"

namespace boilerstrip {

class ChunkCleaner {
 public:
  // |counting|: collect each page's site line keys (Result::site_lines), write nothing.
  ChunkCleaner(const Engine& engine, const CleanOptions& options, bool counting);
  ~ChunkCleaner();
  Result Clean(const Input& input, Work& work) const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_CHUNK_CLEANER_H_
