#!/usr/bin/env python3
"""Crash test: kill novelist with SIGKILL at a random moment of a change and prove that nothing is lost.

Each trial copies a small story, starts `novelist run <story> <command> --yes` (a large /expand accepted, a
chapter added or moved — which renumbers several files —, a chapter renamed or deleted, an /undo, a /redo,
or an /export), and kills it after a random delay. Then:

  1. right after the kill, every story file is exactly its old or its new version (never partial, never
     missing), and the export is the old or the new export;
  2. novelist starts again on the killed copy (`/history`, exit 0): it rolls back a pending change or
     finishes an undo/redo, after which the whole story is exactly the old state or the new state
     (all or nothing across files) and every file still parses (`/chapters`, exit 0);
  3. `/undo` works (exit 0) and leads to the state it must: the old state when the change had landed,
     else the state before the previous change.

The acceptable states are computed before the trials by running each command to completion on a separate
copy. The random generator is seeded (`--seed`, printed), so a failing trial can be replayed.

Usage: scripts/crash-test.py [--trials 500] [--seed N] [--bin .build/debug/novelist] [--keep]
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SLUG = "crash"
KEY = "sk-crash-test-key-0000"
TEMP_MARK = ".novelist-"  # atomic writes use .<name>.novelist-XXXXXX temporary files

# ---------------------------------------------------------------------------------------------------------
# The story every trial starts from: eight chapters with prose, Chinese and English, an old export.


def chapter_text(n, title, paragraphs=6):
    body = []
    for p in range(paragraphs):
        body.append("第%d章第%d段。雾从海上来，钟声在灯塔里回响。The fog came in from the sea, paragraph %d of chapter %d." % (n, p + 1, p + 1, n))
    return "---\ntitle: %s\nstatus: draft\nsummary: 第%d章的梗概。\n---\n\n%s\n" % (title, n, "\n\n".join(body))


TITLES = ["旧信", "邮差", "灯塔", "潮汐表", "铜钥匙", "无灯货船", "沉默", "归来"]


def write_base(story):
    os.makedirs(os.path.join(story, "chapters"))
    os.makedirs(os.path.join(story, "bible"))
    os.makedirs(os.path.join(story, "export"))
    with open(os.path.join(story, "story.yaml"), "w") as f:
        f.write("title: 崩溃测试\nauthor: 测试\nlanguage: zh\ngenre: 悬疑\nlogline: 一个被反复杀死的进程。\nchapter_length: 3000\n")
    outline = ["# 崩溃测试", ""]
    for i, t in enumerate(TITLES, 1):
        outline += ["## 第%d章 %s" % (i, t), "", "- 第%d章的要点。" % i, ""]
    # One more outline entry without a file, for /expand to write a new chapter.
    outline += ["## 第9章 尾声", "", "- 尾声的要点。", ""]
    with open(os.path.join(story, "outline.md"), "w") as f:
        f.write("\n".join(outline))
    for i, t in enumerate(TITLES, 1):
        with open(os.path.join(story, "chapters", "%03d-%s.md" % (i, t)), "w") as f:
            f.write(chapter_text(i, t))
    with open(os.path.join(story, "bible", "林晚.md"), "w") as f:
        f.write("---\nname: 林晚\nkind: character\n---\n\n档案员。\n")
    with open(os.path.join(story, "export", "%s.md" % SLUG), "w") as f:
        f.write("an old export\n")


# The operations a trial may interrupt: (name, commands). /undo and /redo trials start from a story whose
# last change is undoable / redoable.
OPERATIONS = [
    ("expand-new", ["/expand chapter 9"]),
    ("expand-rewrite", ["/expand chapter 2"]),
    ("chapter-add", ["/chapter add 插曲 after 1"]),
    ("chapter-move", ["/chapter move 7 2"]),
    ("chapter-rename", ["/chapter rename 3 新的灯塔"]),
    ("chapter-delete", ["/chapter delete 2"]),
    ("undo", ["/undo"]),
    ("redo", ["/redo"]),
    ("export", ["/export md"]),
]

# ---------------------------------------------------------------------------------------------------------


class Env:
    def __init__(self, binary, base_url, work):
        self.binary = binary
        self.work = work
        data = os.path.join(work, "xdg")
        os.makedirs(data, exist_ok=True)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": work,
            "LANG": "C.UTF-8",
            "XDG_DATA_HOME": data,
            "OPENAI_BASE_URL": base_url,
            "OPENAI_API_KEY": KEY,
            "NOVELIST_MODEL": "m",
            "NOVELIST_RETRIES": "0",
            "NO_COLOR": "1",
        }

    def args(self, stories, commands, yes=True):
        a = [self.binary, "run", SLUG] + commands + ["--stories-dir", stories]
        return a + (["--yes"] if yes else [])

    def run(self, stories, commands, timeout=60):
        p = subprocess.run(self.args(stories, commands), env=self.env, cwd=self.work, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")


def is_temp(rel):
    return TEMP_MARK in os.path.basename(rel) and os.path.basename(rel).startswith(".")


def snapshot(story):
    """Every file of the story except novelist's bookkeeping, the conversation log and temporary files."""
    out = {}
    temps = []
    for dirpath, dirnames, filenames in os.walk(story):
        rel_dir = os.path.relpath(dirpath, story)
        if rel_dir == ".novelist" or rel_dir.startswith(".novelist" + os.sep):
            continue
        for name in filenames:
            rel = os.path.normpath(os.path.join(rel_dir, name))
            if is_temp(rel):
                temps.append(rel)
                continue
            if rel == "chat.jsonl":
                continue
            with open(os.path.join(dirpath, name), "rb") as f:
                out[rel] = hashlib.sha256(f.read()).hexdigest()
    return out, temps


