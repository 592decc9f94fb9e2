#include "pipeline/site_counts.h"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <queue>

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <xxhash.h>

#include "io/stream.h"
#include "pipeline/status.h"

namespace boilerstrip {
namespace fs = std::filesystem;

// A count file, all integers little-endian:
//   "BSCOUNTS"  u32 version  u32 0  u64 sites
//   sites x { u64 site hash, u64 documents }       sorted by hash
//   lines x { u64 key, u32 documents }             sorted by key, until the trailer
//   trailer: u64 lines  u64 XXH3-64 of every byte before it
// The line count sits in the trailer so that merging can stream lines out.
static_assert(std::endian::native == std::endian::little, "count files are written in host order");

namespace {

constexpr char kMagic[8] = {'B', 'S', 'C', 'O', 'U', 'N', 'T', 'S'};
constexpr uint32_t kVersion = 1;
constexpr size_t kHeaderBytes = 24;
constexpr size_t kSiteBytes = 16;
constexpr size_t kLineBytes = 12;
constexpr size_t kTrailerBytes = 16;

#pragma pack(push, 1)
struct LineEntry {
  uint64_t key;
  uint32_t count;
};
#pragma pack(pop)
static_assert(sizeof(LineEntry) == kLineBytes);

uint32_t SaturatingAdd(uint32_t a, uint64_t b) {
  return static_cast<uint32_t>(std::min<uint64_t>(UINT32_MAX, a + b));
}

uint64_t Mix(uint64_t key) {  // slot of a key in the table: the key is a hash already
  return key * 0x9E3779B97F4A7C15ull;
}

// Writes a count file through a temporary file renamed into place, hashing as it goes.
class CountWriter {
 public:
  explicit CountWriter(const fs::path& path) : path_(path), sink_(OpenFileSink(path, Compression::kNone)) {
    XXH3_64bits_reset(state_.get());
  }
  void Header(uint64_t sites) {
    Put(kMagic, sizeof kMagic);
    Put(kVersion);
    Put(uint32_t{0});
    Put(sites);
  }
  void Site(uint64_t hash, uint64_t docs) {
    Put(hash);
    Put(docs);
  }
  void Line(uint64_t key, uint32_t count) {
    LineEntry e{key, count};
    Put(&e, sizeof e);
    ++lines_;
  }
  void Finish() {
    Put(lines_);
    uint64_t sum = XXH3_64bits_digest(state_.get());
    Put(sum);
    Flush();
    sink_->Finish();
  }

 private:
  template <typename T>
  void Put(T v) {
    Put(&v, sizeof v);
  }
  void Put(const void* data, size_t n) {
    XXH3_64bits_update(state_.get(), data, n);
    buf_.append(static_cast<const char*>(data), n);
    if (buf_.size() >= (1 << 20)) Flush();
  }
  void Flush() {
    sink_->Write(buf_);
    buf_.clear();
  }

  struct StateFree {
    void operator()(XXH3_state_t* s) const { XXH3_freeState(s); }
  };
  fs::path path_;
  std::unique_ptr<ByteSink> sink_;
  std::unique_ptr<XXH3_state_t, StateFree> state_{XXH3_createState()};
  std::string buf_;
  uint64_t lines_ = 0;
};

// Reads a count file front to back, checking its layout and, at the end, its checksum.
class CountReader {
 public:
  explicit CountReader(const fs::path& path) : path_(path), name_(path.string()) {
    std::error_code ec;
    size_ = fs::file_size(path, ec);
    if (ec) throw InputError(fmt::format("{}: {}", name_, ec.message()));
    file_.reset(std::fopen(path.c_str(), "rb"));
    if (!file_) throw InputError(fmt::format("{}: {}", name_, std::strerror(errno)));
    XXH3_64bits_reset(state_.get());
    char magic[8];
    uint32_t version, zero;
    if (size_ < kHeaderBytes + kTrailerBytes) Bad("too short to be a count file");
    Get(magic, sizeof magic);
    Get(&version, sizeof version);
    Get(&zero, sizeof zero);
    Get(&sites_, sizeof sites_);
    if (std::memcmp(magic, kMagic, sizeof magic) != 0) Bad("not a boilerstrip count file");
    if (version != kVersion) Bad(fmt::format("count file version {}; this boilerstrip reads version {}", version, kVersion));
    uint64_t body = size_ - kHeaderBytes - kTrailerBytes;
    if (sites_ > body / kSiteBytes || (body - sites_ * kSiteBytes) % kLineBytes != 0) Bad("truncated or damaged");
    lines_ = (body - sites_ * kSiteBytes) / kLineBytes;
  }

