"""Black-box tests of what `newsevents extract` reads and writes (issue 8).

Inputs as crawlers send them (news-please, Trafilatura, HTML pages, WARC files, gzip and
zstd compression, other languages, field mappings) and the output formats (TSV, CSV,
GeoJSON). Every fixture is in tests/fixtures/input/, written for the project; the expected
events are what a person codes from the sentences, never the program's output.

Run as `tests/cli/test_input.py --cli build/newsevents` (make cli-test does).
"""

import argparse
import csv
import gzip
import io
import json
import os
import pty
import select
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_cli as tc  # noqa: E402  (the shared helpers: run_cli, validator, CountingResult)

sys.path.insert(0, str(tc.FIXTURES / "input"))
import warc_fixture  # noqa: E402

INPUT = tc.FIXTURES / "input"
EX_DATAERR = 65


def run(*args, stdin=None):
    return tc.run_cli(*args, stdin=stdin, cached=False)


def records_of(test, r, status=0):
    test.assertEqual(r.returncode, status, r.describe())
    recs = r.records()
    v = tc.validator("event")
    for rec in recs:
        test.assertEqual(tc.schema_errors(v, rec), [], tc.summary(rec))
    return recs


def events(recs):
    """(root code, source country, target country) of each record."""
    return {(r["root_code"], tc.country(r["source_actor"]), tc.country(r["target_actor"]))
            for r in recs}


def without(recs, *keys):
    return tc.sorted_canonical(recs, drop=keys)


class CrawlerFormatTests(unittest.TestCase):

    def test_a_news_please_article_gives_records_with_its_url_and_date(self):
        recs = records_of(self, run(INPUT / "newsplease-cairo.json"))
        # "Egyptian mediators met Israeli negotiators in Cairo on Tuesday." / "Jordan condemned Israel"
        self.assertLessEqual({("04", "EGY", "ISR"), ("11", "JOR", "ISR")}, events(recs))
        for r in recs:
            self.assertEqual(r["url"], "https://wire.example.invalid/2024/03/05/cairo-talks")
            self.assertEqual(r["source"], "wire.example.invalid")
            self.assertEqual(r["article_id"], "newsplease-cairo.json")
            self.assertTrue(r["date"].startswith("2024-03"), tc.summary(r))
            self.assertIn(r["date_basis"], ("published_at", "relative"))

    def test_a_trafilatura_article_gives_records_with_its_url_date_and_fingerprint(self):
        recs = records_of(self, run(INPUT / "trafilatura-belgrade.jsonl"))
        # "Serbia's president met Kosovo's prime minister" / "Russia criticized the European Union."
        self.assertLessEqual({("04", "SRB", "XKX"), ("11", "RUS", None)}, events(recs))
        for r in recs:
            self.assertEqual(r["url"], "https://news.example.invalid/2023/10/02/serbia-kosovo")
            self.assertEqual(r["source"], "news.example.invalid")
            self.assertEqual(r["article_id"], "5f0c2a9d81e47b36")
            self.assertTrue(r["date"].startswith("2023-10"), tc.summary(r))

    def test_a_field_map_reads_other_names(self):
        art = {"uid": "m-1", "body": "Germany criticized Russia.", "link": "https://x.invalid/1",
               "when": "2020-02-03"}
        line = json.dumps(art).encode() + b"\n"
        unmapped = run(stdin=line)
        self.assertEqual(unmapped.returncode, EX_DATAERR, unmapped.describe())
        self.assertIn("no_text", unmapped.stderr)
        recs = records_of(self, run("--field", "text=content,body", "--field", "url=link",
                                    "--field", "published_at=when", "--field", "id=uid", stdin=line))
        self.assertEqual(events(recs), {("11", "DEU", "RUS")})
        self.assertEqual(recs[0]["url"], "https://x.invalid/1")
        self.assertEqual(recs[0]["article_id"], "m-1")
        self.assertEqual((recs[0]["date"], recs[0]["date_basis"]), ("2020-02-03", "published_at"))

    def test_a_bad_field_option_is_a_usage_error(self):
        for arg in ("text", "body=text", "text=", "text=a,,b"):
            with self.subTest(arg=arg):
                r = run("--field", arg, stdin=b"Germany criticized Russia.\n")
                self.assertEqual(r.returncode, 64, r.describe())
                self.assertIn("--field", r.stderr)

    def test_the_article_schema_describes_each_crawler_shape(self):
        v = tc.validator("article")
        np_article = json.loads((INPUT / "newsplease-cairo.json").read_text(encoding="utf-8"))
        tr_article = json.loads((INPUT / "trafilatura-belgrade.jsonl").read_text(encoding="utf-8"))
        for obj in (np_article, tr_article, {"html": "<p>Hello</p>"}, {"raw_html": "<p>x</p>"}):
            self.assertEqual(tc.schema_errors(v, obj), [], obj.get("title"))
        for bad in ({"maintext": 3}, {"title": "no body at all"}, {"html": ""}):
            self.assertNotEqual(tc.schema_errors(v, bad), [], bad)


