#ifndef CANNOTAXML2_SHIM_H
#define CANNOTAXML2_SHIM_H
/* libxml2 for Swift: xmlFree is a global function pointer, so call it from C. */
/* Debian's libxml2 is built with ICU, and its encoding.h then includes the system's ICU headers,
   whose UErrorCode clashes with the copy inside Foundation (_FoundationICU) in any module that sees
   both. Annota uses no ICU-specific libxml2 API, so the ICU part of the headers is switched off. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

static inline void cannotaxml2_free(void *p) { xmlFree(p); }
static inline const char *cannotaxml2_version(void) { return LIBXML_DOTTED_VERSION; }
#endif
