#include <doctest/doctest.h>

#include "io/stream.h"
#include "pipeline/status.h"
#include "tests/io/io_test_util.h"

namespace boilerstrip {
namespace {

// The lines of |text| read through a buffer of |buffer_size| bytes, joined by '|'.
std::string Lines(const std::string& text, size_t buffer_size, size_t max_line = 100) {
  StringSource source(text);
  BufferedReader reader(source, buffer_size);
  std::string out, line;
  while (reader.ReadLine(&line, max_line)) out += line + "|";
  CHECK(reader.offset() == text.size());
  CHECK(reader.AtEnd());
  return out;
}

TEST_CASE("ReadLine splits lines across any buffer boundary") {
  std::string text = "alpha\nbe\n\ngamma delta epsilon\nz";
  for (size_t size : {1, 2, 3, 4, 7, 64})
    CHECK(Lines(text, size) == "alpha|be||gamma delta epsilon|z|");
  CHECK(Lines("", 4) == "");
  CHECK(Lines("\n", 4) == "|");
  CHECK(Lines("a\n\n", 4) == "a||");
  CHECK(Lines("dos\r\nline\r\n", 3) == "dos\r|line\r|");
}

TEST_CASE("ReadLine refuses a line longer than max_line") {
  CHECK(Lines("12345\n123\n", 4, 5) == "12345|123|");
  CHECK(Lines("12345", 4, 5) == "12345|");
  StringSource source("ok\n123456\nnext\n");
  BufferedReader reader(source, 4);
  std::string line;
  CHECK(reader.ReadLine(&line, 5));
  CHECK(testing::ErrorOf([&] { reader.ReadLine(&line, 5); }) == "line longer than 5 bytes");
}

TEST_CASE("ReadLine leaves the spare capacity asked for, whether the line spans buffers or not") {
  std::string long_line(5000, 'x');
  std::string text = "short\n" + long_line + "\n\nlast";
  for (size_t size : {size_t{3}, size_t{64}, size_t{1} << 16}) {
    CAPTURE(size);
    StringSource source(text);
    BufferedReader reader(source, size);
    std::string line;
    for (const std::string& want : {std::string("short"), long_line, std::string(), std::string("last")}) {
      REQUIRE(reader.ReadLine(&line, 1 << 20, 64));
      CHECK(line == want);
      CHECK(line.capacity() >= line.size() + 64);
    }
    CHECK_FALSE(reader.ReadLine(&line, 1 << 20, 64));
  }
}

TEST_CASE("Read takes blocks, fewer only at the end") {
  StringSource source("header\n0123456789tail");
  BufferedReader reader(source, 4);
  std::string line, block;
  CHECK(reader.ReadLine(&line, 100));
  CHECK(reader.Read(10, &block) == 10);
  CHECK(block == "0123456789");
  CHECK(reader.offset() == 17);
  CHECK(!reader.AtEnd());
  CHECK(reader.Read(10, &block) == 4);
  CHECK(block == "0123456789tail");
  CHECK(reader.Read(10, &block) == 0);
  CHECK(reader.AtEnd());
  CHECK(!reader.ReadLine(&line, 100));
  CHECK(reader.offset() == 21);
  CHECK(reader.raw_offset() == 21);
}

}  // namespace
}  // namespace boilerstrip
