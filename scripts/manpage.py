#!/usr/bin/env python3
"""Writes the man page novelist(1) from the command definitions: the command-line flags and subcommands as
swift-argument-parser declares them (`novelist --experimental-dump-help`) and the REPL's command table
(`novelist --repl-commands-json`), the same table that drives /help and Tab completion.

    scripts/manpage.py path/to/novelist > novelist.1
"""
import datetime
import json
import subprocess
import sys


def roff(text: str) -> str:
    text = text.replace("\\", "\\e")
    lines = []
    for line in text.split("\n"):
        if line.startswith(".") or line.startswith("'"):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def option_names(arg) -> str:
    names = []
    for n in arg.get("names", []):
        names.append(("-" if n["kind"] == "short" else "--") + n["name"])
    if arg["kind"] == "option":
        return ", ".join(f"\\fB{n}\\fR \\fI<{arg.get('valueName', 'value')}>\\fR" for n in names)
    if arg["kind"] == "positional":
        return f"\\fI<{arg.get('valueName', 'value')}>\\fR"
    return ", ".join(f"\\fB{n}\\fR" for n in names)


def arguments(args, out):
    for arg in args:
        if not arg.get("shouldDisplay", True):
            continue
        out.append(".TP")
        out.append(option_names(arg))
        out.append(roff(arg.get("abstract", "")))


def main() -> int:
    binary = sys.argv[1]
    tool = json.loads(subprocess.run([binary, "--experimental-dump-help"], check=True, capture_output=True, text=True).stdout)
    repl = json.loads(subprocess.run([binary, "--repl-commands-json"], check=True, capture_output=True, text=True).stdout)
    version = subprocess.run([binary, "--version"], check=True, capture_output=True, text=True).stdout.strip()
    root = tool["command"]
    date = datetime.date.today().isoformat()
    out = [
        f'.TH NOVELIST 1 "{date}" "novelist {version}" "User Commands"',
        ".SH NAME",
        "novelist \\- " + roff(root.get("abstract", "")),
        ".SH SYNOPSIS",
        "\\fBnovelist\\fR [\\fIoptions\\fR]",
        ".br",
    ]
    subs = [s for s in root.get("subcommands", []) if s.get("shouldDisplay", True) and s["commandName"] != "help"]
    for sub in subs:
        out += [f"\\fBnovelist {sub['commandName']}\\fR [\\fIarguments\\fR] [\\fIoptions\\fR]", ".br"]
    out += [".SH DESCRIPTION", roff(root.get("discussion", "")), ".SH OPTIONS"]
    arguments(root.get("arguments", []), out)
    out.append(".SH SUBCOMMANDS")
    for sub in subs:
        out += [f'.SS "novelist {sub["commandName"]}"', roff(sub.get("abstract", ""))]
        if sub.get("discussion"):
            out += [".PP", roff(sub["discussion"])]
        arguments(sub.get("arguments", []), out)
    out += [".SH REPL COMMANDS",
            "Inside the REPL (and as arguments of \\fBnovelist run\\fR), a line that starts with / is a command; any other line is sent to the model as conversation."]
    for cmd in repl:
        out += [".TP", "\\fB" + roff(cmd["usage"]) + "\\fR", roff(cmd["summary"] + "."),]
        if cmd["aliases"]:
            out += [".br", "Also: " + ", ".join("/" + a for a in cmd["aliases"])]
        for ex in cmd["examples"]:
            out += [".br", "\\fB" + roff(ex["line"]) + "\\fR \\(em " + roff(ex["explanation"])]
    out += [
        ".SH EXIT STATUS",
        "0 every command succeeded; 1 a command failed; 2 a usage error; 3 the endpoint failed.",
        ".SH ENVIRONMENT",
        "OPENAI_BASE_URL, OPENAI_API_KEY (or the provider's key variable), NOVELIST_PROVIDER, NOVELIST_MODEL, "
        "NOVELIST_STORIES_DIR, NOVELIST_CONTEXT_TOKENS, NOVELIST_PROMPTS_DIR, NOVELIST_LANG and the others listed in the README "
        "and in .env.example. Prompt templates are compiled in; overrides are read from $XDG_CONFIG_HOME/novelist/prompts/<language>/ "
        "and from a story's own prompts/ folder.",
        ".SH FILES",
        "A story is a folder: story.yaml, outline.md, bible/, chapters/, chat.jsonl, and .novelist/ (history, journal, lock).",
        "",
    ]
    sys.stdout.write("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
