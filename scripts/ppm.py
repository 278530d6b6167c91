"""Reads a binary PPM (P6) into an int array of shape (height, width, 3):
what the real-terminal scripts compare screenshots with (ImageMagick writes
the PPMs)."""
import re
import numpy as np


def read_ppm(path):
    data = open(path, "rb").read()
    m = re.match(rb"P6\s+(?:#[^\n]*\n\s*)*(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    return np.frombuffer(data[m.end():m.end() + w * h * 3], np.uint8).reshape(h, w, 3).astype(int)
