#include "stages/language.h"

// CLD2's header uses size_t and friends without including their headers.
#include <cstdio>
#include <cld2/public/compact_lang_det.h>

#include <algorithm>
#include <array>
#include <span>
#include <vector>

#include "pipeline/stopwords.h"
#include "pipeline/unicode.h"

namespace boilerstrip {

std::string DetectLanguage(std::string_view text) {
  bool reliable = false;
  CLD2::Language lang = CLD2::DetectLanguage(text.data(), static_cast<int>(text.size()),
                                             /*is_plain_text=*/true, &reliable);
  if (lang == CLD2::UNKNOWN_LANGUAGE) return "";
  std::string code = CLD2::LanguageCode(lang);
  // CLD2 keeps a few old or regional codes; stopword lists use ISO 639-1.
  if (code == "iw") return "he";
  if (code == "in") return "id";
  if (code == "nb" || code == "nn") return "no";
  size_t dash = code.find('-');
  if (dash != std::string::npos) code.resize(dash);
  return code;
}

namespace {

constexpr int kStopwordSampleTokens = 24;
// A Chinese or Thai paragraph is one run of a hundred words or more; its first words
// vote as well as all of them, and breaking the rest would cost the most of the stage.
constexpr size_t kVoteRunWords = 64;
// The longest line can be a paragraph of a thousand words; its first hundred tell the
// language as well. On the benchmark corpus, the HTML evaluation pages and the dev cases,
// a vote of 48 words picks another language for a few pages, one of 128 for none.
constexpr int kVoteWords = 128;
// It stops sooner, every kVoteStep words, when a language has kVoteLead votes or more
// and four times as many as any other: on the same pages no language changed.
constexpr size_t kVoteStep = 32;
constexpr int kVoteLead = 12;

// The page's longest lines, up to |budget| bytes: running text tells the language
// better than menus, and a bounded sample keeps detection cheap on long pages.
std::string Sample(const Document& doc, size_t budget) {
  // Mostly the longest line alone is long enough, and the sort below would put first
  // the earliest of the longest.
  const Block* longest = nullptr;
  for (const Block& b : doc.blocks)
    if (!longest || b.text.size() > longest->text.size()) longest = &b;
  if (longest && longest->text.size() + 1 >= budget) return longest->text + '\n';
  std::vector<const Block*> lines;
  for (const Block& b : doc.blocks) lines.push_back(&b);
  std::stable_sort(lines.begin(), lines.end(),
                   [](const Block* a, const Block* b) { return a->text.size() > b->text.size(); });
  std::string sample;
  for (const Block* b : lines) {
    if (sample.size() >= budget) break;
    sample.append(b->text).push_back('\n');
  }
  return sample;
}

// Whether |s| may hold a Han or kana character (U+2E80 and above): a lead byte of 0xE3
// or above, or 0xE2 followed by 0xBA..0xBF. Latin, Cyrillic, Greek, Arabic, Thai or
// Devanagari text has neither, and needs no walk character by character.
bool MayHoldHanOrKana(std::string_view s) {
  if (internal::HasByteFrom(s, 0xE3)) return true;
  for (size_t i = s.find('\xE2'); i != std::string_view::npos; i = s.find('\xE2', i + 1))
    if (i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0xBA) return true;
  return false;
}

// The language a sample's script alone names: Chinese (Han only) and Japanese (Han with
// kana) when most letters are of those scripts, else "". Breaking such a sample
// into dictionary words to count stopwords costs more than the rest of the page and
// tells nothing more.
std::string_view ScriptLanguage(std::string_view sample) {
  if (!MayHoldHanOrKana(sample)) return "";
  size_t letters = 0, han = 0, kana = 0;
  for (size_t i = 0; i < sample.size();) {
    UChar32 c = NextCodePoint(sample, &i);
    if (!IsLetterOrDigit(c) || (c >= '0' && c <= '9')) continue;
    ++letters;
    if (IsHanOrKana(c)) {
      if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xFF66 && c <= 0xFF9D))
        ++kana;
      else
        ++han;
    }
  }
  if (letters < 32 || (han + kana) * 10 < letters * 6) return "";
  // Japanese prose writes its particles and endings in kana: a fifth of its letters or more.
  if (kana * 20 >= han + kana) return kana * 5 >= han + kana ? "ja" : "";
  return "zh";
}

}  // namespace