class HtmlTests(unittest.TestCase):

    def setUp(self):
        self.recs = records_of(self, run(INPUT / "page-footer.html"))

    def test_the_article_is_coded_and_the_boilerplate_is_not(self):
        # "Turkey's president met Greek officials in Ankara" / "Greece accused Turkey of ..."
        self.assertLessEqual({("04", "TUR", "GRC"), ("11", "GRC", "TUR")}, events(self.recs))
        boiler = {"RUS", "UKR", "CHN", "TWN", "SYR", "LBN", "IRN", "ISR"}
        for r in self.recs:
            actors = {tc.country(r["source_actor"]), tc.country(r["target_actor"])}
            self.assertFalse(actors & boiler, f"a record from the page's boilerplate: {tc.summary(r)}")

    def test_no_record_spans_two_paragraphs_or_holds_markup(self):
        for r in self.recs:
            text = r["sentence"]["text"]
            self.assertNotIn("<", text)
            self.assertNotIn("&#39;", text)
            self.assertFalse("Thursday" in text and "accused" in text,
                             f"two paragraphs in one sentence: {text!r}")

    def test_offsets_are_consistent_in_the_extracted_text(self):
        by_index = {}
        for r in self.recs:
            s = r["sentence"]
            self.assertEqual(len(s["text"].encode()), s["end"] - s["start"])
            by_index.setdefault(s["index"], set()).add((s["start"], s["end"], s["text"]))
            v = r["verb"]
            self.assertTrue(s["start"] <= v["start"] < v["end"] <= s["end"])
            rel = s["text"].encode()[v["start"] - s["start"]:v["end"] - s["start"]].decode()
            self.assertEqual(rel, v["text"])
        for idx, spans in by_index.items():
            self.assertEqual(len(spans), 1, f"sentence {idx} differs between records: {spans}")

    def test_the_page_gives_url_and_date(self):
        for r in self.recs:
            self.assertEqual(r["url"], "https://daily.example.invalid/world/ankara-talks")
            self.assertTrue(r["date"].startswith("2022-06"), tc.summary(r))

    def test_html_in_a_json_text_field_is_converted_too(self):
        page = (INPUT / "page-footer.html").read_text(encoding="utf-8")
        for field in ("text", "html", "raw_html"):
            with self.subTest(field=field):
                line = json.dumps({"id": "page-footer.html", field: page}).encode() + b"\n"
                self.assertEqual(without(records_of(self, run(stdin=line)), "event_id"),
                                 without(self.recs, "event_id"))


