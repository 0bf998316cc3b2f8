#!/usr/bin/python3
"""Black-box tests of `newsevents extract` and of the JSON schemas in schemas/.

Run from anywhere as

    /usr/bin/python3 tests/cli/test_cli.py --cli build/newsevents [unittest options]

with Debian's python3 and python3-jsonschema (no third-party test runner). The
CLI contract under test: `newsevents extract [--pretty] [FILE...]` reads
article JSON lines, or one plain-text article per file, or stdin when no FILE
is given; it writes one event record per line to stdout (indented with
--pretty); it reports every input it cannot decode on stderr with the
article's id or FILE:LINE and the reason code, still processes the rest, and
exits 65 (EX_DATAERR) if anything was rejected, 0 otherwise.

Expected events live in tests/fixtures/*.expect.jsonl (format in
tests/fixtures/README.md). They are written by a person from the text, never
from the program's output. The last line printed is "N passed, N failed"
(plus ", N skipped"), and the exit status is non-zero when anything failed.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import unittest
from pathlib import Path

from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "schemas"
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = ROOT.parent / "shared" / "samples" / "us-iran-talks-2007.txt"
SCHEMA_NAMES = ("article", "event", "deadletter")
EX_DATAERR = 65
RUN_TIMEOUT = 300

# Set by main() from the command line: the CLI binary and its environment.
CONFIG = {"cli": None, "env": None}

ISO3 = re.compile(r"^[A-Z]{3}$")
DATE_PREFIX = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
ROOT_CODE = re.compile(r"^(0[1-9]|1[0-9]|20)$")
EXPECT_KEYS = {"article_id", "root_code", "code_prefix", "source_country", "target_country",
               "either_direction", "date", "note"}


# ---------------------------------------------------------------- helpers

def load_schema(name):
    with open(SCHEMA_DIR / f"{name}.schema.json", encoding="utf-8") as f:
        return json.load(f)


def validator(name):
    return Draft202012Validator(load_schema(name))


def schema_errors(v, instance):
    """@returns the validation errors of instance as short strings."""
    out = []
    for e in sorted(v.iter_errors(instance), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        out.append(f"{where}: {e.message}")
    return out


class Run:
    """One finished CLI run: exit status, raw output and parsed records."""

    def __init__(self, cmd, proc):
        self.cmd = cmd
        self.returncode = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr.decode("utf-8", errors="replace")

    def describe(self):
        return (f"`{' '.join(self.cmd)}` exited {self.returncode}; stderr:\n"
                f"{self.stderr[-2000:]}")

    def records(self):
        """Parse stdout as JSON lines; every line must be one JSON object."""
        recs = []
        for n, line in enumerate(self.stdout.splitlines(), 1):
            try:
                obj = json.loads(line.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as e:
                raise AssertionError(f"stdout line {n} is not JSON ({e}): {line[:200]!r}")
            if not isinstance(obj, dict):
                raise AssertionError(f"stdout line {n} is not a JSON object: {line[:200]!r}")
            recs.append(obj)
        return recs


_run_cache = {}


def run_cli(*args, stdin=None, cached=True):
    """Run `newsevents extract ARGS`, feeding stdin (bytes) if given."""
    cmd = [CONFIG["cli"], "extract", *[str(a) for a in args]]
    key = (tuple(cmd), stdin)
    if cached and key in _run_cache:
        return _run_cache[key]
    proc = subprocess.run(cmd, input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL,
                          capture_output=True, timeout=RUN_TIMEOUT, cwd=ROOT, env=CONFIG["env"])
    run = Run(cmd, proc)
    if cached:
        _run_cache[key] = run
    return run


def canonical(rec, drop=()):
    return json.dumps({k: v for k, v in rec.items() if k not in drop}, sort_keys=True,
                      ensure_ascii=False)


def sorted_canonical(recs, drop=()):
    return sorted(canonical(r, drop) for r in recs)


def country(actor):
    return actor.get("country") if isinstance(actor, dict) else None


def summary(rec):
    sent = rec.get("sentence") or {}
    return (f"{rec.get('code')} {country(rec.get('source_actor'))}->"
            f"{country(rec.get('target_actor'))} date={rec.get('date')} "
            f"s{sent.get('index')}: {str(sent.get('text'))[:90]!r}")


class Fixture:
    """One input file under tests/fixtures and what is known of its articles."""

    def __init__(self, path):
        self.path = path
        self.name = path.stem
        self.data = path.read_bytes()
        self.plain = not path.name.endswith(".jsonl")
        # article id (None for plain text: the CLI chooses it) -> dict(text=bytes, url, source)
        self.articles = {}
        if self.plain:
            self.articles[None] = {"text": self.data, "url": None, "source": None}
        else:
            for line in self.data.decode("utf-8").splitlines():
                obj = json.loads(line)
                self.articles[str(obj["id"])] = {
                    "text": obj["text"].encode("utf-8"),
                    "url": obj.get("url"),
                    "source": obj.get("source"),
                    "raw": obj,
                }
        expect = path.with_name(self.name + ".expect.jsonl")
        self.expect_path = expect if expect.exists() else None

    def expectations(self):
        """@returns (exhaustive, [expectation dicts]) from the .expect.jsonl file."""
        if self.expect_path is None:
            return False, []
        lines = [json.loads(l) for l in self.expect_path.read_text(encoding="utf-8").splitlines()
                 if l.strip()]
        exhaustive = bool(lines) and lines[0] == {"exhaustive": True}
        return exhaustive, lines[1:] if exhaustive else lines

    def group(self, recs):
        """Records by article; for plain text, every record is the one article's."""
        if self.plain:
            return {None: list(recs)}
        out = {aid: [] for aid in self.articles}
        for r in recs:
            out.setdefault(r.get("article_id"), []).append(r)
        return out


