/*
 * sanitize.h — QK_SANITIZED: defined when this file is built with
 * AddressSanitizer or ThreadSanitizer (gcc says so with __SANITIZE_*__,
 * clang with __has_feature: the fuzz build). Code that leaves the usual
 * paths (RTLD_DEEPBIND, which the runtimes refuse; _exit, which skips
 * LeakSanitizer's check at exit) keeps to them there.
 */
#ifndef QK_SANITIZE_H
#define QK_SANITIZE_H

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define QK_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define QK_SANITIZED 1
#endif
#endif

#endif
