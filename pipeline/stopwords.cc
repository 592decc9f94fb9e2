#include "pipeline/stopwords.h"

#include <vector>

#include "pipeline/resources.h"
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
  WordSet& set = lists_.try_emplace(std::string(lang)).first->second;
  std::string folded;
  for (std::string_view w : Lines(words)) {
    FoldWord(w, &folded);  // as the language stage folds each word of a page
    if (!folded.empty()) set.insert(folded);
  }
}

void Stopwords::AddFallback(std::string_view lang, std::string_view borrowed) {
  WordSet merged;
  size_t pos = 0;
  while (pos < borrowed.size()) {
    size_t space = borrowed.find(' ', pos);
    std::string_view code = borrowed.substr(pos, space - pos);
    pos = space == std::string_view::npos ? borrowed.size() : space + 1;
    if (const WordSet* other = For(code)) merged.insert(other->begin(), other->end());
  }
  lists_[std::string(lang)].merge(merged);
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
}

const WordSet* Stopwords::For(std::string_view lang) const {
  auto it = lists_.find(lang);
  return it == lists_.end() ? nullptr : &it->second;
}

}  // namespace boilerstrip
