// Wide-character ncurses for Swift. Macros and globals Swift cannot import
// (or that Swift 6 flags as shared mutable state) get small inline wrappers.
#ifndef TANGLE_CNCURSES_SHIM_H
#define TANGLE_CNCURSES_SHIM_H
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *tangle_stdscr(void) { return stdscr; }
static inline int tangle_lines(void) { return LINES; }
static inline int tangle_cols(void) { return COLS; }
static inline int tangle_colors(void) { return COLORS; }
static inline int tangle_color_pairs(void) { return COLOR_PAIRS; }
static inline int tangle_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int tangle_attr_bold(void) { return (int)A_BOLD; }
static inline int tangle_attr_reverse(void) { return (int)A_REVERSE; }
static inline int tangle_attr_dim(void) { return (int)A_DIM; }
static inline int tangle_attr_underline(void) { return (int)A_UNDERLINE; }
static inline int tangle_key_resize(void) { return KEY_RESIZE; }
static inline int tangle_key_mouse(void) { return KEY_MOUSE; }
static inline mmask_t tangle_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }

/// Mouse report decoded: 1 press, 2 release, 3 click, 4 wheel up, 5 wheel
/// down, 0 motion; *button is 1..3; *mods bit 0 shift, 1 ctrl, 2 alt.
static inline int tangle_decode_mouse(mmask_t s, int *button, int *mods) {
    *mods = ((s & BUTTON_SHIFT) ? 1 : 0) | ((s & BUTTON_CTRL) ? 2 : 0) | ((s & BUTTON_ALT) ? 4 : 0);
    *button = 0;
    if (s & BUTTON4_PRESSED) return 4;
#ifdef BUTTON5_PRESSED
    if (s & BUTTON5_PRESSED) return 5;
#endif
    if (s & BUTTON1_PRESSED) { *button = 1; return 1; }
    if (s & BUTTON2_PRESSED) { *button = 2; return 1; }
    if (s & BUTTON3_PRESSED) { *button = 3; return 1; }
    if (s & BUTTON1_RELEASED) { *button = 1; return 2; }
    if (s & BUTTON2_RELEASED) { *button = 2; return 2; }
    if (s & BUTTON3_RELEASED) { *button = 3; return 2; }
    if (s & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)) { *button = 1; return 3; }
    if (s & BUTTON3_CLICKED) { *button = 3; return 3; }
    return 0;
}

/// Puts one wide character with attributes and a colour pair at (y, x).
static inline int tangle_put_cell(int y, int x, wchar_t ch, int attrs, short pair) {
    cchar_t cell;
    wchar_t text[2] = { ch, 0 };
    setcchar(&cell, text, (attr_t)attrs, pair, NULL);
    return mvadd_wch(y, x, &cell);
}
/// The terminfo database (setupterm, tigetstr): the explorer looks its
/// terminal up here and writes everything itself.
#include <ncursesw/term.h>
#endif
