#!/usr/bin/env python3
"""Convert a corpus made by gen_corpus.py into a hyoka site.

usage: to_hyoka.py CORPUS_DIR SITE_DIR      (SITE_DIR is replaced)

Writes the files docs/content-format.md describes:

  SITE_DIR/hyoka.yaml                          city, title, fiscal year, field order
  SITE_DIR/content/departments.yaml            every department (担当課) met, with an ASCII id
  SITE_DIR/content/fields/<field id>.yaml      name and measure ids
  SITE_DIR/content/measures/<measure id>.yaml  header, major items, KPIs, mid items (project ids)
  SITE_DIR/content/projects/<dept>/<id>.yaml   one file per project, one row per mid item

Mapping from the corpus:
- the report evaluates the last result year (令和5年度), which is also the
  fiscal year of every project row;
- corpus projects are repeated per mid item; a hyoka project is one
  (name, department) pair, with one row per mid item it serves. Its id is
  `p` + a serial number in order of first appearance; department ids are
  `d` + a serial number the same way. Should a mid item list the same
  project twice, the two entries become one row with both entries' bullets
  (a project appears once per mid item in hyoka);
- values become the text a report prints: number with thousands separators
  and unit ("1,338時間", "40.9%"), null becomes "—", the baseline carries its
  year as a note ("115時間(令和元年度)"), the target's year goes to target_year;
- the measure's `page` becomes strategy_page "P60", a mid item's `plan_page`
  sector_plan_page "P63", the field's plan the measure's sector_plan.

Only the Python standard library is used. The output is deterministic.
"""
import json
import os
import re
import shutil
import sys

FISCAL_YEAR = "令和5年度"
STAR_LEGEND = "【★】は、報告書で指標名に【★】が付されている指標です。"

# Plain YAML scalars need no quotes unless they could read as something else.
_PLAIN_BAD_START = set("-?:,[]{}#&*!|>'\"%@` \t")
_PLAIN_SPECIAL = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N"
    r"|[-+]?(?:\.[0-9]+|[0-9][0-9_,]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+)$"
)


def scalar(text):
    """A YAML scalar for `text`: plain when safe, else a double-quoted (JSON) string."""
    text = str(text)
    if (
        not text
        or text[0] in _PLAIN_BAD_START
        or text[-1] in " \t:"
        or ": " in text
        or " #" in text
        or "\n" in text
        or _PLAIN_SPECIAL.match(text)
    ):
        return json.dumps(text, ensure_ascii=False)
    return text


