// The declaration of libFuzzer's driver is all this target holds (see the header).
#include "CFuzzerDriver.h"
