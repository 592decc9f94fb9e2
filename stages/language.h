// language: finds the page's language (unless the reader already set it), whose stopword
// lists the classifier and the other judging stages count lines in (CountStopwords).
// Removes nothing.
//
// Two detectors: "stopwords" (default) votes with the words of a sample of the page's
// longest lines: the language whose stopword list covers most of them wins. That is the
// choice the classifier needs (the list that fits the page best), at one hash lookup
// per word. "cld2" asks CLD2, which also names languages without a stopword list, at
// several times the cost.
#ifndef BOILERSTRIP_STAGES_LANGUAGE_H_
#define BOILERSTRIP_STAGES_LANGUAGE_H_

#include <string>

#include "pipeline/stage.h"

namespace boilerstrip {

class Stopwords;

class LanguageStage : public Stage {
 public:
  LanguageStage(const Stopwords& stopwords, int sample_bytes, bool use_cld2)
      : Stage("language"),
        stopwords_(stopwords),
        sample_bytes_(sample_bytes),
        use_cld2_(use_cld2) {}
  void Apply(Document& doc) const override;

 private:
  std::string Vote(std::string_view sample) const;

  const Stopwords& stopwords_;
  int sample_bytes_;
  bool use_cld2_;
};

struct StopwordCounts {
  int tokens = 0;     // word tokens counted: the line's first 24
  int stopwords = 0;  // of which are stopwords of the page's language

  double density() const { return tokens ? double(stopwords) / tokens : 0.0; }
};

// The stopword counts of |b|, a line of |doc|, in the page's language: zero before the
// language stage has run. Counted on first ask and kept in the block; only some
// judgements need them (a Chinese line's counts mean breaking it into dictionary words).
StopwordCounts CountStopwords(const Document& doc, const Block& b);

// The ISO 639-1 code CLD2 finds for |text|, or "" when it finds none.
std::string DetectLanguage(std::string_view text);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_STAGES_LANGUAGE_H_