class LanguageTests(unittest.TestCase):

    def test_articles_in_other_languages_are_reported_as_unsupported_language(self):
        cases = [("fr-article.json", "fr-1", "'fr'"), ("es-article.txt", "es-article.txt", "'es'"),
                 ("ar-article.json", "ar-1", "'ar'"), ("en-labelled-fr.json", "mislabelled-1", "'fr'")]
        for name, aid, lang in cases:
            with self.subTest(name=name):
                r = run(INPUT / name)
                self.assertEqual(r.returncode, EX_DATAERR, r.describe())
                self.assertEqual(r.stdout, b"")
                line = [l for l in r.stderr.splitlines() if "unsupported_language" in l]
                self.assertEqual(len(line), 1, r.stderr)
                self.assertIn(f"'{aid}'", line[0])
                self.assertIn(lang, line[0])

    def test_a_stated_english_tag_is_honoured(self):
        for tag in ("en", "en-GB", "EN_us", "eng", "English"):
            with self.subTest(tag=tag):
                line = json.dumps({"id": "t", "language": tag,
                                   "text": "Germany criticized Russia."}).encode()
                self.assertEqual(events(records_of(self, run(stdin=line + b"\n"))),
                                 {("11", "DEU", "RUS")})

    def test_a_mixed_batch_codes_the_english_and_reports_the_rest(self):
        r = run(INPUT / "fr-article.json", INPUT / "trafilatura-belgrade.jsonl")
        self.assertEqual(r.returncode, EX_DATAERR, r.describe())
        self.assertIn(("04", "SRB", "XKX"), events(r.records()))
        self.assertIn("1 of 2 articles rejected", r.stderr)


