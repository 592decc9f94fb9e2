// language: finds the page's language (unless the reader already set it) and counts each
// line's stopwords in it, for the classifier and the other judging stages. Removes
// nothing.
//
// Two detectors: "stopwords" (default) votes with the words of a sample of the page's
// longest lines: the language whose stopword list covers most of them wins. That is the
// choice the classifier needs (the list that fits the page best), at one hash lookup
// per word. "cld2" asks CLD2, which also names languages without a stopword list, at
// several times the cost.
#ifndef BOILERSTRIP_STAGES_LANGUAGE_H_
#define BOILERSTRIP_STAGES_LANGUAGE_H_

#include <string>

#include "pipeline/line_memo.h"
#include "pipeline/stage.h"

namespace boilerstrip {

class Stopwords;

class LanguageStage : public Stage {
 public:
  LanguageStage(const Stopwords& stopwords, int sample_bytes, bool use_cld2)
      : Stage("language"),
        stopwords_(stopwords),
        sample_bytes_(sample_bytes),
        use_cld2_(use_cld2),
        serial_(NextSerial()) {}
  void Apply(Document& doc) const override;

 private:
  std::string Vote(std::string_view sample) const;

  const Stopwords& stopwords_;
  int sample_bytes_;
  bool use_cld2_;
  uint64_t serial_;  // keys the per-thread memo of line counts (line_memo.h)
};

// The ISO 639-1 code CLD2 finds for |text|, or "" when it finds none.
std::string DetectLanguage(std::string_view text);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_STAGES_LANGUAGE_H_
