#!/usr/bin/env python3
"""Re-run the non-interactive repros of the reliability attack run
(docs/../shared/reviews/reliability-2026-11-30.md, findings F1-F27) against a binary.

    python3 tests/reliability/rerun.py path/to/flowtriage [--work DIR] [--only F6,F13]

Makes every input itself (under --work, or a temporary folder that is removed),
points FLOWTRIAGE_HOME at a fresh folder per experiment, runs the review's commands
with timeouts, and prints one line per finding: `F6   held    ...` or
`F6   FAILED  ...`. Exit status 1 if any finding failed. Needs python3 (3.8+) only;
the F7/F17 checks need a pseudo-terminal (Linux/macOS). Checks that need root
(a device node) or `setpriv` are skipped, and say so, where those are missing.

The terminal-only findings (F5, F16, F24, F25, and F4's paste box) are not here: see
docs/RELIABILITY.md for how they were re-run with tmux.
"""

import argparse
import base64
import io
import json
import os
import pty
import resource
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MINIMAL = os.path.join(ROOT, "tests/fixtures/content/minimal")
CORPUS = os.path.join(ROOT, "tests/corpus")
HOSTILE = "\x1b]0;PWNED\x07\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b[2J\x9b2J"

BIN = None
WORK = None
RESULTS = []
_homes = [0]


def home():
    _homes[0] += 1
    h = os.path.join(WORK, "home%02d" % _homes[0])
    shutil.rmtree(h, ignore_errors=True)
    return h


class Run:
    def __init__(self, rc, out, err, secs, rss_kb):
        self.rc, self.out, self.err, self.secs, self.rss_kb = rc, out, err, secs, rss_kb

    @property
    def all(self):
        return self.out + self.err

    def text(self):
        return self.all.decode("utf-8", "replace")


