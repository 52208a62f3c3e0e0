// `hazegate mqtt regional-auth`: one rabbitmq_auth_backend_http endpoint in
// front of several prefectures' gateways (regional_authority.h), serving
// GET /internal/mqtt/{user,vhost,resource,topic} on a loopback address
// until SIGINT/SIGTERM.
#pragma once

#include <string>
#include <vector>

namespace hazegate {

// `listen` host:port; `gateways` each prefecture's base URL
// (http://host:port, [mqtt] auth_http on). Returns the exit code.
int RegionalAuthCommand(const std::string& listen,
                        const std::vector<std::string>& gateways);

}  // namespace hazegate
