/* The list of tests of this test program, as Wine's build generates it for dlls/ws2_32/tests. */
#define STANDALONE
#include "wine/test.h"

extern void func_loopback_fast_path(void);

const struct test winetest_testlist[] =
{
    { "loopback_fast_path", func_loopback_fast_path },
    { 0, 0 }
};
