#include "formats/warc.h"

#include <doctest/doctest.h>

#include <random>

#include "pipeline/status.h"

namespace boilerstrip {
namespace {

// A record as Common Crawl writes it: |fields| are "Name: value" lines ending "\r\n".
std::string Rec(std::string_view fields, std::string_view block) {
  return "WARC/1.0\r\n" + std::string(fields) + "Content-Length: " + std::to_string(block.size()) +
         "\r\n\r\n" + std::string(block) + "\r\n\r\n";
}

// A small record whose WARC-Record-ID is |id|.
std::string Small(std::string_view id, std::string_view block) {
  return Rec("WARC-Type: conversion\r\nWARC-Record-ID: " + std::string(id) + "\r\n", block);
}

constexpr char kWarcinfo[] =
    "Software-Info: ia-web-commons.1.1.10-SNAPSHOT-20231221102539\r\n"
    "Extracted-Date: Wed, 21 Feb 2024 01:10:55 GMT\r\n"
    "isPartOf: CC-MAIN-2024-10\r\n"
    "operator: Common Crawl Admin (info@commoncrawl.org)\r\n"
    "publisher: Common Crawl\r\n";
constexpr char kFinnish[] =
    "Etusivu\nUutiset\nHelsingin kaupunginvaltuusto hyväksyi keskiviikkona talousarvion.\n"
    "Päätös syntyi äänin 52–33.\nEvästeasetukset\n";
constexpr char kRussian[] = "Главная\nПохожие статьи\nВ Москве открылся новый музей.\n";
constexpr char kMixed[] =
    "東京 — 新しい図書館が開館した。\nمرحبا بالعالم\n🙂 emoji\n";

std::string WetFile() {
  return Rec("WARC-Type: warcinfo\r\n"
             "WARC-Date: 2024-02-21T01:10:55Z\r\n"
             "WARC-Filename: CC-MAIN-20240220211055-20240221001055-00000.warc.wet.gz\r\n"
             "WARC-Record-ID: <urn:uuid:0a1b2c3d-0000-4000-8000-000000000000>\r\n"
             "Content-Type: application/warc-fields\r\n",
             kWarcinfo) +
         Rec("WARC-Type: conversion\r\n"
             "WARC-Target-URI: https://www.example.fi/uutiset/talousarvio\r\n"
             "WARC-Date: 2024-02-20T22:03:11Z\r\n"
             "WARC-Record-ID: <urn:uuid:11111111-1111-4111-8111-111111111111>\r\n"
             "WARC-Refers-To: <urn:uuid:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa>\r\n"
             "WARC-Block-Digest: sha1:QV3XBBHPNJWNDWJH5AB3GTCXCOSDBNZA\r\n"
             "WARC-Identified-Content-Language: fin\r\n"
             "Content-Type: text/plain\r\n",
             kFinnish) +
         Rec("WARC-Type: conversion\r\n"
             "WARC-Target-URI: https://news.example.ru/muzei\r\n"
             "WARC-Date: 2024-02-20T22:04:59Z\r\n"
             "WARC-Record-ID: <urn:uuid:22222222-2222-4222-8222-222222222222>\r\n"
             "WARC-Refers-To: <urn:uuid:bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb>\r\n"
             "WARC-Block-Digest: sha1:7RXHSJ3HUVBP6GNPRYDK4QHVNXGGKLDM\r\n"
             "Content-Type: text/plain\r\n",
             kRussian) +
         Rec("WARC-Type: conversion\r\n"
             "WARC-Target-URI: https://example.jp/?q=%E5%9B%B3\r\n"
             "WARC-Date: 2024-02-20T22:05:00Z\r\n"
             "WARC-Record-ID: <urn:uuid:33333333-3333-4333-8333-333333333333>\r\n"
             "WARC-Refers-To: <urn:uuid:cccccccc-cccc-4ccc-8ccc-cccccccccccc>\r\n"
             "WARC-Block-Digest: sha1:AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH\r\n"
             "Content-Type: text/plain\r\n",
             kMixed);
}

std::vector<WarcRecord> ReadAll(const std::string& data) {
  StringSource source(data);
  BufferedReader in(source, 4096);
  WarcReader reader(in);
  std::vector<WarcRecord> out;
  WarcRecord rec;
  std::string error;
  for (WarcStatus s; (s = reader.Next(&rec, &error)) != WarcStatus::kEnd;) {
    REQUIRE_MESSAGE(s == WarcStatus::kRecord, error);
    out.push_back(rec);
  }
  return out;
}

// What a reader returns for |data|, one string a call: a record's WARC-Record-ID and
// block as "id=block", an error's text.
std::vector<std::string> EventsWith(const std::string& data, size_t chunk, uint64_t max_block) {
  StringSource source(data);
  BufferedReader in(source, 64);
  WarcReader reader(in, max_block, chunk);
  std::vector<std::string> events;
  WarcRecord rec;
  std::string error;
  for (WarcStatus s; (s = reader.Next(&rec, &error)) != WarcStatus::kEnd;) {
    events.push_back(s == WarcStatus::kRecord ? std::string(rec.id()) + "=" + rec.block : error);
    REQUIRE(events.size() <= data.size() + 1);
  }
  return events;
}

// Where each thing Next returns begins.
std::vector<uint64_t> Offsets(const std::string& data) {
  StringSource source(data);
  BufferedReader in(source, 64);
  WarcReader reader(in, WarcReader::kDefaultMaxBlock, 5);
  std::vector<uint64_t> offsets;
  WarcRecord rec;
  std::string error;
  while (reader.Next(&rec, &error) != WarcStatus::kEnd) offsets.push_back(rec.offset);
  return offsets;
}

// The same, checking that how the stream is cut into reads makes no difference.
std::vector<std::string> Events(const std::string& data, uint64_t max_block = 1 << 20) {
  std::vector<std::string> events = EventsWith(data, 65536, max_block);
  for (size_t chunk : {1, 2, 3, 7, 64}) CHECK(EventsWith(data, chunk, max_block) == events);
  return events;
}

std::string At(size_t offset, std::string_view error) {
  return "offset " + std::to_string(offset) + ": " + std::string(error);
}

TEST_CASE("WarcReader reads a WET file field by field and byte by byte") {
  std::string wet = WetFile();
  std::vector<WarcRecord> recs = ReadAll(wet);
  REQUIRE(recs.size() == 4);

  CHECK(recs[0].version == "WARC/1.0");
  CHECK(recs[0].type() == "warcinfo");
  CHECK(recs[0].offset == 0);
  CHECK(recs[0].Header("warc-filename") ==
        "CC-MAIN-20240220211055-20240221001055-00000.warc.wet.gz");
  CHECK(recs[0].block == kWarcinfo);

  const WarcRecord& fi = recs[1];
  CHECK(fi.offset == wet.find("WARC/1.0", 1));
  CHECK(fi.type() == "conversion");
  CHECK(fi.uri() == "https://www.example.fi/uutiset/talousarvio");
  CHECK(fi.date() == "2024-02-20T22:03:11Z");
  CHECK(fi.id() == "<urn:uuid:11111111-1111-4111-8111-111111111111>");
  CHECK(fi.Header("WARC-Refers-To") == "<urn:uuid:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa>");
  CHECK(fi.Header("WARC-BLOCK-DIGEST") == "sha1:QV3XBBHPNJWNDWJH5AB3GTCXCOSDBNZA");
  CHECK(fi.Header("content-type") == "text/plain");
  CHECK(fi.Header("Content-Length") == std::to_string(std::string_view(kFinnish).size()));
  CHECK(fi.Header("WARC-Truncated").empty());
  CHECK(fi.block == kFinnish);
  REQUIRE(fi.headers.size() == 9);
  CHECK(fi.headers[6].first == "WARC-Identified-Content-Language");
  CHECK(fi.headers[8].first == "Content-Length");

  CHECK(recs[2].block == kRussian);
  CHECK(recs[3].uri() == "https://example.jp/?q=%E5%9B%B3");
  CHECK(recs[3].block == kMixed);
  CHECK(recs[3].offset == wet.rfind("WARC/1.0"));
}

TEST_CASE("WarcReader counts Content-Length in bytes, not characters") {
  // "ä" and "—" are 2 and 3 bytes: 11 bytes, 8 characters.
  std::string data =
      "WARC/1.1\r\nWARC-Type: conversion\r\nWARC-Record-ID: <a>\r\nContent-Length: 11\r\n\r\n"
      "pää—end\r\n\r\n";
  CHECK(Events(data) == std::vector<std::string>{"<a>=pää—end"});
  CHECK(ReadAll(data)[0].version == "WARC/1.1");
}

TEST_CASE("WarcReader accepts LF line endings, folded fields and blank lines between records") {
  std::string lf =
      "\n\nWARC/1.0\nWARC-Type: conversion\nWARC-Record-ID: <a>\nContent-Length: 3\n\nabc\n\n"
      "\r\n\nWARC/1.0\nWARC-Record-ID: <b>\nWARC-Target-URI: http://x/\n  long/path\n"
      "Content-Length:   2  \n\nde\n\n\n";
  CHECK(Events(lf) == std::vector<std::string>{"<a>=abc", "<b>=de"});
  std::vector<WarcRecord> recs = ReadAll(lf);
  CHECK(recs[0].offset == 2);
  CHECK(recs[1].uri() == "http://x/ long/path");
  CHECK(recs[1].headers.size() == 3);
}

TEST_CASE("WarcReader reads a last record without its trailer") {
  std::string data =
      Small("<a>", "one") + "WARC/1.0\r\nWARC-Record-ID: <b>\r\nContent-Length: 3\r\n\r\ntwo";
  CHECK(Events(data) == std::vector<std::string>{"<a>=one", "<b>=two"});
  CHECK(Events(data + "\r") == std::vector<std::string>{"<a>=one", "<b>=two"});
  CHECK(Events(data + "\r\n\r") == std::vector<std::string>{"<a>=one", "<b>=two"});
}

TEST_CASE("WarcReader reports a malformed record with its offset and reads on") {
  std::string a = Small("<a>", "first"), c = Small("<c>", "third");
  auto around = [&](const std::string& bad) { return Events(a + bad + c); };
  // A record with the 6-byte block "second" after |fields|.
  auto with = [&](std::string_view fields) {
    return around("WARC/1.0\r\n" + std::string(fields) + "\r\nsecond\r\n\r\n");
  };
  auto expect = [&](std::string_view error) {
    return std::vector<std::string>{"<a>=first", At(a.size(), error), "<c>=third"};
  };
  const std::string_view kBadLine = "' (expected Name: value)";

  // clang-format off
  CHECK(with("WARC-Type: conversion\r\nContent-Length: 40\r\n") == expect("Content-Length 40 does not end at a record boundary"));
  CHECK(with("WARC-Type: conversion\r\nContent-Length: 3\r\n") == expect("Content-Length 3 does not end at a record boundary"));
  CHECK(with("WARC-Type: conversion\r\n") == expect("missing Content-Length"));
  CHECK(with("Content-Length: 6x\r\n") == expect("bad Content-Length '6x'"));
  CHECK(with("Content-Length: -6\r\n") == expect("bad Content-Length '-6'"));
  CHECK(with("Content-Length: +6\r\n") == expect("bad Content-Length '+6'"));
  CHECK(with("Content-Length:\r\n") == expect("bad Content-Length ''"));
  CHECK(with("Content-Length: 99999999999999999999999\r\n") == expect("bad Content-Length '99999999999999999999999'"));
  CHECK(with("WARC-Type: x\r\nno colon here\r\nContent-Length: 6\r\n") == expect("bad header line 'no colon here" + std::string(kBadLine)));
  CHECK(with("  folded first\r\nContent-Length: 6\r\n") == expect("bad header line '  folded first" + std::string(kBadLine)));
  CHECK(with("Bad\x01Name: x\r\nContent-Length: 6\r\n") == expect("bad header line 'Bad?Name: x" + std::string(kBadLine)));
  CHECK(with(": no name\r\nContent-Length: 6\r\n") == expect("bad header line ': no name" + std::string(kBadLine)));
  CHECK(around("garbage between records\r\nmore garbage\r\n\r\n") == expect("not a WARC record (expected WARC/1.x)"));
  CHECK(around("WARC/0.17\r\nWARC-Type: x\r\n\r\n") == expect("not a WARC record (expected WARC/1.x)"));
  CHECK(around(std::string(3000, 'x') + "\r\n") == expect("not a WARC record (expected WARC/1.x)"));
  // A record cut off in its header section, followed by a whole one.
  CHECK(around("WARC/1.0\r\nWARC-Type: conversion\r\n") == expect("bad header line 'WARC/1.0" + std::string(kBadLine)));
  // clang-format on
}

TEST_CASE("WarcReader finds a record swallowed by a too long Content-Length") {
  std::string a = Small("<a>", "first"), c = Small("<c>", "third"), d = Small("<d>", "fourth");
  std::string b = "WARC/1.0\r\nWARC-Record-ID: <b>\r\nContent-Length: 70\r\n\r\nsecond\r\n\r\n";
  CHECK((10 < 70 && 70 < 10 + c.size()));  // <b>'s block ends inside <c>
  CHECK(Events(a + b + c + d) ==
        std::vector<std::string>{
            "<a>=first", At(a.size(), "Content-Length 70 does not end at a record boundary"),
            "<c>=third", "<d>=fourth"});
  size_t ab = a.size() + b.size();
  CHECK(Offsets(a + b + c + d) == std::vector<uint64_t>{0, a.size(), ab, ab + c.size()});
  // The last record swallowed: the stream ends inside <b>'s block.
  std::string b200 = "WARC/1.0\r\nWARC-Record-ID: <b>\r\nContent-Length: 200\r\n\r\nsecond\r\n\r\n";
  CHECK(Events(a + b200 + c) ==
        std::vector<std::string>{"<a>=first",
                                 At(a.size(), "truncated record (Content-Length 200, " +
                                                  std::to_string(10 + c.size()) + " bytes left)"),
                                 "<c>=third"});
}

TEST_CASE("WarcReader reports a truncated last record and ends") {
  std::string a = Small("<a>", "first"), b = Small("<b>", "second record");
  std::string cut = b.substr(0, b.size() - 10);
  CHECK(Events(a + cut) ==
        std::vector<std::string>{
            "<a>=first", At(a.size(), "truncated record (Content-Length 13, 7 bytes left)")});
  CHECK(Events(a + "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Le") ==
        std::vector<std::string>{
            "<a>=first", At(a.size(), "truncated record (stream ends in the header section)")});
}

TEST_CASE("WarcReader skips a block over the limit and a header section over 1 MiB") {
  std::string a = Small("<a>", "first"), c = Small("<c>", "third");
  std::string big = Small("<b>", std::string(500, 'x'));
  CHECK(Events(a + big + c, 100) ==
        std::vector<std::string>{"<a>=first",
                                 At(a.size(), "record too large (Content-Length 500, limit 100)"),
                                 "<c>=third"});
  std::string huge_field = "WARC/1.0\r\nX-Long: " + std::string(WarcReader::kMaxHeaderBytes, 'y') +
                           "\r\nContent-Length: 1\r\n\r\nz\r\n\r\n";
  CHECK(EventsWith(a + huge_field + c, 4096, 1 << 20) ==
        std::vector<std::string>{
            "<a>=first", At(a.size(), "header section longer than 1048576 bytes"), "<c>=third"});
}

// Counts the members a writer closes.
class CountingSink : public StringSink {
 public:
  void EndMember() override { ++members; }
  int members = 0;
};

TEST_CASE("WriteWarcRecord writes back what WarcReader read") {
  std::string wet = WetFile();
  std::vector<WarcRecord> recs = ReadAll(wet);
  CountingSink sink;
  for (const WarcRecord& rec : recs) WriteWarcRecord(rec, sink);
  CHECK(sink.data() == wet);
  CHECK(sink.members == 4);

  // From LF input, the same records come back, written with CRLF.
  std::string lf;
  for (const WarcRecord& rec : recs) {
    lf += rec.version + "\n";
    for (const auto& [name, value] : rec.headers) lf += name + ":" + value + "\n";
    lf += "\n" + rec.block + "\n\n";
  }
  CountingSink from_lf;
  for (const WarcRecord& rec : ReadAll(lf)) WriteWarcRecord(rec, from_lf);
  CHECK(from_lf.data() == wet);
}

TEST_CASE("WriteWarcRecord sets Content-Length to the block it writes") {
  WarcRecord rec = ReadAll(WetFile())[1];
  rec.block = "Päätös syntyi.\n";
  rec.RemoveHeader("WARC-Block-Digest");
  CountingSink sink;
  WriteWarcRecord(rec, sink);
  WarcRecord back = ReadAll(sink.data()).at(0);
  CHECK(back.block == "Päätös syntyi.\n");
  CHECK(back.Header("Content-Length") == "18");
  CHECK(back.headers.size() == 8);
  CHECK(back.headers.back().first == "Content-Length");  // where it was, not appended
  CHECK(back.Header("WARC-Block-Digest").empty());

  WarcRecord fresh;
  fresh.SetHeader("WARC-Type", "conversion");
  fresh.SetHeader("WARC-Target-URI", "http://a/\r\nInjected: yes");
  fresh.SetHeader("Content-Length", "999");
  fresh.headers.emplace_back("content-length", "5");
  fresh.block = "hello";
  CountingSink out;
  WriteWarcRecord(fresh, out);
  CHECK(out.data() ==
        "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: http://a/  Injected: yes\r\n"
        "Content-Length: 5\r\n\r\nhello\r\n\r\n");
  CHECK(out.members == 1);
  WarcRecord bare;
  StringSink bare_out;
  WriteWarcRecord(bare, bare_out);
  CHECK(bare_out.data() == "WARC/1.0\r\nContent-Length: 0\r\n\r\n\r\n\r\n");
}

TEST_CASE("WarcReader survives random and mutated input") {
  std::string valid = WetFile() + Small("<z>", std::string(300, 'z'));
  std::mt19937 rng(20240221);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  int records = 0, malformed = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string data = valid;
    if (round % 10 == 0) {
      data.resize(pick(2000));
      for (char& c : data) c = static_cast<char>(pick(256));
    } else {
      for (int edits = 1 + pick(4); edits > 0; --edits) {
        size_t at = pick(data.size() + 1);
        switch (pick(6)) {
          case 0:
            if (at < data.size()) data[at] = static_cast<char>(pick(256));
            break;
          case 1:
            data.erase(at, pick(40));
            break;
          case 2:
            data.insert(at, valid.substr(pick(valid.size()), pick(200)));
            break;
          case 3:
            data.insert(at, "WARC/1.0\r\n");
            break;
          case 4:
            if (at < data.size() && data[at] >= '0' && data[at] <= '9') data[at] = '0' + pick(10);
            break;
          case 5:
            data.resize(at);
            break;
        }
      }
    }
    StringSource source(data);
    BufferedReader in(source, 1 + pick(512));
    WarcReader reader(in, round % 3 == 0 ? 200 : WarcReader::kDefaultMaxBlock, 1 + pick(300));
    WarcRecord rec;
    std::string error;
    size_t calls = 0;
    uint64_t last_offset = 0;
    for (WarcStatus s; (s = reader.Next(&rec, &error)) != WarcStatus::kEnd;) {
      REQUIRE(++calls <= data.size() + 1);
      REQUIRE((calls == 1 || rec.offset > last_offset));
      last_offset = rec.offset;
      if (s == WarcStatus::kMalformed) {
        ++malformed;
        REQUIRE(error.starts_with("offset " + std::to_string(rec.offset) + ": "));
        continue;
      }
      ++records;
      REQUIRE(data.compare(rec.offset, 8, rec.version) == 0);
      REQUIRE(rec.Header("Content-Length") == std::to_string(rec.block.size()));
      REQUIRE(rec.offset + rec.block.size() <= data.size());
      StringSink again;
      WriteWarcRecord(rec, again);
      std::vector<WarcRecord> back = ReadAll(again.data());
      REQUIRE(back.size() == 1);
      REQUIRE(back[0].block == rec.block);
      StringSink twice;
      WriteWarcRecord(back[0], twice);
      REQUIRE(twice.data() == again.data());
    }
  }
  CHECK(records > 3000);
  CHECK(malformed > 1000);
}

TEST_CASE("ParseHttpResponse splits status, fields and body") {
  HttpResponse r;
  std::string crlf =
      "HTTP/1.1 200 OK\r\nDate: Tue, 20 Feb 2024 22:03:11 GMT\r\n"
      "content-type: text/html; charset=UTF-8\r\nX-Long: a\r\n b\r\n\r\n<html>\r\n\r\nhi</html>";
  REQUIRE(ParseHttpResponse(crlf, &r));
  CHECK(r.status == 200);
  CHECK(r.Header("Content-Type") == "text/html; charset=UTF-8");
  CHECK(r.Header("x-long") == "a b");
  CHECK(r.Header("Content-Length").empty());
  CHECK(r.headers.size() == 3);
  CHECK(r.body == "<html>\r\n\r\nhi</html>");
  CHECK(r.body.data() == crlf.data() + crlf.find("<html>"));

  REQUIRE(ParseHttpResponse("HTTP/1.0 404 Not Found\nContent-Type: text/plain\nbroken line\n\ngone",
                            &r));
  CHECK(r.status == 404);
  CHECK(r.Header("content-type") == "text/plain");
  CHECK(r.headers.size() == 1);
  CHECK(r.body == "gone");

  REQUIRE(ParseHttpResponse("HTTP/2 301\r\nLocation: /x\r\n", &r));
  CHECK(r.status == 301);
  CHECK(r.Header("Location") == "/x");
  CHECK(r.body.empty());

  for (const char* garbage :
       {"", "<html>hi</html>", "HTTP/1.1 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n", "HTTP/1.1 2000\r\n",
        "HTTP/x 200 OK\r\n", "HTTP/1.1  200 OK\r\n", "WARC/1.0 200\r\n", "HTTP/1.1 099 low\r\n"}) {
    CHECK_MESSAGE(!ParseHttpResponse(garbage, &r), garbage);
  }
}

}  // namespace
}  // namespace boilerstrip
