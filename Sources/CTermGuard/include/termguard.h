// Async-signal-safe terminal restoration for Tangle.
//
// Interrupting signals (SIGINT, SIGTERM, SIGHUP, SIGQUIT) only write a byte to
// a self-pipe that the UI loop polls, so it exits through its normal cleanup.
// Crash signals (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP) restore
// the saved termios and write a reset sequence with write(2), both
// async-signal-safe, then re-raise with the default action.
#ifndef TANGLE_TERMGUARD_H
#define TANGLE_TERMGUARD_H

/// Saves the terminal state of `fd` and the reset bytes to write on a crash.
/// Returns the read end of the self-pipe to poll, or -1 on error.
int termguard_install(int fd, const char *reset_sequence);

/// Which interrupting signal arrived last (0 if none); clears it.
int termguard_take_signal(void);

/// True once SIGCONT arrived since the last call (after Ctrl-Z and fg).
int termguard_take_continued(void);

/// True once SIGWINCH arrived since the last call.
int termguard_take_resized(void);

/// Restores the saved termios and writes the reset bytes now (normal exit path too).
void termguard_restore(void);

/// Removes the handlers (default actions again).
void termguard_uninstall(void);
#endif
