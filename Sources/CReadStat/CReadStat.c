#include "CReadStat.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

/* ---- ReadStat 1.1.x ABI: only what crosses it, copied from readstat.h ---------------- */

typedef enum {
    RS_TYPE_STRING, RS_TYPE_INT8, RS_TYPE_INT16, RS_TYPE_INT32, RS_TYPE_FLOAT, RS_TYPE_DOUBLE,
    RS_TYPE_STRING_REF
} rs_type_t;

enum { RS_TYPE_CLASS_STRING = 0, RS_TYPE_CLASS_NUMERIC = 1 };

/* Passed by value to the value and value-label callbacks: the layout must match readstat.h. */
typedef struct {
    union {
        float float_value;
        double double_value;
        int8_t i8_value;
        int16_t i16_value;
        int32_t i32_value;
        const char *string_value;
    } v;
    rs_type_t type;
    char tag;
    unsigned int is_system_missing : 1;
    unsigned int is_tagged_missing : 1;
} rs_value_t;

typedef struct rs_parser rs_parser_t;      /* opaque */
typedef struct rs_variable rs_variable_t;  /* opaque: read through accessors only */
typedef struct rs_metadata rs_metadata_t;  /* opaque */

typedef int (*rs_metadata_handler)(rs_metadata_t *, void *);
typedef int (*rs_variable_handler)(int, rs_variable_t *, const char *, void *);
typedef int (*rs_value_handler)(int, rs_variable_t *, rs_value_t, void *);
typedef int (*rs_value_label_handler)(const char *, rs_value_t, const char *, void *);
typedef void (*rs_error_handler)(const char *, void *);

static struct {
    int loaded;
    void *handle;
    rs_parser_t *(*parser_init)(void);
    void (*parser_free)(rs_parser_t *);
    int (*set_metadata_handler)(rs_parser_t *, rs_metadata_handler);
    int (*set_variable_handler)(rs_parser_t *, rs_variable_handler);
    int (*set_value_handler)(rs_parser_t *, rs_value_handler);
    int (*set_value_label_handler)(rs_parser_t *, rs_value_label_handler);
    int (*set_error_handler)(rs_parser_t *, rs_error_handler);
    int (*set_row_limit)(rs_parser_t *, long);
    int (*parse_sav)(rs_parser_t *, const char *, void *);
    int (*parse_por)(rs_parser_t *, const char *, void *);
    int (*parse_dta)(rs_parser_t *, const char *, void *);
    const char *(*error_message)(int);
    int (*get_row_count)(rs_metadata_t *);
    int (*get_var_count)(rs_metadata_t *);
    const char *(*variable_get_name)(const rs_variable_t *);
    const char *(*variable_get_label)(const rs_variable_t *);
    int (*variable_get_type_class)(const rs_variable_t *);
    int (*variable_get_measure)(const rs_variable_t *);
    int (*variable_get_index)(const rs_variable_t *);
    int (*variable_get_missing_ranges_count)(const rs_variable_t *);
    rs_value_t (*variable_get_missing_range_lo)(const rs_variable_t *, int);
    rs_value_t (*variable_get_missing_range_hi)(const rs_variable_t *, int);
    int (*value_type_class)(rs_value_t);
    int (*value_is_system_missing)(rs_value_t);
    int (*value_is_tagged_missing)(rs_value_t);
    int (*value_is_defined_missing)(rs_value_t, rs_variable_t *);
    char (*value_tag)(rs_value_t);
    double (*double_value)(rs_value_t);
    const char *(*string_value)(rs_value_t);
} rs;

#define RS_SYMBOL(field, name)                                                     \
    do {                                                                           \
        *(void **)(&rs.field) = dlsym(handle, name);                               \
        if (rs.field == NULL) {                                                    \
            snprintf(error, errorSize, "%s has no function %s (ReadStat 1.1 or later is needed)", library, name); \
            dlclose(handle);                                                       \
            return 1;                                                              \
        }                                                                          \
    } while (0)

int rapport_rs_load(const char *library, char *error, size_t errorSize) {
    if (rs.loaded) return 0;
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(error, errorSize, "%s", reason ? reason : "cannot be loaded");
        return 1;
    }
    RS_SYMBOL(parser_init, "readstat_parser_init");
    RS_SYMBOL(parser_free, "readstat_parser_free");
    RS_SYMBOL(set_metadata_handler, "readstat_set_metadata_handler");
    RS_SYMBOL(set_variable_handler, "readstat_set_variable_handler");
    RS_SYMBOL(set_value_handler, "readstat_set_value_handler");
    RS_SYMBOL(set_value_label_handler, "readstat_set_value_label_handler");
    RS_SYMBOL(set_error_handler, "readstat_set_error_handler");
    RS_SYMBOL(set_row_limit, "readstat_set_row_limit");
    RS_SYMBOL(parse_sav, "readstat_parse_sav");
    RS_SYMBOL(parse_por, "readstat_parse_por");
    RS_SYMBOL(parse_dta, "readstat_parse_dta");
    RS_SYMBOL(error_message, "readstat_error_message");
    RS_SYMBOL(get_row_count, "readstat_get_row_count");
    RS_SYMBOL(get_var_count, "readstat_get_var_count");
    RS_SYMBOL(variable_get_name, "readstat_variable_get_name");
    RS_SYMBOL(variable_get_label, "readstat_variable_get_label");
    RS_SYMBOL(variable_get_type_class, "readstat_variable_get_type_class");
    RS_SYMBOL(variable_get_measure, "readstat_variable_get_measure");
    RS_SYMBOL(variable_get_index, "readstat_variable_get_index");
    RS_SYMBOL(variable_get_missing_ranges_count, "readstat_variable_get_missing_ranges_count");
    RS_SYMBOL(variable_get_missing_range_lo, "readstat_variable_get_missing_range_lo");
    RS_SYMBOL(variable_get_missing_range_hi, "readstat_variable_get_missing_range_hi");
    RS_SYMBOL(value_type_class, "readstat_value_type_class");
    RS_SYMBOL(value_is_system_missing, "readstat_value_is_system_missing");
    RS_SYMBOL(value_is_tagged_missing, "readstat_value_is_tagged_missing");
    RS_SYMBOL(value_is_defined_missing, "readstat_value_is_defined_missing");
    RS_SYMBOL(value_tag, "readstat_value_tag");
    RS_SYMBOL(double_value, "readstat_double_value");
    RS_SYMBOL(string_value, "readstat_string_value");
    rs.handle = handle;
    rs.loaded = 1;
    return 0;
}

