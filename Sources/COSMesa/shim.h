// OSMesa exports the core-profile GL entry points itself, so declaring the
// prototypes is enough: no loader, no display, no GPU. <GL/gl.h> (pulled in
// by osmesa.h) includes <GL/glext.h>, which declares everything past GL 1.1.
#define GL_GLEXT_PROTOTYPES 1
#include <GL/osmesa.h>