class ArchiveTests(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def one_by_one(self):
        lines = b"".join(json.dumps({"id": uri, "url": uri, "published_at": date,
                                     "html": page.decode("utf-8")}).encode() + b"\n"
                         for uri, date, page in warc_fixture.pages())
        return run(stdin=lines)

    def test_the_committed_warc_is_what_the_builder_writes(self):
        warc_fixture.write(self.dir / "c.warc")
        self.assertEqual((self.dir / "c.warc").read_bytes(), (INPUT / "crawl.warc").read_bytes())

    def test_a_warc_gives_the_records_of_its_pages_fed_one_by_one(self):
        r = run(INPUT / "crawl.warc")
        recs = records_of(self, r, EX_DATAERR)
        single = self.one_by_one()
        self.assertEqual(single.returncode, EX_DATAERR, single.describe())
        self.assertEqual(tc.sorted_canonical(recs), tc.sorted_canonical(single.records()))
        self.assertLessEqual({("04", "TUR", "GRC"), ("11", "JPN", "CHN")}, events(recs))
        self.assertEqual({x["article_id"] for x in recs},
                         {"https://daily.example.invalid/world/ankara-talks",
                          "https://wire.example.invalid/2021/11/16/japan-protest"})
        # The front page is links only: reported with its reason, not coded, not lost.
        self.assertIn("https://wire.example.invalid/", r.stderr)
        self.assertIn("no_text", r.stderr)
        self.assertIn("1 of 3 articles rejected", r.stderr)

    def test_warc_gz_and_zst_give_the_records_of_the_plain_warc(self):
        plain = tc.sorted_canonical(run(INPUT / "crawl.warc").records())
        warc_fixture.write(self.dir / "c.warc.gz", gz=True)
        subprocess.run(["zstd", "-q", str(INPUT / "crawl.warc"), "-o", str(self.dir / "c.warc.zst")],
                       check=True)
        for name in ("c.warc.gz", "c.warc.zst"):
            with self.subTest(name=name):
                r = run(self.dir / name)
                self.assertEqual(r.returncode, EX_DATAERR, r.describe())
                self.assertEqual(tc.sorted_canonical(r.records()), plain)

    def test_gz_and_zst_json_lines_and_text_give_the_records_of_the_plain_files(self):
        for src in (tc.FIXTURES / "wire.jsonl", tc.FIXTURES / "cairo-ministers.txt"):
            plain = run(src)
            self.assertEqual(plain.returncode, 0, plain.describe())
            gz = self.dir / (src.name + ".gz")
            gz.write_bytes(gzip.compress(src.read_bytes()))
            zst = self.dir / (src.name + ".zst")
            subprocess.run(["zstd", "-q", str(src), "-o", str(zst)], check=True)
            for f in (gz, zst):
                with self.subTest(file=f.name):
                    r = run(f)
                    self.assertEqual(r.returncode, 0, r.describe())
                    self.assertEqual(r.stdout, plain.stdout)

    def test_a_truncated_or_corrupt_compressed_file_is_an_error(self):
        data = gzip.compress((tc.FIXTURES / "wire.jsonl").read_bytes())
        (self.dir / "cut.jsonl.gz").write_bytes(data[:len(data) // 2])
        (self.dir / "bad.jsonl.gz").write_bytes(data[:20] + b"\xff" * 40 + data[60:])
        for name in ("cut.jsonl.gz", "bad.jsonl.gz"):
            with self.subTest(name=name):
                r = run(self.dir / name)
                self.assertEqual(r.returncode, 74, r.describe())
                self.assertIn(name, r.stderr)

    def test_a_truncated_warc_is_an_error_after_the_records_before_it(self):
        data = (INPUT / "crawl.warc").read_bytes()
        (self.dir / "cut.warc").write_bytes(data[:len(data) - 300])
        r = run(self.dir / "cut.warc")
        self.assertEqual(r.returncode, 74, r.describe())
        self.assertIn("ends inside", r.stderr)
        self.assertIn(("04", "TUR", "GRC"), events(r.records()))


class FormatTests(unittest.TestCase):
    INPUTS = (tc.FIXTURES / "wire.jsonl", tc.FIXTURES / "cairo-ministers.txt", tc.SAMPLE)

    def inputs(self):
        return [p for p in self.INPUTS if p.exists()]

    def jsonl(self):
        return records_of(self, run(*self.inputs()))

    def test_tsv_has_a_header_and_one_line_per_record_with_its_column_count(self):
        recs = self.jsonl()
        r = run("--format", "tsv", *self.inputs())
        self.assertEqual(r.returncode, 0, r.describe())
        lines = r.stdout.decode("utf-8").split("\n")
        self.assertEqual(lines[-1], "")
        header, rows = lines[0].split("\t"), [l.split("\t") for l in lines[1:-1]]
        self.assertEqual(header[:3], ["GLOBALEVENTID", "article_id", "SQLDATE"])
        self.assertEqual(len(rows), len(recs))
        for row, rec in zip(rows, recs):
            self.assertEqual(len(row), len(header), row)
            cell = dict(zip(header, row))
            self.assertEqual(cell["GLOBALEVENTID"], rec["event_id"])
            self.assertEqual(cell["EventCode"], rec["code"])
            self.assertEqual(cell["EventRootCode"], rec["root_code"])
            self.assertEqual(cell["Actor1Code"], (rec["source_actor"] or {}).get("code", ""))
            self.assertEqual(cell["sentence"], rec["sentence"]["text"].replace("\n", " "))
            if rec["date"] and len(rec["date"]) == 10:
                self.assertEqual(cell["SQLDATE"], rec["date"].replace("-", ""))

    def test_csv_reads_back_with_a_spreadsheet_style_reader(self):
        recs = self.jsonl()
        r = run("--format", "csv", *self.inputs())
        self.assertEqual(r.returncode, 0, r.describe())
        rows = list(csv.reader(io.StringIO(r.stdout.decode("utf-8"), newline=""), dialect="excel"))
        header = rows[0]
        self.assertEqual(len(rows) - 1, len(recs))
        quoted = 0
        for row, rec in zip(rows[1:], recs):
            self.assertEqual(len(row), len(header))
            cell = dict(zip(header, row))
            self.assertEqual(cell["GLOBALEVENTID"], rec["event_id"])
            self.assertEqual(cell["sentence"], rec["sentence"]["text"])
            self.assertEqual(float(cell["GoldsteinScale"]), rec["goldstein"])
            self.assertEqual(cell["Actor2Name"], (rec["target_actor"] or {}).get("text", ""))
            quoted += "," in rec["sentence"]["text"] or '"' in rec["sentence"]["text"]
        if quoted == 0 and not tc.SAMPLE.exists():
            self.skipTest(f"{tc.SAMPLE} is absent: no fixture sentence needs quoting")
        self.assertGreater(quoted, 0, "no sentence needed quoting: the test proves nothing")

    def test_geojson_is_one_valid_feature_collection_of_the_located_records(self):
        recs = self.jsonl()
        located = [x for x in recs if x.get("location")]
        self.assertGreater(len(located), 0, "no record has a location: the test proves nothing")
        r = run("--format", "geojson", *self.inputs())
        self.assertEqual(r.returncode, 0, r.describe())
        fc = json.loads(r.stdout)
        self.assertEqual(tc.schema_errors(GEOJSON, fc), [])
        self.assertEqual(len(fc["features"]), len(located))
        for f, rec in zip(fc["features"], located):
            self.assertEqual(f["id"], rec["event_id"])
            self.assertEqual(f["geometry"]["coordinates"],
                             [rec["location"]["longitude"], rec["location"]["latitude"]])
            self.assertEqual(f["properties"]["code"], rec["code"])

    def test_geojson_of_no_located_record_is_an_empty_collection(self):
        r = run("--format", "geojson", stdin=b"Germany criticized Russia.\n")
        self.assertEqual(json.loads(r.stdout), {"type": "FeatureCollection", "features": []})

    def test_an_unknown_format_is_a_usage_error(self):
        r = run("--format", "xml", stdin=b"x")
        self.assertEqual(r.returncode, 64, r.describe())


# RFC 7946, the parts this output uses: a FeatureCollection of Point Features.
GEOJSON = tc.Draft202012Validator({
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": {
            "type": "object",
            "required": ["type", "geometry", "properties"],
            "properties": {
                "type": {"const": "Feature"},
                "id": {"type": ["string", "number"]},
                "geometry": {"type": "object", "required": ["type", "coordinates"], "properties": {
                    "type": {"const": "Point"},
                    "coordinates": {"type": "array", "minItems": 2, "maxItems": 3, "prefixItems": [
                        {"type": "number", "minimum": -180, "maximum": 180},
                        {"type": "number", "minimum": -90, "maximum": 90}]}}},
                "properties": {"type": ["object", "null"]}}}},
    },
})


