#include "hazegate/config/directory_json.h"

#include "hazegate/core/json.h"

namespace hazegate {

using nlohmann::json;

json AreaToJson(const Area& area) {
  return {{"code", area.code},
          {"name", area.name},
          {"kind", area.kind},
          {"parent", TextOrNull(area.parent)}};
}

json OrgListingToJson(const Org& org) {
  return {{"id", org.id},
          {"name", org.name},
          {"kind", org.kind},
          {"area", org.area}};
}

json OrgToJson(const Org& org) {
  json out = json::parse(org.details_json);
  out["id"] = org.id;
  out["name"] = org.name;
  out["kind"] = org.kind;
  out["area"] = org.area;
  if (!org.uscc.empty()) out["uscc"] = org.uscc;
  return out;
}

json ContactsToJson(const std::vector<Contact>& contacts) {
  return JsonArray(contacts, [](const Contact& contact) {
    json out = {{"name", contact.name}, {"phone", contact.phone}};
    if (!contact.duty.empty()) out["duty"] = contact.duty;
    return out;
  });
}

}  // namespace hazegate
