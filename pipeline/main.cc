// boilerstrip: strips web boilerplate from scraped pages. See README.md.
#include <sys/mman.h>
#include <unistd.h>

#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#if defined(BOILERSTRIP_MIMALLOC)
#include <mimalloc.h>
#endif
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "formats/charset.h"
#include "pipeline/driver.h"
#include "pipeline/pipeline.h"
#include "pipeline/plan.h"
#include "pipeline/registry.h"
#include "pipeline/rules.h"
#include "pipeline/site_counts.h"
#include "pipeline/status.h"

namespace bs = boilerstrip;

namespace {

int PrintStages() {
  for (const bs::StageInfo& s : bs::StageRegistry())
    std::cout << fmt::format("{:<16} {}\n", s.name, s.description);
  return bs::kExitOk;
}

int CheckRules(const std::string& dir) {
  bs::RuleBook book;
  if (dir.empty()) book.LoadEmbedded();
  else book.LoadDirectory(dir);
  bs::StructureRules structure;  // rules/structure/*.toml: HTML class/id vocabulary
  if (dir.empty()) structure.LoadEmbedded();
  else structure.LoadDirectory(dir);
  std::vector<std::string> failures = bs::CheckRuleExamples(book);
  for (const std::string& f : bs::CheckStructureExamples(structure)) failures.push_back(f);
  for (const std::string& f : failures) std::cerr << f << "\n";
  size_t examples = 0;
  for (const bs::Rule& r : book.rules()) examples += r.examples.size() + r.counterexamples.size();
  for (const bs::StructureRule& r : structure.rules()) examples += r.examples.size() + r.counterexamples.size();
  std::cout << fmt::format("{} packs, {} rules, {} examples: {} failed\n", book.packs().size() + structure.packs(),
                           book.rules().size() + structure.rules().size(), examples, failures.size());
  return failures.empty() ? bs::kExitOk : bs::kExitUsage;
}

void SetUpLogging(int verbosity, bool quiet) {
  auto logger = spdlog::stderr_color_mt("boilerstrip");
  logger->set_pattern("boilerstrip: %^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(quiet ? spdlog::level::err
                    : verbosity >= 2 ? spdlog::level::debug
                    : verbosity == 1 ? spdlog::level::info
                                     : spdlog::level::warn);
}

#if defined(BOILERSTRIP_MIMALLOC)
// Gives mimalloc 128 MiB of address space (what two workers' memos and buffers need)
// marked for transparent huge pages. The memos and chunk buffers are tens of MB touched a
// page at a time: on 2 MiB pages a run takes under half the page faults at -j 1 and a
// fifth at -j 2, where it also takes a quarter less CPU. Pages come only where touched, as
// before; beyond the arena, and where the kernel has no huge pages, mimalloc asks the
// system as usual.
void ReserveHugePageArena() {
  constexpr size_t kSize = size_t{128} << 20;
  constexpr size_t kAlign = size_t{64} << 20;  // mimalloc's segment alignment
  void* p = mmap(nullptr, kSize + kAlign, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return;
  auto* base = static_cast<char*>(p);
  auto* start = reinterpret_cast<char*>((reinterpret_cast<uintptr_t>(p) + kAlign - 1) & ~(kAlign - 1));
  if (start > base) munmap(base, static_cast<size_t>(start - base));
  munmap(start + kSize, static_cast<size_t>(base + kSize + kAlign - (start + kSize)));
  madvise(start, kSize, MADV_HUGEPAGE);
  mi_manage_os_memory(start, kSize, /*is_committed=*/true, /*is_large=*/false,
                      /*is_zero=*/true, /*numa_node=*/-1);
}
#endif

}  // namespace

int main(int argc, char** argv) {
#if defined(BOILERSTRIP_MIMALLOC)
  ReserveHugePageArena();
#endif
  CLI::App app{"boilerstrip: strips web boilerplate (menus, related links, footers, captions) "
               "from scraped pages"};
  app.set_version_flag("--version", std::string("boilerstrip ") + BOILERSTRIP_VERSION);
  app.require_subcommand(1);
  int verbosity = 0;
  bool quiet = false;

  bs::CleanOptions clean;
  bs::EngineConfig engine_config;
  bool no_default_rules = false;
  std::string format, output_format, shard, on_error = "skip", site_counts, count_out, input_encoding;
  size_t max_page_mb = bs::kMaxRecordBytes >> 20;
  std::vector<std::string> merge_inputs;
  clean.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  CLI::App* clean_cmd = app.add_subcommand(
      "clean", "clean pages: text, HTML, JSONL or WARC/WET files (.gz, .zst), directories of them, or stdin");
  CLI::App* count_cmd = app.add_subcommand(
      "count", "count each site's lines across its documents (pass 1 of site_lines) into a count file");
  CLI::App* merge_cmd = app.add_subcommand("merge", "add count files into one");

  // What clean and count share: which inputs, how they are read, and the pipeline.
  for (CLI::App* cmd : {clean_cmd, count_cmd}) {
    cmd->add_option("inputs", clean.inputs, "files or directories; none or - reads stdin");
    cmd->add_option("--exclude", clean.excludes, "skip files whose name matches GLOB (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("-j,--threads", clean.threads, "worker threads (default: all cores)")
        ->check(CLI::Range(1, 1024));
    cmd->add_option("--format", format,
                    "read inputs as text, html, jsonl or warc (+.gz/.zst for stdin); default: by extension");
    cmd->add_option("--input-encoding", input_encoding,
                    "read text and HTML files in charset NAME (windows-1251, shift_jis...) instead of "
                    "detecting it; JSONL and WARC records keep UTF-8 / their HTTP charset")
        ->type_name("NAME");
    cmd->add_option("--max-page-mb", max_page_mb,
                    "largest text page, JSONL line or WARC record, in MiB; each worker may hold one")
        ->check(CLI::Range(1, 1024))
        ->type_name("MB")
        ->capture_default_str();
    cmd->add_option("--text-field", clean.fields.text, "JSONL field holding the page")->capture_default_str();
    cmd->add_flag("--html", clean.html, "the JSONL text field holds HTML (cleaned to text)");
    cmd->add_option("--id-field", clean.fields.id, "JSONL field naming the record in messages")
        ->capture_default_str();
    cmd->add_option("--url-field", clean.fields.url, "JSONL field whose host is the page's site")
        ->capture_default_str();
    cmd->add_option("--site-key", clean.fields.site, "JSONL field that is the page's site (instead of the URL's host)");
    cmd->add_option("--shard", shard, "only the K-th of N equal parts of the input files (K/N, 0 <= K < N)");
    cmd->add_option("--on-error", on_error, "skip: report a bad input or record and go on; fail: stop the run")
        ->check(CLI::IsMember({"skip", "fail"}))
        ->capture_default_str();
    cmd->add_option("--report", clean.report_path, "write a JSON run report to FILE");
    cmd->add_option("--config", engine_config.config_path, "pipeline TOML (default: built in)")
        ->check(CLI::ExistingFile);
    cmd->add_option("--rules", engine_config.rule_dirs, "extra rule-pack directory (repeatable)")
        ->check(CLI::ExistingDirectory)
        ->allow_extra_args(false);
    cmd->add_flag("--no-default-rules", no_default_rules, "do not load the built-in rule packs");
  }
  for (CLI::App* cmd : {clean_cmd, count_cmd, merge_cmd}) {
    cmd->add_flag("-v,--verbose", verbosity, "more log output on stderr (-vv: debug)");
    cmd->add_flag("-q,--quiet", quiet, "only errors on stderr");
  }
  clean_cmd->add_option("-o,--output", clean.output_dir, "output directory (default: stdout)");
  clean_cmd->add_flag("--explain", clean.explain, "print every removed line with its stage/rule");
  clean_cmd->add_option("--explain-to", clean.explain_to, "write --explain lines to FILE instead of stderr");
  clean_cmd->add_flag("--summary", clean.summary, "print removal counts per stage and rule to stderr");
  clean_cmd->add_option("--output-format", output_format,
                        "write text, jsonl or wet (+.gz/.zst); default: the input's format, jsonl for warc");
  clean_cmd->add_flag("--resume", clean.resume, "skip inputs whose output file already exists");
  auto* counts_opt = clean_cmd->add_option("--site-counts", site_counts, "remove site template lines using this count file")
      ->check(CLI::ExistingFile);
  clean_cmd->add_flag("--site-lines", clean.site_lines, "count site lines over the inputs first, then clean with the counts")
      ->excludes(counts_opt);
  count_cmd->add_option("-o,--output", count_out, "the count file to write")->required();
  merge_cmd->add_option("counts", merge_inputs, "count files")->required()->check(CLI::ExistingFile);
  merge_cmd->add_option("-o,--output", count_out, "the count file to write")->required();

  CLI::App* stages_cmd = app.add_subcommand("stages", "list the stages a pipeline can use");
  CLI::App* rules_cmd = app.add_subcommand("rules", "rule-pack tools");
  rules_cmd->require_subcommand(1);
  std::string rules_dir;
  CLI::App* check_cmd = rules_cmd->add_subcommand(
      "check", "validate rule packs and run every rule's examples (default: the built-in packs)");
  check_cmd->add_option("dir", rules_dir, "directory of rule packs")->check(CLI::ExistingDirectory);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? bs::kExitOk : bs::kExitUsage;
  }
  SetUpLogging(verbosity, quiet);
  if (clean.explain_to.size()) clean.explain = true;
  clean.fail_fast = on_error == "fail";
  clean.progress = !quiet && ::isatty(STDERR_FILENO);
  engine_config.default_rules = !no_default_rules;

  try {
    if (*stages_cmd) return PrintStages();
    if (*check_cmd) return CheckRules(rules_dir);
    if (!format.empty()) clean.format = bs::ParseFormatOption(format, "--format");
    if (!output_format.empty()) clean.output_format = bs::ParseFormatOption(output_format, "--output-format");
    if (!shard.empty()) bs::ParseShard(shard, &clean);
    // Standard input is a stream of one format with no name to write an output under.
    if (clean.inputs.size() > 1 &&
        std::find(clean.inputs.begin(), clean.inputs.end(), "-") != clean.inputs.end())
      throw bs::ConfigError("'-' (standard input) must be the only input; "
                            "save the stream to a file to clean it with others");
    clean.max_page_bytes = max_page_mb << 20;
    if (!input_encoding.empty()) {
      clean.input_encoding = bs::KnownCharset(input_encoding);
      if (clean.input_encoding.empty())
        throw bs::ConfigError(fmt::format("--input-encoding: unknown encoding '{}'", input_encoding));
    }
    if (*merge_cmd) {
      std::vector<std::filesystem::path> paths(merge_inputs.begin(), merge_inputs.end());
      bs::SiteCounts::Merge(paths, count_out);
      return bs::kExitOk;
    }
    bs::InputWalk walk(clean);
    clean.walk = &walk;
    auto engine = bs::Engine::Build(engine_config);
    if (*count_cmd) return bs::RunCount(clean, *engine, count_out);
    if (!site_counts.empty()) {
      try {
        engine->SetSiteCounts(bs::SiteCounts::Load(site_counts));
      } catch (const bs::InputError& e) {
        throw bs::ConfigError(e.what());  // nothing is cleaned without the counts asked for
      }
    }
    return bs::RunClean(clean, *engine);
  } catch (const bs::ConfigError& e) {
    spdlog::error("{}", e.what());
    return bs::kExitUsage;
  } catch (const bs::InputError& e) {
    spdlog::error("{}", e.what());
    return bs::kExitInputFailed;
  }
}
