#include "pipeline/plan.h"

#include <pthread.h>

#include <cassert>
#include <deque>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>
#include <unordered_set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "pipeline/files.h"
#include "pipeline/status.h"

namespace boilerstrip {
namespace fs = std::filesystem;

namespace {

bool IsInputName(const std::string& name) { return FormatOfFileName(name).has_value(); }

StreamFormat InputFormat(std::string_view name, const CleanOptions& options) {
  StreamFormat f = FormatOfFileName(name).value_or(StreamFormat{Format::kText, CompressionOf(name)});
  if (options.format) {
    f.format = options.format->format;
    if (options.format->compression) f.compression = *options.format->compression;
  }
  return f;
}

StreamFormat OutputFormat(StreamFormat in, const CleanOptions& options, bool to_stdout) {
  StreamFormat out{in.format == Format::kWarc ? Format::kJsonl : in.format == Format::kHtml ? Format::kText : in.format,
                   to_stdout ? Compression::kNone : in.compression};
  if (options.output_format) {
    out.format = options.output_format->format;
    if (options.output_format->compression) out.compression = *options.output_format->compression;
  }
  if (out.format == Format::kWarc) out.format = Format::kWet;
  bool ok = out.format == in.format || (in.format == Format::kWarc && out.format != Format::kText) ||
            (in.format == Format::kHtml && out.format == Format::kText);
  if (!ok)
    throw ConfigError(fmt::format("cannot write {} input as {} (text stays text, jsonl stays jsonl, "
                                  "warc becomes jsonl or wet)",
                                  FormatName(in.format), FormatName(out.format)));
  return out;
}

bool UsesStdin(const CleanOptions& options) {
  return options.inputs.empty() || (options.inputs.size() == 1 && options.inputs[0] == "-");
}

// The files of |options|' inputs; the output folder is never read back. Their sizes are
// only for a progress bar's percentage.
std::vector<InputFile> WalkInputs(const CleanOptions& options,
                                  std::vector<std::pair<std::string, std::string>>* missing,
                                  const std::atomic<bool>* cancel = nullptr) {
  return FindInputs(options.inputs, IsInputName, options.excludes, options.output_dir, options.progress,
                    options.threads, missing, cancel);
}

}  // namespace

InputWalk::InputWalk(const CleanOptions& options) {
  if (UsesStdin(options)) return;
  try {
    thread_ = std::thread([this, &options] {
      pthread_setname_np(pthread_self(), "bs-walk");
      try {
        found_ = WalkInputs(options, &missing_, &cancel_);
      } catch (...) {
        error_ = std::current_exception();
      }
    });
  } catch (const std::system_error&) {
    // No thread to be had: PlanInputs walks the inputs itself.
  }
}

InputWalk::~InputWalk() {
  cancel_ = true;
  if (thread_.joinable()) thread_.join();
}

bool InputWalk::Take(std::vector<InputFile>* found, std::vector<std::pair<std::string, std::string>>* missing) {
  if (taken_ || !thread_.joinable()) return false;
  taken_ = true;
  thread_.join();
  if (error_) std::rethrow_exception(error_);
  *found = std::move(found_);
  *missing = std::move(missing_);
  return true;
}

std::vector<Input> PlanInputs(const CleanOptions& options, RunReport* report, bool counting) {
  std::vector<Input> inputs;
  if (UsesStdin(options)) {
    if (!options.output_dir.empty())
      throw ConfigError("-o needs input files or directories; stdin is cleaned to stdout");
    if (options.resume) throw ConfigError("--resume needs -o: stdin is cleaned to stdout");
    Input in;
    in.in.format = options.format ? options.format->format : Format::kText;
    in.in.compression = options.format ? options.format->compression.value_or(Compression::kNone)
                                       : Compression::kNone;
    in.out = OutputFormat(in.in, options, true);
    inputs.push_back(in);
    return inputs;
  }
  if (options.resume && options.output_dir.empty())
    throw ConfigError("--resume needs -o: it skips inputs whose output file exists");
  fs::path out_dir(options.output_dir);
  std::vector<std::pair<std::string, std::string>> missing;
  std::vector<InputFile> found;
  if (!options.walk || !options.walk->Take(&found, &missing)) found = WalkInputs(options, &missing);
  for (const auto& [input, reason] : missing) {
    spdlog::error("{}: {}", input, reason);
    ++report->inputs_failed;
    report->failures.push_back({input, reason});
  }
  // Every output planned, to refuse two inputs one output: views of the inputs' own
  // output paths (|inputs| is reserved, so they stay put), or of |skipped|'s.
  std::unordered_set<std::string_view> outputs;
  std::deque<std::string> skipped;
  inputs.reserve(found.size() / static_cast<size_t>(options.shards) + 1);
  std::optional<StreamFormat> stdout_format;
  // A page's site is its folder, the same for the folder's pages, which come together.
  // Without a current directory (deleted under us), relative paths keep relative sites.
  std::error_code cwd_ec;
  fs::path cwd = fs::current_path(cwd_ec);
  std::string folder = "\n";  // the parent folder of no path
  std::error_code out_ec;
  bool out_dir_exists = !out_dir.empty() && (fs::exists(out_dir, out_ec) || out_ec);
  std::shared_ptr<const std::string> site;
  for (size_t i = 0; i < found.size(); ++i) {
    if (static_cast<int>(i % options.shards) != options.shard) continue;
    InputFile& file = found[i];
    Input in;
    in.path = std::move(file.path);
    // Its path under the output folder: the end of its path (InputFile::relative_size).
    const std::string_view relative = std::string_view(in.path).substr(in.path.size() - file.relative_size);
    std::string_view name = in.path;
    size_t slash = name.rfind('/');
    std::string_view parent = name.substr(0, slash == name.npos ? 0 : slash);
    name.remove_prefix(slash == name.npos ? 0 : slash + 1);
    if (parent != folder) {
      folder = parent;
      fs::path path(in.path);
      site = std::make_shared<const std::string>(
          (path.is_absolute() ? path : cwd / path).lexically_normal().parent_path().string());
    }
    in.site = site;
    in.in = InputFormat(name, options);
    in.out = OutputFormat(in.in, options, out_dir.empty());
    in.size = file.size;
    std::error_code ec;
    if (counting) {
    } else if (out_dir.empty()) {
      if (stdout_format && stdout_format->format != in.out.format)
        throw ConfigError(fmt::format("{} would go to stdout as {} after {} output; use -o DIR",
                                      in.label(), FormatName(in.out.format), FormatName(stdout_format->format)));
      stdout_format = in.out;
    } else {
      in.output = (out_dir / OutputFileName(relative, in.in, in.out)).lexically_normal().native();
      // In an output folder yet to be made (a first run), no output exists: no stat each.
      bool exists = out_dir_exists && fs::exists(in.output, ec);
      if (exists && fs::equivalent(in.output, in.path, ec))
        throw ConfigError(fmt::format("refusing to write over input {}", in.label()));
      if (outputs.contains(in.output))
        throw ConfigError(fmt::format("two inputs would be written to {}", in.output));
      if (options.resume && exists) {
        ++report->inputs_resumed;
        outputs.insert(skipped.emplace_back(std::move(in.output)));
        continue;
      }
    }
    assert(inputs.size() < inputs.capacity());  // |outputs| holds views into |inputs|
    inputs.push_back(std::move(in));
    if (!inputs.back().output.empty()) outputs.insert(inputs.back().output);
  }
  if (report->inputs_resumed)
    spdlog::info("--resume: {} input(s) already have their output, skipped", report->inputs_resumed);
  return inputs;
}

}  // namespace boilerstrip
