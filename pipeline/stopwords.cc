#include "pipeline/stopwords.h"

#include <algorithm>
#include <array>
#include <cassert>

#include "pipeline/line_memo.h"
#include "pipeline/resources.h"
#include "pipeline/status.h"
#include "pipeline/unicode.h"

namespace boilerstrip {
namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && line.front() != '#') out.push_back(line);
  }
  return out;
}

}  // namespace

void Stopwords::Add(std::string_view lang, std::string_view words) {
  auto it = masks_.find(lang);
  if (it == masks_.end()) {
    if (codes_.size() == 64) throw ConfigError("more than 64 stopword languages");
    it = masks_.emplace(std::string(lang), LanguageMask{1} << codes_.size()).first;
    codes_.emplace_back(lang);
  }
  for (std::string_view w : Lines(words)) {
    // Folded as lines are; a word that folds to several (rare) is kept in both forms.
    std::string folded = Fold(w);
    if (!folded.empty()) owners_[folded] |= it->second;
    std::string simple;
    FoldWord(w, &simple);
    if (!simple.empty() && simple != folded) owners_[simple] |= it->second;
  }
}

void Stopwords::AddFallback(std::string_view lang, std::string_view borrowed) {
  LanguageMask mask = 0;
  size_t pos = 0;
  while (pos < borrowed.size()) {
    size_t space = borrowed.find(' ', pos);
    std::string_view code = borrowed.substr(pos, space - pos);
    pos = space == std::string_view::npos ? borrowed.size() : space + 1;
    mask |= MaskOf(code);
  }
  masks_[std::string(lang)] |= mask;
}

void Stopwords::LoadEmbedded() {
  std::string_view fallback;
  for (const EmbeddedFile& f : EmbeddedFiles()) {
    if (!f.path.starts_with("stopwords/")) continue;
    std::string_view name = f.path.substr(10);
    if (name == "fallback.txt") {
      fallback = f.data;
    } else if (name.ends_with(".txt")) {
      Add(name.substr(0, name.size() - 4), f.data);
    }
  }
  for (std::string_view line : Lines(fallback)) {
    size_t space = line.find(' ');
    if (space != std::string_view::npos) AddFallback(line.substr(0, space), line.substr(space + 1));
  }
  Freeze();
}

LanguageMask Stopwords::MaskOf(std::string_view lang) const {
  auto it = masks_.find(lang);
  return it == masks_.end() ? 0 : it->second;
}

namespace {

uint64_t WordHash(std::string_view word) {
  uint64_t h = HashText(word);
  return h ? h : 1;
}

}  // namespace

void Stopwords::Freeze() {
  serial_ = NextSerial();
  size_t size = 16;
  while (size < owners_.size() * 2) size *= 2;
  table_.assign(size, Slot{});
  filter_.assign((size_t{1} << kFilterBits) / 64, 0);
  for (const auto& [word, mask] : owners_) {
    uint64_t h = WordHash(word);
    filter_[FilterBit(h) / 64] |= uint64_t{1} << (FilterBit(h) % 64);
    size_t i = h & (size - 1);
    while (table_[i].hash != 0 && table_[i].hash != h) i = (i + 1) & (size - 1);
    table_[i].hash = h;
    table_[i].mask |= mask;
  }
}

namespace {

// The per-thread memo of OwnersOfUnfolded(), direct-mapped by the unfolded word's hash.
struct UnfoldedMemo {
  static constexpr size_t kSlots = 4096;  // 64 KB: stays in the second-level cache
  struct Slot {
    uint64_t hash = 0;
    LanguageMask mask = 0;
  };
  uint64_t owner = 0;
  std::array<Slot, kSlots> slots{};

  // This thread's, emptied if it holds another Stopwords' answers.
  static UnfoldedMemo& Of(uint64_t serial) {
    thread_local UnfoldedMemo memo;
    if (memo.owner != serial) {
      memo.slots.fill(Slot{});
      memo.owner = serial;
    }
    return memo;
  }
  Slot& At(uint64_t hash) { return slots[hash & (kSlots - 1)]; }
};

// The hash of the folded |word|, given |hash|, that of |word|.
uint64_t FoldedHash(std::string_view word, uint64_t hash) {
  // A word of lower-case ASCII letters and digits folds to itself, with the same hash.
  bool folds_to_itself = std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
  if (folds_to_itself) return hash;
  thread_local std::string folded;
  FoldWord(word, &folded);
  return WordHash(folded);
}

}  // namespace

LanguageMask Stopwords::OwnersOfUnfolded(std::string_view word) const {
  UnfoldedMemo& memo = UnfoldedMemo::Of(serial_);
  uint64_t h = WordHash(word);
  UnfoldedMemo::Slot& slot = memo.At(h);
  if (slot.hash == h) return slot.mask;
  slot = {h, OwnersOfHash(FoldedHash(word, h))};
  return slot.mask;
}

void Stopwords::OwnersOfUnfolded(std::span<const std::string_view> words, LanguageMask* out) const {
  assert(words.size() <= kBatch);
  UnfoldedMemo& memo = UnfoldedMemo::Of(serial_);
  uint64_t hashes[kBatch], folded[kBatch];
  for (size_t i = 0; i < words.size(); ++i) {
    hashes[i] = WordHash(words[i]);
    __builtin_prefetch(&memo.At(hashes[i]));
    // Most words fold to themselves: their filter bits are asked for too.
    if (!filter_.empty()) __builtin_prefetch(&filter_[FilterBit(hashes[i]) / 64]);
  }
  size_t misses[kBatch], missed = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    const UnfoldedMemo::Slot& slot = memo.At(hashes[i]);
    if (slot.hash == hashes[i]) {
      out[i] = slot.mask;
      continue;
    }
    folded[i] = FoldedHash(words[i], hashes[i]);
    if (MayBeStopword(folded[i])) __builtin_prefetch(&table_[folded[i] & (table_.size() - 1)]);
    misses[missed++] = i;
  }
  for (size_t k = 0; k < missed; ++k) {
    const size_t i = misses[k];
    out[i] = OwnersOfHash(folded[i]);
    memo.At(hashes[i]) = {hashes[i], out[i]};
  }
}

LanguageMask Stopwords::Owners(std::string_view word) const { return OwnersOfHash(WordHash(word)); }

LanguageMask Stopwords::OwnersOfHash(uint64_t h) const {
  if (!MayBeStopword(h)) return 0;
  size_t mask = table_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    if (table_[i].hash == h) return table_[i].mask;
    if (table_[i].hash == 0) return 0;
  }
}

}  // namespace boilerstrip
