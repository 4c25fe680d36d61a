/* Reduced from microsoft/AMBROSIA Clients/C/src/ambrosia_client.c @ 85731f96: the fast path
   asked on the up socket before connect() and on the listening socket before bind();
   WSAEOPNOTSUPP is printed and tolerated, any other error printed with fprintf, then abort(). */
#include <stdio.h>
#include <stdlib.h>
#include <WinSock2.h>
#include <mstcpip.h>

void enable_fast_loopback(SOCKET sock) {
  int OptionValue = 1;
  DWORD NumberOfBytesReturned = 0;
  int status = WSAIoctl(sock, SIO_LOOPBACK_FAST_PATH, &OptionValue, sizeof(OptionValue),
                        NULL, 0, &NumberOfBytesReturned, 0, 0);
  if (SOCKET_ERROR == status) {
    DWORD LastError = WSAGetLastError();
    if (WSAEOPNOTSUPP == LastError) {
      printf("WARNING: this platform doesn't support the fast loopback.\n");
    }
    else {
      fprintf(stderr, "\nERROR: Loopback Fastpath WSAIoctl failed with code: %d", LastError);
      abort();
    }
  }
}

void connect_sockets(int* upptr, int* downptr) {
  SOCKET sock;
  if ((sock = socket(AF_INET, SOCK_STREAM, 0)) == INVALID_SOCKET) {
    fprintf(stderr, "ERROR: Could not create socket : %d", WSAGetLastError());
    abort();
  }
  enable_fast_loopback(sock);
  struct sockaddr_in addr;
  if (connect(sock, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
    abort();
  }
  *upptr = sock;

  SOCKET tempsock;
  if ((tempsock = socket(AF_INET, SOCK_STREAM, 0)) == INVALID_SOCKET) {
    abort();
  }
  enable_fast_loopback(tempsock);
  if (bind(tempsock, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR) {
    abort();
  }
  if (listen(tempsock, 5) == SOCKET_ERROR) {
    abort();
  }
  SOCKET new_socket = accept(tempsock, NULL, NULL);
  *downptr = new_socket;
}
