// File helpers for the driver: whole-file reads, atomic writes, input discovery.
#ifndef BOILERSTRIP_PIPELINE_FILES_H_
#define BOILERSTRIP_PIPELINE_FILES_H_

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace boilerstrip {

// Writes |data| to a temporary file beside |path| and renames it over |path|, creating
// parent directories; on failure removes the temporary file and throws InputError.
void WriteFileAtomic(const std::filesystem::path& path, std::string_view data);

struct InputFile {
  // Strings, not std::filesystem::path, which splits itself into components when made:
  // for many small pages, that cost more than finding them.
  std::string path;  // as found
  // The file's path under the output directory is the end of |path| of this size: its
  // name, or its path under the folder named on the command line (a walk of hundreds of
  // thousands of pages keeps one string a page, not two).
  uint32_t relative_size = 0;
  uint64_t size = 0;  // bytes on disk; 0 if unknown
};

// Expands files and directories (walked recursively for the file names |wanted| takes,
// symlinked directories not followed) into input files, skipping file names matching
// |excludes| and anything under |skip_dir|. Files named directly are always taken.
// Missing inputs go to |missing| with the reason. A directory's files come in the order
// of their relative paths, compared component by component. A file's size is asked for
// only if |sizes| (a walk finds a regular file in a folder without asking it anything,
// and most of a walk's time is asking). Up to |threads| threads ask a big folder's
// files. Once |*cancel| (if given) is set, the walk stops soon, its result incomplete.
std::vector<InputFile> FindInputs(const std::vector<std::string>& inputs,
                                  const std::function<bool(const std::string&)>& wanted,
                                  const std::vector<std::string>& excludes,
                                  const std::filesystem::path& skip_dir, bool sizes, int threads,
                                  std::vector<std::pair<std::string, std::string>>* missing,
                                  const std::atomic<bool>* cancel = nullptr);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_FILES_H_