/* ---- Callbacks: ReadStat's types in, plain C values out ------------------------------ */

static int on_metadata(rs_metadata_t *m, void *ctx) {
    const rapport_rs_sink *s = ctx;
    return s->metadata(s->context, rs.get_row_count(m), rs.get_var_count(m));
}

#define RS_MAX_RANGES 32

static int on_variable(int index, rs_variable_t *v, const char *labelSet, void *ctx) {
    const rapport_rs_sink *s = ctx;
    double lo[RS_MAX_RANGES], hi[RS_MAX_RANGES];
    int n = 0;
    int isString = rs.variable_get_type_class(v) == RS_TYPE_CLASS_STRING;
    if (!isString) {
        int count = rs.variable_get_missing_ranges_count(v);
        for (int i = 0; i < count && n < RS_MAX_RANGES; i++) {
            rs_value_t a = rs.variable_get_missing_range_lo(v, i);
            rs_value_t b = rs.variable_get_missing_range_hi(v, i);
            if (rs.value_type_class(a) != RS_TYPE_CLASS_NUMERIC) continue;
            lo[n] = rs.double_value(a);
            hi[n] = rs.double_value(b);
            n++;
        }
    }
    const char *label = rs.variable_get_label(v);
    return s->variable(s->context, index, rs.variable_get_name(v), label ? label : "", isString,
                       rs.variable_get_measure(v), labelSet, n, lo, hi);
}

static int on_value(int row, rs_variable_t *v, rs_value_t value, void *ctx) {
    const rapport_rs_sink *s = ctx;
    int variable = rs.variable_get_index(v);
    int isString = rs.value_type_class(value) == RS_TYPE_CLASS_STRING;
    if (rs.value_is_system_missing(value))
        return s->value(s->context, row, variable, RAPPORT_RS_SYSTEM_MISSING, 0, NULL, 0);
    if (rs.value_is_tagged_missing(value))
        return s->value(s->context, row, variable, RAPPORT_RS_TAGGED_MISSING, 0, NULL, rs.value_tag(value));
    int kind = rs.value_is_defined_missing(value, v) ? RAPPORT_RS_USER_MISSING
             : (isString ? RAPPORT_RS_STRING : RAPPORT_RS_NUMBER);
    if (isString) {
        const char *text = rs.string_value(value);
        return s->value(s->context, row, variable, kind, 0, text ? text : "", 0);
    }
    return s->value(s->context, row, variable, kind, rs.double_value(value), NULL, 0);
}

static int on_value_label(const char *labelSet, rs_value_t value, const char *label, void *ctx) {
    const rapport_rs_sink *s = ctx;
    if (rs.value_is_tagged_missing(value))
        return s->valueLabel(s->context, labelSet, RAPPORT_RS_TAGGED_MISSING, 0, NULL, rs.value_tag(value), label);
    if (rs.value_type_class(value) == RS_TYPE_CLASS_STRING) {
        const char *text = rs.string_value(value);
        return s->valueLabel(s->context, labelSet, RAPPORT_RS_STRING, 0, text ? text : "", 0, label);
    }
    return s->valueLabel(s->context, labelSet, RAPPORT_RS_NUMBER, rs.double_value(value), NULL, 0, label);
}

static void on_error(const char *message, void *ctx) {
    const rapport_rs_sink *s = ctx;
    s->error(s->context, message);
}

int rapport_rs_parse(rapport_rs_format format, const char *path, long rowLimit, const rapport_rs_sink *sink) {
    if (!rs.loaded) return 1; /* READSTAT_ERROR_OPEN */
    rs_parser_t *parser = rs.parser_init();
    if (parser == NULL) return 3; /* READSTAT_ERROR_MALLOC */
    rs.set_metadata_handler(parser, on_metadata);
    rs.set_variable_handler(parser, on_variable);
    rs.set_value_handler(parser, on_value);
    rs.set_value_label_handler(parser, on_value_label);
    rs.set_error_handler(parser, on_error);
    if (rowLimit > 0) rs.set_row_limit(parser, rowLimit);
    int result;
    switch (format) {
    case RAPPORT_RS_POR: result = rs.parse_por(parser, path, (void *)sink); break;
    case RAPPORT_RS_DTA: result = rs.parse_dta(parser, path, (void *)sink); break;
    default: result = rs.parse_sav(parser, path, (void *)sink); break;
    }
    rs.parser_free(parser);
    return result;
}

const char *rapport_rs_error_message(int code) {
    if (!rs.loaded) return "ReadStat is not loaded";
    const char *m = rs.error_message(code);
    return m ? m : "unknown error";
}
