// Stopword lists per language (rules/stopwords/<lang>.txt, from stopwords-iso), folded
// at load time. Languages without a list borrow their neighbours' (fallback.txt).
// Immutable after loading; safe to share between threads.
#ifndef BOILERSTRIP_PIPELINE_STOPWORDS_H_
#define BOILERSTRIP_PIPELINE_STOPWORDS_H_

#include <map>
#include <string>
#include <string_view>
#include <unordered_set>

namespace boilerstrip {

struct TransparentHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using WordSet = std::unordered_set<std::string, TransparentHash, std::equal_to<>>;

class Stopwords {
 public:
  // Loads the lists compiled into the binary.
  void LoadEmbedded();
  // Adds |words| (one per line, '#' comments) to |lang|'s list.
  void Add(std::string_view lang, std::string_view words);
  // Makes |lang| also use the lists of |borrowed| (space-separated codes).
  void AddFallback(std::string_view lang, std::string_view borrowed);

  // The list for |lang|, or nullptr when there is none.
  const WordSet* For(std::string_view lang) const;
  size_t languages() const { return lists_.size(); }

 private:
  std::map<std::string, WordSet, std::less<>> lists_;
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_STOPWORDS_H_
