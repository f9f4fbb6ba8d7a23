#ifndef RAPPORT_CINPUTGUARD_H
#define RAPPORT_CINPUTGUARD_H

#include <stddef.h>

/// Guards memory-mapped input windows against SIGBUS.
///
/// A mapped file that shrinks while it is read makes every access past its new end raise
/// SIGBUS. Registered windows are covered by a SIGBUS handler that maps a page of zeros over the
/// faulting page (so the access completes) and raises the window's flag; the reader checks the
/// flag and reports "the input changed while it was read". A fault outside every registered
/// window goes to the handler that was installed before (the Swift runtime's backtracer, or
/// the default action).

/// A flag raised (set to 1) when a fault hit a window registered with it.
typedef struct rapport_input_flag rapport_input_flag;

/// Installs the SIGBUS handler once per process (later calls do nothing). Returns 0 on success.
int rapport_input_guard_install(void);

/// A new flag, lowered. Never NULL unless memory is exhausted.
rapport_input_flag *rapport_input_flag_create(void);
/// Whether a fault has raised the flag.
int rapport_input_flag_raised(const rapport_input_flag *flag);
/// Frees a flag; no registered window may still name it.
void rapport_input_flag_destroy(rapport_input_flag *flag);

/// Covers `[start, start + length)` with the handler, raising `flag` on a fault there.
/// Returns a slot number for `rapport_input_guard_unregister`, or -1 when every slot is
/// taken (the window is then unguarded).
int rapport_input_guard_register(const void *start, size_t length, rapport_input_flag *flag);
/// Stops covering a window, before it is unmapped.
void rapport_input_guard_unregister(int slot);

/// Faults absorbed so far in this process (for tests).
long rapport_input_guard_faults(void);

#endif
