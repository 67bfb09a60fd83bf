"""Corpus search: per-keystroke latency, index build/load, memory and hit@10, beside fzf.

Synthetic corpora of 100, 1,000 and 10,000 Markdown briefings (~5 KB each)
are generated deterministically in a temporary folder: words follow a Zipf
law over the shipped word list (function words first, geopolitical names
and phrases among the frequent words, the rest in a seeded random order).
Queries are 2-4 consecutive content words of a random passage, a third of
them with one typo (swap, drop, double or replace a letter after the
first), typed keystroke by keystroke. hit@10: the passage the words came
from is among the first ten results of the complete query.

``fzf --filter`` gets the same passages (one per line) and the same
queries; it reads its input on every call, as a filter does, so its times
include that. Its keystroke column replays a sample of the queries.
"""

from __future__ import annotations

import gc
import gzip
import itertools
import random
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

from tui.model.corpus import load_corpus
from tui.search import SearchIndex, load_or_build
from tui.search.text import WORD_RE, fold

WORDS = Path(__file__).resolve().parent.parent / "tui" / "loaders" / "data" / "words.txt.gz"
SEED = 20260214
SIZES_QUICK = (100, 1000)
SIZES_FULL = (100, 1000, 10_000)
DOC_CHARS = 5000
QUERIES = 300
# fzf reads and scores every passage on each call (about 1-4 s at 10,000 documents
# here), so it replays samples: queries for hit@10, queries typed keystroke by keystroke.
FZF_HIT_QUERIES = {100: 300, 1000: 150, 10_000: 45}
FZF_KEYSTROKE_QUERIES = {100: 40, 1000: 12, 10_000: 3}

FUNCTION_WORDS = """the of and to in a that for on is with as by was it at from his be has
have are an said which were its this not but their they had been will would also who or more
after over than new into two all other about one last when there up out her she we more
some first before could while because against between during officials""".split()

NAMES = """China Beijing Russia Moscow Kremlin Ukraine Kyiv Taiwan Taipei Iran Tehran Israel
Gaza Washington Pentagon Brussels NATO ASEAN Philippines Manila Japan Tokyo Korea Pyongyang
Seoul India Delhi Pakistan Turkey Ankara Egypt Cairo Saudi Riyadh Qatar Doha Syria Damascus
Iraq Baghdad Yemen Houthi Venezuela Caracas Brazil Mexico Canada Germany Berlin France Paris
Britain London Poland Warsaw Hungary Budapest Serbia Belgrade Kosovo Georgia Armenia Azerbaijan
Kazakhstan Afghanistan Kabul Myanmar Vietnam Hanoi Indonesia Jakarta Australia Canberra Sudan
Ethiopia Somalia Nigeria Sahel Mali Niger sanctions tariffs ceasefire envoy sovereignty
referendum blockade annexation delegation ministry summit communique embargo militia
insurgency parliament coalition referendum treaty accord negotiations""".split()

PHRASES = [
    "South China Sea", "human rights", "loss and damage", "European Commission",
    "Security Council", "coast guard", "foreign ministry", "national security",
    "territorial integrity", "joint statement", "export controls", "rare earths",
    "climate finance", "grain corridor", "nuclear programme", "peace talks",
]


# Corpus -----------------------------------------------------------------------------
class _Vocabulary:
    def __init__(self, rng: random.Random) -> None:
        with gzip.open(WORDS, "rt", encoding="utf-8") as handle:
            words = [w for w in handle.read().split() if w.isalpha()]
        rng.shuffle(words)
        head = list(dict.fromkeys(FUNCTION_WORDS))
        known = set(head)
        rest = [w for w in words if w not in known]
        for i, name in enumerate(NAMES + PHRASES):  # frequent, but not the most frequent
            rest.insert(40 + i * 23, name)
        self.tokens = head + rest
        self.cum = list(itertools.accumulate(1.0 / (rank + 2.7) for rank in range(len(self.tokens))))
        self.rank = {token: i for i, token in enumerate(self.tokens)}

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.tokens, cum_weights=self.cum, k=k)

    def content(self, rng: random.Random, k: int) -> list[str]:
        """Mid-frequency words (for titles and headings)."""
        return [self.tokens[int(200 * 300 ** rng.random())] for _ in range(k)]


def _sentence(vocab: _Vocabulary, rng: random.Random) -> str:
    words = vocab.sample(rng, rng.randint(8, 22))
    words[0] = words[0][:1].upper() + words[0][1:]
    for i in range(2, len(words) - 1, 7):
        if rng.random() < 0.3:
            words[i] += ","
    return " ".join(words) + "."


