#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H
/* The wide-character API must be switched on here: SwiftPM drops pkg-config's -D flags, and target defines do
   not reach Swift importers (TERMINAL.md §4.2). Linked against ncursesw, never Debian's narrow libncurses. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

/* What Swift cannot import: macros built from NCURSES_BITS, and mutable globals Swift 6 rejects. */
static inline attr_t cncurses_a_bold(void) { return A_BOLD; }
static inline attr_t cncurses_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cncurses_a_reverse(void) { return A_REVERSE; }
static inline attr_t cncurses_a_dim(void) { return A_DIM; }
static inline attr_t cncurses_a_normal(void) { return A_NORMAL; }
static inline int cncurses_colors(void) { return COLORS; }
static inline int cncurses_color_pairs(void) { return COLOR_PAIRS; }
static inline WINDOW *cncurses_stdscr(void) { return stdscr; }
/* 1 when the terminal can address the cursor (TERM=dumb cannot). */
static inline int cncurses_can_address(void) {
    const char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}
/* Looks TERM up without touching the terminal (setupterm writes nothing when given errret):
   -1 unknown to terminfo, 0 known but without cursor addressing (dumb, a printer), 1 a screen terminal. */
static inline int cncurses_probe(const char *term, int fd) {
    int error = 0;
    if (setupterm(term, fd, &error) != OK) return -1;
    const char *cup = tigetstr("cup");
    int addressable = cup != NULL && cup != (char *)-1;
    del_curterm(cur_term);
    return addressable;
}
/* A string capability of the current terminal, or NULL when it has none. */
static inline const char *cncurses_string_cap(const char *name) {
    const char *value = tigetstr(name);
    return value == (char *)-1 ? NULL : value;
}
/* glibc declares wcwidth only under _XOPEN_SOURCE, which SwiftPM will not pass: declare it here. The columns the
   C library (and so ncurses) gives one character: -1 when it does not know it (an emoji newer than its tables). */
extern int wcwidth(wchar_t c);
static inline int cncurses_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }
static inline FILE *cncurses_fdopen(int fd, const char *mode) { return fdopen(fd, mode); }
#endif
