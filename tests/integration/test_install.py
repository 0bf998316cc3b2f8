#!/usr/bin/python3
"""The tree `make install PREFIX=/usr DESTDIR=ROOT` writes, used from ROOT.

    /usr/bin/python3 tests/integration/test_install.py --root ROOT --lexicon BUILD/lexicon

`make install-test` (part of `make check`) installs into build/.../install-root
after a build made for the default PREFIX (/usr/local), which is the case the
programs must survive: they find the lexicon relative to themselves. Checks
that every file is where it belongs, that the installed programs run from
there (newsevents extracts the project's fixture, newseventsd checks the
installed configuration), that the units point at PREFIX/bin, that the man
pages format without a warning, and that README, --help and the man pages
agree on the options and keys.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INSTALLED = None	# set by main()


def run(*args, env=None, **kw):
    e = dict(os.environ)
    e.pop("NE_LEXICON", None)	# the installed programs must find theirs alone
    e.update(env or {})
    return subprocess.run(list(args), capture_output=True, text=True, timeout=120, env=e, **kw)


def roff_text(path):
    """The words of a man page's source, with the roff escapes that matter undone."""
    text = Path(path).read_text()
    for a, b in (("\\-", "-"), ("\\fB", ""), ("\\fR", ""), ("\\fI", ""), ("\\fP", ""),
                 ("\\(em", "--"), ("\\&", "")):
        text = text.replace(a, b)
    return text


def help_keys(text):
    """{key: (default, restart)} from newseventsd --help."""
    keys = {}
    for m in re.finditer(r"(?m)^  ([a-z][a-z0-9_.]+) =( \S*)?(?:  \([^)]*\))?(  \[restart\])?$", text):
        keys[m.group(1)] = ((m.group(2) or "").strip(), m.group(3) is not None)
    return keys


class InstallTests(unittest.TestCase):
    def path(self, rel):
        return os.path.join(INSTALLED, rel)

    def test_every_file_is_installed_where_it_belongs(self):
        for rel in ("usr/bin/newseventsd", "usr/bin/newsevents"):
            self.assertTrue(os.access(self.path(rel), os.X_OK), rel)
        for rel in ("lib/systemd/system/newseventsd.service",
                    "lib/systemd/system/newseventsd@.service",
                    "usr/share/man/man8/newseventsd.8", "usr/share/man/man5/newseventsd.conf.5",
                    "usr/share/man/man1/newsevents.1", "usr/share/doc/newsevents/README.md",
                    "usr/share/doc/newsevents/runbook.md",
                    "usr/share/doc/newsevents/newseventsd.conf.example",
                    "usr/share/doc/newsevents/newseventsd.rules.yml",
                    "usr/share/doc/newsevents/newseventsd.json",
                    "usr/share/newsevents/schemas/event.schema.json",
                    "usr/share/newsevents/lexicon/verbs.txt",
                    "etc/newseventsd/newseventsd.conf"):
            self.assertTrue(os.path.isfile(self.path(rel)), f"{rel} is not installed")
        self.assertEqual(sorted(os.listdir(self.path("usr/share/newsevents/lexicon"))),
                         sorted(os.listdir(ARGS.lexicon)), "the installed lexicon is not the built one")

    def test_the_installed_programs_find_their_lexicon_and_run(self):
        sample = ROOT / "tests" / "fixtures" / "georgia-fighting.txt"
        p = run(self.path("usr/bin/newsevents"), "extract", str(sample))
        self.assertEqual(p.returncode, 0, p.stderr)
        records = [json.loads(line) for line in p.stdout.splitlines()]
        self.assertGreater(len(records), 0, "no records from the installed newsevents")
        self.assertTrue(all(r["article_id"] == "georgia-fighting.txt" for r in records))
        conf = self.path("etc/newseventsd/newseventsd.conf")
        p = run(self.path("usr/bin/newseventsd"), "-c", conf, "--check-config")
        self.assertEqual((p.returncode, p.stdout), (0, "configuration OK\n"), p.stderr)
        p = run(self.path("usr/bin/newseventsd"), "-c", conf, "--print-config")
        self.assertIn("\nmetrics.listen = 127.0.0.1:9464\n", p.stdout)

    def test_units_point_at_the_installed_paths(self):
        unit = Path(self.path("lib/systemd/system/newseventsd.service")).read_text()
        self.assertIn("\nExecStart=/usr/bin/newseventsd -c /etc/newseventsd/newseventsd.conf\n",
                      unit)
        tmpl = Path(self.path("lib/systemd/system/newseventsd@.service")).read_text()
        self.assertIn("\nExecStart=/usr/bin/newseventsd -c /etc/newseventsd/%i.conf\n", tmpl)
        for text in (unit, tmpl):
            self.assertRegex(text, r"(?m)^Documentation=man:newseventsd\(8\) "
                                   r"man:newseventsd\.conf\(5\) "
                                   r"file:///usr/share/doc/newsevents/README\.md$")
        tool = shutil.which("systemd-analyze")
        if tool is None:
            self.skipTest("systemd-analyze is not installed")
        for name in ("newseventsd.service", "newseventsd@.service"):
            p = run(tool, "security", "--offline=true", "--no-pager",
                    self.path(f"lib/systemd/system/{name}"))
            m = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", p.stdout)
            self.assertIsNotNone(m, p.stdout + p.stderr)
            self.assertLessEqual(float(m.group(1)), 1.5, name)

    def test_man_pages_format_without_warnings(self):
        groff = shutil.which("groff")
        if groff is None:
            self.skipTest("groff is not installed")
        for rel in ("man8/newseventsd.8", "man5/newseventsd.conf.5", "man1/newsevents.1"):
            p = run(groff, "-man", "-ww", "-z", self.path(f"usr/share/man/{rel}"))
            self.assertEqual((p.returncode, p.stderr), (0, ""), rel)


