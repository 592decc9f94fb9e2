// Unicode helpers over UTF-8 strings, all backed by ICU. Thread-safe.
#ifndef BOILERSTRIP_PIPELINE_UNICODE_H_
#define BOILERSTRIP_PIPELINE_UNICODE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <unicode/umachine.h>

namespace boilerstrip {

// Returns |text| with every ill-formed UTF-8 sequence replaced by U+FFFD; adds the
// number of replacements to |*replaced|.
std::string RepairUtf8(std::string_view text, uint64_t* replaced);

// Returns the NFC form of valid UTF-8 |text|.
std::string ToNfc(std::string_view text);

// Returns the matching key of a line: NFKC + case folding, every run of Unicode white
// space collapsed to one ASCII space, trimmed. "  ＲＥＡＤ\u00a0Also：" -> "read also:".
std::string Fold(std::string_view text);

// Whether |line| holds nothing but white space and invisible format characters
// (NBSP, U+3000, U+200B, BOM...). Ill-formed bytes count as visible.
bool IsBlank(std::string_view line);

// |text| without trailing white space (Unicode White_Space).
std::string_view TrimRight(std::string_view text);

// |text| without leading and/or trailing characters that are neither letters nor
// digits (punctuation, symbols, spaces).
std::string_view StripNonAlnum(std::string_view text, bool leading, bool trailing);

// Decodes the code point at |*i| and advances |*i|; U+FFFD on ill-formed input.
UChar32 NextCodePoint(std::string_view s, size_t* i);
// Decodes the code point that ends at |*i| and moves |*i| back to its start.
UChar32 PrevCodePoint(std::string_view s, size_t* i);

bool IsLetterOrDigit(UChar32 c);
// Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar: words are not separated by spaces.
bool IsUnspacedScript(UChar32 c);
// Thai, Lao, Khmer, Myanmar: sentences are not marked with punctuation either.
bool IsUnpunctuatedScript(UChar32 c);
bool IsHanOrKana(UChar32 c);
// Sentence-final punctuation in any script: . ! ? … 。！？ । ॥ ؟ ։ ۔ ။ ።
bool IsTerminalPunct(UChar32 c);
// Clause punctuation: , ; : and their full-width / CJK / Arabic forms.
bool IsClausePunct(UChar32 c);

// Calls |fn| with each word of the folded |text|: runs of letters, marks and digits;
// runs in unspaced scripts are split with ICU's dictionary word breaker.
void ForEachWord(std::string_view text, const std::function<void(std::string_view)>& fn);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_UNICODE_H_