  uint64_t sites() const { return sites_; }
  uint64_t lines() const { return lines_; }
  void Site(uint64_t* hash, uint64_t* docs) {
    Get(hash, sizeof *hash);
    Get(docs, sizeof *docs);
  }
  LineEntry Line() {
    LineEntry e;
    Get(&e, sizeof e);
    return e;
  }
  // Checks the trailer once every line is read.
  void Finish() {
    uint64_t lines, sum;
    Get(&lines, sizeof lines);
    uint64_t expected = XXH3_64bits_digest(state_.get());
    if (std::fread(&sum, sizeof sum, 1, file_.get()) != 1) Bad("truncated");
    if (lines != lines_) Bad("truncated or damaged (line count does not match)");
    if (sum != expected) Bad("checksum mismatch: the file is damaged");
  }
  [[noreturn]] void Bad(std::string_view why) const { throw InputError(fmt::format("{}: {}", name_, why)); }

 private:
  void Get(void* out, size_t n) {
    if (std::fread(out, 1, n, file_.get()) != n) Bad("truncated");
    XXH3_64bits_update(state_.get(), out, n);
  }

  struct FileClose {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  struct StateFree {
    void operator()(XXH3_state_t* s) const { XXH3_freeState(s); }
  };
  fs::path path_;
  std::string name_;
  uint64_t size_ = 0, sites_ = 0, lines_ = 0;
  std::unique_ptr<std::FILE, FileClose> file_;
  std::unique_ptr<XXH3_state_t, StateFree> state_{XXH3_createState()};
};

bool IsSeparator(UChar32 c) {
  return u_isUWhiteSpace(c) || u_ispunct(c) || c == 0xFFFD;
}

}  // namespace

std::string SiteOfUrl(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (!rest.starts_with('[')) rest = rest.substr(0, rest.find(':'));
  std::string host(rest);
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (host.starts_with("www.")) host.erase(0, 4);
  while (host.ends_with('.')) host.pop_back();
  return host;
}

uint64_t SiteHash(std::string_view site) { return XXH3_64bits(site.data(), site.size()); }

uint64_t SiteLineKey(const Block& block, uint64_t site_hash) {
  const std::string_view text = block.key();
  std::string norm;
  norm.reserve(text.size());
  bool space = true;  // no leading separator
  for (int32_t i = 0, n = static_cast<int32_t>(text.size()); i < n;) {
    UChar32 c;
    int32_t start = i;
    U8_NEXT(text.data(), i, n, c);
    if (c < 0 || IsSeparator(c)) {
      if (!space) norm.push_back(' ');
      space = true;
    } else if (u_isdigit(c)) {
      norm.push_back('0');
      space = false;
    } else {
      norm.append(text, start, i - start);
      space = false;
    }
  }
  if (!norm.empty() && norm.back() == ' ') norm.pop_back();
  if (norm.find_first_not_of("0 ") == std::string::npos) return 0;
  uint64_t key = XXH3_64bits_withSeed(norm.data(), norm.size(), site_hash);
  return key ? key : 1;  // 0 marks an empty slot
}

std::vector<uint64_t> SiteLineKeys(const Document& doc, uint64_t site_hash) {
  std::vector<uint64_t> keys;
  keys.reserve(doc.blocks.size());
  for (const Block& b : doc.blocks)
    if (uint64_t k = SiteLineKey(b, site_hash)) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

SiteCounter::SiteCounter() : keys_(1 << 16, 0), counts_(1 << 16, 0) {}

void SiteCounter::Grow() {
  std::vector<uint64_t> old_keys(keys_.size() * 2, 0);
  std::vector<uint32_t> old_counts(counts_.size() * 2, 0);
  old_keys.swap(keys_);
  old_counts.swap(counts_);
  size_t mask = keys_.size() - 1;
  for (size_t i = 0; i < old_keys.size(); ++i) {
    if (!old_keys[i]) continue;
    size_t slot = Mix(old_keys[i]) & mask;
    while (keys_[slot]) slot = (slot + 1) & mask;
    keys_[slot] = old_keys[i];
    counts_[slot] = old_counts[i];
  }
}

void SiteCounter::AddDocument(uint64_t site_hash, const std::vector<uint64_t>& line_keys) {
  ++site_docs_[site_hash];
  for (uint64_t key : line_keys) {
    if ((size_ + 1) * 20 > keys_.size() * 17) Grow();
    size_t mask = keys_.size() - 1;
    size_t slot = Mix(key) & mask;
    while (keys_[slot] && keys_[slot] != key) slot = (slot + 1) & mask;
    if (!keys_[slot]) {
      keys_[slot] = key;
      ++size_;
    }
    counts_[slot] = SaturatingAdd(counts_[slot], 1);
  }
}

void SiteCounter::Write(const fs::path& path) const {
  std::vector<std::pair<uint64_t, uint64_t>> sites(site_docs_.begin(), site_docs_.end());
  std::sort(sites.begin(), sites.end());
  std::vector<LineEntry> lines;
  lines.reserve(size_);
  for (size_t i = 0; i < keys_.size(); ++i)
    if (keys_[i]) lines.push_back({keys_[i], counts_[i]});
  std::sort(lines.begin(), lines.end(), [](const LineEntry& a, const LineEntry& b) { return a.key < b.key; });
  CountWriter out(path);
  out.Header(sites.size());
  for (const auto& [hash, docs] : sites) out.Site(hash, docs);
  for (const LineEntry& e : lines) out.Line(e.key, e.count);
  out.Finish();
}

SiteCounts::SiteCounts(const SiteCounter& counter) {
  site_docs_.assign(counter.site_docs_.begin(), counter.site_docs_.end());
  std::sort(site_docs_.begin(), site_docs_.end());
  for (size_t i = 0; i < counter.keys_.size(); ++i)
    if (counter.keys_[i] && counter.counts_[i] >= 2) lines_.emplace_back(counter.keys_[i], counter.counts_[i]);
  std::sort(lines_.begin(), lines_.end());
}

SiteCounts SiteCounts::Load(const fs::path& path) {
  CountReader in(path);
  SiteCounts counts;
  counts.site_docs_.resize(in.sites());
  for (auto& [hash, docs] : counts.site_docs_) in.Site(&hash, &docs);
  for (uint64_t i = 0; i < in.lines(); ++i) {
    LineEntry e = in.Line();
    if (e.count >= 2) counts.lines_.emplace_back(e.key, e.count);
  }
  in.Finish();
  auto sorted = [](const auto& v) { return std::is_sorted(v.begin(), v.end()); };
  if (!sorted(counts.site_docs_) || !sorted(counts.lines_)) in.Bad("entries out of order: the file is damaged");
  return counts;
}

void SiteCounts::Merge(const std::vector<fs::path>& inputs, const fs::path& out_path) {
  std::vector<std::unique_ptr<CountReader>> in;
  std::map<uint64_t, uint64_t> sites;
  for (const fs::path& p : inputs) {
    in.push_back(std::make_unique<CountReader>(p));
    for (uint64_t i = 0; i < in.back()->sites(); ++i) {
      uint64_t hash, docs;
      in.back()->Site(&hash, &docs);
      sites[hash] += docs;
    }
  }
  CountWriter out(out_path);
  out.Header(sites.size());
  for (const auto& [hash, docs] : sites) out.Site(hash, docs);
  // A k-way merge of the sorted line sections: memory is one entry per input.
  using Head = std::pair<uint64_t, size_t>;  // key, input
  std::priority_queue<Head, std::vector<Head>, std::greater<>> heads;
  std::vector<LineEntry> current(in.size());
  std::vector<uint64_t> left(in.size());
  auto advance = [&](size_t i) {
    if (left[i] == 0) return;
    --left[i];
    LineEntry e = in[i]->Line();
    if (e.key <= current[i].key) in[i]->Bad("entries out of order: the file is damaged");
    current[i] = e;
    heads.push({e.key, i});
  };
  for (size_t i = 0; i < in.size(); ++i) {
    left[i] = in[i]->lines();
    advance(i);
  }
  while (!heads.empty()) {
    uint64_t key = heads.top().first;
    uint32_t count = 0;
    while (!heads.empty() && heads.top().first == key) {
      size_t i = heads.top().second;
      heads.pop();
      count = SaturatingAdd(count, current[i].count);
      advance(i);
    }
    out.Line(key, count);
  }
  for (auto& r : in) r->Finish();
  out.Finish();
}

uint64_t SiteCounts::SiteDocuments(uint64_t site_hash) const {
  auto it = std::lower_bound(site_docs_.begin(), site_docs_.end(), std::make_pair(site_hash, uint64_t{0}));
  return it != site_docs_.end() && it->first == site_hash ? it->second : 0;
}

uint32_t SiteCounts::LineDocuments(uint64_t key) const {
  auto it = std::lower_bound(lines_.begin(), lines_.end(), std::make_pair(key, uint32_t{0}));
  return it != lines_.end() && it->first == key ? it->second : 0;
}

}  // namespace boilerstrip
