#ifndef CANNOTAXML2_SHIM_H
#define CANNOTAXML2_SHIM_H
/* libxml2 for Swift: xmlFree is a global function pointer, so call it from C. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

static inline void cannotaxml2_free(void *p) { xmlFree(p); }
static inline const char *cannotaxml2_version(void) { return LIBXML_DOTTED_VERSION; }
#endif
