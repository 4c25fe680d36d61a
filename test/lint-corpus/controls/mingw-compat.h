/* Control (no call). Reduction of a single-header networking library's MinGW
 * compatibility block (search index; repository not resolved, see README.md). */
#ifdef _WIN32
#include <WinSock2.h>
#include <mstcpip.h>
#ifdef __MINGW32__
    #ifndef SIO_LOOPBACK_FAST_PATH
        #define SIO_LOOPBACK_FAST_PATH _WSAIOW(IOC_VENDOR,16)
    #endif
#endif
#endif