def input_fixtures():
    txt = sorted(FIXTURES.glob("*.txt"))
    jsonl = sorted(p for p in FIXTURES.glob("*.jsonl") if not p.name.endswith(".expect.jsonl"))
    return [Fixture(p) for p in txt + jsonl]


def matches(exp, rec):
    """@returns True if record rec satisfies expectation exp (absent keys are not checked)."""
    if "root_code" in exp and rec.get("root_code") != exp["root_code"]:
        return False
    if "code_prefix" in exp and not str(rec.get("code", "")).startswith(exp["code_prefix"]):
        return False
    if "date" in exp:
        got = rec.get("date")
        if exp["date"] is None:
            if got is not None:
                return False
        elif not isinstance(got, str) or not got.startswith(exp["date"]):
            return False

    def pair_ok(src, tgt):
        return (("source_country" not in exp or exp["source_country"] == src) and
                ("target_country" not in exp or exp["target_country"] == tgt))

    src, tgt = country(rec.get("source_actor")), country(rec.get("target_actor"))
    return pair_ok(src, tgt) or (bool(exp.get("either_direction")) and pair_ok(tgt, src))


def expected_root(exp):
    return exp["root_code"] if "root_code" in exp else exp["code_prefix"][:2]


# ---------------------------------------------------------------- schemas

