#!/usr/bin/env python3
"""Writes tangle's man page (roff) from what its argument parser says.

usage: tangle --experimental-dump-help | scripts/gen-man.py VERSION > tangle.1

The input is swift-argument-parser's tool description (ToolInfo JSON): every
subcommand, option, flag and default comes from the parser itself, so the
page cannot drift from `tangle help`. `make install` runs this.
"""
import json
import sys


def roff(text):
    """Text safe in a roff line: backslashes, leading dots and quotes escaped."""
    text = (text or "").replace("\\", "\\e").replace("-", "\\-")
    lines = []
    for line in text.split("\n"):
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def names(arg):
    out = []
    for n in arg.get("names", []):
        out.append(("-" if n["kind"] == "short" else "--") + n["name"])
    return ", ".join(out)


def argument(arg):
    if not arg.get("shouldDisplay", True):
        return ""
    if arg["kind"] == "positional":
        head = "\\fI" + roff(arg.get("valueName", "VALUE")) + "\\fR"
    else:
        head = "\\fB" + roff(names(arg)) + "\\fR"
        if arg["kind"] == "option":
            head += " \\fI" + roff(arg.get("valueName", "VALUE")) + "\\fR"
    body = roff(arg.get("abstract", ""))
    if arg.get("defaultValue") not in (None, ""):
        body += " (default: " + roff(str(arg["defaultValue"])) + ")"
    return ".TP\n" + head + "\n" + body + "\n"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    version = sys.argv[1]
    tool = json.load(sys.stdin)["command"]
    out = [
        '.TH TANGLE 1 "" "tangle ' + roff(version) + '" "User Commands"',
        ".SH NAME",
        "tangle \\- " + roff(tool.get("abstract", "")),
        ".SH SYNOPSIS",
        "\\fBtangle\\fR [\\fISUBCOMMAND\\fR] [\\fIOPTIONS\\fR] [\\fIFILE\\fR]",
        ".SH DESCRIPTION",
        roff(tool.get("discussion", "")),
        ".PP",
        "Without a subcommand, \\fBtangle\\fR runs \\fB" + roff(tool.get("defaultSubcommand", "explore")) + "\\fR.",
        "A malformed input is reported as FILE:LINE:COL with exit status 2.",
    ]
    top = "".join(argument(a) for a in tool.get("arguments", []))
    if top:
        out += [".SH OPTIONS", top.rstrip("\n")]
    out.append(".SH COMMANDS")
    for sub in tool.get("subcommands", []):
        if not sub.get("shouldDisplay", True):
            continue
        out += [".SS " + roff(sub["commandName"]), roff(sub.get("abstract", ""))]
        if sub.get("discussion"):
            out += [".PP", roff(sub["discussion"])]
        args = "".join(argument(a) for a in sub.get("arguments", []))
        if args:
            out.append(args.rstrip("\n"))
    out += [
        ".SH FILES",
        ".TP",
        "\\fI$XDG_CONFIG_HOME/tangle/themes/NAME.json\\fR",
        "Your own themes (\\fI~/.config/tangle/themes\\fR by default).",
        ".TP",
        "\\fIPREFIX/share/tangle/themes\\fR",
        "The themes installed with tangle, as examples to copy.",
        ".SH SEE ALSO",
        "\\fBtangle\\-serve\\fR(1) is started by the explorer to share its view with a browser.",
    ]
    print("\n".join(out))


if __name__ == "__main__":
    main()
