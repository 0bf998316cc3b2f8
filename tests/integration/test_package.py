#!/usr/bin/python3
"""The Debian package: built, checked by lintian, installed, used, removed.

    /usr/bin/python3 tests/integration/test_package.py --make make --deb-dir build/deb

`make package-test` (part of `make check`) runs it. It builds the package
with `make deb` (debhelper, then lintian, which must report no error),
installs it with dpkg on this machine, runs the installed programs and
`systemd-analyze verify` on the installed units, and purges it. It skips,
and says why, when dpkg cannot be used here: not root, a tool missing, or a
newsevents already installed (the test will not replace someone's).
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARGS = None


def run(*args, timeout=120, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, timeout=timeout, **kw)


def why_dpkg_unusable():
    """@returns the reason the package cannot be installed here, or None."""
    if os.geteuid() != 0:
        return "not root: dpkg cannot install packages"
    for tool in ("dpkg", "dpkg-buildpackage", "dh", "lintian"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (make deps installs it)"
    p = run("dpkg-query", "-W", "-f=${Status}", "newsevents")
    if p.returncode == 0 and "installed" in p.stdout and "not-installed" not in p.stdout:
        return "a newsevents package is already installed here; not replacing it"
    for path in ("/usr/bin/newseventsd", "/usr/bin/newsevents", "/etc/newseventsd"):
        if os.path.exists(path):
            return f"{path} exists (installed by hand?); not overwriting it"
    return None


class PackageTests(unittest.TestCase):
    def setUp(self):
        why = why_dpkg_unusable()
        if why is not None:
            print(f"\n  package test skipped: {why}", file=sys.stderr)
            self.skipTest(why)

    def purge(self):
        p = run("dpkg", "--purge", "newsevents", timeout=300)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

    def test_the_package_builds_installs_runs_and_goes_away(self):
        p = run(ARGS.make, "-C", str(ROOT), "deb", timeout=1800)
        self.assertEqual(p.returncode, 0, "make deb (or lintian) failed:\n" +
                         (p.stdout + p.stderr)[-4000:])
        self.assertNotRegex(p.stdout + p.stderr, r"(?m)^E: ", "lintian reports errors")
        debs = glob.glob(os.path.join(ROOT, ARGS.deb_dir, "newsevents_*_*.deb"))
        self.assertEqual(len(debs), 1, debs)

        p = run("dpkg", "-i", debs[0], timeout=300)
        self.addCleanup(self.purge)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

        # The installed daemon checks the installed configuration.
        p = run("/usr/bin/newseventsd", "--check-config")
        self.assertEqual((p.returncode, p.stdout), (0, "configuration OK\n"), p.stderr)
        p = run("/usr/bin/newseventsd", "--print-config")
        self.assertIn("\nmetrics.listen = 127.0.0.1:9464\n", p.stdout)

        # The installed units are valid and as hardened as the source ones.
        tool = shutil.which("systemd-analyze")
        self.assertIsNotNone(tool, "systemd-analyze is missing")
        for unit in ("/lib/systemd/system/newseventsd.service",
                     "/lib/systemd/system/newseventsd@.service"):
            p = run(tool, "verify", unit)
            self.assertEqual((p.returncode, p.stderr), (0, ""), unit)
            p = run(tool, "security", "--offline=true", "--no-pager", unit)
            m = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", p.stdout)
            self.assertIsNotNone(m, p.stdout + p.stderr)
            self.assertLessEqual(float(m.group(1)), 1.5, unit)

        # The installed tool extracts from the installed lexicon.
        env = {k: v for k, v in os.environ.items() if k != "NE_LEXICON"}
        p = run("/usr/bin/newsevents", "extract",
                str(ROOT / "tests" / "fixtures" / "georgia-fighting.txt"), env=env)
        self.assertEqual(p.returncode, 0, p.stderr)
        records = [json.loads(line) for line in p.stdout.splitlines()]
        self.assertGreater(len(records), 0)
        for page in ("newseventsd", "newseventsd.conf", "newsevents"):
            self.assertEqual(run("man", "-w", page).returncode, 0, f"man {page} not found")

        self.doCleanups()	# purge now, and check nothing is left
        for path in ("/usr/bin/newseventsd", "/usr/bin/newsevents",
                     "/lib/systemd/system/newseventsd.service", "/usr/share/newsevents",
                     "/etc/newseventsd"):
            self.assertFalse(os.path.exists(path), f"{path} is left after the purge")
        print(f"\n  {os.path.basename(debs[0])}: lintian clean, installed, used, purged",
              file=sys.stderr)


def main():
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--make", default="make")
    ap.add_argument("--deb-dir", default="build/deb")
    ARGS, rest = ap.parse_known_args()
    prog = unittest.main(module=__name__, argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
    res = prog.result
    failed = len(res.failures) + len(res.errors)
    skipped = len(res.skipped)
    print(f"{res.testsRun - failed - skipped} passed, {failed} failed"
          + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
