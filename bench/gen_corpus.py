#!/usr/bin/env python3
"""Generates the benchmark corpus for `enkat check` (Python 3 standard library only).

    python3 bench/gen_corpus.py [--out bench/corpus] [--count 290] [--seed 2022]

Writes
  OUT/surveys/slutredovisning-region-2022.yaml   a copy of the real survey definition
  OUT/surveys/registry-dalarna.yaml              a generated registry: COUNT invented regions
  OUT/responses/region-NNN.yaml                  COUNT complete slutredovisning responses
  OUT/manifest.txt                               the seed, sizes and how many texts are too long

Every response answers all 42 questions. Free texts are 1500-3000 characters of Swedish-looking
prose built from a word list (å, ä, ö, paragraphs, line breaks, bullet lines); about 5 % of
them are over the 3000-character limit, so `enkat check` reports `too-long` errors and exits 1.
YAML styles are mixed on purpose: literal and folded block scalars, plain, single- and
double-quoted scalars, block and flow mappings with `value`/`comment`/`details`.

The output is deterministic for a given seed: the same bytes on every machine.
"""

import argparse
import os
import re
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SURVEY_ID = "slutredovisning-region-2022"
LIMIT = 3000

PLAN_CHOICES = ["ja", "ja-revidera", "nej-inget-forslag", "nej-forslag-finns"]
SOURCE_CHOICES = ["journalsystem", "listningssystem", "annan-uppskattning"]
# The 42 question ids of the survey (1-24b; the form has no 21b), in form order. Checked against
# the real survey at generation time.
ORDER = ["1", "2", "3", "4", "5", "6a", "6b", "7", "8", "9a", "9b", "10", "11a", "11b", "12a", "12b",
         "13a", "13b", "14a", "14b", "15a", "15b", "16", "17a", "17b", "17c", "17d", "17e", "17f", "17g",
         "17h", "17i", "18", "19a", "19b", "20a", "20b", "21a", "22", "23", "24a", "24b"]

NOUNS = """
omställning primärvård vårdcentral hemsjukvård kommun kommunerna region regionen länet invånare
patient patienter brukare närstående anhöriga personal medarbetare sjuksköterska distriktssköterska
läkare fysioterapeut arbetsterapeut undersköterska biståndshandläggare enhetschef verksamhet
verksamheterna samverkan samarbete överenskommelse målbild handlingsplan vårdplan samordnad
individuell plan utskrivning inskrivning uppföljning utvärdering kontinuitet vårdkontakt
omsorgskontakt listning journalsystem indikator mätning tillgänglighet läkemedelsgenomgång
hälsofrämjande förebyggande insatser egenvård delaktighet kompetens kompetensförsörjning
utbildning handledning rekrytering bemanning digitalisering välfärdsteknik distanskontakt
vårdplatser korttidsplats äldreboende hemtjänst trygghetsteam mobila team närsjukvårdsteam
psykiatri barnhälsovård ungdomsmottagning elevhälsa socialtjänst beroendevård rehabilitering
habilitering nätverk arbetsgrupp styrgrupp ledningsgrupp referensgrupp förvaltning struktur
ansvar ledning styrning finansiering budget resursfördelning ersättningsmodell uppdrag
förutsättningar utmaningar erfarenheter lärdomar resultat effekter förändringsarbete
arbetssätt rutiner riktlinjer processer flöden informationsöverföring dokumentation
förbättringsarbete pilotprojekt implementering spridning förankring dialog kommunikation
""".split()

VERBS = """
har är blir behöver ska kan bör fortsätter utvecklar stärker förbättrar samordnar följer
genomför prioriterar utvärderar planerar införs påbörjas avslutas drivs leds förankras
sprids utökas minskar ökar underlättar möjliggör försvårar kräver innebär bidrar
""".split()

ADJECTIVES = """
nära god gemensam länsgemensam regional lokal kommunal tydlig långsiktig hållbar personcentrerad
samordnad strukturerad systematisk gemensamma viktiga nya fortsatta ökade förbättrade digitala
fysiska mobila breda särskilda sköra äldre multisjuka tidiga förebyggande befintliga centrala
""".split()

SMALL = """
och att i på för med som av till inom mellan under genom utifrån enligt samt även också
där när både mot efter kring vid hos utan än eller men så det den de detta dessa vi
""".split()