def describe_diff(actual, expected_states):
    lines = []
    for name, state in expected_states.items():
        extra = sorted(set(actual) - set(state))
        missing = sorted(set(state) - set(actual))
        changed = sorted(k for k in set(actual) & set(state) if actual[k] != state[k])
        lines.append("   vs %s: extra %s, missing %s, different %s" % (name, extra, missing, changed))
    return "\n".join(lines)


def start_server(work, reply):
    script = os.path.join(work, "script.json")
    with open(script, "w") as f:
        json.dump({"rules": [], "default": reply}, f, ensure_ascii=False)
    server = subprocess.Popen([sys.executable, os.path.join(ROOT, "Tests/Support/fake_openai.py"), "--script", script],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = server.stdout.readline().decode().strip()
    if not line.startswith("PORT "):
        server.kill()
        raise SystemExit("the scripted server did not start: %r" % line)
    return server, int(line[5:])


def stop_server(server):
    try:
        server.stdin.close()
    except Exception:
        pass
    try:
        server.wait(timeout=3)
    except subprocess.TimeoutExpired:
        os.kill(server.pid, signal.SIGTERM)
        server.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=int(os.environ.get("CRASH_TRIALS", "500")))
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--bin", default=os.environ.get("NOVELIST_BIN", os.path.join(ROOT, ".build/debug/novelist")))
    ap.add_argument("--keep", action="store_true", help="keep the work folder (and every failing trial's copy)")
    ap.add_argument("--verbose", "-v", action="store_true")
    a = ap.parse_args()
    seed = a.seed if a.seed is not None else random.SystemRandom().randrange(1, 2**31)
    rng = random.Random(seed)
    a.bin = os.path.abspath(a.bin)
    if not os.access(a.bin, os.X_OK):
        raise SystemExit("novelist binary not found at %s (build it first, or pass --bin)" % a.bin)
    print("crash test: %d trials, seed %d, binary %s" % (a.trials, seed, a.bin), flush=True)
    started = time.time()

    work = tempfile.mkdtemp(prefix="novelist-crash-")
    # A long chapter (about 60 KB), so that the accepted change is large.
    reply = "\n\n".join("新写的第%d段：雾越来越浓，林晚听见灯塔的钟声。New prose, paragraph %d, long enough to matter." % (i, i)
                        for i in range(600))
    server, port = start_server(work, reply)
    env = Env(a.bin, "http://127.0.0.1:%d/v1" % port, work)
    problems = 0
    failures = []
    leftovers = 0
    outcome_counts = {}
    try:
        # The base story, opened once so that novelist has taken it as it is, then one change (so that
        # /undo has something to undo) — the state before it is "before-base".
        base_root = os.path.join(work, "base-pre")
        os.makedirs(base_root)
        write_base(os.path.join(base_root, SLUG))
        rc, out = env.run(base_root, ["/history"])
        if rc != 0:
            raise SystemExit("novelist failed on the base story (%d):\n%s" % (rc, out))
        before_base, _ = snapshot(os.path.join(base_root, SLUG))
        base = os.path.join(work, "base")
        shutil.copytree(base_root, base, symlinks=True)
        rc, out = env.run(base, ["/chapter rename 8 归来之夜", "/chapter rename 5 钥匙"])
        if rc != 0:
            raise SystemExit("setup change failed (%d):\n%s" % (rc, out))
        # Two changes, so that even after an interrupted /undo there is one left to undo.
        # A variant whose last change is undone, for /redo trials.
        base_redo = os.path.join(work, "base-redo")
        shutil.copytree(base, base_redo, symlinks=True)
        rc, out = env.run(base_redo, ["/chapter rename 4 潮汐"])
        rc2, out2 = env.run(base_redo, ["/undo"])
        if rc != 0 or rc2 != 0:
            raise SystemExit("setup of the redo story failed:\n%s\n%s" % (out, out2))

        # Reference runs: every operation to completion on its own copy, twice (it must be deterministic).
        refs = {}
        for name, commands in OPERATIONS:
            src = base_redo if name == "redo" else base
            states = []
            durations = []
            for _ in range(2):
                copy = os.path.join(work, "ref-%s-%d" % (name, len(states)))
                shutil.copytree(src, copy, symlinks=True)
                old, _ = snapshot(os.path.join(copy, SLUG))
                t0 = time.time()
                rc, out = env.run(copy, commands)
                durations.append(time.time() - t0)
                if rc != 0:
                    raise SystemExit("reference run of %s failed (%d):\n%s" % (name, rc, out))
                new, _ = snapshot(os.path.join(copy, SLUG))
                states.append(new)
            if states[0] != states[1]:
                raise SystemExit("%s is not deterministic: %s" % (name, describe_diff(states[0], {"second run": states[1]})))
            if states[0] == old:
                raise SystemExit("%s changed nothing" % name)
            # What /undo must lead to: after the change landed, the old state (except an export, which
            # is not a story change); before it, the state before the previous change.
            copy = os.path.join(work, "ref-%s-0" % name)
            rc, out = env.run(copy, ["/undo"])
            undone_new, _ = snapshot(os.path.join(copy, SLUG))
            copy_old = os.path.join(work, "ref-%s-old" % name)
            shutil.copytree(src, copy_old, symlinks=True)
            rc2, out2 = env.run(copy_old, ["/undo"])
            undone_old, _ = snapshot(os.path.join(copy_old, SLUG))
            if rc != 0 or rc2 != 0:
                raise SystemExit("reference /undo for %s failed:\n%s\n%s" % (name, out, out2))
            if name not in ("export", "undo") and undone_new != old:
                raise SystemExit("reference: /undo after %s does not give the old state back:\n%s" % (name, describe_diff(undone_new, {"old": old})))
            refs[name] = {"src": src, "commands": commands, "old": old, "new": states[0],
                          "undo_after_new": undone_new, "undo_after_old": undone_old,
                          "duration": min(durations)}
            if a.verbose:
                print("  %-15s %.2f s to complete" % (name, min(durations)), flush=True)

        for trial in range(1, a.trials + 1):
            name, _ = OPERATIONS[rng.randrange(len(OPERATIONS))]
            ref = refs[name]
            # Most kills land late, where the writing happens; some anywhere in the run.
            d = ref["duration"]
            delay = rng.uniform(0, d * 1.05) if rng.random() < 0.3 else rng.uniform(d * 0.5, d * 1.05)
            copy = os.path.join(work, "t%d" % trial)
            shutil.copytree(ref["src"], copy, symlinks=True)
            story = os.path.join(copy, SLUG)
            issue = run_trial(env, ref, copy, story, delay)
            snap_temps = [t for t in snapshot(story)[1]]
            leftovers += len(snap_temps)
            outcome = issue[0] if issue and issue[0] in ("old", "new") else None
            if issue and issue[0] in ("old", "new"):
                outcome_counts[issue[0]] = outcome_counts.get(issue[0], 0) + 1
                issue = None
            if issue:
                problems += 1
                failures.append((trial, name, delay, issue[1]))
                print("PROBLEM trial %d (%s, killed after %.3f s): %s" % (trial, name, delay, issue[1]), flush=True)
                if a.keep:
                    print("   kept in %s" % copy)
                    continue
            shutil.rmtree(copy, ignore_errors=True)
            if trial % 50 == 0 or a.verbose:
                print("  %d trials, %d problems (%.0f s)" % (trial, problems, time.time() - started), flush=True)
            _ = outcome
    finally:
        stop_server(server)
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("work folder kept: %s" % work)

    print("crash test: %d trials, %d problems (seed %d, %.0f s); after the restart the change had landed in %d, "
          "was rolled back in %d; %d temporary files left behind by killed writes"
          % (a.trials, problems, seed, time.time() - started, outcome_counts.get("new", 0),
             outcome_counts.get("old", 0), leftovers))
    sys.exit(1 if problems else 0)