class ProgressTests(unittest.TestCase):

    def run_on_a_terminal(self, *args):
        """Run the CLI with standard error on a pseudo-terminal. @returns (status, stderr)."""
        master, slave = pty.openpty()
        cmd = [tc.CONFIG["cli"], "extract", *[str(a) for a in args]]
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=slave, cwd=tc.ROOT, env=tc.CONFIG["env"])
        os.close(slave)
        out = b""
        while True:
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        os.close(master)
        return proc.wait(timeout=60), out.decode("utf-8", errors="replace")

    def test_a_terminal_gets_a_progress_line(self):
        status, err = self.run_on_a_terminal(tc.FIXTURES / "wire.jsonl")
        self.assertEqual(status, 0, err)
        self.assertRegex(err, r"\r\x1b\[Knewsevents: \d+ articles, \d+ records, [0-9.]+ MB, \d+ articles/s")

    def test_no_progress_line_off_a_terminal(self):
        r = run(tc.FIXTURES / "wire.jsonl")
        self.assertEqual(r.returncode, 0, r.describe())
        self.assertEqual(r.stderr, "")
        status, err = self.run_on_a_terminal("--no-progress", tc.FIXTURES / "wire.jsonl")
        self.assertEqual((status, err), (0, ""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cli", required=True, help="path to the newsevents binary")
    args, rest = ap.parse_known_args()
    tc.CONFIG["cli"] = os.path.abspath(args.cli)
    env = dict(os.environ)
    lexdir = Path(tc.CONFIG["cli"]).parent / "lexicon"
    if "NE_LEXICON" not in env and lexdir.is_dir():
        env["NE_LEXICON"] = str(lexdir)
    tc.CONFIG["env"] = env
    runner = unittest.TextTestRunner(verbosity=2, resultclass=tc.CountingResult)
    prog = unittest.main(module=__name__, argv=[sys.argv[0]] + rest, testRunner=runner, exit=False)
    res = prog.result
    failed = len(res.failed_ids)
    skipped = len(res.skipped_ids - res.failed_ids)
    print(f"{res.testsRun - failed - skipped} passed, {failed} failed"
          + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed or not res.wasSuccessful() else 0


if __name__ == "__main__":
    sys.exit(main())
