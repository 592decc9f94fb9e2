// Helpers for the io tests: scratch directories, whole-stream reads, shell commands and
// text that compresses like crawled text.
#ifndef BOILERSTRIP_TESTS_IO_IO_TEST_UTIL_H_
#define BOILERSTRIP_TESTS_IO_IO_TEST_UTIL_H_

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include "io/stream.h"
#include "pipeline/status.h"

namespace boilerstrip::testing {

// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "io_test.XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  // The names of the entries directly inside, sorted.
  std::vector<std::string> List() const { return ListOf(path_); }
  static std::vector<std::string> ListOf(const std::filesystem::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir))
      names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::filesystem::path path_;
};

inline std::string ReadAll(ByteSource& source, size_t chunk = 100000) {
  std::string out, buf(chunk, '\0');
  while (size_t n = source.Read(buf.data(), buf.size())) out.append(buf.data(), n);
  return out;
}

inline std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void Spit(const std::filesystem::path& path, std::string_view data) {
  std::ofstream out(path, std::ios::binary);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

// The standard output of |command| run by the shell.
inline std::string Shell(const std::string& command) {
  std::FILE* p = ::popen(command.c_str(), "r");
  if (!p) throw std::runtime_error("popen failed");
  std::string out;
  char buf[1 << 16];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  return out;
}

// Runs |body| in a forked child and returns what it returned, for tests that change
// process state: resource limits, standard streams, signal dispositions.
inline std::string InChild(const std::function<std::string()>& body) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    std::string out;
    try {
      out = body();
    } catch (const std::exception& e) {
      out = std::string("exception: ") + e.what();
    }
    for (size_t done = 0; done < out.size();) {
      ssize_t n = ::write(fds[1], out.data() + done, out.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::_exit(0);  // not exit(): the parent's objects are not the child's to destroy
  }
  ::close(fds[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
    out.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status)) return "child killed by signal " + std::to_string(WTERMSIG(status));
  return out;
}

// The message of the InputError that |f| throws, or "no error".
inline std::string ErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

// |bytes| of sentences drawn from a small vocabulary by a fixed pseudo-random sequence:
// it compresses about as well as crawled text (3-5x), not like a repeated block.
inline std::string Prose(size_t bytes) {
  static const char* const kWords[] = {
      "the",    "council", "voted",   "on",     "a",      "new",     "budget", "for",
      "river",  "bridge",  "repairs", "after",  "months", "of",      "debate", "and",
      "public", "hearings", "where",  "many",   "local",  "traders", "said",   "that",
      "their",  "shops",   "lost",    "trade",  "during", "closure", "while",  "others",
      "argued", "costs",   "rose",    "faster", "than",   "planned", "in",     "spring"};
  std::string out;
  out.reserve(bytes + 64);
  uint64_t x = 88172645463325252ull;
  while (out.size() < bytes) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    out += kWords[x % std::size(kWords)];
    out += (x >> 20) % 11 == 0 ? ".\n" : " ";
  }
  out.resize(bytes);
  return out;
}

}  // namespace boilerstrip::testing

#endif  // BOILERSTRIP_TESTS_IO_IO_TEST_UTIL_H_
