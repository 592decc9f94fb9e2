#include "pipeline/text_format.h"

#include <doctest/doctest.h>
#include <unicode/ucnv.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/status.h"

namespace boilerstrip {
namespace {

TEST_CASE("ReadText splits lines and counts blank lines") {
  Document doc = ReadText("\xEF\xBB\xBF" "a\r\n\r\n \xC2\xA0\xE3\x80\x80\nb\rc\n\n", "t");
  REQUIRE(doc.blocks.size() == 3);
  CHECK(doc.blocks[0].text == "a");
  CHECK(doc.blocks[0].line == 1);
  CHECK(doc.blocks[1].text == "b");
  CHECK(doc.blocks[1].line == 4);
  CHECK(doc.blocks[1].blank_before == 2);
  CHECK(doc.blocks[2].text == "c");
  CHECK(doc.blocks[2].blank_before == 0);
  CHECK(doc.trailing_blank == 1);
}

TEST_CASE("ReadText rejects binary input") {
  CHECK_THROWS_WITH_AS(ReadText(std::string_view("ab\0c", 4), "t"),
                       "binary file (NUL byte at offset 2), skipped", InputError);
}

TEST_CASE("ReadText finds every line, blank line and NUL of long pages") {
  // Pages of many blocks of sixteen bytes, with line breaks, blank lines, CR and NUL
  // bytes anywhere in them, against a split that looks at one byte at a time.
  std::mt19937 random(20261123);
  const std::string pieces[] = {"\n", "\n\n", " \n", "\t\n", "word", "longer words here", "é",
                                "日本", "\r\n", "\r", std::string(1, '\0')};
  for (int round = 0; round < 3000; ++round) {
    std::string page = round % 3 == 0 ? "\xEF\xBB\xBF" : "";
    size_t length = random() % 400;
    // Most pages without CR or NUL, whose lines take the one-pass split.
    size_t kinds = round % 4 == 0 ? std::size(pieces) : std::size(pieces) - 3;
    while (page.size() < length) page += pieces[random() % kinds];
    CAPTURE(page);
    size_t nul = page.find('\0');
    if (nul != std::string::npos) {
      CHECK_THROWS_WITH_AS(ReadText(page, "t"),
                           ("binary file (NUL byte at offset " + std::to_string(nul) + "), skipped").c_str(),
                           InputError);
      continue;
    }
    struct Line { std::string text; uint32_t line, blank_before; };
    std::vector<Line> want;
    uint32_t line_no = 0, blank = 0;
    std::string_view rest(page);
    if (rest.starts_with("\xEF\xBB\xBF")) rest.remove_prefix(3);
    while (!rest.empty()) {
      size_t end = 0;
      while (end < rest.size() && rest[end] != '\n' && rest[end] != '\r') ++end;
      std::string text(rest.substr(0, end));
      size_t next = end;
      if (next < rest.size()) next += rest.compare(next, 2, "\r\n") == 0 ? 2 : 1;
      rest.remove_prefix(next);
      ++line_no;
      if (text.find_first_not_of(" \t") == std::string::npos) {
        ++blank;
        continue;
      }
      want.push_back({text, line_no, blank});
      blank = 0;
    }
    Document doc = ReadText(page, "t");
    REQUIRE(doc.blocks.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      CHECK(doc.blocks[i].text == want[i].text);
      CHECK(doc.blocks[i].line == want[i].line);
      CHECK(doc.blocks[i].blank_before == want[i].blank_before);
    }
    CHECK(doc.trailing_blank == blank);
  }
}

TEST_CASE("ReadText takes a page of a million blank lines") {
  // Room is made for at most 65,536 blocks ahead: a million blank lines are no blocks.
  std::string page(1000000, '\n');
  page += "last\n\n";
  Document doc = ReadText(page, "t");
  REQUIRE(doc.blocks.size() == 1);
  CHECK(doc.blocks[0].line == 1000001);
  CHECK(doc.blocks[0].blank_before == 1000000);
  CHECK(doc.trailing_blank == 1);
  CHECK(doc.blocks.capacity() <= 65536);
}

TEST_CASE("ReadText converts UTF-16 with a byte order mark") {
  using namespace std::string_view_literals;
  // "é\r\n€" (U+20AC) and a lone high surrogate, little and big endian.
  struct Case { std::string_view bytes; std::vector<std::string> lines; uint64_t invalid; };
  // Hex escapes are split ("\xFF\xFE" "a") where a letter follows: \xFEa would be one.
  const Case cases[] = {
      {"\xFF\xFE\xE9\x00\r\x00\n\x00\xAC\x20"sv, {"\xC3\xA9", "\xE2\x82\xAC"}, 0},
      {"\xFE\xFF\x00\xE9\x00\r\x00\n\x20\xAC"sv, {"\xC3\xA9", "\xE2\x82\xAC"}, 0},
      {"\xFF\xFE" "a\x00\x00\xD8" "b\x00"sv, {"a\xEF\xBF\xBD" "b"}, 1},  // unpaired surrogate
      {"\xFF\xFE" "a\x00" "b"sv, {"a\xEF\xBF\xBD"}, 1},                  // odd last byte
      {"\xFF\xFE"sv, {}, 0},
  };
  for (const Case& c : cases) {
    Document doc = ReadText(c.bytes, "t");
    std::vector<std::string> lines;
    for (const Block& b : doc.blocks) lines.push_back(b.text);
    CHECK(lines == c.lines);
    CHECK(doc.invalid_utf8 == c.invalid);
  }
  // A U+0000 character is still a NUL byte: a binary file.
  CHECK_THROWS_AS(ReadText("\xFF\xFE" "a\x00\x00\x00"sv, "t"), InputError);
}

// Pages of a few hundred bytes, as a legacy site would serve them.
constexpr std::string_view kRussian =
    "Как испечь лимонный кекс\n\nЭтот лимонный кекс я пеку на каждый день рождения в нашей семье, "
    "и за двадцать лет он ни разу меня не подвёл.\nТесто замешивают на сливочном масле, сахаре и свежих "
    "яйцах, а цедру натирают прямо перед выпечкой.\n\nГотовый кекс поливают сиропом из лимонного сока.\n";
constexpr std::string_view kPolish =
    "Jak upiec ciasto cytrynowe\n\nTo ciasto cytrynowe piekę na każde urodziny w naszej rodzinie i przez "
    "dwadzieścia lat ani razu mnie nie zawiodło.\nCiasto zagniata się na maśle, cukrze i świeżych jajkach, "
    "a skórkę ściera się tuż przed pieczeniem.\n\nGotowe ciasto polewa się syropem, póki jest ciepłe.\n";
constexpr std::string_view kJapanese =
    "レモンケーキの作り方\n\nこのレモンケーキは、家族の誕生日のたびに焼いているもので、二十年間一度も失敗した"
    "ことがありません。\n生地はバターと砂糖と新鮮な卵で作り、レモンの皮は焼く直前にすりおろします。\n\n"
    "焼き上がったケーキが温かいうちに、レモン果汁のシロップをかけます。\n";
constexpr std::string_view kChinese =
    "柠檬蛋糕的做法\n\n这款柠檬蛋糕是我们家每次过生日都会烤的，二十年来从来没有失败过。\n"
    "面糊用黄油、白糖和新鲜鸡蛋调制，柠檬皮要在烘烤之前现擦。\n\n蛋糕出炉后趁热淋上柠檬汁糖浆。\n";

// |utf8| in |charset|, as ICU writes it.
std::string Encode(std::string_view utf8, const char* charset) {
  std::string out(utf8.size() * 4, '\0');
  UErrorCode status = U_ZERO_ERROR;
  int32_t n = ucnv_convert(charset, "utf-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &status);
  REQUIRE(U_SUCCESS(status));
  out.resize(n);
  return out;
}

std::string Lines(const Document& doc) {
  std::string out;
  for (const Block& b : doc.blocks) out += b.text + "\n";
  return out;
}

TEST_CASE("ReadText detects a legacy charset only when sure, and never reinterprets UTF-8") {
  const TextDecoding detect{true, ""};
  struct Case { std::string_view utf8; const char* charset; std::string_view found; };
  const Case cases[] = {
      {kRussian, "windows-1251", "windows-1251"},
      {kPolish, "iso-8859-2", "iso-8859-2"},
      {kJapanese, "shift_jis", "windows-31j"},  // what browsers read shift_jis as
      {kChinese, "gb18030", "gb18030"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.charset);
    std::string bytes = Encode(c.utf8, c.charset);
    REQUIRE(bytes != c.utf8);
    Document doc = ReadText(bytes, "t", detect);
    CHECK(doc.charset == c.found);
    CHECK(Lines(doc) == Lines(ReadText(c.utf8, "u")));
    CHECK(doc.invalid_utf8 == 0);
    // Records (JSONL, WET) are UTF-8 by their format: no guess, bytes kept for repair.
    CHECK(ReadText(bytes, "t").charset == "");
    // Valid UTF-8 is UTF-8, whatever a detector might think of it.
    CHECK(ReadText(c.utf8, "u", detect).charset == "");
    // A byte order mark says what the text is.
    CHECK(ReadText("\xEF\xBB\xBF" + bytes, "t", detect).charset == "");
  }
  // Not sure: English with a few damaged bytes, UTF-8 with one, and random bytes stay as
  // they are (the normalize stage replaces and counts them).
  std::string random;
  for (int i = 0; i < 600; ++i) random.push_back(static_cast<char>(1 + (i * 7919 + i * i * 31) % 255));
  for (const std::string& bytes : {std::string("Caf\xE9 au lait \xFF\xFE and more text, for every birthday.\n"),
                                   std::string(kRussian).replace(10, 1, "\xFF"), random}) {
    Document doc = ReadText(bytes, "t", detect);
    CHECK(doc.charset == "");
    CHECK(Lines(doc) == Lines(ReadText(bytes, "t")));
  }
}

TEST_CASE("ReadText with a forced charset uses it whatever the bytes") {
  std::string cp1251 = Encode(kRussian, "windows-1251");
  CHECK(Lines(ReadText(cp1251, "t", {false, "windows-1251"})) == Lines(ReadText(kRussian, "u")));
  // KOI8-R is a valid reading of the same bytes, and forced means forced.
  Document koi = ReadText(cp1251, "t", {false, "koi8-r"});
  CHECK(koi.charset == "koi8-r");
  CHECK(Lines(koi).starts_with("йЮЙ ХЯОЕВЭ"));  // "Как испечь" read as KOI8-R
  // Valid UTF-8 read as a forced single-byte charset is read as that charset.
  Document latin = ReadText("caf\xC3\xA9\n", "t", {false, "windows-1252"});
  CHECK(latin.charset == "windows-1252");
  CHECK(Lines(latin) == "caf\xC3\x83\xC2\xA9\n");  // "cafÃ©"
  CHECK(latin.valid_utf8);
  // utf-8 forced: bytes as they are, ill-formed ones left for the normalize stage.
  CHECK(ReadText(cp1251, "t", {false, "utf-8"}).charset == "");
  // UTF-16 without a byte order mark is binary (NUL bytes) unless it is forced.
  std::string utf16 = Encode(kRussian, "utf-16le");
  CHECK_THROWS_AS(ReadText(utf16, "t", {true, ""}), InputError);
  CHECK(Lines(ReadText(utf16, "t", {false, "utf-16le"})) == Lines(ReadText(kRussian, "u")));
  // A forced ASCII charset does not make a binary file text.
  CHECK_THROWS_AS(ReadText(std::string_view("ab\0c", 4), "t", {false, "windows-1252"}), InputError);
}

TEST_CASE("RenderText keeps paragraph breaks and joins continuations") {
  Document doc = ReadText("one\ntwo\n\n\nthree\nx\n\nfour\nfive\n", "t");
  doc.blocks[3].verdict = {"s", "r"};  // "x"
  doc.blocks[5].join_previous = true;  // "five" continues "four"
  CHECK(RenderText(doc) == "one\ntwo\n\nthree\n\nfour five\n");
  for (Block& b : doc.blocks) b.verdict = {"s", "r"};
  CHECK(RenderText(doc) == "");
}

TEST_CASE("AppendExplanation lists removed and rejoined lines") {
  Document doc = ReadText("keep it\nSimilar articles\ngoing\n", "t");
  doc.blocks[1].verdict = {"phrase_rules", "en.related"};
  doc.blocks[2].join_previous = true;
  std::string out;
  AppendExplanation(doc, "page.txt", &out);
  CHECK(out ==
        "page.txt:2  phrase_rules/en.related  Similar articles\n"
        "page.txt:3  rejoin/joined  going\n");
}

}  // namespace
}  // namespace boilerstrip
