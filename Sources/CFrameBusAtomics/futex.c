// The futex calls behind fb_futex_wait / fb_futex_wake_all (see the header).
#include "CFrameBusAtomics.h"
#include <errno.h>
#include <limits.h>
#include <time.h>

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

int fb_futex_wait(void *p, uint32_t expected, int64_t timeout_ns) {
    struct timespec ts, *tsp = NULL;
    if (timeout_ns >= 0) {
        ts.tv_sec = (time_t)(timeout_ns / 1000000000);
        ts.tv_nsec = (long)(timeout_ns % 1000000000);
        tsp = &ts;
    }
    long r = syscall(SYS_futex, (uint32_t *)p, FUTEX_WAIT, expected, tsp, NULL, 0);
    if (r == 0) return 0;
    if (errno == EAGAIN || errno == EINTR) return 0;
    if (errno == ETIMEDOUT) return 1;
    return -1;
}

void fb_futex_wake_all(void *p) {
    syscall(SYS_futex, (uint32_t *)p, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}
#else
int fb_futex_wait(void *p, uint32_t expected, int64_t timeout_ns) {
    if (fb_load32_acquire(p) != expected) return 0;
    // No futex: a short nap; the caller loops and re-checks.
    int64_t nap = 100000; // 100 µs
    if (timeout_ns >= 0 && timeout_ns < nap) nap = timeout_ns;
    struct timespec ts = { 0, (long)nap };
    nanosleep(&ts, NULL);
    return 0;
}

void fb_futex_wake_all(void *p) { (void)p; }
#endif
