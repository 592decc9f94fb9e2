// What every kind of rule pack shares: a TOML file of one [pack] table and [[rule]]
// tables, with errors that name file:line. Rule packs (rules.h) and structure packs
// (structure_rules.h) are read through these.
#ifndef BOILERSTRIP_PIPELINE_TOML_PACK_H_
#define BOILERSTRIP_PIPELINE_TOML_PACK_H_

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace boilerstrip {

// Throws ConfigError "<file>:<line of node>: <msg>".
[[noreturn]] void PackFail(std::string_view file, const toml::node& node, std::string_view msg);

// The strings listed under |key| in |t| (none if absent). Throws ConfigError.
std::vector<std::string> PackStringList(std::string_view file, const toml::table& t, std::string_view key);

// Parses |toml_text| into |*root| and returns its [pack] table, after checking that the
// file holds only [pack] and [[rule]] and that [pack] holds only |pack_keys|.
// Throws ConfigError naming file:line.
const toml::table& ParsePack(std::string_view name, std::string_view toml_text,
                             const std::set<std::string_view>& pack_keys, toml::table* root);

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_TOML_PACK_H_