def walk_properties(node, path="#"):
    """Yield (path, subschema) for every entry of every "properties" map in a schema."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for name, sub in props.items():
                yield f"{path}/properties/{name}", sub
        for k, v in node.items():
            # allOf/if/then/else only constrain properties declared elsewhere.
            if k not in ("allOf", "if", "then", "else"):
                yield from walk_properties(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk_properties(v, f"{path}/{i}")


def good_actor(**over):
    a = {"code": "USAGOV", "country": "USA", "role": "GOV", "text": "U.S. officials",
         "name": None, "start": 120, "end": 134}
    a.update(over)
    return a


def good_event():
    """A complete record, written by hand from the contract."""
    return {
        "schema_version": 1,
        "event_id": "0123456789abcdef",
        "article_id": "wire-001",
        "url": "https://wire.example.invalid/a",
        "source": "Example Wire",
        "date": "2007-05-28",
        "date_basis": "relative",
        "code": "042",
        "root_code": "04",
        "label": "Make a visit",
        "quad_class": 1,
        "goldstein": 1.9,
        "source_actor": good_actor(),
        "target_actor": good_actor(code="IRNGOV", country="IRN", text="Iranian diplomats",
                                   start=140, end=157),
        "attributed_to": None,
        "plover": "CONSULT",
        "verb": {"text": "met", "lemma": "meet", "pattern": "meet with", "start": 135, "end": 138,
                 "head": {"text": "met", "start": 135, "end": 138}},
        "sentence": {"index": 2, "text": "U.S. officials met Iranian diplomats.", "start": 120,
                     "end": 158},
        "negated": False,
        "location": {"name": "Baghdad", "country": "IRQ", "latitude": 33.34,
                     "longitude": 44.4, "kind": "capital"},
        "tone": -1.5,
        "quotes": [{"text": "frank", "start": 160, "end": 165,
                    "speaker": good_actor(code="IGOUNO", country=None, role="IGO",
                                         text="the United Nations")}],
        "matched": ["verbs.txt:12", "countries.tsv:USA", "demonyms.tsv:iranian",
                    "cities.tsv:Baghdad, Baghdad Governorate, IRQ"],
        "extractor_version": "0.1.0",
    }


def minimal_event():
    e = good_event()
    for k in ("attributed_to", "location", "tone", "quotes", "matched"):
        del e[k]
    e.update(source_actor=None, target_actor=None, url=None, source=None, date=None,
             date_basis="none")
    return e


DELETE = object()


def mutate(rec, path, value):
    """Copy rec with the value at path (a tuple of keys) set, or deleted if value is DELETE."""
    rec = json.loads(json.dumps(rec))
    node = rec
    for k in path[:-1]:
        node = node[k]
    if value is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return rec


class SchemaTests(unittest.TestCase):

    def test_each_schema_is_a_valid_draft_2020_12_schema_with_its_id(self):
        for name in SCHEMA_NAMES:
            with self.subTest(schema=name):
                s = load_schema(name)
                Draft202012Validator.check_schema(s)
                self.assertEqual(s.get("$schema"), "https://json-schema.org/draft/2020-12/schema")
                self.assertEqual(s.get("$id"),
                                 f"https://newsevents.invalid/schemas/{name}.schema.json")
                self.assertTrue(s.get("description"), "the schema itself has no description")

    def test_every_property_has_a_description(self):
        for name in SCHEMA_NAMES:
            missing = [p for p, sub in walk_properties(load_schema(name))
                       if not (isinstance(sub, dict) and sub.get("description"))]
            self.assertEqual(missing, [], f"{name}.schema.json: properties without description")

    def test_event_schema_accepts_a_complete_hand_written_record(self):
        self.assertEqual(schema_errors(validator("event"), good_event()), [])

    def test_event_schema_accepts_a_minimal_record_without_actors_or_date(self):
        self.assertEqual(schema_errors(validator("event"), minimal_event()), [])

    def test_event_schema_accepts_reduced_precision_dates(self):
        v = validator("event")
        for date, basis in (("2007", "year"), ("2007-05", "year"), ("2007-05-29", "explicit")):
            with self.subTest(date=date):
                e = good_event()
                e.update(date=date, date_basis=basis)
                self.assertEqual(schema_errors(v, e), [])

    def test_event_schema_rejects_broken_records(self):
        v = validator("event")
        cases = [
            (("event_id",), "0123456789ABCDEF"),
            (("event_id",), "0123456789abcde"),
            (("schema_version",), 2),
            (("article_id",), DELETE),
            (("date",), "2007-5-29"),
            (("date",), "29 May 2007"),
            (("date",), None),  # with date_basis "relative": a basis needs a date
            (("date_basis",), "guess"),
            (("code",), "4"),
            (("code",), "04a"),
            (("root_code",), "21"),
            (("root_code",), "00"),
            (("quad_class",), 5),
            (("quad_class",), 3),  # root 04 is verbal cooperation, quad class 1
            (("goldstein",), 10.5),
            (("negated",), "no"),
            (("source_actor", "code"), "usa"),
            (("source_actor", "code"), "USAG"),
            (("source_actor", "country"), "US"),
            (("source_actor", "role"), DELETE),
            (("source_actor", "start"), -1),
            (("target_actor",), "IRN"),
            (("verb", "lemma"), DELETE),
            (("verb", "end"), -3),
            (("sentence", "index"), DELETE),
            (("sentence", "start"), 1.5),
            (("location", "latitude"), 91),
            (("location", "longitude"), -180.5),
            (("location", "country"), "Iraq"),
            (("tone",), 12),
            (("quotes", 0, "speaker"), "Crocker"),
            (("matched",), ["verbs.txt"]),
            (("matched",), ["verbs.txt:0"]),
            (("matched",), ["verbs.txt:"]),
            (("matched",), ["countries.tsv:007"]),
            (("extractor_version",), DELETE),
        ]
        for path, value in cases:
            with self.subTest(path=path, value=None if value is DELETE else value):
                self.assertNotEqual(schema_errors(v, mutate(good_event(), path, value)), [],
                                    "the schema accepted it")

    def test_event_schema_accepts_records_with_added_optional_fields_8(self):
        # The evolution policy of schemas/README.md: a consumer validating against the
        # published schema keeps accepting records that carry fields added later.
        v = validator("event")
        for path, value in ((("extra_field",), 1), (("source_actor", "nickname"), "x"),
                            (("verb", "extra"), True), (("location", "altitude"), 10),
                            (("verb", "head", "lemma"), "send"), (("quotes", 0, "lang"), "en")):
            with self.subTest(path=path):
                self.assertEqual(schema_errors(v, mutate(good_event(), path, value)), [])

    def test_event_schema_rejects_a_bad_plover_type_or_verb_head(self):
        v = validator("event")
        for path, value in ((("plover",), "ATTACK"), (("plover",), "assault"),
                            (("verb", "head"), "sent"), (("verb", "head", "start"), -1),
                            (("verb", "head", "text"), DELETE), (("tone",), "neutral")):
            with self.subTest(path=path):
                self.assertNotEqual(schema_errors(v, mutate(good_event(), path, value)), [])

    def test_event_schema_rejects_a_date_when_the_basis_is_none(self):
        e = minimal_event()
        e["date"] = "2007-05-29"
        self.assertNotEqual(schema_errors(validator("event"), e), [])

    def test_quad_class_follows_the_root_code(self):
        v = validator("event")
        for root, quad in (("01", 1), ("05", 1), ("06", 2), ("09", 2), ("10", 3), ("14", 3),
                           ("15", 4), ("19", 4), ("20", 4)):
            e = good_event()
            e.update(code=root + "0", root_code=root)
            for q in (1, 2, 3, 4):
                with self.subTest(root=root, quad=q):
                    e["quad_class"] = q
                    self.assertEqual(schema_errors(v, e) == [], q == quad)

    def test_article_schema_accepts_and_rejects_as_documented(self):
        v = validator("article")
        good = [
            {"text": "Iran and the United States met."},
            {"id": 7, "text": "x", "url": None, "source": None, "title": None,
             "published_at": None, "language": None},
            {"id": "a-1", "text": "x", "section": "world", "tags": [1, 2]},
            # A null id counts as absent (Trafilatura writes "id": null), as the decoder reads it.
            {"id": None, "text": "x"},
            {"maintext": "x", "date_publish": "2017-02-17 07:01:14", "text": None},
            {"html": "<p>x</p>"},
        ]
        bad = [
            {},
            {"text": ""},
            {"text": " \n\t"},
            {"text": 5},
            {"text": None},
            {"id": 1.5, "text": "x"},
            {"maintext": None, "description": None},
            {"html": ""},
            {"text": "x", "title": 3},
            {"text": "x", "published_at": 20070529},
            ["text"],
            "plain text is not described by this schema",
        ]
        for a in good:
            with self.subTest(good=a):
                self.assertEqual(schema_errors(v, a), [])
        for a in bad:
            with self.subTest(bad=a):
                self.assertNotEqual(schema_errors(v, a), [])

    def test_deadletter_schema_accepts_and_rejects_as_documented(self):
        v = validator("deadletter")
        good = {"x-error-code": "invalid_json", "x-error-reason": "line 1: unexpected end of input",
                "x-source-topic": "articles", "x-source-partition": "3",
                "x-source-offset": "1234567"}
        self.assertEqual(schema_errors(v, good), [])
        self.assertEqual(schema_errors(v, dict(good, **{"content-type": "text/plain"})), [])
        for key, value in (("x-error-code", "bogus"), ("x-error-code", "NOT_UTF8"),
                           ("x-error-reason", ""), ("x-error-reason", "two\nlines"),
                           ("x-source-topic", ""), ("x-source-partition", "-1"),
                           ("x-source-partition", 3), ("x-source-offset", "12a"),
                           ("x-source-offset", DELETE), ("other-header", 5)):
            with self.subTest(key=key, value=None if value is DELETE else value):
                self.assertNotEqual(schema_errors(v, mutate(good, (key,), value)), [])

    def test_deadletter_codes_are_the_reason_codes_and_the_daemons_codes(self):
        enum = set(load_schema("deadletter")["properties"]["x-error-code"]["enum"])
        header = (ROOT / "workers" / "reason.h").read_text(encoding="utf-8")
        names = set(re.findall(r"^\s*REASON_([A-Z0-9_]+)\s*[,=]", header, re.M))
        self.assertTrue(names, "no REASON_ constants found in workers/reason.h")
        reasons = {n.lower() for n in names}
        # The daemon adds its own codes for what happens after extraction (daemon/deadletter.h).
        daemon = set(re.findall(r"#define\s+DEADLETTER_[A-Z0-9_]+\s+\"([a-z_]+)\"",
                                (ROOT / "daemon" / "deadletter.h").read_text(encoding="utf-8")))
        self.assertTrue(daemon, "no DEADLETTER_ codes found in daemon/deadletter.h")
        self.assertEqual(enum, reasons | daemon)
        source = ROOT / "workers" / "reason.c"
        if source.exists():
            table = dict(re.findall(r"\[REASON_([A-Z0-9_]+)\]\s*=\s*\"([^\"]+)\"",
                                    source.read_text(encoding="utf-8")))
            self.assertEqual(set(table.values()), reasons, "reason.c strings differ from reason.h")

    def test_fixture_articles_are_valid_input(self):
        v = validator("article")
        for fx in input_fixtures():
            if fx.plain:
                continue
            for aid, a in fx.articles.items():
                with self.subTest(fixture=fx.path.name, article=aid):
                    self.assertEqual(schema_errors(v, a["raw"]), [])


class FixtureFileTests(unittest.TestCase):
    """The expectation files must say what their author meant: no typo may make one vacuous."""

    def test_expect_files_are_well_formed(self):
        inputs = {fx.name: fx for fx in input_fixtures()}
        for path in sorted(FIXTURES.glob("*.expect.jsonl")):
            name = path.name[:-len(".expect.jsonl")]
            with self.subTest(file=path.name):
                self.assertIn(name, inputs, "no input fixture for this expect file")
                fx = inputs[name]
                lines = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines()
                         if l.strip()]
                for n, exp in enumerate(lines, 1):
                    if "exhaustive" in exp:
                        self.assertEqual((n, exp), (1, {"exhaustive": True}),
                                         "exhaustive may only be a first line of its own")
                        continue
                    where = f"{path.name}:{n}"
                    self.assertLessEqual(set(exp), EXPECT_KEYS, f"{where}: unknown key")
                    self.assertEqual(("root_code" in exp) + ("code_prefix" in exp), 1,
                                     f"{where}: give exactly one of root_code, code_prefix")
                    if "root_code" in exp:
                        self.assertRegex(exp["root_code"], ROOT_CODE, where)
                    else:
                        self.assertRegex(exp["code_prefix"], r"^(0[1-9]|1[0-9]|20)[0-9]{0,2}$",
                                         where)
                    for k in ("source_country", "target_country"):
                        if exp.get(k) is not None:
                            self.assertRegex(exp[k], ISO3, f"{where}: {k}")
                    if exp.get("date") is not None:
                        self.assertRegex(exp["date"], DATE_PREFIX, f"{where}: date")
                    self.assertIn("article_id", exp, where)
                    if fx.plain:
                        self.assertIsNone(exp["article_id"], f"{where}: plain text has no id")
                    else:
                        self.assertIn(exp["article_id"], fx.articles, f"{where}: unknown id")

    def test_plain_text_fixtures_are_nfc_utf8_with_a_dateline(self):
        for fx in input_fixtures():
            if not fx.plain:
                continue
            with self.subTest(fixture=fx.path.name):
                text = fx.data.decode("utf-8")
                self.assertTrue(unicodedata.is_normalized("NFC", text))
                self.assertRegex(text.split("\n\n")[1],
                                 r"^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, [A-Z][a-z]+ "
                                 r"[0-9]{1,2}, [0-9]{4}$")


# ---------------------------------------------------------------- the CLI

class CliTestCase(unittest.TestCase):

    def setUp(self):
        cli = CONFIG["cli"]
        if not cli or not os.path.isfile(cli) or not os.access(cli, os.X_OK):
            self.fail(f"CLI binary {cli!r} not found or not executable (build it first)")

    def records_of(self, *args, **kw):
        run = run_cli(*args, **kw)
        self.assertEqual(run.returncode, 0, run.describe())
        return run.records()

    def check_offsets(self, label, text, recs):
        """Sentence, actor, verb and quote spans, all byte offsets into text (bytes)."""
        by_index = {}
        for i, rec in enumerate(recs):
            s = rec.get("sentence") or {}
            st, en = s.get("start", -1), s.get("end", -1)
            with self.subTest(input=label, record=i, check="sentence"):
                self.assertTrue(0 <= st < en <= len(text), f"sentence span {st}..{en}")
                self.assertEqual(text[st:en], str(s.get("text")).encode("utf-8"),
                                 "bytes [start, end) differ from sentence.text")
                prev = by_index.setdefault(s.get("index"), (st, en))
                self.assertEqual(prev, (st, en), "one sentence index with two spans")
            for role in ("source_actor", "target_actor"):
                actor = rec.get(role)
                if not isinstance(actor, dict):
                    continue
                with self.subTest(input=label, record=i, check=role):
                    a, b = actor.get("start", -1), actor.get("end", -1)
                    self.assertTrue(st <= a < b <= en,
                                    f"{role} {a}..{b} outside sentence {st}..{en}")
                    self.assertEqual(text[a:b], str(actor.get("text")).encode("utf-8"))
            verb = rec.get("verb") or {}
            with self.subTest(input=label, record=i, check="verb"):
                a, b = verb.get("start", -1), verb.get("end", -1)
                self.assertTrue(st <= a < b <= en, f"verb {a}..{b} outside sentence {st}..{en}")
            for q, quote in enumerate(rec.get("quotes") or []):
                with self.subTest(input=label, record=i, check=f"quote {q}"):
                    a, b = quote.get("start", -1), quote.get("end", -1)
                    self.assertTrue(0 <= a <= b <= len(text))
                    self.assertEqual(text[a:b], str(quote.get("text")).encode("utf-8"))
        order = sorted(by_index.items(), key=lambda kv: (not isinstance(kv[0], int), kv[0] or 0))
        with self.subTest(input=label, check="sentence order"):
            starts = [span[0] for _, span in order]
            self.assertEqual(starts, sorted(starts), "sentence indices out of text order")


class CliRecordTests(CliTestCase):

    def test_every_fixture_is_accepted_with_exit_status_0(self):
        for fx in input_fixtures():
            with self.subTest(fixture=fx.path.name):
                run = run_cli(fx.path)
                self.assertEqual(run.returncode, 0, run.describe())
                run.records()

    def test_every_record_validates_against_the_event_schema(self):
        v = validator("event")
        total = 0
        for fx in input_fixtures():
            for i, rec in enumerate(self.records_of(fx.path)):
                total += 1
                with self.subTest(fixture=fx.path.name, record=i):
                    self.assertEqual(schema_errors(v, rec), [], summary(rec))
        self.assertGreater(total, 0, "no fixture produced any record")

    def test_records_are_internally_consistent(self):
        for fx in input_fixtures():
            recs = self.records_of(fx.path)
            if fx.plain and recs:
                with self.subTest(fixture=fx.path.name, check="one article id"):
                    self.assertEqual(len({r.get("article_id") for r in recs}), 1)
            for i, rec in enumerate(recs):
                with self.subTest(fixture=fx.path.name, record=i):
                    self.assertTrue(str(rec.get("code", "")).startswith(str(rec.get("root_code"))),
                                    "code does not begin with root_code")
                    if fx.plain:
                        self.assertIsNone(rec.get("url"))
                        self.assertIsNone(rec.get("source"))
                    else:
                        self.assertIn(rec.get("article_id"), fx.articles)
                        art = fx.articles[rec.get("article_id")]
                        self.assertEqual(rec.get("url"), art["url"])
                        self.assertEqual(rec.get("source"), art["source"])
                    for role in ("source_actor", "target_actor", "attributed_to"):
                        actor = rec.get(role)
                        if not isinstance(actor, dict):
                            continue
                        if actor.get("code") is None:
                            # An actor of no known country has no code (schemas/event.schema.json).
                            self.assertIsNone(actor.get("country"), f"{role} has a country but no code")
                            continue
                        chunks = re.findall("...", actor["code"])
                        if actor.get("country") is not None:
                            self.assertEqual(chunks[:1], [actor["country"]],
                                             f"{role} code does not begin with its country")
                        if actor.get("role") is not None:
                            self.assertIn(actor["role"], chunks, f"{role} role not in its code")

    def test_expected_events_are_found(self):
        checked = 0
        for fx in input_fixtures():
            exhaustive, exps = fx.expectations()
            if fx.expect_path is None:
                continue
            by_article = fx.group(self.records_of(fx.path))
            for exp in exps:
                checked += 1
                recs = by_article.get(exp["article_id"], [])
                with self.subTest(fixture=fx.path.name, expected=exp.get("note", exp)):
                    found = any(matches(exp, r) for r in recs)
                    self.assertTrue(found, "no record matches {}; the article's records:\n  {}"
                                    .format({k: v for k, v in exp.items() if k != "note"},
                                            "\n  ".join(summary(r) for r in recs) or "(none)"))
            if not exhaustive:
                continue
            for aid, recs in by_article.items():
                allowed = {expected_root(e) for e in exps if e["article_id"] == aid}
                extra = [summary(r) for r in recs if r.get("root_code") not in allowed]
                with self.subTest(fixture=fx.path.name, article=aid, check="exhaustive"):
                    self.assertEqual(extra, [], f"records with root codes outside {sorted(allowed)}")
        self.assertGreater(checked, 0, "no expectations were checked")

    def test_matched_names_generated_entries_by_key_and_hand_written_ones_by_line(self):
        generated = {"countries.tsv", "demonyms.tsv", "cities.tsv", "wn_roles.tsv", "wn_nouns.tsv",
                     "wn_actors.tsv", "wn_classes.tsv", "country_points.tsv", "admin1.tsv"}
        seen = collections.Counter()
        for fx in input_fixtures():
            for i, rec in enumerate(self.records_of(fx.path)):
                for item in rec.get("matched", []):
                    name, _, key = item.partition(":")
                    with self.subTest(fixture=fx.path.name, record=i, matched=item):
                        if name in generated:
                            seen[name] += 1
                            self.assertFalse(key.isdigit(), "a generated file named by line")
                            if name != "cities.tsv":
                                self.assertEqual(key, key.strip(), "key with outer blanks")
                            if name in ("countries.tsv", "country_points.tsv"):
                                self.assertRegex(key, r"^[A-Z]{3}$")
                            if name == "cities.tsv":
                                self.assertRegex(key, r"^geonames:[1-9][0-9]*$")
                            if name == "admin1.tsv":
                                self.assertRegex(key, r"^[^,]+, [A-Z]{3}$")
                        else:
                            self.assertTrue(name.endswith(".txt"), "unknown lexicon file")
                            self.assertRegex(key, r"^[1-9][0-9]*$", "a hand-written file not by line")
        self.assertGreater(seen["countries.tsv"], 0, "no record named a country entry")
        self.assertGreater(seen["demonyms.tsv"], 0, "no record named a demonym entry")

    def test_offsets_point_at_the_sentence_actors_and_verb(self):
        for fx in input_fixtures():
            recs = self.records_of(fx.path)
            for aid, group in fx.group(recs).items():
                text = fx.articles.get(aid, {}).get("text")
                if text is None:
                    continue
                label = fx.path.name if fx.plain else f"{fx.path.name}#{aid}"
                self.check_offsets(label, text, group)

    def test_event_ids_are_stable_across_runs_and_distinct_within_a_run(self):
        for fx in input_fixtures():
            with self.subTest(fixture=fx.path.name):
                first = run_cli(fx.path, cached=False)
                second = run_cli(fx.path, cached=False)
                self.assertEqual(first.returncode, 0, first.describe())
                a, b = first.records(), second.records()
                self.assertEqual(sorted(r.get("event_id") for r in a),
                                 sorted(r.get("event_id") for r in b))
                self.assertEqual(sorted_canonical(a), sorted_canonical(b))
                for aid, group in fx.group(a).items():
                    ids = [r.get("event_id") for r in group]
                    self.assertEqual(len(ids), len(set(ids)),
                                     f"article {aid}: two records share an event_id")
        everything = []
        for fx in input_fixtures():
            everything += self.records_of(fx.path)
        ids = [r.get("event_id") for r in everything]
        self.assertEqual(len(ids), len(set(ids)), "an event_id repeats across the fixtures")

    def test_stdin_gives_the_same_records_as_the_file(self):
        for fx in input_fixtures():
            with self.subTest(fixture=fx.path.name):
                from_file = self.records_of(fx.path)
                from_stdin = self.records_of(stdin=fx.data)
                # A plain-text article has no id of its own; the CLI may name it after
                # the file, so only the id and the id-derived event_id may differ.
                drop = ("article_id", "event_id") if fx.plain else ()
                self.assertEqual(sorted_canonical(from_stdin, drop),
                                 sorted_canonical(from_file, drop))

    def test_several_files_in_one_run_give_the_records_of_each(self):
        fixtures = input_fixtures()
        together = self.records_of(*[fx.path for fx in fixtures])
        apart = []
        for fx in fixtures:
            apart += self.records_of(fx.path)
        self.assertEqual(sorted_canonical(together), sorted_canonical(apart))

    def test_pretty_output_is_the_same_objects_as_compact_output(self):
        for fx in input_fixtures():
            with self.subTest(fixture=fx.path.name):
                compact = self.records_of(fx.path)
                run = run_cli("--pretty", fx.path)
                self.assertEqual(run.returncode, 0, run.describe())
                text = run.stdout.decode("utf-8")
                dec = json.JSONDecoder()
                objs, pos = [], 0
                while True:
                    while pos < len(text) and text[pos].isspace():
                        pos += 1
                    if pos == len(text):
                        break
                    obj, pos = dec.raw_decode(text, pos)
                    self.assertIsInstance(obj, dict)
                    objs.append(obj)
                self.assertEqual(sorted_canonical(objs), sorted_canonical(compact))
                if compact:
                    self.assertGreater(text.count("\n"), len(compact),
                                       "--pretty output is not spread over lines")


class CliRejectionTests(CliTestCase):

    def test_rejected_lines_are_reported_and_the_good_article_still_coded(self):
        lines = [
            # Line 1 starts with '{', so it is JSON that does not parse (a line not
            # starting with '{' would be a plain-text article, not an error).
            (b'{"id": "broken-json", "text": "Egypt and Jordan', "broken-json", "invalid_json"),
            (json.dumps({"id": "good-1", "published_at": "2014-03-21",
                         "text": "Germany pledged economic aid to Ukraine."}).encode(), None, None),
            (b'{"id": "bad-field", "text": 5}', "bad-field", "bad_field"),
            (b'{"id": "bad-utf8", "text": "Caf\xc3 talks in Cairo"}', "bad-utf8", "not_utf8"),
        ]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "mixed.jsonl"
            path.write_bytes(b"\n".join(l for l, _, _ in lines) + b"\n")
            run = run_cli(path, cached=False)
        self.assertEqual(run.returncode, EX_DATAERR, run.describe())
        err_lines = run.stderr.splitlines()
        for n, (_, aid, reason) in enumerate(lines, 1):
            if reason is None:
                continue
            with self.subTest(line=n, reason=reason):
                names = (aid, f"{path}:{n}", f"{path.name}:{n}")
                hits = [l for l in err_lines if reason in l and any(x in l for x in names)]
                self.assertTrue(hits, f"stderr names neither {aid!r} nor line {n} with "
                                f"{reason}:\n{run.stderr[-2000:]}")
        recs = run.records()
        self.assertGreater(len(recs), 0, "the good article produced no record")
        self.assertEqual({r.get("article_id") for r in recs}, {"good-1"})
        v = validator("event")
        for rec in recs:
            self.assertEqual(schema_errors(v, rec), [])

    def test_undecodable_plain_text_is_rejected_with_its_reason(self):
        cases = [
            ("blank.txt", b"  \n\n\t\n", "no_text"),
            ("nul.txt", b"Title\n\nMonday, May 28, 2007\n\nIran and\x00Iraq met.\n", "nul_byte"),
            ("latin1.txt", b"Title\n\nMonday, May 28, 2007\n\nCaf\xe9 owners met.\n", "not_utf8"),
        ]
        with tempfile.TemporaryDirectory() as tmp:
            for name, data, reason in cases:
                with self.subTest(input=name):
                    path = Path(tmp) / name
                    path.write_bytes(data)
                    run = run_cli(path, cached=False)
                    self.assertEqual(run.returncode, EX_DATAERR, run.describe())
                    self.assertIn(reason, run.stderr)
                    self.assertEqual(run.stdout, b"", "records for a rejected article")


@unittest.skipUnless(SAMPLE.exists(), f"{SAMPLE} is not present")
class CliPlacesTests(CliTestCase):
    """`newsevents places`: every place mention, and the records' locations from the same stage."""

    def places_of(self, path):
        cmd = [CONFIG["cli"], "places", str(path)]
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=RUN_TIMEOUT,
                              cwd=ROOT, env=CONFIG["env"])
        run = Run(cmd, proc)
        self.assertEqual(run.returncode, 0, run.describe())
        return run.records()

    def test_places_of_the_reference_article_point_at_their_bytes(self):
        text = SAMPLE.read_bytes()
        places = self.places_of(SAMPLE)
        self.assertGreater(len(places), 5)
        for i, p in enumerate(places):
            with self.subTest(place=i):
                for k in ("article_id", "start", "end", "text", "name", "country", "latitude",
                          "longitude", "kind", "id", "locative", "evidence"):
                    self.assertIn(k, p)
                self.assertEqual(text[p["start"]:p["end"]], p["text"].encode("utf-8"))
                self.assertTrue(-90 <= p["latitude"] <= 90 and -180 <= p["longitude"] <= 180)
        zone = [p for p in places if p["name"] == "Green Zone"]
        self.assertEqual(len(zone), 1, places)
        self.assertEqual((zone[0]["kind"], zone[0]["country"], zone[0]["locative"]),
                         ("district", "IRQ", "in"))
        kinds = {p["kind"] for p in places if p["name"] in ("Iraq", "Iran", "United States")}
        self.assertEqual(kinds, {"country"})

    def test_the_meeting_is_located_in_the_green_zone_by_the_same_stage(self):
        recs = self.records_of(SAMPLE)
        located = [r for r in recs if r.get("root_code") == "04" and r.get("location")]
        self.assertTrue(located, "no located meeting; records:\n  " + "\n  ".join(summary(r) for r in recs))
        loc = located[0]["location"]
        self.assertEqual((loc["name"], loc["country"], loc["kind"], loc["basis"]),
                         ("Green Zone, Baghdad", "IRQ", "district", "in"))
        zone = [p for p in self.places_of(SAMPLE) if p["name"] == "Green Zone"][0]
        # Records round coordinates to two decimals.
        self.assertAlmostEqual(loc["latitude"], zone["latitude"], delta=0.006)
        self.assertAlmostEqual(loc["longitude"], zone["longitude"], delta=0.006)