def number(value):
    """1338 -> "1,338"; 40.9 -> "40.9"; 1234.5 -> "1,234.5"."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"not a number: {value!r}")
    # The corpus holds integers, or floats with one decimal (repr is exact: 92.2).
    return f"{value:,}"


def cell(value, unit, note=None):
    if value is None:
        return "—"
    text = number(value) + unit
    if note:
        text += f"({note})"
    return text


class Writer:
    def __init__(self):
        self.lines = []

    def add(self, indent, text):
        self.lines.append("  " * indent + text)

    def text(self):
        return "\n".join(self.lines) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    corpus_dir, site = sys.argv[1], sys.argv[2]
    with open(os.path.join(corpus_dir, "corpus.json"), encoding="utf-8") as fh:
        corpus = json.load(fh)
    if os.path.exists(site):
        shutil.rmtree(site)
    content = os.path.join(site, "content")

    departments = {}  # name -> id, in order of first appearance
    projects = {}  # (name, department name) -> {"id", "rows": [...]} in order of first appearance
    measure_count = 0

    for f in corpus["fields"]:
        w = Writer()
        w.add(0, f"name: {scalar(f['name'])}")
        w.add(0, "measures:")
        for mid in f["measures"]:
            w.add(1, f"- {mid}")
        write(os.path.join(content, "fields", f["id"] + ".yaml"), w.text())

        for measure_id in f["measures"]:
            with open(os.path.join(corpus_dir, "measures", measure_id + ".json"), encoding="utf-8") as fh:
                m = json.load(fh)
            measure_count += 1
            w = Writer()
            w.add(0, f"name: {scalar(m['name'])}")
            w.add(0, f"sector_plan: {scalar(m['plan'])}")
            w.add(0, f"strategy_page: P{m['page']}")
            w.add(0, "major_items:")
            for major in m["majors"]:
                w.add(1, f"- number: {major['no']}")
                w.add(2, f"title: {scalar(major['title'])}")
                w.add(2, "kpis:")
                for kpi in major["kpis"]:
                    unit = kpi["unit"]
                    w.add(3, f"- name: {scalar(kpi['name'])}")
                    if kpi["star"]:
                        w.add(4, "star: true")
                    w.add(4, f"direction: {kpi['direction']}")
                    base = kpi["baseline"]
                    w.add(4, f"baseline: {scalar(cell(base['value'], unit, base['year']))}")
                    w.add(4, "results:")
                    for result in kpi["results"]:
                        w.add(5, f"{result['year']}: {scalar(cell(result['value'], unit))}")
                    w.add(4, f"target: {scalar(cell(kpi['target']['value'], unit))}")
                    w.add(4, f"target_year: {kpi['target']['year']}")
                w.add(2, "mid_items:")
                for mid in major["mids"]:
                    w.add(3, f"- number: {mid['no']}")
                    w.add(4, f"title: {scalar(mid['title'])}")
                    w.add(4, f"sector_plan_page: P{mid['plan_page']}")
                    w.add(4, "projects:")
                    listed = []
                    for p in mid["projects"]:
                        dept = departments.setdefault(p["department"], f"d{len(departments) + 1:03d}")
                        key = (p["name"], p["department"])
                        project = projects.get(key)
                        if project is None:
                            project = projects[key] = {"id": f"p{len(projects) + 1:05d}", "dept": dept, "rows": []}
                        row_key = (m["id"], major["no"], mid["no"])
                        if project["id"] in listed:
                            # The same project twice in one mid item: one row with all bullets.
                            row = next(r for r in project["rows"] if r["at"] == row_key)
                            row["achievements"] += p["achievements"]
                            row["analysis"] += p["analysis"]
                            continue
                        listed.append(project["id"])
                        project["rows"].append(
                            {"at": row_key, "achievements": list(p["achievements"]), "analysis": list(p["analysis"])}
                        )
                    for pid in listed:
                        w.add(5, f"- {pid}")
            write(os.path.join(content, "measures", m["id"] + ".yaml"), w.text())

    for (name, _), project in projects.items():
        w = Writer()
        w.add(0, f"name: {scalar(name)}")
        w.add(0, f"department: {project['dept']}")
        w.add(0, "rows:")
        for row in project["rows"]:
            measure, major, mid = row["at"]
            w.add(1, f"- measure: {measure}")
            w.add(2, f"major_item: {major}")
            w.add(2, f"mid_item: {mid}")
            w.add(2, f"fiscal_year: {FISCAL_YEAR}")
            w.add(2, "achievements:")
            for text in row["achievements"]:
                w.add(3, f"- {scalar(text)}")
            w.add(2, "analysis:")
            for text in row["analysis"]:
                w.add(3, f"- {scalar(text)}")
        write(os.path.join(content, "projects", project["dept"], project["id"] + ".yaml"), w.text())

    w = Writer()
    for name, dept in departments.items():
        w.add(0, f"- id: {dept}")
        w.add(1, f"name: {scalar(name)}")
    write(os.path.join(content, "departments.yaml"), w.text())

    w = Writer()
    w.add(0, f"city: {scalar(corpus['city'])}")
    w.add(0, f"title: {scalar(corpus['title'])}")
    w.add(0, f"fiscal_year: {FISCAL_YEAR}")
    w.add(0, "base_url: /")
    w.add(0, "language: ja")
    w.add(0, f"star_legend: {scalar(STAR_LEGEND)}")
    w.add(0, "fields:")
    for f in corpus["fields"]:
        w.add(1, f"- {f['id']}")
    write(os.path.join(site, "hyoka.yaml"), w.text())

    rows = sum(len(p["rows"]) for p in projects.values())
    print(
        f"hyoka site: {measure_count} measures, {len(corpus['fields'])} fields, {len(projects)} projects "
        f"({rows} rows), {len(departments)} departments -> {site}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