def run_trial(env, ref, copy, story, delay):
    """Returns ("old"|"new", None) when all is well, else ("problem", text)."""
    old, new = ref["old"], ref["new"]
    p = subprocess.Popen(env.args(copy, ref["commands"]), env=env.env, cwd=env.work, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    if p.poll() is None:
        os.kill(p.pid, signal.SIGKILL)
    p.wait()

    # 1. Right after the kill: each file is its old or its new version.
    now, _ = snapshot(story)
    for rel in sorted(set(now) | set(old) | set(new)):
        h = now.get(rel)
        if h != old.get(rel) and h != new.get(rel):
            what = "missing" if h is None else ("unexpected" if rel not in old and rel not in new else "neither old nor new")
            return ("problem", "after the kill, %s is %s" % (rel, what))

    # 2. The next start finishes or rolls back: the whole story is the old or the new state.
    rc, out = env.run(copy, ["/history"])
    if rc != 0:
        return ("problem", "restart with /history failed (exit %d): %s" % (rc, out.strip()[-400:]))
    after, _ = snapshot(story)
    if after == new:
        state = "new"
    elif after == old:
        state = "old"
    else:
        return ("problem", "after the restart the story is neither the old nor the new state:\n" + describe_diff(after, {"old": old, "new": new}))
    # Nobody edited the story outside novelist: the history must not say so (its record of what the files
    # hold must agree with the files).
    try:
        with open(os.path.join(story, ".novelist", "history.json")) as f:
            log = json.load(f)
    except (OSError, ValueError) as e:
        return ("problem", "after the restart .novelist/history.json does not parse: %s" % e)
    outside = [e for e in log.get("entries", []) if e.get("kind") == "outside"]
    if outside:
        return ("problem", "after the restart (state %s) the history records an outside edit nobody made: %s"
                % (state, [f.get("path") for e in outside for f in e.get("files", [])]))
    rc, out = env.run(copy, ["/chapters"])
    if rc != 0:
        return ("problem", "/chapters after the restart failed (exit %d): %s" % (rc, out.strip()[-400:]))

    # 3. History is consistent: /undo works and leads where it must.
    rc, out = env.run(copy, ["/undo"])
    if rc != 0:
        return ("problem", "/undo after the restart failed (exit %d, state %s): %s" % (rc, state, out.strip()[-400:]))
    undone, _ = snapshot(story)
    expected = ref["undo_after_new"] if state == "new" else ref["undo_after_old"]
    if undone != expected:
        return ("problem", "/undo after the restart (state %s) gave an unexpected state:\n%s" % (state, describe_diff(undone, {"expected": expected})))
    return (state, None)


if __name__ == "__main__":
    main()