@unittest.skipUnless(SAMPLE.exists(), f"{SAMPLE} is not present")
class ReferenceArticleTests(CliTestCase):

    def test_reference_article_gives_valid_records_with_the_baghdad_meeting(self):
        recs = self.records_of(SAMPLE)
        self.assertGreater(len(recs), 0)
        v = validator("event")
        for i, rec in enumerate(recs):
            with self.subTest(record=i):
                self.assertEqual(schema_errors(v, rec), [], summary(rec))
        meetings = [r for r in recs if r.get("root_code") == "04"
                    and {country(r.get("source_actor")), country(r.get("target_actor"))}
                    == {"USA", "IRN"}
                    and str(r.get("date")).startswith("2007-05")]
        self.assertTrue(meetings, "no 04 USA/IRN record dated 2007-05; records:\n  "
                        + "\n  ".join(summary(r) for r in recs))

    def test_reference_article_offsets_point_at_the_file_bytes(self):
        self.check_offsets(SAMPLE.name, SAMPLE.read_bytes(), self.records_of(SAMPLE))


# ---------------------------------------------------------------- main

class CountingResult(unittest.TextTestResult):
    """Counts tests (not subtests): a test fails if any of its subtests failed."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.failed_ids = set()
        self.skipped_ids = set()

    @staticmethod
    def _id(test):
        return getattr(test, "test_case", test).id()

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.failed_ids.add(self._id(test))

    def addError(self, test, err):
        super().addError(test, err)
        self.failed_ids.add(self._id(test))

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self.failed_ids.add(self._id(test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.skipped_ids.add(self._id(test))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", required=True, help="path to the newsevents binary")
    args, rest = ap.parse_known_args()
    CONFIG["cli"] = os.path.abspath(args.cli)
    env = dict(os.environ)
    # The build puts the compiled lexicon next to the binary ($(B)/lexicon).
    lexdir = Path(CONFIG["cli"]).parent / "lexicon"
    if "NE_LEXICON" not in env and lexdir.is_dir():
        env["NE_LEXICON"] = str(lexdir)
    CONFIG["env"] = env

    runner = unittest.TextTestRunner(verbosity=2, resultclass=CountingResult)
    prog = unittest.main(module=__name__, argv=[sys.argv[0]] + rest, testRunner=runner,
                         exit=False)
    res = prog.result
    failed = len(res.failed_ids)
    skipped = len(res.skipped_ids - res.failed_ids)
    passed = res.testsRun - failed - skipped
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failed or not res.wasSuccessful() else 0


if __name__ == "__main__":
    sys.exit(main())