OPENERS = [
    "Under året har", "Inom ramen för överenskommelsen har", "Sedan 2021 har", "I länet har",
    "Tillsammans med kommunerna har", "Arbetet med omställningen har", "Regionen har under 2022",
    "Det länsgemensamma arbetet har", "Inom primärvården har", "I samverkan med kommunerna har",
    "Erfarenheterna visar att", "Vi ser att", "En viktig lärdom är att", "Utöver detta har",
    "Parallellt med detta har", "Som en del av handlingsplanen har", "Från och med hösten har",
]

PLACES = ["Nordåsen", "Västerkulla", "Öjebyn", "Sjöändan", "Bäckstrand", "Älvhyttan", "Storsätern",
          "Lövnäs", "Gräsbo", "Ängsvik", "Hällefors", "Åsbacka", "Mörtsjö", "Tjärnäs", "Kvarnbäcken"]

# Syllables for invented region names ("Region Västeråsby").
NAME_HEADS = ["Väster", "Öster", "Norr", "Söder", "Mell", "Berg", "Sjö", "Älv", "Skog", "Dal", "Ås",
              "Lund", "Hed", "Ång", "Björ", "Gran", "Tall", "Ek", "Lind", "Mål", "Fors", "Kvarn", "Hammar"]
NAME_MIDS = ["", "a", "e", "s", "by", "å", "ö", "ä"]
NAME_TAILS = ["land", "mark", "bygd", "dalen", "sjö", "ås", "näs", "vik", "holm", "berga", "torp",
              "hult", "fors", "målen", "rike", "lid", "sta", "stad", "köping", "hamn"]


def ascii_id(text):
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "a", "Ä": "a", "Ö": "o", " ": "-"})
    return text.translate(table).lower()


class TextMaker:
    """Swedish-looking prose of a chosen length in characters (as `enkat` counts them: Python's
    len() of the stripped text, since everything here is NFC, BMP and LF-only)."""

    def __init__(self, rng):
        self.rng = rng

    def word(self):
        r = self.rng.random()
        if r < 0.38:
            return self.rng.choice(SMALL)
        if r < 0.78:
            return self.rng.choice(NOUNS)
        if r < 0.92:
            return self.rng.choice(ADJECTIVES)
        return self.rng.choice(VERBS)

    def sentence(self):
        rng = self.rng
        parts = []
        if rng.random() < 0.35:
            parts.append(rng.choice(OPENERS))
        else:
            w = self.word()
            parts.append(w[0].upper() + w[1:])
        for _ in range(rng.randint(7, 22)):
            parts.append(self.word())
        r = rng.random()
        if r < 0.08:
            parts.insert(rng.randint(1, len(parts)), "%d procent" % rng.randint(3, 97))
        elif r < 0.14:
            parts.insert(rng.randint(1, len(parts)), "år %d" % rng.randint(2018, 2024))
        elif r < 0.17:
            parts.insert(rng.randint(1, len(parts)), "i %s" % rng.choice(PLACES))
        elif r < 0.19:
            parts.insert(rng.randint(1, len(parts)), "%d,%d årsarbetare" % (rng.randint(0, 4), rng.randint(1, 9)))
        text = " ".join(parts)
        if rng.random() < 0.25:
            cut = rng.randint(2, max(2, len(parts) - 2))
            text = " ".join(parts[:cut]) + ", " + " ".join(parts[cut:])
        return text + rng.choice([".", ".", ".", ".", "!", "?"] if rng.random() < 0.05 else ["."])

    def paragraph(self):
        rng = self.rng
        if rng.random() < 0.12:
            # A bullet list, one line per point.
            items = ["- " + self.sentence() for _ in range(rng.randint(2, 5))]
            return self.sentence() + "\n" + "\n".join(items)
        return " ".join(self.sentence() for _ in range(rng.randint(2, 6)))

    def text(self, length, paragraphs=True):
        """A text of at most `length` characters (and at least `length` - 30), cut after a
        whole word and ending in a full stop."""
        rng = self.rng
        pieces = []
        total = 0
        while total < length:
            piece = self.paragraph() if paragraphs else self.sentence()
            sep = ("\n\n" if rng.random() < 0.85 else "\n") if paragraphs else " "
            pieces.append((sep if pieces else "") + piece)
            total += len(pieces[-1])
        text = "".join(pieces)[:length]
        if len(text) == length:
            text = text[:max(text.rfind(" "), text.rfind("\n"))]
        return text.rstrip(",.!?- \n") + "."

    def length(self, over_fraction=0.05, low=1500, high=3000):
        """A target length: over the limit with probability `over_fraction` (by 40-400
        characters, so cutting at a word still leaves it over), else between `low` and `high`,
        most of them nearer `low` as in real answers."""
        if self.rng.random() < over_fraction:
            return self.rng.randint(LIMIT + 40, LIMIT + 400), True
        return int(self.rng.triangular(low, high, low)), False


