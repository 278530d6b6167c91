"""Turns a tmux `capture-pane -e` screen into a picture: each cell becomes a
2×4-pixel block (upper half / lower half colours for ▀ and ▄ glyphs, the
background colour for blanks, the foreground colour for other glyphs), so a
test can look at what the blocks/braille picture really shows."""
import re, struct, zlib

SGR = re.compile(r"\x1b\[([0-9;:]*)m")
ANSI16 = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
          (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]

def color256(n):
    if n < 16: return ANSI16[n]
    if n < 232:
        n -= 16; steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return (v, v, v)

def parse(screen, default_fg=(200, 200, 200), default_bg=(0, 0, 0)):
    """Returns rows of cells (char, fg, bg)."""
    rows = []
    for line in screen.split("\n"):
        fg, bg = default_fg, default_bg
        cells, i = [], 0
        while i < len(line):
            m = SGR.match(line, i)
            if m:
                params = [int(p) if p else 0 for p in re.split("[;:]", m.group(1))] if m.group(1) else [0]
                k = 0
                while k < len(params):
                    p = params[k]
                    if p == 0: fg, bg = default_fg, default_bg
                    elif p in (38, 48) and k + 1 < len(params):
                        if params[k + 1] == 2 and k + 4 < len(params):
                            c = tuple(params[k + 2:k + 5]); k += 4
                        elif params[k + 1] == 5 and k + 2 < len(params):
                            c = color256(params[k + 2]); k += 2
                        else: c = None
                        if c is not None:
                            if p == 38: fg = c
                            else: bg = c
                    elif p == 39: fg = default_fg
                    elif p == 49: bg = default_bg
                    elif 30 <= p <= 37: fg = ANSI16[p - 30]
                    elif 40 <= p <= 47: bg = ANSI16[p - 40]
                    elif 90 <= p <= 97: fg = ANSI16[p - 82]
                    elif 100 <= p <= 107: bg = ANSI16[p - 92]
                    k += 1
                i = m.end(); continue
            if line[i] == "\x1b":
                i += 1; continue
            cells.append((line[i], fg, bg)); i += 1
        rows.append(cells)
    return rows

def pixels(rows, width):
    """Cell grid → RGB rows (each cell 2 wide, 4 tall)."""
    out = []
    for cells in rows:
        top, bottom = [], []
        for x in range(width):
            ch, fg, bg = cells[x] if x < len(cells) else (" ", (0, 0, 0), (0, 0, 0))
            if ch == "▀": t, b = fg, bg
            elif ch == "▄": t, b = bg, fg
            elif ch == " ": t = b = bg
            else: t = b = fg
            top += [t, t]; bottom += [b, b]
        out += [top, top, bottom, bottom]
    return out

def write_png(path, rgb_rows):
    h = len(rgb_rows); w = len(rgb_rows[0]) if h else 0
    raw = b"".join(b"\x00" + bytes(v for px in row for v in px) for row in rgb_rows)
    def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
