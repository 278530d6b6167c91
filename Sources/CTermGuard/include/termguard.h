// Async-signal-safe terminal restoration for Tangle.
//
// Ctrl-Z (SIGTSTP) asks the UI loop to stop: it lets the write in flight
// finish and reads the terminal's last answers, then restores the terminal
// and stops; on `fg` the running state comes back (raw mode, the explorer's
// screen) before the UI repaints. A second Ctrl-Z stops at once.
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

/// True while a Ctrl-Z (SIGTSTP) waits for the loop (it stays so until
/// termguard_suspend_now(), unlike the take_ calls): the loop quiets the
/// terminal, then calls termguard_suspend_now().
int termguard_suspend_pending(void);

/// Restores the terminal, stops the process, and on `fg` (SIGCONT) puts the
/// running state back and flags `continued`.
void termguard_suspend_now(void);

/// Restores the saved termios and writes the reset bytes now (normal exit path too).
void termguard_restore(void);

/// Records the terminal's running state: the current termios of the saved
/// fd (raw mode, set by the caller) and the bytes that set the screen up
/// (alternate screen, mouse reporting). Ctrl-Z then gives the terminal
/// back as it was before stopping, and `fg` puts this state back.
void termguard_set_running_state(const char *enter_sequence);

/// Removes the handlers (default actions again).
void termguard_uninstall(void);
#endif
