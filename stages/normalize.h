// normalize: makes every line valid UTF-8 (ill-formed bytes become U+FFFD and are counted
// in Document::invalid_utf8), NFC, without trailing white space, and computes its folded
// matching key and shape (words, weight, punctuation, case of the first letter).
// Removes nothing.
#ifndef BOILERSTRIP_STAGES_NORMALIZE_H_
#define BOILERSTRIP_STAGES_NORMALIZE_H_

#include "pipeline/stage.h"

namespace boilerstrip {

class NormalizeStage : public Stage {
 public:
  NormalizeStage() : Stage("normalize") {}
  void Apply(Document& doc) const override;
};

// Fills the script- and punctuation-based fields of |stats| from |text| (NFC). Returns
// whether every character of |text| passes NFC's quick check, so that ToNfc leaves it
// as it is; false only says that ToNfc must look.
bool MeasureLine(std::string_view text, LineStats* stats);
// Builds the character tables MeasureLine reads, some 20 ms of ICU lookups that the
// first line would otherwise wait for: an engine builds them while it reads its rules.
void PrepareMeasureTables();

namespace internal {
// MeasureLine one code point at a time, without its ASCII fast path: for tests.
bool MeasureLineSlow(std::string_view text, LineStats* stats);
// Whether MeasureLine takes 32 bytes at a time where the CPU can (it does by default),
// so that tests check the 16-byte blocks as well. Returns whether the CPU can.
bool UseWideBlocks(bool use);
}  // namespace internal

}  // namespace boilerstrip

#endif  // BOILERSTRIP_STAGES_NORMALIZE_H_