std::string LanguageStage::Vote(std::string_view sample) const {
  if (std::string_view lang = ScriptLanguage(sample); !lang.empty() && stopwords_.MaskOf(lang))
    return std::string(lang);
  int votes[64] = {}, words = 0;
  const int languages = static_cast<int>(stopwords_.languages());
  auto leader = [&] {
    int best = -1;
    for (int i = 0; i < languages; ++i)
      if (votes[i] > 0 && (best < 0 || votes[i] > votes[best])) best = i;
    return best;
  };
  auto decided = [&] {
    int best = leader(), second = 0;
    if (best < 0 || votes[best] < kVoteLead) return false;
    for (int i = 0; i < languages; ++i)
      if (i != best) second = std::max(second, votes[i]);
    return votes[best] >= 4 * second;
  };
  // Words are looked up a step's worth at a time, where the vote may stop.
  static_assert(kVoteWords % kVoteStep == 0 && kVoteStep <= Stopwords::kBatch);
  std::array<std::string_view, kVoteStep> batch;
  size_t batched = 0;
  auto count = [&] {
    std::array<LanguageMask, kVoteStep> owners;
    stopwords_.OwnersOfUnfolded(std::span(batch.data(), batched), owners.data());
    for (size_t i = 0; i < batched; ++i)
      for (LanguageMask m = owners[i]; m; m &= m - 1) ++votes[__builtin_ctzll(m)];
    words += static_cast<int>(batched);
    batched = 0;
  };
  ForEachWord(sample, [&](std::string_view w) {
    batch[batched++] = w;
    if (batched < batch.size()) return true;
    count();
    return words < kVoteWords && !decided();
  }, kVoteRunWords);
  count();
  int best = leader();
  return best < 0 ? "" : stopwords_.Code(best);
}

void LanguageStage::Apply(Document& doc) const {
  if (doc.lang.empty()) {
    std::string sample = Sample(doc, static_cast<size_t>(sample_bytes_));
    doc.lang = use_cld2_ ? DetectLanguage(sample) : Vote(sample);
  }
  doc.stopword_mask = stopwords_.MaskOf(doc.lang);
  doc.stopwords_known = doc.stopword_mask != 0;
  doc.stopword_lists = &stopwords_;
}

StopwordCounts CountStopwords(const Document& doc, const Block& b) {
  if (b.counted_tokens >= 0) return {b.counted_tokens, b.counted_stopwords};
  if (!doc.stopword_lists) return {};
  const Stopwords& lists = *doc.stopword_lists;
  const LanguageMask mask = doc.stopword_mask;
  // The counts depend on the line and the language alone; template lines come back on
  // every page of their site, in the site's one language, and keep them in their facts.
  LineFacts* facts = b.facts;
  StopwordCounts c;
  if (facts && facts->stopwords_owner == lists.serial() && facts->stopword_mask == mask) {
    c = {facts->tokens, facts->stopwords};
  } else {
    // The folded line needs no folding word by word; only long lines have none.
    bool need_fold = b.folded().empty();
    ForEachWord(b.key(), [&](std::string_view w) {
      ++c.tokens;
      if (mask && (need_fold ? lists.OwnersOfUnfolded(w) : lists.Owners(w)) & mask) ++c.stopwords;
      // A line's first words tell its stopword density as well as all of them.
      return c.tokens < kStopwordSampleTokens;
    });
    if (facts) {
      facts->stopwords_owner = lists.serial();
      facts->stopword_mask = mask;
      facts->tokens = static_cast<int16_t>(c.tokens);
      facts->stopwords = static_cast<int16_t>(c.stopwords);
    }
  }
  b.counted_tokens = static_cast<int16_t>(c.tokens);
  b.counted_stopwords = static_cast<int16_t>(c.stopwords);
  return c;
}

}  // namespace boilerstrip
