#ifndef RAPPORT_CREADSTAT_H
#define RAPPORT_CREADSTAT_H

/* Rapport's bridge to ReadStat (https://github.com/WizardMac/ReadStat), loaded at run time.

   Building Rapport needs no ReadStat headers and no ReadStat library: `rapport_rs_load`
   dlopen()s the shared library by name (Debian: `libreadstat.so.1` from `libreadstat1`) and
   looks up the few functions this bridge calls. The ReadStat structures that cross the ABI
   (the value passed by value to callbacks) are declared privately in CReadStat.c, copied
   from readstat.h 1.1.x.

   Swift never sees ReadStat's types: each callback hands over plain C values. */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Which ReadStat parser to run. */
typedef enum {
    RAPPORT_RS_SAV = 0,  /* SPSS .sav and .zsav */
    RAPPORT_RS_POR = 1,  /* SPSS portable .por */
    RAPPORT_RS_DTA = 2   /* Stata .dta */
} rapport_rs_format;

/** What a value is. */
typedef enum {
    RAPPORT_RS_NUMBER = 0,          /* `number` holds it */
    RAPPORT_RS_STRING = 1,          /* `text` holds it (UTF-8) */
    RAPPORT_RS_SYSTEM_MISSING = 2,  /* SPSS sysmis, Stata `.` */
    RAPPORT_RS_TAGGED_MISSING = 3,  /* Stata `.a`–`.z`; `tag` holds the letter */
    RAPPORT_RS_USER_MISSING = 4     /* a value the file declares missing (SPSS); `number` or `text` holds it */
} rapport_rs_kind;

/** Return values of the callbacks. */
enum { RAPPORT_RS_OK = 0, RAPPORT_RS_ABORT = 1, RAPPORT_RS_SKIP_VARIABLE = 2 };

/** Receives what ReadStat reads, in file order. Every string is valid only during the call. */
typedef struct {
    void *context;
    /** Rows (-1 when the file does not say) and variables. */
    int (*metadata)(void *context, int64_t rows, int64_t variables);
    /** One variable: 0-based index, name, label (may be empty), whether it holds text,
        measure (0 unknown, 1 nominal, 2 ordinal, 3 scale), the name of its value-label set
        (NULL when none), and its user-missing ranges (lo == hi for a discrete value; numeric
        variables only). Return RAPPORT_RS_SKIP_VARIABLE to get no values for it. */
    int (*variable)(void *context, int index, const char *name, const char *label, int isString,
                    int measure, const char *labelSet, int missingCount,
                    const double *missingLo, const double *missingHi);
    /** One cell: 0-based row, 0-based variable index, kind, and the number or text. */
    int (*value)(void *context, int row, int variable, int kind, double number, const char *text, char tag);
    /** One value label of set `labelSet`: the value (kind NUMBER, STRING or TAGGED_MISSING) and its label. */
    int (*valueLabel)(void *context, const char *labelSet, int kind, double number, const char *text,
                      char tag, const char *label);
    /** A message from ReadStat about a problem in the file. */
    void (*error)(void *context, const char *message);
} rapport_rs_sink;

/** Loads ReadStat from `library` (a file name for the dynamic loader, or a path). Returns 0 on
    success; otherwise writes the reason into `error`. Call once, before any parse; later calls
    with the library already loaded return 0 at once. Not thread-safe (serialise callers). */
int rapport_rs_load(const char *library, char *error, size_t errorSize);

/** Parses `path` with the loaded library, delivering to `sink`. `rowLimit` > 0 reads at most
    that many rows. Returns ReadStat's error code (0 = success, 4 = aborted by a callback). */
int rapport_rs_parse(rapport_rs_format format, const char *path, long rowLimit, const rapport_rs_sink *sink);

/** ReadStat's text for an error code. */
const char *rapport_rs_error_message(int code);

#ifdef __cplusplus
}
#endif

#endif
