// language: detects the page's language with CLD2 (unless the reader already set it)
// and counts each line's stopwords in that language, for the classifier and the other
// judging stages. Removes nothing.
#ifndef BOILERSTRIP_STAGES_LANGUAGE_H_
#define BOILERSTRIP_STAGES_LANGUAGE_H_

#include <string>

#include "pipeline/stage.h"

namespace boilerstrip {

class Stopwords;

class LanguageStage : public Stage {
 public:
  LanguageStage(const Stopwords& stopwords, int sample_bytes)
      : Stage("language"), stopwords_(stopwords), sample_bytes_(sample_bytes) {}
  void Apply(Document& doc) const override;

 private:
  const Stopwords& stopwords_;
  int sample_bytes_;
};

// The ISO 639-1 code CLD2 finds for |text|, or "" when it is not sure.
std::string DetectLanguage(std::string_view text);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_STAGES_LANGUAGE_H_
