// Errors from loading configuration, rules and inputs. Loading returns an Error that
// names the place ("rules/fi.toml:17: bad regex: missing )"); main maps it to an exit code.
#ifndef BOILERSTRIP_PIPELINE_STATUS_H_
#define BOILERSTRIP_PIPELINE_STATUS_H_

#include <optional>
#include <stdexcept>
#include <string>

namespace boilerstrip {

// A configuration or usage error: nothing has been written yet. Exit code 2.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An input that cannot be processed (missing, binary, unreadable). Exit code 1;
// the other inputs are still processed.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace boilerstrip

#endif  // BOILERSTRIP_PIPELINE_STATUS_H_
