#define _GNU_SOURCE
#include "CInputGuard.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

// Everything the handler touches is lock-free atomics, mmap and sigaction: async-signal-safe.

#define SLOTS 1024
#define RESERVED ((uintptr_t)1)

struct rapport_input_flag {
    atomic_int raised;
};

static _Atomic(uintptr_t) slot_start[SLOTS];
static _Atomic(uintptr_t) slot_end[SLOTS];
static _Atomic(rapport_input_flag *) slot_flag[SLOTS];
static atomic_int installed;
static atomic_long faults;
static long page_size;
static struct sigaction previous;

static void restore_and_return(int sig, siginfo_t *info, void *context) {
    if ((previous.sa_flags & SA_SIGINFO) && previous.sa_sigaction != NULL) {
        previous.sa_sigaction(sig, info, context);
        return;
    }
    if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN && previous.sa_handler != NULL) {
        previous.sa_handler(sig);
        return;
    }
    // Default action: returning re-executes the faulting access, which now kills the process
    // as SIGBUS always did.
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
}

static void handler(int sig, siginfo_t *info, void *context) {
    uintptr_t address = (uintptr_t)info->si_addr;
    for (int i = 0; i < SLOTS; i++) {
        uintptr_t start = atomic_load(&slot_start[i]);
        if (start <= RESERVED) continue;
        uintptr_t end = atomic_load(&slot_end[i]);
        if (address < start || address >= end) continue;
        rapport_input_flag *flag = atomic_load(&slot_flag[i]);
        uintptr_t page = address & ~(uintptr_t)(page_size - 1);
        // A private page of zeros where the file's page was: the access completes, and the
        // reader throws away what it read once it sees the flag.
        void *p = mmap((void *)page, (size_t)page_size, PROT_READ,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (p == MAP_FAILED) break;
        if (flag != NULL) atomic_store(&flag->raised, 1);
        atomic_fetch_add(&faults, 1);
        return;
    }
    restore_and_return(sig, info, context);
}

int rapport_input_guard_install(void) {
    int expected = 0;
    if (!atomic_compare_exchange_strong(&installed, &expected, 1)) return 0;
    page_size = sysconf(_SC_PAGESIZE);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = handler;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGBUS, &action, &previous) != 0) {
        atomic_store(&installed, 0);
        return -1;
    }
    return 0;
}

rapport_input_flag *rapport_input_flag_create(void) {
    rapport_input_flag *flag = malloc(sizeof *flag);
    if (flag != NULL) atomic_init(&flag->raised, 0);
    return flag;
}

int rapport_input_flag_raised(const rapport_input_flag *flag) {
    return flag != NULL && atomic_load(&((rapport_input_flag *)flag)->raised) != 0;
}

void rapport_input_flag_destroy(rapport_input_flag *flag) { free(flag); }

int rapport_input_guard_register(const void *start, size_t length, rapport_input_flag *flag) {
    for (int i = 0; i < SLOTS; i++) {
        uintptr_t expected = 0;
        if (!atomic_compare_exchange_strong(&slot_start[i], &expected, RESERVED)) continue;
        atomic_store(&slot_end[i], (uintptr_t)start + length);
        atomic_store(&slot_flag[i], flag);
        atomic_store(&slot_start[i], (uintptr_t)start);
        return i;
    }
    return -1;
}

void rapport_input_guard_unregister(int slot) {
    if (slot < 0 || slot >= SLOTS) return;
    atomic_store(&slot_start[slot], RESERVED);
    atomic_store(&slot_flag[slot], NULL);
    atomic_store(&slot_end[slot], 0);
    atomic_store(&slot_start[slot], 0);
}

long rapport_input_guard_faults(void) { return atomic_load(&faults); }
