#define _GNU_SOURCE
#include "termguard.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static int saved_fd = -1;
static struct termios saved_termios;
static int have_termios = 0;
static char reset_bytes[512];
static size_t reset_len = 0;
static int pipe_fds[2] = { -1, -1 };
static volatile sig_atomic_t last_signal = 0;
static volatile sig_atomic_t continued = 0;
static volatile sig_atomic_t resized = 0;
static volatile sig_atomic_t suspend_asked = 0;
static struct termios running_termios;
static int have_running = 0;
static char enter_bytes[512];
static size_t enter_len = 0;

// Every signal whose default action ends the process is caught: the ones a
// person or another program sends (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1/2,
// SIGALRM, SIGVTALRM, SIGPROF, SIGPOLL, SIGPWR, SIGSTKFLT, real-time signals
// nobody else handles) quit through the loop's cleanup; the ones a fault or a
// limit raises (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS,
// SIGXCPU, SIGXFSZ) restore at once (keypad mode off first, then the caller's
// reset bytes) and die as the default would.
static const int interrupting[] = {
    SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF,
#ifdef SIGPOLL
    SIGPOLL,
#endif
#ifdef SIGPWR
    SIGPWR,
#endif
#ifdef SIGSTKFLT
    SIGSTKFLT,
#endif
};
static const int crashing[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS, SIGXCPU, SIGXFSZ };

// Leaves keypad-transmit mode (rmkx) whatever the caller's reset bytes say:
// ncurses turns it on and a crash would leave it behind.
static const char keypad_off[] = "\033[?1l\033>";

static void write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) { if (errno == EINTR) continue; return; }
        p += w; n -= (size_t)w;
    }
}

void termguard_restore(void) {
    if (saved_fd < 0) return;
    if (reset_len) write_all(saved_fd, reset_bytes, reset_len);
    if (have_termios) tcsetattr(saved_fd, TCSANOW, &saved_termios);
}

static void on_interrupt(int sig) {
    int saved_errno = errno;
    last_signal = sig;
    if (pipe_fds[1] >= 0) { char b = (char)sig; (void)!write(pipe_fds[1], &b, 1); }
    errno = saved_errno;
}

static void on_crash(int sig) {
    termguard_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void on_cont(int sig) {
    (void)sig;
    int saved_errno = errno;
    continued = 1;
    if (pipe_fds[1] >= 0) { char b = 'c'; (void)!write(pipe_fds[1], &b, 1); }
    errno = saved_errno;
}

static void on_tstp(int sig);

/// Ctrl-Z goes through on_tstp (async-signal-safe: sigaction only).
static void catch_tstp(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_tstp;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTSTP, &sa, NULL);
}

/// Stops the process now: the terminal as it was, the default stop, and on
/// SIGCONT the running state back. Async-signal-safe.
static void stop_now(void) {
    termguard_restore();
    // Stop with the default action; execution resumes here after SIGCONT.
    signal(SIGTSTP, SIG_DFL);
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &unblock, NULL);
    raise(SIGTSTP);
    catch_tstp();
    if (have_running && saved_fd >= 0) tcsetattr(saved_fd, TCSANOW, &running_termios);
    if (enter_len && saved_fd >= 0) write_all(saved_fd, enter_bytes, enter_len);
    suspend_asked = 0;
    continued = 1;
    if (pipe_fds[1] >= 0) { char b = 'c'; (void)!write(pipe_fds[1], &b, 1); }
}

/// The first Ctrl-Z asks the loop to stop the process once the terminal is
/// quiet (the write in flight done, the terminal's last answers read: else
/// they reach the shell as typed text). A second one while that is pending
/// stops at once, so a stuck loop can still be stopped.
static void on_tstp(int sig) {
    (void)sig;
    int saved_errno = errno;
    if (!suspend_asked && pipe_fds[1] >= 0) {
        suspend_asked = 1;
        char b = 'z';
        (void)!write(pipe_fds[1], &b, 1);
    } else {
        stop_now();
    }
    errno = saved_errno;
}

int termguard_suspend_pending(void) { return suspend_asked; }

void termguard_suspend_now(void) { stop_now(); }

void termguard_set_running_state(const char *enter_sequence) {
    if (saved_fd < 0) return;
    have_running = tcgetattr(saved_fd, &running_termios) == 0;
    enter_len = 0;
    if (enter_sequence) {
        enter_len = strlen(enter_sequence);
        if (enter_len >= sizeof enter_bytes) enter_len = sizeof enter_bytes - 1;
        memcpy(enter_bytes, enter_sequence, enter_len);
    }
    catch_tstp();
}

static void on_winch(int sig) {
    (void)sig;
    int saved_errno = errno;
    resized = 1;
    if (pipe_fds[1] >= 0) { char b = 'w'; (void)!write(pipe_fds[1], &b, 1); }
    errno = saved_errno;
}

int termguard_install(int fd, const char *reset_sequence) {
    saved_fd = fd;
    have_termios = tcgetattr(fd, &saved_termios) == 0;
    reset_len = 0;
    memcpy(reset_bytes, keypad_off, sizeof keypad_off - 1);
    reset_len = sizeof keypad_off - 1;
    if (reset_sequence) {
        size_t n = strlen(reset_sequence);
        if (n >= sizeof reset_bytes - reset_len) n = sizeof reset_bytes - reset_len - 1;
        memcpy(reset_bytes + reset_len, reset_sequence, n);
        reset_len += n;
    }
    if (pipe_fds[0] < 0) {
        if (pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) return -1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_interrupt;
    for (size_t i = 0; i < sizeof interrupting / sizeof *interrupting; i++) sigaction(interrupting[i], &sa, NULL);
#ifdef SIGRTMIN
    // Real-time signals end the process by default too; leave alone any a
    // library already handles.
    for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++) {
        struct sigaction old;
        if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_DFL && !(old.sa_flags & SA_SIGINFO))
            sigaction(sig, &sa, NULL);
    }
#endif
    sa.sa_handler = on_crash;
    sa.sa_flags = SA_RESETHAND;
    for (size_t i = 0; i < sizeof crashing / sizeof *crashing; i++) sigaction(crashing[i], &sa, NULL);
    sa.sa_flags = SA_RESTART;
    sa.sa_handler = on_cont;
    sigaction(SIGCONT, &sa, NULL);
    sa.sa_handler = on_winch;
    sigaction(SIGWINCH, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    return pipe_fds[0];
}

int termguard_take_signal(void) {
    char drain[64];
    while (pipe_fds[0] >= 0 && read(pipe_fds[0], drain, sizeof drain) > 0) {}
    int s = last_signal;
    last_signal = 0;
    return s;
}

int termguard_take_continued(void) { int c = continued; continued = 0; return c; }
int termguard_take_resized(void) { int r = resized; resized = 0; return r; }

void termguard_uninstall(void) {
    for (size_t i = 0; i < sizeof interrupting / sizeof *interrupting; i++) signal(interrupting[i], SIG_DFL);
    for (size_t i = 0; i < sizeof crashing / sizeof *crashing; i++) signal(crashing[i], SIG_DFL);
#ifdef SIGRTMIN
    for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++) {
        struct sigaction old;
        if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == on_interrupt) signal(sig, SIG_DFL);
    }
#endif
    signal(SIGCONT, SIG_DFL);
    signal(SIGWINCH, SIG_DFL);
    signal(SIGTSTP, SIG_DFL);
    have_running = 0;
    enter_len = 0;
}
