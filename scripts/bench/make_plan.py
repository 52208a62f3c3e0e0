#!/usr/bin/env python3
"""Writes a benchmark plan: the sample Changji plan plus enough extra schools
that a prefecture-wide warning has RECIPIENTS recipients.
Usage: make_plan.py RECIPIENTS OUT.json"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RECEIVING = {"unit", "group", "county", "enterprise", "school", "site"}


def main():
    recipients, out = int(sys.argv[1]), sys.argv[2]
    plan = json.loads((ROOT / "config/plans/changji.json").read_text())
    areas = [a for a in plan["areas"] if a["kind"] != "prefecture"]
    existing = sum(1 for o in plan["orgs"] if o["kind"] in RECEIVING)
    for i in range(max(recipients - existing, 0)):
        area = areas[i % len(areas)]
        plan["orgs"].append({
            "id": f"bench-school-{i}", "kind": "school",
            "name": f"基准测试学校{i}（示例）", "area": area["code"],
            "stage": ["kindergarten", "primary", "secondary"][i % 3],
            "students": 500, "location": {"lat": 44.0, "lon": 87.3},
        })
    Path(out).write_text(json.dumps(plan, ensure_ascii=False))


if __name__ == "__main__":
    main()
