#include "runtime/pubsub/route_match.h"

#include <boost/json.hpp>
#include <cctype>

namespace lichen::pubsub {
namespace {

namespace json = boost::json;

// A recursive-descent parser that evaluates as it goes:
//   or := and ("||" and)*   and := unary ("&&" unary)*   unary := "!" unary | "(" or ")" | cmp
//   cmp := path op literal  path := "event" ("." name)*  op := == != < <= > >=
class Evaluator {
 public:
  Evaluator(std::string_view text, const json::value& event) : text_(text), event_(event) {}

  std::optional<bool> run() {
    auto value = parseOr();
    skipSpace();
    if (!value || pos_ != text_.size()) return std::nullopt;
    return value;
  }

 private:
  void skipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool take(std::string_view token) {
    skipSpace();
    if (text_.substr(pos_, token.size()) != token) return false;
    pos_ += token.size();
    return true;
  }

  std::optional<bool> parseOr() {
    auto left = parseAnd();
    while (left && take("||")) {
      auto right = parseAnd();
      if (!right) return std::nullopt;
      left = *left || *right;
    }
    return left;
  }
  std::optional<bool> parseAnd() {
    auto left = parseUnary();
    while (left && take("&&")) {
      auto right = parseUnary();
      if (!right) return std::nullopt;
      left = *left && *right;
    }
    return left;
  }
  std::optional<bool> parseUnary() {
    if (take("!")) {
      auto inner = parseUnary();
      return inner ? std::optional<bool>(!*inner) : std::nullopt;
    }
    if (take("(")) {
      auto inner = parseOr();
      if (!inner || !take(")")) return std::nullopt;
      return inner;
    }
    return parseComparison();
  }

  std::optional<bool> parseComparison() {
    if (!take("event")) return std::nullopt;
    const json::value* current = &event_;
    while (take(".")) {
      size_t start = pos_;
      while (pos_ < text_.size() &&
             (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
        ++pos_;
      }
      if (start == pos_) return std::nullopt;
      std::string_view name = text_.substr(start, pos_ - start);
      const json::object* object = current ? current->if_object() : nullptr;
      current = object ? object->if_contains(json::string_view(name.data(), name.size())) : nullptr;
    }
    std::string op;
    for (const char* candidate : {"==", "!=", "<=", ">=", "<", ">"}) {
      if (take(candidate)) {
        op = candidate;
        break;
      }
    }
    if (op.empty()) return std::nullopt;
    auto literal = parseLiteral();
    if (!literal) return std::nullopt;
    return compare(current, op, *literal);
  }

  std::optional<json::value> parseLiteral() {
    skipSpace();
    if (pos_ >= text_.size()) return std::nullopt;
    char quote = text_[pos_];
    if (quote == '"' || quote == '\'') {
      size_t end = text_.find(quote, pos_ + 1);
      if (end == std::string_view::npos) return std::nullopt;
      json::value out = json::string(text_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end + 1;
      return out;
    }
    if (take("true")) return json::value(true);
    if (take("false")) return json::value(false);
    size_t start = pos_;
    while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) ||
                                   text_[pos_] == '.' || text_[pos_] == '-')) {
      ++pos_;
    }
    if (start == pos_) return std::nullopt;
    boost::system::error_code ec;
    json::value number = json::parse(text_.substr(start, pos_ - start), ec);
    if (ec || !number.is_number()) return std::nullopt;
    return number;
  }

  static bool compare(const json::value* actual, const std::string& op, const json::value& want) {
    if (!actual) return op == "!=";  // a missing field equals nothing
    if (actual->is_number() && want.is_number()) {
      double a = actual->to_number<double>(), b = want.to_number<double>();
      if (op == "==") return a == b;
      if (op == "!=") return a != b;
      if (op == "<") return a < b;
      if (op == "<=") return a <= b;
      if (op == ">") return a > b;
      return a >= b;
    }
    if (actual->is_string() && want.is_string() && op != "==" && op != "!=") {
      int order = actual->get_string().compare(want.get_string());
      if (op == "<") return order < 0;
      if (op == "<=") return order <= 0;
      if (op == ">") return order > 0;
      return order >= 0;
    }
    bool equal = *actual == want;
    return op == "==" ? equal : op == "!=" ? !equal : false;
  }

  std::string_view text_;
  const json::value& event_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<bool> evaluateMatch(std::string_view expression, const std::string& event_json) {
  boost::system::error_code ec;
  json::value event = json::parse(event_json, ec);
  if (ec) event = json::object();
  return Evaluator(expression, event).run();
}

}  // namespace lichen::pubsub
