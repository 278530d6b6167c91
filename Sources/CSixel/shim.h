// libsixel (apt libsixel-dev); pkg-config adds -I/usr/include/sixel.
#include <sixel.h>