def indent(text, spaces):
    pad = " " * spaces
    return "\n".join(pad + line if line else "" for line in text.split("\n"))


def double_quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def single_quoted(text):
    # In a single-quoted scalar a line break is written as an empty line; keep it on one line
    # by only using this style for single-line texts.
    return "'" + text.replace("'", "''") + "'"


class ResponseWriter:
    def __init__(self, rng, stats):
        self.rng = rng
        self.maker = TextMaker(rng)
        self.stats = stats

    def long_text(self, low=1500, high=3000, over=0.05):
        length, is_over = self.maker.length(over, low, high)
        self.stats["texts"] += 1
        self.stats["too_long"] += is_over
        return self.maker.text(length)

    def emit_text(self, key, text, level):
        """`key:` followed by `text` in a style picked at random (at nesting `level`)."""
        rng = self.rng
        pad = "  " * level
        r = rng.random()
        if "\n" not in text:
            # One line (as pasted from a web form): plain 40 %, single-quoted 20 %,
            # double-quoted 20 %, literal block 20 %.
            if r < 0.40:
                return "%s%s: %s\n" % (pad, key, text)
            if r < 0.60:
                return "%s%s: %s\n" % (pad, key, single_quoted(text))
            if r < 0.80:
                return "%s%s: %s\n" % (pad, key, double_quoted(text))
        elif r < 0.20:
            # Paragraphs: double-quoted with \n escapes 20 % (as converters write them),
            # folded 10 %, literal block 70 %.
            return "%s%s: %s\n" % (pad, key, double_quoted(text))
        elif r < 0.30:
            # Folded: a run of n line breaks in the text is n + 1 in the source (a single one
            # would fold into a space), so the value read back is exactly `text`.
            folded = re.sub(r"\n+", lambda m: "\n" * (len(m.group()) + 1), text)
            return "%s%s: >\n%s\n" % (pad, key, indent(folded, len(pad) + 2))
        return "%s%s: |\n%s\n" % (pad, key, indent(text, len(pad) + 2))

    def comment_text(self):
        if self.rng.random() < 0.6:
            return self.maker.text(self.rng.randint(60, 400), paragraphs=False)
        return self.maker.text(self.rng.randint(400, 1200))

    def choice(self, key, value, comment=None, details=None):
        rng = self.rng
        if comment is None and details is None:
            return "  %s: %s\n" % (key, value)
        if comment is not None and "\n" not in comment and len(comment) < 300 and rng.random() < 0.5:
            return "  %s: { value: %s, comment: %s }\n" % (key, value, double_quoted(comment))
        out = "  %s:\n    value: %s\n" % (key, value)
        if details is not None:
            out += self.emit_text("details", details, 2)
        if comment is not None:
            out += self.emit_text("comment", comment, 2)
        return out

    def maybe_comment(self, p):
        return self.comment_text() if self.rng.random() < p else None

    def response(self, respondent):
        rng = self.rng
        out = ["# Slutredovisning 2022, genererad för prestandatestet (bench/gen_corpus.py).\n",
               "survey: %s\n" % SURVEY_ID, "respondent: %s\n" % respondent["id"]]
        if rng.random() < 0.5:
            out.append("contact:\n  name: Förnamn Efternamn\n  email: kontakt@example.se\n")
        out.append("answers:\n")
        for key in ORDER:
            if key in ("1", "2", "4"):
                out.append(self.choice(key, rng.choice(PLAN_CHOICES), comment=self.maybe_comment(0.6)))
            elif key in ("5", "7", "8", "10", "23"):
                if rng.random() < 0.85:
                    out.append(self.choice(key, "ja", details=self.long_text()))
                else:
                    out.append(self.choice(key, "nej"))
            elif key in ("17c", "17e"):
                value = str(rng.randint(35, 98)) if rng.random() < 0.6 else "%d,%d" % (rng.randint(35, 97), rng.randint(1, 9))
                comment = self.maybe_comment(0.5)
                if comment is None:
                    out.append("  %s: %s\n" % (key, value))
                elif "\n" not in comment and len(comment) < 300:
                    out.append("  %s: { value: \"%s\", comment: %s }\n" % (key, value, double_quoted(comment)))
                else:
                    out.append("  %s:\n    value: %s\n" % (key, value) + self.emit_text("comment", comment, 2))
            elif key in ("17d", "17f"):
                out.append(self.choice(key, rng.choice(SOURCE_CHOICES), comment=self.maybe_comment(0.3)))
            elif key in ("17g", "17h", "17i"):
                if key != "17g" and rng.random() < 0.2:
                    value = "kan-inte-uppskattas"
                else:
                    value = "0,%03d" % rng.randint(80, 650)
                comment = self.maybe_comment(0.3)
                if comment is None:
                    out.append("  %s: %s\n" % (key, value))
                else:
                    out.append("  %s:\n    value: %s\n" % (key, value) + self.emit_text("comment", comment, 2))
            else:
                text = self.long_text()
                if rng.random() < 0.12:
                    text = text.replace("\n", " ").replace("  ", " ")  # one long line: plain or quoted
                out.append(self.emit_text(key, text, 1))
        return "".join(out)


