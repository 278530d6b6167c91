// C11 atomics and futex calls on raw shared memory, for FrameBus.
//
// Swift cannot express "this word in an mmap'd segment is atomic" without a
// wrapper, and it cannot call the variadic syscall(2). These inline functions
// are the whole of the C side: every access to a shared header word goes
// through one of them, so orderings are explicit at each call site.
#ifndef CFRAMEBUS_ATOMICS_H
#define CFRAMEBUS_ATOMICS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define FB_A64(p) ((_Atomic uint64_t *)(p))
#define FB_A32(p) ((_Atomic uint32_t *)(p))

// 64-bit words.
static inline uint64_t fb_load64_relaxed(const void *p) { return atomic_load_explicit(FB_A64((void *)p), memory_order_relaxed); }
static inline uint64_t fb_load64_acquire(const void *p) { return atomic_load_explicit(FB_A64((void *)p), memory_order_acquire); }
static inline uint64_t fb_load64_seqcst(const void *p) { return atomic_load_explicit(FB_A64((void *)p), memory_order_seq_cst); }
static inline void fb_store64_relaxed(void *p, uint64_t v) { atomic_store_explicit(FB_A64(p), v, memory_order_relaxed); }
static inline void fb_store64_release(void *p, uint64_t v) { atomic_store_explicit(FB_A64(p), v, memory_order_release); }
static inline uint64_t fb_add64_relaxed(void *p, uint64_t v) { return atomic_fetch_add_explicit(FB_A64(p), v, memory_order_relaxed); }
static inline uint64_t fb_add64_seqcst(void *p, uint64_t v) { return atomic_fetch_add_explicit(FB_A64(p), v, memory_order_seq_cst); }
/// Compare-and-swap; true when *p was `expected` and is now `desired`.
static inline _Bool fb_cas64_acqrel(void *p, uint64_t expected, uint64_t desired) {
    return atomic_compare_exchange_strong_explicit(FB_A64(p), &expected, desired,
                                                   memory_order_acq_rel, memory_order_acquire);
}

// 32-bit words (futex words must be 32 bits).
static inline uint32_t fb_load32_relaxed(const void *p) { return atomic_load_explicit(FB_A32((void *)p), memory_order_relaxed); }
static inline uint32_t fb_load32_acquire(const void *p) { return atomic_load_explicit(FB_A32((void *)p), memory_order_acquire); }
static inline uint32_t fb_load32_seqcst(const void *p) { return atomic_load_explicit(FB_A32((void *)p), memory_order_seq_cst); }
static inline void fb_store32_relaxed(void *p, uint32_t v) { atomic_store_explicit(FB_A32(p), v, memory_order_relaxed); }
static inline void fb_store32_release(void *p, uint32_t v) { atomic_store_explicit(FB_A32(p), v, memory_order_release); }
static inline uint32_t fb_add32_seqcst(void *p, uint32_t v) { return atomic_fetch_add_explicit(FB_A32(p), v, memory_order_seq_cst); }
static inline uint32_t fb_sub32_seqcst(void *p, uint32_t v) { return atomic_fetch_sub_explicit(FB_A32(p), v, memory_order_seq_cst); }
static inline uint32_t fb_exchange32_seqcst(void *p, uint32_t v) { return atomic_exchange_explicit(FB_A32(p), v, memory_order_seq_cst); }

// Fences.
static inline void fb_fence_acquire(void) { atomic_thread_fence(memory_order_acquire); }
static inline void fb_fence_release(void) { atomic_thread_fence(memory_order_release); }
static inline void fb_fence_seqcst(void) { atomic_thread_fence(memory_order_seq_cst); }

/// Sleeps while the 32-bit word at `p` still holds `expected`, for at most
/// `timeout_ns` (negative: no limit). Works across processes on a shared
/// mapping (no FUTEX_PRIVATE_FLAG). Returns 0 when woken or the value had
/// already changed, 1 on timeout, -1 on another error. Elsewhere than Linux it
/// naps briefly and returns 0; callers re-check their condition in a loop.
int fb_futex_wait(void *p, uint32_t expected, int64_t timeout_ns);
/// Wakes every process sleeping on the word at `p`.
void fb_futex_wake_all(void *p);

/// Guards a shared mapping against SIGBUS from a truncated file: a fault in
/// it maps zero pages over it and marks it truncated (see busguard.c).
/// Returns a slot for the two calls below, or -1 when every slot is taken.
int fb_guard_register(void *base, size_t length);
void fb_guard_unregister(int slot);
/// 1 once the guarded mapping faulted (its file was truncated).
int fb_guard_truncated(int slot);

#endif
