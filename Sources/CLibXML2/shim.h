#ifndef RAPPORT_CLIBXML2_SHIM_H
#define RAPPORT_CLIBXML2_SHIM_H

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
