#include "metrics.h"

#include <sstream>

namespace hazegate::internal {

namespace {

// Escapes a Prometheus label value.
std::string Label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// A method label from a fixed set: a client's made-up method is "other".
const std::string& MethodLabel(const std::string& method) {
  static const std::string kKnown[] = {"GET",    "HEAD",    "POST", "PUT",
                                       "DELETE", "OPTIONS", "PATCH"};
  static const std::string kOther = "other";
  for (const std::string& known : kKnown) {
    if (method == known) return known;
  }
  return kOther;
}

}  // namespace

void Metrics::ObserveRequest(const std::string& method,
                             const std::string& route, int status,
                             double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{MethodLabel(method), route, status}];
  Histogram& histogram = latency_[route];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++histogram.buckets[i];
  }
  ++histogram.count;
  histogram.sum += seconds;
}

std::string Metrics::Render() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  out << "# HELP hazegate_http_requests_total HTTP requests by route and "
         "status.\n# TYPE hazegate_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    out << "hazegate_http_requests_total{method=\"" << Label(method)
        << "\",route=\"" << Label(route) << "\",status=\"" << status << "\"} "
        << count << "\n";
  }
  out << "# HELP hazegate_http_request_duration_seconds Time to handle a "
         "request.\n# TYPE hazegate_http_request_duration_seconds histogram\n";
  for (const auto& [route, histogram] : latency_) {
    const std::string name =
        "hazegate_http_request_duration_seconds_bucket{route=\"" + Label(route);
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out << name << "\",le=\"" << kBuckets[i] << "\"} " << histogram.buckets[i]
          << "\n";
    }
    out << name << "\",le=\"+Inf\"} " << histogram.count << "\n";
    out << "hazegate_http_request_duration_seconds_sum{route=\"" << Label(route)
        << "\"} " << histogram.sum << "\n";
    out << "hazegate_http_request_duration_seconds_count{route=\""
        << Label(route) << "\"} " << histogram.count << "\n";
  }
  return out.str();
}

}  // namespace hazegate::internal