def make_document(vocab: _Vocabulary, rng: random.Random, number: int) -> str:
    title = " ".join(w.capitalize() for w in vocab.content(rng, rng.randint(4, 8)))
    month = 1 + number % 12
    parts = [f"---\ntitle: \"{title} {number}\"\ndate: 2026-{month:02d}-{1 + number % 28:02d}\n---\n"]
    size = 0
    while size < DOC_CHARS:
        roll = rng.random()
        if roll < 0.12:
            block = "## " + " ".join(vocab.content(rng, rng.randint(2, 4))).capitalize()
        elif roll < 0.25:
            block = "\n".join("- " + _sentence(vocab, rng) for _ in range(rng.randint(2, 4)))
        elif roll < 0.29:
            block = " ".join(_sentence(vocab, rng) for _ in range(rng.randint(14, 22)))  # a long block
        else:
            block = " ".join(_sentence(vocab, rng) for _ in range(rng.randint(2, 5)))
        parts.append(block)
        size += len(block) + 2
    return "\n\n".join(parts) + "\n"


def generate(folder: Path, count: int, vocab: _Vocabulary) -> None:
    rng = random.Random(SEED + count)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (folder / f"briefing-{number:05d}.md").write_text(make_document(vocab, rng, number), encoding="utf-8")


# Queries ----------------------------------------------------------------------------
def make_typo(word: str, rng: random.Random) -> str:
    for _ in range(20):
        i = rng.randint(1, len(word) - 2)
        kind = rng.choice(("swap", "drop", "double", "replace"))
        if kind == "swap":
            typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif kind == "drop":
            typo = word[:i] + word[i + 1 :]
        elif kind == "double":
            typo = word[:i] + word[i] + word[i:]
        else:
            typo = word[:i] + rng.choice("aeioutnsrl") + word[i + 1 :]
        if typo != word:
            return typo
    return word


def make_queries(index: SearchIndex, vocab: _Vocabulary, count: int) -> list[tuple[str, bool, int, int]]:
    """``(query, has_typo, doc, offset)``: the words come from ``doc`` at ``offset``."""
    rng = random.Random(SEED * 7 + len(index.docs))
    queries = []
    while len(queries) < count:
        pid = rng.randrange(index.passage_count)
        if index.p_flag[pid] != 0:
            continue
        text, base = index.passage_text(pid)
        found = [
            (m.start(), m.group())
            for m in WORD_RE.finditer(fold(text))
            if len(m.group()) >= 4 and vocab.rank.get(m.group(), 10**9) >= 150
        ]
        n = rng.choice((2, 2, 3, 3, 4))
        if len(found) < n + 2:
            continue
        at = rng.randrange(len(found) - n)
        words = [w for _, w in found[at : at + n]]
        typo = len(queries) % 3 == 2
        if typo:
            choices = [i for i, w in enumerate(words) if len(w) >= 5]
            if not choices:
                continue
            i = rng.choice(choices)
            words[i] = make_typo(words[i], rng)
        queries.append((" ".join(words), typo, index.p_doc[pid], base + found[at][0]))
    return queries


def _is_hit(hits, index: SearchIndex, doc: int, offset: int) -> bool:
    doc_id = index.docs[doc].doc_id
    return any(h.doc_id == doc_id and h.start <= offset < h.end for h in hits[:10])


