// Cross-document counts for the site_lines stage: in how many documents of each site
// every normalised line occurs. A site's template (header, menu, footer) repeats on all
// its pages, in any language and in wording no rule knows; counting catches it.
//
// Pass 1 (`boilerstrip count`) fills a SiteCounter and writes a count file; count files
// add up (`boilerstrip merge`); pass 2 (`clean --site-counts`) loads them as SiteCounts.
#ifndef BOILERSTRIP_PIPELINE_SITE_COUNTS_H_
#define BOILERSTRIP_PIPELINE_SITE_COUNTS_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pipeline/document.h"

namespace boilerstrip {

// The site of a URL: its host, lower-cased, without "www." and port ("" if none).
std::string SiteOfUrl(std::string_view url);

uint64_t SiteHash(std::string_view site);

// The key of |block| within its site, or 0 for a line that is only digits, punctuation
// and spaces: the block's folded text with digits made 0 and runs of punctuation and
// white space made one space, hashed with the site's hash as seed.
uint64_t SiteLineKey(const Block& block, uint64_t site_hash);

// The distinct line keys of one document.
std::vector<uint64_t> SiteLineKeys(const Document& doc, uint64_t site_hash);

// Counts built in memory: an open-addressing table of 12 bytes per slot (key, count), at
// most 85% full, so 14 to 28 bytes per distinct line. 50 million lines fit in 2^26 slots,
// 805 MB; writing the sorted count file adds 12 bytes per line (600 MB) for a moment.
class SiteCounter {
 public:
  SiteCounter();
  void AddDocument(uint64_t site_hash, const std::vector<uint64_t>& line_keys);
  uint64_t distinct_lines() const { return size_; }
  // Writes the counts file (see site_counts.cc for the layout). Throws InputError.
  void Write(const std::filesystem::path& path) const;

 private:
  friend class SiteCounts;
  void Grow();
  std::vector<uint64_t> keys_;  // 0: empty slot
  std::vector<uint32_t> counts_;
  uint64_t size_ = 0;
  std::unordered_map<uint64_t, uint64_t> site_docs_;
};

// Counts loaded for cleaning: only lines seen in at least two documents (the others can
// never be template), in a sorted array searched by key.
class SiteCounts {
 public:
  SiteCounts() = default;
  explicit SiteCounts(const SiteCounter& counter);
  // Reads a count file, checking its magic, version, size and checksum. Throws InputError.
  static SiteCounts Load(const std::filesystem::path& path);
  // Adds count files into |out| (associative and order-independent: counts are summed,
  // entries sorted by key). Throws InputError.
  static void Merge(const std::vector<std::filesystem::path>& inputs, const std::filesystem::path& out);

  bool empty() const { return site_docs_.empty(); }
  uint64_t SiteDocuments(uint64_t site_hash) const;
  uint32_t LineDocuments(uint64_t key) const;

 private:
  std::vector<std::pair<uint64_t, uint64_t>> site_docs_;  // sorted by site hash
  std::vector<std::pair<uint64_t, uint32_t>> lines_;      // sorted by key
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_SITE_COUNTS_H_
