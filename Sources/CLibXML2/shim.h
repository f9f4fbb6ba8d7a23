#ifndef RAPPORT_CLIBXML2_SHIM_H
#define RAPPORT_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* Foundation on Linux carries its own ICU (_FoundationICU). libxml2's encoding.h would pull
   the system ICU headers in, and the two `UErrorCode` enums then clash in any Swift module
   that imports both Foundation and this one (seen on clean builds only). Rapport never uses
   libxml2's ICU converters (it reads UTF-8 only, and only through pointers), so hide them. */
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlversion.h>

/// `xmlFree` is a mutable C global in libxml2 2.9; Swift 6 refuses to read it.
static inline void rapport_xmlFree(void *ptr) { xmlFree(ptr); }

#endif