# Measuring ----------------------------------------------------------------------------
class _GilWatch:
    """A thread that wakes every millisecond: its longest gap is the longest GIL hold."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        last = time.perf_counter()
        while not self._stop:
            time.sleep(0.001)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last)
            last = now

    def __enter__(self) -> _GilWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop = True
        self._thread.join()


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _fzf_lines(index: SearchIndex) -> bytes:
    lines = []
    for pid in range(index.passage_count):
        text, base = index.passage_text(pid)
        flat = " ".join(text.split())
        lines.append(f"{index.p_doc[pid]}:{base}:{base + len(text)}\t{flat}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _fzf(fzf: str, data_file: Path, query: str) -> tuple[float, list[tuple[int, int, int]]]:
    started = time.perf_counter()
    with open(data_file, "rb") as stdin:
        out = subprocess.run(
            [fzf, "--filter", query, "--delimiter", "\t", "--nth", "2.."],
            stdin=stdin,
            capture_output=True,
        ).stdout
    elapsed = time.perf_counter() - started
    top = []
    for line in out.split(b"\n")[:10]:
        if line:
            doc, start, end = line.split(b"\t", 1)[0].split(b":")
            top.append((int(doc), int(start), int(end)))
    return elapsed, top


def bench_size(count: int, root: Path, vocab: _Vocabulary, fzf: str | None) -> list[tuple[str, str, str, str]]:
    folder = root / f"corpus-{count}"
    generate(folder, count, vocab)
    documents = load_corpus([folder]).documents

    started = time.perf_counter()
    index = SearchIndex.build(documents)
    build = time.perf_counter() - started

    cache = root / f"cache-{count}"
    load_or_build(documents, cache_dir=cache)  # writes the cache
    loads = []
    for _ in range(3):
        for document in documents:  # a fresh process hashes the texts again: count it
            document.__dict__.pop("content_hash", None)
        started = time.perf_counter()
        cached = load_or_build(documents, cache_dir=cache)
        loads.append(time.perf_counter() - started)
        assert cached.origin == "cache"
    del cached
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    held = load_or_build(documents, cache_dir=cache)
    memory = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del held

    queries = make_queries(index, vocab, QUERIES)
    index.search("warm up", limit=10)
    # As the app does once its corpus and index are loaded (App.settle_heap): what
    # lives as long as the app is taken out of the cyclic collector's scans.
    gc.collect()
    gc.freeze()
    with _GilWatch() as idle:  # the machine's own noise: nothing holds the GIL here
        time.sleep(2)
    keystrokes: list[float] = []
    cpu: list[float] = []
    hits_all = hits_typo = n_typo = 0
    with _GilWatch() as gil:
        for query, typo, doc, offset in queries:
            for end in range(1, len(query) + 1):
                started, started_cpu = time.perf_counter(), time.thread_time()
                hits = index.search(query[:end], limit=10)
                keystrokes.append(time.perf_counter() - started)
                cpu.append(time.thread_time() - started_cpu)
            found = _is_hit(hits, index, doc, offset)
            hits_all += found
            if typo:
                n_typo += 1
                hits_typo += found
    gc.unfreeze()
    area = f"search {count:,} docs"
    ours = {
        "median": _ms(statistics.median(keystrokes)),
        "p95": _ms(_pct(keystrokes, 0.95)),
        "max": _ms(max(keystrokes)),
        "hit": f"{hits_all / len(queries):.2f}",
        "hit_typo": f"{hits_typo / max(n_typo, 1):.2f}",
    }
    theirs = {key: "fzf not installed" for key in ours}
    theirs["sample"] = "fzf not installed: its column is skipped"
    if fzf:
        data_file = root / f"passages-{count}.txt"
        data_file.write_bytes(_fzf_lines(index))
        f_keys: list[float] = []
        for query, _, _, _ in queries[: FZF_KEYSTROKE_QUERIES[count]]:
            for end in range(1, len(query) + 1):
                f_keys.append(_fzf(fzf, data_file, query[:end])[0])
        f_hit = f_typo = f_n_typo = 0
        sample = queries[: FZF_HIT_QUERIES[count]]
        for query, typo, doc, offset in sample:
            _, top = _fzf(fzf, data_file, query)
            found = any(d == doc and s <= offset < e for d, s, e in top)
            f_hit += found
            f_typo += found and typo
            f_n_typo += typo
        theirs = {
            "median": _ms(statistics.median(f_keys)),
            "p95": _ms(_pct(f_keys, 0.95)),
            "max": _ms(max(f_keys)),
            "hit": f"{f_hit / len(sample):.2f}",
            "hit_typo": f"{f_typo / max(f_n_typo, 1):.2f}",
            "sample": f"fzf: {len(f_keys)} keystrokes of {FZF_KEYSTROKE_QUERIES[count]} queries, "
            f"hit@10 on {len(sample)} queries",
        }
    big = count >= 10_000
    rows = [
        (area, "corpus", f"{index.passage_count:,} passages, {len(index.vocab):,} words, {len(keystrokes):,} keystrokes of {len(queries)} queries", ""),
        (area, "fzf sample", theirs["sample"], ""),
        (area, "heap during searches", "corpus and index frozen (gc.freeze), as in the app", ""),
        (area, "keystroke median (fzf --filter)", f"{ours['median']} ({theirs['median']})", "<= 5 ms" if big else ""),
        (area, "keystroke p95 (fzf --filter)", f"{ours['p95']} ({theirs['p95']})", "<= 20 ms" if big else ""),
        (area, "longest search call, wall (fzf)", f"{ours['max']} ({theirs['max']})", "< 50 ms" if big else ""),
        (area, "longest search call, thread CPU time", _ms(max(cpu)), "< 50 ms" if big else ""),
        (area, "longest GIL hold during searches (idle baseline)", f"{_ms(gil.longest)} ({_ms(idle.longest)})", "< 50 ms" if big else ""),
        (area, "hit@10 all (fzf)", f"{ours['hit']} ({theirs['hit']})", ">= 0.95" if big else ""),
        (area, f"hit@10 typo, {n_typo} queries (fzf)", f"{ours['hit_typo']} ({theirs['hit_typo']})", ">= 0.85" if big else ""),
        (area, "index build", _ms(build) if build < 1 else f"{build:.2f} s", "<= 5 s" if big else ""),
        (area, "index load from cache (incl. hashing the texts)", _ms(min(loads)), "<= 0.3 s" if big else ""),
        (area, "index memory (tracemalloc, loaded)", f"{memory / 2**20:.0f} MB", "< 300 MB" if big else ""),
    ]
    return rows


def run(quick: bool) -> list[tuple[str, str, str, str]]:
    fzf = shutil.which("fzf")
    vocab = _Vocabulary(random.Random(SEED))
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        for count in SIZES_QUICK if quick else SIZES_FULL:
            rows.extend(bench_size(count, Path(tmp), vocab, fzf))
    if fzf is None:
        rows.append(("search", "fzf comparison", "skipped: fzf not found on PATH", ""))
    return rows