def make_registry(rng, count):
    names = []
    seen = set()
    while len(names) < count:
        name = rng.choice(NAME_HEADS) + rng.choice(NAME_MIDS) + rng.choice(NAME_TAILS)
        key = ascii_id(name)  # enkat folds å/ä/ö when it compares name forms
        if key in seen:
            continue
        seen.add(key)
        names.append(name)
    respondents = []
    lines = ["# Generated by bench/gen_corpus.py: invented regions for the benchmark, not real ones.\n",
             "registry: dalarna\n", "title: Benchmark-registret (påhittade regioner)\n",
             "allowed_names: [Dalarna, Dalarnas, Dalarnas län, Region Dalarna, Region Dalarnas, Länet]\n",
             "\n", "respondents:\n"]
    for index, name in enumerate(names, 1):
        rid = "region-%03d" % index
        genitive = name if name.endswith("s") else name + "s"
        respondents.append({"id": rid, "name": name})
        lines.append("  - id: %s\n" % rid)
        lines.append("    kind: region\n")
        lines.append("    name: Region %s\n" % name)
        lines.append("    official_name: Region %s\n" % name)
        lines.append("    forms: [Region %s, Region %s, Regionen %s]\n" % (name, genitive, name))
    return respondents, "".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(HERE, "corpus"))
    parser.add_argument("--count", type=int, default=290)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--survey", default=os.path.join(REPO, "surveys", SURVEY_ID + ".yaml"))
    args = parser.parse_args()

    if not os.path.isfile(args.survey):
        sys.exit("gen_corpus.py: %s is missing; the benchmark needs the real survey definition" % args.survey)
    with open(args.survey, encoding="utf-8") as f:
        survey_text = f.read()
    missing = [key for key in ORDER if ("id: \"%s\"" % key) not in survey_text
               and ("id: '%s'" % key) not in survey_text and ("id: %s\n" % key) not in survey_text]
    if missing:
        print("gen_corpus.py: warning: the survey does not seem to define %s" % ", ".join(missing), file=sys.stderr)

    rng = random.Random(args.seed)
    surveys = os.path.join(args.out, "surveys")
    responses = os.path.join(args.out, "responses")
    for folder in (surveys, responses):
        if os.path.isdir(folder):
            shutil.rmtree(folder)
        os.makedirs(folder)
    shutil.copyfile(args.survey, os.path.join(surveys, SURVEY_ID + ".yaml"))
    respondents, registry = make_registry(rng, args.count)
    with open(os.path.join(surveys, "registry-dalarna.yaml"), "w", encoding="utf-8", newline="\n") as f:
        f.write(registry)

    stats = {"texts": 0, "too_long": 0}
    writer = ResponseWriter(rng, stats)
    total = 0
    for respondent in respondents:
        text = writer.response(respondent)
        data = text.encode("utf-8")
        total += len(data)
        with open(os.path.join(responses, respondent["id"] + ".yaml"), "wb") as f:
            f.write(data)
    summary = ("corpus: %d responses, %.1f MB (%d bytes), %d long texts of which %d over %d characters"
               % (len(respondents), total / 1e6, total, stats["texts"], stats["too_long"], LIMIT))
    with open(os.path.join(args.out, "manifest.txt"), "w", encoding="utf-8") as f:
        f.write("seed %d\nresponses %d\nbytes %d\nlong_texts %d\ntoo_long %d\n"
                % (args.seed, len(respondents), total, stats["texts"], stats["too_long"]))
    print(summary)


if __name__ == "__main__":
    main()
