#!/usr/bin/env python3
"""The anonymizer benchmark (issue 13, item 5): how well does `enkat compile` anonymize text
it has never seen?

    python3 bench/anonymizer.py                      # default seed, 6 planted + 3 clean batches
    python3 bench/anonymizer.py --seed 7 --batches 10 --clean-batches 4
    python3 bench/anonymizer.py --keep bench/anonymizer/out --json bench/anonymizer/out/result.json
    ENKAT=/path/to/enkat python3 bench/anonymizer.py

A script, not a unit test. It generates realistic Swedish free-text answers with planted
identifiers (names, places, addresses, evasive contact data; see bench/anonymizer/README.md
for every template), puts them into valid `socialstyrelsen-kommun-2025` responses (batches of
fourteen kommuner), runs `enkat compile` on each batch and scores every planted item:

* replaced: no token of the planted string (length >= 2, case-insensitive, NFC; for phone
  numbers and postcodes also the digits with any separators) remains in any published output
  (md, html, csv, json, and the text of the docx's word/document.xml);
* queued: not replaced, but every remaining token is (part of) the `term` of an entry in the
  risk queue `<out>/<report>.riskko-EJ-FOR-PUBLICERING.json` (absent today: nothing queued).

Clean texts (no identifiers, full of look-alikes: Inga, Per, Hans, Bo as words, dates, date
ranges, diarienummer, organisationsnummer, decimals) go into batches of their own; a clean
text is "changed" if its text in the report JSON differs from what was written.

Independence: person names come from Faker's sv_SE provider (installed here from PyPI into
.build-py/bench-venv), places from bench/anonymizer/places.txt (compiled by hand), streets from
Faker's sv_SE street parts; none of surveys/person-names.txt, surveys/registry-dalarna.yaml,
surveys/gazetteer-dalarna.yaml or the gazetteer's sources is used to generate anything. The
registry and gazetteer are only read to label items (the control row uses registry names on
purpose, and place and name recall is split by whether the anonymizer's lists know the name).

Everything is deterministic from --seed (Python's random.Random; Faker's own generator is not
used, only its word lists).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "bench" / "anonymizer"
VENV = ROOT / ".build-py" / "bench-venv"
PACKAGES = {"Faker": "40.63.0", "PyYAML": "6.0.3"}
SURVEY = "socialstyrelsen-kommun-2025"
SAMPLES = ROOT / "responses" / SURVEY
RESPONDENTS = ["alvdalen", "avesta", "borlange", "falun", "gagnef", "hedemora", "leksand",
               "ludvika", "malung-salen", "mora", "rattvik", "sater", "smedjebacken", "vansbro"]
# The free-text fields filled in each response: (question, kind) where kind is "text" for a
# text question and "details" for the follow-up text of the choice's `ja`.
FIELDS = [("omraden-kommentar", "text"), ("uppfoljning-genomford", "details"),
          ("team-erfarenheter", "text"), ("vardplatser-skal", "text"),
          ("fast-vardkontakt-insatser", "details"), ("kompetens-kommentar", "text")]

CATEGORIES = [
    "namn: för- och efternamn",
    "namn: efternamn efter titel/roll",
    "namn: i början av mening",
    "namn: efter kolon",
    "namn: ensam på rad",
    "namn: genitiv",
    "namn: sist i en uppräkning",
    "ort: by/tätort",
    "ort: avledning",
    "ort: vårdinrättning",
    "adress: gata och nummer",
    "adress: Box / c/o",
    "adress: postnummer",
    "e-post: undanglidande",
    "telefon: undanglidande",
    "kontroll: registrets namn",
]


# --------------------------------------------------------------------------- environment

def ensure_venv() -> None:
    """Re-run this script inside its venv with the pinned packages installed (scripts/pinned_venv.py)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import pinned_venv
    pinned_venv.ensure_venv(VENV, PACKAGES, "bench", ROOT)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def fold(s: str) -> str:
    return nfc(s).casefold()


# --------------------------------------------------------------------------- sources