def run(args, h=None, stdin=None, timeout=30, env=None, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, preexec=None, cwd=None):
    """Run the binary; rc None on timeout. Peak RSS from wait4."""
    e = dict(os.environ)
    e["NO_COLOR"] = "1"
    if h is not None:
        e["FLOWTRIAGE_HOME"] = h
    if env:
        e.update(env)
    t0 = time.time()
    p = subprocess.Popen([BIN] + args, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                         stdout=stdout, stderr=stderr, env=e, preexec_fn=preexec, cwd=cwd or WORK,
                         start_new_session=True)
    try:
        out, err = p.communicate(stdin.encode() if isinstance(stdin, str) else stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        return Run(None, out or b"", err or b"", time.time() - t0, 0)
    secs = time.time() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # monotone; see run_rss
    return Run(p.returncode, out or b"", err or b"", secs, rss)


def run_rss(args, h, timeout=60):
    """Peak RSS (KB) of one run, from wait4."""
    e = dict(os.environ, FLOWTRIAGE_HOME=h, NO_COLOR="1")
    t0 = time.time()
    p = subprocess.Popen([BIN] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         env=e, cwd=WORK, start_new_session=True)
    deadline = t0 + timeout
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            p.returncode = os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status
            err = p.stderr.read()
            return p.returncode, time.time() - t0, ru.ru_maxrss, err.decode("utf-8", "replace")
        if time.time() > deadline:
            os.killpg(p.pid, signal.SIGKILL)
            os.wait4(p.pid, 0)
            return None, time.time() - t0, 0, "timeout"
        time.sleep(0.02)


def verdict(finding, ok, detail):
    RESULTS.append((finding, ok))
    print("%-4s %-7s %s" % (finding, "held" if ok else "FAILED", detail), flush=True)


def skip(finding, why):
    print("%-4s %-7s %s" % (finding, "skipped", why), flush=True)


def w(name, data, mode="w"):
    path = os.path.join(WORK, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode if isinstance(data, str) else "wb") as f:
        f.write(data)
    return path


def sessions(h):
    d = os.path.join(h, "state/sessions")
    if not os.path.isdir(d):
        return []
    return sorted(os.path.join(d, n) for n in os.listdir(d) if n.endswith(".json"))


def inert(b):
    return b"\x1b" not in b and b"\x07" not in b and b"\xc2\x9b" not in b


def copy_minimal(name):
    d = os.path.join(WORK, name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(MINIMAL, d)
    return d


def plain_paste(text, after=""):
    if not text.endswith("\n"):
        text += "\n"
    return "p\n" + text + ".\n" + after


# --- secrets (F1, F1b, F2, F3, F4) ----------------------------------------------

LEAKS = {
    "F1": ['{"error":{"message":"{\\"X-MS-APIM-Tokens\\":\\"eyJzaGFyZWRfb2ZmaWNlMzY1Ijp7InRva2VuIjoiTEVBSyJ9fQ==\\",\\"password\\":\\"LEAKpwE\\",\\"client_secret\\":\\"LEAKcsE\\"}"}}'],
    "F2": ['{"value":"https://prod-12.westeurope.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=2016-06-01\\u0026sv=1.0\\u0026sig=LEAKsigA"}',
           '<a href="https://x.logic.azure.com/invoke?sp=%2F&amp;sv=1.0&amp;sig=LEAKsigB">trigger</a>',
           'next=https%3A%2F%2Fx.logic.azure.com%2Finvoke%3Fsv%3D1%26sig%3DLEAKsigC'],
    "F3": ["Server=db;User Id=sa;Password='LEAKpwQ;x';",
           'Password="LEAKpwS1 LEAKpwS2"',
           "password: LEAKpwT1 LEAKpwT2 LEAKpwT3",
           '{"password":"LEAKpwU1,LEAKpwU2"}'],
    "F1b": ["Authorization: Basic LEAKbasicdXNlcjpwYXNzd29yZA==",
            "Ocp-Apim-Subscription-Key: LEAKsubkey0123456789abcdef"],
}


# Rows 28-46 (held on 2026-11-30): the plain forms of every rule.
HELD_SECRETS = [
    "Authorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3NlcnZpY2UifQ.LEAKjwtSig0123456789abc",
    '{"Authorization":"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.LEAKjwtJson0123456789","access_token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyIn0.LEAKaccess0123456789"}',
    "Authorization: Bearer LEAKopaque0123456789abcdef",
    "x-ms-apim-tokens: LEAKapimHeader0123456789abcdefghij==",
    '{"x-ms-apim-tokens":"LEAKapimJson0123456789abcdefghij=="}',
    "https://prod-12.westeurope.logic.azure.com/workflows/1/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2F&sv=1.0&sig=LEAKsigAmp0123456789",
    "https://x.logic.azure.com/invoke?sig=LEAKsigQ0123456789",
    "Server=tcp:db.database.windows.net;User Id=sa;Password=LEAKsqlPw0123;Encrypt=True",
    "client_secret=LEAKformSecret0123456789&grant_type=client_credentials",
    '{"clientSecret":"LEAKjsonSecret0123456789"}',
    "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=LEAKaccountKey0123456789==;EndpointSuffix=core.windows.net",
    "BlobEndpoint=https://a.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&sig=LEAKsasSig0123456789",
    "SharedAccessSignature sr=https%3A%2F%2Fx.servicebus.windows.net&sig=LEAKsbSig0123456789&se=1&skn=k",
    "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=LEAKsbKey0123456789=",
]


def check_held_secrets():
    """Rows 28-46 and 52, and the same text with CRLF and CR-only line ends (row 13's
    terminal pastes), through the plain wizard's paste and all four report formats."""
    text = '{"error":{"code":"ResponseTimeout"}}\n' + "\n".join(HELD_SECRETS) + "\n"
    wanted = set(leaked(text.encode()))
    got = set()
    for name, t in [("lf", text), ("crlf", text.replace("\n", "\r\n")), ("cr", text.replace("\n", "\r"))]:
        f = w("secrets/held-%s.txt" % name, t)
        h = home()
        r = run(["wizard", "--plain"], h, plain_paste(text if name == "lf" else t.replace("\r", "\n"), "q\n"))
        blob = b"".join(open(x, "rb").read() for x in sessions(h)) + r.all
        for fmt in ["md", "json", "text", "html"]:
            blob += run(["diagnose", f, "--format", fmt], home()).all
        got |= set(leaked(blob)) & wanted
    verdict("held", not got and len(wanted) >= len(HELD_SECRETS),
            "rows 28-46, 52: %d secrets in their plain forms, LF/CRLF/CR, session and 4 formats: %s" % (
                len(wanted), "left: " + b" ".join(sorted(got)).decode() if got else "none left"))


def leaked(blob):
    import re
    return sorted(set(re.findall(rb"LEAK[A-Za-z0-9]*|eyJzaGFy[A-Za-z0-9=]*", blob)))


def check_secrets():
    text = "\n".join(line for lines in LEAKS.values() for line in lines) + "\n"
    w("leaks.txt", text)
    h = home()
    r = run(["wizard", "--plain"], h, plain_paste(text, "q\n"))
    saved = b"".join(open(f, "rb").read() for f in sessions(h))
    reports = b""
    for fmt in ["md", "json", "text", "html"]:
        reports += run(["diagnose", os.path.join(WORK, "leaks.txt"), "--format", fmt], home()).all
    for finding, lines in LEAKS.items():
        blob = "\n".join(lines).encode()
        wanted = set(leaked(blob))
        got = [x for x in leaked(saved + reports) if x in wanted]
        verdict(finding, r.rc == 0 and saved and not got,
                "session + md/json/text/html of %d line(s): %s" % (
                    len(lines), "left: " + b" ".join(got).decode() if got else "no secret left"))


def check_notes():
    note = "customer sent: Authorization: Bearer LEAKnoteBearer0123456789 Password=LEAKnotePw1"
    h = home()
    rep = os.path.join(WORK, "nrep")
    shutil.rmtree(rep, ignore_errors=True)
    seed = open(os.path.join(CORPUS, "009-timeout-seed.txt")).read()
    r = run(["wizard", "--plain", "--report-dir", rep], h,
            plain_paste(seed, "n 1 %s\ne\nq\n" % note))
    saved = b"".join(open(f, "rb").read() for f in sessions(h))
    exported = b"".join(open(os.path.join(rep, n), "rb").read() for n in os.listdir(rep)) if os.path.isdir(rep) else b""
    sid = os.path.basename(sessions(h)[0])[:-5] if sessions(h) else "none"
    shown = run(["sessions", "export", sid, "--format", "json"], h).all
    # A session an older version saved, with the note whole: every output masks it.
    older = b""
    if sessions(h):
        f = sessions(h)[0]
        d = json.load(open(f))
        d["marks"]["notes"] = {k: note for k in d["marks"]["notes"]}
        json.dump(d, open(f, "w"))
        for fmt in ["md", "json", "text", "html"]:
            older += run(["sessions", "show", sid, "--format", fmt], h).all
        for fmt in ["text", "json", "csv", "html"]:
            older += run(["stats", "--include-details", "--format", fmt], h).all
    got = leaked(saved + exported + shown + r.out)
    got_older = leaked(older)
    verdict("F4", r.rc == 0 and b"Note saved" in r.out and exported and b"customer sent" in older
            and not got and not got_older,
            "plain-mode note `n 1 ...` (session, `e` report, sessions export): %s; an older session's whole "
            "note (sessions show, stats --include-details): %s (the TUI note box: tmux)"
            % ("left: " + b" ".join(got).decode() if got else "no secret left",
               "left: " + b" ".join(got_older).decode() if got_older else "masked"))


# --- hostile text (F9, F18, F19, F26) -------------------------------------------------

def check_escapes():
    h = home()
    flow = {"properties": {"displayName": "Pay" + HOSTILE, "definition": {
        "triggers": {"manual" + HOSTILE: {"kind": "Button" + HOSTILE, "type": "Request",
                                          "inputs": {"schema": {"properties": {"in" + HOSTILE: {"type": "string"}}}}}},
        "actions": {}},
        "connectionReferences": {"shared_x" + HOSTILE: {"connectionName": "c" + HOSTILE}}}}
    w("ansi/evil-flow.json", json.dumps(flow))
    with zipfile.ZipFile(os.path.join(WORK, "ansi/evil-member.zip"), "w") as z:
        z.writestr("solution.xml", "<a/>")
        z.writestr("../" + HOSTILE + "x.xml", "x")
    xml = ("<ImportExportXml><SolutionManifest><UniqueName>s%s</UniqueName><Version>1.0%s</Version>"
           "<Managed>0</Managed></SolutionManifest></ImportExportXml>") % (HOSTILE, HOSTILE)
    with zipfile.ZipFile(os.path.join(WORK, "ansi/evil-xml.zip"), "w") as z:
        z.writestr("solution.xml", xml.replace("\x1b", "&#27;").replace("\x07", "&#7;"))
        z.writestr("customizations.xml", "<ImportExportXml/>")
        z.writestr("Workflows/Pay-00000000-0000-0000-0000-000000000001.json", json.dumps(flow))
    outs = []
    for f in ["evil-flow.json", "evil-member.zip", "evil-xml.zip"]:
        r = run(["inspect", os.path.join(WORK, "ansi", f)], h)
        outs.append((f, r))
    bad = [f for f, r in outs if not inert(r.all)]
    shown = outs[0][1].rc == 0 and b"Pay" in outs[0][1].out
    verdict("F9", not bad and shown, "inspect of a hostile flow, member name, solution.xml: %s"
            % ("raw escapes from " + ", ".join(bad) if bad else "no ESC/BEL/CSI on stdout or stderr"))

    # F18: playbook text.
    d = copy_minimal("content/cesc")
    p = os.path.join(d, "outcomes.toml")
    esc = "\\u001b]0;PWNED\\u0007\\u001b[2J\\u009b2J"
    t = open(p).read()
    t2 = t.replace('title = "The flow is off"', 'title = "The flow is off%s"' % esc).replace(
        'title = "Turn the flow on"', 'title = "Turn the flow on%s"' % esc)
    open(p, "w").write(t2)
    tree = os.path.join(d, "tree.toml")
    tt = open(tree).read()
    import re
    tt2 = re.sub(r'(label = "[^"]*)"', lambda m: m.group(1) + esc + '"', tt, count=2)
    open(tree, "w").write(tt2)
    bad = []
    for args, stdin in [(["codes", "--content", d], None),
                        (["content", "graph", "--content", d], None),
                        (["content", "check", d], None),
                        (["diagnose", "-", "--content", d, "--format", "md"], "trigger is not enabled"),
                        (["diagnose", "-", "--content", d, "--answer", "nosuch=x"], "trigger is not enabled"),
                        (["wizard", "--plain", "--content", d], "p\ntrigger is not enabled\n.\nq\n"),
                        (["wizard", "--plain", "--content", d], "1\nq\n")]:
        r = run(args, h, stdin)
        if not inert(r.all) or r.rc is None:
            bad.append(" ".join(args[:2]))
    changed = t != t2
    verdict("F18", changed and not bad, "hostile playbook titles and labels through codes, content graph/check, "
            "diagnose md, --answer error, wizard --plain: %s" % ("raw in " + ", ".join(bad) if bad else "inert"))

    # F19
    h = home()
    r1 = run(["wizard", "--plain", "--case", "C" + HOSTILE], h, "1\nq\n")
    r = run(["sessions", "list"], h)
    verdict("F19", r1.rc == 0 and b"PWNED" in r.out and inert(r.all),
            "`sessions list` after `--case C<OSC 0><OSC 52><CSI 2J>`: %s" % ("inert" if inert(r.all) else "raw"))

    # F26
    h = home()
    text = '{"error":{"code":"WorkflowTriggerIsNotEnabled"}} Authorization: Bearer LEAKutf16token1'
    res = []
    for name, enc, bom in [("u16le.txt", "utf-16-le", b"\xff\xfe"), ("u16be.txt", "utf-16-be", b"\xfe\xff"),
                           ("u8bom.txt", "utf-8", b"\xef\xbb\xbf")]:
        f = w(name, bom + text.encode(enc))
        r = run(["diagnose", f, "--format", "json"], h)
        res.append(r.rc == 0 and b"trigger-disabled" in r.out and b"LEAK" not in r.all)
    verdict("F26", all(res), "UTF-16LE/BE with BOM, UTF-8 with BOM: %s" % (
        "classified, token redacted" if all(res) else "results %s" % res))


# --- parsing cost (F6), archives (F8, F15) ---------------------------------------------

def check_parsing():
    res = []
    for name, text in [("nest-100k.json", '{"a":' * 100000), ("nest-40k.json", '{"a":' * 40000),
                       ("br-40k.json", "[" * 40000), ("br-400k.json", "[" * 400000)]:
        f = w("big/" + name, text + "\n")
        r = run(["diagnose", f], home(), timeout=20)
        res.append("%s %s" % (name, "timeout" if r.rc is None else "%.2fs" % r.secs))
        if r.rc is None or r.secs > 3:
            res[-1] += "!"
    ok = not any(x.endswith("!") for x in res)
    verdict("F6", ok, "unclosed nesting, each under 3 s: " + ", ".join(res))


def check_archives():
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("Properties.json", '{"Name":"A"}')
        for i in range(3):
            z.writestr("x%d.json" % i, b" " * (64 * 1024 * 1024 - 1))
    inner = inner.getvalue()
    bomb = os.path.join(WORK, "zips/nested-bomb.zip")
    os.makedirs(os.path.dirname(bomb), exist_ok=True)
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("solution.xml", "<ImportExportXml><SolutionManifest><UniqueName>s</UniqueName><Managed>0</Managed></SolutionManifest></ImportExportXml>")
        for n in range(1336):
            z.writestr("CanvasApps/app%d.msapp" % n, inner)
    r = run(["inspect", bomb], home(), timeout=60)
    verdict("F8", r.rc not in (None, 0) and r.secs < 10,
            "nested bomb (%d KB, 1,336 .msapp): exit %s after %.2f s: %s" % (
                os.path.getsize(bomb) // 1024, r.rc, r.secs, r.err.decode("utf-8", "replace").strip()[:90]))

    amp = os.path.join(WORK, "zips/xml-amp.zip")
    with zipfile.ZipFile(amp, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("solution.xml", "<ImportExportXml><SolutionManifest><Managed>0</Managed></SolutionManifest></ImportExportXml>")
        z.writestr("customizations.xml", "<r>" + "<a/>" * 15_000_000 + "</r>")
    jamp = os.path.join(WORK, "zips/json-amp-4.zip")
    flow = "[" + "0," * 30_000_000 + "0]"
    with zipfile.ZipFile(jamp, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("solution.xml", "<ImportExportXml><SolutionManifest><Managed>0</Managed></SolutionManifest></ImportExportXml>")
        z.writestr("customizations.xml", "<ImportExportXml/>")
        for i in range(4):
            z.writestr("Workflows/F%d-00000000-0000-0000-0000-00000000000%d.json" % (i, i), flow)
    res = []
    worst = 0
    for f in [amp, jamp]:
        rc, secs, rss, err = run_rss(["inspect", f], home())
        worst = max(worst, rss)
        res.append("%s %d KB zip: exit %s, %.2f s, %d MB" % (os.path.basename(f), os.path.getsize(f) // 1024,
                                                               rc, secs, rss // 1024))
    verdict("F15", worst < 600 * 1024, "peak RSS under 600 MB: " + "; ".join(res))


# --- files and state (F10, F11, F12, F13, F14, F20, F21, F22, F23, F27) ----------------

def check_state():
    # F10: home four levels below WORK so the review's relative id lands in WORK/elsewhere.
    h = os.path.join(WORK, "f10/home")
    shutil.rmtree(os.path.join(WORK, "f10"), ignore_errors=True)
    else_dir = os.path.join(WORK, "elsewhere")
    shutil.rmtree(else_dir, ignore_errors=True)
    os.makedirs(else_dir)
    run(["wizard", "--plain"], h, "1\nq\n")
    f = sessions(h)[0]
    sid = os.path.basename(f)[:-5]
    ok = True
    for crafted in ["../../../../elsewhere/escaped", os.path.join(else_dir, "abs")]:
        d = json.load(open(f))
        d["id"] = crafted
        json.dump(d, open(f, "w"))
        r1 = run(["wizard", "--plain", "--resume"], h, "1\nq\n")
        r2 = run(["sessions", "export", sid], h)
        ok = ok and r1.rc == 0 and r2.rc == 0
    outside = os.listdir(else_dir)
    verdict("F10", ok and not outside and sessions(h) == [f],
            "crafted relative and absolute `id`, then --resume and sessions export: %s" % (
                "written outside: %s" % outside if outside else "nothing outside the store"))

    # F11: two wizards in the same second, both at once.
    h = home()
    counts = []
    for _ in range(3):
        before = len(sessions(h))
        time.sleep(1.05 - time.time() % 1)
        e = dict(os.environ, FLOWTRIAGE_HOME=h)
        a = subprocess.Popen([BIN, "wizard", "--plain"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, env=e)
        b = subprocess.Popen([BIN, "wizard", "--plain"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, env=e)
        a.communicate(b"1\n")
        b.communicate(b"2\n")
        counts.append(len(sessions(h)) - before)
    # Two resumes of one session, A ticks step 1 and B step 2, both open at once.
    h2 = home()
    seed = open(os.path.join(CORPUS, "009-timeout-seed.txt")).read()
    run(["wizard", "--plain"], h2, plain_paste(seed, "q\n"))
    sid = os.path.basename(sessions(h2)[0])[:-5]
    e = dict(os.environ, FLOWTRIAGE_HOME=h2)
    a = subprocess.Popen([BIN, "wizard", "--plain", "--resume", sid], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=e)
    a.stdin.write(b"1\n")
    a.stdin.flush()
    time.sleep(0.5)
    b = run(["wizard", "--plain", "--resume", sid], h2, "2\nq\n\n")
    aout, _ = a.communicate(b"q\n\n")
    ticks = set()
    for f in sessions(h2):
        d = json.load(open(f))
        ticks.update(d.get("marks", {}).get("done", []) or d.get("marks", {}).get("ticked", []) or [])
    both = b"Ticked step 1" in aout and b"Ticked step 2" in b.out and len(ticks) >= 2
    verdict("F11", counts == [2, 2, 2] and both,
            "3 x two wizards in one second: %s new session files; two --resumes of one session: %d ticks kept in %d file(s)"
            % (counts, len(ticks), len(sessions(h2))))

    # F12
    homefile = w("homefile", "x\n")
    r = run(["wizard", "--plain"], homefile, "1\n1\nq\n")
    verdict("F12", b"the session is saved" not in r.all and b"NOT saved" in r.all,
            "home is a file, --plain: %r, exit %s" % (r.out.decode().strip().splitlines()[-1][:70], r.rc))

    # F13: every single-bit flip of the 96-byte cache header.
    h = home()
    good = run(["codes", "--content", MINIMAL], h)
    cdir = os.path.join(h, "cache/playbooks")
    entries = [os.path.join(cdir, n) for n in os.listdir(cdir)] if os.path.isdir(cdir) else []
    if len(entries) != 1:
        verdict("F13", False, "no cache entry found in %s" % cdir)
    else:
        entry = entries[0]
        orig = open(entry, "rb").read()
        bad = []
        for bit in range(96 * 8):
            b = bytearray(orig)
            b[bit // 8] ^= 1 << (bit % 8)
            open(entry, "wb").write(b)
            r = run(["codes", "--content", MINIMAL], h, timeout=10)
            if r.rc != 0 or r.out != good.out:
                bad.append((bit, r.rc))
            if not os.path.exists(entry):
                entries = os.listdir(cdir)
                entry = os.path.join(cdir, entries[0]) if entries else entry
        open(entry, "wb").write(orig)
        verdict("F13", not bad and good.rc == 0, "768 header bit flips, `codes --content`: %s" % (
            "%d bad, first %s" % (len(bad), bad[:3]) if bad else "same output, exit 0, every time"))

    # F14
    res = []
    d = copy_minimal("content/loop1")
    os.symlink(".", os.path.join(d, "self"))
    r = run(["content", "check", d], home(), timeout=20)
    res.append(("loop1", r.rc == 0 and b"duplicate" not in r.all, r))
    d = copy_minimal("content/loop2")
    os.symlink(".", os.path.join(d, "a"))
    os.symlink(".", os.path.join(d, "b"))
    r = run(["content", "check", d], home(), timeout=20)
    res.append(("loop2", r.rc == 0, r))
    r = run(["codes", "--content", d], home(), timeout=20)
    res.append(("loop2 --content", r.rc == 0, r))
    d = copy_minimal("content/devzero")
    os.symlink("/dev/zero", os.path.join(d, "zero.toml"))
    lim = lambda: resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    r = run(["content", "check", d], home(), timeout=20, preexec=lim)
    res.append(("devzero", r.rc == 1 and b"not a regular file" in r.all, r))
    d = copy_minimal("content/fifo")
    os.mkfifo(os.path.join(d, "pipe.toml"))
    r = run(["content", "check", d], home(), timeout=10)
    res.append(("fifo", r.rc == 1 and b"not a regular file" in r.all, r))
    r = run(["diagnose", "-", "--content", d], home(), "x", timeout=10)
    res.append(("fifo --content", r.rc not in (None, 0, 3) and b"not a regular file" in r.all, r))
    bad = [n for n, ok, _ in res if not ok]
    verdict("F14", not bad, "self loop, two loops, /dev/zero, FIFO: %s" % (
        "wrong: %s" % [(n, r.rc, r.text()[:80]) for n, ok, r in res if not ok] if bad else
        "loops read once, device and FIFO refused as not a regular file, %.2f s at most" % max(r.secs for _, _, r in res)))

    # F20
    h = home()
    os.makedirs(os.path.join(h, "config"))
    open(os.path.join(h, "config/config.toml"), "w").write('redact_emails = true\ndefault_fromat = "md"\n')
    r = run(["wizard", "--plain"], h, plain_paste('owner ada.lovelace@contoso.com\n{"error":{"code":"ResponseTimeout"}}', "q\n"))
    saved = b"".join(open(f, "rb").read() for f in sessions(h))
    verdict("F20", saved and b"ada.lovelace" not in saved and b"default_fromat" in r.err,
            "config with redact_emails = true and a typo: %s; warning %s" % (
                "email redacted" if b"ada.lovelace" not in saved else "email saved in clear",
                "shown" if b"default_fromat" in r.err else "missing"))

    # F21
    h = home()
    run(["wizard", "--plain", "--content", MINIMAL], h, "1\n1\n")
    sid = os.path.basename(sessions(h)[0])[:-5] if sessions(h) else "none"
    r = run(["sessions", "show", sid, "--format", "md"], h)
    r2 = run(["sessions", "export", sid, "--output", os.path.join(WORK, "f21.md")], h)
    exported = open(os.path.join(WORK, "f21.md"), "rb").read() if os.path.exists(os.path.join(WORK, "f21.md")) else b""
    ok = r.rc == 0 and b"Triage in progress" not in r.out and r.out.startswith(b"# flowtriage: ") \
        and exported.startswith(b"# flowtriage: ") and b"Triage in progress" not in exported
    verdict("F21", ok, "session made with --content, then sessions show/export: %r" % r.out[:50].decode("utf-8", "replace"))

    # F22
    src = os.path.join(CORPUS, "009-timeout-seed.txt")
    res = []
    fifo = os.path.join(WORK, "sym/fifo")
    os.makedirs(os.path.dirname(fifo), exist_ok=True)
    if os.path.exists(fifo):
        os.remove(fifo)
    os.mkfifo(fifo)
    got = []
    import threading
    t = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    t.start()
    r = run(["diagnose", src, "--output", fifo], home(), timeout=10)
    t.join(5)
    res.append(("fifo", stat.S_ISFIFO(os.lstat(fifo).st_mode) and got and got[0].startswith(b"# flowtriage"), r.rc))
    fdlink = os.path.join(WORK, "sym/fd1")
    if os.path.lexists(fdlink):
        os.remove(fdlink)
    os.symlink("/proc/self/fd/1", fdlink)
    r = run(["diagnose", src, "--output", fdlink], home(), timeout=10)
    res.append(("/proc/self/fd/1 link", os.path.islink(fdlink) and r.out.startswith(b"# flowtriage"), r.rc))
    if os.geteuid() == 0:
        node = os.path.join(WORK, "sym/fakenull")
        if os.path.lexists(node):
            os.remove(node)
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        r = run(["diagnose", src, "--output", node], home(), timeout=10)
        res.append(("char device", stat.S_ISCHR(os.lstat(node).st_mode), r.rc))
    if os.geteuid() == 0 and shutil.which("setpriv"):
        h = os.path.join(WORK, "nobodyhome")
        os.makedirs(h, exist_ok=True)
        os.chmod(h, 0o777)
        # nobody's own pipe (a root-owned one cannot be reopened by nobody, by `sh` either).
        p = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", "-c",
                            '"$0" diagnose "$1" --output /dev/stdout | cat', BIN, src],
                           capture_output=True, timeout=10, cwd="/", env=dict(os.environ, FLOWTRIAGE_HOME=h))
        res.append(("/dev/stdout as nobody", p.returncode in (0,) and p.stdout.startswith(b"# flowtriage"), p.returncode))
    else:
        skip("F22", "not root: the device node and `nobody` checks are skipped")
    bad = [x for x in res if not x[1]]
    verdict("F22", not bad, "--output onto %s: %s" % (", ".join(n for n, _, _ in res),
                                                      "wrong: %s" % bad if bad else "written into, never replaced"))

    # F23
    res = []
    with open("/dev/full", "w") as full:
        r = run(["diagnose", "/nonexistent"], home(), stderr=full)
        res.append(r.rc)
        r = run(["wizard", "--plain"], home(), "1\nq\n", stdout=full, stderr=full)
        res.append(r.rc)
    verdict("F23", res[0] == 1 and res[1] not in (None, 101, -6),
            "stderr (and stdout) on /dev/full: diagnose exit %s, wizard --plain exit %s" % tuple(res))

    # F27
    h = home()
    sdir = os.path.join(h, "state/sessions")
    os.makedirs(sdir)
    stale = os.path.join(sdir, ".tmpAbC123")
    fresh = os.path.join(sdir, ".tmpFresh1")
    open(stale, "wb").write(b"x" * 4096)
    old = time.time() - 3600
    os.utime(stale, (old, old))
    open(fresh, "w").write("x")
    r = run(["sessions", "list"], h)
    r2 = run(["wizard", "--plain"], h, "q\n")
    verdict("F27", r.rc == 0 and not os.path.exists(stale) and os.path.exists(fresh),
            "an hour-old .tmp in state/sessions: %s; a fresh one kept: %s" % (
                "removed" if not os.path.exists(stale) else "left", os.path.exists(fresh)))


# --- a closed terminal (F7) and outside signals (F17), in a pseudo-terminal ----------

def pty_wizard(h):
    master, slave = pty.openpty()
    import fcntl
    import struct
    import termios
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    e = dict(os.environ, FLOWTRIAGE_HOME=h, TERM="xterm-256color")

    def child():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    p = subprocess.Popen([BIN, "wizard"], stdin=slave, stdout=slave, stderr=slave, env=e,
                         preexec_fn=child, close_fds=True)
    os.close(slave)
    return p, master


def pty_read(master, until, timeout=10):
    buf = b""
    end = time.time() + timeout
    while time.time() < end:
        r, _, _ = select.select([master], [], [], 0.1)
        if r:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
            if until and until in buf:
                break
    return buf


def start_triage(master):
    """Start a triage (Enter on the start screen) and answer Q1 with 1."""
    seen = pty_read(master, b"Start a triage", 10)
    os.write(master, b"\r")
    seen += pty_read(master, b"Where do you see", 5)
    os.write(master, b"1")
    seen += pty_read(master, None, 1.0)
    return seen


def check_terminal():
    # F7: the terminal goes away.
    h = home()
    p, master = pty_wizard(h)
    seen = start_triage(master)
    t0 = time.time()
    os.close(master)
    try:
        p.wait(10)
        gone = time.time() - t0
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        gone = None
    saved = b"".join(open(f, "rb").read() for f in sessions(h))
    saved = saved and b'"app"' in saved
    verdict("F7", gone is not None and gone < 3 and saved,
            "pty master closed: %s; session %s" % ("gone after %.2f s" % gone if gone is not None else "still running at 10 s (killed)",
                                                   "saved" if saved else "not saved"))

    # F17: SIGINT, SIGQUIT, SIGUSR1, SIGALRM from outside.
    res = []
    for sig in [signal.SIGINT, signal.SIGQUIT, signal.SIGUSR1, signal.SIGALRM]:
        h = home()
        p, master = pty_wizard(h)
        start_triage(master)
        p.send_signal(sig)
        tail = pty_read(master, None, 5)
        try:
            rc = p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()
            rc = p.wait()
        os.close(master)
        saved = b"".join(open(f, "rb").read() for f in sessions(h))
        ok = b"\x1b[?1049l" in tail and b"\x1b[?2004l" in tail and b'"app"' in saved
        res.append((signal.Signals(sig).name, ok, rc))
    bad = [x for x in res if not x[1]]
    verdict("F17", not bad, "kill -INT/-QUIT/-USR1/-ALRM: %s" % (
        "left the alternate screen and bracketed paste, session saved, exits %s" % [r for _, _, r in res]
        if not bad else "wrong: %s" % bad))


# --- cheap rows that held on 2026-11-30 ---------------------------------------------------

def check_held_rows():
    res = []
    # rows 3, 4: one 5 MB line; 5 MB of secrets.
    f = w("big/5mb-line.txt", "x" * 5_000_000 + ' {"error":{"code":"ResponseTimeout"}}\n')
    r = run(["diagnose", f, "--format", "json"], home(), timeout=20)
    res.append(("row 3", r.rc == 0 and b"response-timeout" in r.out and r.secs < 3, r.secs))
    f = w("big/5mb-tokens.txt", "Bearer LEAKtokenabcdefghij1 " * 180000 + "\n")
    r = run(["diagnose", f, "--format", "json"], home(), timeout=20)
    res.append(("row 4", r.rc is not None and b"LEAK" not in r.all and r.secs < 5, r.secs))
    # row 5: 100k closed arrays.
    f = w("big/nested-100k.json", "[" * 100000 + '{"error":{"code":"ResponseTimeout"}}' + "]" * 100000 + "\n")
    r = run(["diagnose", f, "--format", "json"], home(), timeout=20)
    res.append(("row 5", r.rc == 0 and b"response-timeout" in r.out, r.secs))
    # row 8: 200,000 unclosed {"a":"
    f = w("big/unclosed.txt", '{"a":"' * 200000 + "\n")
    r = run(["diagnose", f], home(), timeout=20)
    res.append(("row 8", r.rc is not None and r.secs < 3, r.secs))
    # row 9: 5 M backslashes in a string.
    f = w("big/backslash.txt", '{"a":"' + "\\" * 5_000_000 + '"}\n')
    r = run(["diagnose", f], home(), timeout=20)
    res.append(("row 9", r.rc is not None and r.secs < 3, r.secs))
    # rows 10, 11: invalid UTF-8, NUL.
    f = w("big/invalid-utf8.txt", b"\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80 " + b'{"error":{"code":"ResponseTimeout"}}\n')
    r = run(["diagnose", f], home())
    res.append(("row 10", r.rc == 0, r.secs))
    f = w("big/nul.txt", b"\0" * 1_000_000 + b'{"error":{"code":"Response\0Timeout"}}\n')
    r = run(["diagnose", f], home())
    res.append(("row 11", r.rc in (0, 3), r.secs))
    # row 13: CR-only versions of the corpus classify as the originals.
    diff = []
    for n in sorted(os.listdir(CORPUS)):
        if not n.endswith(".txt"):
            continue
        data = open(os.path.join(CORPUS, n), "rb").read()
        cr = w("cr/" + n, data.replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
        a = run(["diagnose", os.path.join(CORPUS, n), "--format", "json"], home())
        b = run(["diagnose", cr, "--format", "json"], home())
        ja, jb = json.loads(a.out or b"{}"), json.loads(b.out or b"{}")
        ka = json.dumps(ja.get("classification", ja.get("category")), sort_keys=True)
        kb = json.dumps(jb.get("classification", jb.get("category")), sort_keys=True)
        if ka != kb or a.rc != b.rc:
            diff.append(n)
    res.append(("row 13 (%s)" % (",".join(diff) or "all same"), not diff, 0))
    # row 14: lone surrogates.
    f = w("big/surrogates.json", '{"error":{"code":"\\ud800Response\\udfff","message":"\\ud800\\ud800"}}\n')
    r = run(["diagnose", f], home())
    res.append(("row 14", r.rc in (0, 3), r.secs))
    # row 19: escape sequences captured as a fact, every format.
    f = w("ansi/fact-hostile.txt", "Flow run failed in action '%s': ResponseTimeout\n" % HOSTILE)
    ok = all(inert(run(["diagnose", f, "--format", fmt], home()).all) for fmt in ["md", "text", "html", "json"])
    res.append(("row 19", ok, 0))
    # rows 53, 55, 56: --output errors and a symlink at the name.
    src = os.path.join(CORPUS, "009-timeout-seed.txt")
    w("afile", "x")
    r = run(["diagnose", src, "--output", os.path.join(WORK, "afile/r.md")], home())
    res.append(("row 53", r.rc == 1, 0))
    r = run(["diagnose", src, "--output", WORK], home())
    res.append(("row 55", r.rc == 1, 0))
    w("sym/passwd-like", "root:x:0:0\n")
    link = os.path.join(WORK, "sym/report.md")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(os.path.join(WORK, "sym/passwd-like"), link)
    r = run(["diagnose", src, "--output", link], home())
    res.append(("row 56", open(os.path.join(WORK, "sym/passwd-like")).read() == "root:x:0:0\n", 0))
    # rows 93, 97, 98: zip slip, a 1 GiB entry, 5,001 entries.
    with zipfile.ZipFile(w("zips/slip.zip", b""), "w") as z:
        z.writestr("solution.xml", "<a/>")
        z.writestr("../../evil.xml", "x")
    r = run(["inspect", os.path.join(WORK, "zips/slip.zip")], home())
    res.append(("row 93", r.rc == 1 and not os.path.exists(os.path.join(os.path.dirname(WORK), "evil.xml")), 0))
    with zipfile.ZipFile(w("zips/many.zip", b""), "w") as z:
        z.writestr("solution.xml", "<a/>")
        for i in range(5001):
            z.writestr("f%d.xml" % i, "")
    r = run(["inspect", os.path.join(WORK, "zips/many.zip")], home())
    res.append(("row 98", r.rc == 1, r.secs))
    # row 120: no terminal; missing input.
    r = run(["wizard"], home(), "")
    r2 = run(["diagnose", "/nonexistent"], home())
    res.append(("row 120", r.rc == 1 and r2.rc == 1, 0))
    bad = [x for x in res if not x[1]]
    verdict("held", not bad, "rows that held on 2026-11-30 (%s): %s" % (
        ", ".join(n for n, _, _ in res), "wrong: %s" % bad if bad else "still hold"))


CHECKS = [
    (["F1", "F1b", "F2", "F3"], check_secrets),
    (["F4"], check_notes),
    (["F9", "F18", "F19", "F26"], check_escapes),
    (["F6"], check_parsing),
    (["F8", "F15"], check_archives),
    (["F10", "F11", "F12", "F13", "F14", "F20", "F21", "F22", "F23", "F27"], check_state),
    (["F7", "F17"], check_terminal),
    (["held"], check_held_rows),
    (["held"], check_held_secrets),
]


def main():
    global BIN, WORK
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("--work", help="folder for the inputs and homes (kept); default a temporary one")
    ap.add_argument("--only", help="comma-separated finding names, e.g. F6,F13,held")
    a = ap.parse_args()
    BIN = os.path.abspath(a.binary)
    if a.work:
        WORK = os.path.abspath(a.work)
        os.makedirs(WORK, exist_ok=True)
    else:
        WORK = tempfile.mkdtemp(prefix="flowtriage-rerun-")
    only = set(a.only.split(",")) if a.only else None
    print("binary %s; work %s" % (BIN, WORK), flush=True)
    try:
        for names, fn in CHECKS:
            if only is None or only & set(names):
                try:
                    fn()
                except Exception as e:  # a broken check is a failure, not a pass
                    verdict("/".join(names), False, "the check itself failed: %r" % e)
    finally:
        if not a.work:
            shutil.rmtree(WORK, ignore_errors=True)
    failed = [f for f, ok in RESULTS if not ok]
    print("%d checked, %d FAILED%s" % (len(RESULTS), len(failed), (": " + " ".join(failed)) if failed else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