class DocsAgreeTests(unittest.TestCase):
    """README, --help and the man pages say the same about options and keys."""

    @classmethod
    def setUpClass(cls):
        cls.dhelp = run(os.path.join(INSTALLED, "usr/bin/newseventsd"), "--help").stdout
        cls.chelp = run(os.path.join(INSTALLED, "usr/bin/newsevents"), "--help").stdout
        cls.man8 = roff_text(ROOT / "deploy" / "man" / "newseventsd.8")
        cls.man5 = roff_text(ROOT / "deploy" / "man" / "newseventsd.conf.5")
        cls.man1 = roff_text(ROOT / "deploy" / "man" / "newsevents.1")
        cls.readme = (ROOT / "README.md").read_text()

    def test_every_daemon_option_is_in_its_man_page_and_the_readme_synopsis(self):
        opts = set(re.findall(r"--[a-z][a-z-]+", self.dhelp))
        self.assertGreaterEqual(opts, {"--config", "--check-config", "--print-config",
                                       "--reset-offsets", "--embedded-broker", "--version",
                                       "--help"})
        for o in sorted(opts):
            self.assertIn(o, self.man8, f"newseventsd(8) lacks {o}")
        synopsis = re.search(r"(?s)    newseventsd \[-c FILE\].*?\n\n", self.readme).group(0)
        for o in sorted(opts - {"--config", "--version", "--help"}):
            self.assertIn(o, synopsis, f"the README's synopsis lacks {o}")

    def test_every_key_has_the_same_default_and_reload_rule_in_the_man_page(self):
        keys = help_keys(self.dhelp)
        self.assertIn("metrics.listen", keys)
        self.assertGreaterEqual(len(keys), 15)
        for key, (default, restart) in keys.items():
            m = re.search(rf"(?ms)^\.B {re.escape(key)} =( \S*)?\n(.*?)(?=^\.(TP|SH))", self.man5)
            self.assertIsNotNone(m, f"newseventsd.conf(5) lacks key {key}")
            self.assertEqual((m.group(1) or "").strip(), default, f"default of {key}")
            body = " ".join(m.group(2).split())
            self.assertIn("Needs a restart." if restart else "Reloadable", body,
                          f"newseventsd.conf(5) says otherwise of reloading {key}")
            if key != "kafka.auto.offset.reset":	# the README's table says kafka.<prop>
                self.assertRegex(self.readme, rf"`{re.escape(key)}[`=]",
                                 msg=f"the README does not mention {key}")

    def test_the_readme_names_every_reloadable_key_as_reloadable(self):
        keys = help_keys(self.dhelp)
        reload = re.search(r"(?s)\*\*Reload\*\*.*?\n-", self.readme).group(0)
        for key, (_, restart) in keys.items():
            if not restart:
                self.assertIn(f"`{key}`", reload, f"README's reload list lacks {key}")

    def test_exit_statuses_agree(self):
        for code in ("0", "1", "64", "69", "75", "78"):
            self.assertRegex(self.man8, rf"(?m)^\.B {code}$", f"newseventsd(8) lacks status {code}")
        for code in ("65", "66", "78"):
            self.assertIn(code, self.chelp)
            self.assertRegex(self.man1, rf"(?m)^\.B {code}$", f"newsevents(1) lacks status {code}")

    def test_every_cli_option_is_in_its_man_page(self):
        opts = set(re.findall(r"--[a-z][a-z-]+", self.chelp))
        self.assertGreaterEqual(opts, {"--pretty", "--lexicon", "--max-bytes"})
        for o in sorted(opts):
            self.assertIn(o, self.man1, f"newsevents(1) lacks {o}")


ARGS = None


def main():
    global INSTALLED, ARGS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", required=True, help="the DESTDIR make install wrote")
    ap.add_argument("--lexicon", required=True, help="the lexicon the build made")
    ARGS, rest = ap.parse_known_args()
    INSTALLED = os.path.abspath(ARGS.root)
    prog = unittest.main(module=__name__, argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
    res = prog.result
    failed = len(res.failures) + len(res.errors)
    skipped = len(res.skipped)
    print(f"{res.testsRun - failed - skipped} passed, {failed} failed"
          + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