class Sources:
    def __init__(self) -> None:
        import yaml
        from faker.providers.address import sv_SE as address_sv
        from faker.providers.person import sv_SE as person_sv
        import faker

        self.faker_version = faker.VERSION
        p = person_sv.Provider
        self.first = sorted({nfc(n) for n in (*p.first_names_female, *p.first_names_male)
                             if re.fullmatch(r"[A-ZÅÄÖÉ][a-zåäöéü]+", n)})
        self.last = sorted({nfc(n) for n in p.last_names
                            if re.fullmatch(r"[A-ZÅÄÖÉ][a-zåäöéü]+", n)})
        a = address_sv.Provider
        self.street_prefixes = sorted(set(a.street_prefixes))
        self.street_suffixes = sorted(set(a.street_suffixes))

        registry = yaml.safe_load((ROOT / "surveys" / "registry-dalarna.yaml").read_text("utf-8"))
        self.registry_forms = []   # single-word kommun forms, the control row
        known = set()
        for r in registry["respondents"]:
            for n in [r.get("name", ""), *r.get("forms", []), *r.get("localities", [])]:
                known.add(fold(n))
            if r.get("kind") == "kommun":
                self.registry_forms += [f for f in [r["name"], *r.get("forms", [])]
                                        if " " not in f]
        self.registry_forms = sorted(set(self.registry_forms))
        self.places = []
        for line in (HERE / "places.txt").read_text("utf-8").splitlines():
            name = line.split("#", 1)[0].strip()
            if name and fold(name) not in known:
                self.places.append(nfc(name))
        gaz = ROOT / "surveys" / "gazetteer-dalarna.yaml"
        self.gazetteer = set()
        if gaz.exists():
            data = yaml.safe_load(gaz.read_text("utf-8")) or {}
            for names in (data.get("places") or {}).values():
                self.gazetteer |= {fold(n) for n in names or []}
        self.listed_names = set()
        for line in (ROOT / "surveys" / "person-names.txt").read_text("utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                self.listed_names.add(line)


# --------------------------------------------------------------------------- text

FILLER = [
    "Samverkan med vårdcentralen har utvecklats under året och fungerar nu på verksamhetsnivå.",
    "Vi har infört gemensamma rutiner för utskrivning från slutenvården.",
    "Hemsjukvården arbetar i multiprofessionella team kring personer med omfattande vårdbehov.",
    "Arbetet med samordnad individuell plan har fått en fastare struktur.",
    "Personalen beskriver att de numera vet vem de ska vända sig till.",
    "Det svåra är att hålla strukturen när det är sjukfrånvaro eller vakanser.",
    "Omställningen till en god och nära vård kräver uthållighet och ett tydligt mandat från ledningen.",
    "Digital tillsyn nattetid har införts för de brukare som önskar det.",
    "Rehabiliteringen har flyttat närmare hemmet och fler insatser ges i ordinärt boende.",
    "Läkemedelsgenomgångar görs oftare än tidigare och följs upp i teamet.",
    "Vi ser ett fortsatt behov av kompetensutveckling inom vård av äldre.",
    "Undersköterskor har erbjudits validering och påbyggnadskurser med stöd av statsbidrag.",
    "Patientansvarig sjuksköterska har införts på ytterligare vård- och omsorgsboenden.",
    "Uppföljningen bygger på statistik över utskrivningsklara dagar och återinläggningar.",
    "Närstående bjuds in till planeringen när patienten vill det.",
    "Fast vårdkontakt registreras nu på ett enhetligt sätt i journalsystemet.",
    "Teamträffarna har gett kortare tid mellan bedömning och insats.",
    "Det behövs en gemensam bild av vad nära vård innebär för kommunens medarbetare.",
    "Arbetssättet bygger på att patienten själv får formulera sina mål.",
    "Avstånden är långa och det påverkar hur ofta teamet kan träffa patienterna på plats.",
    "Samarbetet med den regionala primärvården har blivit mer jämlikt.",
    "Vi har påbörjat ett arbete med hälsofrämjande och förebyggande insatser för äldre.",
    "Kompetensförsörjningen är fortfarande den största utmaningen för verksamheten.",
    "Den mobila närvården har minskat antalet onödiga transporter till akuten.",
    "Utbildningsinsatserna har riktats både till legitimerad och olegitimerad personal.",
    "Egenvårdsbedömningar görs tillsammans med patienten och dokumenteras i journalen.",
    "Erfarenheterna från arbetet delas i det länsgemensamma nätverket.",
    "Vi vill gärna utveckla dialogen med regionen om vårdplatser på primärvårdsnivå.",
]

# Full names of real people named in the seed documents (every first name + surname pair of
# Faker's lists that occurs in them), by SHA-256 of "first last", lower case,
# so the names themselves are not written here: Faker's common first names and surnames could
# put one together by chance.
REAL_PEOPLE = {
    "5046d7aefd43e4730a4e651d06ebe44a6283c56bd189d50217111bc3411c75e3",
    "b41d77e8c29bfc3e3af2d7892c4445e540a5488c2146d5d5c0bd717b78654003",
}

TITLES = ["MAS", "MAR", "enhetschef", "enhetschefen", "sjuksköterska", "sjuksköterskan",
          "samordnare", "samordnaren", "verksamhetschef", "verksamhetschefen",
          "distriktssköterska", "socialchef", "fysioterapeut", "arbetsterapeuten",
          "undersköterska", "biståndshandläggare", "demenssjuksköterskan"]


class Item:
    __slots__ = ("category", "planted", "tokens", "digits", "sentence", "label", "field",
                 "respondent", "batch", "status", "parts")

    def __init__(self, category, planted, tokens, sentence, label="", digits=None):
        self.category = category
        self.planted = planted        # the identifying string as written
        self.tokens = tokens          # [(token, mode)] mode: word, prefix, name, digits
        self.digits = digits          # digits-only form (phone, postcode) or None
        self.sentence = sentence      # the text it was planted in
        self.label = label            # e.g. "i gazetteern" / "ej i gazetteern"
        self.field = self.respondent = self.batch = self.status = None
        self.parts = [planted]        # the substrings of the sentence that are planted


def token_regex(token: str, mode: str) -> re.Pattern:
    t = re.escape(fold(token))
    if mode == "prefix":        # places: also inside derivations and compounds (Siljansborna)
        return re.compile(r"(?<![\w])" + t)
    if mode == "name":          # names: whole word, genitive s allowed
        return re.compile(r"(?<![\w])" + t + r"(?:s|'s|’s|:s)?(?![\w])")
    if mode == "digits":        # a group of digits
        return re.compile(r"(?<!\d)" + t + r"(?!\d)")
    return re.compile(r"(?<![\w])" + t + r"(?![\w])")


def digits_regex(digits: str) -> re.Pattern:
    sep = r"[\s\u00a0\-–/().+]*"
    return re.compile(r"(?<!\d)" + sep.join(re.escape(d) for d in digits) + r"(?!\d)")


class Generator:
    def __init__(self, src: Sources, rng: random.Random) -> None:
        self.src = src
        self.rng = rng

    def person(self):
        while True:
            f, l = self.rng.choice(self.src.first), self.rng.choice(self.src.last)
            if hashlib.sha256(f"{f} {l}".casefold().encode()).hexdigest() not in REAL_PEOPLE:
                return f, l

    def place(self):
        return self.rng.choice(self.src.places)

    def place_label(self, name):
        return "i gazetteern" if fold(name) in self.src.gazetteer else "ej i gazetteern"

    def name_label(self, *names):
        listed = [n in self.src.listed_names for n in names]
        return ("på namnlistan" if all(listed) else
                "delvis på namnlistan" if any(listed) else "ej på namnlistan")

    def name_tokens(self, *names):
        return [(n, "name") for n in names]

    def make(self, category: str) -> Item:
        r = self.rng
        c = category
        if c == "namn: för- och efternamn":
            f, l = self.person()
            s = r.choice([
                "Vi har haft stor hjälp av {n} som samordnar arbetet med SIP.",
                "Arbetet leds av {n} tillsammans med de två enhetscheferna.",
                "Under hösten tog {n} över ansvaret för teamträffarna.",
                "En utbildningsdag hölls där {n} berättade om erfarenheterna från hemsjukvården.",
                "Frågor om rutinen kan ställas till {n} på förvaltningen.",
            ]).format(n=f"{f} {l}")
            return Item(c, f"{f} {l}", self.name_tokens(f, l), s, self.name_label(f, l))
        if c == "namn: efternamn efter titel/roll":
            _, l = self.person()
            t = r.choice(TITLES)
            s = r.choice([
                "Enligt {t} {n} behöver rutinen för läkemedelshantering ses över.",
                "Utbildningen har tagits fram av {t} {n} och ges två gånger per termin.",
                "Vi har i samråd med {t} {n} beslutat att fortsätta arbetet.",
                "Avvikelserna sammanställs av {t} {n} och tas upp i ledningsgruppen.",
                "Det var {t} {n} som tog initiativet till de gemensamma teamträffarna.",
            ]).format(t=t, n=l)
            return Item(c, l, self.name_tokens(l), s, self.name_label(l))
        if c == "namn: i början av mening":
            f, l = self.person()
            if r.random() < 0.5:
                n, toks = f"{f} {l}", (f, l)
            else:
                n, toks = l, (l,)
            s = r.choice([
                "{n} leder numera teamträffarna varannan vecka.",
                "{n} har ansvaret för uppföljningen av den dokumenterade överenskommelsen.",
                "{n} började som samordnare i januari och har byggt upp nätverket.",
                "{n} kommer att redovisa resultatet för nämnden under våren.",
            ]).format(n=n)
            return Item(c, n, self.name_tokens(*toks), s, self.name_label(*toks))
        if c == "namn: efter kolon":
            f, l = self.person()
            lead = r.choice(["Kontaktperson", "Ansvarig", "Samordnare", "Frågor besvaras av",
                             "Kontakt", "Projektledare"])
            s = f"{lead}: {f} {l}" + r.choice([".", "", ", enhetschef."])
            return Item(c, f"{f} {l}", self.name_tokens(f, l), s, self.name_label(f, l))
        if c == "namn: ensam på rad":
            f, l = self.person()
            s = r.choice([
                "Med vänlig hälsning\n{n}",
                "För arbetsgruppen\n{n}\nenhetschef hemsjukvården",
                "Ifylld av:\n{n}",
                "{n}",
            ]).format(n=f"{f} {l}")
            return Item(c, f"{f} {l}", self.name_tokens(f, l), s, self.name_label(f, l))
        if c == "namn: genitiv":
            f, l = self.person()
            if r.random() < 0.5:
                n, toks = f"{f} {l}s", (f, l)
            else:
                n, toks = f"{l}s", (l,)
            s = r.choice([
                "{n} sammanställning visade att återinläggningarna hade minskat.",
                "Enligt {n} rapport har fler patienter fått en fast vårdkontakt.",
                "Vi har utgått från {n} kartläggning av behoven i hemtjänsten.",
                "Utbildningen byggde på {n} material om personcentrerad vård.",
            ]).format(n=n)
            if s[0].islower():
                s = s[0].upper() + s[1:]
            return Item(c, n, self.name_tokens(*toks), s, self.name_label(*toks))
        if c == "namn: sist i en uppräkning":
            people = [self.person() for _ in range(3)]
            names = [f"{f} {l}" for f, l in people]
            last_f, last_l = people[-1]
            s = r.choice([
                "Arbetsgruppen består av {a}, {b} och {c}.",
                "I styrgruppen ingår {a}, {b} samt {c}.",
                "Utbildningen hölls av {a}, {b} och {c} från hemsjukvården.",
            ]).format(a=names[0], b=names[1], c=names[2])
            # All three are planted; the row is about the last one, which lists most often lose.
            toks = [t for f, l in people for t in (f, l)]
            item = Item(c, ", ".join(names), self.name_tokens(*toks), s,
                        self.name_label(last_f, last_l))
            item.parts = names
            return item
        if c == "ort: by/tätort":
            p = self.place()
            s = r.choice([
                "Digital tillsyn har införts i {p}, där avstånden till hemtjänstgruppen är långa.",
                "Hemsjukvårdsgruppen i {p} har fått ytterligare en sjuksköterska.",
                "Vi har startat ett träffpunktsprojekt för äldre i {p}.",
                "Patienterna runt {p} har långt till närmaste vårdcentral.",
                "I {p} har hemtjänsten och hemsjukvården gemensamma lokaler sedan i våras.",
            ]).format(p=p)
            return Item(c, p, [(p, "prefix")], s, self.place_label(p))
        if c == "ort: avledning":
            p = self.place()
            suffix = r.choice(["borna", "bor", "modellen", "teamet", "gruppen", "projektet"])
            sep = r.choice(["", "-"]) if suffix in ("modellen", "teamet", "gruppen", "projektet") else ""
            word = f"{p}{sep}{suffix}"
            s = r.choice([
                "Erfarenheterna från {w} har spridits till fler enheter.",
                "Vi har hämtat inspiration från {w} när vi byggde upp arbetssättet.",
                "Många {w} vill kunna bo kvar hemma så länge som möjligt.",
                "Det som kallas {w} har blivit en förebild i länet.",
            ]).format(w=word)
            return Item(c, word, [(p, "prefix")], s, self.place_label(p))
        if c == "ort: vårdinrättning":
            p = self.place()
            s = r.choice([
                "Samverkan med {p} hälsocentral har fördjupats under året.",
                "Patienter som skrivs ut från {p} lasarett följs upp inom ett dygn.",
                "Läkarna på vårdcentralen i {p} har fasta dagar för kommunens patienter.",
                "Vi har ett nära samarbete med {p} vårdcentral kring palliativ vård.",
                "Korttidsplatserna på {p} sjukstuga används även av regionen.",
            ]).format(p=p)
            return Item(c, p, [(p, "prefix")], s, self.place_label(p))
        if c == "adress: gata och nummer":
            street = r.choice(self.src.street_prefixes) + r.choice(self.src.street_suffixes)
            num = str(r.randint(2, 98)) + r.choice(["", "", "A", "B"])
            s = r.choice([
                "Träffpunkten finns på {a} och är öppen för alla över 65 år.",
                "Teamet utgår från lokalerna på {a}.",
                "Det nya korttidsboendet ligger på {a}, nära busshållplatsen.",
            ]).format(a=f"{street} {num}")
            return Item(c, f"{street} {num}", [(street, "word"), (num, "digits")], s)
        if c == "adress: Box / c/o":
            if r.random() < 0.5:
                box = str(r.randint(100, 9899))
                s = r.choice([
                    "Ansökan skickas till förvaltningen, Box {b}.",
                    "Blanketten kan sändas till Box {b} eller lämnas i receptionen.",
                ]).format(b=box)
                return Item(c, f"Box {box}", [(box, "digits")], s)
            f, l = self.person()
            s = r.choice([
                "Post till nätverket skickas c/o {n} på socialförvaltningen.",
                "Synpunkter lämnas till anhörigföreningen c/o {n}.",
            ]).format(n=f"{f} {l}")
            return Item(c, f"c/o {f} {l}", self.name_tokens(f, l), s, self.name_label(f, l))
        if c == "adress: postnummer":
            a, b = r.randint(770, 799), r.randint(10, 99)
            code = r.choice([f"{a} {b:02d}", f"SE-{a} {b:02d}", f"{a}{b:02d}"])
            s = r.choice([
                "Utbildningen hålls i kommunhusets lokaler, {c}.",
                "Svarsadressen är förvaltningens kansli, {c}.",
                "Brukare med postnummer {c} tillhör det nya hemsjukvårdsområdet.",
            ]).format(c=code)
            groups = re.findall(r"\d+", code)
            return Item(c, code, [(g, "digits") for g in groups if len(g) >= 2], s,
                        digits=f"{a}{b:02d}")
        if c == "e-post: undanglidande":
            f, l = self.person()
            local = r.choice([f"{f}.{l}", f"{f[0]}{l}", f"{f}{l[0]}"]).lower()
            domain = r.choice(["example.se", "exempel.example.se", "kommun.example.se"])
            at = r.choice(["[at]", "(at)", " snabel-a ", " [at] ", "@@", " at "])
            addr = f"{local}{at}{domain}"
            s = r.choice([
                "Mer information om arbetet kan fås via {e}.",
                "Den som vill ha materialet kan skriva till {e}.",
                "Synpunkter på rutinen skickas till {e}.",
            ]).format(e=addr)
            toks = [(t, "word") for t in re.split(r"[._\-]", local) if len(t) >= 2]
            return Item(c, addr, toks, s)
        if c == "telefon: undanglidande":
            area = r.choice(["023", "0243", "0248", "0240", "0250", "0247", "0225", "0281"])
            sub = f"{r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}"
            form = r.choice(["slash", "plus", "plus-slash", "paren"])
            if form == "slash":
                num = f"{area}/{sub}"
            elif form == "plus":
                num = f"+46 (0){area[1:]}-{sub}"
            elif form == "plus-slash":
                num = f"+46 {area[1:]}-{sub}"
            else:
                num = f"({area}) {sub}"
            s = r.choice([
                "Den som vill veta mer är välkommen att ringa samordnaren på {t}.",
                "Växeln nås på {t} vardagar.",
                "Frågor om utbildningen besvaras på telefon {t}.",
            ]).format(t=num)
            groups = re.findall(r"\d+", num)
            digits = area + sub.replace(" ", "")
            toks = [(g, "digits") for g in groups if len(g) >= 2 and g != "46"]
            return Item(c, num, toks, s, digits=digits)
        if c == "kontroll: registrets namn":
            n = r.choice(self.src.registry_forms)
            s = r.choice([
                "Samarbetet med {n} har fördjupats under året.",
                "I {n} har hemsjukvården fått en egen samordnare.",
                "Vi har gjort studiebesök i {n} för att lära av deras arbetssätt.",
            ]).format(n=n)
            return Item(c, n, [(n, "prefix")], s)
        raise ValueError(c)


# --------------------------------------------------------------------------- clean texts

def orgnr(rng: random.Random) -> str:
    """An organisationsnummer in the 212000-9xxx series, above the kommuner's 212000-0xxx to
    -3xxx (believed unused; it cannot be looked up from here), with a valid Luhn check digit,
    so it looks exactly like a real one."""
    body = "2120009" + f"{rng.randint(0, 999):03d}"[:2]
    digits = body
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    check = (10 - total % 10) % 10
    full = digits + str(check)
    return f"{full[:6]}-{full[6:]}"


CLEAN_KINDS = [
    "Inga", "inga/per vecka/decimal", "Hans/hans", "Per", "Bo kvar", "Dag", "Orsak", "moral",
    "Vad", "säter (substantiv)", "datum", "datumintervall", "datumintervall", "klockslag",
    "diarienummer RD", "Dnr", "organisationsnummer", "procent", "procent med decimal",
    "kronor", "tkr", "veckonummer", "max 3000 tecken", "decimal 0,xxx", "tusental",
    "Region Dalarna", "verksamhetsår", "av 10", "Per capita", "Moral",
]


def clean_text(rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    r = rng
    y = r.choice([2024, 2025])
    m1 = r.randint(1, 6)
    d1 = r.randint(1, 28)
    parts = [
        "Inga avvikelser har rapporterats under perioden.",
        f"Det finns inga väntetider till hemsjukvården, och i snitt görs {r.randint(2, 9)},{r.randint(1, 9)} besök per vecka och patient.",
        "Hans närstående deltog i planeringen, och hans önskemål om att få bo kvar hemma följdes.",
        f"Per månad handlar det om ungefär {r.randint(20, 400)} patienter, räknat per enhet.",
        "Bo kvar hemma så länge som möjligt är målet för de flesta av de äldre vi möter.",
        "Dag och natt finns sjuksköterska i tjänst, och dag för dag ser vi förbättringar.",
        "Orsak till avvikelserna har analyserats i en händelseanalys.",
        "Personalens moral och engagemang har varit avgörande under året.",
        "Vad som krävs framöver är en tydligare ansvarsfördelning mellan huvudmännen.",
        "Många äldre minns tiden på sätern, och några brukare tillbringar fortfarande somrarna på en säter i fjällen.",
        f"Rutinen gäller från {y}-0{m1}-{d1:02d} och följs upp efter ett halvår.",
        f"Projektet pågick {y}-01-01–{y}-06-30 och utvärderas under hösten.",
        f"Under perioden {y}-0{m1}-01–{y}-{m1 + 6:02d}-{r.choice([28, 30])} genomfördes {r.randint(3, 40)} utbildningstillfällen.",
        f"Mottagningen är öppen {r.choice(['08.00–16.30', '07.00–21.30', '08.30–12.00', '13.00–15.45'])} på vardagar.",
        f"Ärendet har diarienummer RD {y}/{r.randint(1000, 9999)}.",
        f"Beslutet finns i Dnr {y}-{r.randint(1, 999):05d}.",
        f"Avtalet tecknades med föreningen, organisationsnummer {orgnr(r)}.",
        f"Andelen patienter med fast vårdkontakt ökade från {r.randint(40, 60)} till {r.randint(61, 95)} procent.",
        f"Andelen med aktuell SIP är {r.randint(10, 99)},{r.randint(1, 9)} %.",
        f"Statsbidraget uppgick till {r.randint(1, 9)} {r.randint(100, 999)} {r.randint(100, 999)} kronor.",
        f"Kostnaden beräknas till {r.randint(120, 980)} tkr per år.",
        f"Utbildningen startade vecka {r.randint(2, 50)} och avslutades v. {r.randint(2, 50)}.",
        "Svaret är kortat för att rymmas inom max 3000 tecken.",
        f"Indexvärdet var 0,{r.randint(100, 999)} enligt den senaste mätningen.",
        f"Totalt deltog {r.randint(1, 9)} {r.randint(100, 999)} personer i hälsosamtalen.",
        "Region Dalarna och kommunerna i Dalarna har tagit fram rutinen tillsammans.",
        f"Nyckeltalen för {y}/{(y + 1) % 100:02d} redovisas i den regionala årsrapporten.",
        f"Ungefär {r.randint(2, 9)} av 10 patienter uppger att de är nöjda med kontinuiteten.",
        "Per capita är kostnaderna i nivå med jämförbara kommuner.",
        "Moral, samverkan och tillit lyfts fram som framgångsfaktorer.",
    ]
    kinds = dict(zip(parts, CLEAN_KINDS))
    picked = r.sample(parts, r.randint(3, 6))
    filler = r.sample(FILLER, r.randint(0, 2))
    sentences = picked + filler
    r.shuffle(sentences)
    tagged = [(kinds[s], s) for s in picked]
    # Sentence order, and sometimes paragraphs.
    out = []
    for i, s in enumerate(sentences):
        out.append(s)
        out.append("\n\n" if i < len(sentences) - 1 and r.random() < 0.2 else " ")
    return "".join(out).strip(), tagged


# --------------------------------------------------------------------------- responses

def yaml_block(text: str, indent: int) -> str:
    pad = " " * indent
    lines = text.split("\n")
    return "|\n" + "\n".join((pad + ln) if ln else "" for ln in lines) + "\n"


def write_response(path: Path, respondent: str, base: dict, texts: dict[str, str]) -> None:
    """A valid response: the sample's choices, no 'annat' (its follow-up text would be
    withheld as a small count), vardplatser 'nej' so its reason text is asked, both
    follow-up texts under 'ja', the planted or clean texts in the six fields."""
    ans = base["answers"]
    out = [f"survey: {SURVEY}", f"respondent: {respondent}", "answers:"]
    order = ["omraden", "omraden-kommentar", "uppfoljning-genomford", "team-malgrupper",
             "team-erfarenheter", "vardplatser", "vardplatser-skal", "patientutbildningar",
             "personcentrerat", "dokumenterad-overenskommelse",
             "dokumenterad-overenskommelse-insatser", "egenvard-rutiner", "narstaende-insatser",
             "fast-vardkontakt-rutiner", "fast-vardkontakt-insatser", "fast-vardkontakt-okat",
             "fast-omsorgskontakt", "kompetens-insatser", "kompetens-kommentar"]
    for q in order:
        if q in texts and q in ("uppfoljning-genomford", "fast-vardkontakt-insatser"):
            out.append(f"  {q}:")
            out.append("    value: ja")
            out.append("    details: " + yaml_block(texts[q], 6).rstrip("\n"))
            continue
        if q in texts:
            out.append(f"  {q}: " + yaml_block(texts[q], 4).rstrip("\n"))
            continue
        if q == "vardplatser":
            out.append("  vardplatser: nej")
            continue
        if q == "dokumenterad-overenskommelse":
            out.append("  dokumenterad-overenskommelse: ja")
            continue
        v = ans.get(q)
        if isinstance(v, dict):
            v = v.get("value")
        if q == "dokumenterad-overenskommelse-insatser" and not v:
            v = ["utbildning-personal"]
        if v is None:
            continue
        if isinstance(v, list):
            v = [o for o in v if o != "annat"] or (["inga"] if q == "kompetens-insatser" else None)
            if v is None:
                v = ["hemsjukvard"] if q == "team-malgrupper" else ["kompetensforsorjning"]
            out.append(f"  {q}: [{', '.join(v)}]")
        else:
            out.append(f"  {q}: {v}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- outputs

def published_text(out: Path) -> tuple[str, list[str]]:
    """All published outputs as one folded text, and the JSON's answer texts."""
    chunks = []
    answer_texts = []
    for f in sorted(out.iterdir()):
        name = f.name
        if "EJ-FOR-PUBLICERING" in name:
            continue
        if name.endswith(".md") or name.endswith(".csv"):
            chunks.append(f.read_text("utf-8", errors="replace"))
        elif name.endswith(".html"):
            raw = f.read_text("utf-8", errors="replace")
            chunks.append(html.unescape(re.sub(r"<[^>]+>", " ", raw)))
            # attribute values too (aria-label, title, alt): text could hide there
            chunks.append(" ".join(html.unescape(v) for v in
                                   re.findall(r'\s(?:aria-label|title|alt|content|aria-description)="([^"]*)"', raw)))
        elif name.endswith(".json"):
            data = json.loads(f.read_text("utf-8"))
            strings = []

            def walk(o):
                if isinstance(o, str):
                    strings.append(o)
                elif isinstance(o, dict):
                    for v in o.values():
                        walk(v)
                elif isinstance(o, list):
                    for v in o:
                        walk(v)
            walk(data)
            chunks.append("\n".join(strings))
            for q in data.get("questions", []):
                answer_texts += q.get("texts", []) or []
                for v in (q.get("details") or {}).values():
                    answer_texts += v
        elif name.endswith(".docx"):
            with zipfile.ZipFile(f) as z:
                xml = z.read("word/document.xml").decode("utf-8")
            paras = []
            for p in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
                paras.append("".join(html.unescape(t) for t in
                                     re.findall(r"<w:t(?: [^>]*)?>(.*?)</w:t>", p, flags=re.S)))
            chunks.append("\n".join(paras))
    return fold("\n".join(chunks)), answer_texts


def risk_terms(out: Path) -> list[str] | None:
    files = sorted(out.glob("*.riskko-EJ-FOR-PUBLICERING.json"))
    if not files:
        return None
    terms = []
    for f in files:
        data = json.loads(f.read_text("utf-8"))
        terms += [fold(e.get("term", "")) for e in data.get("entries", [])]
    return terms


def queued(token: str, terms: list[str]) -> bool:
    """A remaining token is queued if it is (part of) the term of a risk-queue entry; a
    digits-only form also matches a term's digits ("023/77 70 00" holds "023777000")."""
    t = fold(token)
    if t.isdigit():
        return any(t in term or t in re.sub(r"\D", "", term) for term in terms)
    return any(t in term for term in terms)


def compile_batch(enkat: str, surveys: Path, batch: Path, out: Path) -> tuple[bool, str]:
    p = subprocess.run([enkat, "compile", "--surveys", str(surveys), "--out", str(out),
                        str(batch)], capture_output=True, text=True)
    return p.returncode == 0, (p.stderr or p.stdout).strip()


def remaining_tokens(item: Item, text: str) -> list[str]:
    left = [tok for tok, mode in item.tokens if len(tok) >= 2 and token_regex(tok, mode).search(text)]
    if item.digits and digits_regex(item.digits).search(text):
        left.append(item.digits)
    return left


# --------------------------------------------------------------------------- main

def find_enkat() -> str:
    if os.environ.get("ENKAT"):
        return os.environ["ENKAT"]
    for cand in (ROOT / ".build-bench/release/enkat", ROOT / ".build/release/enkat"):
        if cand.exists():
            return str(cand)
    sys.exit("bench: no enkat binary; build one (swift build -c release) or set ENKAT")


def main() -> int:
    ap = argparse.ArgumentParser(description="Benchmark of enkat compile's anonymizer (issue 13).")
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--batches", type=int, default=6, help="batches with planted items (84 texts each)")
    ap.add_argument("--clean-batches", type=int, default=3, help="batches of clean texts (84 each)")
    ap.add_argument("--surveys", default=str(ROOT / "surveys"))
    ap.add_argument("--keep", metavar="DIR", help="keep the generated responses and outputs here")
    ap.add_argument("--json", metavar="FILE", help="write the result as JSON")
    args = ap.parse_args()
    ensure_venv()
    import yaml

    enkat = find_enkat()
    surveys = Path(args.surveys)
    src = Sources()
    rng = random.Random(args.seed)
    gen = Generator(src, rng)
    bases = {r: yaml.safe_load((SAMPLES / f"{r}.yaml").read_text("utf-8")) for r in RESPONDENTS}

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="enkat-anonbench-"))
    if work.exists() and args.keep:
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)

    # The frame: what the outputs contain with no free text of ours in them (question texts,
    # labels, the template's prose), so planted tokens that also occur there are not chosen.
    frame_dir = work / "frame"
    frame_dir.mkdir()
    for r in RESPONDENTS:
        write_response(frame_dir / f"{r}.yaml", r, bases[r],
                       {q: "Ingen kommentar." for q, _ in FIELDS})
    ok, msg = compile_batch(enkat, surveys, frame_dir, work / "frame-out")
    if not ok:
        print(f"bench: the frame batch does not compile:\n{msg}", file=sys.stderr)
        return 2
    frame_text, _ = published_text(work / "frame-out")
    placeholders = fold("namn orten kommunen systemledningen platsen telefon e-post "
                        "webbadress personnummer adress postnummer")

    items: list[Item] = []
    clean: list[tuple[int, str, str, str]] = []   # (batch, respondent, field, text)
    clean_parts: dict[tuple, list[tuple[str, str]]] = {}
    damaged: dict[str, list[str]] = {}   # look-alike kind -> example outputs
    failed_batches = []
    started = time.monotonic()
    compile_seconds = 0.0
    n_batches = args.batches + args.clean_batches
    for b in range(n_batches):
        planted_batch = b < args.batches
        bdir = work / (f"batch-{b + 1:02d}" if planted_batch else f"clean-{b + 1 - args.batches:02d}")
        bdir.mkdir()
        texts: dict[str, dict[str, str]] = {r: {} for r in RESPONDENTS}
        batch_items: list[Item] = []
        if planted_batch:
            slots = [(r, q) for r in RESPONDENTS for q, _ in FIELDS]
            rng.shuffle(slots)
            # Carrier filler first, so planted tokens can be checked against everything else.
            fillers = {slot: rng.sample(FILLER, rng.randint(1, 3)) for slot in slots}
            context = frame_text + "\n" + placeholders + "\n" + fold(
                " ".join(" ".join(v) for v in fillers.values()))
            used: list[str] = []
            for i, slot in enumerate(slots):
                category = CATEGORIES[(b * len(slots) + i) % len(CATEGORIES)]
                for _attempt in range(200):
                    item = gen.make(category)
                    probe = context + "\n" + "\n".join(used)
                    # the carrier sentence without the planted string must not hold a token either
                    carrier = item.sentence
                    for part in item.parts:
                        carrier = carrier.replace(part, " ")
                    carrier = fold(carrier)
                    # neither may this item's tokens occur elsewhere, nor an earlier item's
                    # tokens in this item's carrier sentence
                    if not remaining_tokens(item, probe + "\n" + carrier) and not any(
                            remaining_tokens(prev, carrier) for prev in batch_items):
                        break
                else:
                    raise SystemExit(f"bench: could not plant a unique {category} item")
                used.append(fold(item.planted + " " + item.sentence))
                r, q = slot
                item.respondent, item.field, item.batch = r, q, b + 1
                parts = list(fillers[slot])
                pos = rng.randint(0, len(parts))
                if "\n" in item.sentence or category == "namn: ensam på rad":
                    text = " ".join(parts) + "\n\n" + item.sentence
                else:
                    parts.insert(pos, item.sentence)
                    text = " ".join(parts)
                texts[r][q] = text
                batch_items.append(item)
        else:
            for r in RESPONDENTS:
                for q, _ in FIELDS:
                    t, tagged = clean_text(rng)
                    texts[r][q] = t
                    clean.append((b + 1, r, q, t))
                    clean_parts[(b + 1, r, q)] = tagged
        for r in RESPONDENTS:
            write_response(bdir / f"{r}.yaml", r, bases[r], texts[r])
        out = work / (bdir.name + "-out")
        t0 = time.monotonic()
        ok, msg = compile_batch(enkat, surveys, bdir, out)
        compile_seconds += time.monotonic() - t0
        if not ok:
            failed_batches.append(bdir.name)
            print(f"bench: {bdir.name} failed to compile:\n{msg}", file=sys.stderr)
            for it in batch_items:
                it.status = "failed"
            items += batch_items
            if not planted_batch:
                clean = [c for c in clean if c[0] != b + 1]
            continue
        pub, answers = published_text(out)
        terms = risk_terms(out)
        if planted_batch:
            for it in batch_items:
                left = remaining_tokens(it, pub)
                if not left:
                    it.status = "replaced"
                elif terms is not None and all(queued(t, terms) for t in left):
                    it.status = "queued"
                else:
                    it.status = "left"
            items += batch_items
        else:
            outputs = {nfc(a).strip() for a in answers}
            unmatched = sorted(outputs - {nfc(c[3]).strip() for c in clean if c[0] == b + 1})
            for entry in [c for c in clean if c[0] == b + 1]:
                changed = nfc(entry[3]).strip() not in outputs
                clean[clean.index(entry)] = (*entry[:3], entry[3], changed)
                if changed and unmatched:
                    # Which look-alike was damaged: the sentences missing from the closest output.
                    import difflib
                    best = max(unmatched, key=lambda o: difflib.SequenceMatcher(
                        None, o, entry[3]).ratio())
                    for kind, sentence in clean_parts[entry[:3]]:
                        if nfc(sentence) not in best:
                            damaged.setdefault(kind, [])
                            if len(damaged[kind]) < 2:
                                at = best.find(sentence[:16])
                                became = best[at:at + len(sentence) + 10] if at >= 0 else "?"
                                damaged[kind].append(f"“{sentence}” became “{became.split(chr(10))[0]}”")
                            damaged[kind + "#n"] = damaged.get(kind + "#n", 0) + 1
    elapsed = time.monotonic() - started

    # ------------------------------------------------------------------ report
    rows = []
    for c in CATEGORIES:
        its = [i for i in items if i.category == c and i.status != "failed"]
        n = len(its)
        rep = sum(i.status == "replaced" for i in its)
        rq = rep + sum(i.status == "queued" for i in its)
        rows.append({"category": c, "planted": n,
                     "replaced": rep, "replaced_or_queued": rq,
                     "replaced_pct": 100.0 * rep / n if n else 0.0,
                     "replaced_or_queued_pct": 100.0 * rq / n if n else 0.0})
    scored = [i for i in items if i.status != "failed"]
    splits = []
    for label in ["på namnlistan", "delvis på namnlistan", "ej på namnlistan",
                  "i gazetteern", "ej i gazetteern"]:
        its = [i for i in scored if i.label == label]
        if its:
            rep = sum(i.status == "replaced" for i in its)
            splits.append({"label": label, "planted": len(its), "replaced": rep,
                           "replaced_pct": 100.0 * rep / len(its),
                           "kind": "namn" if "namn" in label else "ort"})
    cleans = [c for c in clean if len(c) == 5]
    changed = sum(1 for c in cleans if c[4])

    def pct(x):
        return f"{x:.1f}".replace(".", ",") if x != 100 else "100"

    lines = [f"enkat anonymizer benchmark: seed {args.seed}, {args.batches} planted and "
             f"{args.clean_batches} clean batches of {len(RESPONDENTS)} responses, "
             f"{len(scored)} planted items, {len(cleans)} clean texts",
             f"binary: {enkat}", "",
             "| category | planted | replaced % | replaced or queued % | target |",
             "|---|---:|---:|---:|---|"]
    for row in rows:
        ok = row["replaced_pct"] >= 98 and row["replaced_or_queued_pct"] >= 100
        lines.append(f"| {row['category']} | {row['planted']} | {pct(row['replaced_pct'])} | "
                     f"{pct(row['replaced_or_queued_pct'])} | ≥98 / 100 {'PASS' if ok else 'FAIL'} |")
    total_rep = sum(r["replaced"] for r in rows)
    total_rq = sum(r["replaced_or_queued"] for r in rows)
    n_all = sum(r["planted"] for r in rows)
    lines.append(f"| **all** | {n_all} | {pct(100.0 * total_rep / n_all if n_all else 0)} | "
                 f"{pct(100.0 * total_rq / n_all if n_all else 0)} | |")
    lines.append("")
    lines.append("| split (names: the row's person; places: ort rows) | planted | replaced % |")
    lines.append("|---|---:|---:|")
    for s in splits:
        lines.append(f"| {s['kind']} {s['label']} | {s['planted']} | {pct(s['replaced_pct'])} |")
    lines.append("")
    cpct = 100.0 * changed / len(cleans) if cleans else 0.0
    lines.append(f"clean texts changed: {changed} of {len(cleans)} ({pct(cpct)} %)   target ≤ 1 %   "
                 f"{'PASS' if cpct <= 1 else 'FAIL'}")
    for kind in sorted(k for k in damaged if not k.endswith("#n")):
        lines.append(f"  damaged look-alike: {kind} ({damaged[kind + '#n']}×), e.g. {damaged[kind][0]}")
    lines.append(f"risk queue: {'present' if any(work.glob('*-out/*.riskko-EJ-FOR-PUBLICERING.json')) else 'absent (nothing can be queued)'}")
    if failed_batches:
        lines.append(f"batches that failed to compile: {len(failed_batches)} ({', '.join(failed_batches)})")
    lines.append(f"run time: {elapsed:.1f} s ({compile_seconds:.1f} s in enkat compile, "
                 f"{n_batches} compiles)")
    print("\n".join(lines))

    if args.keep:
        with open(work / "items.tsv", "w", encoding="utf-8") as f:
            f.write("batch\trespondent\tfield\tcategory\tstatus\tlabel\tplanted\tsentence\n")
            for i in items:
                f.write("\t".join(str(x) for x in (i.batch, i.respondent, i.field, i.category,
                        i.status, i.label, i.planted, i.sentence.replace("\n", "\\n"))) + "\n")
        with open(work / "clean.tsv", "w", encoding="utf-8") as f:
            f.write("batch\trespondent\tfield\tchanged\ttext\n")
            for c in cleans:
                f.write(f"{c[0]}\t{c[1]}\t{c[2]}\t{c[4]}\t{c[3].replace(chr(10), ' / ')}\n")
        print(f"kept: {work} (items.tsv, clean.tsv, batch-*/ and *-out/)", file=sys.stderr)
    else:
        shutil.rmtree(work, ignore_errors=True)

    if args.json:
        result = {"seed": args.seed, "batches": args.batches, "clean_batches": args.clean_batches,
                  "binary": enkat, "sources": {"names": f"Faker {src.faker_version} sv_SE",
                                               "places": "bench/anonymizer/places.txt",
                                               "streets": f"Faker {src.faker_version} sv_SE"},
                  "categories": rows, "splits": splits,
                  "clean": {"texts": len(cleans), "changed": changed, "changed_pct": cpct,
                            "damaged_lookalikes": {k[:-2]: v for k, v in damaged.items()
                                                   if k.endswith("#n")}},
                  "failed_batches": failed_batches, "seconds": round(elapsed, 2),
                  "compile_seconds": round(compile_seconds, 2)}
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
