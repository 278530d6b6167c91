// SIGBUS from a shared-memory segment that was truncated under us.
//
// Touching a page of a MAP_SHARED mapping past the end of its (now shorter)
// file raises SIGBUS. For ranges registered here the handler maps anonymous
// zero pages over the whole range (MAP_FIXED), marks it truncated and
// returns: the faulting access is retried on the zero pages and the process
// goes on; the bus then reports "segment truncated". Faults anywhere else are
// passed to the handler that was there before (the terminal guard's crash
// path), or get the default action.
#define _GNU_SOURCE
#include "CFrameBusAtomics.h"
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>

#define FB_GUARD_SLOTS 64

static struct {
    _Atomic(uintptr_t) base;
    _Atomic(size_t) length;
    atomic_int truncated;
} slots[FB_GUARD_SLOTS];

static struct sigaction previous;
static atomic_int installed;

static void on_bus(int sig, siginfo_t *info, void *context) {
    uintptr_t address = (uintptr_t)info->si_addr;
    for (int i = 0; i < FB_GUARD_SLOTS; i++) {
        uintptr_t base = atomic_load(&slots[i].base);
        size_t length = atomic_load(&slots[i].length);
        if (base == 0 || address < base || address >= base + length) continue;
        void *p = mmap((void *)base, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (p != MAP_FAILED) {
            atomic_store(&slots[i].truncated, 1);
            return;
        }
        break;
    }
    if (previous.sa_flags & SA_SIGINFO) {
        previous.sa_sigaction(sig, info, context);
    } else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
        previous.sa_handler(sig);
    } else {
        // Returning retries the access, which now gets the default action.
        signal(SIGBUS, SIG_DFL);
    }
}

static void install(void) {
    struct sigaction current;
    if (sigaction(SIGBUS, NULL, &current) != 0) return;
    if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == on_bus) return;
    previous = current;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_sigaction = on_bus;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGBUS, &sa, NULL);
    atomic_store(&installed, 1);
}

int fb_guard_register(void *base, size_t length) {
    install();
    for (int i = 0; i < FB_GUARD_SLOTS; i++) {
        uintptr_t expected = 0;
        if (atomic_compare_exchange_strong(&slots[i].base, &expected, (uintptr_t)1)) {
            atomic_store(&slots[i].truncated, 0);
            atomic_store(&slots[i].length, length);
            atomic_store(&slots[i].base, (uintptr_t)base);
            return i;
        }
    }
    return -1;
}

void fb_guard_unregister(int slot) {
    if (slot < 0 || slot >= FB_GUARD_SLOTS) return;
    atomic_store(&slots[slot].length, 0);
    atomic_store(&slots[slot].base, 0);
}

int fb_guard_truncated(int slot) {
    if (slot < 0 || slot >= FB_GUARD_SLOTS) return 0;
    return atomic_load(&slots[slot].truncated);
}
